const { GraphQLServer, installWx, openPage, settle } = require('./harness')
const { USER, authPayload, pointAt } = require('./fixtures')

const server = new GraphQLServer()
let wxState

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  server.reset()
  wxState = installWx(server)
  pointAt(server)
})

test('a bound WeChat identity signs in with the wx.login code and goes where it was sent', async () => {
  // given
  wxState.loginCodes.push('code-bound')
  server.resolvers.wechatSignIn = ({ input }) =>
    input.code === 'code-bound' ? authPayload('1') : { __typename: 'AuthError', code: 'INVALID_CREDENTIALS', message: '?', field: null }
  const page = await openPage('signin', { redirect: encodeURIComponent('/pages/todo/todo?id=VGFzazox') })
  // when
  await page.instance.signIn()
  await settle()
  // then
  expect(server.calls('WechatSignIn')).toEqual([
    { name: 'WechatSignIn', variables: { input: { code: 'code-bound', device: 'wechat-miniprogram' } }, authorization: undefined },
  ])
  expect(wx.getStorageSync('qc.tokens')).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' })
  expect(wxState.navigations).toEqual([{ reLaunch: '/pages/todo/todo?id=VGFzazox' }])
})

test('first use binds the identity with the password, then signs in', async () => {
  // given
  wxState.loginCodes.push('code-new')
  server.resolvers.wechatSignIn = () => ({ __typename: 'BindingRequired', ticket: 'ticket-7', provider: 'wechat' })
  server.resolvers.bindExternalAccount = ({ input }) =>
    input.password === 'right-password'
      ? authPayload('2')
      : { __typename: 'AuthError', code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', field: 'password' }
  const page = await openPage('signin')
  await page.instance.signIn()
  await settle()
  expect(page.querySelector('.bind')).toBeTruthy()
  // when: a wrong password, then the right one
  page.instance.onUsername({ detail: USER.username })
  page.instance.onPassword({ detail: 'wrong' })
  await page.instance.bind()
  await settle()
  // then
  expect(page.querySelector('.error').dom.textContent).toBe('用户名或密码错误')
  expect(wx.getStorageSync('qc.tokens')).toBe('')
  page.instance.onPassword({ detail: 'right-password' })
  await page.instance.bind()
  await settle()
  expect(server.calls('BindExternalAccount').map((call) => call.variables.input)).toEqual([
    { ticket: 'ticket-7', username: 'li.data', password: 'wrong', device: 'wechat-miniprogram' },
    { ticket: 'ticket-7', username: 'li.data', password: 'right-password', device: 'wechat-miniprogram' },
  ])
  expect(wx.getStorageSync('qc.tokens')).toMatchObject({ accessToken: 'access-2' })
  expect(wxState.navigations).toEqual([{ reLaunch: '/pages/home/home' }])
})

test("the administrator's one-time code binds instead of the password", async () => {
  // given
  wxState.loginCodes.push('code-new')
  server.resolvers.wechatSignIn = () => ({ __typename: 'BindingRequired', ticket: 'ticket-8', provider: 'wechat' })
  server.resolvers.bindExternalAccount = ({ input }) => (input.oneTimeCode === '482913' ? authPayload('3') : null)
  const page = await openPage('signin')
  await page.instance.signIn()
  await settle()
  // when
  page.instance.toggleCode()
  await settle()
  page.instance.onUsername({ detail: USER.username })
  page.instance.onOneTimeCode({ detail: '482913' })
  await page.instance.bind()
  await settle()
  // then
  expect(page.querySelector('.one-time-code')).toBeTruthy()
  expect(server.calls('BindExternalAccount')[0].variables.input).toEqual({
    ticket: 'ticket-8', username: 'li.data', oneTimeCode: '482913', device: 'wechat-miniprogram',
  })
  expect(wx.getStorageSync('qc.tokens')).toMatchObject({ accessToken: 'access-3' })
})

test('without network the page says so and keeps no tokens', async () => {
  // given
  wxState.loginCodes.push('code-bound')
  wxState.online = false
  const page = await openPage('signin')
  // when
  await page.instance.signIn()
  await settle()
  // then
  expect(page.querySelector('.error').dom.textContent).toBe('网络不可用，请稍后重试')
  expect(wx.getStorageSync('qc.tokens')).toBe('')
  expect(wxState.navigations).toEqual([])
})
