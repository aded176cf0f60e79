// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { Provider } from 'urql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '@/api/client'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import { Satisfaction } from './Satisfaction'

afterEach(cleanup)

const entry = (id: string, action: string, taskId: string | null, satisfaction: number | null) => ({
  __typename: 'HistoryEntry',
  id,
  action,
  actionLabel: action === 'APPROVE' ? '同意' : action,
  comment: '',
  at: '2026-11-20T02:00:00Z',
  actingFor: false,
  actorName: '王建国',
  stage: 'PRE_REVIEW',
  taskId,
  satisfaction,
})

function renderSatisfaction() {
  const client = createClient({
    session: {
      request: async <T,>(): Promise<T> =>
        ({
          projectHistory: [
            entry('d1', 'SUBMIT', 't1', null), // the builder's own submission: not rated
            entry('d2', 'APPROVE', 't2', null), // the intake: to rate
            entry('d3', 'APPROVE', 't3', 4), // rated already
          ],
        }) as T,
    },
  })
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const outbox = {
    entries: [],
    submit: vi.fn(async (action: Parameters<OutboxContext['submit']>[0]) => {
      submitted.push(action)
      return { entry: { id: 'e1' } as OutboxEntry, outcome: 'done' } as Submitted
    }),
  } as unknown as OutboxContext
  render(
    <I18nProvider>
      <Provider value={client}>
        <OutboxContextProvider value={outbox}>
          <Satisfaction projectId="project-1" projectName="城市大脑二期" />
        </OutboxContextProvider>
      </Provider>
    </I18nProvider>,
  )
  return submitted
}

describe('满意度 on the project page', () => {
  it("offers the departments' finished to-dos, shows the ratings given, and queues a new one", async () => {
    const submitted = renderSatisfaction()
    await screen.findByTestId('satisfaction')
    // the applicant's own submission is not offered; the rated one shows its stars
    expect(screen.queryByTestId('satisfaction-d1')).toBeNull()
    expect(screen.getByTestId('satisfaction-given-d3').textContent).toContain('★★★★')
    // a rating needs stars before it is queued
    fireEvent.click(screen.getByTestId('satisfaction-open-d2'))
    await act(async () => fireEvent.click(screen.getByTestId('satisfaction-send')))
    expect(screen.getByTestId('task-error')).toBeTruthy()
    expect(submitted).toEqual([])
    fireEvent.click(screen.getByTestId('satisfaction-star-4'))
    await act(async () => fireEvent.click(screen.getByTestId('satisfaction-send')))
    expect(submitted.map((action) => [action.kind, action.input])).toEqual([
      ['rateSatisfaction', { taskId: 't2', rating: 4, comment: '' }],
    ])
  })
})
