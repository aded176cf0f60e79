import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useAuth } from '@/auth/AuthProvider'
import { useI18n } from '@/i18n/I18nProvider'
import type { OutboxEntry } from './entry'
import { outboxLock } from './lock'
import { OUTBOX_CHANNEL, SYNC_TAG, eventsOf, type ChannelMessage, type SettledEvent } from './events'
import { Outbox, type FlushReport, type NewAction, type Settled } from './outbox'
import { MemoryOutboxStore, indexedDbOutbox } from './store'

/** What became of an action right after it was taken: answered, or waiting for the network. */
export type Submitted = Settled | { entry: OutboxEntry; outcome: 'waiting' }

interface OutboxContext {
  /** The person's entries (waiting, held, conflict, failed), oldest first. */
  entries: OutboxEntry[]
  submit: (action: Omit<NewAction, 'userId' | 'language'>) => Promise<Submitted>
  /** Keeps an action and sends the outbox in the background, without waiting for the answer (uploads). */
  enqueue: (action: Omit<NewAction, 'userId' | 'language'>) => Promise<OutboxEntry>
  /** How much of each upload being sent has gone (percent), by entry id. */
  progress: ReadonlyMap<string, number>
  flush: () => Promise<void>
  dismiss: (id: string) => Promise<void>
  retry: (id: string) => Promise<void>
  provide: (id: string, secrets: Record<string, string>) => Promise<void>
  discardAll: () => Promise<void>
  onSettled: (listener: (events: SettledEvent[]) => void) => () => void
}

const Context = createContext<OutboxContext | null>(null)

/** For tests that render a screen over an outbox of their own. */
export const OutboxContextProvider = Context.Provider
export type { OutboxContext }

const NO_ENTRIES: OutboxEntry[] = []
const NO_PROGRESS: ReadonlyMap<string, number> = new Map()

const BACKOFF_MS = [5_000, 15_000, 30_000, 60_000, 120_000]

/** Asks the service worker to send the outbox once the network is back, even if the app is closed. */
function requestBackgroundSync(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  void navigator.serviceWorker.ready
    .then((registration) => (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
    .catch(() => undefined)
}

export function OutboxProvider({ children }: { children: ReactNode }) {
  const { session, user, state } = useAuth()
  const { language } = useI18n()
  const [outbox] = useState(() => {
    const store = typeof indexedDB === 'undefined' ? new MemoryOutboxStore() : indexedDbOutbox()
    return new Outbox({ store, session, lock: outboxLock(store) })
  })
  // The entries last listed, with the person they belong to: nobody's, or another's, are not shown.
  const [listed, setListed] = useState<{ userId: string; entries: OutboxEntry[] } | null>(null)
  const [progress, setProgress] = useState<ReadonlyMap<string, number>>(NO_PROGRESS)
  const listeners = useRef(new Set<(events: SettledEvent[]) => void>())
  const channel = useRef<BroadcastChannel | null>(null)
  const userId = user?.id ?? null
  const active = state.status === 'signedIn' || state.status === 'offline'
  const entries = listed && listed.userId === userId ? listed.entries : NO_ENTRIES

  // A promise chain, not `await`: the react-hooks lint takes a setState after an await for one made
  // synchronously in the effect that calls this (react/react#34905).
  const reload = useCallback(async (): Promise<void> => {
    if (userId) return outbox.list(userId).then((entries) => setListed({ userId, entries }))
  }, [outbox, userId])

  const tell = useCallback((events: SettledEvent[]) => {
    for (const listener of listeners.current) listener(events)
  }, [])

  useEffect(() => {
    const tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(OUTBOX_CHANNEL)
    channel.current = tabs
    if (tabs) {
      tabs.onmessage = ({ data }: MessageEvent<ChannelMessage>) => {
        void reload()
        if (data.settled.length) tell(data.settled)
      }
    }
    const stop = outbox.onChange((settled) => {
      const events = eventsOf(settled)
      void reload()
      if (events.length) tell(events)
      tabs?.postMessage({ type: 'changed', settled: events } satisfies ChannelMessage)
    })
    void reload()
    return () => {
      stop()
      tabs?.close()
    }
  }, [outbox, reload, tell])

  useEffect(
    () =>
      outbox.onProgress((id, percent) =>
        setProgress((before) => {
          const next = new Map(before)
          if (percent === null) next.delete(id)
          else next.set(id, percent)
          return next
        }),
      ),
    [outbox],
  )

  // Send what waits: now, when the network returns, when the app comes to the front, when the
  // service worker asks, and again after a failure, waiting longer each time.
  const failures = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // What a retry after a failure calls: the latest flushNow.
  const flushAgain = useRef<() => void>(() => undefined)
  const flushNow = useCallback(async (): Promise<FlushReport | null> => {
    if (!userId || !active) return null
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    let report: FlushReport
    try {
      report = await outbox.flush(userId)
    } catch (error) {
      console.error('The outbox could not be sent', error)
      report = { settled: [], stoppedBy: 'server' }
    }
    const stillWaiting = (await outbox.list(userId)).some((entry) => entry.status === 'waiting')
    if (report.stoppedBy && report.stoppedBy !== 'session' && stillWaiting) {
      const delay = BACKOFF_MS[Math.min(failures.current, BACKOFF_MS.length - 1)] as number
      failures.current++
      timer.current = setTimeout(() => flushAgain.current(), delay)
      if (report.stoppedBy === 'network') requestBackgroundSync()
    } else {
      failures.current = 0
    }
    return report
  }, [outbox, userId, active])
  useLayoutEffect(() => {
    flushAgain.current = () => void flushNow()
  }, [flushNow])

  useEffect(() => {
    if (!userId || !active) return
    void flushNow()
    const onOnline = () => {
      failures.current = 0
      void flushNow()
    }
    const onVisible = () => document.visibilityState === 'visible' && void flushNow()
    const onWorkerMessage = (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type === 'OUTBOX_FLUSH') void flushNow()
    }
    window.addEventListener('online', onOnline)
    document.addEventListener('visibilitychange', onVisible)
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage)
    return () => {
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisible)
      navigator.serviceWorker?.removeEventListener('message', onWorkerMessage)
      if (timer.current) clearTimeout(timer.current)
    }
  }, [userId, active, flushNow])

  const submit = useCallback(
    async (action: Omit<NewAction, 'userId' | 'language'>): Promise<Submitted> => {
      if (!userId) throw new Error('Nobody is signed in')
      const entry = await outbox.enqueue({ ...action, userId, language })
      const report = await flushNow()
      const settled = report?.settled.find((item) => item.entry.id === entry.id)
      if (settled) return settled
      const stored = (await outbox.list(userId)).find((item) => item.id === entry.id)
      return { entry: stored ?? entry, outcome: 'waiting' }
    },
    [outbox, userId, language, flushNow],
  )

  const enqueue = useCallback(
    async (action: Omit<NewAction, 'userId' | 'language'>): Promise<OutboxEntry> => {
      if (!userId) throw new Error('Nobody is signed in')
      const entry = await outbox.enqueue({ ...action, userId, language })
      void flushNow()
      return entry
    },
    [outbox, userId, language, flushNow],
  )

  const value = useMemo<OutboxContext>(
    () => ({
      entries,
      submit,
      enqueue,
      progress,
      flush: async () => void (await flushNow()),
      dismiss: (id) => outbox.dismiss(id),
      retry: async (id) => {
        await outbox.retry(id)
        await flushNow()
      },
      provide: async (id, secrets) => {
        await outbox.provide(id, secrets)
        await flushNow()
      },
      discardAll: async () => {
        if (userId) await outbox.discard(userId)
      },
      onSettled: (listener) => {
        listeners.current.add(listener)
        return () => listeners.current.delete(listener)
      },
    }),
    [entries, submit, enqueue, progress, flushNow, outbox, userId],
  )
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useOutbox(): OutboxContext {
  const context = useContext(Context)
  if (!context) throw new Error('useOutbox must be used inside <OutboxProvider>')
  return context
}

/** Calls `listener` with every answered entry, from this tab, the others and the service worker. */
export function useOutboxSettled(listener: (events: SettledEvent[]) => void): void {
  const { onSettled } = useOutbox()
  const latest = useRef(listener)
  useLayoutEffect(() => {
    latest.current = listener
  })
  useEffect(() => onSettled((events) => latest.current(events)), [onSettled])
}
