/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { ACKNOWLEDGE_NOTIFICATION, type User } from '@/api/documents'
import { fetchTransport } from '@/api/transport'
import { PROFILE_KEY, indexedDbStorage, indexedDbValue } from '@/auth/idbStorage'
import { Session } from '@/auth/session'
import { TokenStore } from '@/auth/tokenStore'
import { DEFAULT_LANGUAGE, type Language } from '@/i18n/messages'
import { createTranslator } from '@/i18n/translate'
import { OUTBOX_CHANNEL, SYNC_TAG, eventsOf, type ChannelMessage } from '@/outbox/events'
import { outboxLock } from '@/outbox/lock'
import { Outbox } from '@/outbox/outbox'
import { indexedDbOutbox } from '@/outbox/store'

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] }

/** Background Sync (Chromium): not in TypeScript's lib yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string
  readonly lastChance: boolean
}

// The app shell: every built file, listed by vite-plugin-pwa at build time.
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Any in-app address opens the cached shell, also offline. The API is never answered here:
// the app keeps its own data for offline use (a normalised cache in IndexedDB). Nor are materials
// (/files/<token>, opened in a new tab): the server sends them, or says why not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/graphql/, /^\/files\//] }))

// A new version waits until the person agrees in the update prompt.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

clientsClaim()

// ---- push ---------------------------------------------------------------------------------

interface PushPayload {
  title: string
  body: string
  link: string
  deliveryId: string | null
  receipt: string | null
  urgent: boolean
  tag: string | null
}

function pushPayload(data: PushMessageData | null): PushPayload {
  let raw: Record<string, unknown>
  try {
    raw = (data?.json() as Record<string, unknown> | null) ?? {}
  } catch {
    raw = { body: data?.text() ?? '' }
  }
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)
  return {
    title: text(raw.title) ?? '全程通',
    body: text(raw.body) ?? '',
    link: text(raw.link) ?? '/',
    deliveryId: typeof raw.deliveryId === 'number' ? String(raw.deliveryId) : text(raw.deliveryId),
    receipt: text(raw.receipt),
    urgent: raw.urgent === true,
    tag: text(raw.tag),
  }
}

/** An in-app path for a link, never another site. */
function inAppPath(link: unknown): string {
  if (typeof link !== 'string') return '/'
  try {
    const url = new URL(link, self.location.origin)
    return url.origin === self.location.origin ? `${url.pathname}${url.search}${url.hash}` : '/'
  } catch {
    return '/'
  }
}

/** Tells the server the notification reached this device (no sign-in: the receipt is the proof). */
async function acknowledge(receipt: string): Promise<void> {
  try {
    await fetchTransport()({ query: ACKNOWLEDGE_NOTIFICATION, variables: { receipt }, headers: {} })
  } catch {
    // Offline: the server's delivery record stays "sent"; nothing to retry from here.
  }
}

self.addEventListener('push', (event) => {
  const payload = pushPayload(event.data)
  const shown = self.registration.showNotification(payload.title, {
    body: payload.body,
    tag: payload.tag ?? payload.deliveryId ?? undefined,
    requireInteraction: payload.urgent,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { link: inAppPath(payload.link), deliveryId: payload.deliveryId },
  })
  event.waitUntil(Promise.all([shown, payload.receipt ? acknowledge(payload.receipt) : undefined]))
})

/** Focuses an open window of the app and shows the link there, or opens one at the link. */
async function openLink(link: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin)
  if (open) {
    const focused = await open.focus().catch(() => open)
    // The app navigates itself (no reload: a half-filled form stays as it is).
    focused.postMessage({ type: 'NAVIGATE', link })
    return
  }
  await self.clients.openWindow(link)
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const data = event.notification.data as { link?: unknown } | null
  event.waitUntil(openLink(inAppPath(data?.link)))
})

// ---- offline sync ---------------------------------------------------------------------------

function isUser(value: unknown): value is User {
  return typeof value === 'object' && value !== null && typeof (value as User).id === 'string'
}

/**
 * The network is back (Background Sync): an open app sends its outbox itself; with none open,
 * the worker sends it, after renewing the session like a tab would. Refusals are shown as
 * notifications; what could not be sent makes the browser try again later.
 */
async function sendOutbox(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  if (windows.length > 0) {
    for (const client of windows) client.postMessage({ type: 'OUTBOX_FLUSH' })
    return
  }
  const profile = await indexedDbValue<User>(PROFILE_KEY).read()
  if (!isUser(profile)) return
  const store = indexedDbOutbox()
  let language: Language = DEFAULT_LANGUAGE
  const session = new Session({
    store: new TokenStore(indexedDbStorage()),
    transport: fetchTransport(),
    language: () => language,
  })
  const outbox = new Outbox({ store, session, lock: outboxLock(store) })
  language = (await outbox.list(profile.id))[0]?.language ?? DEFAULT_LANGUAGE
  const report = await outbox.flush(profile.id)
  const channel = new BroadcastChannel(OUTBOX_CHANNEL)
  channel.postMessage({ type: 'changed', settled: eventsOf(report.settled) } satisfies ChannelMessage)
  channel.close()
  for (const settled of report.settled) {
    if (settled.outcome === 'done') continue
    const t = createTranslator(settled.entry.language)
    const { subject } = settled.entry
    const link = subject.seatId ? `/sheets/${subject.seatId}` : subject.todoId ? `/todos/${subject.todoId}` : '/'
    await self.registration.showNotification(t('conflict.title'), {
      body: `${t(`outbox.kind.${settled.entry.kind}`)} · ${subject.title}`,
      tag: `outbox-${settled.entry.id}`,
      requireInteraction: true,
      icon: '/icons/icon-192.png',
      data: { link },
    })
  }
  if (report.stoppedBy === 'network' || report.stoppedBy === 'server' || report.stoppedBy === 'busy') {
    throw new Error(`outbox not sent (${report.stoppedBy}): try again later`)
  }
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent
  if (sync.tag === SYNC_TAG) sync.waitUntil(sendOutbox())
})
