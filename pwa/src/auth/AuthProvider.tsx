import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { BindExternalInput, LoginInput, User } from '@/api/documents'
import { NetworkError, fetchTransport } from '@/api/transport'
import { useI18n } from '@/i18n/I18nProvider'
import { deviceLabel } from './device'
import { PROFILE_KEY, indexedDbStorage, indexedDbValue, type StoredValue } from './idbStorage'
import {
  Session,
  SessionEndedError,
  type ExternalSignInResult,
  type LoginResult,
  type SessionEndReason,
} from './session'
import { MemoryRefreshTokenStorage, TokenStore } from './tokenStore'

export type AuthState =
  | { status: 'restoring' }
  /** A session is stored but could not be resumed just now, and nothing is known to show offline. */
  | { status: 'unreachable' }
  /** A session is stored, the server cannot be reached: the person works from the saved data. */
  | { status: 'offline'; user: User }
  | { status: 'signedOut'; reason: SessionEndReason | null }
  | { status: 'signedIn'; user: User }

export interface Auth {
  state: AuthState
  /** The person, signed in or working offline. */
  user: User | null
  session: Session
  login: (input: Omit<LoginInput, 'device'>) => Promise<LoginResult>
  dingtalkSignIn: (code: string) => Promise<ExternalSignInResult>
  bindExternalAccount: (input: Omit<BindExternalInput, 'device'>) => Promise<LoginResult>
  logout: () => Promise<void>
  resume: () => void
}

const AuthContext = createContext<Auth | null>(null)
/** For tests of screens: a given sign-in state without the session machinery. */
export const AuthContextProvider = AuthContext.Provider

/** Tells the other tabs of the app that this one signed in or out. */
const TABS_CHANNEL = 'quancheng.session'
type TabMessage = 'signedIn' | 'signedOut'

/** How often an offline app tries to get its session back (also on the `online` event). */
const OFFLINE_RETRY_MS = 20_000

/** A value read outside rendering (by the session, at each request) as of the latest render. */
class Latest<T> {
  constructor(private value: T) {}
  readonly get = (): T => this.value
  set(value: T): void {
    this.value = value
  }
}

function isUser(value: unknown): value is User {
  const user = value as Partial<User> | null
  return typeof user === 'object' && user !== null && typeof user.id === 'string' && typeof user.displayName === 'string'
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const { language } = useI18n()
  // The session asks for the language at each request: it reads the one of the latest render.
  const [languageNow] = useState(() => new Latest(language))
  useLayoutEffect(() => languageNow.set(language), [languageNow, language])

  const [session] = useState(
    () =>
      new Session({
        store: new TokenStore(
          typeof indexedDB === 'undefined' ? new MemoryRefreshTokenStorage() : indexedDbStorage(),
        ),
        transport: fetchTransport(),
        language: languageNow.get,
      }),
  )
  const [profile] = useState<StoredValue<User> | null>(() =>
    typeof indexedDB === 'undefined' ? null : indexedDbValue<User>(PROFILE_KEY),
  )
  const [state, setState] = useState<AuthState>({ status: 'restoring' })
  const stateRef = useRef(state)
  useLayoutEffect(() => {
    stateRef.current = state
  }, [state])
  const tabsRef = useRef<BroadcastChannel | null>(null)

  const signedIn = useCallback(
    (user: User) => {
      setState({ status: 'signedIn', user })
      void profile?.write(user).catch(() => undefined)
    },
    [profile],
  )

  // Resumes a stored session, if any; the state is 'restoring' meanwhile.
  const restore = useCallback(() => {
    session
      .hasStoredSession()
      .then((stored) => (stored ? session.refresh() : null))
      .then(
        (user) => (user ? signedIn(user) : setState({ status: 'signedOut', reason: null })),
        async (error: unknown) => {
          // A refused token has already ended the session, through onEnd.
          if (error instanceof SessionEndedError) return
          // Offline, rate-limited or failing: the token is kept and the person can retry.
          if (!(error instanceof NetworkError)) console.error('The session could not be resumed', error)
          const known = await profile?.read().catch(() => null)
          setState(isUser(known) ? { status: 'offline', user: known } : { status: 'unreachable' })
        },
      )
  }, [session, profile, signedIn])

  const resume = useCallback(() => {
    setState({ status: 'restoring' })
    restore()
  }, [restore])

  useEffect(() => {
    const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(TABS_CHANNEL)
    tabsRef.current = tabs
    let relaying = false
    const stopListening = session.onEnd((reason) => {
      setState({ status: 'signedOut', reason })
      void profile?.remove().catch(() => undefined)
      if (reason === 'signedOut' && !relaying) tabs?.postMessage('signedOut' satisfies TabMessage)
    })
    // Any renewal (a request, the outbox) while offline means the server is back.
    const stopRenewals = session.onRenewed((user) => {
      if (stateRef.current.status === 'offline') signedIn(user)
    })
    if (tabs) {
      tabs.onmessage = ({ data }: MessageEvent<TabMessage>) => {
        if (data === 'signedIn') {
          if (stateRef.current.status === 'signedOut') resume()
          return
        }
        relaying = true
        void session.end('signedOut')
        relaying = false
      }
    }
    // The state starts as 'restoring'.
    restore()
    return () => {
      stopListening()
      stopRenewals()
      tabs?.close()
    }
  }, [session, profile, restore, resume, signedIn])

  // Offline: try quietly to get the session back, without leaving the screen the person is on.
  const offline = state.status === 'offline'
  useEffect(() => {
    if (!offline) return
    const retry = () => void session.refresh().catch(() => undefined)
    const timer = setInterval(retry, OFFLINE_RETRY_MS)
    window.addEventListener('online', retry)
    return () => {
      clearInterval(timer)
      window.removeEventListener('online', retry)
    }
  }, [offline, session])

  const afterSignIn = useCallback(
    <R extends { ok: boolean }>(result: R & ({ ok: true; user: User } | { ok: false })): R => {
      if (result.ok) {
        signedIn(result.user)
        tabsRef.current?.postMessage('signedIn' satisfies TabMessage)
      }
      return result
    },
    [signedIn],
  )

  const device = () => deviceLabel(navigator.userAgent)

  const login = useCallback(
    async (input: Omit<LoginInput, 'device'>) => afterSignIn(await session.login({ ...input, device: device() })),
    [session, afterSignIn],
  )

  const dingtalkSignIn = useCallback(
    async (code: string) => afterSignIn(await session.dingtalkSignIn({ code, device: device() })),
    [session, afterSignIn],
  )

  const bindExternalAccount = useCallback(
    async (input: Omit<BindExternalInput, 'device'>) =>
      afterSignIn(await session.bindExternalAccount({ ...input, device: device() })),
    [session, afterSignIn],
  )

  const logout = useCallback(() => session.logout(), [session])

  const user = state.status === 'signedIn' || state.status === 'offline' ? state.user : null
  const value = useMemo(
    () => ({ state, user, session, login, dingtalkSignIn, bindExternalAccount, logout, resume }),
    [state, user, session, login, dingtalkSignIn, bindExternalAccount, logout, resume],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

/** The signed-in person where a screen can do without one (a form shown in a test of its own). */
export function useSignedInUser(): User | null {
  return useContext(AuthContext)?.user ?? null
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext)
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>')
  return auth
}
