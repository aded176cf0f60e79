// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { Provider } from 'urql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '@/api/client'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import { Actions } from './Actions'
import type { DetailTodo } from './TodoDetail'

afterEach(cleanup)

function todo(overrides: Partial<DetailTodo>): DetailTodo {
  return {
    __typename: 'Todo',
    id: 'todo-1',
    kind: 'ACTION',
    title: '里程碑资金支付：城市大脑二期',
    dueAt: null,
    expects: 'APPROVE',
    stage: 'CONSTRUCTION',
    stepKey: 'milestone_payment',
    seatId: null,
    stepVersion: 4,
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

/** The screen over a server that records what it is sent, and an outbox that records what it is given. */
function renderActions(item: DetailTodo, answer: (query: string) => unknown = () => ({})) {
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
  const outbox: OutboxContext = {
    entries: [],
    submit: vi.fn(async (action) => {
      submitted.push(action)
      return { entry: { id: 'e1' } as OutboxEntry, outcome: 'waiting' } satisfies Submitted
    }),
    flush: async () => undefined,
    dismiss: async () => undefined,
    retry: async () => undefined,
    provide: async () => undefined,
    discardAll: async () => undefined,
    onSettled: () => () => undefined,
  }
  const wrap = (children: ReactNode) => (
    <I18nProvider>
      <MemoryRouter>
        <Provider value={client}>
          <OutboxContextProvider value={outbox}>{children}</OutboxContextProvider>
        </Provider>
      </MemoryRouter>
    </I18nProvider>
  )
  render(wrap(<Actions todo={item} blocked={null} onChanged={() => undefined} />))
  return { sent, submitted }
}

const byTestId = (id: string) => screen.getByTestId(id)
const type = (id: string, text: string) => {
  const field = byTestId(id).matches('input, textarea') ? byTestId(id) : byTestId(id).querySelector('input, textarea')!
  fireEvent.change(field, { target: { value: text } })
}
const confirmButton = () => screen.getByTestId('confirm') as HTMLButtonElement

describe('the actions of the approval detail', () => {
  it('urges the holder of the to-do a 督办 supervises', async () => {
    // given
    const { sent } = renderActions(todo({ expects: 'SUPERVISE', kind: 'SUPERVISION', subjectTaskId: 'overdue-7' }), () => ({
      urge: { __typename: 'ActionDone', state: null },
    }))
    // when
    fireEvent.click(byTestId('action-urge'))
    await act(async () => fireEvent.click(confirmButton()))
    // then: the urged task is the supervised one, not the 督办 itself
    await waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]!.query).toContain('mutation Urge')
    expect(sent[0]!.variables.input).toMatchObject({ taskId: 'overdue-7' })
  })

  it('cannot urge when the 督办 names no to-do', () => {
    renderActions(todo({ expects: 'SUPERVISE', kind: 'SUPERVISION', subjectTaskId: null }))
    expect((byTestId('action-urge') as HTMLButtonElement).disabled).toBe(true)
  })

  it('resubmits a returned application through the outbox, with the version seen', async () => {
    // given
    const { submitted } = renderActions(todo({ expects: 'RESUBMIT', kind: 'REVISION', stepKey: 'intake', stepVersion: 6 }))
    expect(screen.queryByTestId('action-approve')).toBeNull()
    // when
    fireEvent.click(byTestId('action-resubmit'))
    type('action-comment-input', '已补充可行性研究报告')
    await act(async () => fireEvent.click(confirmButton()))
    // then
    expect(submitted).toEqual([
      {
        kind: 'resubmit',
        input: { taskId: 'todo-1', comment: '已补充可行性研究报告', expectedVersion: 6 },
        subject: expect.objectContaining({ todoId: 'todo-1' }),
      },
    ])
  })

  it('records a payment first, then finishes the payment step with what was recorded', async () => {
    // given
    const { sent, submitted } = renderActions(todo({ expects: 'RECORD' }), () => ({
      recordPayment: { __typename: 'ActionDone', state: null },
    }))
    fireEvent.click(byTestId('action-record'))
    // then: nothing can be confirmed before the amount, the milestone and the note are there
    expect(confirmButton().disabled).toBe(true)
    type('record-amount', '12.345')
    expect(byTestId('record-amount-error')).toBeTruthy()
    type('record-amount', '1,200,000.50')
    type('record-milestone', '第一期')
    expect(confirmButton().disabled).toBe(true)
    type('action-comment-input', '财政直接支付，凭证号 2026-118')
    expect(confirmButton().disabled).toBe(false)
    // when
    await act(async () => fireEvent.click(confirmButton()))
    // then
    await waitFor(() => expect(submitted).toHaveLength(1))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.query).toContain('mutation RecordPayment')
    expect(sent[0]!.variables.input).toMatchObject({ projectId: 'project-1', value: '1200000.50', milestone: '第一期' })
    expect(submitted[0]).toMatchObject({
      kind: 'decide',
      input: { taskId: 'todo-1', verdict: 'APPROVE', expectedVersion: 4, comment: '财政直接支付，凭证号 2026-118' },
    })
  })

  it('does not finish the payment step when the payment is refused', async () => {
    const { submitted } = renderActions(todo({ expects: 'RECORD' }), () => ({
      recordPayment: { __typename: 'ActionError', code: 'PAYMENT_ABOVE_CONTRACT', message: '超过合同金额', field: 'value', current: null },
    }))
    fireEvent.click(byTestId('action-record'))
    type('record-amount', '99999999')
    type('record-milestone', '第一期')
    type('action-comment-input', '支付')
    await act(async () => fireEvent.click(confirmButton()))
    await waitFor(() => expect(screen.getByTestId('conflict').getAttribute('data-code')).toBe('PAYMENT_ABOVE_CONTRACT'))
    expect(submitted).toEqual([])
  })
})
