import { afterEach, describe, expect, it, vi } from 'vitest'
import { documentId, fetchTransport } from './transport'

const QUERY = 'query Probe { __typename }'

function answer(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json' } })
}

describe('trusted documents', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('names an operation by the sha256 of its exact text', async () => {
    // the same digest the server computes (python: hashlib.sha256(text.encode()).hexdigest())
    expect(await documentId(QUERY)).toBe('sha256:3726323d7ce89d174b61ad0d724062fefb5527cc0995ecd805c1e2bf92594131')
  })

  it('sends the id, not the text', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => answer(200, '{"data":{"__typename":"Query"}}'))
    vi.stubGlobal('fetch', fetchMock)
    const result = await fetchTransport()({ query: QUERY, headers: {} })
    expect(result.body.data).toEqual({ __typename: 'Query' })
    const sent = JSON.parse((fetchMock.mock.calls[0]?.[1] as RequestInit).body as string)
    expect(sent).toEqual({ documentId: await documentId(QUERY) })
  })

  it('sends the text once when the server does not know the id', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(answer(400, '{"errors":[{"message":"PERSISTED_QUERY_NOT_FOUND"}]}'))
      .mockResolvedValueOnce(answer(200, '{"data":{"__typename":"Query"}}'))
    vi.stubGlobal('fetch', fetchMock)
    const result = await fetchTransport()({ query: QUERY, variables: { a: 1 }, headers: {} })
    expect(result.body.data).toEqual({ __typename: 'Query' })
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(JSON.parse((fetchMock.mock.calls[1]?.[1] as RequestInit).body as string)).toEqual({ query: QUERY, variables: { a: 1 } })
  })
})
