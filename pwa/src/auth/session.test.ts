import { describe, expect, it, vi } from 'vitest'
import { NetworkError } from '@/api/transport'
import type { Language } from '@/i18n/messages'
import { Session, SessionEndedError } from './session'
import {
  MINUTE,
  T0,
  authError,
  authPayload,
  mutexLock,
  scriptedTransport,
  unauthenticated,
  type Call,
  type Handler,
} from './testing'
import type { AuthError } from '@/api/documents'
import { MemoryRefreshTokenStorage, TokenStore } from './tokenStore'

const ME = 'query Me { me { user { id } } }'
const meAnswer = { data: { me: { user: { id: '7' } } } }

/**
 * A fake server on its own clock: hands out token pair n+1 for refresh token n (rotation),
 * answers `Me` only for the newest access token and refuses a refresh token already used.
 */
interface FakeServer {
  refuseRefresh: boolean
  offline: boolean
  loginAnswer: AuthError | null
  revokeAccess(): void
  handler: Handler
}

function fakeServer(serverNow: () => number = () => T0): FakeServer {
  let issued = 1
  let validAccess: string | null = null
  const server: FakeServer = {
    refuseRefresh: false,
    offline: false,
    loginAnswer: null,
    /** Makes the current access token invalid, as a server-side revocation would. */
    revokeAccess() {
      validAccess = null
    },
    handler: (call) => {
      if (server.offline) return new NetworkError('offline')
      switch (call.operation) {
        case 'Login':
          if (server.loginAnswer) return { data: { login: server.loginAnswer } }
          validAccess = `access-${issued}`
          return { data: { login: authPayload(issued, serverNow()) } }
        case 'RefreshToken': {
          const input = call.variables?.input as { refreshToken: string }
          if (server.refuseRefresh || input.refreshToken !== `refresh-${issued}`) {
            return { data: { refreshToken: authError('REFRESH_TOKEN_REUSED') } }
          }
          issued++
          validAccess = `access-${issued}`
          return { data: { refreshToken: authPayload(issued, serverNow()) } }
        }
        case 'Logout':
          return { data: { logout: { __typename: 'LogoutSuccess', loggedOut: true } } }
        default:
          return call.headers.authorization === `Bearer ${validAccess}` ? meAnswer : unauthenticated
      }
    },
  }
  return server
}

/** One tab of the app: a session on the device clock, talking to `server`. */
function setup(
  options: { storage?: MemoryRefreshTokenStorage; language?: Language; serverAheadMs?: number } = {},
) {
  const clock = { now: T0 }
  const serverNow = () => clock.now + (options.serverAheadMs ?? 0)
  const server = fakeServer(serverNow)
  const { transport, calls, count } = scriptedTransport(
    (call) => server.handler(call),
    options.serverAheadMs === undefined ? undefined : serverNow,
  )
  const storage = options.storage ?? new MemoryRefreshTokenStorage()
  const store = new TokenStore(storage, () => clock.now)
  const session = new Session({
    store,
    transport,
    language: () => options.language ?? 'zh-CN',
    now: () => clock.now,
    lock: (_name, task) => task(),
  })
  const ended = vi.fn()
  session.onEnd(ended)
  const login = () => session.login({ username: 'builder', password: 'Demo-2026' })
  return { clock, server, calls, count, storage, store, session, ended, login }
}

function sentRefreshTokens(calls: Call[]): string[] {
  return calls
    .filter((c) => c.operation === 'RefreshToken')
    .map((c) => (c.variables?.input as { refreshToken: string }).refreshToken)
}

function bearers(calls: Call[], operation = 'Me'): (string | undefined)[] {
  return calls.filter((c) => c.operation === operation).map((c) => c.headers.authorization)
}

function storedRefreshToken(storage: MemoryRefreshTokenStorage): string | undefined {
  return (storage.value as { token: string } | null)?.token
}

describe('Session.login', () => {
  it('keeps the access token in memory and only the refresh token in storage', async () => {
    // given
    const { login, store, storage } = setup()
    // when
    const result = await login()
    // then
    expect(result).toMatchObject({ ok: true, user: { displayName: '王建设' } })
    expect(store.accessToken()).toBe('access-1')
    expect(storage.value).toEqual({ token: 'refresh-1', expiresAt: T0 + 30 * 24 * 60 * MINUTE })
  })

  it('returns the AuthError and stores nothing when the server asks for a one-time code', async () => {
    // given
    const { login, server, storage, calls } = setup({ language: 'en' })
    server.loginAnswer = authError('OTP_REQUIRED', 'Enter your one-time code')
    // when
    const result = await login()
    // then
    expect(result).toEqual({ ok: false, error: authError('OTP_REQUIRED', 'Enter your one-time code') })
    expect(storage.value).toBeNull()
    expect(calls[0]?.headers['accept-language']).toBe('en')
    expect(calls[0]?.headers.authorization).toBeUndefined()
  })
})

describe('Session.request', () => {
  it('sends the access token as a bearer token', async () => {
    const { login, session, calls } = setup()
    await login()
    await expect(session.request(ME)).resolves.toEqual(meAnswer.data)
    expect(bearers(calls)).toEqual(['Bearer access-1'])
  })

  it('refreshes once for many operations that find the access token expired', async () => {
    // given a session whose access token has expired
    const { login, session, clock, count, calls, storage } = setup()
    await login()
    clock.now += 20 * MINUTE
    // when three operations start together
    const results = await Promise.all([session.request(ME), session.request(ME), session.request(ME)])
    // then one refresh served them all, and they ran with the new token
    expect(results).toEqual([meAnswer.data, meAnswer.data, meAnswer.data])
    expect(count('RefreshToken')).toBe(1)
    expect(bearers(calls)).toEqual(['Bearer access-2', 'Bearer access-2', 'Bearer access-2'])
    expect(storedRefreshToken(storage)).toBe('refresh-2')
  })

  it('refreshes shortly before the access token expires, not only after', async () => {
    const { login, session, clock, count, calls } = setup()
    await login()
    clock.now += 14.5 * MINUTE
    await session.request(ME)
    expect(count('RefreshToken')).toBe(1)
    expect(bearers(calls)).toEqual(['Bearer access-2'])
  })

  it('on UNAUTHENTICATED refreshes once for all operations and retries each', async () => {
    // given the server no longer accepts a token that has not expired yet
    const { login, session, server, count, calls } = setup()
    await login()
    server.revokeAccess()
    // when
    const results = await Promise.all([session.request(ME), session.request(ME)])
    // then
    expect(results).toEqual([meAnswer.data, meAnswer.data])
    expect(count('RefreshToken')).toBe(1)
    expect(bearers(calls)).toEqual([
      'Bearer access-1',
      'Bearer access-1',
      'Bearer access-2',
      'Bearer access-2',
    ])
  })

  it('does not refresh again when another operation renewed the token meanwhile', async () => {
    // given an operation whose UNAUTHENTICATED answer arrives after another one renewed
    const { login, session, server, count, calls } = setup()
    await login()
    server.revokeAccess()
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const answer = server.handler
    let first = true
    server.handler = async (call) => {
      const result = answer(call)
      if (call.operation === 'Me' && first) {
        first = false
        await held
      }
      return result
    }
    const slow = session.request(ME)
    await session.request(ME)
    // when the slow answer comes in
    release()
    // then it is retried with the already renewed token
    await expect(slow).resolves.toEqual(meAnswer.data)
    expect(count('RefreshToken')).toBe(1)
    expect(bearers(calls).at(-1)).toBe('Bearer access-2')
  })

  it('ends the session instead of looping when the renewed token is refused too', async () => {
    // given a server that refuses every access token
    const { login, session, server, count, ended, storage } = setup()
    await login()
    const answer = server.handler
    server.handler = (call) => (call.operation === 'Me' ? unauthenticated : answer(call))
    // when / then
    await expect(session.request(ME)).rejects.toBeInstanceOf(SessionEndedError)
    expect(count('RefreshToken')).toBe(1)
    expect(count('Me')).toBe(2)
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired')
    expect(storage.value).toBeNull()
  })

  it('passes other errors through without touching the session', async () => {
    const { login, session, server, count, ended } = setup()
    await login()
    server.handler = () => ({ data: null, errors: [{ message: 'No', extensions: { code: 'FORBIDDEN' } }] })
    await expect(session.request(ME)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(count('RefreshToken')).toBe(0)
    expect(ended).not.toHaveBeenCalled()
  })

  it('reads expiry times through the server clock', async () => {
    // given a device clock one hour behind the server's
    const behind = setup({ serverAheadMs: 60 * MINUTE })
    await behind.login()
    // then a token the server gave for 15 minutes is renewed after 15 device minutes
    behind.clock.now += 16 * MINUTE
    await behind.session.request(ME)
    expect(behind.count('RefreshToken')).toBe(1)

    // given a device clock one hour ahead of the server's
    const ahead = setup({ serverAheadMs: -60 * MINUTE })
    await ahead.login()
    // then a fresh token is used as it is
    await ahead.session.request(ME)
    expect(ahead.count('RefreshToken')).toBe(0)
    expect(bearers(ahead.calls)).toEqual(['Bearer access-1'])
  })
})

describe('Session.refresh', () => {
  it('replaces the refresh token at every rotation and never sends an old one again', async () => {
    const { login, session, calls, storage } = setup()
    await login()
    await session.refresh()
    expect(storedRefreshToken(storage)).toBe('refresh-2')
    await session.refresh()
    expect(storedRefreshToken(storage)).toBe('refresh-3')
    expect(sentRefreshTokens(calls)).toEqual(['refresh-1', 'refresh-2'])
  })

  it('shares one request among concurrent callers, then starts a new one', async () => {
    const { login, session, count } = setup()
    await login()
    const first = session.refresh()
    expect(session.refresh()).toBe(first)
    await first
    await session.refresh()
    expect(count('RefreshToken')).toBe(2)
  })

  it('ends the session when the server refuses the refresh token', async () => {
    const { login, session, server, ended, storage, store } = setup()
    await login()
    server.refuseRefresh = true
    const error = await session.refresh().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionEndedError)
    expect((error as SessionEndedError).code).toBe('REFRESH_TOKEN_REUSED')
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired')
    expect(storage.value).toBeNull()
    expect(store.accessToken()).toBeNull()
  })

  it('keeps the tokens when the server cannot be reached', async () => {
    const { login, session, server, ended, storage } = setup()
    await login()
    server.offline = true
    await expect(session.refresh()).rejects.toBeInstanceOf(NetworkError)
    expect(ended).not.toHaveBeenCalled()
    expect(storedRefreshToken(storage)).toBe('refresh-1')
    server.offline = false
    await session.refresh()
    expect(storedRefreshToken(storage)).toBe('refresh-2')
  })

  it('keeps the tokens when the server asks to slow down', async () => {
    const { login, session, server, ended, storage } = setup()
    await login()
    const answer = server.handler
    server.handler = (call) =>
      call.operation === 'RefreshToken'
        ? { data: { refreshToken: authError('RATE_LIMITED') } }
        : answer(call)
    await expect(session.refresh()).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    expect(ended).not.toHaveBeenCalled()
    expect(storedRefreshToken(storage)).toBe('refresh-1')
  })

  it('resumes after a restart from the stored refresh token', async () => {
    // given a session from an earlier visit
    const storage = new MemoryRefreshTokenStorage()
    const before = setup({ storage })
    await before.login()
    // when the app starts again with nothing in memory, against the same server
    const after = setup({ storage })
    after.server.handler = (call) => before.server.handler(call)
    // then
    await expect(after.session.hasStoredSession()).resolves.toBe(true)
    await expect(after.session.request(ME)).resolves.toEqual(meAnswer.data)
    expect(after.calls.map((c) => c.operation)).toEqual(['RefreshToken', 'Me'])
    expect(sentRefreshTokens(after.calls)).toEqual(['refresh-1'])
  })

  it('lets tabs take turns, each using the token the previous tab rotated', async () => {
    // given two tabs sharing storage and a browser-wide lock, each with its own memory
    const storage = new MemoryRefreshTokenStorage()
    const lock = mutexLock()
    const server = fakeServer()
    const { transport, calls } = scriptedTransport((call) => server.handler(call))
    const tab = () =>
      new Session({
        store: new TokenStore(storage, () => T0),
        transport,
        language: () => 'zh-CN',
        now: () => T0,
        lock,
      })
    const a = tab()
    const b = tab()
    await a.login({ username: 'builder', password: 'Demo-2026' })
    // when both renew at the same moment
    await Promise.all([a.refresh(), b.refresh()])
    // then no refresh token was sent twice, and each tab holds a working access token
    expect(sentRefreshTokens(calls)).toEqual(['refresh-1', 'refresh-2'])
    expect(storedRefreshToken(storage)).toBe('refresh-3')
    await expect(b.request(ME)).resolves.toEqual(meAnswer.data)
  })
})

describe('Session.logout', () => {
  it('revokes the refresh token on the server and forgets both tokens', async () => {
    const { login, session, calls, storage, store, ended } = setup()
    await login()
    await session.logout()
    expect(calls.at(-1)).toMatchObject({
      operation: 'Logout',
      variables: { input: { refreshToken: 'refresh-1' } },
      headers: { authorization: 'Bearer access-1' },
    })
    expect(storage.value).toBeNull()
    expect(store.accessToken()).toBeNull()
    expect(ended).toHaveBeenCalledExactlyOnceWith('signedOut')
  })

  it('signs out on this device even when offline', async () => {
    const { login, session, server, storage } = setup()
    await login()
    server.offline = true
    await expect(session.logout()).resolves.toBeUndefined()
    expect(storage.value).toBeNull()
  })

  it('does not let a refresh that was under way revive the session', async () => {
    const { login, session, clock, storage, store } = setup()
    await login()
    clock.now += 20 * MINUTE
    const pending = session.request(ME)
    await session.logout()
    await expect(pending).rejects.toBeInstanceOf(SessionEndedError)
    expect(storage.value).toBeNull()
    expect(store.accessToken()).toBeNull()
  })
})

describe('signing in from DingTalk', () => {
  function dingtalkSession(answer: (call: Call) => unknown) {
    const storage = new MemoryRefreshTokenStorage()
    const { transport, calls } = scriptedTransport((call) => ({ data: answer(call) }) as never)
    const session = new Session({
      store: new TokenStore(storage, () => T0),
      transport,
      language: () => 'zh-CN',
      now: () => T0,
      lock: mutexLock(),
    })
    return { session, storage, calls }
  }

  it('signs in with the auth code and keeps the tokens', async () => {
    const { session, storage, calls } = dingtalkSession(() => ({ dingtalkSignIn: authPayload(1) }))
    const result = await session.dingtalkSignIn({ code: 'auth-code', device: 'phone' })
    expect(result).toMatchObject({ ok: true, user: { username: 'builder' } })
    expect(calls[0]).toMatchObject({ operation: 'DingtalkSignIn', variables: { input: { code: 'auth-code' } } })
    expect(calls[0]?.headers.authorization).toBeUndefined()
    expect((storage.value as { token: string }).token).toBe('refresh-1')
  })

  it('asks to bind an unknown DingTalk account, then signs in with the ticket', async () => {
    const { session, storage, calls } = dingtalkSession((call) =>
      call.operation === 'DingtalkSignIn'
        ? { dingtalkSignIn: { __typename: 'BindingRequired', ticket: 't-1', provider: 'dingtalk' } }
        : { bindExternalAccount: authPayload(1) },
    )
    const first = await session.dingtalkSignIn({ code: 'auth-code' })
    expect(first).toEqual({ ok: false, binding: { __typename: 'BindingRequired', ticket: 't-1', provider: 'dingtalk' } })
    expect(storage.value).toBeNull()
    const bound = await session.bindExternalAccount({ ticket: 't-1', username: 'builder', password: 'Demo-2026' })
    expect(bound).toMatchObject({ ok: true })
    expect(calls[1]).toMatchObject({ operation: 'BindExternalAccount', variables: { input: { ticket: 't-1' } } })
  })

  it('returns the AuthError of a refused binding', async () => {
    const { session } = dingtalkSession(() => ({ bindExternalAccount: authError('INVALID_CREDENTIALS', '用户名或密码错误') }))
    expect(await session.bindExternalAccount({ ticket: 't', username: 'x', password: 'y' })).toEqual({
      ok: false,
      error: authError('INVALID_CREDENTIALS', '用户名或密码错误'),
    })
  })

  it('asks the public configuration without a token', async () => {
    const { session, calls } = dingtalkSession(() => ({ publicConfig: { dingtalkCorpId: 'ding123' } }))
    await session.login({ username: 'builder', password: 'x' }).catch(() => undefined)
    const data = await session.requestPublic<{ publicConfig: { dingtalkCorpId: string } }>('query PublicConfig { publicConfig { dingtalkCorpId } }')
    expect(data.publicConfig.dingtalkCorpId).toBe('ding123')
    expect(calls.at(-1)?.headers.authorization).toBeUndefined()
  })
})
