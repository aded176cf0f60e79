/** Web Push in this browser: the subscription lives in the service worker's registration. */

export interface PushSubscriptionInput {
  endpoint: string
  p256dh: string
  auth: string
}

export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof window !== 'undefined' &&
    'PushManager' in window &&
    'Notification' in window
  )
}

/** The service worker's registration, or null when none is active within `timeoutMs` (dev server). */
async function registration(timeoutMs = 5_000): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ])
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const ready = await registration()
  return ready ? ready.pushManager.getSubscription() : null
}

export class PushRefusedError extends Error {
  override name = 'PushRefusedError'
}

/** Asks for permission and subscribes with the server's VAPID public key. */
export async function subscribe(applicationServerKey: string): Promise<PushSubscription> {
  const ready = await registration()
  if (!ready) throw new PushRefusedError('No service worker')
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') throw new PushRefusedError(`Notifications ${permission}`)
  return ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey })
}

/** What the server needs to reach this subscription. */
export function subscriptionInput(subscription: PushSubscription): PushSubscriptionInput {
  const { endpoint, keys } = subscription.toJSON()
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new PushRefusedError('Incomplete subscription')
  return { endpoint, p256dh: keys.p256dh, auth: keys.auth }
}
