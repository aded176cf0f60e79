import { useEffect } from 'react'
import { useNavigate } from 'react-router'
import { inAppPath } from '@/pages/Inbox/links'

/** A tapped notification asks the open app (through the service worker) to show its link. */
export function WorkerNavigation() {
  const navigate = useNavigate()
  useEffect(() => {
    const worker = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker
    if (!worker) return
    const onMessage = (event: MessageEvent<{ type?: string; link?: unknown }>) => {
      if (event.data?.type !== 'NAVIGATE' || typeof event.data.link !== 'string') return
      const path = inAppPath(event.data.link)
      if (path) navigate(path)
    }
    worker.addEventListener('message', onMessage)
    return () => worker.removeEventListener('message', onMessage)
  }, [navigate])
  return null
}
