/** The smallest GraphQL client the app needs: one POST per operation, JSON in and out. */

export interface GraphQLErrorItem {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: { code?: string } & Record<string, unknown>
}

export interface GraphQLResponse<T> {
  data?: T | null
  errors?: GraphQLErrorItem[]
}

export interface GraphQLRequest {
  query: string
  variables?: Record<string, unknown>
  headers: Record<string, string>
}

export interface TransportResult<T> {
  body: GraphQLResponse<T>
  /** The server's clock (HTTP Date header, epoch ms), used to read its expiry times. */
  serverDate: number | null
}

export type Transport = <T>(request: GraphQLRequest) => Promise<TransportResult<T>>

/** The server could not be reached or did not answer with GraphQL. */
export class NetworkError extends Error {
  override name = 'NetworkError'
}

/** The server answered with GraphQL errors; `code` is `errors[0].extensions.code`. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError'
  readonly code: string | undefined

  constructor(readonly errors: GraphQLErrorItem[]) {
    super(errors[0]?.message ?? 'GraphQL error')
    this.code = errors[0]?.extensions?.code
  }
}

/** "sha256:<hex>" of an operation's exact text: its id among the server's trusted documents. */
export async function documentId(query: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null // not a secure context: send the text
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(query))
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
  return `sha256:${hex}`
}

const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND'

/**
 * Sends the operation's id (registered at build time, see scripts/persisted-operations.mjs);
 * only if the server does not know it, sends the text once (development servers accept that,
 * production ones do not).
 */
export function fetchTransport(endpoint = '/graphql'): Transport {
  return async <T>({ query, variables, headers }: GraphQLRequest) => {
    const id = await documentId(query)
    const post = (body: Record<string, unknown>) =>
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        credentials: 'omit',
      })
    let response: Response
    try {
      response = await post(id ? { documentId: id, variables } : { query, variables })
      if (id && response.status === 400 && (await response.clone().text()).includes(PERSISTED_QUERY_NOT_FOUND)) {
        response = await post({ query, variables })
      }
    } catch (cause) {
      throw new NetworkError('The server could not be reached', { cause })
    }
    let body: GraphQLResponse<T>
    try {
      body = (await response.json()) as GraphQLResponse<T>
    } catch (cause) {
      throw new NetworkError(`Not a GraphQL answer (HTTP ${response.status})`, { cause })
    }
    const date = response.headers.get('date')
    const serverDate = date ? Date.parse(date) : NaN
    return { body, serverDate: Number.isNaN(serverDate) ? null : serverDate }
  }
}
