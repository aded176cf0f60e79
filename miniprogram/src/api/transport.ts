import { config } from '../config'
import type { Document } from './document'

export interface GraphQLErrorEntry {
  message: string
  extensions?: { code?: string }
}

/** No answer (offline, timeout, DNS): the operation may be tried again. */
export class NetworkError extends Error {
  override name = 'NetworkError'
}

/** The server answered with errors (UNAUTHENTICATED, FORBIDDEN, PERSISTED_QUERY_NOT_FOUND, ...). */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError'
  readonly code: string | undefined

  constructor(readonly errors: GraphQLErrorEntry[]) {
    super(errors.map((error) => error.message).join('; '))
    this.code = errors[0]?.extensions?.code
  }
}

export interface Answer<T> {
  data: T
  /** The server's clock (Date header), to read token expiry times through. */
  serverDate: number | null
}

/**
 * Sends a registered operation by its id (trusted documents: production runs nothing else) and
 * returns its data; a 4xx/5xx without a GraphQL answer is a GraphQLRequestError with the status.
 */
export function send<R, V>(
  document: Document<R, V>,
  variables: V,
  headers: Record<string, string>,
): Promise<Answer<R>> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.apiBaseUrl}/graphql`,
      method: 'POST',
      header: { 'content-type': 'application/json', ...headers },
      data: { documentId: document.id, operationName: document.name, variables },
      success(response) {
        const body = response.data as { data?: R; errors?: GraphQLErrorEntry[] } | string
        const header = response.header as Record<string, string>
        const date = Date.parse(header.Date ?? header.date ?? '')
        if (typeof body === 'object' && body !== null && body.errors?.length) {
          reject(new GraphQLRequestError(body.errors))
        } else if (typeof body === 'object' && body !== null && body.data && response.statusCode < 400) {
          resolve({ data: body.data, serverDate: Number.isFinite(date) ? date : null })
        } else {
          const message = typeof body === 'string' ? body : JSON.stringify(body)
          reject(new GraphQLRequestError([{ message, extensions: { code: `HTTP_${response.statusCode}` } }]))
        }
      },
      fail(error) {
        reject(new NetworkError(error.errMsg))
      },
    })
  })
}
