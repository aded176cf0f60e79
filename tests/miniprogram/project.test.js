const { GraphQLServer, installWx, openPage, settle, unauthenticated } = require('./harness')
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

const PROJECT = {
  __typename: 'Project',
  id: 'UHJvamVjdDox',
  code: 'QC-2026-001',
  name: '市民卡二期',
  stage: 'FINANCE_REVIEW',
  status: 'ACTIVE',
  light: 'YELLOW',
  builder: { id: 'T3JnOjI=', name: '市民卡中心' },
  timeline: [
    { stage: 'PRE_REVIEW', status: 'DONE', openedAt: '2026-11-01T01:00:00Z', closedAt: '2026-11-05T01:00:00Z' },
    { stage: 'FINANCE_REVIEW', status: 'ACTIVE', openedAt: '2026-11-20T01:00:00Z', closedAt: null },
  ],
  holders: [
    { stepKey: 'finance_review', stage: 'FINANCE_REVIEW', center: 'FINANCE', names: ['张财政', '刘财政'], day: 4, of: 5, expectedDecisionOn: '2026-12-04', estimated: false, light: 'YELLOW', organisations: [] },
  ],
}

test('a builder follows their project from the home: who holds it, day X of Y, the stages', async () => {
  // given
  server.resolvers.me = (_, call) => {
    if (call.authorization !== 'Bearer access-1') throw unauthenticated()
    return { user: { id: 'VXNlcjo1', displayName: '王建设' }, centers: [{ kind: 'BUILDER', abilities: ['DECLARE_PROJECTS', 'FOLLOW_PROJECTS'], organisation: { id: 'T3JnOjI=', name: '市民卡中心' } }] }
  }
  server.resolvers.center = ({ kind }) => ({
    kind,
    todos: { totalCount: 0, edges: [] },
    projects: { edges: [{ node: { id: PROJECT.id, code: PROJECT.code, name: PROJECT.name, stage: PROJECT.stage, light: PROJECT.light } }] },
  })
  server.resolvers.node = ({ id }) => (id === PROJECT.id ? PROJECT : null)
  const home = await openPage('home')
  await home.instance.onShow()
  await settle()
  // when
  home.querySelectorAll('.project')[0].dispatchEvent('tap')
  await settle()
  const [{ navigateTo }] = wxState.navigations
  const page = await openPage('project', { id: navigateTo.split('id=')[1] })
  // then
  expect(server.calls('HomeScreen').at(-1).variables).toMatchObject({ kind: 'BUILDER', withProjects: true })
  expect(navigateTo).toBe('/pages/project/project?id=UHJvamVjdDox')
  expect(page.querySelectorAll('.holder').map((row) => row.dom.textContent.replace(/\s+/g, ''))).toEqual(['张财政、刘财政第4天/共5个工作日'])
  expect(page.querySelectorAll('.stage').map((row) => row.dom.textContent.replace(/\s+/g, ''))).toEqual(['PRE_REVIEW已完成', 'FINANCE_REVIEW进行中'])
})
