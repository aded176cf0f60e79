import type { Document } from './document'
import { BindExternalAccountDocument, type BindExternalAccountMutationVariables } from './generated/BindExternalAccount'
import { RefreshTokenDocument } from './generated/RefreshToken'
import { WechatSignInDocument, type TokensFragment } from './generated/WechatSignIn'
import { KEYS, read, remove, write } from './storage'
import { GraphQLRequestError, send } from './transport'

/**
 * Tokens live in the mini-program's own storage (wx.setStorageSync): WeChat keeps it per
 * mini-program and per WeChat user, out of reach of other mini-programs and web pages.
 */
export interface Tokens {
  accessToken: string
  /** Local clock, ms. */
  accessTokenExpiresAt: number
  refreshToken: string
  refreshTokenExpiresAt: number
}

export type User = TokensFragment['user']

export interface AuthFailure {
  code: string
  message: string
  field: string | null
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; error: AuthFailure }
  | { ok: false; binding: { ticket: string; provider: string } }

/** The session is over: sign in again. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError'

  constructor(readonly code?: string) {
    super(code ? `Session ended (${code})` : 'Session ended')
  }
}

const UNAUTHENTICATED = 'UNAUTHENTICATED'
const REFRESH_MARGIN_MS = 60_000

type AuthAnswer = ({ __typename: 'AuthPayload' } & TokensFragment) | ({ __typename: 'AuthError' } & AuthFailure)

/**
 * Signs in with WeChat, runs operations with the access token and renews it with the refresh
 * token under the PWA's rules: rotation (every refresh spends the old token), one refresh at a time
 * however many operations need it, a rate-limited refresh keeps the tokens, a refused one ends the
 * session.
 */
export class Session {
  private refreshing: Promise<void> | null = null
  private generation = 0
  private readonly endListeners = new Set<() => void>()

  constructor(private readonly now: () => number = Date.now) {}

  signedIn(): boolean {
    return read<Tokens>(KEYS.tokens) !== null
  }

  onEnd(listener: () => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  /** wx.login's one-time code -> signed in, or the identity must first be bound (BindingRequired). */
  async wechatSignIn(code: string, language: string): Promise<SignInResult> {
    const { data, serverDate } = await send(WechatSignInDocument, { input: { code, device: 'wechat-miniprogram' } }, {
      'accept-language': language,
    })
    const result = data.wechatSignIn
    if (result.__typename === 'BindingRequired') return { ok: false, binding: result }
    return this.signedInWith(result as AuthAnswer, serverDate)
  }

  /** Binds the ticket's WeChat identity with the account's password or the administrator's one-time code. */
  async bind(input: BindExternalAccountMutationVariables['input'], language: string): Promise<SignInResult> {
    const { data, serverDate } = await send(BindExternalAccountDocument, { input }, { 'accept-language': language })
    return this.signedInWith(data.bindExternalAccount as AuthAnswer, serverDate)
  }

  /** Runs an operation as the signed-in user; an expired access token is renewed once and the call repeated. */
  async request<R, V>(document: Document<R, V>, variables: V): Promise<R> {
    const tokens = read<Tokens>(KEYS.tokens)
    if (!tokens) throw new SessionEndedError()
    if (tokens.accessTokenExpiresAt - this.now() < REFRESH_MARGIN_MS) await this.refresh()
    const used = read<Tokens>(KEYS.tokens)?.accessToken
    try {
      return (await send(document, variables, bearer(used))).data
    } catch (error) {
      if (!isUnauthenticated(error)) throw error
    }
    if (read<Tokens>(KEYS.tokens)?.accessToken === used) await this.refresh()
    try {
      return (await send(document, variables, bearer(read<Tokens>(KEYS.tokens)?.accessToken))).data
    } catch (error) {
      if (!isUnauthenticated(error)) throw error
      this.end()
      throw new SessionEndedError(UNAUTHENTICATED)
    }
  }

  /** One refresh at a time: concurrent callers share the request under way. */
  refresh(): Promise<void> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  end(): void {
    this.generation++
    remove(KEYS.tokens)
    for (const listener of this.endListeners) listener()
  }

  private async rotate(): Promise<void> {
    const generation = this.generation
    const tokens = read<Tokens>(KEYS.tokens)
    if (!tokens) throw new SessionEndedError()
    const { data, serverDate } = await send(RefreshTokenDocument, { input: { refreshToken: tokens.refreshToken } }, {})
    if (generation !== this.generation) throw new SessionEndedError()
    const result = data.refreshToken as AuthAnswer
    if (result.__typename === 'AuthError') {
      if (result.code === 'RATE_LIMITED') {
        throw new GraphQLRequestError([{ message: result.message, extensions: { code: result.code } }])
      }
      this.end()
      throw new SessionEndedError(result.code)
    }
    this.keep(result, serverDate)
  }

  private signedInWith(result: AuthAnswer, serverDate: number | null): SignInResult {
    if (result.__typename === 'AuthError') {
      return { ok: false, error: { code: result.code, message: result.message, field: result.field } }
    }
    this.keep(result, serverDate)
    return { ok: true, user: result.user }
  }

  /** Keeps the new pair, the expiry times read through the server's clock. */
  private keep(payload: TokensFragment, serverDate: number | null): void {
    const skew = serverDate === null ? 0 : serverDate - this.now()
    write(KEYS.tokens, {
      accessToken: payload.accessToken,
      accessTokenExpiresAt: Date.parse(payload.accessTokenExpiresAt) - skew,
      refreshToken: payload.refreshToken,
      refreshTokenExpiresAt: Date.parse(payload.refreshTokenExpiresAt) - skew,
    } satisfies Tokens)
  }
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {}
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.code === UNAUTHENTICATED
}
