// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { factTodo, renderFacts } from './testing'

afterEach(cleanup)

const RESOURCES = [
  { id: 'r-1', name: '人口库', provider: '公安局', sharingClass: 'CONDITIONAL', verified: true },
  { id: 'r-2', name: '法人库', provider: '市场监管局', sharingClass: 'UNCONDITIONAL', verified: false },
]

describe('the data resource verification (数据资源核验)', () => {
  it('shows verified resources as done and offers the others one by one', () => {
    renderFacts(factTodo('RESOURCE_VERIFICATION', { dataResources: RESOURCES }))
    expect(screen.getByTestId('fact-saved').textContent).toContain('1 / 2')
    expect(screen.getByTestId('fact-verified-r-1')).toBeTruthy()
    expect(screen.queryByTestId('fact-verify-r-1')).toBeNull()
    expect(screen.getByTestId('fact-verify-r-2')).toBeTruthy()
  })

  it('queues the verification of one resource, and does not offer it again while it waits', async () => {
    const { submitted } = renderFacts(factTodo('RESOURCE_VERIFICATION', { dataResources: RESOURCES }))
    await act(async () => fireEvent.click(screen.getByTestId('fact-verify-r-2')))
    expect(submitted).toEqual([
      {
        kind: 'verifyDataResource',
        input: { resourceId: 'r-2' },
        subject: { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    expect(screen.queryByTestId('fact-verify-r-2')).toBeNull()
    expect(screen.getByTestId('fact-resource-r-2').textContent).toContain('待发送')
  })

  it('says when the project declared no resource', () => {
    renderFacts(factTodo('RESOURCE_VERIFICATION', { dataResources: [] }))
    expect(screen.getByTestId('facts').textContent).toContain('该项目未申报数据资源')
  })
})
