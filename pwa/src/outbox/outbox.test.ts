import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import { CHUNK_BYTES, sha256Hex } from '@/api/resumable'
import { NetworkError } from '@/api/transport'
import { mutexLock } from '@/auth/testing'
import type { Lock } from '@/auth/session'
import type { NewAction } from './outbox'
import { Outbox } from './outbox'
import { claimLock } from './lock'
import { MemoryOutboxStore, indexedDbOutbox, type OutboxStore } from './store'
import { browser, fakeServer, type FakeServer } from './testing'

const USER = '7'

function approve(taskId: string, expectedVersion: number | null = 3): NewAction {
  return {
    userId: USER,
    kind: 'decide',
    input: { taskId, verdict: 'APPROVE', expectedVersion, comment: '同意' },
    subject: { title: `任务 ${taskId}`, taskId, todoId: `todo-${taskId}` },
    language: 'zh-CN',
  }
}

function draft(scores: Record<string, string>, expectedVersion: number | null = 0): NewAction {
  return {
    userId: USER,
    kind: 'saveScoreDraft',
    input: { seatId: 'seat-1', scores, comment: '', opinion: null, expectedVersion },
    subject: { title: '评分表', seatId: 'seat-1' },
    language: 'zh-CN',
  }
}

/** A signed-in tab with its outbox, on `server`; tabs of one browser share `store` and `lock`. */
async function setup(
  options: { server?: FakeServer; store?: OutboxStore; lock?: Lock; tabs?: number } = {},
) {
  const server = options.server ?? fakeServer()
  for (const task of ['t1', 't2', 't3']) server.taskVersions.set(task, 3)
  const device = browser(server)
  const store = options.store ?? new MemoryOutboxStore()
  const lock = options.lock ?? mutexLock()
  let ids = 0
  const open = async (tabLock: Lock = lock) => {
    const session = device.tab()
    const outbox = new Outbox({ store, session, lock: tabLock, now: () => device.clock.now, newId: () => `key-${++ids}` })
    return { session, outbox }
  }
  const first = await open()
  await first.session.login({ username: 'builder', password: 'Demo-2026' })
  return { server, store, device, open, ...first }
}

describe('Outbox.enqueue', () => {
  it('keeps the action with its idempotency key, the version the person saw and the time', async () => {
    // given
    const { outbox, device, server } = await setup()
    device.clock.now += 5_000
    // when
    const entry = await outbox.enqueue(approve('t1', 3))
    // then
    expect(entry).toMatchObject({
      id: 'key-1',
      status: 'waiting',
      attempts: 0,
      createdAt: device.clock.now,
      input: { idempotencyKey: 'key-1', expectedVersion: 3, taskId: 't1', verdict: 'APPROVE' },
    })
    expect(await outbox.list(USER)).toEqual([entry])
    expect(server.received).toHaveLength(0)
  })

  it('replaces a draft of the same sheet that was not tried yet', async () => {
    // given
    const { outbox } = await setup()
    await outbox.enqueue(draft({ necessity: '8' }, 4))
    // when
    await outbox.enqueue(draft({ necessity: '8', feasibility: '9.5' }, 4))
    // then
    const entries = await outbox.list(USER)
    expect(entries).toHaveLength(1)
    expect(entries[0]?.input).toMatchObject({ idempotencyKey: 'key-1', expectedVersion: 4, scores: { feasibility: '9.5' } })
  })
})

describe('Outbox.flush', () => {
  it('sends the actions in the order they were taken and removes each after its answer', async () => {
    // given
    const { outbox, server } = await setup()
    await outbox.enqueue(approve('t2'))
    await outbox.enqueue(approve('t1'))
    await outbox.enqueue(approve('t3'))
    // when
    const report = await outbox.flush(USER)
    // then
    expect(server.performed.map((call) => call.input.taskId)).toEqual(['t2', 't1', 't3'])
    expect(report.settled.map((settled) => settled.outcome)).toEqual(['done', 'done', 'done'])
    expect(report.stoppedBy).toBeNull()
    expect(await outbox.list(USER)).toEqual([])
  })

  it('keeps an action whose answer was lost and sends it again under the same key', async () => {
    // given
    const { outbox, server } = await setup()
    await outbox.enqueue(approve('t1'))
    server.loseAnswers = true
    // when
    const lost = await outbox.flush(USER)
    // then: still there, one try counted
    expect(lost.stoppedBy).toBe('network')
    expect(await outbox.list(USER)).toMatchObject([{ id: 'key-1', status: 'waiting', attempts: 1 }])
    // when the network is back
    server.loseAnswers = false
    const report = await outbox.flush(USER)
    // then: the server saw the same key twice and acted once
    expect(report.settled).toMatchObject([{ outcome: 'done' }])
    expect(server.received.map((call) => call.key)).toEqual(['key-1', 'key-1'])
    expect(server.performed).toHaveLength(1)
    expect(await outbox.list(USER)).toEqual([])
  })

  it('declares a project once, with the schema’s input (no version), also when the answer was lost', async () => {
    // given: a declaration queued on the phone
    const { outbox, server } = await setup()
    await outbox.enqueue({
      userId: USER,
      kind: 'declareProject',
      input: {
        name: '城市大脑三期',
        category: 'NEW',
        type: 'SOFTWARE',
        requestedAmount: '3000000',
        dataResources: [{ name: '人口库', provider: '公安局', fields: ['姓名'], updateFrequency: '每日', sharingClass: 'CONDITIONAL' }],
        parentCode: null,
      },
      subject: { title: '城市大脑三期' },
      language: 'zh-CN',
    })
    expect((await outbox.list(USER))[0]!.input).not.toHaveProperty('expectedVersion')
    server.loseAnswers = true
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    server.loseAnswers = false
    // when
    const report = await outbox.flush(USER)
    // then: the new project is named in the answer, and the server declared it once
    expect(report.settled).toMatchObject([{ outcome: 'done', result: { state: { projectId: 'declared-1' } } }])
    expect(server.received.map((call) => [call.operation, call.key])).toEqual([
      ['DeclareProject', 'key-1'],
      ['DeclareProject', 'key-1'],
    ])
    expect(server.performed).toHaveLength(1)
  })

  it('stops at the first network failure so that later actions never overtake it', async () => {
    // given
    const { outbox, server } = await setup()
    await outbox.enqueue(approve('t1'))
    await outbox.enqueue(approve('t2'))
    await outbox.enqueue(approve('t3'))
    let requests = 0
    const handle = server.handle.bind(server)
    server.handle = (call) =>
      call.operation === 'Decide' && ++requests === 2 ? new NetworkError('offline') : handle(call)
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report.stoppedBy).toBe('network')
    expect(server.performed.map((call) => call.input.taskId)).toEqual(['t1'])
    expect(await outbox.list(USER)).toMatchObject([
      { input: { taskId: 't2' }, attempts: 1 },
      { input: { taskId: 't3' }, attempts: 0 },
    ])
    // when
    await outbox.flush(USER)
    // then
    expect(server.performed.map((call) => call.input.taskId)).toEqual(['t1', 't2', 't3'])
  })

  it('sends nothing while offline and keeps every action', async () => {
    // given
    const { outbox, server } = await setup()
    server.offline = true
    await outbox.enqueue(approve('t1'))
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report).toEqual({ settled: [], stoppedBy: 'network' })
    expect(await outbox.list(USER)).toMatchObject([{ status: 'waiting' }])
  })

  it('renews the token before a replay and never sends the one from before the outage', async () => {
    // given: signed in with access-1, then the network goes away
    const { outbox, server, device } = await setup()
    server.offline = true
    await outbox.enqueue(approve('t1'))
    await outbox.flush(USER)
    // and the server no longer accepts access-1 by the time the network returns
    device.clock.now += 10 * 60_000
    server.revokeAccess()
    server.offline = false
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report.settled).toMatchObject([{ outcome: 'done' }])
    const operations = server.calls.map((call) => call.operation)
    expect(operations.slice(operations.lastIndexOf('RefreshToken'))).toEqual(['RefreshToken', 'Decide'])
    expect(server.received.map((call) => call.bearer)).toEqual(['Bearer access-2'])
  })

  it('keeps the actions when the session has ended, for the same person to send after signing in', async () => {
    // given
    const { outbox, server, device } = await setup()
    await outbox.enqueue(approve('t1'))
    device.storage.value = { token: 'refresh-stolen', expiresAt: Number.MAX_SAFE_INTEGER }
    server.offline = false
    device.clock.now += 60_000
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report.stoppedBy).toBe('session')
    expect(server.received).toHaveLength(0)
    expect(await outbox.list(USER)).toMatchObject([{ status: 'waiting' }])
  })

  it('retries a server error, then marks the action failed for the person to see', async () => {
    // given
    const server = fakeServer()
    const { outbox } = await setup({ server })
    await outbox.enqueue(approve('t1'))
    server.failNext = 99
    // when
    for (let i = 0; i < 4; i++) expect((await outbox.flush(USER)).stoppedBy).toBe('server')
    const last = await outbox.flush(USER)
    // then
    expect(last.settled).toMatchObject([{ outcome: 'failed', refusal: { code: 'SERVER_ERROR' } }])
    expect(server.received.map((call) => call.key)).toEqual(Array(5).fill('key-1'))
    // when the person asks for another try
    server.failNext = 0
    await outbox.retry('key-1')
    // then
    expect((await outbox.flush(USER)).settled).toMatchObject([{ outcome: 'done' }])
  })
})

describe('resubmitting a returned application', () => {
  it('waits offline, then is sent once as a resubmission, and a closed revision is reported', async () => {
    // given: the applicant revises two returned applications while offline
    const { outbox, server } = await setup()
    server.offline = true
    const resubmit = (taskId: string): NewAction => ({
      userId: USER,
      kind: 'resubmit',
      input: { taskId, comment: '已按意见补充材料', expectedVersion: 3 },
      subject: { title: `退回 ${taskId}`, taskId, todoId: `todo-${taskId}` },
      language: 'zh-CN',
    })
    await outbox.enqueue(resubmit('t1'))
    await outbox.enqueue(resubmit('t2'))
    expect(await outbox.flush(USER)).toEqual({ settled: [], stoppedBy: 'network' })
    // when: the network is back, and t2 was withdrawn meanwhile
    server.offline = false
    server.closedTasks.add('t2')
    const { settled } = await outbox.flush(USER)
    // then
    expect(settled.map((event) => [event.entry.input.taskId, event.outcome])).toEqual([
      ['t1', 'done'],
      ['t2', 'conflict'],
    ])
    expect(server.received.map((call) => [call.operation, call.input.taskId])).toEqual([
      ['Resubmit', 't1'],
      ['Resubmit', 't2'],
    ])
    expect(settled[1]).toMatchObject({ refusal: { code: 'TASK_CLOSED' } })
    expect((await outbox.flush(USER)).settled).toEqual([])
    expect(server.received).toHaveLength(2)
  })
})

describe('conflicts', () => {
  it('shows the current state when the task changed meanwhile, and never sends it again', async () => {
    // given: the person saw version 3; someone acted meanwhile
    const { outbox, server } = await setup()
    await outbox.enqueue(approve('t1', 3))
    server.taskVersions.set('t1', 4)
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report.settled).toMatchObject([
      { outcome: 'conflict', refusal: { code: 'VERSION_CONFLICT', current: { stepVersion: 4, projectId: 'p1' } } },
    ])
    expect(await outbox.list(USER)).toMatchObject([{ id: 'key-1', status: 'conflict' }])
    // when
    await outbox.flush(USER)
    // then
    expect(server.received).toHaveLength(1)
    // when the person has seen it
    await outbox.dismiss('key-1')
    expect(await outbox.list(USER)).toEqual([])
  })

  it('reports a withdrawn or closed task with its code, and goes on with the next action', async () => {
    // given
    const { outbox, server } = await setup()
    await outbox.enqueue(approve('gone'))
    await outbox.enqueue(approve('t2'))
    server.closedTasks.add('t1')
    await outbox.enqueue(approve('t1'))
    // when
    const report = await outbox.flush(USER)
    // then
    expect(report.settled.map((s) => [s.entry.input.taskId, s.outcome, 'refusal' in s ? s.refusal.code : null])).toEqual([
      ['gone', 'conflict', 'NOT_FOUND'],
      ['t2', 'done', null],
      ['t1', 'conflict', 'TASK_CLOSED'],
    ])
  })

  it('does not dismiss an action that is still waiting', async () => {
    const { outbox } = await setup()
    await outbox.enqueue(approve('t1'))
    await outbox.dismiss('key-1')
    expect(await outbox.list(USER)).toHaveLength(1)
  })

  it('chains drafts of one sheet: a draft taken after a tried one expects the version it leaves', async () => {
    // given
    const { outbox, server } = await setup()
    server.sheetVersions.set('seat-1', 4)
    await outbox.enqueue(draft({ necessity: '8' }, 4))
    server.offline = true
    await outbox.flush(USER)
    // when: the person goes on scoring while the first draft may have reached the server
    await outbox.enqueue(draft({ necessity: '8', feasibility: '9' }, 4))
    server.offline = false
    const report = await outbox.flush(USER)
    // then
    expect(report.settled.map((s) => s.outcome)).toEqual(['done', 'done'])
    expect(server.performed.map((call) => call.input.expectedVersion)).toEqual([4, 5])
    expect(server.sheetVersions.get('seat-1')).toBe(6)
  })

  it('never stores the second factor: a tab without it holds the submission', async () => {
    // given
    const { outbox, store, open, server } = await setup()
    server.sheetVersions.set('seat-1', 2)
    server.offline = true
    const submit: NewAction = {
      ...draft({ necessity: '8' }, 2),
      kind: 'submitScoreSheet',
      input: { seatId: 'seat-1', scores: { necessity: '8' }, comment: '', opinion: 'PASS', expectedVersion: 2 },
      secrets: { secondFactor: '246810' },
    }
    const entry = await outbox.enqueue(submit)
    expect(JSON.stringify(await store.all())).not.toContain('246810')
    // when another tab sends the outbox
    server.offline = false
    const other = await open()
    await other.outbox.flush(USER)
    // then it is held there, not sent without the factor
    expect(server.received).toHaveLength(0)
    expect(await outbox.list(USER)).toMatchObject([{ id: entry.id, status: 'held' }])
    // when the tab that has it sends
    const report = await outbox.flush(USER)
    // then
    expect(report.settled).toMatchObject([{ outcome: 'done' }])
    expect(server.received[0]?.input.secondFactor).toBe('246810')
  })
})

describe('two tabs', () => {
  async function race(store: OutboxStore, locks: [Lock, Lock]) {
    const { outbox, open, server } = await setup({ store, lock: locks[0] })
    const second = await open(locks[1])
    await second.session.refresh()
    for (const task of ['t1', 't2', 't3']) await outbox.enqueue(approve(task))
    const reports = await Promise.all([outbox.flush(USER), second.outbox.flush(USER), outbox.flush(USER)])
    return { server, reports, outbox }
  }

  it('send each action once when both flush at the same time (Web Locks)', async () => {
    const lock = mutexLock()
    const { server, reports, outbox } = await race(new MemoryOutboxStore(), [lock, lock])
    expect(server.received.map((call) => call.key)).toEqual(['key-1', 'key-2', 'key-3'])
    const done = reports.flatMap((r) => r.settled).filter((s) => s.outcome === 'done')
    expect(new Set(done.map((s) => s.entry.id))).toEqual(new Set(['key-1', 'key-2', 'key-3']))
    expect(await outbox.list(USER)).toEqual([])
  })

  it('send each action once when both flush at the same time (IndexedDB claim, no Web Locks)', async () => {
    const store = indexedDbOutbox(new IDBFactory())
    const locks: [Lock, Lock] = [
      claimLock(store, { owner: 'tab-a', pollMs: 1 }),
      claimLock(store, { owner: 'tab-b', pollMs: 1 }),
    ]
    const { server, outbox } = await race(store, locks)
    expect(server.received.map((call) => call.key)).toEqual(['key-1', 'key-2', 'key-3'])
    expect(await outbox.list(USER)).toEqual([])
  })

  it('lets a claim left by a closed tab expire', async () => {
    const store = new MemoryOutboxStore()
    let now = 0
    await store.claim('quancheng.outbox', 'closed-tab', now, 30_000)
    const lock = claimLock(store, { owner: 'tab', pollMs: 10_000, now: () => now, sleep: async (ms) => void (now += ms) })
    await expect(lock('quancheng.outbox', async () => 'ran')).resolves.toBe('ran')
    expect(now).toBeGreaterThanOrEqual(30_000)
  })
})

function declaration(name = '城市大脑三期'): NewAction {
  return {
    userId: USER,
    kind: 'declareProject',
    input: { name, category: 'NEW', type: 'SOFTWARE', requestedAmount: '3000000', dataResources: [], parentCode: null },
    subject: { title: name },
    language: 'zh-CN',
  }
}

function upload(title: string, project: { projectId: string } | { projectFrom: string }): NewAction {
  return {
    userId: USER,
    kind: 'uploadMaterial',
    input: { ...project, stage: 'PRE_REVIEW', title },
    subject: { title },
    language: 'zh-CN',
    attachment: { file: new Blob(['%PDF-1.7 '.repeat(100)], { type: 'application/pdf' }), name: `${title}.pdf` },
  }
}

describe('uploading a material', () => {
  it('waits offline with its file, then is sent in byte ranges and attached once under its key, reporting progress', async () => {
    // given: an upload queued while offline
    const { outbox, server } = await setup()
    server.offline = true
    await outbox.enqueue(upload('可行性研究报告', { projectId: 'p1' }))
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    const [waiting] = await outbox.list(USER)
    expect(waiting).toMatchObject({ kind: 'uploadMaterial', status: 'waiting', attachment: { name: '可行性研究报告.pdf' } })
    expect(waiting!.attachment!.file.size).toBe(900)
    expect(server.performed).toHaveLength(0)
    const progress: [string, number | null][] = []
    outbox.onProgress((id, percent) => progress.push([id, percent]))
    // when: the network is back
    server.offline = false
    const report = await outbox.flush(USER)
    // then: the file is declared with its checksum, sent, and attached by its upload's id
    expect(report.settled).toMatchObject([{ outcome: 'done', result: { __typename: 'MaterialUploaded', size: 900 } }])
    expect(server.ranges).toEqual([
      { method: 'POST', offset: null, bytes: 0 },
      { method: 'PATCH', offset: 0, bytes: 900 },
    ])
    const stored = server.uploads.get('upload-1')!
    expect(stored.sha256).toBe(await sha256Hex(new Blob(['%PDF-1.7 '.repeat(100)])))
    expect(server.performed.map((call) => [call.operation, call.key, call.input.projectId, call.input.uploadId, call.input.file])).toEqual([
      ['UploadMaterial', 'key-1', 'p1', 'upload-1', undefined],
    ])
    expect(progress).toEqual([
      ['key-1', 0],
      ['key-1', 100],
      ['key-1', null],
    ])
    expect(await outbox.list(USER)).toEqual([])
  })

  it('after a cut mid-file asks the server for its offset and sends only the rest, the file stored once', async () => {
    // given: a 1.3 MB file whose second chunk reached the server but not its answer
    const { outbox, server } = await setup()
    const file = new Blob([new Uint8Array(1_300_000).map((_, i) => i % 251)], { type: 'application/pdf' })
    await outbox.enqueue({ ...upload('建设方案', { projectId: 'p1' }), attachment: { file, name: '建设方案.pdf' } })
    server.cutAfterChunks = 1
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    expect((await outbox.list(USER))[0]).toMatchObject({ status: 'waiting', attachment: { uploadId: 'upload-1' } })
    const progress: (number | null)[] = []
    outbox.onProgress((_, percent) => progress.push(percent))
    // when: the network is back
    const report = await outbox.flush(USER)
    // then: it continues from the offset the server holds, never sending a byte twice
    expect(report.settled).toMatchObject([{ outcome: 'done', result: { size: 1_300_000 } }])
    expect(server.ranges.map(({ method, offset, bytes }) => [method, offset, bytes])).toEqual([
      ['POST', null, 0],
      ['PATCH', 0, CHUNK_BYTES],
      ['PATCH', CHUNK_BYTES, CHUNK_BYTES],
      ['HEAD', null, 0],
      ['PATCH', 2 * CHUNK_BYTES, 1_300_000 - 2 * CHUNK_BYTES],
    ])
    expect(progress[0]).toBe(0)
    expect(progress[1]).toBe(Math.round((2 * CHUNK_BYTES * 100) / 1_300_000))
    expect(progress.slice(-2)).toEqual([100, null])
    expect(server.uploads.size).toBe(1)
    // byte-identical (compared by digest: a deep comparison of a megabyte element by element is slow)
    const held = server.uploads.get('upload-1')!.bytes
    expect(held.length).toBe(1_300_000)
    expect(await sha256Hex(new Blob([held]))).toBe(await sha256Hex(file))
    expect(server.performed.map((call) => [call.operation, call.key])).toEqual([['UploadMaterial', 'key-1']])
  })

  it('attaches again under the same key when the answer was lost, without sending the bytes again', async () => {
    // given: the server attached the file but the answer was lost
    const { outbox, server } = await setup()
    await outbox.enqueue(upload('建设方案', { projectId: 'p1' }))
    server.loseAnswers = true
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    // when
    server.loseAnswers = false
    const report = await outbox.flush(USER)
    // then: the server is asked where it stands, holds every byte, and keeps the material once
    expect(report.settled).toMatchObject([{ outcome: 'done' }])
    expect(server.ranges.map((range) => range.method)).toEqual(['POST', 'PATCH', 'HEAD'])
    expect(server.received.map((call) => [call.operation, call.key])).toEqual([
      ['UploadMaterial', 'key-1'],
      ['UploadMaterial', 'key-1'],
    ])
    expect(server.performed).toHaveLength(1)
  })

  it('starts the upload again when the server no longer has it (expired)', async () => {
    // given: a cut mid-file, then the partial upload expired on the server
    const { outbox, server } = await setup()
    const file = new Blob([new Uint8Array(700_000)], { type: 'application/pdf' })
    await outbox.enqueue({ ...upload('预算表', { projectId: 'p1' }), attachment: { file, name: '预算表.pdf' } })
    server.cutAfterChunks = 0
    await outbox.flush(USER)
    server.uploads.delete('upload-1')
    // when
    const report = await outbox.flush(USER)
    // then: a new upload carries the whole file
    expect(report.settled).toMatchObject([{ outcome: 'done', result: { size: 700_000 } }])
    expect(server.ranges.map(({ method, offset }) => [method, offset])).toEqual([
      ['POST', null],
      ['PATCH', 0],
      ['HEAD', null],
      ['POST', null],
      ['PATCH', 0],
      ['PATCH', CHUNK_BYTES],
    ])
    expect(server.performed.map((call) => call.input.uploadId)).toEqual(['upload-2'])
  })

  it('sends the whole file as a multipart request where no resumable uploads are offered, again under the same key', async () => {
    // given: a session without byte ranges, and an answer lost
    const { server, store, session } = await setup()
    const whole = { refresh: () => session.refresh(), request: session.request.bind(session), upload: session.upload.bind(session) }
    const outbox = new Outbox({ store, session: whole, lock: mutexLock(), newId: () => 'whole-1' })
    await outbox.enqueue(upload('建设方案', { projectId: 'p1' }))
    server.loseAnswers = true
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    // when
    server.loseAnswers = false
    const report = await outbox.flush(USER)
    // then
    expect(report.settled).toMatchObject([{ outcome: 'done', result: { size: 900 } }])
    expect(server.received.map((call) => [call.operation, call.key, (call.input.file as Blob).size])).toEqual([
      ['UploadMaterial', 'whole-1', 900],
      ['UploadMaterial', 'whole-1', 900],
    ])
    expect(server.ranges).toEqual([])
    expect(server.performed).toHaveLength(1)
  })

  it('takes the project of the declaration it names once that is done, and goes after it', async () => {
    // given: a declaration and its two materials, all queued offline
    const { outbox, server } = await setup()
    server.offline = true
    const declared = await outbox.enqueue(declaration())
    await outbox.enqueue(upload('可行性研究报告', { projectFrom: declared.id }))
    await outbox.enqueue(upload('预算表', { projectFrom: declared.id }))
    await outbox.flush(USER)
    // when
    server.offline = false
    const report = await outbox.flush(USER)
    // then: the uploads name the new project (and no longer the entry), in order after it
    expect(report.settled.map((item) => item.outcome)).toEqual(['done', 'done', 'done'])
    expect(server.performed.map((call) => [call.operation, call.input.projectId ?? null])).toEqual([
      ['DeclareProject', null],
      ['UploadMaterial', 'declared-1'],
      ['UploadMaterial', 'declared-1'],
    ])
    expect(server.performed.every((call) => !('projectFrom' in call.input))).toBe(true)
  })

  it('fills in the project of uploads queued behind a declaration whose answer then stops the flush', async () => {
    // given: the declaration goes through, then the network fails before the upload
    const { outbox, server } = await setup()
    const declared = await outbox.enqueue(declaration())
    await outbox.enqueue(upload('可行性研究报告', { projectFrom: declared.id }))
    let sent = 0
    const handle = server.handle.bind(server)
    server.handle = (call) => (call.operation === 'UploadMaterial' && sent++ === 0 ? new NetworkError('lost') : handle(call))
    // when
    expect((await outbox.flush(USER)).stoppedBy).toBe('network')
    // then: the waiting upload names the project, so it can go later (also from another tab)
    expect((await outbox.list(USER))[0]!.input).toMatchObject({ projectId: 'declared-1' })
    expect((await outbox.list(USER))[0]!.input).not.toHaveProperty('projectFrom')
    await outbox.flush(USER)
    expect(server.performed.map((call) => call.operation)).toEqual(['DeclareProject', 'UploadMaterial'])
  })

  it('fails the uploads of a refused declaration with its reason, and sends none of them', async () => {
    // given
    const { outbox, server } = await setup()
    server.refuseDeclarations = true
    const declared = await outbox.enqueue(declaration())
    await outbox.enqueue(upload('可行性研究报告', { projectFrom: declared.id }))
    await outbox.enqueue(approve('t1'))
    // when
    const report = await outbox.flush(USER)
    // then: the unrelated decision still goes
    expect(report.settled.map((item) => [item.entry.kind, item.outcome])).toEqual([
      ['declareProject', 'conflict'],
      ['uploadMaterial', 'failed'],
      ['decide', 'done'],
    ])
    expect((await outbox.list(USER)).map((entry) => [entry.kind, entry.status, entry.refusal?.code])).toEqual([
      ['declareProject', 'conflict', 'PARENT_NOT_FOUND'],
      ['uploadMaterial', 'failed', 'PARENT_NOT_FOUND'],
    ])
    expect(server.received.map((call) => call.operation)).toEqual(['DeclareProject', 'Decide'])
  })

  it('keeps the file as a Blob in IndexedDB', async () => {
    // given
    const store = indexedDbOutbox(new IDBFactory())
    const { outbox, server } = await setup({ store })
    server.offline = true
    // when
    await outbox.enqueue(upload('照片', { projectId: 'p1' }))
    // then
    const [stored] = await store.all()
    expect(stored!.attachment!.file).toBeInstanceOf(Blob)
    expect(await stored!.attachment!.file.text()).toContain('%PDF-1.7')
  })
})
