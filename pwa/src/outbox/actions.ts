import {
  DECIDE,
  DECLARE_PROJECT,
  RESUBMIT,
  RETURN_FOR_REVISION,
  SAVE_SCORE_DRAFT,
  SUBMIT_SCORE_SHEET,
  isRefusal,
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
}

export function actionResult(kind: ActionKind, data: unknown): ActionResult | null {
  const value = (data as Record<string, unknown> | null)?.[ACTIONS[kind].field] as ActionResult | undefined
  const known = ['ActionDone', 'ScoreDraftSaved']
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

/** Kinds that create rather than act on a step: their input names no version. */
export function isVersioned(kind: ActionKind): boolean {
  return kind !== 'declareProject'
}
