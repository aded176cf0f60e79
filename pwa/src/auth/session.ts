import {
  BIND_EXTERNAL_ACCOUNT,
  DINGTALK_SIGN_IN,
  LOGIN,
  LOGOUT,
  REFRESH_TOKEN,
  type AuthError,
  type AuthPayload,
  type BindExternalAccountData,
  type BindExternalInput,
  type BindingRequired,
  type DingtalkSignInData,
  type ExternalSignInInput,
  type LoginData,
  type LoginInput,
  type LogoutData,
  type RefreshTokenData,
  type User,
} from '@/api/documents'
import { GraphQLRequestError, NetworkError, type Transport, type TransportResult } from '@/api/transport'
import { ResumableUploads, httpChunkTransport, type ChunkAnswer, type ChunkRequest, type ChunkTransport } from '@/api/resumable'
import { xhrUploadTransport, type UploadRequest, type UploadTransport } from '@/api/upload'
import type { Language } from '@/i18n/messages'
import type { TokenStore } from './tokenStore'

/** Runs `task` while holding a named lock shared by every tab of the app. */
export type Lock = <T>(name: string, task: () => Promise<T>) => Promise<T>

/** Web Locks where the browser has them (secure contexts), else no cross-tab lock. */
export const browserLock: Lock = (name, task) =>
  typeof navigator !== 'undefined' && navigator.locks
    ? (navigator.locks.request(name, task) as Promise<Awaited<ReturnType<typeof task>>>)
    : task()

/** 'signedOut': the person chose to; 'expired': the server no longer accepts the session. */
export type SessionEndReason = 'signedOut' | 'expired'

/** The session is over; the person has to sign in again. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError'

  constructor(readonly code?: string) {
    super(code ? `Session ended (${code})` : 'Session ended')
  }
}

export type LoginResult = { ok: true; user: User } | { ok: false; error: AuthError }

/** Signing in through DingTalk: in, refused, or the DingTalk account must first be bound to one of ours. */
export type ExternalSignInResult = LoginResult | { ok: false; binding: BindingRequired }

export interface SessionOptions {
  store: TokenStore
  transport: Transport
  /** Multipart uploads (a file with its operation); XMLHttpRequest to /graphql unless given. */
  uploadTransport?: UploadTransport
  /** Resumable uploads in byte ranges (/uploads); XMLHttpRequest unless given. */
  chunkTransport?: ChunkTransport
  /** The UI language, sent as Accept-Language so AuthError messages match it. */
  language: () => Language
  now?: () => number
  lock?: Lock
  /** Refresh this long before the access token expires (at most half its lifetime). */
  refreshMarginMs?: number
}

const UNAUTHENTICATED = 'UNAUTHENTICATED'
const REFRESH_LOCK = 'quancheng.refresh'
/** Stands for "no expiry known": JSON-safe, unlike Infinity. */
const NO_KNOWN_EXPIRY = Number.MAX_SAFE_INTEGER

/**
 * The signed-in session: logs in and out, runs operations with the access token, and
 * renews it with the refresh token, once at a time however many operations need it.
 */
export class Session {
  private readonly store: TokenStore
  private readonly transport: Transport
  private readonly uploadTransport: UploadTransport
  private readonly chunkTransport: ChunkTransport
  /** Files sent in byte ranges as the signed-in user, resumed from the server's offset. */
  readonly uploads: ResumableUploads
  private readonly language: () => Language
  private readonly now: () => number
  private readonly lock: Lock
  private readonly refreshMarginMs: number
  private accessMarginMs: number
  private refreshing: Promise<User> | null = null
  /** Bumped when the session ends, so a refresh that was under way cannot revive it. */
  private generation = 0
  private readonly endListeners = new Set<(reason: SessionEndReason) => void>()
  private readonly renewListeners = new Set<(user: User) => void>()

  constructor(options: SessionOptions) {
    this.store = options.store
    this.transport = options.transport
    this.uploadTransport = options.uploadTransport ?? xhrUploadTransport()
    this.chunkTransport = options.chunkTransport ?? httpChunkTransport()
    this.uploads = new ResumableUploads((request) => this.chunk(request))
    this.language = options.language
    this.now = options.now ?? Date.now
    this.lock = options.lock ?? browserLock
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000
    this.accessMarginMs = this.refreshMarginMs
  }

  /** A refresh token is kept from an earlier visit: the session can be resumed. */
  async hasStoredSession(): Promise<boolean> {
    return (await this.store.refreshToken()) !== null
  }

  onEnd(listener: (reason: SessionEndReason) => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  /** Told whenever the tokens were renewed, with the user the server named. */
  onRenewed(listener: (user: User) => void): () => void {
    this.renewListeners.add(listener)
    return () => this.renewListeners.delete(listener)
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const { data, serverDate } = await this.send<LoginData>(LOGIN, { input }, null)
    if (data.login.__typename === 'AuthError') return { ok: false, error: data.login }
    await this.keep(data.login, serverDate)
    return { ok: true, user: data.login.user }
  }

  /** 钉钉免登: signs in with the auth code the DingTalk container gave for our corpId. */
  async dingtalkSignIn(input: ExternalSignInInput): Promise<ExternalSignInResult> {
    const { data, serverDate } = await this.send<DingtalkSignInData>(DINGTALK_SIGN_IN, { input }, null)
    const result = data.dingtalkSignIn
    if (result.__typename === 'AuthError') return { ok: false, error: result }
    if (result.__typename === 'BindingRequired') return { ok: false, binding: result }
    await this.keep(result, serverDate)
    return { ok: true, user: result.user }
  }

  /** Binds the DingTalk account of a BindingRequired ticket to one of ours, and signs in. */
  async bindExternalAccount(input: BindExternalInput): Promise<LoginResult> {
    const { data, serverDate } = await this.send<BindExternalAccountData>(BIND_EXTERNAL_ACCOUNT, { input }, null)
    const result = data.bindExternalAccount
    if (result.__typename === 'AuthError') return { ok: false, error: result }
    await this.keep(result, serverDate)
    return { ok: true, user: result.user }
  }

  /** An operation that needs no sign-in (publicConfig): sent without a token. */
  async requestPublic<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    return (await this.send<T>(query, variables, null)).data
  }

  /** Revokes the refresh token on the server when it can; signs out locally in any case. */
  async logout(): Promise<void> {
    const accessToken = this.store.accessToken()
    const refreshToken = await this.store.refreshToken()
    await this.end('signedOut')
    if (!refreshToken) return
    try {
      await this.send<LogoutData>(LOGOUT, { input: { refreshToken } }, accessToken)
    } catch (error) {
      // Offline or refused: the token is gone from this device and expires on the server.
      if (!(error instanceof NetworkError || error instanceof GraphQLRequestError)) throw error
    }
  }

  /** Runs an operation as the signed-in user and returns its data. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    return this.authorized((accessToken) => this.send<T>(query, variables, accessToken))
  }

  /** Runs an operation with one file (multipart) as the signed-in user and returns its data. */
  upload<T>(request: Omit<UploadRequest, 'headers'>): Promise<T> {
    return this.authorized((accessToken) =>
      this.send<T>(request.query, request.variables, accessToken, (headers) => this.uploadTransport<T>({ ...request, headers })),
    )
  }

  /** One request of a resumable upload as the signed-in user (a 401 renews the token and resends, as above). */
  private chunk(request: ChunkRequest): Promise<ChunkAnswer> {
    return this.authorized(async (accessToken) => {
      const headers: Record<string, string> = { ...request.headers, 'accept-language': this.language() }
      if (accessToken) headers.authorization = `Bearer ${accessToken}`
      const answer = await this.chunkTransport({ ...request, headers })
      if (answer.status === 401) {
        throw new GraphQLRequestError([{ message: 'HTTP 401', extensions: { code: UNAUTHENTICATED } }])
      }
      return { data: answer }
    })
  }

  /** Sends with a valid access token: renewed first when due, and once more if the server refuses it. */
  private async authorized<T>(send: (accessToken: string | null) => Promise<{ data: T }>): Promise<T> {
    if (this.store.accessTokenExpiresWithin(this.accessMarginMs)) await this.refresh()
    const used = this.store.accessToken()
    try {
      return (await send(used)).data
    } catch (error) {
      if (!isUnauthenticated(error)) throw error
    }
    // Unless another operation has already renewed the token meanwhile, renew it now.
    if (this.store.accessToken() === used) await this.refresh()
    try {
      return (await send(this.store.accessToken())).data
    } catch (error) {
      if (!isUnauthenticated(error)) throw error
      await this.end('expired')
      throw new SessionEndedError(UNAUTHENTICATED)
    }
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent callers share one request, and
   * tabs take turns through a lock, each reading the latest rotated token from storage.
   * A network failure or rate limit keeps the tokens (try again later); a refusal of the
   * token ends the session.
   */
  refresh(): Promise<User> {
    this.refreshing ??= this.lock(REFRESH_LOCK, () => this.rotate()).finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  /** Forgets the tokens on this device and tells the listeners (at once, not after the I/O). */
  end(reason: SessionEndReason): Promise<void> {
    this.generation++
    const cleared = this.store.clear()
    for (const listener of this.endListeners) listener(reason)
    return cleared
  }

  private async rotate(): Promise<User> {
    const generation = this.generation
    const refreshToken = await this.store.refreshToken()
    if (generation !== this.generation) throw new SessionEndedError()
    if (!refreshToken) {
      await this.end('expired')
      throw new SessionEndedError()
    }
    const { data, serverDate } = await this.send<RefreshTokenData>(
      REFRESH_TOKEN,
      { input: { refreshToken } },
      null,
    )
    if (generation !== this.generation) throw new SessionEndedError()
    const result = data.refreshToken
    if (result.__typename === 'AuthError') {
      // Too many attempts says nothing about the token: keep it and try again later.
      if (result.code === 'RATE_LIMITED') {
        throw new GraphQLRequestError([{ message: result.message, extensions: { code: result.code } }])
      }
      await this.end('expired')
      throw new SessionEndedError(result.code)
    }
    await this.keep(result, serverDate)
    for (const listener of this.renewListeners) listener(result.user)
    return result.user
  }

  /** Stores new tokens, their expiry read through the server's clock. */
  private keep(payload: AuthPayload, serverDate: number | null): Promise<void> {
    const now = this.now()
    const skew = serverDate === null ? 0 : serverDate - now
    const localTime = (iso: string) => {
      const time = Date.parse(iso)
      return Number.isFinite(time) ? time - skew : NO_KNOWN_EXPIRY
    }
    const accessTokenExpiresAt = localTime(payload.accessTokenExpiresAt)
    this.accessMarginMs = Math.min(this.refreshMarginMs, (accessTokenExpiresAt - now) / 2)
    return this.store.save({
      accessToken: payload.accessToken,
      accessTokenExpiresAt,
      refreshToken: payload.refreshToken,
      refreshTokenExpiresAt: localTime(payload.refreshTokenExpiresAt),
    })
  }

  private async send<T>(
    query: string,
    variables: Record<string, unknown> | undefined,
    accessToken: string | null,
    post: (headers: Record<string, string>) => Promise<TransportResult<T>> = (headers) =>
      this.transport<T>({ query, variables, headers }),
  ): Promise<{ data: T; serverDate: number | null }> {
    const headers: Record<string, string> = { 'accept-language': this.language() }
    if (accessToken) headers.authorization = `Bearer ${accessToken}`
    const { body, serverDate } = await post(headers)
    if (body.errors?.length) throw new GraphQLRequestError(body.errors)
    if (!body.data) throw new GraphQLRequestError([{ message: 'The answer has no data' }])
    return { data: body.data, serverDate }
  }
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.code === UNAUTHENTICATED
}
