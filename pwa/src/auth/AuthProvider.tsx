import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { LoginInput, User } from '@/api/documents'
import { NetworkError, fetchTransport } from '@/api/transport'
import { useI18n } from '@/i18n/I18nProvider'
import { deviceLabel } from './device'
import { indexedDbStorage } from './idbStorage'
import { Session, SessionEndedError, type LoginResult, type SessionEndReason } from './session'
import { MemoryRefreshTokenStorage, TokenStore } from './tokenStore'

export type AuthState =
  | { status: 'restoring' }
  /** A session is stored but could not be resumed just now (offline, most often). */
  | { status: 'unreachable' }
  | { status: 'signedOut'; reason: SessionEndReason | null }
  | { status: 'signedIn'; user: User }

interface Auth {
  state: AuthState
  session: Session
  login: (input: Omit<LoginInput, 'device'>) => Promise<LoginResult>
  logout: () => Promise<void>
  resume: () => void
}

const AuthContext = createContext<Auth | null>(null)

/** Tells the other tabs of the app that this one signed in or out. */
const TABS_CHANNEL = 'quancheng.session'
type TabMessage = 'signedIn' | 'signedOut'

export function AuthProvider({ children }: { children: ReactNode }) {
  const { language } = useI18n()
  const languageRef = useRef(language)
  languageRef.current = language

  const [session] = useState(
    () =>
      new Session({
        store: new TokenStore(
          typeof indexedDB === 'undefined' ? new MemoryRefreshTokenStorage() : indexedDbStorage(),
        ),
        transport: fetchTransport(),
        language: () => languageRef.current,
      }),
  )
  const [state, setState] = useState<AuthState>({ status: 'restoring' })
  const stateRef = useRef(state)
  stateRef.current = state
  const tabsRef = useRef<BroadcastChannel | null>(null)

  const resume = useCallback(() => {
    setState({ status: 'restoring' })
    session
      .hasStoredSession()
      .then((stored) => (stored ? session.refresh() : null))
      .then(
        (user) => setState(user ? { status: 'signedIn', user } : { status: 'signedOut', reason: null }),
        (error: unknown) => {
          // A refused token has already ended the session, through onEnd.
          if (error instanceof SessionEndedError) return
          // Offline, rate-limited or failing: the token is kept and the person can retry.
          if (!(error instanceof NetworkError)) console.error('The session could not be resumed', error)
          setState({ status: 'unreachable' })
        },
      )
  }, [session])

  useEffect(() => {
    const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(TABS_CHANNEL)
    tabsRef.current = tabs
    let relaying = false
    const stopListening = session.onEnd((reason) => {
      setState({ status: 'signedOut', reason })
      if (reason === 'signedOut' && !relaying) tabs?.postMessage('signedOut' satisfies TabMessage)
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
    resume()
    return () => {
      stopListening()
      tabs?.close()
    }
  }, [session, resume])

  const login = useCallback(
    async (input: Omit<LoginInput, 'device'>) => {
      const result = await session.login({ ...input, device: deviceLabel(navigator.userAgent) })
      if (result.ok) {
        setState({ status: 'signedIn', user: result.user })
        tabsRef.current?.postMessage('signedIn' satisfies TabMessage)
      }
      return result
    },
    [session],
  )

  const logout = useCallback(() => session.logout(), [session])

  const value = useMemo(
    () => ({ state, session, login, logout, resume }),
    [state, session, login, logout, resume],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext)
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>')
  return auth
}
