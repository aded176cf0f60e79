const { GraphQLServer, installWx, openPage, settle } = require('./harness')
const { keepTokens, pointAt } = require('./fixtures')

const server = new GraphQLServer()

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  server.reset()
  installWx(server)
  pointAt(server)
  keepTokens('1')
})

function settingsServer() {
  const saved = []
  server.resolvers.myNotificationSettings = () => ({
    channels: [
      { channel: 'WECHAT', enabled: true, available: true },
      { channel: 'SMS', enabled: true, available: true },
      { channel: 'DINGTALK', enabled: false, available: false },
    ],
    quietStart: null,
    quietEnd: null,
    digest: false,
    digestAt: '08:30',
  })
  server.resolvers.updateNotificationSettings = ({ input }) => {
    saved.push(input)
    return { __typename: 'Done', ok: true }
  }
  return saved
}

test('channels and quiet hours are saved as chosen; a channel this server lacks keeps its setting', async () => {
  // given
  const saved = settingsServer()
  const page = await openPage('settings')
  expect(page.querySelectorAll('.channel').map((row) => row.dom.textContent.trim())).toEqual(['微信订阅消息开', '短信开'])
  // when
  page.querySelector('.channel-SMS').dispatchEvent('tap')
  await settle()
  page.instance.onQuietStart({ detail: { value: '22:30' } })
  page.instance.onQuietEnd({ detail: { value: '07:00' } })
  await page.instance.save()
  await settle()
  // then
  expect(saved).toEqual([{ disabledChannels: ['SMS', 'DINGTALK'], quietStart: '22:30', quietEnd: '07:00', digest: false, digestAt: '08:30' }])
  expect(page.querySelector('.status').dom.textContent).toBe('已保存')
})

test('the language switch turns the UI to English and back', async () => {
  // given
  settingsServer()
  const page = await openPage('settings')
  // when
  await page.instance.switchLanguage()
  await settle()
  // then
  expect(page.querySelectorAll('.channel').map((row) => row.dom.textContent.trim())).toEqual(['WeChat subscribe messagesOn', 'SMSOn'])
  await page.instance.switchLanguage()
  await settle()
  expect(page.querySelector('.section').dom.textContent).toBe('提醒渠道')
})
