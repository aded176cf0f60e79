/** What a task form must hold before it is sent or queued (the server checks the same again). */
import type { Stage } from '@/api/generated/tasks'
import type { ExpectedAction } from '@/api/generated/todo'

/** The to-dos whose task has a form of its own (TaskForm), beside the decision. */
const TASK_FORMS: ReadonlySet<ExpectedAction> = new Set(['ORGANISE_PANEL', 'RESPOND_INVITATION', 'ANSWER_FINDING', 'CLOSE_FINDING'])

export function hasTaskForm(expects: ExpectedAction): boolean {
  return TASK_FORMS.has(expects)
}

/** The most seats a panel may have (domain/reviews/flows.py MAX_SEATS). */
export const MAX_SEATS = 15

export interface QuotaDraft {
  /** Empty: any specialty. */
  specialty: string
  count: string
}

export interface PanelDraft {
  quotas: QuotaDraft[]
  /** 'YYYY-MM-DD', as a date input gives it. */
  reviewDate: string
  excludeEarlierPanel: boolean
}

export type PanelProblem = `quotas.${number}.count` | 'quotas' | 'reviewDate'

export const emptyQuota = (): QuotaDraft => ({ specialty: '', count: '' })

export const emptyPanel = (): PanelDraft => ({ quotas: [emptyQuota()], reviewDate: '', excludeEarlierPanel: false })

/** The device's date, as 'YYYY-MM-DD' in its own time zone (the reviewer's day, not UTC's). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

function seatCount(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return null
  const count = Number(trimmed)
  return count >= 1 && count <= MAX_SEATS ? count : null
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)
}

export function panelProblems(draft: PanelDraft, today: string): PanelProblem[] {
  const problems: PanelProblem[] = []
  draft.quotas.forEach((quota, index) => {
    if (seatCount(quota.count) === null) problems.push(`quotas.${index}.count`)
  })
  const seats = draft.quotas.reduce((sum, quota) => sum + (seatCount(quota.count) ?? 0), 0)
  if (draft.quotas.length === 0 || seats > MAX_SEATS) problems.push('quotas')
  // ISO dates compare as text.
  if (!isDate(draft.reviewDate) || draft.reviewDate < today) problems.push('reviewDate')
  return problems
}

/** RequestPanelInput without its idempotency key. */
export function panelInput(draft: PanelDraft, projectId: string, stage: Stage) {
  return {
    projectId,
    stage,
    quotas: draft.quotas.map((quota) => ({ specialty: quota.specialty.trim() || null, count: Number(quota.count.trim()) })),
    reviewDate: draft.reviewDate,
    excludeEarlierPanel: draft.excludeEarlierPanel,
  }
}

export type InvitationProblem = 'noConflict' | 'reason'

/** Accepting needs the no-conflict declaration; declining needs a reason. */
export function invitationProblems(accept: boolean, noConflict: boolean, reason: string): InvitationProblem[] {
  if (accept) return noConflict ? [] : ['noConflict']
  return reason.trim() ? [] : ['reason']
}

/** The longest text a finding, an answer or a conclusion may have (domain/audit/findings.py). */
export const MAX_TEXT = 4000

export function textProblem(text: string): 'required' | 'tooLong' | null {
  const trimmed = text.trim()
  if (!trimmed) return 'required'
  return text.length > MAX_TEXT ? 'tooLong' : null
}
