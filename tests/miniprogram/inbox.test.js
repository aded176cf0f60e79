const { GraphQLServer, installWx, openPage, settle } = require('./harness')
const { keepTokens, pointAt } = require('./fixtures')

const server = new GraphQLServer()
let wxState

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  server.reset()
  wxState = installWx(server)
  pointAt(server)
  keepTokens('1')
})

const NOTIFICATIONS = [
  { id: 'Tm90OjI=', kind: 'step.opened', title: '新的待办', body: '项目「市民卡二期」有一项待办需要您办理。', link: '/todos/VGFzazox', urgent: true, createdAt: '2026-12-03T01:00:00Z', read: false },
  { id: 'Tm90OjE=', kind: 'panel.invited', title: '评审邀请', body: '请为「智慧停车」评分。', link: '/sheets/UGFuZWxTZWF0OjQ=', urgent: false, createdAt: '2026-12-02T01:00:00Z', read: true },
]

function inboxServer() {
  const marked = []
  server.resolvers.myNotifications = () => ({ totalCount: 2, edges: NOTIFICATIONS.map((node) => ({ node })) })
  server.resolvers.markNotificationsRead = ({ notificationIds }) => marked.push(...notificationIds)
  return marked
}

test('the inbox lists the notifications; one opens its page and is marked read', async () => {
  // given
  const marked = inboxServer()
  const page = await openPage('inbox')
  expect(page.querySelectorAll('.notification').map((row) => row.dom.className.includes('unread'))).toEqual([true, false])
  // when
  page.querySelectorAll('.notification')[0].dispatchEvent('tap')
  await settle()
  page.querySelectorAll('.notification')[1].dispatchEvent('tap')
  await settle()
  // then
  expect(wxState.navigations).toEqual([
    { navigateTo: '/pages/todo/todo?id=VGFzazox' },
    { navigateTo: '/pages/sheet/sheet?seatId=UGFuZWxTZWF0OjQ%3D' },
  ])
  expect(marked).toEqual(['Tm90OjI='])
  expect(page.querySelectorAll('.notification').map((row) => row.dom.className.includes('unread'))).toEqual([false, false])
})

test('offline, the inbox shows what it last fetched', async () => {
  // given
  inboxServer()
  await openPage('inbox')
  // when
  wxState.online = false
  const page = await openPage('inbox')
  // then
  expect(page.querySelectorAll('.notification')).toHaveLength(2)
  expect(page.querySelector('.error')).toBeFalsy()
})
