import type { ActionError, ProcessState } from '@/api/documents'
import type { Language } from '@/i18n/messages'

/** The actions that may wait for the network: each is one mutation of the server. */
/** Records that create rather than act on a step (their input names no version). */
export type RecordKind =
  | 'recordPriceAssessment'
  | 'submitPlan'
  | 'setControlPrice'
  | 'setApprovedBudget'
  | 'recordContract'
  | 'assignSupervisor'
  | 'recordPayment'
  | 'verifyDataResource'
  | 'respondInvitation'
  | 'raiseAuditFinding'
  | 'answerAuditFinding'
  | 'closeAuditFinding'
  | 'rateMutually'
  | 'rateSatisfaction'

export type ActionKind =
  | 'decide'
  | 'returnForRevision'
  | 'resubmit'
  | 'saveScoreDraft'
  | 'submitScoreSheet'
  | 'declareProject'
  | 'uploadMaterial'
  | RecordKind

/**
 * waiting: not answered yet (never sent, or the answer was lost); held: needs the person's
 * second factor again (it is kept in memory only, never stored); conflict: the server refused
 * it with a reason (the task changed meanwhile); failed: refused for good, or kept failing.
 * Only an answered entry leaves the outbox: a done one at once, the others when the person
 * has seen them.
 */
export type EntryStatus = 'waiting' | 'held' | 'conflict' | 'failed'

/** What the action was about, to show it and to find it from a screen. */
export interface Subject {
  title: string
  todoId?: string
  taskId?: string
  seatId?: string
  projectId?: string
}

export interface OutboxEntry {
  /** Also the idempotency key: the same on every try, so the server acts at most once. */
  id: string
  userId: string
  kind: ActionKind
  /** The mutation's input, idempotencyKey and expectedVersion (the version the person saw) included. */
  input: Record<string, unknown>
  /** Input fields given in memory only (the second factor), merged in when sending. */
  secretFields: string[]
  subject: Subject
  /** When the person acted (epoch ms), and the order among actions of the same millisecond. */
  createdAt: number
  seq: number
  language: Language
  status: EntryStatus
  attempts: number
  lastTriedAt: number | null
  /** The reason of a conflict, or of a failure (code and message). */
  refusal: Refusal | null
  /** The file of an upload, kept in IndexedDB as a Blob (structured clone) until it is answered. */
  attachment?: Attachment
}

export interface Attachment {
  file: Blob
  /** The file's name as picked, sent as the multipart file name. */
  name: string
  /** The resumable upload started for it on the server, and the file's SHA-256 (kept to resume). */
  uploadId?: string
  sha256?: string
}

export interface Refusal {
  code: string
  message: string
  /** The state now, when the server told it (VERSION_CONFLICT, TASK_CLOSED). */
  current: ProcessState | null
}

export function refusalOf(error: ActionError): Refusal {
  return { code: error.code, message: error.message, current: error.current }
}

/** Oldest action first. */
export function byOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt - b.createdAt || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export function isOutboxEntry(value: unknown): value is OutboxEntry {
  const entry = value as Partial<OutboxEntry> | null
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.id === 'string' &&
    typeof entry.userId === 'string' &&
    typeof entry.kind === 'string' &&
    typeof entry.input === 'object' &&
    typeof entry.createdAt === 'number'
  )
}
