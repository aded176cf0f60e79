import { Kind, Lexer, Source, TokenKind, parse, validate, type DocumentNode, type SelectionSetNode } from 'graphql'
import { describe, expect, it, vi } from 'vitest'
import { collectOperations, documentId } from '../../scripts/operations.mjs'
import { loadSchema } from '../../scripts/schema.mjs'
import { createClient } from './client'
import * as actions from './generated/actions'
import * as home from './generated/home'
import * as inbox from './generated/inbox'
import * as project from './generated/project'
import * as settings from './generated/settings'
import * as sheet from './generated/sheet'
import * as stats from './generated/stats'
import * as todo from './generated/todo'
import { operationText } from './operationText'

// The server's limits (api/settings.py): max_query_depth, max_tokens.
const MAX_DEPTH = 10
const MAX_TOKENS = 2000

const GENERATED = [actions, home, inbox, project, settings, sheet, stats, todo]

function operationDocuments(): DocumentNode[] {
  return GENERATED.flatMap((module) => Object.values(module)).filter(
    (value): value is DocumentNode =>
      typeof value === 'object' &&
      value !== null &&
      (value as DocumentNode).kind === Kind.DOCUMENT &&
      (value as DocumentNode).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION),
  )
}

function tokens(text: string): number {
  const lexer = new Lexer(new Source(text))
  let count = 0
  while (lexer.advance().kind !== TokenKind.EOF) count++
  return count
}

function depth(selectionSet: SelectionSetNode | undefined, fragments: Map<string, SelectionSetNode>): number {
  if (!selectionSet) return 0
  return Math.max(
    0,
    ...selectionSet.selections.map((selection) => {
      if (selection.kind === Kind.FIELD) return selection.selectionSet ? 1 + depth(selection.selectionSet, fragments) : 0
      if (selection.kind === Kind.INLINE_FRAGMENT) return depth(selection.selectionSet, fragments)
      return depth(fragments.get(selection.name.value), fragments)
    }),
  )
}

describe('trusted documents', () => {
  it('registers every operation the client sends, as the exact text it sends', async () => {
    // given a client over a session that records what it is asked to send (answers are empty)
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const sent: string[] = []
    const client = createClient({
      session: {
        request: async <T,>(query: string) => {
          sent.push(query)
          return {} as T
        },
      },
    })
    // when every generated operation is run
    const documents = operationDocuments()
    for (const document of documents) {
      const kind = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
      if (kind?.kind === Kind.OPERATION_DEFINITION && kind.operation === 'mutation') {
        await client.mutation(document, { input: {} }).toPromise()
      } else {
        await client.query(document, {}, { requestPolicy: 'network-only' }).toPromise()
      }
    }
    // then
    const registry = await collectOperations()
    expect(sent).toHaveLength(documents.length)
    for (const text of sent) expect(registry[documentId(text)], text).toBe(text)
    expect(new Set(sent)).toEqual(new Set(documents.map(operationText)))
    vi.restoreAllMocks()
  })

  it('registers the acknowledgement the service worker sends, as the server expects it', async () => {
    const registry = await collectOperations()
    expect(Object.values(registry)).toContain(
      'mutation AcknowledgeNotification($receipt: String!) { acknowledgeNotification(receipt: $receipt) }',
    )
  })

  it('registers only operations that are valid against the schema and within the server limits', async () => {
    const { schema } = loadSchema()
    const registry = await collectOperations()
    for (const text of Object.values(registry)) {
      const document = parse(text)
      expect(validate(schema, document).map((error) => error.message), text).toEqual([])
      expect(tokens(text), text).toBeLessThanOrEqual(MAX_TOKENS)
      const fragments = new Map(
        document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet]] : [])),
      )
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) {
          expect(depth(definition.selectionSet, fragments), text).toBeLessThanOrEqual(MAX_DEPTH)
        }
      }
    }
  })
})
