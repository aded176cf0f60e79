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

export function fetchTransport(endpoint = '/graphql'): Transport {
  return async <T>({ query, variables, headers }: GraphQLRequest) => {
    let response: Response
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
        credentials: 'omit',
      })
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
