import { pipe, subscribe } from 'wonka'
import { describe, expect, it } from 'vitest'
import { createClient } from './client'
import { TransferDocument } from './generated/actions'
import { InboxDocument } from './generated/inbox'
import { GraphQLRequestError, NetworkError } from './transport'

const INBOX = {
  myNotifications: {
    __typename: 'NotificationViewConnection',
    totalCount: 0,
    edges: [],
    pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
  },
}

function recordingSession(answer: (query: string) => unknown) {
  const sent: string[] = []
  const session = {
    request: async <T,>(query: string): Promise<T> => {
      sent.push(query)
      await new Promise((resolve) => setTimeout(resolve, 5))
      const value = answer(query)
      if (value instanceof Error) throw value
      return value as T
    },
  }
  return { sent, session }
}

describe('sessionExchange', () => {
  it('sends a query once when it is asked again while on its way (render, then subscribe)', async () => {
    // given
    const { sent, session } = recordingSession(() => INBOX)
    const client = createClient({ session })
    // when: React reads a snapshot, lets go, and subscribes
    pipe(client.query(InboxDocument, { first: 20 }), subscribe(() => undefined)).unsubscribe()
    const result = await client.query(InboxDocument, { first: 20 }).toPromise()
    // then
    expect(sent).toHaveLength(1)
    expect(result.data?.myNotifications.totalCount).toBe(0)
  })

  it('never shares a mutation', async () => {
    const { sent, session } = recordingSession(() => ({ transfer: { __typename: 'ActionDone', state: null } }))
    const client = createClient({ session })
    const input = (key: string) => ({ idempotencyKey: key, taskId: 't', toUserId: 'u' })
    await Promise.all([
      client.mutation(TransferDocument, { input: input('k1') }).toPromise(),
      client.mutation(TransferDocument, { input: input('k2') }).toPromise(),
    ])
    expect(sent).toHaveLength(2)
  })

  it('gives GraphQL errors as such, and a failed network as a network error (the cache answers offline)', async () => {
    const { session } = recordingSession((query) =>
      query.includes('Inbox')
        ? new GraphQLRequestError([{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }])
        : new NetworkError('offline'),
    )
    const client = createClient({ session })
    const refused = await client.query(InboxDocument, { first: 20 }).toPromise()
    expect(refused.error?.graphQLErrors[0]?.extensions.code).toBe('FORBIDDEN')
    const offline = await client.mutation(TransferDocument, { input: { idempotencyKey: 'k', taskId: 't', toUserId: 'u' } }).toPromise()
    expect(offline.error?.networkError).toBeInstanceOf(NetworkError)
  })
})
