// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, pickOrganisation, renderFacts, save, typeInto } from './testing'

afterEach(cleanup)

const SUBJECT = { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' }

describe('the contract form (合同登记)', () => {
  it('queues nothing without a vendor, and names a contract above the approved budget', async () => {
    // given
    const { submitted } = renderFacts(factTodo('CONTRACT', { approvedBudget: '2800000' }))
    // when: nothing picked, an amount above the budget
    typeInto('fact-amount', '2,800,000.01')
    await save()
    // then
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请选择单位', '合同金额不能超过核定预算 ¥2,800,000.00'])
  })

  it('refuses a contract while the project has no approved budget', async () => {
    const { submitted } = renderFacts(factTodo('CONTRACT', { approvedBudget: null }))
    await pickOrganisation('杭州数智科技有限公司')
    typeInto('fact-amount', '100000')
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['尚未核定预算，暂不能登记合同'])
  })

  it('queues the vendor, the amount and the optional supervisor picked in the directory', async () => {
    // given
    const { submitted, asked } = renderFacts(factTodo('CONTRACT', { approvedBudget: '2800000' }))
    // when: exactly the budget is allowed
    await pickOrganisation('之江软件股份有限公司')
    typeInto('fact-amount', '2800000')
    await pickOrganisation('浙江信诚工程监理有限公司', 'fact-org-supervisor')
    await save()
    // then
    expect(asked.map((variables) => variables.kind)).toEqual(expect.arrayContaining(['VENDOR', 'SUPERVISOR']))
    expect(errors()).toEqual([])
    expect(submitted).toEqual([
      {
        kind: 'recordContract',
        input: { projectId: 'project-1', vendorId: 'v-2', value: '2800000', supervisorId: 's-1' },
        subject: SUBJECT,
      },
    ])
    // and the form is empty again, ready for nothing twice
    expect(screen.getByTestId('fact-org').textContent).toContain('请选择')
  })

  it('sends no supervisor when none was picked, and shows the contract already recorded', async () => {
    const { submitted, onChanged } = renderFacts(
      factTodo('CONTRACT', {
        approvedBudget: '500000',
        contractAmount: '480000',
        vendor: { id: 'v-1', name: '杭州数智科技有限公司' },
      }),
      { outcome: 'done' },
    )
    expect(screen.getByTestId('fact-saved').textContent).toContain('杭州数智科技有限公司')
    expect(screen.getByTestId('fact-saved').textContent).toContain('¥480,000.00')
    await pickOrganisation('杭州数智科技有限公司')
    typeInto('fact-amount', '490000')
    await save()
    expect(submitted[0]!.input).toEqual({ projectId: 'project-1', vendorId: 'v-1', value: '490000', supervisorId: null })
    expect(onChanged).toHaveBeenCalledTimes(1)
  })
})
