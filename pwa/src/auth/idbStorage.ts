import type { RefreshTokenStorage, StoredRefreshToken } from './tokenStore'

export const DATABASE = 'quancheng'
export const OBJECT_STORE = 'session'
export const REFRESH_TOKEN_KEY = 'refreshToken'

/**
 * The refresh token in IndexedDB. Unlike localStorage, whose copies in other tabs' processes
 * catch up only later, IndexedDB lets a tab that takes the refresh lock read the token the
 * previous holder has just written (see README, "Tokens").
 */
export function indexedDbStorage(factory: IDBFactory = indexedDB): RefreshTokenStorage {
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
    read: () => run('readonly', (store) => store.get(REFRESH_TOKEN_KEY)),
    write: async (value: StoredRefreshToken) => {
      await run('readwrite', (store) => void store.put(value, REFRESH_TOKEN_KEY))
    },
    remove: async () => {
      await run('readwrite', (store) => void store.delete(REFRESH_TOKEN_KEY))
    },
  }
}
