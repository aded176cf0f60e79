import { render, screen, fireEvent, waitFor, act } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { Provider } from 'urql'
import { expect, vi } from 'vitest'
import { createClient } from '@/api/client'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry, Refusal } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import type { DetailTodo } from '../TodoDetail'
import { StepFacts } from './StepFacts'

/** Test doubles for the step forms: a to-do, a directory of organisations, an outbox that records. */

export type FactProjectFields = Partial<NonNullable<DetailTodo['project']>>

export function factTodo(form: DetailTodo['form'], project: FactProjectFields = {}, overrides: Partial<DetailTodo> = {}): DetailTodo {
  return {
    __typename: 'Todo',
    id: 'todo-1',
    kind: 'ACTION',
    title: '登记：城市大脑二期',
    dueAt: null,
    expects: 'RECORD',
    form,
    actions: ['RECORD', 'COMMENT'],
    stage: 'PROCUREMENT',
    stepKey: 'contract',
    stepName: '合同登记',
    seatId: null,
    stepVersion: 2,
    daysUsed: 0,
    daysLeft: 5,
    limitDays: 5,
    dueEstimated: false,
    light: 'GREEN',
    urgeCount: 0,
    subjectTaskId: null,
    project: {
      id: 'project-1',
      code: 'ZJ-2026-001',
      name: '城市大脑二期',
      requestedAmount: '3000000',
      approvedBudget: null,
      controlPriceSoftware: null,
      controlPriceHardware: null,
      contractAmount: null,
      paidAmount: '0',
      vendor: null,
      supervisor: null,
      dataResources: [],
      ...project,
    } as NonNullable<DetailTodo['project']>,
    ...overrides,
  } as DetailTodo
}

export const ORGANISATIONS: Record<string, { id: string; name: string }[]> = {
  THIRD_PARTY: [{ id: 'tp-1', name: '浙江正信造价咨询有限公司' }],
  VENDOR: [
    { id: 'v-1', name: '杭州数智科技有限公司' },
    { id: 'v-2', name: '之江软件股份有限公司' },
  ],
  SUPERVISOR: [{ id: 's-1', name: '浙江信诚工程监理有限公司' }],
}

interface Options {
  outcome?: 'done' | 'waiting' | Refusal
}

/** The step facts of `todo` over a directory server and an outbox that answers `outcome`. */
export function renderFacts(todo: DetailTodo, { outcome = 'waiting' }: Options = {}) {
  const asked: Record<string, unknown>[] = []
  const client = createClient({
    session: {
      request: async <T,>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        if (!query.includes('query Organisations')) throw new Error(`unexpected ${query}`)
        asked.push(variables)
        const kind = String(variables.kind)
        const found = (ORGANISATIONS[kind] ?? []).filter((org) => !variables.search || org.name.includes(String(variables.search)))
        return {
          organisations: {
            __typename: 'OrganisationConnection',
            totalCount: found.length,
            edges: found.map((org) => ({
              __typename: 'OrganisationEdge',
              cursor: org.id,
              node: { __typename: 'Organisation', ...org, kind },
            })),
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          },
        } as T
      },
    },
  })
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const outbox: OutboxContext = {
    entries: [],
    submit: vi.fn(async (action) => {
      submitted.push(action)
      const entry = { id: `e${submitted.length}` } as OutboxEntry
      if (typeof outcome === 'object') return { entry, outcome: 'conflict', refusal: outcome } as Submitted
      return (outcome === 'done' ? { entry, outcome, result: { __typename: 'ActionDone', state: null } } : { entry, outcome }) as Submitted
    }),
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
  const onChanged = vi.fn()
  render(
    <I18nProvider>
      <MemoryRouter>
        <Provider value={client}>
          <OutboxContextProvider value={outbox}>
            <StepFacts todo={todo} onChanged={onChanged} />
          </OutboxContextProvider>
        </Provider>
      </MemoryRouter>
    </I18nProvider>,
  )
  return { submitted, asked, onChanged }
}

/** Types into the input or textarea of a field (its own test id, or its wrapper's). */
export function typeInto(testId: string, text: string) {
  const element = screen.getByTestId(testId)
  const field = element.matches('input, textarea') ? element : element.querySelector('input, textarea')!
  fireEvent.change(field, { target: { value: text } })
}

/** Opens the picker `testId` and taps the organisation named `name`. */
export async function pickOrganisation(name: string, testId = 'fact-org') {
  fireEvent.click(screen.getByTestId(testId))
  const option = await waitFor(() => {
    const found = screen.getAllByTestId('fact-org-option').find((element) => element.textContent === name)
    if (!found) throw new Error(`no option ${name}`)
    return found
  })
  fireEvent.click(option)
  await waitFor(() => expect(screen.queryByTestId('fact-org-option')).toBeNull())
}

export async function save() {
  await act(async () => fireEvent.click(screen.getByTestId('fact-save')))
}

export const errors = () => screen.queryAllByTestId('fact-error').map((element) => element.textContent)
