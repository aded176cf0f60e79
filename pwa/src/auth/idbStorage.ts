import type { RefreshTokenStorage, StoredRefreshToken } from './tokenStore'

export const DATABASE = 'quancheng'
export const OBJECT_STORE = 'session'
export const REFRESH_TOKEN_KEY = 'refreshToken'
/** Who was signed in last on this device (no secret): to open the app offline. */
export const PROFILE_KEY = 'profile'

/** One value of the session store, by key. */
export interface StoredValue<T> {
  read(): Promise<unknown>
  write(value: T): Promise<void>
  remove(): Promise<void>
}

/**
 * The refresh token in IndexedDB. Unlike localStorage, whose copies in other tabs' processes
 * catch up only later, IndexedDB lets a tab that takes the refresh lock read the token the
 * previous holder has just written (see README, "Tokens").
 */
export function indexedDbStorage(factory: IDBFactory = indexedDB): RefreshTokenStorage {
  return indexedDbValue<StoredRefreshToken>(REFRESH_TOKEN_KEY, factory)
}

/** A value of the session store under `key` (same database and store, so no upgrade is needed). */
export function indexedDbValue<T>(key: string, factory: IDBFactory = indexedDB): StoredValue<T> {
  let database: Promise<IDBDatabase> | null = null

  const open = () =>
    (database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DATABASE, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE)
      request.onsuccess = () => {
        const db = request.result
        // A newer version of the app wants to upgrade the database: let it.
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

  const run = async (
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest | void,
  ): Promise<unknown> => {
    const db = await open()
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(OBJECT_STORE, mode)
      const request = work(transaction.objectStore(OBJECT_STORE))
      transaction.oncomplete = () => resolve(request ? request.result : undefined)
      transaction.onerror = transaction.onabort = () =>
        reject(transaction.error ?? new Error('IndexedDB transaction failed'))
    })
  }

  return {
    read: () => run('readonly', (store) => store.get(key)),
    write: async (value: T) => {
      await run('readwrite', (store) => void store.put(value, key))
    },
    remove: async () => {
      await run('readwrite', (store) => void store.delete(key))
    },
  }
}
