import type { Client } from '@urql/core'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Provider } from 'urql'
import { useAuth } from '@/auth/AuthProvider'
import { Loading } from '@/components/PageState/PageState'
import { createClient, persistentStorage } from './client'

/** Reading the saved cache takes milliseconds; past this, start without waiting for it. */
const HYDRATION_WAIT_MS = 1500

/** Whose data the persisted cache holds (an id, no secret). */
const OWNER_KEY = 'quancheng.cacheOwner'

function owner(): string | null {
  try {
    return localStorage.getItem(OWNER_KEY)
  } catch {
    return null
  }
}

function setOwner(userId: string | null): void {
  try {
    if (userId) localStorage.setItem(OWNER_KEY, userId)
    else localStorage.removeItem(OWNER_KEY)
  } catch {
    // Private mode: the cache is then cleared at every sign-in, which is safe.
  }
}

/**
 * The GraphQL client of the person signed in (or working offline): a new cache for each
 * person. The saved cache is emptied when they sign out, or when someone else signs in.
 */
export function ClientProvider({ children }: { children: ReactNode }) {
  const { session, user, state } = useAuth()
  const userId = user?.id ?? null
  const [client, setClient] = useState<{ userId: string; client: Client } | null>(null)
  const signedOut = state.status === 'signedOut' && state.reason === 'signedOut'
  const lastUser = useRef<string | null>(null)

  useEffect(() => {
    if (!userId) return
    let current = true
    // Queries asked before the saved cache is read would be asked twice (once more after it).
    let hydrated: () => void = () => undefined
    const read = new Promise<void>((resolve) => {
      hydrated = resolve
      setTimeout(resolve, HYDRATION_WAIT_MS)
    })
    const storage = persistentStorage(() => hydrated())
    const cleared = owner() === userId || !storage ? Promise.resolve() : storage.clear()
    void Promise.resolve(cleared)
      .catch(() => undefined)
      .then(async () => {
        if (!current) return
        setOwner(userId)
        lastUser.current = userId
        const client = createClient({ session, storage })
        if (storage) await read
        if (current) setClient({ userId, client })
      })
    return () => {
      current = false
    }
  }, [userId, session])

  useEffect(() => {
    if (!signedOut || !lastUser.current) return
    lastUser.current = null
    setClient(null)
    setOwner(null)
    void persistentStorage()?.clear()
  }, [signedOut])

  if (!userId) return children
  if (!client || client.userId !== userId) return <Loading />
  return <Provider value={client.client}>{children}</Provider>
}
