const { GraphQLServer, installWx, openPage } = require('./harness')
const { keepTokens, pointAt } = require('./fixtures')
const { resolveLink, resolvePage } = require('../../miniprogram/src/router')

const server = new GraphQLServer()
let wxState

beforeAll(() => server.start())
afterAll(() => server.stop())
beforeEach(() => {
  wxState = installWx(server)
  pointAt(server)
})

test('in-app links resolve to the page that opens them', () => {
  expect(resolveLink('/todos/VGFzazoxMg==')).toBe('/pages/todo/todo?id=VGFzazoxMg%3D%3D')
  expect(resolvePage('pages/index/index?link=%2Ftodos%2FVGFzazoxMg%3D%3D')).toBe('/pages/todo/todo?id=VGFzazoxMg%3D%3D')
  expect(resolveLink('/somewhere/else')).toBe('/pages/home/home')
  expect(resolvePage('pages/index/index')).toBe('/pages/home/home')
})

test("every kind of link the server sends in a subscribe message's page opens its own page", () => {
  // notifications/messages.py link_for and /inbox, wrapped by notifications/channels/wechat.py page_of
  const page = (link) => `pages/index/index?link=${encodeURIComponent(link)}`
  expect(resolvePage(page('/todos/VGFzazoxMg=='))).toBe('/pages/todo/todo?id=VGFzazoxMg%3D%3D')
  expect(resolvePage(page('/sheets/U2VhdDo0'))).toBe('/pages/sheet/sheet?seatId=U2VhdDo0')
  expect(resolvePage(page('/projects/UHJvamVjdDox'))).toBe('/pages/project/project?id=UHJvamVjdDox')
  expect(resolvePage(page('/inbox'))).toBe('/pages/inbox/inbox')
})

test("a subscribe message's page opens the to-do when signed in", async () => {
  // given
  keepTokens('1')
  // when: WeChat opens pages/index/index?link=%2Ftodos%2FVGFzazoxMg%3D%3D
  await openPage('index', { link: '%2Ftodos%2FVGFzazoxMg%3D%3D' })
  // then
  expect(wxState.navigations).toEqual([{ reLaunch: '/pages/todo/todo?id=VGFzazoxMg%3D%3D' }])
})

test('signed out, it signs in first and then opens the to-do', async () => {
  // when
  await openPage('index', { link: '%2Ftodos%2FVGFzazoxMg%3D%3D' })
  // then
  expect(wxState.navigations).toEqual([
    { reLaunch: `/pages/signin/signin?redirect=${encodeURIComponent('/pages/todo/todo?id=VGFzazoxMg%3D%3D')}` },
  ])
})
