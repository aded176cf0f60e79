const { GraphQLServer, installWx, settle } = require('./harness')
const { keepTokens, pointAt } = require('./fixtures')
const { Session } = require('../../miniprogram/src/api/session')
const { Outbox } = require('../../miniprogram/src/outbox/outbox')

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

/** Acts once per idempotency key, as the API does, and counts what it did. */
function decidingServer() {
  const done = new Map()
  server.resolvers.decide = ({ input }) => {
    if (!done.has(input.idempotencyKey)) done.set(input.idempotencyKey, input)
    return {
      __typename: 'ActionDone',
      state: { projectId: 'UHJvamVjdDox', taskId: input.taskId, projectStatus: 'ACTIVE', projectStage: 'PRE_REVIEW', projectVersion: 1, stepStatus: 'DONE', stepVersion: 5, taskStatus: 'DONE', project: null },
    }
  }
  return done
}

function newOutbox() {
  let n = 0
  const outbox = new Outbox(new Session(), () => `key-${++n}`)
  outbox.watchNetwork()
  return outbox
}

const APPROVE = (taskId) => ({ kind: 'decide', taskId, verdict: 'APPROVE', comment: '', expectedVersion: 4 })

test('offline, decisions wait in order and are sent once when the network returns', async () => {
  // given
  const done = decidingServer()
  const outbox = newOutbox()
  wxState.online = false
  // when
  outbox.enqueue(APPROVE('VGFzazox'))
  outbox.enqueue(APPROVE('VGFzazoy'))
  await settle()
  // then: kept, in storage, in order
  expect(server.calls('Decide')).toHaveLength(0)
  expect(wx.getStorageSync('qc.outbox').map((entry) => [entry.idempotencyKey, entry.decision.taskId])).toEqual([
    ['key-1', 'VGFzazox'],
    ['key-2', 'VGFzazoy'],
  ])
  // when: WeChat says the network is back, twice
  wxState.online = true
  for (const listener of wxState.networkListeners) listener({ isConnected: true, networkType: 'wifi' })
  for (const listener of wxState.networkListeners) listener({ isConnected: true, networkType: 'wifi' })
  await settle()
  // then
  expect(server.calls('Decide').map((call) => [call.variables.input.idempotencyKey, call.variables.input.expectedVersion])).toEqual([
    ['key-1', 4],
    ['key-2', 4],
  ])
  expect(done.size).toBe(2)
  expect(outbox.pending()).toEqual([])
})

test('a decision whose answer was lost is sent again with the same key and done once', async () => {
  // given
  const done = decidingServer()
  const outbox = newOutbox()
  wxState.dropAnswers = 1
  // when
  outbox.enqueue(APPROVE('VGFzazox'))
  await settle()
  // then: the server acted, the phone never heard it: still queued
  expect(done.size).toBe(1)
  expect(outbox.pending().map((entry) => entry.idempotencyKey)).toEqual(['key-1'])
  // when
  await outbox.flush()
  // then
  expect(server.calls('Decide').map((call) => call.variables.input.idempotencyKey)).toEqual(['key-1', 'key-1'])
  expect(done.size).toBe(1)
  expect(outbox.pending()).toEqual([])
})

test('the queue survives the mini-program being closed: a new outbox sends what the old one kept', async () => {
  // given
  decidingServer()
  wxState.online = false
  newOutbox().enqueue(APPROVE('VGFzazox'))
  await settle()
  // when
  wxState.online = true
  await newOutbox().flush()
  // then
  expect(server.calls('Decide').map((call) => call.variables.input.taskId)).toEqual(['VGFzazox'])
})
