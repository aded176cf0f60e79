const { GraphQLServer, installWx, openPage, settle, unauthenticated } = require('./harness')
const { keepTokens, pointAt, todo } = require('./fixtures')

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

const CENTERS = [
  { kind: 'DATA', abilities: ['SEE_CHARTS'], organisation: { id: 'T3JnOjE=', name: '市数据局' } },
  { kind: 'EXPERT', abilities: [], organisation: { id: 'T3JnOjk=', name: '专家库' } },
]
const TODOS = {
  DATA: [
    todo('VGFzazox', { title: '初审：市民卡二期', light: 'RED', daysUsed: 6, limitDays: 5 }),
    todo('VGFzazoy', { title: '复审：政务云扩容', light: 'GREEN', daysUsed: 1, limitDays: 10 }),
  ],
  EXPERT: [todo('VGFzazoz', { title: '评分：智慧停车', kind: 'SCORE', light: 'YELLOW', daysUsed: 2, limitDays: 3 })],
}

function homeServer() {
  server.resolvers.me = (_, call) => {
    if (call.authorization !== 'Bearer access-1') throw unauthenticated()
    return { user: { id: 'VXNlcjox', displayName: '李数据' }, centers: CENTERS }
  }
  server.resolvers.center = ({ kind }) => ({
    kind,
    todos: () => ({ totalCount: TODOS[kind].length, edges: TODOS[kind].map((node) => ({ node })) }),
  })
}

function rows(page) {
  return page.querySelectorAll('.todo').map((row) => row.dom.textContent.replace(/\s+/g, ' ').trim())
}

test('the home lists the first center’s to-dos with their lights and 第X天/共Y个工作日', async () => {
  // given
  homeServer()
  // when
  const page = await openPage('home')
  await page.instance.onShow()
  await settle()
  // then
  expect(page.querySelectorAll('.center').map((tag) => tag.dom.textContent.trim())).toEqual(['市数据局', '专家库'])
  expect(rows(page)).toEqual([
    '初审：市民卡二期QC-2026-001 市民卡二期第6天/共5个工作日',
    '复审：政务云扩容QC-2026-001 市民卡二期第1天/共10个工作日',
  ])
  expect(page.querySelectorAll('.light').map((light) => light.dom.className)).toEqual([
    expect.stringContaining('light-RED'),
    expect.stringContaining('light-GREEN'),
  ])
  expect(server.calls('HomeScreen').map((call) => call.variables)).toEqual([
    { kind: 'DATA', withCenter: false, withProjects: false, first: 30 },
    { kind: 'DATA', withCenter: true, withProjects: false, first: 30 },
  ])
})

test('the center switcher shows the other center’s to-dos and remembers the choice', async () => {
  // given
  homeServer()
  const page = await openPage('home')
  await page.instance.onShow()
  await settle()
  // when
  page.querySelectorAll('.center')[1].dispatchEvent('tap')
  await settle()
  // then
  expect(rows(page)).toEqual(['评分：智慧停车QC-2026-001 市民卡二期第2天/共3个工作日'])
  expect(wx.getStorageSync('qc.center')).toBe('EXPERT')
  expect(server.calls('HomeScreen').at(-1).variables).toEqual({ kind: 'EXPERT', withCenter: true, withProjects: false, first: 30 })
})

test('offline, the home shows the list last seen and says so', async () => {
  // given: one visit online
  homeServer()
  const online = await openPage('home')
  await online.instance.onShow()
  await settle()
  // when
  wxState.online = false
  const offline = await openPage('home')
  await offline.instance.onShow()
  await settle()
  // then
  expect(rows(offline)).toEqual(rows(online))
  expect(offline.querySelector('.stale').dom.textContent).toBe('离线：显示上次获取的内容')
})

test('tapping a to-do opens its approval detail', async () => {
  // given
  homeServer()
  const page = await openPage('home')
  await page.instance.onShow()
  await settle()
  // when
  page.querySelectorAll('.todo')[0].dispatchEvent('tap')
  await settle()
  // then
  expect(wxState.navigations).toEqual([{ navigateTo: '/pages/todo/todo?id=VGFzazox' }])
})

test('a signed-out person is sent to sign in', async () => {
  // given
  homeServer()
  wx.removeStorageSync('qc.tokens')
  // when
  const page = await openPage('home')
  await page.instance.onShow()
  await settle()
  // then
  expect(wxState.navigations).toEqual([{ reLaunch: '/pages/signin/signin' }])
})

test('the home’s subscribe button reports only the templates the person allowed', async () => {
  // given
  homeServer()
  const { config } = require('../../miniprogram/src/config')
  config.subscribeTemplateIds = ['tmpl-todo', 'tmpl-overdue']
  wxState.subscribeAnswer = { 'tmpl-todo': 'reject', 'tmpl-overdue': 'accept' }
  server.resolvers.recordWechatSubscriptions = () => ({ __typename: 'Done', ok: true })
  const page = await openPage('home')
  // when
  await page.instance.subscribe()
  await settle()
  // then
  expect(server.calls('RecordWechatSubscriptions').map((call) => call.variables)).toEqual([{ templateIds: ['tmpl-overdue'] }])
})

test('the server says which homes list projects: asked for once known, and from the start next time', async () => {
  // given a center the app has no list for: the server alone says it follows projects
  const centers = [{ kind: 'DRC', abilities: ['FOLLOW_PROJECTS'], organisation: { id: 'T3JnOjM=', name: '市发改委' } }]
  server.resolvers.me = (_, call) => {
    if (call.authorization !== 'Bearer access-1') throw unauthenticated()
    return { user: { id: 'VXNlcjoz', displayName: '张发改' }, centers }
  }
  server.resolvers.center = ({ kind }) => ({
    kind,
    todos: { totalCount: 0, edges: [] },
    projects: { edges: [{ node: { id: 'UHJvamVjdDox', code: 'QC-2026-001', name: '市民卡二期', stage: 'CONSTRUCTION', light: 'GREEN' } }] },
  })
  // when the home opens the first time, then again
  const first = await openPage('home')
  await first.instance.onShow()
  await settle()
  const again = await openPage('home')
  await again.instance.onShow()
  await settle()
  // then the projects were asked for as soon as the answer said so, and at once the second time
  expect(server.calls('HomeScreen').map((call) => [call.variables.kind, call.variables.withCenter, call.variables.withProjects])).toEqual([
    ['DATA', false, false],
    ['DRC', true, true],
    ['DRC', true, true],
  ])
  expect(again.querySelectorAll('.project').length).toBe(1)
})
