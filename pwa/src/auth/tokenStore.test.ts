import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { indexedDbStorage } from './idbStorage'
import { MINUTE, T0 } from './testing'
import { MemoryRefreshTokenStorage, TokenStore, type RefreshTokenStorage } from './tokenStore'

const tokens = {
  accessToken: 'access-1',
  accessTokenExpiresAt: T0 + 15 * MINUTE,
  refreshToken: 'refresh-1',
  refreshTokenExpiresAt: T0 + 60 * MINUTE,
}

describe('TokenStore', () => {
  it('keeps the access token out of storage and survives a restart with the refresh token', async () => {
    // given
    const storage = new MemoryRefreshTokenStorage()
    await new TokenStore(storage, () => T0).save(tokens)
    // when the app starts again
    const restarted = new TokenStore(storage, () => T0)
    // then
    expect(restarted.accessToken()).toBeNull()
    await expect(restarted.refreshToken()).resolves.toBe('refresh-1')
    expect(JSON.stringify(storage.value)).not.toContain('access-1')
  })

  it('tells when the access token is missing or about to expire', async () => {
    const clock = { now: T0 }
    const store = new TokenStore(new MemoryRefreshTokenStorage(), () => clock.now)
    expect(store.accessTokenExpiresWithin(MINUTE)).toBe(true)
    await store.save(tokens)
    expect(store.accessTokenExpiresWithin(MINUTE)).toBe(false)
    clock.now += 14 * MINUTE
    expect(store.accessTokenExpiresWithin(MINUTE)).toBe(true)
  })

  it('drops an expired refresh token', async () => {
    const clock = { now: T0 }
    const storage = new MemoryRefreshTokenStorage()
    const store = new TokenStore(storage, () => clock.now)
    await store.save(tokens)
    clock.now += 60 * MINUTE
    await expect(store.refreshToken()).resolves.toBeNull()
    expect(storage.value).toBeNull()
  })

  it('drops an unreadable stored value', async () => {
    const storage = new MemoryRefreshTokenStorage()
    for (const junk of ['refresh-1', { token: 42, expiresAt: T0 }, { token: 'refresh-1' }]) {
      storage.value = junk
      await expect(new TokenStore(storage, () => T0).refreshToken()).resolves.toBeNull()
      expect(storage.value).toBeNull()
    }
  })

  it('forgets both tokens on clear', async () => {
    const storage = new MemoryRefreshTokenStorage()
    const store = new TokenStore(storage, () => T0)
    await store.save(tokens)
    await store.clear()
    expect(store.accessToken()).toBeNull()
    await expect(store.refreshToken()).resolves.toBeNull()
  })
})

describe('indexedDbStorage', () => {
  const fresh = (): [RefreshTokenStorage, RefreshTokenStorage] => {
    const factory = new IDBFactory()
    return [indexedDbStorage(factory), indexedDbStorage(factory)]
  }

  it('writes, reads and removes the refresh token', async () => {
    const [storage] = fresh()
    await expect(storage.read()).resolves.toBeUndefined()
    await storage.write({ token: 'refresh-1', expiresAt: T0 })
    await expect(storage.read()).resolves.toEqual({ token: 'refresh-1', expiresAt: T0 })
    await storage.remove()
    await expect(storage.read()).resolves.toBeUndefined()
  })

  it('shows a token rotated in one tab to a read that starts after it in another', async () => {
    // given two tabs, each with its own connection to the database
    const [tabA, tabB] = fresh()
    const a = new TokenStore(tabA, () => T0)
    const b = new TokenStore(tabB, () => T0)
    await a.save(tokens)
    // when tab B rotates
    await b.save({ ...tokens, accessToken: 'access-2', refreshToken: 'refresh-2' })
    // then tab A reads the new token, and keeps its own access token in its own memory
    await expect(a.refreshToken()).resolves.toBe('refresh-2')
    expect(a.accessToken()).toBe('access-1')
  })
})
