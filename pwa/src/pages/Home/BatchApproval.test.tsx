// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TodoRowFragment } from '@/api/generated/home'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import BatchApproval from './BatchApproval'

afterEach(cleanup)

function row(id: string, stepVersion: number): TodoRowFragment {
  return {
    id,
    kind: 'ACTION',
    title: `一窗受理：项目${id}`,
    stepKey: 'intake',
    dueAt: null,
    expects: 'REVIEW',
    stage: 'PRE_REVIEW',
    seatId: null,
    stepVersion,
    batchable: true,
    daysUsed: 0,
    daysLeft: 2,
    limitDays: 2,
    dueEstimated: false,
    light: 'GREEN',
    urgeCount: 0,
    project: { id: `p-${id}`, code: `330100-2026-00${id}`, name: `项目${id}` },
  } as TodoRowFragment
}

/** An outbox whose answer per to-do is given: done, waiting for the network, or refused (a conflict). */
function renderBatch(todos: TodoRowFragment[], outcomes: Record<string, Submitted['outcome']>) {
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const onChanged = vi.fn()
  const outbox = {
    entries: [],
    submit: vi.fn(async (action: Parameters<OutboxContext['submit']>[0]) => {
      submitted.push(action)
      return { entry: { id: `e-${submitted.length}` } as OutboxEntry, outcome: outcomes[action.subject.todoId!] } as Submitted
    }),
  } as unknown as OutboxContext
  render(
    <I18nProvider>
      <OutboxContextProvider value={outbox}>
        <BatchApproval todos={todos} onChanged={onChanged} />
      </OutboxContextProvider>
    </I18nProvider>,
  )
  return { submitted, onChanged }
}

describe('批量办理', () => {
  it('sends each chosen to-do as its own approval with the version it showed, and shows each answer', async () => {
    // given three intakes, the second left out of the batch
    const { submitted, onChanged } = renderBatch([row('1', 3), row('2', 5), row('3', 7)], {
      '1': 'done',
      '3': 'conflict',
    })
    fireEvent.click(screen.getByTestId('batch-open'))
    fireEvent.click(screen.getByTestId('batch-item-2'))
    // when
    await act(async () => fireEvent.click(screen.getByTestId('confirm')))
    // then: two decisions, each with its own task and version, approve only
    await waitFor(() => expect(submitted).toHaveLength(2))
    expect(submitted.map((action) => [action.kind, action.input.taskId, action.input.expectedVersion, action.input.verdict])).toEqual([
      ['decide', '1', 3, 'APPROVE'],
      ['decide', '3', 7, 'APPROVE'],
    ])
    // and each to-do shows its own answer: one done, one refused; the one left out none
    await waitFor(() => expect(screen.getByTestId('batch-result-3').dataset.outcome).toBe('refused'))
    expect(screen.getByTestId('batch-result-1').dataset.outcome).toBe('done')
    expect(screen.queryByTestId('batch-result-2')).toBeNull()
    expect(onChanged).toHaveBeenCalled()
  })

  it('sends nothing when nothing is chosen', async () => {
    const { submitted } = renderBatch([row('1', 3), row('2', 5)], {})
    fireEvent.click(screen.getByTestId('batch-open'))
    fireEvent.click(screen.getByTestId('batch-item-1'))
    fireEvent.click(screen.getByTestId('batch-item-2'))
    expect((screen.getByTestId('confirm') as HTMLButtonElement).disabled).toBe(true)
    expect(submitted).toEqual([])
  })
})

describe('批量办理 while the list behind reloads', () => {
  it('keeps showing every to-do of the batch with its answer when the list changes under it', async () => {
    const outbox = {
      entries: [],
      submit: vi.fn(async () => ({ entry: { id: 'e' } as OutboxEntry, outcome: 'done' }) as Submitted),
    } as unknown as OutboxContext
    const view = (todos: TodoRowFragment[]) => (
      <I18nProvider>
        <OutboxContextProvider value={outbox}>
          <BatchApproval todos={todos} onChanged={() => undefined} />
        </OutboxContextProvider>
      </I18nProvider>
    )
    const { rerender } = render(view([row('1', 3), row('2', 5)]))
    fireEvent.click(screen.getByTestId('batch-open'))
    await act(async () => fireEvent.click(screen.getByTestId('confirm')))
    // the home list reloads without the two done to-dos
    rerender(view([row('9', 1), row('8', 1)]))
    await waitFor(() => expect(screen.getByTestId('batch-result-2').dataset.outcome).toBe('done'))
    expect(screen.getByTestId('batch-result-1').dataset.outcome).toBe('done')
  })
})
