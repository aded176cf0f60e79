/**
 * The step forms' checks: plain functions from what was typed to the mutation input, or to the
 * problems to show beside each field. Nothing is queued while a problem remains.
 */
import { parseAmount } from '../rules'

export type ProblemCode =
  | 'required'
  | 'amount'
  | 'organisation'
  | 'noItems'
  | 'noBudget'
  | 'aboveBudget'
  | 'noContract'
  | 'aboveRemaining'

/** What is wrong with one field; `limit` is the amount it may not exceed, when there is one. */
export interface Problem {
  code: ProblemCode
  limit?: string
}

export type Problems<Field extends string> = Partial<Record<Field, Problem>>

export type Checked<Field extends string, Input> =
  | { ok: true; input: Input }
  | { ok: false; problems: Problems<Field> }

function checked<Field extends string, Input>(problems: Problems<Field>, input: () => Input): Checked<Field, Input> {
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, input: input() }
}

function amountProblem(text: string): Problem | undefined {
  if (text.trim() === '') return { code: 'required' }
  return parseAmount(text) === null ? { code: 'amount' } : undefined
}

/** Yuan as whole fen, so that limits are compared exactly ("1000000.5" is 100000050). */
export function toFen(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.trim().split('.')
  const sign = whole.startsWith('-') ? -1n : 1n
  const fen = BigInt(whole.replace('-', '') || '0') * 100n + BigInt((fraction + '00').slice(0, 2))
  return sign * fen
}

/** Fen back to a Decimal string of yuan ("1200.5" for 120050n). */
export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : ''
  const absolute = fen < 0n ? -fen : fen
  const fraction = (absolute % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${sign}${absolute / 100n}${fraction ? `.${fraction}` : ''}`
}

/** An organisation picked in the directory. */
export interface Organisation {
  id: string
  name: string
}

// ---- 第三方报价评估 ----

export interface PriceAssessmentDraft {
  institution: Organisation | null
  amount: string
  note: string
}

export type PriceAssessmentField = 'institution' | 'amount'

export function checkPriceAssessment(projectId: string, draft: PriceAssessmentDraft) {
  const problems: Problems<PriceAssessmentField> = {}
  if (!draft.institution) problems.institution = { code: 'organisation' }
  const amount = amountProblem(draft.amount)
  if (amount) problems.amount = amount
  return checked(problems, () => ({
    projectId,
    institutionId: draft.institution!.id,
    assessedAmount: parseAmount(draft.amount)!,
    note: draft.note.trim(),
  }))
}

// ---- 建设方案 / 实施方案 ----

export interface PlanItemDraft {
  name: string
  amount: string
}

export type PlanKind = 'APPROVED' | 'IMPLEMENTATION'
/** `items` (no item at all), or `name.<i>` / `amount.<i>` for one item. */
export type PlanField = 'items' | `name.${number}` | `amount.${number}`

export function checkPlan(projectId: string, kind: PlanKind, items: readonly PlanItemDraft[]) {
  const problems: Problems<PlanField> = {}
  if (items.length === 0) problems.items = { code: 'noItems' }
  items.forEach((item, index) => {
    if (item.name.trim() === '') problems[`name.${index}`] = { code: 'required' }
    const amount = amountProblem(item.amount)
    if (amount) problems[`amount.${index}`] = amount
  })
  return checked(problems, () => ({
    projectId,
    kind,
    items: items.map((item) => ({ name: item.name.trim(), amount: parseAmount(item.amount)! })),
  }))
}

/** The plan's total so far, counting only the amounts that read right. */
export function planTotal(items: readonly PlanItemDraft[]): string {
  return fromFen(items.reduce((sum, item) => {
    const amount = parseAmount(item.amount)
    return amount === null ? sum : sum + toFen(amount)
  }, 0n))
}

// ---- 控制价 / 核定预算 ----

export type AmountField = 'amount'

export function checkControlPrice(projectId: string, part: 'SOFTWARE' | 'HARDWARE', amount: string) {
  const problem = amountProblem(amount)
  return checked<AmountField, { projectId: string; part: 'SOFTWARE' | 'HARDWARE'; amount: string }>(
    problem ? { amount: problem } : {},
    () => ({ projectId, part, amount: parseAmount(amount)! }),
  )
}

export function checkApprovedBudget(projectId: string, amount: string) {
  const problem = amountProblem(amount)
  return checked<AmountField, { projectId: string; value: string }>(problem ? { amount: problem } : {}, () => ({
    projectId,
    value: parseAmount(amount)!,
  }))
}

// ---- 合同登记 ----

export interface ContractDraft {
  vendor: Organisation | null
  amount: string
  supervisor: Organisation | null
}

export type ContractField = 'vendor' | 'amount'

/** The contract is never above the approved budget (and needs one). */
export function checkContract(projectId: string, approvedBudget: string | null, draft: ContractDraft) {
  const problems: Problems<ContractField> = {}
  if (!draft.vendor) problems.vendor = { code: 'organisation' }
  const value = parseAmount(draft.amount)
  const amount = amountProblem(draft.amount)
  if (amount) problems.amount = amount
  else if (approvedBudget === null) problems.amount = { code: 'noBudget' }
  else if (value !== null && toFen(value) > toFen(approvedBudget)) problems.amount = { code: 'aboveBudget', limit: approvedBudget }
  return checked(problems, () => ({
    projectId,
    vendorId: draft.vendor!.id,
    value: value!,
    supervisorId: draft.supervisor?.id ?? null,
  }))
}

// ---- 监理单位 ----

export type SupervisorField = 'supervisor'

export function checkSupervisor(projectId: string, supervisor: Organisation | null) {
  return checked<SupervisorField, { projectId: string; supervisorId: string }>(
    supervisor ? {} : { supervisor: { code: 'organisation' } },
    () => ({ projectId, supervisorId: supervisor!.id }),
  )
}

// ---- 资金支付 ----

export interface PaymentDraft {
  amount: string
  milestone: string
}

export type PaymentField = 'amount' | 'milestone'

/** What may still be paid under the contract; null without a contract. */
export function remainingContract(contractAmount: string | null, paidAmount: string): string | null {
  return contractAmount === null ? null : fromFen(toFen(contractAmount) - toFen(paidAmount))
}

/** All payments together never above the contract. */
export function checkPayment(projectId: string, contractAmount: string | null, paidAmount: string, draft: PaymentDraft) {
  const problems: Problems<PaymentField> = {}
  const value = parseAmount(draft.amount)
  const amount = amountProblem(draft.amount)
  const remaining = remainingContract(contractAmount, paidAmount)
  if (amount) problems.amount = amount
  else if (remaining === null) problems.amount = { code: 'noContract' }
  else if (value !== null && toFen(value) > toFen(remaining)) problems.amount = { code: 'aboveRemaining', limit: remaining }
  if (draft.milestone.trim() === '') problems.milestone = { code: 'required' }
  return checked(problems, () => ({ projectId, value: value!, milestone: draft.milestone.trim() }))
}
