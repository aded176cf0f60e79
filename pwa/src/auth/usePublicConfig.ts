import { useEffect, useState } from 'react'
import { PUBLIC_CONFIG, type PublicConfig, type PublicConfigData } from '@/api/documents'
import { useAuth } from './AuthProvider'

let cached: Promise<PublicConfig> | null = null

/** The server's public settings (VAPID key, DingTalk corpId), asked once per page load; no sign-in needed. */
export function usePublicConfig(): { config: PublicConfig | null; error: unknown } {
  const { session } = useAuth()
  const [state, setState] = useState<{ config: PublicConfig | null; error: unknown }>({ config: null, error: null })
  useEffect(() => {
    let current = true
    cached ??= session.requestPublic<PublicConfigData>(PUBLIC_CONFIG).then((data) => data.publicConfig)
    cached.then(
      (config) => current && setState({ config, error: null }),
      (error: unknown) => {
        cached = null
        if (current) setState({ config: null, error })
      },
    )
    return () => {
      current = false
    }
  }, [session])
  return state
}
