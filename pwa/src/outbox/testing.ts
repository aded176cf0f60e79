import { Kind, getVariableValues, parse, type OperationDefinitionNode } from 'graphql'
import { loadSchema } from '../../scripts/schema.mjs'
import type { ActionError, ProcessState } from '@/api/documents'
import { NetworkError, type GraphQLResponse } from '@/api/transport'
import type { ChunkAnswer, ChunkRequest, ChunkTransport } from '@/api/resumable'
import type { UploadRequest, UploadTransport } from '@/api/upload'
import { Session, type Lock } from '@/auth/session'
import { MINUTE, T0, authError, authPayload, mutexLock, scriptedTransport, unauthenticated, type Call } from '@/auth/testing'
import { MemoryRefreshTokenStorage, TokenStore } from '@/auth/tokenStore'
import { ACTIONS } from './actions'

/** Test doubles for the outbox: a server that keeps tasks and score sheets, and tabs that talk to it. */

type Input = Record<string, unknown> & { idempotencyKey: string; expectedVersion?: number | null }

export interface ActionCall {
  operation: string
  key: string
  input: Input
  bearer: string | undefined
}

export interface FakeServer {
  /** Requests fail before reaching the server. */
  offline: boolean
  /** The server acts, then the answer is lost on the way back. */
  loseAnswers: boolean
  /** Declarations are refused (a ProjectError). */
  refuseDeclarations: boolean
  /** Each upload reports these percentages before it reaches the server. */
  progressSteps: number[]
  /** The next answers are masked server errors (no code). */
  failNext: number
  /** Version of each task's step, and of each seat's sheet; a missing task is NOT_FOUND. */
  taskVersions: Map<string, number>
  sheetVersions: Map<string, number>
  closedTasks: Set<string>
  /** Resumable uploads the server holds, by id: what was declared and the bytes received. */
  uploads: Map<string, { size: number; sha256: string; name: string; type: string; bytes: Uint8Array<ArrayBuffer> }>
  /** Byte-range requests that reached the server (method, offset sent, bytes). */
  ranges: { method: string; offset: number | null; bytes: number }[]
  /** After this many chunks were written, the next one is written too but its answer is lost (a cut mid-file). */
  cutAfterChunks: number | null
  /** The next range requests are cut before they reach the server. */
  cutRanges: number
  handleRange(request: ChunkRequest): Promise<ChunkAnswer | NetworkError>
  /** Every action request that reached the server, in order. */
  received: ActionCall[]
  /** Actions carried out (one per idempotency key). */
  performed: ActionCall[]
  revokeAccess(): void
  calls: Call[]
  count(operation: string): number
  handle(call: Call): GraphQLResponse<unknown> | NetworkError
}

const ACTION_FIELDS: Record<string, string> = {
  Decide: 'decide',
  ReturnForRevision: 'returnForRevision',
  Resubmit: 'resubmit',
  SaveScoreDraft: 'saveScoreDraft',
  SubmitScoreSheet: 'submitScoreSheet',
  DeclareProject: 'declareProject',
  UploadMaterial: 'uploadMaterial',
  RecordPriceAssessment: 'recordPriceAssessment',
  SubmitPlan: 'submitPlan',
  SetControlPrice: 'setControlPrice',
  SetApprovedBudget: 'setApprovedBudget',
  RecordContract: 'recordContract',
  AssignSupervisor: 'assignSupervisor',
  RecordPayment: 'recordPayment',
  VerifyDataResource: 'verifyDataResource',
  RespondInvitation: 'respondInvitation',
  RaiseAuditFinding: 'raiseAuditFinding',
  AnswerAuditFinding: 'answerAuditFinding',
  CloseAuditFinding: 'closeAuditFinding',
  RateMutually: 'rateMutually',
  RateSatisfaction: 'rateSatisfaction',
}

/** Records answered as done (the fake keeps no facts). */
const RECORDS = new Set([
  'RecordPriceAssessment',
  'SubmitPlan',
  'SetControlPrice',
  'SetApprovedBudget',
  'RecordContract',
  'AssignSupervisor',
  'RecordPayment',
  'VerifyDataResource',
  'RespondInvitation',
  'RaiseAuditFinding',
  'AnswerAuditFinding',
  'CloseAuditFinding',
  'RateMutually',
  'RateSatisfaction',
])

export function state(projectId: string, stepVersion: number | null, taskStatus = 'OPEN'): ProcessState {
  return {
    projectId,
    taskId: null,
    projectStatus: 'ACTIVE',
    projectStage: 'PRE_REVIEW',
    stepStatus: 'OPEN',
    stepVersion,
    taskStatus,
    project: { id: projectId, name: '城市大脑二期', code: 'ZJ-2026-001' },
  }
}

function refused(code: string, current: ProcessState | null): ActionError {
  return { __typename: 'WorkflowError', code, message: code, field: null, current }
}

/** The action mutations as the server knows them: variables are checked against its schema. */
const { schema: SCHEMA } = loadSchema()
const DEFINITIONS = new Map(
  Object.values(ACTIONS).map(({ document }) => {
    const definition = parse(document).definitions.find(
      (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION,
    )
    if (!definition?.name) throw new Error(`no named operation in ${document}`)
    return [definition.name.value, definition] as const
  }),
)

/** What the server answers to variables its schema refuses (an unknown or missing input field). */
function invalidVariables(operation: string, variables: Record<string, unknown> | undefined): GraphQLResponse<unknown> | null {
  const definition = DEFINITIONS.get(operation)
  if (!definition) return null
  const coerced = getVariableValues(SCHEMA, definition.variableDefinitions ?? [], variables ?? {})
  return coerced.errors ? { data: null, errors: coerced.errors.map((error) => ({ message: error.message })) } : null
}

export function fakeServer(): FakeServer {
  let issued = 1
  let validAccess: string | null = null
  const answers = new Map<string, GraphQLResponse<unknown>>()

  const perform = (operation: string, input: Input): GraphQLResponse<unknown> => {
    const field = ACTION_FIELDS[operation] as string
    const answer = (result: unknown) => ({ data: { [field]: result } })
    const expected = input.expectedVersion ?? null
    if (operation === 'Decide' || operation === 'ReturnForRevision' || operation === 'Resubmit') {
      const taskId = String(input.taskId)
      const version = server.taskVersions.get(taskId)
      if (version === undefined) return answer(refused('NOT_FOUND', null))
      if (server.closedTasks.has(taskId)) return answer(refused('TASK_CLOSED', state('p1', version, 'DONE')))
      if (expected !== null && expected !== version) return answer(refused('VERSION_CONFLICT', state('p1', version)))
      server.taskVersions.set(taskId, version + 1)
      server.closedTasks.add(taskId)
      return answer({ __typename: 'ActionDone', state: state('p1', version + 1, 'DONE') })
    }
    if (operation !== 'DeclareProject' && operation in RECORDS) {
      return answer({ __typename: 'ActionDone', state: state(String(input.projectId ?? 'p1'), null) })
    }
    if (operation === 'UploadMaterial' && input.uploadId) {
      const upload = server.uploads.get(String(input.uploadId))
      if (!upload) return answer({ ...refused('NOT_FOUND', null), __typename: 'ProjectError' })
      if (upload.bytes.length !== upload.size) return answer({ ...refused('UPLOAD_INCOMPLETE', null), __typename: 'ProjectError' })
      return answer({ __typename: 'MaterialUploaded', materialId: `material-${server.performed.length + 1}`, sha256: upload.sha256, contentType: upload.type, size: upload.size })
    }
    if (operation === 'UploadMaterial') {
      const file = input.file as Blob
      return answer({ __typename: 'MaterialUploaded', materialId: `material-${server.performed.length + 1}`, sha256: 'f'.repeat(64), contentType: file.type, size: file.size })
    }
    if (operation === 'DeclareProject' && server.refuseDeclarations) {
      return answer({ ...refused('PARENT_NOT_FOUND', null), __typename: 'ProjectError' })
    }
    if (operation === 'DeclareProject') {
      return answer({ __typename: 'ActionDone', state: state(`declared-${server.performed.length + 1}`, null) })
    }
    const seatId = String(input.seatId)
    const version = server.sheetVersions.get(seatId) ?? 0
    if (expected !== null && expected !== version) return answer(refused('VERSION_CONFLICT', null))
    if (operation === 'SubmitScoreSheet' && input.secondFactor !== '246810') {
      return answer(refused('SECOND_FACTOR_INVALID', null))
    }
    server.sheetVersions.set(seatId, version + 1)
    return answer({ __typename: 'ActionDone', state: state('p1', null) })
  }

  const server: FakeServer = {
    offline: false,
    loseAnswers: false,
    refuseDeclarations: false,
    progressSteps: [50, 100],
    failNext: 0,
    taskVersions: new Map(),
    sheetVersions: new Map(),
    closedTasks: new Set(),
    received: [],
    performed: [],
    uploads: new Map(),
    ranges: [],
    cutAfterChunks: null,
    cutRanges: 0,
    async handleRange(request) {
      if (server.offline) return new NetworkError('offline')
      if (server.cutRanges > 0) {
        server.cutRanges--
        return new NetworkError('connection reset')
      }
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => rangeAnswer(status, JSON.stringify(body), headers)
      if (request.headers.authorization !== `Bearer ${validAccess}`) return json(401, { errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] })
      const body = request.body instanceof Blob ? new Uint8Array(await request.body.arrayBuffer()) : null
      const offsetSent = request.headers['upload-offset']
      server.ranges.push({ method: request.method, offset: offsetSent === undefined ? null : Number(offsetSent), bytes: body?.length ?? 0 })
      if (request.method === 'POST') {
        const declared = JSON.parse(String(request.body)) as { size: number; sha256: string; name: string; contentType: string }
        const id = `upload-${server.ranges.filter((range) => range.method === 'POST').length}`
        server.uploads.set(id, { size: declared.size, sha256: declared.sha256, name: declared.name, type: declared.contentType, bytes: new Uint8Array() })
        return json(201, { id, offset: 0, size: declared.size }, { 'upload-offset': '0' })
      }
      const upload = server.uploads.get(decodeURIComponent(request.path.split('/')[2] ?? ''))
      if (!upload) return json(404, { errors: [{ message: 'x', extensions: { code: 'UPLOAD_NOT_FOUND' } }] })
      const held = { 'upload-offset': String(upload.bytes.length) }
      if (request.method === 'HEAD') return rangeAnswer(200, '', held)
      if (Number(offsetSent) !== upload.bytes.length) {
        return json(409, { errors: [{ message: 'x', extensions: { code: 'UPLOAD_OFFSET_MISMATCH', offset: upload.bytes.length } }] }, held)
      }
      request.onProgress?.(body!.length)
      const joined = new Uint8Array(upload.bytes.length + body!.length)
      joined.set(upload.bytes)
      joined.set(body!, upload.bytes.length)
      upload.bytes = joined
      if (server.cutAfterChunks !== null && server.ranges.filter((range) => range.method === 'PATCH').length > server.cutAfterChunks) {
        server.cutAfterChunks = null
        return new NetworkError('connection reset')
      }
      return rangeAnswer(204, '', { 'upload-offset': String(joined.length) })
    },
    revokeAccess() {
      validAccess = null
    },
    calls: [],
    count: () => 0,
    handle(call) {
      if (server.offline) return new NetworkError('offline')
      switch (call.operation) {
        case 'Login':
          validAccess = `access-${issued}`
          return { data: { login: authPayload(issued, T0) } }
        case 'RefreshToken': {
          const input = call.variables?.input as { refreshToken: string }
          if (input.refreshToken !== `refresh-${issued}`) {
            return { data: { refreshToken: authError('REFRESH_TOKEN_REUSED') } }
          }
          issued++
          validAccess = `access-${issued}`
          return { data: { refreshToken: authPayload(issued, T0) } }
        }
      }
      if (call.headers.authorization !== `Bearer ${validAccess}`) return unauthenticated
      const input = call.variables?.input as Input
      const request = { operation: call.operation, key: input.idempotencyKey, input, bearer: call.headers.authorization }
      server.received.push(request)
      const invalid = invalidVariables(call.operation, call.variables)
      if (invalid) return invalid
      if (server.failNext > 0) {
        server.failNext--
        return { data: null, errors: [{ message: 'Unexpected error.' }] }
      }
      let answer = answers.get(input.idempotencyKey)
      if (!answer) {
        answer = perform(call.operation, input)
        answers.set(input.idempotencyKey, answer)
        server.performed.push(request)
      }
      return server.loseAnswers ? new NetworkError('connection reset') : answer
    },
  }
  return server
}

/** A browser: tabs share the refresh token storage and the session lock, as in one profile. */
export function browser(server: FakeServer, sessionLock: Lock = mutexLock()) {
  const clock = { now: T0 }
  const storage = new MemoryRefreshTokenStorage()
  const { transport, calls } = scriptedTransport((call) => server.handle(call))
  server.calls = calls
  server.count = (operation) => calls.filter((c) => c.operation === operation).length
  const uploadTransport = multipartTransport(server, calls)
  const chunkTransport: ChunkTransport = async (request) => {
    const answer = await server.handleRange(request)
    if (answer instanceof NetworkError) throw answer
    return answer
  }
  const tab = () =>
    new Session({
      store: new TokenStore(storage, () => clock.now),
      transport,
      uploadTransport,
      chunkTransport,
      language: () => 'zh-CN',
      now: () => clock.now,
      lock: sessionLock,
    })
  return { clock, storage, calls, tab, MINUTE }
}

/**
 * Uploads as the server reads them: the file part is put in place of its variable (the
 * multipart spec's `map`), after reporting the server's progress steps; offline, nothing goes.
 */
function multipartTransport(server: FakeServer, calls: Call[]): UploadTransport {
  return async <T>(request: UploadRequest) => {
    const operation = /^\s*mutation\s+(\w+)/.exec(request.query)?.[1] ?? '?'
    const input = (request.variables?.input ?? {}) as Record<string, unknown>
    if (input.file !== null) throw new Error('the file variable must be null in `operations`')
    const call = { operation, variables: { ...request.variables, input: { ...input, file: request.file } }, headers: request.headers }
    calls.push(call)
    await Promise.resolve()
    if (!server.offline) for (const percent of server.progressSteps) request.onProgress?.(percent)
    const answer = server.handle(call)
    if (answer instanceof NetworkError) throw answer
    return { body: answer as GraphQLResponse<T>, serverDate: null }
  }
}

function rangeAnswer(status: number, text: string, headers: Record<string, string>): ChunkAnswer {
  return { status, text, header: (name) => headers[name.toLowerCase()] ?? null }
}
