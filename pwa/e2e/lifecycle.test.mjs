// One new project's whole life, acted only in the PWA: the builder declares it in the app, then every
// step of the ten stages is done by its holder on their own phone (a browser context each, signed in
// once), from their to-do list, with the step's form where it records something (price assessment,
// plan, control price, budget, contract, supervisor, payments, resource checks), the data bureau's panel
// drawn in the app, the experts accepting and scoring in the app; at the end the builder derives the O&M
// project from the project page. The API is only read: to know whose turn it is and to check outcomes.
//
//     BASE_URL=http://127.0.0.1:8000 node --test e2e/lifecycle.test.mjs
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { EXPERT_PIN, PEOPLE, Person, eventually, key } from './lib/api.mjs'
import { byTestId, confirmAction, fill, findTodoRow, launch, phone, screenshot, showCenter, signIn } from './lib/browser.mjs'

const LIFE_TIMEOUT = 1_200_000
// Whose organisation is which in the demo city (domain/demo/data.py): the picker is searched by name.
const VENDOR = '杭州云栖数智科技有限公司' // vendor's
const SUPERVISOR = '杭州正信信息工程监理有限公司' // supervisor's
const REQUESTED = '2400000'
const BUDGET = '2300000'
const CONTRACT = '2200000'

let browser
const phones = new Map()

before(async () => {
  browser = await launch()
})

after(async () => {
  for (const [username, { page }] of phones) await screenshot(page, `lifecycle-${username}`).catch(() => undefined)
  await browser?.close()
})

/** The person's phone, signed in on first use; an uncaught page error fails the journey. */
async function phoneOf(username) {
  if (!phones.has(username)) {
    const device = await phone(browser)
    await signIn(device.page, username)
    phones.set(username, device)
  }
  return phones.get(username).page
}

/** Every open to-do of the project, as [username, todo, form], whoever holds it (read through the API). */
async function turns(projectId) {
  const found = []
  for (const username of Object.keys(PEOPLE)) {
    const person = await Person.as(username)
    for (const todo of await person.todosOf(projectId)) found.push([username, todo])
  }
  return found
}

async function pickOrganisation(page, name, trigger = 'fact-org') {
  await byTestId(page, trigger).click()
  await fill(page, 'fact-org-search', name)
  await page.locator('[data-testid="fact-org-option"]', { hasText: name }).first().click()
}

async function saveFact(page) {
  await byTestId(page, 'fact-save').click()
  // Saved: the refreshed to-do shows no refusal and the button is free again.
  await page.waitForFunction(() => !document.querySelector('[data-testid="fact-save"]')?.closest('button[disabled]'))
  assert.equal(await byTestId(page, 'fact-refused').count(), 0, 'the fact was accepted')
  assert.equal(await byTestId(page, 'fact-error').count(), 0, 'the fact was valid')
}

/** What the step records beside its decision, in its form (Todo.form). */
async function recordFacts(page, form) {
  switch (form) {
    case 'PRICE_ASSESSMENT':
      // The assessor's own institution is chosen to begin with (a third party's staff).
      await fill(page, 'fact-amount', '2350000')
      await saveFact(page)
      break
    case 'APPROVED_PLAN':
    case 'IMPLEMENTATION_PLAN':
      await fill(page, 'fact-plan-name-0', '视频资源汇聚')
      await fill(page, 'fact-plan-amount-0', '1400000')
      await byTestId(page, 'fact-plan-add').click()
      await fill(page, 'fact-plan-name-1', '共享服务门户')
      await fill(page, 'fact-plan-amount-1', '900000')
      await saveFact(page)
      break
    case 'CONTROL_PRICE_SOFTWARE':
    case 'CONTROL_PRICE_HARDWARE':
      await fill(page, 'fact-amount', '2250000')
      await saveFact(page)
      break
    case 'APPROVED_BUDGET':
      await fill(page, 'fact-amount', BUDGET)
      await saveFact(page)
      break
    case 'CONTRACT':
      await pickOrganisation(page, VENDOR)
      await fill(page, 'fact-amount', CONTRACT)
      await saveFact(page)
      break
    case 'SUPERVISOR':
      await pickOrganisation(page, SUPERVISOR)
      await saveFact(page)
      break
    case 'PAYMENT':
      await fill(page, 'fact-amount', '1100000')
      await fill(page, 'fact-milestone', '阶段验收')
      await saveFact(page)
      break
    case 'RESOURCE_VERIFICATION':
      for (const button of await page.locator('[data-testid^="fact-verify-"]').all()) {
        await button.click()
      }
      await page.waitForFunction(() => !document.querySelector('[data-testid^="fact-verify-"]'))
      break
    default:
      break
  }
}

async function openTodo(page, center, todo) {
  await page.goto(`${new URL(page.url()).origin}/`)
  await showCenter(page, center)
  await (await findTodoRow(page, todo.id)).click()
}

/** The step's decision from the pinned bar: 提交 / 同意 / 登记, with an opinion. */
async function decide(page, todo) {
  const primary = byTestId(page, 'action-record')
  const action = (await primary.count()) ? primary : byTestId(page, 'action-approve')
  await action.click()
  await fill(page, 'action-comment-input', todo.expects === 'RECORD' ? '已登记，材料齐全。' : '同意。', 'textarea')
  await confirmAction(page)
  await page.waitForURL((url) => !url.pathname.endsWith(`/todos/${encodeURIComponent(todo.id)}`))
}

async function score(page, username, todo) {
  const sheet = await (await Person.as(username)).sheet(todo.seatId)
  await page.waitForURL(`**/sheets/${encodeURIComponent(todo.seatId)}`)
  await byTestId(page, 'score-sheet').waitFor()
  for (const criterion of sheet.criteria) {
    await fill(page, `criterion-${criterion.key}`, String(Math.round(Number(criterion.maxPoints) * 8) / 10))
  }
  await byTestId(page, 'opinion-PASS').click()
  await byTestId(page, 'submit-sheet').click()
  await fill(page, 'second-factor', EXPERT_PIN)
  await confirmAction(page)
  await byTestId(page, 'submit-sheet').waitFor({ state: 'detached' })
}

/** One turn: the holder opens the to-do from the list and does what it expects. */
async function act(username, todo, form) {
  const page = await phoneOf(username)
  const center = todo.center
  await openTodo(page, center, todo)
  switch (todo.expects) {
    case 'SCORE':
      await score(page, username, todo)
      return
    case 'ORGANISE_PANEL': {
      await byTestId(page, 'task-form').waitFor()
      await fill(page, 'panel-quota-count-0', '3')
      const reviewOn = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
      await fill(page, 'panel-date', reviewOn)
      await byTestId(page, 'panel-draw').click()
      await byTestId(page, 'panel-result').waitFor()
      assert.equal(await page.locator('[data-testid^="panel-seat-"]').count(), 3, 'three experts drawn')
      await byTestId(page, 'panel-finish').click()
      return
    }
    case 'RESPOND_INVITATION':
      await byTestId(page, 'task-form').waitFor()
      await byTestId(page, 'invite-no-conflict').check()
      await byTestId(page, 'invite-accept').click()
      await page.waitForURL((url) => !url.pathname.endsWith(`/todos/${encodeURIComponent(todo.id)}`))
      return
    default:
      await byTestId(page, 'todo-detail').waitFor()
      if (form) await recordFacts(page, form)
      await decide(page, todo)
  }
}

test('one project through all ten stages and its O&M project, only in the PWA', { timeout: LIFE_TIMEOUT }, async () => {
  const name = `全程通全流程 ${key().slice(-8)}`
  const builder = await Person.as('builder')

  // 申报: the builder declares in the app, with a data resource.
  const page = await phoneOf('builder')
  await showCenter(page, 'BUILDER')
  await byTestId(page, 'open-declare').click()
  await page.locator('[data-testid="declare-name"] input').fill(name)
  await page.locator('[data-testid="declare-amount"] input').fill(REQUESTED)
  await byTestId(page, 'resource-add').click()
  await page.locator('[data-testid="resource-0-name"] input').fill('公共视频资源目录')
  await page.locator('[data-testid="resource-0-provider"] input').fill('市公安局')
  await page.locator('[data-testid="resource-0-fields"] textarea').first().fill('点位编号，位置，类型')
  await page.locator('[data-testid="resource-0-frequency"] input').fill('每日')
  await byTestId(page, 'declare-submit').click()
  const declared = await eventually(async () => {
    const todo = (await builder.todos('BUILDER')).find((item) => item.project?.name === name)
    return todo ?? null
  }, { what: 'the declared project' })
  const projectId = declared.project.id

  // Every step, by whoever holds it, until the project is complete.
  const done = []
  // An organising to-do stays open while its panel runs (it closes with the panel): drawn once.
  const drawn = new Set()
  for (let turn = 0; turn < 80; turn++) {
    const project = await builder.project(projectId)
    if (project.status === 'COMPLETED') break
    const open = await turns(projectId)
    assert.ok(open.length > 0, `someone holds the project at ${project.stage}`)
    // Organising a panel waits until nothing else is open on the step (as people do: the draw last).
    // Scoring waits for every invited expert's answer (the panel scores once all seats are taken).
    const next =
      open.find(([, item]) => item.expects !== 'ORGANISE_PANEL' && item.expects !== 'SCORE') ??
      open.find(([, item]) => item.expects === 'SCORE') ??
      open.find(([, item]) => !drawn.has(item.id))
    assert.ok(next, `only a drawn panel's organising is open at ${project.stage}: ${done.join(' ')}`)
    const [username, todo] = next
    const form = (await (await Person.as(username)).gql('query F($id: ID!) { node(id: $id) { ... on Todo { form } } }', { id: todo.id }))
      .node.form
    await act(username, todo, form)
    done.push(`${username}:${todo.stepKey ?? todo.expects}:${todo.expects}`)
    if (todo.expects === 'ORGANISE_PANEL') {
      drawn.add(todo.id)
      continue
    }
    await eventually(async () => {
      const still = (await (await Person.as(username)).todosOf(projectId)).some((item) => item.id === todo.id)
      return still ? null : true
    }, { what: `${username}'s ${todo.stepKey ?? todo.expects} closed` })
  }

  // Then the project is complete, every stage done, its money as recorded in the forms.
  const project = await builder.project(projectId)
  assert.equal(project.status, 'COMPLETED', done.join(' '))
  assert.equal(Number(project.approvedBudget), Number(BUDGET))
  assert.equal(Number(project.contractAmount), Number(CONTRACT))
  assert.equal(Number(project.paidAmount), Number(CONTRACT))
  for (const role of ['builder', 'data', 'finance', 'drc', 'supervisor', 'vendor']) {
    assert.ok(done.some((entry) => entry.startsWith(`${role}:`)), `${role} acted: ${done.join(' ')}`)
  }
  assert.ok(done.filter((entry) => entry.endsWith(':SCORE')).length >= 3, 'three experts scored')
  assert.ok(done.some((entry) => entry.endsWith(':ORGANISE_PANEL')), 'the data bureau drew the panel in the app')

  // 满意度: on the project page the builder rates a department's finished to-do.
  await page.goto(`${new URL(page.url()).origin}/projects/${encodeURIComponent(projectId)}`)
  await byTestId(page, 'satisfaction').waitFor()
  await page.locator('[data-testid^="satisfaction-open-"]').first().click()
  await byTestId(page, 'satisfaction-star-5').click()
  await byTestId(page, 'satisfaction-send').click()
  await page.locator('[data-testid^="satisfaction-given-"]').first().waitFor()
  const rated = (
    await builder.gql('query H($id: ID!) { projectHistory(projectId: $id) { satisfaction } }', { id: projectId })
  ).projectHistory.filter((entry) => entry.satisfaction === 5)
  assert.equal(rated.length, 1, 'one to-do rated, once')

  // 运维: the builder derives the O&M project from the project page.
  await byTestId(page, 'derive-om').click()
  await byTestId(page, 'declare').waitFor()
  await page.locator('[data-testid="declare-name"] input').fill(`${name}运维`)
  await page.locator('[data-testid="declare-amount"] input').fill('180000')
  await byTestId(page, 'declare-submit').click()
  const om = await eventually(async () => {
    const todo = (await builder.todos('BUILDER')).find((item) => item.project?.name === `${name}运维`)
    return todo ?? null
  }, { what: 'the O&M project' })
  assert.equal(om.project.code, `${project.code}-YW01`)
})
