import { isOutboxEntry, type OutboxEntry } from './entry'

/** Where waiting actions are kept: durable, and shared by the tabs and the service worker. */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>
  get(id: string): Promise<OutboxEntry | null>
  put(entry: OutboxEntry): Promise<void>
  delete(id: string): Promise<void>
  /**
   * Reads, changes and writes one entry atomically (across tabs too); `change` returns the new
   * entry, or null to leave it as it is. Resolves with the entry as stored afterwards, or null
   * when it changed nothing or the entry is gone.
   */
  update(id: string, change: (entry: OutboxEntry) => OutboxEntry | null): Promise<OutboxEntry | null>
}

/**
 * A named claim with an expiry, for browsers without Web Locks: taking it is one IndexedDB
 * read-write transaction, and those run one at a time across every tab of the origin.
 */
export interface ClaimStore {
  /** Takes the claim when it is free, expired or already ours; false when another holds it. */
  claim(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>
  release(name: string, owner: string): Promise<void>
}

export const OUTBOX_DATABASE = 'quancheng-outbox'
const ENTRIES = 'entries'
const CLAIMS = 'claims'

interface Claim {
  owner: string
  until: number
}

/** The outbox in IndexedDB (its own database, so the session's stays at version 1). */
export function indexedDbOutbox(factory: IDBFactory = indexedDB): OutboxStore & ClaimStore {
  let database: Promise<IDBDatabase> | null = null

  const open = () =>
    (database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(OUTBOX_DATABASE, 1)
      request.onupgradeneeded = () => {
        request.result.createObjectStore(ENTRIES, { keyPath: 'id' })
        request.result.createObjectStore(CLAIMS)
      }
      request.onsuccess = () => {
        const db = request.result
        db.onversionchange = () => {
          db.close()
          database = null
        }
        resolve(db)
      }
      request.onerror = () => {
        database = null
        reject(request.error ?? new Error('IndexedDB could not be opened'))
      }
    }))

  /** Runs `work` in one transaction and resolves with its value once the transaction commits. */
  const run = async <T>(
    storeName: string,
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore, done: (value: T) => void) => void,
  ): Promise<T> => {
    const db = await open()
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(storeName, mode)
      let value: T
      work(transaction.objectStore(storeName), (result) => {
        value = result
      })
      transaction.oncomplete = () => resolve(value)
      transaction.onerror = transaction.onabort = () =>
        reject(transaction.error ?? new Error('IndexedDB transaction failed'))
    })
  }

  return {
    all: () =>
      run<OutboxEntry[]>(ENTRIES, 'readonly', (store, done) => {
        const request = store.getAll()
        request.onsuccess = () => done((request.result as unknown[]).filter(isOutboxEntry))
      }),
    get: (id) =>
      run<OutboxEntry | null>(ENTRIES, 'readonly', (store, done) => {
        const request = store.get(id)
        request.onsuccess = () => done(isOutboxEntry(request.result) ? request.result : null)
      }),
    put: (entry) => run<void>(ENTRIES, 'readwrite', (store) => void store.put(entry)),
    delete: (id) => run<void>(ENTRIES, 'readwrite', (store) => void store.delete(id)),
    update: (id, change) =>
      run<OutboxEntry | null>(ENTRIES, 'readwrite', (store, done) => {
        done(null)
        const request = store.get(id)
        request.onsuccess = () => {
          if (!isOutboxEntry(request.result)) return
          const next = change(structuredClone(request.result))
          if (!next) return
          store.put(next)
          done(next)
        }
      }),
    claim: (name, owner, now, ttlMs) =>
      run<boolean>(CLAIMS, 'readwrite', (store, done) => {
        const request = store.get(name)
        request.onsuccess = () => {
          const held = request.result as Claim | undefined
          if (held && held.owner !== owner && held.until > now) return done(false)
          store.put({ owner, until: now + ttlMs } satisfies Claim, name)
          done(true)
        }
      }),
    release: (name, owner) =>
      run<void>(CLAIMS, 'readwrite', (store) => {
        const request = store.get(name)
        request.onsuccess = () => {
          if ((request.result as Claim | undefined)?.owner === owner) store.delete(name)
        }
      }),
  }
}

/** For tests, and where IndexedDB cannot be opened: actions then wait only as long as the page. */
export class MemoryOutboxStore implements OutboxStore, ClaimStore {
  readonly entries = new Map<string, OutboxEntry>()
  private readonly claims = new Map<string, Claim>()

  async all(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].map(copy)
  }
  async get(id: string): Promise<OutboxEntry | null> {
    const entry = this.entries.get(id)
    return entry ? copy(entry) : null
  }
  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.id, copy(entry))
  }
  async delete(id: string): Promise<void> {
    this.entries.delete(id)
  }
  async update(id: string, change: (entry: OutboxEntry) => OutboxEntry | null): Promise<OutboxEntry | null> {
    const entry = this.entries.get(id)
    const next = entry ? change(copy(entry)) : null
    if (!next) return null
    this.entries.set(id, copy(next))
    return copy(next)
  }
  async claim(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const held = this.claims.get(name)
    if (held && held.owner !== owner && held.until > now) return false
    this.claims.set(name, { owner, until: now + ttlMs })
    return true
  }
  async release(name: string, owner: string): Promise<void> {
    if (this.claims.get(name)?.owner === owner) this.claims.delete(name)
  }
}

function copy(entry: OutboxEntry): OutboxEntry {
  return structuredClone(entry)
}
