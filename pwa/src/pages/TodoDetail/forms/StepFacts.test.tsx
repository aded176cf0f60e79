// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { factTodo, renderFacts } from './testing'

afterEach(cleanup)

describe('the step facts of a to-do', () => {
  it('shows nothing for a plain decision', () => {
    renderFacts(factTodo(null))
    expect(screen.queryByTestId('facts')).toBeNull()
  })

  it('titles the section with the form in Chinese', () => {
    renderFacts(factTodo('CONTROL_PRICE_HARDWARE'))
    expect(screen.getByTestId('facts').querySelector('h2')!.textContent).toBe('控制价（硬件部分）')
  })

  it('guides a milestone report, written in the decision opinion, with nothing to save here', () => {
    renderFacts(factTodo('REPORT', {}, { stepKey: 'milestone_report' }))
    expect(screen.getByTestId('fact-guide').textContent).toContain('交付物')
    expect(screen.getByTestId('facts').textContent).toContain('报告写在办理意见中')
    expect(screen.queryByTestId('fact-save')).toBeNull()
  })

  it('guides a supervision log by its own points', () => {
    renderFacts(factTodo('REPORT', {}, { stepKey: 'supervision_log' }))
    expect(screen.getByTestId('fact-guide').textContent).toContain('整改')
  })

  it('gives every input a label for screen readers', () => {
    renderFacts(factTodo('PAYMENT', { contractAmount: '100', paidAmount: '0' }))
    // antd-mobile repeats the label on the input's wrapper: the input itself must carry it
    expect(screen.getAllByLabelText('本次支付金额（元）')).toContain(screen.getByTestId('fact-amount').querySelector('input'))
    expect(screen.getAllByLabelText('对应里程碑')).toContain(screen.getByTestId('fact-milestone').querySelector('input'))
    expect(screen.getByTestId('fact-save').getAttribute('type')).toBe('button')
  })

  it('labels the note, whose textarea takes no aria-label, by its field label', () => {
    renderFacts(factTodo('PRICE_ASSESSMENT'))
    expect(screen.getAllByLabelText('评估说明')).toContain(screen.getByTestId('fact-note').querySelector('textarea'))
  })
})
