import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import { NetworkError } from '@/api/transport'
import { useAuth } from '@/auth/AuthProvider'
import { Failure, Loading } from '@/components/PageState/PageState'
import { HOME_PATH, SIGN_IN_PATH, type Access } from './routes'

/** Sends a person to sign-in, or away from it, as the route's access asks. */
export function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const { state, resume } = useAuth()
  const location = useLocation()

  if (state.status === 'restoring') return <Loading />
  if (state.status === 'unreachable') {
    return <Failure error={new NetworkError('Cannot resume the session')} onRetry={resume} />
  }
  // Offline with a stored session: the person works from the saved data until the server is back.
  const member = state.status === 'signedIn' || state.status === 'offline'
  if (access === 'member' && !member) {
    // After an expired session, come back here; after signing out, start from home.
    const from = state.reason === 'signedOut' ? undefined : { from: location.pathname }
    return <Navigate to={SIGN_IN_PATH} replace state={from} />
  }
  if (access === 'guest' && member) {
    return <Navigate to={returnPath(location.state)} replace />
  }
  return children
}

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from
  return typeof from === 'string' && from.startsWith('/') && from !== SIGN_IN_PATH ? from : HOME_PATH
}
