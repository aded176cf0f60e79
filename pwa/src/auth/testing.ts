import type { AuthError, AuthPayload } from '@/api/documents'
import { NetworkError, type GraphQLRequest, type GraphQLResponse, type Transport } from '@/api/transport'

/** Test doubles for the session: a scripted GraphQL server and a browser-wide lock. */

export interface Call {
  operation: string
  variables: Record<string, unknown> | undefined
  headers: Record<string, string>
}

type Answer = GraphQLResponse<unknown> | NetworkError
export type Handler = (call: Call) => Answer | Promise<Answer>

/** A transport that records every call and answers through `handler`. */
export function scriptedTransport(handler: Handler, serverDate: () => number | null = () => null) {
  const calls: Call[] = []
  const transport: Transport = async <T>(request: GraphQLRequest) => {
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(request.query)?.[1] ?? '?'
    const call = { operation, variables: request.variables, headers: request.headers }
    calls.push(call)
    await Promise.resolve()
    const answer = await handler(call)
    if (answer instanceof NetworkError) throw answer
    return { body: answer as GraphQLResponse<T>, serverDate: serverDate() }
  }
  const count = (operation: string) => calls.filter((c) => c.operation === operation).length
  return { transport, calls, count }
}

export const T0 = Date.parse('2026-03-01T08:00:00Z')
export const MINUTE = 60_000

/** The n-th token pair the server hands out, valid from `issuedAt`. */
export function authPayload(n: number, issuedAt = T0, accessMinutes = 15): AuthPayload {
  return {
    __typename: 'AuthPayload',
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(issuedAt + accessMinutes * MINUTE).toISOString(),
    refreshToken: `refresh-${n}`,
    refreshTokenExpiresAt: new Date(issuedAt + 30 * 24 * 60 * MINUTE).toISOString(),
    user: {
      id: '7',
      username: 'builder',
      displayName: '王建设',
      locale: 'zh-CN',
      organisation: { id: '3', name: '市交通运输局', kind: 'BUILDER' },
    },
  }
}

export function authError(code: AuthError['code'], message: string = code): AuthError {
  return { __typename: 'AuthError', code, message, field: null }
}

export const unauthenticated: GraphQLResponse<unknown> = {
  data: null,
  errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }],
}

/** A lock that lets one task run at a time, like navigator.locks in one browser. */
export function mutexLock() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(_name: string, task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
}
