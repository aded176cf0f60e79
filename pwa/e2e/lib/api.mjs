// The server's GraphQL API as the demo people, for setting up and checking the end-to-end
// scenarios (the PWA itself is driven in Chromium). Plain-text operations: the e2e server runs
// in development mode, which accepts them.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
export const PASSWORD = 'Demo-2026'
export const EXPERT_PIN = '246810'

/** The demo people (domain/demo/data.py): display name and centers. */
export const PEOPLE = {
  data: ['王建国', ['DATA']],
  data2: ['李明', ['DATA']],
  finance: ['李秀英', ['FINANCE']],
  finance2: ['钱芳', ['FINANCE']],
  drc: ['张伟', ['DRC']],
  audit: ['刘洋', ['AUDIT']],
  builder: ['陈静', ['BUILDER']],
  builder2: ['杨帆', ['BUILDER']],
  builder3: ['赵磊', ['BUILDER']],
  expert: ['黄志强', ['EXPERT']],
  expert2: ['周敏', ['EXPERT']],
  expert3: ['吴晓东', ['EXPERT']],
  expert4: ['徐丽华', ['EXPERT']],
  expert5: ['孙海涛', ['FINANCE', 'EXPERT']],
  supervisor: ['马俊', ['SUPERVISOR']],
  vendor: ['朱鹏', ['VENDOR']],
  vendor2: ['胡雪', ['VENDOR']],
}
export const EXPERTS = ['expert', 'expert2', 'expert3', 'expert4', 'expert5']

const STATE = 'projectId projectStage projectStatus stepStatus stepVersion taskStatus taskId'
// The success type of a process mutation: ActionDone, except where the API answers with more (the drawn panel).
const DONE_TYPES = { requestPanel: 'PanelDrawn' }
const doneType = (mutation) => DONE_TYPES[mutation] ?? 'ActionDone'
const result = (mutation) =>
  `__typename ... on ${doneType(mutation)} { state { ${STATE} } } ... on ActionError { code message field current { ${STATE} } }`

export const TODO_FIELDS = 'id kind title expects stage stepKey stepVersion seatId project { id name code }'
const PROJECT_FIELDS = `id code name stage status approvedBudget contractAmount paidAmount requestedAmount builder { id }
  holders { stepKey stage center names } timeline { stage status }`

/** A fresh idempotency key. */
export const key = () => `e2e-${randomUUID()}`

/** A name nobody else uses, so a scenario finds its own project among the others of the run. */
export const uniqueName = (what) => `${what} e2e ${randomUUID().slice(0, 8)}`

async function post(body, token) {
  const headers = { 'content-type': 'application/json', 'accept-language': 'zh-CN' }
  if (token) headers.authorization = `Bearer ${token}`
  const response = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) })
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`GraphQL answered ${response.status}: ${text.slice(0, 500)}`)
  }
}

/** One signed-in demo person over the API (tokens kept for the whole run: sign-ins are rate-limited). */
export class Person {
  static #known = new Map()

  static async as(username) {
    let person = Person.#known.get(username)
    if (!person) {
      person = new Person(username)
      Person.#known.set(username, person)
    }
    await person.#ready()
    return person
  }

  constructor(username) {
    this.username = username
    this.centers = PEOPLE[username]?.[1] ?? []
    this.token = null
    this.user = null
  }

  async #ready() {
    if (!this.token) await this.#signIn()
  }

  async #signIn() {
    const body = await post({
      query: `mutation Login($input: LoginInput!) { login(input: $input) {
        __typename ... on AuthPayload { accessToken user { id displayName organisation { id name } } }
        ... on AuthError { code message } } }`,
      variables: { input: { username: this.username, password: PASSWORD } },
    })
    const login = body.data?.login
    assert.equal(login?.__typename, 'AuthPayload', `sign-in of ${this.username}: ${JSON.stringify(body)}`)
    this.token = login.accessToken
    this.user = login.user
  }

  /** Runs an operation; the `data` of a successful answer (a GraphQL error fails the test). */
  async gql(query, variables = {}) {
    let body = await post({ query, variables }, this.token)
    if (body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
      await this.#signIn()
      body = await post({ query, variables }, this.token)
    }
    assert.ok(!body.errors, `${this.username}: ${JSON.stringify(body.errors)}\n${query}`)
    return body.data
  }

  /** A process mutation (`ActionDone | ActionError`): its answer as it is. */
  async act(mutation, inputType, input) {
    const data = await this.gql(
      `mutation Act($input: ${inputType}!) { ${mutation}(input: $input) { ${result(mutation)} } }`,
      { input: { idempotencyKey: key(), ...input } },
    )
    return data[mutation]
  }

  /** Like `act`, and the action must be done. */
  async must(mutation, inputType, input) {
    const answer = await this.act(mutation, inputType, input)
    assert.equal(answer.__typename, doneType(mutation), `${this.username} ${mutation}: ${JSON.stringify(answer)}`)
    return answer.state
  }

  /** Every open to-do of this person in `center` (all pages). */
  async todos(center, filter = null) {
    const all = []
    let after = null
    for (;;) {
      const data = await this.gql(
        `query Todos($kind: CenterKind!, $after: String, $filter: TodoFilterInput) { center(kind: $kind) {
          todos(first: 100, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } edges { node { ${TODO_FIELDS} } } } } }`,
        { kind: center, after, filter },
      )
      const { edges, pageInfo } = data.center.todos
      all.push(...edges.map((edge) => edge.node))
      if (!pageInfo.hasNextPage) return all
      after = pageInfo.endCursor
    }
  }

  /** This person's open to-dos on one project, in all their centers. */
  async todosOf(projectId) {
    const found = []
    for (const center of this.centers) {
      for (const todo of await this.todos(center)) if (todo.project?.id === projectId) found.push({ ...todo, center })
    }
    return found
  }

  async project(id) {
    const data = await this.gql(`query Project($id: ID!) { node(id: $id) { ... on Project { ${PROJECT_FIELDS} } } }`, { id })
    return data.node
  }

  async history(projectId) {
    const data = await this.gql(
      'query History($projectId: ID!) { projectHistory(projectId: $projectId) { id action comment at actingFor actorName } }',
      { projectId },
    )
    return data.projectHistory
  }

  /** Attaches a file to the project (GraphQL multipart request); the material's id. */
  async upload(projectId, { stage, title, bytes, filename, type }) {
    const form = new FormData()
    form.append(
      'operations',
      JSON.stringify({
        query: `mutation Upload($input: UploadMaterialInput!) { uploadMaterial(input: $input) {
          __typename ... on MaterialUploaded { materialId } ... on ActionError { code message } } }`,
        variables: { input: { idempotencyKey: key(), projectId, stage, title, file: null } },
      }),
    )
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }))
    form.append('0', new Blob([bytes], { type }), filename)
    const response = await fetch(`${BASE_URL}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
    })
    const body = await response.json()
    assert.equal(body.data?.uploadMaterial?.__typename, 'MaterialUploaded', JSON.stringify(body))
    return body.data.uploadMaterial.materialId
  }

  async decide(todo, verdict = 'APPROVE', comment = '') {
    return this.act('decide', 'DecideInput', { taskId: todo.id, verdict, expectedVersion: todo.stepVersion, comment })
  }

  async sheet(seatId) {
    const data = await this.gql(
      `query Sheet($seatId: ID!) { scoreSheet(seatId: $seatId) { seatId panelStatus status version scores opinion runningTotal
        criteria { key maxPoints } } }`,
      { seatId },
    )
    return data.scoreSheet
  }
}

/** Declares a project as a builder; its id. A requested amount under 500,000 yuan takes the small process. */
export async function declare(builder, { name, amount = '300000', type = 'SOFTWARE', category = 'NEW' } = {}) {
  const state = await builder.must('declareProject', 'DeclareProjectInput', {
    name: name ?? uniqueName('全程通测试项目'),
    category,
    type,
    requestedAmount: amount,
  })
  return state.projectId
}

/** The open to-do of `username` on the project at `stepKey` (waits briefly: steps open in the same request). */
export async function todoOf(username, projectId, stepKey) {
  const person = await Person.as(username)
  const todo = (await person.todosOf(projectId)).find((item) => !stepKey || item.stepKey === stepKey)
  assert.ok(todo, `${username} has no open to-do${stepKey ? ` at ${stepKey}` : ''} on ${projectId}`)
  return todo
}

/** Every demo person's open to-dos on the project, as [username, todo]. */
export async function openTodos(projectId, usernames = Object.keys(PEOPLE)) {
  const found = []
  for (const username of usernames) {
    const person = await Person.as(username)
    for (const todo of await person.todosOf(projectId)) found.push([username, todo])
  }
  return found
}

/** The usernames of the people a holder names (display names, as the project shows them). */
function holderUsers(holder) {
  const byName = new Map(Object.entries(PEOPLE).map(([username, [name]]) => [name, username]))
  return holder.names.map((name) => byName.get(name)).filter(Boolean)
}

/** Someone's open to-do on the step a holder of the project stands for (organising a panel last). */
async function holderTodo(projectId, holder) {
  const people = holderUsers(holder)
  const candidates = people.length ? people : Object.keys(PEOPLE).filter((u) => PEOPLE[u][1].includes(holder.center))
  let organise = null
  for (const username of candidates) {
    const person = await Person.as(username)
    for (const todo of await person.todosOf(projectId)) {
      if (todo.stepKey !== holder.stepKey) continue
      if (todo.expects !== 'ORGANISE_PANEL') return [person, todo]
      organise ??= [person, todo]
    }
  }
  if (organise) return organise
  throw new Error(`nobody holds ${holder.stepKey} of ${projectId} (${JSON.stringify(holder)})`)
}

function isoDate(daysAhead) {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The data bureau draws a panel of three for the project's scoring step and every drawn expert
 * accepts; the seats as [username, todo] (each todo the expert's SCORE to-do).
 */
export async function drawPanel(projectId, stage) {
  const data = await Person.as('data')
  await data.must('requestPanel', 'RequestPanelInput', {
    projectId,
    stage,
    quotas: [{ count: 3 }],
    reviewDate: isoDate(7),
  })
  const invited = await openTodos(projectId, EXPERTS)
  const invitations = invited.filter(([, todo]) => todo.expects === 'RESPOND_INVITATION')
  assert.equal(invitations.length, 3, `three experts invited: ${JSON.stringify(invited)}`)
  const seats = []
  for (const [username, todo] of invitations) {
    const expert = await Person.as(username)
    await expert.must('respondInvitation', 'RespondInvitationInput', { seatId: todo.seatId, accept: true, noConflict: true })
    const score = (await expert.todosOf(projectId)).find((item) => item.expects === 'SCORE')
    assert.ok(score, `${username} has a score sheet to fill in after accepting`)
    seats.push([username, score])
  }
  return seats
}

/** An expert submits a full sheet (80% of every maximum) through the API. */
export async function scoreThroughApi(username, seatId) {
  const expert = await Person.as(username)
  const sheet = await expert.sheet(seatId)
  const scores = Object.fromEntries(sheet.criteria.map((c) => [c.key, String(Math.round(Number(c.maxPoints) * 8) / 10)]))
  await expert.must('submitScoreSheet', 'ScoreSheetInput', {
    seatId,
    scores,
    opinion: 'PASS',
    comment: '同意',
    secondFactor: EXPERT_PIN,
  })
}

/** What the people of the active stages record before their steps can finish. */
async function recordFacts(project) {
  const active = new Set(project.timeline.filter((entry) => entry.status === 'ACTIVE').map((entry) => entry.stage))
  if (active.has('FINANCE_REVIEW') && project.approvedBudget === null) {
    const finance = await Person.as('finance')
    await finance.must('setApprovedBudget', 'AmountInput', {
      projectId: project.id,
      value: String(Math.floor(Number(project.requestedAmount) * 0.9)),
    })
  }
  if (active.has('PROCUREMENT') && project.contractAmount === null) {
    const builder = await builderOf(project)
    const vendor = await Person.as('vendor')
    await builder.must('recordContract', 'ContractInput', {
      projectId: project.id,
      vendorId: vendor.user.organisation.id,
      value: String(Math.floor(Number(project.approvedBudget) * 0.95)),
    })
  }
}

async function builderOf(project) {
  for (const username of ['builder', 'builder2', 'builder3']) {
    const person = await Person.as(username)
    if (person.user.organisation.id === project.builder.id) return person
  }
  throw new Error(`no demo builder belongs to the builder unit of ${project.code}`)
}

/**
 * Moves the project on, approving whatever is in hand (panels drawn and scored through the
 * API), until `until(project)` holds; the project then.
 */
export async function drive(projectId, until, { maxActions = 60 } = {}) {
  const data = await Person.as('data')
  for (let i = 0; i < maxActions; i++) {
    const project = await data.project(projectId)
    if (until(project)) return project
    assert.equal(project.status, 'ACTIVE', `project ${project.code} stopped at ${project.stage}: ${project.status}`)
    await recordFacts(project)
    const holder = project.holders[0]
    assert.ok(holder, `nobody holds ${project.code} at ${project.stage}`)
    const [person, todo] = await holderTodo(projectId, holder)
    if (todo.expects === 'ORGANISE_PANEL') {
      for (const [username, seat] of await drawPanel(projectId, todo.stage)) await scoreThroughApi(username, seat.seatId)
    } else {
      const answer = await person.decide(todo)
      assert.equal(answer.__typename, 'ActionDone', `${person.username} approves ${todo.stepKey}: ${JSON.stringify(answer)}`)
    }
  }
  throw new Error(`project ${projectId} did not get there in ${maxActions} actions`)
}

/**
 * Ends a scenario's project so that it leaves nothing in anyone's to-do list (the demo city may
 * be shared with later runs): the first review or approval in hand rejects it; what comes before
 * (a submission, a record, a score sheet, a revision) is done through the API first.
 */
export async function retire(projectId, { maxActions = 20 } = {}) {
  const data = await Person.as('data')
  for (let i = 0; i < maxActions; i++) {
    const project = await data.project(projectId)
    if (!project || !['ACTIVE', 'RETURNED'].includes(project.status)) return
    await recordFacts(project)
    const holder = project.holders[0]
    if (!holder) return
    const [person, todo] = await holderTodo(projectId, holder)
    if (todo.expects === 'REVIEW' || todo.expects === 'APPROVE') {
      await person.must('decide', 'DecideInput', {
        taskId: todo.id,
        verdict: 'REJECT',
        expectedVersion: todo.stepVersion,
        comment: 'e2e: scenario over',
      })
    } else if (todo.expects === 'ORGANISE_PANEL') {
      for (const [username, seat] of await drawPanel(projectId, todo.stage)) await scoreThroughApi(username, seat.seatId)
    } else if (todo.expects === 'SCORE') {
      await scoreThroughApi(person.username, todo.seatId)
    } else if (todo.expects === 'RESUBMIT') {
      await person.must('resubmit', 'ResubmitInput', { taskId: todo.id })
    } else {
      await person.must('decide', 'DecideInput', { taskId: todo.id, verdict: 'APPROVE', expectedVersion: todo.stepVersion })
    }
  }
  throw new Error(`project ${projectId} could not be ended in ${maxActions} actions`)
}

/** Stops once the project's step `stepKey` is in someone's hands. */
export const atStep = (stepKey) => (project) => project.holders.some((holder) => holder.stepKey === stepKey)

/** Stops once `stage` is the active stage. */
export const atStage = (stage) => (project) =>
  project.timeline.some((entry) => entry.stage === stage && entry.status === 'ACTIVE')

/** Polls `probe` until it returns a truthy value (or fails after `timeout` ms). */
export async function eventually(probe, { timeout = 20_000, interval = 250, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeout
  let last
  for (;;) {
    last = await probe()
    if (last) return last
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`)
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}
