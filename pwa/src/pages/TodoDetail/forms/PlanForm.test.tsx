// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, renderFacts, save, typeInto } from './testing'

afterEach(cleanup)

describe('the plan form (建设方案 / 实施方案)', () => {
  it('names each item without a name or with a bad amount, and queues nothing', async () => {
    const { submitted } = renderFacts(factTodo('APPROVED_PLAN'))
    fireEvent.click(screen.getByTestId('fact-plan-add'))
    typeInto('fact-plan-name-0', '数据中台')
    typeInto('fact-plan-amount-0', '0')
    typeInto('fact-plan-amount-1', '300000')
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请输入大于 0、最多两位小数的金额', '请填写此项'])
  })

  it('refuses a plan with no item at all', async () => {
    const { submitted } = renderFacts(factTodo('APPROVED_PLAN'))
    fireEvent.click(screen.getByTestId('fact-plan-remove-0'))
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请至少添加一项'])
  })

  it('queues the items of an implementation plan, showing their total', async () => {
    // given
    const { submitted } = renderFacts(factTodo('IMPLEMENTATION_PLAN'))
    // when
    typeInto('fact-plan-name-0', ' 数据中台 ')
    typeInto('fact-plan-amount-0', '1,200,000')
    fireEvent.click(screen.getByTestId('fact-plan-add'))
    typeInto('fact-plan-name-1', '视频汇聚')
    typeInto('fact-plan-amount-1', '300000.25')
    // then
    expect(screen.getByTestId('fact-plan-total').textContent).toContain('¥1,500,000.25')
    await save()
    expect(submitted).toEqual([
      {
        kind: 'submitPlan',
        input: {
          projectId: 'project-1',
          kind: 'IMPLEMENTATION',
          items: [
            { name: '数据中台', amount: '1200000' },
            { name: '视频汇聚', amount: '300000.25' },
          ],
        },
        subject: { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    expect(screen.getByTestId('fact-saved').textContent).toContain('¥1,500,000.25')
  })

  it('sends an approved plan as APPROVED', async () => {
    const { submitted } = renderFacts(factTodo('APPROVED_PLAN'))
    typeInto('fact-plan-name-0', '数据中台')
    typeInto('fact-plan-amount-0', '100')
    await save()
    expect(submitted[0]).toMatchObject({ kind: 'submitPlan', input: { kind: 'APPROVED' } })
  })
})
