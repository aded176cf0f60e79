/**
 * Where the tokens live (see README, "Tokens"): the access token only in this object's
 * memory; the refresh token in durable storage (IndexedDB in the app) so that a restart
 * keeps the session. Expiry times are epoch milliseconds on this device's clock.
 */

export interface StoredRefreshToken {
  token: string
  expiresAt: number
}

/** Durable, and consistent across tabs: a write is seen by any read that starts after it. */
export interface RefreshTokenStorage {
  read(): Promise<unknown>
  write(value: StoredRefreshToken): Promise<void>
  remove(): Promise<void>
}

export interface Tokens {
  accessToken: string
  accessTokenExpiresAt: number
  refreshToken: string
  refreshTokenExpiresAt: number
}

export class TokenStore {
  private access: { token: string; expiresAt: number } | null = null

  constructor(
    private readonly storage: RefreshTokenStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces both tokens: a rotated refresh token is overwritten before anything else runs. */
  async save(tokens: Tokens): Promise<void> {
    this.access = { token: tokens.accessToken, expiresAt: tokens.accessTokenExpiresAt }
    await this.storage.write({ token: tokens.refreshToken, expiresAt: tokens.refreshTokenExpiresAt })
  }

  async clear(): Promise<void> {
    this.access = null
    await this.storage.remove()
  }

  accessToken(): string | null {
    return this.access?.token ?? null
  }

  /** True when there is no access token or it expires within `marginMs`. */
  accessTokenExpiresWithin(marginMs: number): boolean {
    return !this.access || this.access.expiresAt - this.now() <= marginMs
  }

  /**
   * Read from storage every time, as another tab may have rotated it. An expired or
   * unreadable entry is removed and reads as no token.
   */
  async refreshToken(): Promise<string | null> {
    const stored = await this.storage.read()
    if (stored === undefined || stored === null) return null
    if (!isStoredRefreshToken(stored) || stored.expiresAt <= this.now()) {
      await this.storage.remove()
      return null
    }
    return stored.token
  }
}

function isStoredRefreshToken(value: unknown): value is StoredRefreshToken {
  const candidate = value as Partial<StoredRefreshToken> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.token === 'string' &&
    typeof candidate.expiresAt === 'number'
  )
}

/** For tests, and where IndexedDB cannot be opened: the session then ends with the page. */
export class MemoryRefreshTokenStorage implements RefreshTokenStorage {
  value: unknown = null
  async read(): Promise<unknown> {
    return this.value
  }
  async write(value: StoredRefreshToken): Promise<void> {
    this.value = { ...value }
  }
  async remove(): Promise<void> {
    this.value = null
  }
}
