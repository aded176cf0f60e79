// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, pickOrganisation, renderFacts, save } from './testing'

afterEach(cleanup)

describe('the supervisor form (监理单位)', () => {
  it('queues nothing until a supervisor is picked', async () => {
    const { submitted } = renderFacts(factTodo('SUPERVISOR'))
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请选择单位'])
  })

  it('queues the supervision company picked among supervisors', async () => {
    const { submitted, asked } = renderFacts(factTodo('SUPERVISOR'))
    await pickOrganisation('浙江信诚工程监理有限公司')
    await save()
    expect(asked[0]).toMatchObject({ kind: 'SUPERVISOR', first: 20, after: null })
    expect(submitted).toEqual([
      {
        kind: 'assignSupervisor',
        input: { projectId: 'project-1', supervisorId: 's-1' },
        subject: { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
  })

  it('searches the directory by name', async () => {
    const { asked } = renderFacts(factTodo('SUPERVISOR'))
    await pickOrganisation('浙江信诚工程监理有限公司')
    fireEvent.click(screen.getByTestId('fact-org'))
    const search = screen.getByTestId('fact-org-search').querySelector('input')!
    fireEvent.change(search, { target: { value: '不存在' } })
    await waitFor(() => expect(asked.some((variables) => variables.search === '不存在')).toBe(true))
    await waitFor(() => expect(screen.getByText('没有找到单位')).toBeTruthy())
  })

  it('shows the supervisor the project has', () => {
    renderFacts(factTodo('SUPERVISOR', { supervisor: { id: 's-1', name: '浙江信诚工程监理有限公司' } }))
    expect(screen.getByTestId('fact-saved').textContent).toContain('浙江信诚工程监理有限公司')
  })
})
