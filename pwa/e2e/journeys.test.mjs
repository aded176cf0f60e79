// The work of the centers, end to end: the built app in Debian's Chromium as a phone (390×844),
// against the real server with the demo city (BASE_URL). Each scenario sets up its own project
// through the API as the right people (the demo database is shared by the whole run, so nothing
// depends on the order), does its part in the app, checks the outcome through the API, and
// leaves a screenshot of its last screen in E2E_OUT_DIR (../var/e2e/journey-*.png).
//
//     BASE_URL=http://127.0.0.1:8000 node --test e2e/
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  BASE_URL,
  EXPERT_PIN,
  PEOPLE,
  Person,
  atStep,
  declare,
  drive,
  eventually,
  key,
  retire,
  todoOf,
} from './lib/api.mjs'
import {
  byTestId,
  confirmAction,
  controllingWorker,
  fill,
  findTodoRow,
  launch,
  phone,
  screenshot,
  showCenter,
  signIn,
  waitMovedOn,
  withScreenshot,
} from './lib/browser.mjs'
import { zh } from './lib/messages.mjs'
import { startPushService } from './lib/push.mjs'

const SCENARIO_TIMEOUT = 180_000
let browser

before(async () => {
  browser = await launch()
})

after(async () => {
  await browser?.close()
})

/** A fresh phone for one scenario, closed afterwards; an uncaught error in the page fails the scenario. */
async function onPhone(t, options, body) {
  const device = await phone(browser, options)
  t.after(() => device.context.close())
  await body(device)
  assert.deepEqual(
    device.errors.map((error) => String(error)),
    [],
    'no uncaught error in the page',
  )
}

/** A new project of `username`, declared through the API; ended when the scenario is over. */
async function newProject(t, username = 'builder', options = {}) {
  const projectId = await declare(await Person.as(username), options)
  t.after(async () => {
    try {
      await retire(projectId)
    } catch (error) {
      t.diagnostic(`project ${projectId} left open: ${error}`)
    }
  })
  return projectId
}

/** A new project, declared and submitted: the data bureau's intake (或签: data, data2) is open. */
async function submittedProject(t, username = 'builder', options = {}) {
  const projectId = await newProject(t, username, options)
  const answer = await (await Person.as(username)).decide(await todoOf(username, projectId, 'submit_application'))
  assert.equal(answer.__typename, 'ActionDone', JSON.stringify(answer))
  return projectId
}

/** The to-do's detail screen, opened from the person's to-do list. */
async function openFromList(page, center, todoId) {
  await showCenter(page, center)
  await (await findTodoRow(page, todoId)).click()
  await page.waitForURL(`**/todos/${encodeURIComponent(todoId)}`)
  await byTestId(page, 'todo-detail').waitFor()
}

const withComment = (history, comment) => history.filter((entry) => entry.comment === comment)
const holds = async (person, projectId, todoId) => (await person.todosOf(projectId)).some((item) => item.id === todoId)

test('1. a builder submits a declared project from the PWA', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const builder = await Person.as('builder')
  // The app has no declaration screen: the project is declared through the API.
  const projectId = await newProject(t)
  const todo = await todoOf('builder', projectId, 'submit_application')
  assert.equal(todo.expects, 'SUBMIT')

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-1-builder-submits', async () => {
      await signIn(page, 'builder')
      await openFromList(page, 'BUILDER', todo.id)
      assert.match(await byTestId(page, 'project-summary').textContent(), new RegExp(todo.project.code))
      // Submitting the applicant's own step is its decision: the button says 提交.
      const submit = byTestId(page, 'action-approve')
      assert.equal((await submit.textContent()).trim(), zh('action.submit'))
      await submit.click()
      await confirmAction(page)
      // Done: on to the next to-do, or home.
      await waitMovedOn(page, todo.id)
    }),
  )

  assert.equal(await holds(builder, projectId, todo.id), false, 'the submission to-do is closed')
  const project = await builder.project(projectId)
  assert.deepEqual(
    project.holders.map((holder) => [holder.stepKey, holder.center]),
    [['intake', 'DATA']],
    'the data bureau has it now (一窗受理)',
  )
  const history = await builder.history(projectId)
  assert.deepEqual(
    history.map((entry) => entry.action),
    ['DECLARE', 'SUBMIT'],
    'declared, then submitted once',
  )
  assert.equal((await (await Person.as('data2')).todosOf(projectId)).length, 1, 'both data bureau officials see the intake')
})

test('2. the data bureau approves the intake waiting in the demo city, from its to-do list', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  // The demo city leaves the data bureau an application to receive (一窗受理).
  const data = await Person.as('data')
  const data2 = await Person.as('data2')
  const todo = (await data.todos('DATA')).find((item) => item.stepKey === 'intake')
  assert.ok(todo, 'the demo city left the data bureau an intake')
  const projectId = todo.project.id
  // Its applicant: whoever declared it (the first entry of the record), a demo builder.
  const declaredBy = (await data.history(projectId))[0].actorName
  const applicant = Object.keys(PEOPLE).find((username) => PEOPLE[username][0] === declaredBy)
  assert.ok(applicant && PEOPLE[applicant][1].includes('BUILDER'), `a demo builder declared it: ${declaredBy}`)
  // The application's feasibility study, a PDF the builder attached.
  const pdf = Buffer.from(`%PDF-1.4\n% 可行性研究报告 ${key()}\n%%EOF\n`)
  const materialId = await (await Person.as(applicant)).upload(projectId, {
    stage: 'PRE_REVIEW',
    title: '可行性研究报告',
    bytes: pdf,
    filename: 'feasibility.pdf',
    type: 'application/pdf',
  })
  const before = await data.history(projectId)
  const comment = `材料齐全，予以受理 ${key()}`

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-2-data-approves', async () => {
      await signIn(page, 'data')
      await openFromList(page, 'DATA', todo.id)
      // The material opens from its link, without the app's token: the file itself, as uploaded.
      const link = page.locator(`[data-testid="material-${materialId}"] a`).first()
      const href = await link.getAttribute('href')
      assert.match(href, /^\/files\//)
      assert.equal(await link.getAttribute('target'), '_blank')
      const file = await page.request.get(new URL(href, BASE_URL).href)
      assert.equal(file.status(), 200)
      assert.equal(file.headers()['content-type'], 'application/pdf')
      assert.deepEqual(Buffer.from(await file.body()), pdf)
      // The record says who acted and at which stage: the builder's official submitted it.
      await page.getByTestId('history-who').first().waitFor()
      assert.match(await byTestId(page, 'history').textContent(), new RegExp(`${declaredBy} · ${zh('stage.PRE_REVIEW')}`))
      await byTestId(page, 'action-approve').click()
      await fill(page, 'action-comment-input', comment, 'textarea')
      await confirmAction(page)
      await waitMovedOn(page, todo.id)
    }),
  )

  const added = (await data.history(projectId)).slice(before.length)
  assert.deepEqual(
    added.map((entry) => [entry.action, entry.comment]),
    [['APPROVE', comment]],
    'exactly one decision more on the record, with the opinion typed',
  )
  assert.equal(await holds(data, projectId, todo.id), false, 'the to-do is closed')
  assert.equal(
    (await data2.todosOf(projectId)).some((item) => item.stepKey === 'intake'),
    false,
    'or-sign: the colleague’s intake to-do closed with it',
  )
  const project = await data.project(projectId)
  assert.ok(project.holders.length > 0, 'someone holds it next')
  assert.equal(
    project.holders.some((holder) => holder.stepKey === 'intake'),
    false,
    'received: on to the next step of the pre-review',
  )
  assert.equal(project.stage, 'PRE_REVIEW')
})

test('3. an expert finishes the half-filled score sheet waiting in the demo city and submits it with the PIN', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  // The demo city leaves `expert` a panel in scoring with a draft saved for half the criteria.
  const username = 'expert'
  const expert = await Person.as(username)
  const todo = (await expert.todos('EXPERT')).find((item) => item.kind === 'SCORE')
  assert.ok(todo?.seatId, 'the demo city left the expert a score sheet to finish')
  const projectId = todo.project.id
  const sheet = await expert.sheet(todo.seatId)
  assert.equal(sheet.status, 'DRAFT')
  assert.equal(sheet.panelStatus, 'SCORING')
  const saved = Object.keys(sheet.scores ?? {}).length
  assert.ok(saved > 0 && saved < sheet.criteria.length, 'half-filled: some criteria scored, not all')
  // 85% of each maximum, to one decimal place (8.5 of 10, 12.8 of 15, ...).
  const tenths = Object.fromEntries(sheet.criteria.map((c) => [c.key, Math.round(Number(c.maxPoints) * 8.5)]))
  const typed = (criterion) => String(tenths[criterion] / 10)
  const total = String(Object.values(tenths).reduce((sum, value) => sum + value, 0) / 10)

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-3-expert-scores', async () => {
      await signIn(page, username)
      await showCenter(page, 'EXPERT')
      // A scoring to-do opens the score sheet.
      await (await findTodoRow(page, todo.id)).click()
      await page.waitForURL(`**/sheets/${encodeURIComponent(todo.seatId)}`)
      await byTestId(page, 'score-sheet').waitFor()
      // The plan being scored is beside the criteria: the project's materials and a link to the project.
      await byTestId(page, 'sheet-materials').waitFor()
      assert.equal(await byTestId(page, 'sheet-project').getAttribute('href'), `/projects/${encodeURIComponent(projectId)}`)
      for (const criterion of sheet.criteria) await fill(page, `criterion-${criterion.key}`, typed(criterion.key))
      // The running total, as typed.
      await page.waitForFunction(
        (expected) => document.querySelector('[data-testid="score-total"]')?.textContent?.trim() === expected,
        total,
      )
      await byTestId(page, 'opinion-PASS').click()
      await fill(page, 'sheet-comment', '方案可行，同意。', 'textarea')
      await byTestId(page, 'submit-sheet').click()
      await fill(page, 'second-factor', EXPERT_PIN)
      await confirmAction(page)
      assert.equal(await byTestId(page, 'second-factor-error').count(), 0, 'the PIN was accepted')
      // Final: read-only, no submit button.
      await byTestId(page, 'submit-sheet').waitFor({ state: 'detached' })
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="sheet-status"]')?.textContent?.trim() === text,
        zh('sheet.final'),
      )
      await page.evaluate(() => window.scrollTo(0, 0))
    }),
  )

  const submitted = await expert.sheet(todo.seatId)
  assert.equal(submitted.status, 'SUBMITTED')
  assert.equal(submitted.opinion, 'PASS')
  assert.equal(Number(submitted.runningTotal), Number(total))
  for (const criterion of sheet.criteria) {
    assert.equal(Number(submitted.scores[criterion.key]), Number(typed(criterion.key)), criterion.key)
  }
  assert.equal(await holds(expert, projectId, todo.id), false, 'the scoring to-do is closed')
})

test('4. a vendor sees the new stage on the project progress timeline', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  const project = await drive(projectId, atStep('record_contract'))
  const builder = await Person.as('builder')
  const vendor = await Person.as('vendor')
  // The contract names the vendor: from now on it follows the project.
  await builder.must('recordContract', 'ContractInput', {
    projectId,
    vendorId: vendor.user.organisation.id,
    value: String(Math.floor(Number(project.approvedBudget) * 0.95)),
  })
  const status = (page, stage) => byTestId(page, `stage-${stage}`).getAttribute('data-status')

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-4-vendor-timeline', async () => {
      await signIn(page, 'vendor')
      // The project's address, as a shared link opens it: still in procurement, with the builder.
      await page.goto(`${BASE_URL}/projects/${encodeURIComponent(projectId)}`)
      await byTestId(page, 'timeline').waitFor()
      assert.equal(await status(page, 'PROCUREMENT'), 'ACTIVE')
      assert.equal(await status(page, 'CONSTRUCTION'), 'WAITING')
      assert.equal(await byTestId(page, 'holder').getAttribute('data-stage'), 'PROCUREMENT')

      // The builder files the contract: construction starts, with the vendor's milestone report.
      const answer = await builder.decide(await todoOf('builder', projectId, 'record_contract'))
      assert.equal(answer.__typename, 'ActionDone', JSON.stringify(answer))
      const report = await todoOf('vendor', projectId, 'milestone_report')

      // The vendor's new to-do, and from it the project's progress.
      await page.goto(BASE_URL)
      await byTestId(page, 'home-page').waitFor()
      await openFromList(page, 'VENDOR', report.id)
      await byTestId(page, 'open-progress').click()
      await page.waitForURL(`**/projects/${encodeURIComponent(projectId)}`)
      await page.waitForFunction(
        () => document.querySelector('[data-testid="stage-CONSTRUCTION"]')?.getAttribute('data-status') === 'ACTIVE',
      )
      assert.match(await byTestId(page, 'stage-CONSTRUCTION').textContent(), new RegExp(zh('stageStatus.ACTIVE')))
      for (const stage of ['PRE_REVIEW', 'PLAN_REVIEW', 'FINANCE_REVIEW', 'PROJECT_APPROVAL', 'IMPL_REVIEW', 'PROCUREMENT']) {
        assert.equal(await status(page, stage), 'DONE', stage)
      }
      for (const stage of ['ACCEPTANCE', 'EVALUATION', 'OPERATIONS']) assert.equal(await status(page, stage), 'WAITING', stage)
      // Who holds it now: the vendor, in construction.
      const holder = byTestId(page, 'holder')
      assert.equal(await holder.count(), 1)
      assert.equal(await holder.getAttribute('data-stage'), 'CONSTRUCTION')
      assert.match(await holder.textContent(), new RegExp(vendor.user.displayName))
    }),
  )
  assert.equal((await vendor.project(projectId)).stage, 'CONSTRUCTION')
})

test('5. an official approves offline; it lands once when the network is back', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  const todo = await todoOf('data', projectId, 'intake')
  const data = await Person.as('data')
  const comment = `离线审批 ${key()}`

  await onPhone(t, {}, ({ page, context }) =>
    withScreenshot(page, 'journey-5-offline-approval', async () => {
      await signIn(page, 'data')
      await openFromList(page, 'DATA', todo.id)
      await context.setOffline(true)
      try {
        await byTestId(page, 'action-approve').click()
        await fill(page, 'action-comment-input', comment, 'textarea')
        await confirmAction(page)
        // Kept on the phone, waiting for the network.
        await byTestId(page, 'outbox').waitFor()
        assert.equal(await byTestId(page, 'outbox').getAttribute('data-waiting'), '1')
        assert.match(await byTestId(page, 'outbox').textContent(), new RegExp(zh('outbox.waiting', { count: 1 })))
        assert.equal(await byTestId(page, 'pending-action').getAttribute('data-status'), 'waiting')
        assert.equal(await byTestId(page, 'action-approve').isDisabled(), true, 'no second decision meanwhile')
        // Nothing reached the server.
        assert.equal(withComment(await data.history(projectId), comment).length, 0)
        assert.equal(await holds(data, projectId, todo.id), true, 'still open on the server')
        await screenshot(page, 'journey-5-offline-waiting')
      } finally {
        await context.setOffline(false)
      }
      // Online again: sent by itself; the banner and the pending note go.
      await byTestId(page, 'outbox').waitFor({ state: 'detached', timeout: 30_000 })
      await byTestId(page, 'pending-action').waitFor({ state: 'detached' })
    }),
  )

  const landed = await eventually(async () => {
    const found = withComment(await data.history(projectId), comment)
    return found.length ? found : null
  }, { what: 'the decision' })
  assert.deepEqual(
    landed.map((entry) => entry.action),
    ['APPROVE'],
    'exactly one decision',
  )
  assert.equal(await holds(data, projectId, todo.id), false, 'the to-do is closed')
  const again = await data.decide(todo)
  assert.equal(again.__typename, 'WorkflowError')
  assert.equal(again.code, 'TASK_CLOSED', JSON.stringify(again))
  assert.equal(again.current?.taskStatus, 'DONE')
  assert.equal(withComment(await data.history(projectId), comment).length, 1, 'still one decision')
})

/** What the conflict panel must say for the server's refusal of data2's decision. */
async function expectConflict(page, data2, mine) {
  // The server's own answer to the same decision (a new key: no effect) says the state now.
  const refused = await data2.decide(mine)
  assert.equal(refused.__typename, 'WorkflowError')
  const conflict = byTestId(page, 'conflict').first()
  await conflict.waitFor()
  assert.equal(await conflict.getAttribute('data-code'), refused.code)
  assert.match(await conflict.textContent(), new RegExp(zh(`conflict.${refused.code}`)))
  const current = byTestId(page, 'conflict-current').first()
  const shown = await current.textContent()
  const { current: state } = refused
  assert.ok(state, 'the server gives the current state')
  for (const text of [
    zh(`stepStatus.${state.stepStatus}`),
    zh(`taskStatus.${state.taskStatus}`),
    zh('conflict.version', { version: state.stepVersion }),
  ]) {
    assert.ok(shown.includes(text), `the current state shows “${text}”: ${shown}`)
  }
}

test('6a. a conflict is shown when the other official decided while the to-do was open', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  const mine = await todoOf('data2', projectId, 'intake')
  const theirs = await todoOf('data', projectId, 'intake')
  const data = await Person.as('data')
  const data2 = await Person.as('data2')

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-6a-conflict-open', async () => {
      await signIn(page, 'data2')
      await openFromList(page, 'DATA', mine.id)
      // Meanwhile the colleague (或签) decides first.
      const first = await data.decide(theirs, 'APPROVE', '同意受理')
      assert.equal(first.__typename, 'ActionDone', JSON.stringify(first))

      await byTestId(page, 'action-approve').click()
      await confirmAction(page)
      await expectConflict(page, data2, mine)
    }),
  )

  const approvals = (await data2.history(projectId)).filter((entry) => entry.action === 'APPROVE')
  assert.deepEqual(
    approvals.map((entry) => entry.comment),
    ['同意受理'],
    'the colleague’s decision only (the submission reads SUBMIT)',
  )
})

test('6b. a conflict is shown when the other official decided while the approval was queued', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  const mine = await todoOf('data2', projectId, 'intake')
  const theirs = await todoOf('data', projectId, 'intake')
  const data = await Person.as('data')
  const data2 = await Person.as('data2')

  await onPhone(t, {}, ({ page, context }) =>
    withScreenshot(page, 'journey-6b-conflict-queued', async () => {
      await signIn(page, 'data2')
      await openFromList(page, 'DATA', mine.id)
      await context.setOffline(true)
      try {
        await byTestId(page, 'action-approve').click()
        await confirmAction(page)
        await byTestId(page, 'pending-action').waitFor()
        // While this phone is offline, the colleague decides.
        const first = await data.decide(theirs, 'APPROVE', '同意受理')
        assert.equal(first.__typename, 'ActionDone', JSON.stringify(first))
      } finally {
        await context.setOffline(false)
      }
      // Sent when online, refused: shown on the to-do and counted in the banner.
      await page.waitForFunction(() => document.querySelector('[data-testid="outbox"]')?.getAttribute('data-refused') === '1', null, {
        timeout: 30_000,
      })
      await expectConflict(page, data2, mine)
    }),
  )

  const approvals = (await data2.history(projectId)).filter((entry) => entry.action === 'APPROVE')
  assert.deepEqual(
    approvals.map((entry) => entry.comment),
    ['同意受理'],
    'the queued approval did not land',
  )
})

test('7. a push reaches the service worker, shows a notification, and a tap opens its page', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const builder = await Person.as('builder2')
  const { publicConfig } = await builder.gql('query { publicConfig { webPushPublicKey } }')
  assert.ok(publicConfig.webPushPublicKey, 'the server publishes its VAPID key')
  // Chromium's own push subscription needs Google's push service: this browser gets a local one.
  const push = await startPushService({ vapidPublicKey: publicConfig.webPushPublicKey })
  t.after(() => push.close())
  const registered = await builder.gql(
    `mutation Register($input: PushSubscriptionInput!) { registerWebPush(input: $input) {
      __typename ... on ActionError { code field } } }`,
    { input: push.subscription },
  )
  assert.equal(registered.registerWebPush.__typename, 'Done', JSON.stringify(registered))
  t.after(() =>
    builder.gql('mutation Unregister($endpoint: String!) { unregisterWebPush(endpoint: $endpoint) { __typename } }', {
      endpoint: push.subscription.endpoint,
    }),
  )

  await onPhone(t, { permissions: ['notifications'] }, ({ page, context }) =>
    withScreenshot(page, 'journey-7-push-notification', async () => {
      await signIn(page, 'builder2')
      const worker = await controllingWorker(page)

      // The data bureau returns builder2's application: a to-do for builder2, pushed.
      const projectId = await submittedProject(t, 'builder2')
      const intake = await todoOf('data', projectId, 'intake')
      await (await Person.as('data')).must('returnForRevision', 'ReturnForRevisionInput', {
        taskId: intake.id,
        comment: '请补充数据资源清单',
        expectedVersion: intake.stepVersion,
      })
      const revision = await todoOf('builder2', projectId)
      const link = `/todos/${revision.id}`
      const message = await eventually(() => push.messages.findLast((item) => item.link === link), {
        timeout: 30_000,
        what: `a push for ${link}`,
      })
      assert.deepEqual(push.problems, [], 'every push was well-formed (VAPID, aes128gcm)')
      assert.ok(message.receipt && message.title && message.body, JSON.stringify(message))

      // Into the service worker, as Chromium's push service hands it over.
      const cdp = await context.newCDPSession(page)
      const registration = new Promise((resolve) =>
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
          const ours = registrations.find((item) => item.scopeURL === `${BASE_URL}/` && !item.isDeleted)
          if (ours) resolve(ours.registrationId)
        }),
      )
      await cdp.send('ServiceWorker.enable')
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: BASE_URL,
        registrationId: await registration,
        data: JSON.stringify(message),
      })

      const notifications = (tag) =>
        page.evaluate(async (wanted) => {
          const shown = await (await navigator.serviceWorker.ready).getNotifications({ tag: wanted })
          return shown.map((item) => ({ title: item.title, body: item.body, data: item.data, tag: item.tag }))
        }, tag)
      const shown = await eventually(async () => {
        const list = await notifications(message.tag)
        return list.length ? list : null
      }, { what: 'the notification' })
      assert.equal(shown.length, 1)
      assert.equal(shown[0].title, message.title)
      assert.equal(shown[0].body, message.body)
      assert.equal(shown[0].data.link, link)

      // The worker confirmed the delivery with its receipt (the payload names the row, the API its opaque ID).
      const deliveryId = Buffer.from(`Delivery:${message.deliveryId}`).toString('base64url')
      const delivery = await eventually(async () => {
        const { myNotifications } = await builder.gql('query { myNotifications(first: 50) { edges { node { deliveries { id status } } } } }')
        const found = myNotifications.edges.flatMap((edge) => edge.node.deliveries).find((item) => item.id === deliveryId)
        return found && !['QUEUED', 'SENDING', 'SENT'].includes(found.status) ? found : null
      }, { what: 'the delivery acknowledged' })
      assert.equal(delivery.status, 'DELIVERED')

      // A tap: the worker shows the link in the open app.
      await worker.evaluate(async (tag) => {
        const [notification] = await self.registration.getNotifications({ tag })
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }))
      }, message.tag)
      await page.waitForURL(`**${link}`)
      await byTestId(page, 'todo-detail').waitFor()
      assert.match(await byTestId(page, 'project-summary').textContent(), new RegExp(revision.project.code))
      assert.deepEqual(await notifications(message.tag), [], 'the tapped notification is closed')
    }),
  )
})

test('8. a builder revises the returned application waiting in the demo city and resubmits it', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const data = await Person.as('data')
  const builder = await Person.as('builder')
  // The demo city leaves the builder one application the data bureau returned (the tour's work).
  const revision = (await builder.todos('BUILDER')).find((todo) => todo.expects === 'RESUBMIT')
  assert.ok(revision, 'the demo city left the builder a returned application to revise')
  const projectId = revision.project.id
  const note = `已补充可行性研究报告 ${key()}`

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-8-builder-resubmits', async () => {
      await signIn(page, 'builder')
      await openFromList(page, 'BUILDER', revision.id)
      // What a returned application asks: resubmitting it (no approve or reject of one's own work).
      assert.equal(await byTestId(page, 'action-approve').count(), 0)
      const resubmit = byTestId(page, 'action-resubmit')
      assert.equal((await resubmit.textContent()).trim(), zh('action.resubmit'))
      await resubmit.click()
      await fill(page, 'action-comment-input', note, 'textarea')
      await confirmAction(page)
      await waitMovedOn(page, revision.id)
    }),
  )

  const resubmitted = (await builder.history(projectId)).filter((entry) => entry.action === 'RESUBMIT')
  assert.deepEqual(
    resubmitted.map((entry) => entry.comment),
    [note],
    'resubmitted exactly once, with what was changed',
  )
  assert.equal(await holds(builder, projectId, revision.id), false, 'the revision to-do is closed')
  const project = await data.project(projectId)
  assert.deepEqual(
    project.holders.map((holder) => [holder.stepKey, holder.center]),
    [['intake', 'DATA']],
    'back with the data bureau',
  )
})

test('9. finance records a milestone payment at the payment step', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  await drive(projectId, atStep('milestone_payment'))
  const finance = await Person.as('finance')
  const paying = (await finance.todosOf(projectId)).find((todo) => todo.stepKey === 'milestone_payment')
  assert.ok(paying, 'finance holds the milestone payment')
  assert.equal(paying.expects, 'RECORD')
  const before = await finance.gql('query Paid($id: ID!) { node(id: $id) { ... on Project { paidAmount contractAmount } } }', {
    id: projectId,
  })
  const amount = (Math.floor(Number(before.node.contractAmount) * 0.3 * 100) / 100).toFixed(2)
  const note = `首期款已拨付 ${key()}`

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-9-finance-records-payment', async () => {
      await signIn(page, 'finance')
      await openFromList(page, 'FINANCE', paying.id)
      // The payment is saved with the step's form first: a bad amount is named and nothing is sent.
      await fill(page, 'fact-amount', '12.345')
      await fill(page, 'fact-milestone', '第一期里程碑')
      await byTestId(page, 'fact-save').click()
      await byTestId(page, 'fact-error').waitFor()
      await fill(page, 'fact-amount', amount)
      await byTestId(page, 'fact-save').click()
      // Saved: the form is emptied and the page reloaded with the new paid amount.
      await page.waitForFunction(() => document.querySelector('[data-testid="fact-amount"] input')?.value === '')
      await byTestId(page, 'action-record').click()
      await fill(page, 'action-comment-input', note, 'textarea')
      await confirmAction(page)
      await waitMovedOn(page, paying.id)
    }),
  )

  const after = await finance.gql('query Paid($id: ID!) { node(id: $id) { ... on Project { paidAmount } } }', { id: projectId })
  assert.equal(Number(after.node.paidAmount) - Number(before.node.paidAmount), Number(amount), 'the payment recorded once')
  const history = await finance.history(projectId)
  assert.deepEqual(
    history.filter((entry) => entry.action === 'RECORD_PAYMENT').length,
    1,
    'one payment on the record',
  )
  assert.deepEqual(
    history.filter((entry) => entry.comment === note).map((entry) => entry.action),
    ['APPROVE'],
    'the step finished once, with what was recorded',
  )
  assert.equal(await holds(finance, projectId, paying.id), false, 'the payment to-do is closed')
})

test('10. a builder declares a project offline; it is declared once when the network is back', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const builder = await Person.as('builder')
  const name = `离线申报 ${key().slice(-8)}`
  const pdf = Buffer.from(`%PDF-1.4\n% 可行性研究报告 ${key()}\n%%EOF\n`)
  const declared = async () => (await builder.todos('BUILDER')).filter((todo) => todo.project?.name === name)

  await onPhone(t, {}, ({ page, context }) =>
    withScreenshot(page, 'journey-10-declare-offline', async () => {
      await signIn(page, 'builder')
      await showCenter(page, 'BUILDER')
      await byTestId(page, 'open-declare').click()
      await byTestId(page, 'declare').waitFor()
      await context.setOffline(true)
      try {
        // Checked before it is queued: a bad amount is named and nothing waits.
        await page.locator('[data-testid="declare-name"] input').fill(name)
        await page.locator('[data-testid="declare-amount"] input').fill('12.345')
        await byTestId(page, 'declare-submit').click()
        await byTestId(page, 'declare-amount-error').waitFor()
        assert.equal(await byTestId(page, 'outbox').count(), 0, 'nothing queued')
        await page.locator('[data-testid="declare-amount"] input').fill('1,280,000')
        await byTestId(page, 'resource-add').click()
        await page.locator('[data-testid="resource-0-name"] input').fill('城市部件库')
        await page.locator('[data-testid="resource-0-provider"] input').fill('城管局')
        await page.locator('[data-testid="resource-0-fields"] textarea').first().fill('部件编号，类型，位置')
        await page.locator('[data-testid="resource-0-frequency"] input').fill('每日')
        // The feasibility study attached from the phone's files, kept with the declaration offline.
        await byTestId(page, 'declare-file-input').setInputFiles({ name: '可行性研究报告.pdf', mimeType: 'application/pdf', buffer: pdf })
        await byTestId(page, 'declare-file-0').waitFor()
        await byTestId(page, 'declare-submit').click()
        // Kept on the phone, waiting for the network; home again.
        await byTestId(page, 'home-page').waitFor()
        await byTestId(page, 'outbox').waitFor()
        assert.equal(await byTestId(page, 'outbox').getAttribute('data-waiting'), '2', 'the declaration and its file')
        assert.deepEqual(await declared(), [], 'nothing reached the server')
      } finally {
        await context.setOffline(false)
      }
      await byTestId(page, 'outbox').waitFor({ state: 'detached', timeout: 30_000 })
    }),
  )

  const found = await eventually(async () => {
    const todos = await declared()
    return todos.length ? todos : null
  }, { what: 'the declared project' })
  assert.equal(found.length, 1, 'declared exactly once')
  assert.equal(found[0].stepKey, 'submit_application')
  const project = await builder.project(found[0].project.id)
  assert.equal(Number(project.requestedAmount), 1280000)
  // and its file uploaded exactly once, after the declaration it waited for
  const materials = await eventually(async () => {
    const found = (await builder.gql('query M($id: ID!) { node(id: $id) { ... on Project { materials { title size } } } }', { id: project.id })).node.materials
    return found.length ? found : null
  }, { what: 'the uploaded material' })
  assert.deepEqual(materials.map((m) => [m.title, m.size]), [['可行性研究报告', pdf.length]], 'one material, the file as chosen')
  t.after(() => retire(project.id).catch((error) => t.diagnostic(`project ${project.id} left open: ${error}`)))
})

test('11. the larger-text setting enlarges every screen and stays after a reload', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-11-larger-text', async () => {
      await signIn(page, 'builder')
      const size = async (testId) => (await byTestId(page, testId).boundingBox()).height
      const before = await size('home-display-name')
      await byTestId(page, 'open-settings').click()
      await byTestId(page, 'settings').waitFor()
      const backBefore = await size('back')
      await byTestId(page, 'text-size-larger').click()
      assert.equal(await page.evaluate(() => document.documentElement.dataset.textSize), 'larger')
      assert.ok((await size('back')) > backBefore * 1.2, 'the settings screen is larger')
      await byTestId(page, 'back').click()
      await byTestId(page, 'home-page').waitFor()
      assert.ok((await size('home-display-name')) > before * 1.2, 'the home screen is larger')
      await page.reload()
      await byTestId(page, 'home-display-name').waitFor()
      assert.ok((await size('home-display-name')) > before * 1.2, 'still larger after a reload')
    }),
  )
})

test('12. an official takes an approval back from 已办 before the next person acts', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  const projectId = await submittedProject(t)
  const todo = await todoOf('data', projectId, 'intake')
  const data = await Person.as('data')

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-12-take-back', async () => {
      await signIn(page, 'data')
      await openFromList(page, 'DATA', todo.id)
      await byTestId(page, 'action-approve').click()
      await fill(page, 'action-comment-input', '同意受理。', 'textarea')
      await confirmAction(page)
      await waitMovedOn(page, todo.id)
      // 已办: the approval just given is the project's latest act, so it can be taken back.
      await page.goto(`${BASE_URL}/done`)
      await byTestId(page, 'done-list').waitFor()
      const takeBack = page.locator('[data-testid^="take-back-"]').first()
      await takeBack.click()
      await confirmAction(page)
      // Back on the to-do, the person's again.
      await byTestId(page, 'todo-detail').waitFor()
      await byTestId(page, 'action-approve').waitFor()
    }),
  )

  const open = (await data.todosOf(projectId)).filter((item) => item.stepKey === 'intake')
  assert.equal(open.length, 1, 'the intake is a to-do of the data bureau again')
  const actions = (await data.history(projectId)).map((entry) => entry.action)
  assert.deepEqual(actions.slice(-2), ['APPROVE', 'TAKE_BACK'], 'the approval stays on the record, taken back')
})

test('13. the data bureau approves several intakes at once (批量办理), each once', { timeout: SCENARIO_TIMEOUT }, async (t) => {
  // Two applications on the standard process (v3 lets intakes go in batches).
  const first = await submittedProject(t, 'builder', { amount: '1200000' })
  const second = await submittedProject(t, 'builder', { amount: '1300000' })
  const mine = [await todoOf('data', first, 'intake'), await todoOf('data', second, 'intake')]
  const data = await Person.as('data')

  await onPhone(t, {}, ({ page }) =>
    withScreenshot(page, 'journey-13-batch-approval', async () => {
      await signIn(page, 'data')
      await showCenter(page, 'DATA')
      // The batch is made of the to-dos on screen: the new ones come last, so the list is read to its end.
      await findTodoRow(page, mine[1].id)
      await byTestId(page, 'batch-open').click()
      // Only these two: any other batchable to-do on screen is left out of the batch.
      for (const item of await page.locator('[data-testid^="batch-item-"]').all()) {
        const id = (await item.getAttribute('data-testid')).slice('batch-item-'.length)
        if (!mine.some((todo) => todo.id === id)) await item.click()
      }
      await byTestId(page, 'confirm').click()
      for (const todo of mine) {
        await page.waitForFunction(
          (id) => document.querySelector(`[data-testid="batch-result-${id}"]`)?.getAttribute('data-outcome') === 'done',
          todo.id,
        )
      }
    }),
  )

  for (const projectId of [first, second]) {
    const history = await data.history(projectId)
    assert.equal(history.filter((entry) => entry.action === 'APPROVE').length, 1, 'each intake approved exactly once')
    assert.equal((await data.todosOf(projectId)).some((item) => item.stepKey === 'intake'), false)
  }
})
