import { describe, expect, it } from 'vitest'
import { actionsFor, parseAmount } from './rules'

describe('the actions of a to-do', () => {
  it('offers each step what it expects, the decision first', () => {
    expect(actionsFor('APPROVE')).toEqual(['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment'])
    expect(actionsFor('SUBMIT')).toEqual(['approve', 'comment'])
    // a returned application is revised and sent back; a 备案 step is recorded (and may be handed on)
    expect(actionsFor('RESUBMIT')).toEqual(['resubmit', 'comment'])
    expect(actionsFor('RECORD')).toEqual(['record', 'transfer', 'comment'])
    expect(actionsFor('SUPERVISE')).toEqual(['urge', 'comment'])
  })

  it('takes a payment amount as the server does: above 0, at most two decimals, thousands separators allowed', () => {
    expect(parseAmount('1200000')).toBe('1200000')
    expect(parseAmount(' 1,200,000.50 ')).toBe('1200000.50')
    expect(parseAmount('3，000')).toBe('3000')
    for (const bad of ['', '0', '0.00', '-5', '1.234', 'abc', '1e5', '12.', '.5']) expect(parseAmount(bad)).toBeNull()
  })
})
