// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter, useLocation } from 'react-router'
import { Provider } from 'urql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '@/api/client'
import { NetworkError } from '@/api/transport'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import type { DetailTodo } from '../TodoDetail'
import { localToday } from './rules'
import { TaskForm } from './TaskForm'

afterEach(cleanup)
beforeEach(() => localStorage.clear())

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

function todo(overrides: Partial<DetailTodo>): DetailTodo {
  return {
    __typename: 'Todo',
    id: 'todo-1',
    kind: 'ACTION',
    title: '组织专家评审：城市大脑二期',
    dueAt: null,
    expects: 'ORGANISE_PANEL',
    form: null,
    actions: [],
    stage: 'PLAN_REVIEW',
    stepKey: 'panel',
    stepName: '组织专家评审',
    seatId: null,
    stepVersion: 1,
    daysUsed: 0,
    daysLeft: 5,
    limitDays: 5,
    dueEstimated: false,
    light: 'GREEN',
    urgeCount: 0,
    subjectTaskId: null,
    project: { id: 'project-1', code: 'ZJ-2026-001', name: '城市大脑二期' } as DetailTodo['project'],
    ...overrides,
  } as DetailTodo
}

/** The form over a server that records what it is sent, and an outbox that records what it is given. */
function renderForm(item: DetailTodo, answer: (query: string) => unknown = () => ({}), outcome: Submitted['outcome'] = 'waiting') {
  const sent: { query: string; variables: Record<string, unknown> }[] = []
  const client = createClient({
    session: {
      request: async <T,>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        sent.push({ query, variables })
        return answer(query) as T
      },
    },
  })
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const outbox = {
    entries: [],
    submit: vi.fn(async (action) => {
      submitted.push(action)
      return { entry: { id: 'e1' } as OutboxEntry, outcome, result: { __typename: 'ActionDone', state: null } } as unknown as Submitted
    }),
  } as unknown as OutboxContext
  const onChanged = vi.fn()
  render(
    <I18nProvider>
      <MemoryRouter initialEntries={['/todos/todo-1']}>
        <Location />
        <Provider value={client}>
          <OutboxContextProvider value={outbox}>
            <TaskForm todo={item} onChanged={onChanged} />
          </OutboxContextProvider>
        </Provider>
      </MemoryRouter>
    </I18nProvider>,
  )
  return { sent, submitted, onChanged }
}

const byTestId = (id: string) => screen.getByTestId(id)
const type = (id: string, text: string) => fireEvent.change(byTestId(id), { target: { value: text } })
const click = (id: string) => act(async () => fireEvent.click(byTestId(id)))
const dayFromToday = (days: number) => localToday(new Date(Date.now() + days * 86_400_000))

describe('组织专家评审: drawing a panel', () => {
  it('sends nothing while the count or the date is wrong, and says so beside the field', async () => {
    // given
    const { sent } = renderForm(todo({}))
    type('panel-quota-count-0', '0')
    type('panel-date', dayFromToday(-1))
    // when
    await click('panel-draw')
    // then
    expect(sent).toEqual([])
    const problems = screen.getAllByTestId('task-error').map((node) => node.textContent)
    expect(problems).toEqual(['请填写 1 至 15 的整数', '请选择今天或以后的日期'])
  })

  it('draws the panel online with an idempotency key and shows seats, exclusions and reserves in order', async () => {
    // given
    const reviewDate = dayFromToday(7)
    const { sent } = renderForm(todo({}), () => ({
      requestPanel: {
        __typename: 'PanelDrawn',
        panel: {
          __typename: 'Panel',
          id: 'panel-1',
          stage: 'PLAN_REVIEW',
          status: 'INVITING',
          reviewDate,
          respondBy: '2026-12-20T09:00:00+08:00',
          seed: 'abc123',
          seats: [
            { __typename: 'PanelSeatView', id: 'seat-1', expertName: '张伟', quotaIndex: 0, status: 'INVITED', isChair: true },
            { __typename: 'PanelSeatView', id: 'seat-2', expertName: '李娜', quotaIndex: 1, status: 'INVITED', isChair: false },
          ],
          exclusions: [{ __typename: 'PanelExclusion', expertName: '王强', reasons: ['EMPLOYER_BUILDER', 'EARLIER_PANEL'] }],
          reserves: ['赵敏', '钱坤'],
        },
      },
    }))
    type('panel-quota-specialty-0', '软件工程')
    type('panel-quota-count-0', '1')
    fireEvent.click(byTestId('panel-quota-add'))
    type('panel-quota-count-1', '1')
    type('panel-date', reviewDate)
    fireEvent.click(byTestId('panel-exclude-earlier'))
    // when
    await click('panel-draw')
    // then
    const result = await screen.findByTestId('panel-result')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.query).toContain('mutation RequestPanel')
    expect(sent[0]!.variables.input).toEqual({
      idempotencyKey: expect.any(String),
      projectId: 'project-1',
      stage: 'PLAN_REVIEW',
      quotas: [
        { specialty: '软件工程', count: 1 },
        { specialty: null, count: 1 },
      ],
      reviewDate,
      excludeEarlierPanel: true,
    })
    expect(within(result).getByTestId('panel-seats').textContent).toBe('张伟 · 软件工程组长李娜 · 不限专业')
    expect(within(result).getByTestId('panel-exclusions').textContent).toBe('王强：任职于建设单位；参加过上一轮评审')
    expect([...within(result).getByTestId('panel-reserves').querySelectorAll('li')].map((li) => li.textContent)).toEqual(['赵敏', '钱坤'])
    expect(screen.queryByTestId('panel-draw')).toBeNull()
  })

  it('shows a refusal beside the quotas, and asks again under the same key', async () => {
    // given: too few experts of the specialty in the library
    const { sent } = renderForm(todo({}), () => ({
      requestPanel: { __typename: 'ReviewError', code: 'INVALID_INPUT', message: '专家库中该专业的可抽取专家不足', field: 'quotas' },
    }))
    type('panel-quota-specialty-0', '区块链')
    type('panel-quota-count-0', '5')
    type('panel-date', dayFromToday(3))
    // when
    await click('panel-draw')
    // then
    await waitFor(() => expect(byTestId('task-error').textContent).toBe('专家库中该专业的可抽取专家不足'))
    expect(screen.queryByTestId('panel-result')).toBeNull()
    // when: the same request again (say, after a lost answer)
    await click('panel-draw')
    await waitFor(() => expect(sent).toHaveLength(2))
    const keys = sent.map((call) => (call.variables.input as { idempotencyKey: string }).idempotencyKey)
    expect(keys[1]).toBe(keys[0])
  })

  it('says the network is missing when the draw could not be asked for', async () => {
    // given
    const { sent } = renderForm(todo({}), () => {
      throw new NetworkError('offline')
    })
    type('panel-quota-count-0', '3')
    type('panel-date', dayFromToday(2))
    // when
    await click('panel-draw')
    // then
    expect((await screen.findByTestId('panel-failure')).textContent).toBe('无法连接服务器，请检查网络后重试')
    expect(sent).toHaveLength(1)
    expect(screen.queryByTestId('panel-result')).toBeNull()
  })
})

describe('评审邀请: answering an invitation', () => {
  const invitation = todo({ expects: 'RESPOND_INVITATION', seatId: 'seat-7', title: '评审邀请：城市大脑二期' })

  it('will not accept without the no-conflict declaration', async () => {
    const { submitted } = renderForm(invitation)
    await click('invite-accept')
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('接受邀请须先勾选无利害关系声明')
  })

  it('accepts with the declaration through the outbox, then goes home', async () => {
    // given
    const { submitted, onChanged } = renderForm(invitation, () => ({}), 'done')
    // when
    fireEvent.click(byTestId('invite-no-conflict'))
    await click('invite-accept')
    // then
    expect(submitted).toEqual([
      {
        kind: 'respondInvitation',
        input: { seatId: 'seat-7', accept: true, noConflict: true, reason: '' },
        subject: { title: '评审邀请：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    expect(onChanged).toHaveBeenCalled()
    expect(byTestId('location').textContent).toBe('/')
  })

  it('declines only with a reason', async () => {
    // given
    const { submitted } = renderForm(invitation)
    // when: no reason
    await click('invite-decline')
    // then
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('谢绝邀请须填写理由')
    // when
    type('invite-reason', '  评审当日另有公务 ')
    await click('invite-decline')
    // then
    expect(submitted.map((action) => [action.kind, action.input])).toEqual([
      ['respondInvitation', { seatId: 'seat-7', accept: false, noConflict: false, reason: '评审当日另有公务' }],
    ])
    expect(screen.queryByTestId('task-error')).toBeNull()
  })
})

const findings = (statuses: [string, string, string][]) => ({
  center: {
    __typename: 'Center',
    kind: 'BUILDER',
    findings: statuses.map(([id, projectCode, status]) => ({
      __typename: 'FindingView',
      id,
      projectCode,
      text: `意见 ${id}`,
      status,
      conclusion: '',
      raisedAt: '2026-11-20T10:00:00+08:00',
      answers: status === 'OPEN' ? [] : [{ __typename: 'FindingAnswerView', text: `答复 ${id}`, answeredAt: '2026-11-25T10:00:00+08:00' }],
    })),
  },
})

describe('审计意见: answering and closing findings', () => {
  it("answers each open finding of the project, never another project's", async () => {
    // given
    const { sent, submitted } = renderForm(
      todo({ expects: 'ANSWER_FINDING', title: '答复审计意见' }),
      () => findings([['f1', 'ZJ-2026-001', 'OPEN'], ['f2', 'ZJ-2026-001', 'ANSWERED'], ['f3', 'ZJ-2026-009', 'OPEN']]),
    )
    await screen.findByTestId('finding-text-f1')
    expect(sent[0]!.variables).toEqual({ kind: 'BUILDER' })
    expect(screen.queryByTestId('finding-text-f2')).toBeNull()
    expect(screen.queryByTestId('finding-text-f3')).toBeNull()
    // when: an empty answer
    type('finding-text-f1', '   ')
    await click('finding-send-f1')
    // then
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('请填写此项')
    // when
    type('finding-text-f1', '已补充合同附件并重新公示')
    await click('finding-send-f1')
    // then
    expect(submitted).toEqual([
      {
        kind: 'answerAuditFinding',
        input: { findingId: 'f1', text: '已补充合同附件并重新公示' },
        subject: { title: '答复审计意见', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    expect(byTestId('finding-sent-f1')).toBeTruthy()
  })

  it('closes an answered finding with a conclusion, its answers in view', async () => {
    // given
    const { sent, submitted } = renderForm(todo({ expects: 'CLOSE_FINDING', title: '审计意见待办结' }), () =>
      findings([['f1', 'ZJ-2026-001', 'OPEN'], ['f2', 'ZJ-2026-001', 'ANSWERED']]),
    )
    await screen.findByTestId('finding-text-f2')
    expect(sent[0]!.variables).toEqual({ kind: 'AUDIT' })
    expect(screen.queryByTestId('finding-text-f1')).toBeNull()
    expect(byTestId('finding-answer-f2').textContent).toContain('答复 f2')
    // when
    type('finding-text-f2', '整改到位，同意办结')
    await click('finding-send-f2')
    // then
    expect(submitted.map((action) => [action.kind, action.input])).toEqual([
      ['closeAuditFinding', { findingId: 'f2', text: '整改到位，同意办结' }],
    ])
  })

  it('says when the project has nothing to answer', async () => {
    renderForm(todo({ expects: 'ANSWER_FINDING' }), () => findings([['f3', 'ZJ-2026-009', 'OPEN']]))
    expect((await screen.findByText('该项目没有待答复的审计意见')).textContent).toBeTruthy()
  })
})

describe('the task form', () => {
  it('shows nothing for a to-do that needs no task form', () => {
    renderForm(todo({ expects: 'APPROVE' }))
    expect(screen.queryByTestId('task-form')).toBeNull()
  })
})
