const { GraphQLServer, installWx, openPage, settle, simulate } = require('./harness')
const { keepTokens, pointAt } = require('./fixtures')
const { DRAFT_DELAY_MS } = require('../../miniprogram/src/scoring/drafts')
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

const SEAT = 'UGFuZWxTZWF0OjQ='
const CRITERIA = [
  { key: 'necessity', name: '必要性', nameEn: 'Necessity', maxPoints: '10', guidance: '0-10' },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', maxPoints: '20', guidance: '0-20' },
]

/** A sheet at version 3 whose drafts each raise the version, as the API does. */
function sheetServer() {
  const sheet = { seatId: SEAT, panelStatus: 'SCORING', status: 'DRAFT', version: 3, scores: { necessity: '7' }, comment: '', opinion: null, runningTotal: '7', criteria: CRITERIA }
  const done = { __typename: 'ActionDone', state: { projectId: 'UHJvamVjdDox', projectStatus: 'ACTIVE', projectStage: 'PLAN_REVIEW', projectVersion: 1, stepVersion: null } }
  server.resolvers.scoreSheet = () => sheet
  server.resolvers.saveScoreDraft = ({ input }) => {
    if (input.expectedVersion !== sheet.version) return { __typename: 'ReviewError', code: 'VERSION_CONFLICT', message: '评分表已在别处修改', field: 'version' }
    sheet.version++
    sheet.scores = input.scores
    return { ...done, __typename: 'ScoreDraftSaved', sheetVersion: sheet.version, runningTotal: sheet.runningTotal }
  }
  server.resolvers.submitScoreSheet = ({ input }) =>
    input.secondFactor === '246810' && input.expectedVersion === sheet.version
      ? done
      : { __typename: 'ReviewError', code: 'INVALID_INPUT', message: 'PIN 不正确', field: 'secondFactor' }
  return sheet
}

function type(page, key, text) {
  page.instance.onScore({ currentTarget: { dataset: { key } }, detail: text })
}

async function draftsSaved() {
  await simulate.sleep(DRAFT_DELAY_MS + 50)
  await settle()
}

const total = (page) => page.querySelector('.total').dom.textContent.trim()
const problems = (page) => page.instance.data.criteria.map((row) => row.problem)

test('the total is counted in exact tenths and a wrong score is named, not counted', async () => {
  // given
  sheetServer()
  const page = await openPage('sheet', { seatId: SEAT })
  expect(total(page)).toBe('合计 7 / 30')
  // when
  type(page, 'necessity', '8.1')
  type(page, 'feasibility', '12.2')
  // then
  expect(total(page)).toBe('合计 20.3 / 30')
  type(page, 'feasibility', '12.25')
  expect(problems(page)).toEqual(['', '最多一位小数'])
  expect(total(page)).toBe('合计 8.1 / 30')
  type(page, 'feasibility', '２０．５')
  expect(problems(page)).toEqual(['', '超过该项满分'])
  type(page, 'feasibility', '１９．９')
  expect(total(page)).toBe('合计 28 / 30')
  await draftsSaved()
})

test('drafts are saved while typing: one per pause, valid scores only, each expecting the version the last left', async () => {
  // given
  const sheet = sheetServer()
  const page = await openPage('sheet', { seatId: SEAT })
  // when
  type(page, 'necessity', '8')
  type(page, 'necessity', '8.5')
  type(page, 'feasibility', '30')
  await draftsSaved()
  type(page, 'feasibility', '15')
  await draftsSaved()
  // then
  expect(server.calls('SaveScoreDraft').map((call) => [call.variables.input.scores, call.variables.input.expectedVersion])).toEqual([
    [{ necessity: '8.5' }, 3],
    [{ necessity: '8.5', feasibility: '15' }, 4],
  ])
  expect(sheet.version).toBe(5)
  expect(page.querySelector('.status').dom.textContent).toBe('草稿已保存')
})

test('offline, the latest draft waits (one, under one key) and is saved when the network returns', async () => {
  // given
  sheetServer()
  const page = await openPage('sheet', { seatId: SEAT })
  wxState.online = false
  // when
  type(page, 'necessity', '6')
  await draftsSaved()
  type(page, 'necessity', '9')
  await draftsSaved()
  // then
  expect(outbox.pending().map((entry) => [entry.decision.scores, entry.decision.expectedVersion])).toEqual([[{ necessity: '9' }, 3]])
  expect(page.querySelector('.status').dom.textContent).toBe('草稿将在网络恢复后保存')
  wxState.online = true
  await outbox.flush()
  expect(server.calls('SaveScoreDraft').map((call) => call.variables.input.scores)).toEqual([{ necessity: '9' }])
})

test('submitting needs every score and the PIN; a wrong PIN is refused and forgotten', async () => {
  // given
  sheetServer()
  const page = await openPage('sheet', { seatId: SEAT })
  // when: a score is missing
  await page.instance.submit()
  // then
  expect(problems(page)).toEqual(['', '请填写'])
  expect(page.querySelector('.error').dom.textContent).toBe('请检查标红的评分项')
  // when: complete, a wrong PIN, then the right one
  type(page, 'feasibility', '18.5')
  page.instance.onPin({ detail: '000000' })
  wxState.modalAnswers.push(true)
  await page.instance.submit()
  await settle()
  expect(page.querySelector('.error').dom.textContent).toBe('未能提交：PIN 不正确')
  expect(page.instance.data.pin).toBe('')
  page.instance.onPin({ detail: '246810' })
  wxState.modalAnswers.push(true)
  await page.instance.submit()
  await settle()
  // then: the draft went first, the submission expects the version it left
  const [draft] = server.calls('SaveScoreDraft')
  expect(draft.variables.input).toMatchObject({ scores: { necessity: '7', feasibility: '18.5' }, expectedVersion: 3 })
  const submits = server.calls('SubmitScoreSheet').map((call) => call.variables.input)
  expect(submits.at(-1)).toMatchObject({ scores: { necessity: '7', feasibility: '18.5' }, expectedVersion: 4, secondFactor: '246810' })
  expect(page.querySelector('.status').dom.textContent).toBe('评分表已提交')
  expect(JSON.stringify([...wxState.storage.values()])).not.toContain('246810')
})
