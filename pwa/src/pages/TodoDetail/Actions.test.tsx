// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { MemoryRouter, useLocation } from 'react-router'
import { Provider } from 'urql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rememberCenter } from '@/app/center'
import { createClient } from '@/api/client'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import { Actions } from './Actions'
import type { DetailTodo } from './TodoDetail'

afterEach(cleanup)
beforeEach(() => localStorage.clear())

/** Where the screen went after an action. */
function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

/** What the server offers per expected action (domain/workflow/queries.py ACTIONS). */
const OFFERED: Partial<Record<DetailTodo['expects'], DetailTodo['actions']>> = {
  APPROVE: ['APPROVE', 'REJECT', 'RETURN', 'TRANSFER', 'ADD_SIGNER', 'COMMENT'],
  RESUBMIT: ['RESUBMIT', 'COMMENT'],
  RECORD: ['RECORD', 'TRANSFER', 'COMMENT'],
  SUPERVISE: ['URGE', 'COMMENT'],
}

function todo(overrides: Partial<DetailTodo>): DetailTodo {
  return {
    actions: OFFERED[overrides.expects ?? 'APPROVE'] ?? ['COMMENT'],
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
function renderActions(
  item: DetailTodo,
  answer: (query: string) => unknown = () => ({}),
  outcome: 'waiting' | 'done' = 'waiting',
) {
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
      return { entry: { id: 'e1' } as OutboxEntry, outcome } as Submitted
    }),
    // Queued without waiting (uploads): recorded in the same list, to see the order.
    enqueue: vi.fn(async (action) => {
      submitted.push(action)
      return { id: `e${submitted.length}` } as OutboxEntry
    }),
    progress: new Map(),
    flush: async () => undefined,
    dismiss: async () => undefined,
    retry: async () => undefined,
    provide: async () => undefined,
    discardAll: async () => undefined,
    onSettled: () => () => undefined,
  }
  const wrap = (children: ReactNode) => (
    <I18nProvider>
      <MemoryRouter initialEntries={['/todos/todo-1']}>
        <Location />
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

  it('queues the revised materials before the resubmission, and only valid ones', async () => {
    // given
    const { submitted } = renderActions(todo({ expects: 'RESUBMIT', kind: 'REVISION', stage: 'PRE_REVIEW', stepKey: 'intake', stepVersion: 6 }))
    fireEvent.click(byTestId('action-resubmit'))
    const revised = new File(['%PDF'], '可行性研究报告（修改稿）.pdf', { type: 'application/pdf' })
    const wrong = new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })
    fireEvent.change(byTestId('resubmit-file-input'), { target: { files: [revised, wrong] } })
    type('action-comment-input', '已按意见修改可行性研究报告')
    // then: a wrong file holds the resubmission back
    expect(byTestId('resubmit-file-1').textContent).toContain('只能上传')
    expect(confirmButton().disabled).toBe(true)
    // when
    fireEvent.click(byTestId('resubmit-file-remove-1'))
    await act(async () => fireEvent.click(confirmButton()))
    // then
    expect(submitted).toEqual([
      {
        kind: 'uploadMaterial',
        input: { projectId: 'project-1', stage: 'PRE_REVIEW', title: '可行性研究报告（修改稿）' },
        subject: { title: '可行性研究报告（修改稿）', projectId: 'project-1' },
        attachment: { file: revised, name: '可行性研究报告（修改稿）.pdf' },
      },
      {
        kind: 'resubmit',
        input: { taskId: 'todo-1', comment: '已按意见修改可行性研究报告', expectedVersion: 6 },
        subject: expect.objectContaining({ todoId: 'todo-1' }),
      },
    ])
  })

  it('asks for the opinion on an approval where the step says so (a conclusion gives its reasons)', async () => {
    renderActions(todo({ expects: 'APPROVE', stepKey: 'pre_review_decision', opinionRequired: true }))
    fireEvent.click(byTestId('action-approve'))
    expect(byTestId('opinion-required')).toBeTruthy()
    expect(confirmButton().disabled).toBe(true)
    type('action-comment-input', '必要性充分，同意进入方案评审。')
    expect(confirmButton().disabled).toBe(false)
  })

  it('lets a plain approval go without an opinion', async () => {
    renderActions(todo({ expects: 'APPROVE', stepKey: 'intake', opinionRequired: false }))
    fireEvent.click(byTestId('action-approve'))
    expect(screen.queryByTestId('opinion-required')).toBeNull()
    expect(confirmButton().disabled).toBe(false)
  })

  it('finishes a record step with its note through the outbox; the payment itself is the step form\'s', async () => {
    // given: a payment step (its amount is saved beforehand with the PAYMENT form)
    const { sent, submitted } = renderActions(todo({ expects: 'RECORD', form: 'PAYMENT' }))
    fireEvent.click(byTestId('action-record'))
    // then: no payment field here, and the note is required
    expect(screen.queryByTestId('record-amount')).toBeNull()
    expect(screen.queryByTestId('record-milestone')).toBeNull()
    expect(confirmButton().disabled).toBe(true)
    type('action-comment-input', '财政直接支付，凭证号 2026-118')
    expect(confirmButton().disabled).toBe(false)
    // when
    await act(async () => fireEvent.click(confirmButton()))
    // then: only the decision, through the outbox; nothing sent online
    expect(sent).toEqual([])
    expect(submitted).toEqual([
      {
        kind: 'decide',
        input: { taskId: 'todo-1', verdict: 'APPROVE', expectedVersion: 4, comment: '财政直接支付，凭证号 2026-118' },
        subject: expect.objectContaining({ todoId: 'todo-1' }),
      },
    ])
  })

  it('pins the decisions to the bottom bar and keeps the other actions with the page', () => {
    renderActions(todo({}))
    const bar = byTestId('actions')
    for (const id of ['action-approve', 'action-reject', 'action-return']) expect(bar.contains(byTestId(id))).toBe(true)
    for (const id of ['action-transfer', 'action-add-signer', 'action-comment']) {
      expect(bar.contains(byTestId(id))).toBe(false)
      expect(byTestId('secondary-actions').contains(byTestId(id))).toBe(true)
    }
  })

  it('requires an opinion on reject, filled in one tap from the shared presets', () => {
    renderActions(todo({}))
    fireEvent.click(byTestId('action-reject'))
    expect(byTestId('opinion-required')).toBeTruthy()
    expect(confirmButton().disabled).toBe(true)
    // when: the shared 已阅 preset is tapped
    const read = screen.getAllByTestId('opinion-shared').find((chip) => chip.textContent === '已阅')!
    fireEvent.click(read)
    // then
    expect((byTestId('action-comment-input').querySelector('textarea') as HTMLTextAreaElement).value).toBe('已阅')
    expect(confirmButton().disabled).toBe(false)
  })

  it('approves with no opinion, and keeps a written opinion as a personal preset for next time', () => {
    renderActions(todo({}))
    fireEvent.click(byTestId('action-approve'))
    expect(screen.queryByTestId('opinion-required')).toBeNull()
    expect(confirmButton().disabled).toBe(false)
    type('action-comment-input', '同意，请加快建设进度')
    fireEvent.click(byTestId('opinion-save'))
    expect(screen.getAllByTestId('opinion-personal').map((chip) => chip.textContent)).toEqual(['同意，请加快建设进度'])
    cleanup()
    // when: another to-do, another day
    renderActions(todo({ id: 'todo-2' }))
    fireEvent.click(byTestId('action-return'))
    fireEvent.click(screen.getByTestId('opinion-personal'))
    // then
    expect((byTestId('action-comment-input').querySelector('textarea') as HTMLTextAreaElement).value).toBe('同意，请加快建设进度')
    fireEvent.click(byTestId('opinion-remove'))
    expect(screen.queryByTestId('opinion-personal')).toBeNull()
  })

  it('goes straight to the next to-do of the center after a decision', async () => {
    // given: the data bureau's list holds this to-do and the next one
    rememberCenter('DATA')
    const row = (id: string) => ({
      __typename: 'Todo', id, kind: 'ACTION', title: `审核：${id}`, stepKey: 'intake', dueAt: null, expects: 'APPROVE',
      stage: 'PRE_REVIEW', seatId: null, stepVersion: 1, batchable: false, daysUsed: 0, daysLeft: 3, limitDays: 3, dueEstimated: false,
      light: 'GREEN', urgeCount: 0, project: null,
    })
    const { sent, submitted } = renderActions(todo({}), (query) =>
      query.includes('query MoreTodos')
        ? {
            center: {
              __typename: 'Center', kind: 'DATA',
              todos: {
                __typename: 'TodoConnection', totalCount: 2,
                edges: [row('todo-1'), row('todo-9')].map((node) => ({ __typename: 'TodoEdge', cursor: node.id, node })),
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
              },
            },
          }
        : {},
      'done',
    )
    // when
    fireEvent.click(byTestId('action-approve'))
    await act(async () => fireEvent.click(confirmButton()))
    // then: the decision went and the screen is the next to-do's
    expect(submitted).toHaveLength(1)
    await waitFor(() => expect(byTestId('location').textContent).toBe('/todos/todo-9'))
    expect(sent.find((call) => call.query.includes('query MoreTodos'))!.variables).toMatchObject({ kind: 'DATA' })
  })

  it('stays on the to-do while its decision waits in the outbox', async () => {
    rememberCenter('DATA')
    const { sent, submitted } = renderActions(todo({}))
    fireEvent.click(byTestId('action-approve'))
    await act(async () => fireEvent.click(confirmButton()))
    expect(submitted).toHaveLength(1)
    expect(byTestId('location').textContent).toBe('/todos/todo-1')
    expect(sent).toEqual([])
  })

  it('goes home after the last to-do', async () => {
    rememberCenter('DATA')
    renderActions(todo({}), () => ({
      center: {
        __typename: 'Center', kind: 'DATA',
        todos: { __typename: 'TodoConnection', totalCount: 0, edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } },
      },
    }), 'done')
    fireEvent.click(byTestId('action-approve'))
    await act(async () => fireEvent.click(confirmButton()))
    await waitFor(() => expect(byTestId('location').textContent).toBe('/'))
  })
})
