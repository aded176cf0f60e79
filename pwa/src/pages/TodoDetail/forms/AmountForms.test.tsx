// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, renderFacts, save, typeInto } from './testing'

afterEach(cleanup)

const SUBJECT = { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' }

describe('the control price forms (控制价)', () => {
  it('queues nothing for a bad amount', async () => {
    const { submitted } = renderFacts(factTodo('CONTROL_PRICE_SOFTWARE'))
    typeInto('fact-amount', '1.234')
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请输入大于 0、最多两位小数的金额'])
  })

  it('queues the software part', async () => {
    const { submitted } = renderFacts(factTodo('CONTROL_PRICE_SOFTWARE'))
    typeInto('fact-amount', '1800000')
    await save()
    expect(submitted).toEqual([
      { kind: 'setControlPrice', input: { projectId: 'project-1', part: 'SOFTWARE', amount: '1800000' }, subject: SUBJECT },
    ])
  })

  it('queues the hardware part and shows the part already set', async () => {
    const { submitted } = renderFacts(factTodo('CONTROL_PRICE_HARDWARE', { controlPriceHardware: '950000' }))
    expect(screen.getByTestId('fact-saved').textContent).toContain('¥950,000.00')
    typeInto('fact-amount', '900000')
    await save()
    expect(submitted[0]).toMatchObject({ kind: 'setControlPrice', input: { part: 'HARDWARE', amount: '900000' } })
  })
})

describe('the approved budget form (核定预算)', () => {
  it('names an empty amount', async () => {
    const { submitted } = renderFacts(factTodo('APPROVED_BUDGET'))
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请填写此项'])
  })

  it('queues the budget and reloads the to-do once it is recorded', async () => {
    // given
    const { submitted, onChanged } = renderFacts(factTodo('APPROVED_BUDGET'), { outcome: 'done' })
    expect(screen.queryByTestId('fact-saved')).toBeNull()
    // when
    typeInto('fact-amount', '2,750,000')
    await save()
    // then
    expect(submitted).toEqual([{ kind: 'setApprovedBudget', input: { projectId: 'project-1', value: '2750000' }, subject: SUBJECT }])
    expect(onChanged).toHaveBeenCalledTimes(1)
  })

  it('shows the budget the project holds', () => {
    renderFacts(factTodo('APPROVED_BUDGET', { approvedBudget: '2750000' }))
    expect(screen.getByTestId('fact-saved').textContent).toContain('¥2,750,000.00')
  })
})
