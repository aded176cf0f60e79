const { GraphQLServer, installWx, unauthenticated } = require('./harness')
const { authPayload, keepTokens, pointAt } = require('./fixtures')
const { Session, SessionEndedError } = require('../../miniprogram/src/api/session')
const { HomeScreenDocument } = require('../../miniprogram/src/api/generated/HomeScreen')

const server = new GraphQLServer()

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  server.reset()
  installWx(server)
  pointAt(server)
})

const ME = { user: { id: 'VXNlcjox', displayName: '李数据' }, centers: [] }
const VARIABLES = { kind: 'DATA', withCenter: false, withProjects: false, first: 1 }

/** Accepts only the current access token; each refresh rotates the pair. */
function rotatingServer(start = 1) {
  let generation = start
  server.resolvers.me = (_, call) => {
    if (call.authorization !== `Bearer access-${generation}`) throw unauthenticated()
    return ME
  }
  server.resolvers.refreshToken = ({ input }) => {
    if (input.refreshToken !== `refresh-${generation}`) {
      return { __typename: 'AuthError', code: 'REFRESH_TOKEN_REUSED', message: 'reused', field: null }
    }
    generation++
    return authPayload(String(generation))
  }
}

test('an access token about to expire is renewed once for many operations at the same time', async () => {
  // given
  rotatingServer()
  keepTokens('1', 10_000)
  const session = new Session()
  // when
  const answers = await Promise.all([1, 2, 3].map(() => session.request(HomeScreenDocument, VARIABLES)))
  // then
  expect(answers.map((answer) => answer.me.user.displayName)).toEqual(['李数据', '李数据', '李数据'])
  expect(server.calls('RefreshToken').map((call) => call.variables.input.refreshToken)).toEqual(['refresh-1'])
  expect(server.calls('HomeScreen').map((call) => call.authorization)).toEqual(Array(3).fill('Bearer access-2'))
  expect(wx.getStorageSync('qc.tokens')).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' })
})

test('a refused access token is renewed and the operation sent again, once', async () => {
  // given: the server already rotated past access-1 (e.g. revoked it)
  rotatingServer(1)
  keepTokens('0', 15 * 60_000)
  wx.setStorageSync('qc.tokens', { ...wx.getStorageSync('qc.tokens'), refreshToken: 'refresh-1' })
  const session = new Session()
  // when
  const answer = await session.request(HomeScreenDocument, VARIABLES)
  // then
  expect(answer.me.user.id).toBe('VXNlcjox')
  expect(server.calls('HomeScreen').map((call) => call.authorization)).toEqual(['Bearer access-0', 'Bearer access-2'])
  expect(server.calls('RefreshToken')).toHaveLength(1)
})

test('a refresh token the server refuses ends the session and forgets the tokens', async () => {
  // given
  rotatingServer(5)
  keepTokens('1', 10_000)
  const session = new Session()
  const ended = jest.fn()
  session.onEnd(ended)
  // when
  const failure = session.request(HomeScreenDocument, VARIABLES)
  // then
  await expect(failure).rejects.toBeInstanceOf(SessionEndedError)
  expect(ended).toHaveBeenCalledTimes(1)
  expect(wx.getStorageSync('qc.tokens')).toBe('')
  expect(server.calls('HomeScreen')).toHaveLength(0)
})

test('a rate-limited refresh keeps the tokens to try again later', async () => {
  // given
  keepTokens('1', 10_000)
  server.resolvers.refreshToken = () => ({ __typename: 'AuthError', code: 'RATE_LIMITED', message: 'slow down', field: null })
  const session = new Session()
  // when
  await expect(session.request(HomeScreenDocument, VARIABLES)).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  // then
  expect(wx.getStorageSync('qc.tokens')).toMatchObject({ refreshToken: 'refresh-1' })
})
