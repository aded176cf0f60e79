const { GraphQLServer, installWx, openPage, settle } = require('./harness')
const { keepTokens, pointAt, todo } = require('./fixtures')
const { outbox } = require('../../miniprogram/src/services')

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

const TODO = todo('VGFzazox', {
  stepVersion: 4,
  project: {
    ...todo('x').project,
    materials: [{ id: 'TWF0OjE=', stage: 'PRE_REVIEW', title: '可行性研究报告.pdf', contentType: 'application/pdf', size: 1024, sha256: 'ab', uploadedAt: '2026-11-30T02:00:00Z', previewUrl: '/files/signed-token' }],
  },
})
const HISTORY = [{ id: 'SDox', action: 'SUBMIT', comment: '请审核', at: '2026-11-30T02:00:00Z', actingFor: null, actorName: '王建设', stage: 'PRE_REVIEW' }]

function state(taskStatus) {
  return { projectId: 'UHJvamVjdDox', taskId: 'VGFzazox', projectStatus: 'ACTIVE', projectStage: 'PRE_REVIEW', projectVersion: 2, stepStatus: 'OPEN', stepVersion: 5, taskStatus, project: null }
}

function detailServer(decide) {
  server.resolvers.node = ({ id }) => (id === TODO.id ? TODO : null)
  server.resolvers.projectHistory = () => HISTORY
  server.resolvers.decide = decide
}

test('the approval detail shows the project, its materials and its history', async () => {
  // given
  detailServer()
  // when
  const page = await openPage('todo', { id: encodeURIComponent('VGFzazox') })
  // then
  expect(page.querySelector('.head').dom.textContent.replace(/\s+/g, ' ').trim()).toBe('初审：市民卡二期QC-2026-001 市民卡二期第3天/共5个工作日')
  expect(page.querySelectorAll('.material').map((row) => row.dom.textContent.trim())).toEqual(['可行性研究报告.pdf'])
  expect(page.querySelectorAll('.entry')[0].dom.textContent).toContain('王建设 SUBMIT')
  expect(server.calls('ProjectHistory')[0].variables).toEqual({ projectId: 'UHJvamVjdDox' })
})

test('approving asks for confirmation, then sends the decision with its key and the step version seen', async () => {
  // given
  detailServer(({ input }) => ({ __typename: 'ActionDone', state: state('DONE') }))
  const page = await openPage('todo', { id: 'VGFzazox' })
  // when: the first time the person cancels, the second time confirms
  wxState.modalAnswers.push(false)
  await page.instance.act({ currentTarget: { dataset: { action: 'APPROVE' } } })
  await settle()
  expect(server.calls('Decide')).toHaveLength(0)
  wxState.modalAnswers.push(true)
  await page.instance.act({ currentTarget: { dataset: { action: 'APPROVE' } } })
  await settle()
  // then
  expect(wxState.navigations.filter((step) => step.modal)).toEqual([{ modal: '确认同意该事项？' }, { modal: '确认同意该事项？' }])
  const [call] = server.calls('Decide')
  expect(call.variables.input).toEqual({
    idempotencyKey: expect.stringMatching(/^[0-9a-f]{32}$/),
    taskId: 'VGFzazox',
    verdict: 'APPROVE',
    comment: '',
    expectedVersion: 4,
  })
  expect(page.querySelector('.status').dom.textContent).toBe('已提交')
  expect(page.querySelector('.actions')).toBeFalsy()
  expect(outbox.pending()).toEqual([])
})

test('a decision someone else overtook is shown as refused and the actions come back', async () => {
  // given
  detailServer(() => ({ __typename: 'WorkflowError', code: 'VERSION_CONFLICT', message: '该事项已被他人办理', field: 'expectedVersion', current: state('DONE') }))
  const page = await openPage('todo', { id: 'VGFzazox' })
  // when
  wxState.modalAnswers.push(true)
  await page.instance.act({ currentTarget: { dataset: { action: 'REJECT' } } })
  await settle()
  // then
  expect(server.calls('Decide')[0].variables.input.verdict).toBe('REJECT')
  expect(page.querySelector('.error').dom.textContent).toBe('未能提交：该事项已被他人办理')
  expect(page.querySelector('.actions')).toBeTruthy()
  expect(outbox.pending()).toEqual([])
})

test('returning for revision goes through returnForRevision', async () => {
  // given
  detailServer()
  server.resolvers.returnForRevision = () => ({ __typename: 'ActionDone', state: state('RETURNED') })
  const page = await openPage('todo', { id: 'VGFzazox' })
  // when
  wxState.modalAnswers.push(true)
  await page.instance.act({ currentTarget: { dataset: { action: 'RETURN' } } })
  await settle()
  // then
  expect(server.calls('ReturnForRevision')[0].variables.input).toMatchObject({ taskId: 'VGFzazox', expectedVersion: 4 })
  expect(page.querySelector('.status').dom.textContent).toBe('已提交')
})

test('a material opens with wx.openDocument from its signed preview link', async () => {
  // given
  detailServer()
  server.files['/files/signed-token'] = { contentType: 'application/pdf', body: '%PDF-1.4 可行性研究报告' }
  const page = await openPage('todo', { id: 'VGFzazox' })
  // when
  page.querySelector('.material').dispatchEvent('tap')
  await settle()
  // then
  expect(wxState.opened).toEqual([expect.objectContaining({ content: '%PDF-1.4 可行性研究报告', showMenu: false })])
})

test('after a decision is done, the configured subscribe messages are asked for and the grants reported', async () => {
  // given
  const { config } = require('../../miniprogram/src/config')
  config.subscribeTemplateIds = ['tmpl-todo', 'tmpl-overdue']
  wxState.subscribeAnswer = { 'tmpl-todo': 'accept', 'tmpl-overdue': 'reject' }
  detailServer(() => ({ __typename: 'ActionDone', state: state('DONE') }))
  server.resolvers.recordWechatSubscriptions = ({ templateIds }) => ({ __typename: 'Done', ok: templateIds.length > 0 })
  const page = await openPage('todo', { id: 'VGFzazox' })
  // when
  wxState.modalAnswers.push(true)
  await page.instance.act({ currentTarget: { dataset: { action: 'APPROVE' } } })
  await settle()
  // then
  expect(server.calls('RecordWechatSubscriptions').map((call) => call.variables)).toEqual([{ templateIds: ['tmpl-todo'] }])
})

test('an expert accepts an invitation, declaring no conflict, through the outbox', async () => {
  // given
  const invitation = todo('VGFzazo5', { kind: 'INVITATION', expects: 'RESPOND_INVITATION', seatId: 'UGFuZWxTZWF0OjQ=', stepVersion: null })
  server.resolvers.node = () => invitation
  server.resolvers.projectHistory = () => []
  server.resolvers.respondInvitation = () => ({ __typename: 'ActionDone', state: state('DONE') })
  const page = await openPage('todo', { id: 'VGFzazo5' })
  expect(page.querySelector('.approve')).toBeFalsy()
  // when
  wxState.modalAnswers.push(true)
  await page.instance.act({ currentTarget: { dataset: { action: 'ACCEPT' } } })
  await settle()
  // then
  expect(wxState.navigations).toEqual([{ modal: '接受评审邀请，并声明与该项目无利益冲突？' }])
  expect(server.calls('RespondInvitation')[0].variables.input).toEqual({
    idempotencyKey: expect.stringMatching(/^[0-9a-f]{32}$/), seatId: 'UGFuZWxTZWF0OjQ=', accept: true, noConflict: true, reason: '',
  })
  expect(page.querySelector('.status').dom.textContent).toBe('已提交')
})

test('a scoring to-do opens its score sheet', async () => {
  // given
  server.resolvers.node = () => todo('VGFzazo3', { kind: 'SCORE', expects: 'SCORE', seatId: 'UGFuZWxTZWF0OjQ=' })
  server.resolvers.projectHistory = () => []
  const page = await openPage('todo', { id: 'VGFzazo3' })
  // when
  page.instance.openSheet()
  await settle()
  // then
  expect(wxState.navigations).toEqual([{ navigateTo: '/pages/sheet/sheet?seatId=UGFuZWxTZWF0OjQ%3D' }])
})
