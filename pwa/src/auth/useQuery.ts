import { useCallback, useEffect, useState } from 'react'
import { useAuth } from './AuthProvider'
import { SessionEndedError } from './session'

export interface QueryState<T> {
  data: T | null
  error: Error | null
  loading: boolean
  reload: () => void
}

/**
 * Runs a query as the signed-in user whenever the query or its variables change. A session
 * that ends is not shown as an error here: the app goes back to sign-in by itself.
 */
export function useQuery<T>(query: string, variables?: Record<string, unknown>): QueryState<T> {
  const { session } = useAuth()
  const [result, setResult] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  })
  const [attempt, setAttempt] = useState(0)
  const variablesKey = JSON.stringify(variables ?? {})

  useEffect(() => {
    let current = true
    setResult((previous) => ({ ...previous, error: null, loading: true }))
    session.request<T>(query, JSON.parse(variablesKey) as Record<string, unknown>).then(
      (data) => current && setResult({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!current || error instanceof SessionEndedError) return
        setResult({ data: null, error: toError(error), loading: false })
      },
    )
    return () => {
      current = false
    }
  }, [session, query, variablesKey, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { ...result, reload }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}
