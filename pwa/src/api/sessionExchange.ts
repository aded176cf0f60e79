import {
  makeErrorResult,
  makeResult,
  stringifyDocument,
  type Exchange,
  type Operation,
  type OperationResult,
} from '@urql/core'
import { filter, fromPromise, merge, mergeMap, pipe, share, takeUntil } from 'wonka'
import { GraphQLRequestError } from './transport'

/** What the exchange needs of the session: an operation run as the signed-in user. */
export interface SessionRequester {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>
}

/**
 * The last exchange: sends queries and mutations through the session, so that every request
 * carries a valid access token (renewed once for all, see auth/session.ts) and goes out as a
 * trusted document id (api/transport.ts). Subscriptions are passed on.
 *
 * A query asked again while the same one is on its way (React asks once to render, once to
 * subscribe) shares that request: a request cannot be taken back once sent.
 */
export function sessionExchange(session: SessionRequester): Exchange {
  const inFlight = new Map<number, Promise<OperationResult>>()
  const sendOnce = (operation: Operation): Promise<OperationResult> => {
    if (operation.kind !== 'query') return send(session, operation)
    let request = inFlight.get(operation.key)
    if (!request) {
      request = send(session, operation).finally(() => inFlight.delete(operation.key))
      inFlight.set(operation.key, request)
    }
    // The result belongs to this operation (its context, its policy), not the first one.
    return request.then((result) => ({ ...result, operation }))
  }
  return ({ forward }) =>
    (operations$) => {
      const shared = pipe(operations$, share)
      const sent = pipe(
        shared,
        filter((operation) => operation.kind === 'query' || operation.kind === 'mutation'),
        mergeMap((operation) => {
          const torndown = pipe(
            shared,
            filter((other) => other.kind === 'teardown' && other.key === operation.key),
          )
          return pipe(fromPromise(sendOnce(operation)), takeUntil(torndown))
        }),
      )
      const passed = pipe(
        shared,
        filter((operation) => operation.kind !== 'query' && operation.kind !== 'mutation'),
        forward,
      )
      return merge([sent, passed])
    }
}

async function send(session: SessionRequester, operation: Operation): Promise<OperationResult> {
  try {
    const data = await session.request<unknown>(
      stringifyDocument(operation.query),
      operation.variables as Record<string, unknown> | undefined,
    )
    return makeResult(operation, { data: data as Record<string, unknown> })
  } catch (error) {
    if (error instanceof GraphQLRequestError) return makeResult(operation, { data: null, errors: error.errors })
    // NetworkError (offline: the cache answers instead), SessionEndedError (back to sign-in).
    return makeErrorResult(operation, error instanceof Error ? error : new Error(String(error)))
  }
}
