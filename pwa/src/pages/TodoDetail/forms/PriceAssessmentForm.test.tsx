// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { errors, factTodo, pickOrganisation, renderFacts, save, typeInto } from './testing'

afterEach(cleanup)

describe('the price assessment form (第三方报价评估)', () => {
  it('queues nothing without an institution and an amount, and says so beside each', async () => {
    const { submitted } = renderFacts(factTodo('PRICE_ASSESSMENT'))
    await save()
    expect(submitted).toEqual([])
    expect(errors()).toEqual(['请选择单位', '请填写此项'])
  })

  it('offers third-party institutions only, and queues the assessment', async () => {
    // given
    const { submitted, asked } = renderFacts(factTodo('PRICE_ASSESSMENT'))
    // when
    await pickOrganisation('浙江正信造价咨询有限公司')
    typeInto('fact-amount', '2,650,000.5')
    typeInto('fact-note', '硬件报价偏高，核减 35 万元')
    await save()
    // then
    expect(asked.every((variables) => variables.kind === 'THIRD_PARTY')).toBe(true)
    expect(submitted).toEqual([
      {
        kind: 'recordPriceAssessment',
        input: { projectId: 'project-1', institutionId: 'tp-1', assessedAmount: '2650000.5', note: '硬件报价偏高，核减 35 万元' },
        subject: { title: '登记：城市大脑二期', todoId: 'todo-1', projectId: 'project-1' },
      },
    ])
    // and what was saved is shown, the project keeping no such field
    expect(screen.getByTestId('fact-saved').textContent).toContain('浙江正信造价咨询有限公司')
    expect(screen.getByTestId('fact-saved').textContent).toContain('¥2,650,000.50')
  })

  it('shows the refusal when the server refuses the assessment', async () => {
    const { submitted } = renderFacts(factTodo('PRICE_ASSESSMENT'), {
      outcome: { code: 'WRONG_STAGE', message: '项目不在预审阶段', current: null },
    })
    await pickOrganisation('浙江正信造价咨询有限公司')
    typeInto('fact-amount', '100')
    await save()
    expect(submitted).toHaveLength(1)
    expect(screen.getByTestId('fact-refused').textContent).toBe('未能保存：项目不在预审阶段')
    expect(screen.queryByTestId('fact-saved')).toBeNull()
  })
})
