// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, useLocation } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import Declare from './Declare'
import { problemsOf, declarationInput, emptyDeclaration, emptyResource } from './rules'

afterEach(cleanup)

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

function renderDeclare(path = '/declare') {
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
      <MemoryRouter initialEntries={[path]}>
        <Location />
        <OutboxContextProvider value={outbox}>
          <Declare />
        </OutboxContextProvider>
      </MemoryRouter>
    </I18nProvider>,
  )
  return { submitted }
}

const type = (testId: string, text: string) => {
  const field = screen.getByTestId(testId).querySelector('input, textarea')!
  fireEvent.change(field, { target: { value: text } })
}

describe('the declaration rules', () => {
  it('names each missing or wrong field, resources included', () => {
    const draft = { ...emptyDeclaration(), name: 'x', amount: '12.345', category: 'OM' as const, resources: [emptyResource()] }
    expect(problemsOf(draft)).toEqual([
      'name',
      'amount',
      'parentCode',
      'resources.0.name',
      'resources.0.provider',
      'resources.0.fields',
      'resources.0.updateFrequency',
    ])
  })

  it('builds the input the server takes', () => {
    const draft = {
      ...emptyDeclaration(),
      name: ' 城市大脑三期 ',
      amount: '3,000,000.50',
      type: 'MIXED' as const,
      resources: [{ name: '人口库', provider: '公安局', fields: '姓名，身份证号\n住址', updateFrequency: '每日', sharingClass: 'CONDITIONAL' as const }],
    }
    expect(problemsOf(draft)).toEqual([])
    expect(declarationInput(draft)).toEqual({
      name: '城市大脑三期',
      category: 'NEW',
      type: 'MIXED',
      requestedAmount: '3000000.50',
      dataResources: [{ name: '人口库', provider: '公安局', fields: ['姓名', '身份证号', '住址'], updateFrequency: '每日', sharingClass: 'CONDITIONAL' }],
      parentCode: null,
    })
  })
})

describe('the declaration screen', () => {
  it('queues nothing while a field is wrong, and says which', async () => {
    const { submitted } = renderDeclare()
    type('declare-name', '城市大脑三期')
    type('declare-amount', '-5')
    fireEvent.click(screen.getByTestId('resource-add'))
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([])
    expect(screen.getByTestId('declare-amount-error')).toBeTruthy()
    expect(screen.getByTestId('resource-0-name-error')).toBeTruthy()
    expect(screen.queryByTestId('declare-name-error')).toBeNull()
    expect(screen.getByTestId('declare-problems').textContent).toContain('5')
  })

  it('queues a valid declaration in the outbox and goes home while it waits', async () => {
    const { submitted } = renderDeclare()
    type('declare-name', '城市大脑三期')
    type('declare-amount', '3000000')
    fireEvent.click(screen.getByText('硬件'))
    fireEvent.click(screen.getByTestId('resource-add'))
    type('resource-0-name', '人口库')
    type('resource-0-provider', '公安局')
    type('resource-0-fields', '姓名, 身份证号')
    type('resource-0-frequency', '每日')
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([
      {
        kind: 'declareProject',
        input: {
          name: '城市大脑三期',
          category: 'NEW',
          type: 'HARDWARE',
          requestedAmount: '3000000',
          dataResources: [{ name: '人口库', provider: '公安局', fields: ['姓名', '身份证号'], updateFrequency: '每日', sharingClass: 'CONDITIONAL' }],
          parentCode: null,
        },
        subject: { title: '城市大脑三期' },
      },
    ])
    expect(screen.getByTestId('location').textContent).toBe('/')
  })

  it('declares an O&M project of the built one it was opened from (?parent=)', async () => {
    const { submitted } = renderDeclare('/declare?parent=ZJ-2026-001')
    expect((screen.getByTestId('declare-parent').querySelector('input') as HTMLInputElement).value).toBe('ZJ-2026-001')
    type('declare-name', '城市大脑二期运维')
    type('declare-amount', '300000')
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted[0]!.input).toMatchObject({ category: 'OM', parentCode: 'ZJ-2026-001' })
  })
})
