// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, renderFacts, save, typeInto } from './testing'

afterEach(cleanup)

const PAID = { contractAmount: '2000000', paidAmount: '1200000' }

describe('the payment form (资金支付)', () => {
  it('shows what is paid and what the contract still allows', () => {
    renderFacts(factTodo('PAYMENT', PAID))
    const saved = screen.getByTestId('fact-saved').textContent
    expect(saved).toContain('¥1,200,000.00')
    expect(saved).toContain('¥2,000,000.00')
    expect(saved).toContain('¥800,000.00')
  })

  it('queues nothing above what remains of the contract, nor without a milestone', async () => {
    // given
    const { submitted } = renderFacts(factTodo('PAYMENT', PAID))
    // when
    typeInto('fact-amount', '800000.01')
    await save()
    // then
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['累计支付不能超过合同金额，本次最多 ¥800,000.00', '请填写此项'])
  })

  it('names a bad amount', async () => {
    const { submitted } = renderFacts(factTodo('PAYMENT', PAID))
    typeInto('fact-amount', '12.345')
    typeInto('fact-milestone', '第一期')
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请输入大于 0、最多两位小数的金额'])
  })

  it('refuses a payment before any contract', async () => {
    const { submitted } = renderFacts(factTodo('PAYMENT', { contractAmount: null, paidAmount: '0' }))
    typeInto('fact-amount', '100')
    typeInto('fact-milestone', '第一期')
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['尚未登记合同，暂不能支付'])
  })

  it('queues exactly the rest of the contract with its milestone, then empties the form', async () => {
    // given
    const { submitted } = renderFacts(factTodo('PAYMENT', PAID))
    // when
    typeInto('fact-amount', '800,000')
    typeInto('fact-milestone', ' 终验 ')
    await save()
    // then
    expect(submitted).toEqual([
      {
        kind: 'recordPayment',
        input: { projectId: 'project-1', value: '800000', milestone: '终验' },
        subject: { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    expect((screen.getByTestId('fact-amount').querySelector('input') as HTMLInputElement).value).toBe('')
  })
})
