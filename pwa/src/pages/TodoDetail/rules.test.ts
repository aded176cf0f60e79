import { describe, expect, it } from 'vitest'
import { actionsFor, opinionRequired, parseAmount } from './rules'

describe('the actions of a to-do', () => {
  it('offers what the server says the to-do allows, in its order, as the screen names them', () => {
    expect(actionsFor(['APPROVE', 'REJECT', 'RETURN', 'TRANSFER', 'ADD_SIGNER', 'COMMENT'])).toEqual([
      'approve',
      'reject',
      'return',
      'transfer',
      'addSigner',
      'comment',
    ])
    expect(actionsFor(['RESUBMIT', 'COMMENT'])).toEqual(['resubmit', 'comment'])
    expect(actionsFor(['URGE', 'COMMENT'])).toEqual(['urge', 'comment'])
    expect(actionsFor([])).toEqual([])
  })

  it('takes a payment amount as the server does: above 0, at most two decimals, thousands separators allowed', () => {
    expect(parseAmount('1200000')).toBe('1200000')
    expect(parseAmount(' 1,200,000.50 ')).toBe('1200000.50')
    expect(parseAmount('3，000')).toBe('3000')
    for (const bad of ['', '0', '0.00', '-5', '1.234', 'abc', '1e5', '12.', '.5']) expect(parseAmount(bad)).toBeNull()
  })

  it('asks for an opinion on refusals, returns and records always, on approvals where the step says so', () => {
    expect(opinionRequired('reject')).toBe(true)
    expect(opinionRequired('return')).toBe(true)
    expect(opinionRequired('record')).toBe(true)
    expect(opinionRequired('approve')).toBe(false)
    expect(opinionRequired('approve', true)).toBe(true)
    expect(opinionRequired('transfer', true)).toBe(false)
  })
})
