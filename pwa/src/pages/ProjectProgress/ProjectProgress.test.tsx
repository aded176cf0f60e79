// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { Provider } from 'urql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '@/api/client'
import type { CenterKind } from '@/api/documents'
import { rememberCenter } from '@/app/center'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import ProjectProgress from './ProjectProgress'
import { STAGES } from './stages'

afterEach(cleanup)
beforeEach(() => localStorage.clear())

function Location() {
  const location = useLocation()
  return <output data-testid="location">{location.pathname + location.search}</output>
}

const organisation = (id: string, name: string) => ({ __typename: 'Organisation', id, name })

interface Options {
  centers: [CenterKind, string][]
  status?: string
  stage?: string
  doneStages?: number
}

/** The project page of 城市大脑二期 (built by org-builder), seen by someone holding the given centers. */
function renderProject({ centers, status = 'ACTIVE', stage = 'PROCUREMENT', doneStages = 5 }: Options) {
  const client = createClient({
    session: {
      request: async <T,>(): Promise<T> =>
        ({
          me: {
            __typename: 'Me',
            user: { __typename: 'User', id: 'u1', organisation: organisation(centers[0]![1], '某单位') },
            centers: centers.map(([kind, org]) => ({ __typename: 'CenterMembership', kind, organisation: organisation(org, '某单位') })),
          },
          node: {
            __typename: 'Project',
            id: 'project-1',
            code: 'ZJ-2026-001',
            name: '城市大脑二期',
            stage,
            status,
            light: 'GREEN',
            requestedAmount: '3000000',
            approvedBudget: '2800000',
            contractAmount: null,
            paidAmount: '0',
            builder: organisation('org-builder', '市城管局'),
            timeline: STAGES.map((entry, index) => ({
              __typename: 'StageEntry',
              stage: entry,
              status: index < doneStages ? 'DONE' : index === doneStages ? 'ACTIVE' : 'WAITING',
              openedAt: null,
              closedAt: null,
            })),
            panels: [
              {
                __typename: 'Panel',
                id: 'panel-2',
                stage: 'IMPL_REVIEW',
                status: 'SCORING',
                reviewDate: '2026-10-10',
                result: null,
              },
              {
                __typename: 'Panel',
                id: 'panel-1',
                stage: 'PLAN_REVIEW',
                status: 'CLOSED',
                reviewDate: '2026-05-06',
                result: {
                  __typename: 'PanelResult',
                  panelScore: '86.50',
                  opinion: 'PASS',
                  chairSummary: '方案可行',
                  sheets: 5,
                  outliers: 1,
                  closedAt: '2026-05-12T16:00:00+08:00',
                },
              },
            ],
            holders: [
              {
                __typename: 'Holder',
                stepKey: 'procurement',
                stage: 'PROCUREMENT',
                center: 'DATA',
                names: ['周敏'],
                day: 1,
                of: 5,
                expectedDecisionOn: null,
                estimated: false,
                light: 'GREEN',
                organisations: [
                  organisation('org-data', '市数据资源管理局'),
                  organisation('org-builder', '市城管局'),
                  organisation('org-finance', '市财政局'),
                ],
              },
            ],
          },
        }) as T,
    },
  })
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const outbox = {
    entries: [],
    submit: vi.fn(async (action) => {
      submitted.push(action)
      return { entry: { id: 'e1' } as OutboxEntry, outcome: 'waiting' } as Submitted
    }),
  } as unknown as OutboxContext
  render(
    <I18nProvider>
      <MemoryRouter initialEntries={['/projects/project-1']}>
        <Location />
        <Provider value={client}>
          <OutboxContextProvider value={outbox}>
            <Routes>
              <Route path="/projects/:id" element={<ProjectProgress />} />
              <Route path="*" element={null} />
            </Routes>
          </OutboxContextProvider>
        </Provider>
      </MemoryRouter>
    </I18nProvider>,
  )
  return { submitted }
}

const byTestId = (id: string) => screen.getByTestId(id)
const click = (id: string) => act(async () => fireEvent.click(byTestId(id)))

describe('the project page', () => {
  it("shows a closed panel's result and where an open one is", async () => {
    renderProject({ centers: [['DATA', 'org-data']] })
    const panels = await screen.findByTestId('panel-results')
    const closed = within(panels).getByTestId('panel-result-panel-1')
    expect(within(closed).getByTestId('panel-score').textContent).toBe('86.50')
    expect(within(closed).getByTestId('panel-opinion').textContent).toBe('通过')
    expect(within(closed).getByText('方案可行')).toBeTruthy()
    expect(within(panels).getByTestId('panel-panel-2').textContent).toContain('评分中')
    expect(within(panels).queryByTestId('panel-result-panel-2')).toBeNull()
  })

  it('lets audit raise a finding, not before it has a text', async () => {
    // given
    const { submitted } = renderProject({ centers: [['AUDIT', 'org-audit']] })
    await screen.findByTestId('raise-finding-text')
    // when
    await click('raise-finding-send')
    // then
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('请填写此项')
    // when
    fireEvent.change(byTestId('raise-finding-text'), { target: { value: '合同未按规定公示' } })
    await click('raise-finding-send')
    // then
    expect(submitted).toEqual([
      {
        kind: 'raiseAuditFinding',
        input: { projectId: 'project-1', text: '合同未按规定公示' },
        subject: { title: '城市大脑二期', projectId: 'project-1' },
      },
    ])
    expect((byTestId('raise-finding-text') as HTMLTextAreaElement).value).toBe('')
  })

  it('offers the finding only to the audit center, and 运维 only to the builder', async () => {
    rememberCenter('DATA')
    renderProject({ centers: [['AUDIT', 'org-x'], ['DATA', 'org-x']], status: 'COMPLETED' })
    await screen.findByTestId('panel-results')
    expect(screen.queryByTestId('raise-finding-text')).toBeNull()
    expect(screen.queryByTestId('derive-om')).toBeNull()
  })

  it('lets the builder of a completed project declare its O&M project', async () => {
    renderProject({ centers: [['BUILDER', 'org-builder']], status: 'COMPLETED', stage: 'OPERATIONS', doneStages: 10 })
    await screen.findByTestId('derive-om')
    await click('derive-om')
    expect(byTestId('location').textContent).toBe('/declare?parent=ZJ-2026-001')
  })

  it('does not offer 运维 while the project is still being built', async () => {
    renderProject({ centers: [['BUILDER', 'org-builder']] })
    await screen.findByTestId('panel-results')
    expect(screen.queryByTestId('derive-om')).toBeNull()
  })

  it('lets a department rate the builder on a finished stage (互评)', async () => {
    // given
    const { submitted } = renderProject({ centers: [['DATA', 'org-data']], doneStages: 2 })
    await screen.findByTestId('rate-PLAN_REVIEW')
    expect(screen.queryByTestId('rate-FINANCE_REVIEW')).toBeNull()
    fireEvent.click(byTestId('rate-PLAN_REVIEW'))
    // when: no stars yet
    await click('rate-send-PLAN_REVIEW')
    // then
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('请选择 1 至 5 星')
    // when
    fireEvent.click(byTestId('rate-star-4'))
    fireEvent.change(byTestId('rate-comment-PLAN_REVIEW'), { target: { value: '材料齐全，响应及时' } })
    await click('rate-send-PLAN_REVIEW')
    // then
    expect(submitted.map((action) => [action.kind, action.input])).toEqual([
      [
        'rateMutually',
        { projectId: 'project-1', stage: 'PLAN_REVIEW', rateeOrganisationId: 'org-builder', rating: 4, comment: '材料齐全，响应及时' },
      ],
    ])
    expect(screen.queryByTestId('rate-form-PLAN_REVIEW')).toBeNull()
  })

  it('lets the builder rate a department it has seen holding the project', async () => {
    // given
    const { submitted } = renderProject({ centers: [['BUILDER', 'org-builder']], doneStages: 1 })
    fireEvent.click(await screen.findByTestId('rate-PRE_REVIEW'))
    expect(screen.queryByText('市城管局', { selector: '.adm-selector-item' })).toBeNull()
    fireEvent.click(byTestId('rate-star-5'))
    // when: nobody chosen yet
    await click('rate-send-PRE_REVIEW')
    expect(submitted).toEqual([])
    expect(byTestId('task-error').textContent).toBe('请选择评价对象')
    // when
    fireEvent.click(screen.getByText('市数据资源管理局'))
    await click('rate-send-PRE_REVIEW')
    // then
    expect(submitted.map((action) => action.input)).toEqual([
      { projectId: 'project-1', stage: 'PRE_REVIEW', rateeOrganisationId: 'org-data', rating: 5, comment: '' },
    ])
  })
})
