/** After a decision, the next to-do of the same center: the approver goes straight on. */
import type { Client } from 'urql'
import type { CenterKind } from '@/api/documents'
import { MoreTodosDocument, type TodoRowFragment } from '@/api/generated/home'

/**
 * The first open to-do of the center other than those just decided (or waiting in the outbox);
 * asked of the server, else of what the cache holds (offline), null when there is none.
 */
export async function nextTodo(client: Client, kind: CenterKind, skip: ReadonlySet<string>): Promise<TodoRowFragment | null> {
  const variables = { kind, first: 20 }
  let result = await client.query(MoreTodosDocument, variables, { requestPolicy: 'network-only' }).toPromise()
  if (!result.data) result = await client.query(MoreTodosDocument, variables, { requestPolicy: 'cache-only' }).toPromise()
  const edges = result.data?.center?.todos.edges ?? []
  return edges.map((edge) => edge.node).find((todo) => !skip.has(todo.id)) ?? null
}
