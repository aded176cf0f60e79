import {
  DECIDE,
  DECLARE_PROJECT,
  UPLOAD_MATERIAL,
  RESUBMIT,
  RETURN_FOR_REVISION,
  SAVE_SCORE_DRAFT,
  SUBMIT_SCORE_SHEET,
  isRefusal,
  RECORD_PRICE_ASSESSMENT,
  SUBMIT_PLAN,
  SET_CONTROL_PRICE,
  SET_APPROVED_BUDGET,
  RECORD_CONTRACT,
  ASSIGN_SUPERVISOR,
  RECORD_PAYMENT,
  VERIFY_DATA_RESOURCE,
  RESPOND_INVITATION,
  RAISE_AUDIT_FINDING,
  ANSWER_AUDIT_FINDING,
  CLOSE_AUDIT_FINDING,
  RATE_MUTUALLY,
  RATE_SATISFACTION,
  type ActionResult,
} from '@/api/documents'
import type { ActionKind } from './entry'

/** The mutation behind each kind of action, and the field of its answer. */
export const ACTIONS: Record<ActionKind, { document: string; field: string }> = {
  decide: { document: DECIDE, field: 'decide' },
  returnForRevision: { document: RETURN_FOR_REVISION, field: 'returnForRevision' },
  resubmit: { document: RESUBMIT, field: 'resubmit' },
  saveScoreDraft: { document: SAVE_SCORE_DRAFT, field: 'saveScoreDraft' },
  submitScoreSheet: { document: SUBMIT_SCORE_SHEET, field: 'submitScoreSheet' },
  declareProject: { document: DECLARE_PROJECT, field: 'declareProject' },
  uploadMaterial: { document: UPLOAD_MATERIAL, field: 'uploadMaterial' },
  recordPriceAssessment: { document: RECORD_PRICE_ASSESSMENT, field: 'recordPriceAssessment' },
  submitPlan: { document: SUBMIT_PLAN, field: 'submitPlan' },
  setControlPrice: { document: SET_CONTROL_PRICE, field: 'setControlPrice' },
  setApprovedBudget: { document: SET_APPROVED_BUDGET, field: 'setApprovedBudget' },
  recordContract: { document: RECORD_CONTRACT, field: 'recordContract' },
  assignSupervisor: { document: ASSIGN_SUPERVISOR, field: 'assignSupervisor' },
  recordPayment: { document: RECORD_PAYMENT, field: 'recordPayment' },
  verifyDataResource: { document: VERIFY_DATA_RESOURCE, field: 'verifyDataResource' },
  respondInvitation: { document: RESPOND_INVITATION, field: 'respondInvitation' },
  raiseAuditFinding: { document: RAISE_AUDIT_FINDING, field: 'raiseAuditFinding' },
  answerAuditFinding: { document: ANSWER_AUDIT_FINDING, field: 'answerAuditFinding' },
  closeAuditFinding: { document: CLOSE_AUDIT_FINDING, field: 'closeAuditFinding' },
  rateMutually: { document: RATE_MUTUALLY, field: 'rateMutually' },
  rateSatisfaction: { document: RATE_SATISFACTION, field: 'rateSatisfaction' },
}

export function actionResult(kind: ActionKind, data: unknown): ActionResult | null {
  const value = (data as Record<string, unknown> | null)?.[ACTIONS[kind].field] as ActionResult | undefined
  const known = ['ActionDone', 'ScoreDraftSaved', 'MaterialUploaded']
  return value && (known.includes(value.__typename) || isRefusal(value)) ? value : null
}

/** Kinds that act on a score sheet: they follow each other's versions. */
export function isSheetAction(kind: ActionKind): boolean {
  return kind === 'saveScoreDraft' || kind === 'submitScoreSheet'
}

export type Verdict = 'APPROVE' | 'REJECT'

export interface DecideInput {
  taskId: string
  verdict: Verdict
  expectedVersion: number | null
  comment: string
}

export interface ReturnInput {
  taskId: string
  comment: string
  expectedVersion: number | null
}

/** The applicant sends the revised application back (a returned to-do). */
export interface ResubmitInput {
  taskId: string
  comment: string
  expectedVersion: number | null
}

export interface SheetInput {
  seatId: string
  /** Criterion key to points, as decimal strings ("8.5"). */
  scores: Record<string, string>
  comment: string
  opinion: string | null
  expectedVersion: number | null
}

/**
 * A material to attach. `projectFrom` names the outbox entry of a declaration still waiting (its
 * project has no id yet): the outbox fills `projectId` in from its answer before sending this.
 */
export interface UploadMaterialInput {
  projectId?: string
  projectFrom?: string
  stage: string
  title: string
}

/** Kinds that create rather than act on a step: their input names no version. */
export function isVersioned(kind: ActionKind): boolean {
  return kind === 'decide' || kind === 'returnForRevision' || kind === 'resubmit' || isSheetAction(kind)
}
