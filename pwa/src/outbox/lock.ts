import { browserLock, type Lock } from '@/auth/session'
import type { ClaimStore } from './store'

/** Held while one tab (or the service worker) sends the outbox. */
export const OUTBOX_LOCK = 'quancheng.outbox'

/** Another holder kept the claim for longer than we wait: try again later. */
export class LockBusyError extends Error {
  override name = 'LockBusyError'
}

export interface ClaimLockOptions {
  owner?: string
  /** A holder that disappears (a closed tab) frees the claim after this long. */
  ttlMs?: number
  pollMs?: number
  maxWaitMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/**
 * A cross-tab lock over an IndexedDB claim, for browsers without Web Locks (older WebViews).
 * The claim is renewed while the task runs, and released after it.
 */
export function claimLock(claims: ClaimStore, options: ClaimLockOptions = {}): Lock {
  const owner = options.owner ?? randomId()
  const ttlMs = options.ttlMs ?? 30_000
  const pollMs = options.pollMs ?? 250
  const maxWaitMs = options.maxWaitMs ?? ttlMs + 5_000
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  return async <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const started = now()
    while (!(await claims.claim(name, owner, now(), ttlMs))) {
      if (now() - started >= maxWaitMs) throw new LockBusyError(`${name} is held elsewhere`)
      await sleep(pollMs)
    }
    const renew = setInterval(() => void claims.claim(name, owner, now(), ttlMs), ttlMs / 3)
    try {
      return await task()
    } finally {
      clearInterval(renew)
      await claims.release(name, owner)
    }
  }
}

/** Web Locks where the browser has them (also in the service worker), else the claim. */
export function outboxLock(claims: ClaimStore): Lock {
  return typeof navigator !== 'undefined' && navigator.locks ? browserLock : claimLock(claims)
}

export function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // Not a secure context (plain http on a LAN address): still unique enough for one device.
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
