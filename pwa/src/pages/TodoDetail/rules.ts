/** What a to-do lets its holder do: plain rules, apart from the screen (Actions.tsx) for the tests. */
import type { TodoAction } from '@/api/generated/todo'

export type ActionName =
  | 'approve'
  | 'reject'
  | 'return'
  | 'resubmit'
  | 'record'
  | 'transfer'
  | 'addSigner'
  | 'comment'
  | 'urge'

/** Actions that settle the to-do: sent through the outbox, one at a time. */
export const DECISIONS: ReadonlySet<ActionName> = new Set(['approve', 'reject', 'return', 'resubmit', 'record'])
/** The action a to-do is for, shown first. */
export const PRIMARY: ReadonlySet<ActionName> = new Set(['approve', 'resubmit', 'record'])

const NAMES: Record<TodoAction, ActionName> = {
  APPROVE: 'approve',
  REJECT: 'reject',
  RETURN: 'return',
  RESUBMIT: 'resubmit',
  RECORD: 'record',
  TRANSFER: 'transfer',
  ADD_SIGNER: 'addSigner',
  COMMENT: 'comment',
  URGE: 'urge',
}

/** What a to-do lets its holder do, as the server says (`Todo.actions`): the app keeps no list of its own. */
export function actionsFor(actions: readonly TodoAction[]): ActionName[] {
  return actions.map((action) => NAMES[action])
}

/** An amount of yuan as the server takes it: above 0, at most two decimals. */
export function parseAmount(text: string): string | null {
  const value = text.trim().replace(/[,，\s]/g, '')
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(value) || Number(value) <= 0) return null
  return value
}


/** Actions whose opinion is always required: a refusal or a return says why, a record says what was recorded. */
export const OPINION_REQUIRED: ReadonlySet<ActionName> = new Set(['reject', 'return', 'comment', 'record'])

/**
 * Whether the opinion must be written for this action: always for the actions above, and for an approval
 * where the step says so (`Todo.opinionRequired`: conclusions give their reasons).
 */
export function opinionRequired(action: ActionName, stepRequiresOpinion = false): boolean {
  return OPINION_REQUIRED.has(action) || (stepRequiresOpinion && action === 'approve')
}
