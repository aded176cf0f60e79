import { describe, expect, it } from 'vitest'
import { mutexLock } from '@/auth/testing'
import type { RecordKind } from '@/outbox/entry'
import { Outbox } from '@/outbox/outbox'
import { MemoryOutboxStore } from '@/outbox/store'
import { browser, fakeServer } from '@/outbox/testing'
import {
  checkApprovedBudget,
  checkContract,
  checkControlPrice,
  checkPayment,
  checkPlan,
  checkPriceAssessment,
  checkSupervisor,
  fromFen,
  planTotal,
  remainingContract,
  toFen,
} from './rules'

const VENDOR = { id: 'v-1', name: '杭州数智科技有限公司' }

describe('amounts in fen', () => {
  it('compares yuan exactly, whatever the decimals written', () => {
    expect(toFen('1000000')).toBe(100000000n)
    expect(toFen('1000000.5')).toBe(100000050n)
    expect(toFen('0.07')).toBe(7n)
    expect(toFen('2800000.00')).toBe(toFen('2800000'))
    expect(fromFen(120050n)).toBe('1200.5')
    expect(fromFen(-5n)).toBe('-0.05')
  })

  it('adds what remains of the contract without floating point drift', () => {
    expect(remainingContract('0.3', '0.1')).toBe('0.2')
    expect(remainingContract(null, '0')).toBeNull()
    expect(planTotal([{ name: 'a', amount: '0.1' }, { name: 'b', amount: '0.2' }, { name: 'c', amount: 'x' }])).toBe('0.3')
  })
})

describe('the step form checks', () => {
  it('keeps a contract within the approved budget, which it needs', () => {
    const draft = { vendor: VENDOR, amount: '2800000.01', supervisor: null }
    expect(checkContract('p', '2800000', draft)).toEqual({ ok: false, problems: { amount: { code: 'aboveBudget', limit: '2800000' } } })
    expect(checkContract('p', null, draft)).toEqual({ ok: false, problems: { amount: { code: 'noBudget' } } })
    expect(checkContract('p', '2800000.00', { ...draft, amount: '2,800,000' })).toEqual({
      ok: true,
      input: { projectId: 'p', vendorId: 'v-1', value: '2800000', supervisorId: null },
    })
    expect(checkContract('p', '1', { vendor: null, amount: 'abc', supervisor: null })).toEqual({
      ok: false,
      problems: { vendor: { code: 'organisation' }, amount: { code: 'amount' } },
    })
  })

  it('keeps all payments within the contract', () => {
    expect(checkPayment('p', '1000', '999.99', { amount: '0.02', milestone: '终验' })).toEqual({
      ok: false,
      problems: { amount: { code: 'aboveRemaining', limit: '0.01' } },
    })
    expect(checkPayment('p', '1000', '999.99', { amount: '0.01', milestone: '终验' })).toEqual({
      ok: true,
      input: { projectId: 'p', value: '0.01', milestone: '终验' },
    })
    expect(checkPayment('p', null, '0', { amount: '1', milestone: '' })).toEqual({
      ok: false,
      problems: { amount: { code: 'noContract' }, milestone: { code: 'required' } },
    })
  })

  it('names each plan item that is wrong', () => {
    expect(checkPlan('p', 'APPROVED', [])).toEqual({ ok: false, problems: { items: { code: 'noItems' } } })
    expect(checkPlan('p', 'APPROVED', [{ name: ' ', amount: '' }, { name: 'b', amount: '-1' }])).toEqual({
      ok: false,
      problems: { 'name.0': { code: 'required' }, 'amount.0': { code: 'required' }, 'amount.1': { code: 'amount' } },
    })
  })

  it('needs an organisation where one is picked', () => {
    expect(checkSupervisor('p', null)).toEqual({ ok: false, problems: { supervisor: { code: 'organisation' } } })
    expect(checkPriceAssessment('p', { institution: null, amount: '1', note: '' })).toEqual({
      ok: false,
      problems: { institution: { code: 'organisation' } },
    })
  })
})

function valid<T>(checked: { ok: true; input: T } | { ok: false }): T {
  if (!checked.ok) throw new Error('expected a valid input')
  return checked.input
}

describe('what the forms queue', () => {
  it('is taken by the server schema, for every kind of fact', async () => {
    // given: a signed-in tab whose outbox sends to a server checking variables against the schema
    const server = fakeServer()
    const device = browser(server)
    const session = device.tab()
    await session.login({ username: 'finance', password: 'Demo-2026' })
    const outbox = new Outbox({ store: new MemoryOutboxStore(), session, lock: mutexLock() })
    const facts: [RecordKind, Record<string, unknown>][] = [
      ['recordPriceAssessment', valid(checkPriceAssessment('1', { institution: VENDOR, amount: '12', note: '' }))],
      ['submitPlan', valid(checkPlan('1', 'IMPLEMENTATION', [{ name: '数据中台', amount: '100' }]))],
      ['setControlPrice', valid(checkControlPrice('1', 'HARDWARE', '5'))],
      ['setApprovedBudget', valid(checkApprovedBudget('1', '5'))],
      ['recordContract', valid(checkContract('1', '10', { vendor: VENDOR, amount: '5', supervisor: null }))],
      ['assignSupervisor', valid(checkSupervisor('1', VENDOR))],
      ['recordPayment', valid(checkPayment('1', '10', '0', { amount: '5', milestone: '一期' }))],
      ['verifyDataResource', { resourceId: '3' }],
    ]
    // when
    for (const [kind, input] of facts) {
      await outbox.enqueue({ userId: '7', kind, input, subject: { title: '城市大脑二期', todoId: 'todo-1' }, language: 'zh-CN' })
    }
    const report = await outbox.flush('7')
    // then: each answered as done, in the order queued
    expect(report.settled.map((settled) => settled.outcome)).toEqual(facts.map(() => 'done'))
    expect(server.performed.map((call) => call.operation)).toEqual([
      'RecordPriceAssessment',
      'SubmitPlan',
      'SetControlPrice',
      'SetApprovedBudget',
      'RecordContract',
      'AssignSupervisor',
      'RecordPayment',
      'VerifyDataResource',
    ])
  })
})
