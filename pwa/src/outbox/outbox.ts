import { isRefusal, type ActionDone, type MaterialUploaded, type ScoreDraftSaved } from '@/api/documents'
import { GraphQLRequestError, NetworkError } from '@/api/transport'
import { CHUNK_BYTES, UploadGoneError, UploadOffsetError, sha256Hex, type ResumableUploads } from '@/api/resumable'
import type { UploadRequest } from '@/api/upload'
import type { Lock } from '@/auth/session'
import { SessionEndedError } from '@/auth/session'
import type { Language } from '@/i18n/messages'
import { ACTIONS, actionResult, isSheetAction, isVersioned } from './actions'
import { byOrder, refusalOf, type ActionKind, type Attachment, type OutboxEntry, type Refusal, type Subject } from './entry'
import { LockBusyError, OUTBOX_LOCK, randomId } from './lock'
import type { OutboxStore } from './store'

/** What the outbox needs of the session: a refresh, and operations as the signed-in user. */
export interface OutboxSession {
  refresh(): Promise<unknown>
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>
  /** An operation with one file, as a multipart request (used where no resumable uploads are offered). */
  upload<T>(request: Omit<UploadRequest, 'headers'>): Promise<T>
  /** Files sent in byte ranges and resumed from the server's offset, then attached by `uploadId`. */
  uploads?: Pick<ResumableUploads, 'create' | 'offset' | 'append'>
}

/** Refusals of an attachment that a fresh upload of the same file can mend (once). */
const SEND_AGAIN = new Set(['CHECKSUM_MISMATCH', 'UPLOAD_EXPIRED', 'UPLOAD_INCOMPLETE'])

export interface NewAction {
  userId: string
  kind: ActionKind
  /** The mutation's input without idempotencyKey; expectedVersion is the version the person saw. */
  input: Record<string, unknown> & { expectedVersion?: number | null }
  subject: Subject
  language: Language
  /** Input fields never written to storage (the second factor). */
  secrets?: Record<string, string>
  /** The file of an upload (kind uploadMaterial). */
  attachment?: Attachment
}

export type Settled =
  | { entry: OutboxEntry; outcome: 'done'; result: ActionDone | ScoreDraftSaved | MaterialUploaded }
  | { entry: OutboxEntry; outcome: 'conflict' | 'failed'; refusal: Refusal }

export interface FlushReport {
  settled: Settled[]
  /** Why sending stopped before the outbox was empty, if it did. */
  stoppedBy: 'network' | 'session' | 'server' | 'busy' | null
}

export interface OutboxOptions {
  store: OutboxStore
  session: OutboxSession
  lock: Lock
  now?: () => number
  newId?: () => string
  /** A server error that is not a refusal is retried this many times in all, then the entry fails. */
  maxAttempts?: number
}

/** An action taken this recently is sent with the token in hand (the session renews it if due). */
const JUST_NOW_MS = 30_000

/** Answers that say the action was not and will not be carried out. */
const REFUSED = new Set([
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'UNTRUSTED_DOCUMENT',
  'FILE_TOO_LARGE',
  'UPLOAD_LENGTH_EXCEEDED',
])

/**
 * Actions that must not be lost on a weak network (approve, reject, return, score): each is
 * stored first, with its idempotency key, the version the person saw and the time, then sent
 * in the order taken, by one tab at a time; a replay goes out after a refresh of the session. An entry leaves
 * only after a definite answer; an unanswered one is sent again under the same key, so the
 * server acts on it once.
 */
export class Outbox {
  private readonly store: OutboxStore
  private readonly session: OutboxSession
  private readonly lock: Lock
  private readonly now: () => number
  private readonly newId: () => string
  private readonly maxAttempts: number
  private readonly secrets = new Map<string, Record<string, string>>()
  private readonly listeners = new Set<(settled: Settled[]) => void>()
  private readonly progressListeners = new Set<(id: string, percent: number | null) => void>()
  private readonly lastPercent = new Map<string, number>()
  /** Projects created by declarations answered in this tab, by entry id (for uploads queued after). */
  private readonly declared = new Map<string, string>()
  private running: Promise<FlushReport> | null = null
  private again = false
  private seq = 0

  constructor(options: OutboxOptions) {
    this.store = options.store
    this.session = options.session
    this.lock = options.lock
    this.now = options.now ?? Date.now
    this.newId = options.newId ?? randomId
    this.maxAttempts = options.maxAttempts ?? 5
  }

  /** Called after every change of the outbox, with the entries that were answered in it. */
  onChange(listener: (settled: Settled[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Told how much of an upload was sent (percent), and null when it is no longer sending. */
  onProgress(listener: (id: string, percent: number | null) => void): () => void {
    this.progressListeners.add(listener)
    return () => this.progressListeners.delete(listener)
  }

  /** The person's entries, oldest first. */
  async list(userId: string): Promise<OutboxEntry[]> {
    return (await this.store.all()).filter((entry) => entry.userId === userId).sort(byOrder)
  }

  /**
   * Keeps an action to send. A score-sheet draft replaces the draft of the same sheet that was
   * not tried yet; an action on a sheet with earlier ones still waiting expects the version
   * those will leave.
   */
  async enqueue(action: NewAction): Promise<OutboxEntry> {
    const mine = await this.list(action.userId)
    const open = mine.filter((entry) => entry.status === 'waiting' || entry.status === 'held')
    const sameSheet = isSheetAction(action.kind)
      ? open.filter((entry) => isSheetAction(entry.kind) && entry.subject.seatId === action.subject.seatId)
      : []
    const last = sameSheet[sameSheet.length - 1]
    if (action.kind === 'saveScoreDraft' && last?.kind === 'saveScoreDraft' && last.attempts === 0) {
      const replaced = await this.store.update(last.id, (entry) =>
        entry.attempts === 0 && entry.status === 'waiting'
          ? { ...entry, input: { ...action.input, idempotencyKey: entry.id, expectedVersion: entry.input.expectedVersion } }
          : null,
      )
      if (replaced) {
        this.changed([])
        return replaced
      }
    }
    const expectedVersion =
      last && typeof last.input.expectedVersion === 'number' ? last.input.expectedVersion + 1 : action.input.expectedVersion
    const id = this.newId()
    const entry: OutboxEntry = {
      id,
      userId: action.userId,
      kind: action.kind,
      input: { ...action.input, ...(isVersioned(action.kind) && { expectedVersion: expectedVersion ?? null }), idempotencyKey: id },
      secretFields: Object.keys(action.secrets ?? {}),
      subject: action.subject,
      createdAt: this.now(),
      seq: this.seq++,
      language: action.language,
      status: 'waiting',
      attempts: 0,
      lastTriedAt: null,
      refusal: null,
      ...(action.attachment && { attachment: action.attachment }),
    }
    if (action.secrets) this.secrets.set(id, action.secrets)
    await this.store.put(entry)
    this.changed([])
    return entry
  }

  /**
   * Sends the person's waiting entries, oldest first, until the outbox is empty or the network
   * or the session fails. Calls made while a flush runs are served by a second round of it.
   */
  flush(userId: string): Promise<FlushReport> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      const settled: Settled[] = []
      let report: FlushReport
      do {
        this.again = false
        report = await this.lockedDrain(userId)
        settled.push(...report.settled)
      } while (this.again && report.stoppedBy === null)
      return { settled, stoppedBy: report.stoppedBy }
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Forgets an entry the person has seen refused. Waiting entries are not dismissed here. */
  async dismiss(id: string): Promise<void> {
    const entry = await this.store.get(id)
    if (!entry || entry.status === 'waiting') return
    await this.store.delete(id)
    this.secrets.delete(id)
    this.changed([])
  }

  /** Forgets every entry of the person, waiting ones included (signing out, after being told). */
  async discard(userId: string): Promise<void> {
    for (const entry of await this.list(userId)) {
      await this.store.delete(entry.id)
      this.secrets.delete(entry.id)
    }
    this.changed([])
  }

  /** Sends a failed entry again (same key), on the person's request. */
  async retry(id: string): Promise<void> {
    await this.store.update(id, (entry) =>
      entry.status === 'failed' ? { ...entry, status: 'waiting', attempts: 0, refusal: null } : null,
    )
    this.changed([])
  }

  /** The second factor again, for an entry held for it. */
  async provide(id: string, secrets: Record<string, string>): Promise<void> {
    this.secrets.set(id, secrets)
    await this.store.update(id, (entry) => (entry.status === 'held' ? { ...entry, status: 'waiting' } : null))
    this.changed([])
  }

  private async lockedDrain(userId: string): Promise<FlushReport> {
    try {
      return await this.lock(OUTBOX_LOCK, () => this.drain(userId))
    } catch (error) {
      if (error instanceof LockBusyError) return { settled: [], stoppedBy: 'busy' }
      throw error
    }
  }

  private async drain(userId: string): Promise<FlushReport> {
    const settled: Settled[] = []
    const stop = (stoppedBy: FlushReport['stoppedBy']) => {
      if (settled.length) this.changed(settled)
      return { settled, stoppedBy }
    }
    let refreshed = false
    for (;;) {
      const found = await this.nextToSend(userId)
      if (!found) return stop(null)
      const next = await this.withProject(found)
      if (next === 'waiting') return stop(null)
      if (!next) {
        const refusal = { code: 'DECLARATION_MISSING', message: 'The declaration of this material is gone.', current: null }
        settled.push(...(await this.refuse(found, 'failed', refusal)))
        continue
      }
      if (!refreshed && (next.attempts > 0 || this.now() - next.createdAt > JUST_NOW_MS)) {
        // A replay never uses the token from before the network went away: renew it first.
        try {
          await this.session.refresh()
        } catch (error) {
          return stop(troubleOf(error))
        }
        refreshed = true
      }
      // Count the try before sending; an entry changed meanwhile is sent as stored now.
      const entry = await this.store.update(next.id, (stored) =>
        stored.status === 'waiting' ? { ...stored, attempts: stored.attempts + 1, lastTriedAt: this.now() } : null,
      )
      if (!entry) continue
      let data: unknown
      try {
        data = await this.send(entry)
      } catch (error) {
        if (error instanceof GraphQLRequestError && error.code && REFUSED.has(error.code)) {
          settled.push(...(await this.refuse(entry, 'failed', { code: error.code, message: error.message, current: null })))
          continue
        }
        const trouble = troubleOf(error)
        if (trouble === 'server' && entry.attempts >= this.maxAttempts) {
          const message = error instanceof Error ? error.message : String(error)
          settled.push(...(await this.refuse(entry, 'failed', { code: 'SERVER_ERROR', message, current: null })))
          continue
        }
        return stop(trouble)
      }
      const result = actionResult(entry.kind, data)
      if (result && !isRefusal(result)) {
        await this.store.delete(entry.id)
        this.secrets.delete(entry.id)
        if (entry.kind === 'declareProject' && 'state' in result && result.state.projectId) {
          await this.declaredAs(entry, result.state.projectId)
        }
        settled.push({ entry, outcome: 'done', result })
      } else if (isRefusal(result)) {
        settled.push(...(await this.refuse(entry, 'conflict', refusalOf(result))))
      } else if (entry.attempts >= this.maxAttempts) {
        settled.push(...(await this.refuse(entry, 'failed', { code: 'SERVER_ERROR', message: 'No answer', current: null })))
      } else {
        return stop('server')
      }
    }
  }

  /** The oldest entry ready to send; entries that need a second factor this tab lacks are held. */
  private async nextToSend(userId: string): Promise<OutboxEntry | null> {
    for (const entry of await this.list(userId)) {
      const ready = entry.secretFields.every((field) => this.secrets.get(entry.id)?.[field] !== undefined)
      if (entry.status === 'held' && ready) {
        await this.store.update(entry.id, (stored) => (stored.status === 'held' ? { ...stored, status: 'waiting' } : null))
        return { ...entry, status: 'waiting' }
      }
      if (entry.status !== 'waiting') continue
      if (ready) return entry
      await this.store.update(entry.id, (stored) => (stored.status === 'waiting' ? { ...stored, status: 'held' } : null))
      this.changed([])
    }
    return null
  }

  /** Sends one entry: an upload as a multipart request (reporting its progress), the rest as JSON. */
  private async send(entry: OutboxEntry): Promise<unknown> {
    const { document } = ACTIONS[entry.kind]
    const input = { ...entry.input, ...this.secrets.get(entry.id) }
    if (!entry.attachment) return this.session.request(document, { input })
    this.progressed(entry.id, 0)
    try {
      if (this.session.uploads) return await this.sendInRanges(entry, document, input, this.session.uploads)
      // Whole file: a retry sends it all again under the same idempotency key, and the server keeps it once.
      return await this.session.upload({
        query: document,
        variables: { input: { ...input, file: null } },
        file: entry.attachment.file,
        fileName: entry.attachment.name,
        filePath: 'variables.input.file',
        onProgress: (percent) => this.progressed(entry.id, percent),
      })
    } finally {
      this.progressed(entry.id, null)
    }
  }

  /**
   * Sends an entry's file in byte ranges: the upload it started before (kept on the entry) is continued
   * from the offset the server holds, a gone one is started again; then it is attached under the entry's
   * key, so the material is recorded once however often the network failed.
   */
  private async sendInRanges(
    entry: OutboxEntry,
    document: string,
    input: Record<string, unknown>,
    uploads: NonNullable<OutboxSession['uploads']>,
  ): Promise<unknown> {
    for (let fresh = false; ; fresh = true) {
      const uploadId = await this.sendRanges(entry, uploads, fresh)
      const data = await this.session.request(document, { input: { ...input, uploadId } })
      const result = actionResult(entry.kind, data)
      if (fresh || !(result && isRefusal(result) && SEND_AGAIN.has(result.code))) return data
    }
  }

  /** The upload's id once the server holds every byte of the file. */
  private async sendRanges(entry: OutboxEntry, uploads: NonNullable<OutboxSession['uploads']>, fresh: boolean): Promise<string> {
    const attachment = entry.attachment as Attachment
    const file = attachment.file
    let uploadId = fresh ? undefined : attachment.uploadId
    let offset = 0
    if (uploadId) {
      try {
        offset = await uploads.offset(uploadId)
      } catch (error) {
        if (!(error instanceof UploadGoneError)) throw error
        uploadId = undefined
      }
    }
    if (!uploadId) {
      const sha256 = attachment.sha256 ?? (await sha256Hex(file))
      const created = await uploads.create({ size: file.size, sha256, name: attachment.name, contentType: file.type })
      uploadId = created.id
      offset = created.offset
      const kept = { uploadId, sha256 }
      await this.store.update(entry.id, (stored) => (stored.attachment ? { ...stored, attachment: { ...stored.attachment, ...kept } } : null))
    }
    const percent = (sent: number) => (file.size ? Math.min(100, Math.round((sent / file.size) * 100)) : 100)
    for (let mismatches = 0; offset < file.size; ) {
      this.progressed(entry.id, percent(offset))
      const from = offset
      try {
        offset = await uploads.append(uploadId, from, file.slice(from, from + CHUNK_BYTES), (loaded) =>
          this.progressed(entry.id, percent(from + loaded)),
        )
      } catch (error) {
        // The server holds another offset (an answer was lost): continue from there.
        if (!(error instanceof UploadOffsetError) || ++mismatches > 3) throw error
        offset = error.offset
      }
    }
    this.progressed(entry.id, 100)
    return uploadId
  }

  /**
   * An upload that names its declaration's entry (`projectFrom`) gets that project's id: from
   * the declaration answered meanwhile. 'waiting' while the declaration is still to be sent;
   * null when it is gone unanswered.
   */
  private async withProject(entry: OutboxEntry): Promise<OutboxEntry | 'waiting' | null> {
    const from = entry.input.projectFrom
    if (typeof from !== 'string') return entry
    const declaration = await this.store.get(from)
    if (declaration && (declaration.status === 'waiting' || declaration.status === 'held')) return 'waiting'
    const projectId = this.declared.get(from)
    if (!projectId) return null
    const { projectFrom: _named, ...input } = entry.input
    void _named
    return this.store.update(entry.id, (stored) => ({ ...stored, input: { ...input, projectId } }))
  }

  /** The declaration `entry` created `projectId`: the uploads that named it now name the project. */
  private async declaredAs(entry: OutboxEntry, projectId: string): Promise<void> {
    this.declared.set(entry.id, projectId)
    for (const waiting of await this.dependentsOf(entry)) {
      await this.store.update(waiting.id, (stored) => {
        const { projectFrom: _named, ...input } = stored.input
        void _named
        return { ...stored, input: { ...input, projectId } }
      })
    }
  }

  private async dependentsOf(entry: OutboxEntry): Promise<OutboxEntry[]> {
    if (entry.kind !== 'declareProject') return []
    return (await this.list(entry.userId)).filter(
      (other) => other.input.projectFrom === entry.id && (other.status === 'waiting' || other.status === 'held'),
    )
  }

  /** Keeps the entry as refused; the uploads waiting for a refused declaration fail with it. */
  private async refuse(entry: OutboxEntry, outcome: 'conflict' | 'failed', refusal: Refusal): Promise<Settled[]> {
    const stored = { ...entry, status: outcome, refusal }
    await this.store.put(stored)
    this.secrets.delete(entry.id)
    const settled: Settled[] = [{ entry: stored, outcome, refusal }]
    for (const dependent of await this.dependentsOf(entry)) {
      const failed = { ...dependent, status: 'failed' as const, refusal }
      await this.store.put(failed)
      settled.push({ entry: failed, outcome: 'failed', refusal })
    }
    return settled
  }

  private progressed(id: string, percent: number | null): void {
    if (this.lastPercent.get(id) === percent) return
    if (percent === null) this.lastPercent.delete(id)
    else this.lastPercent.set(id, percent)
    for (const listener of this.progressListeners) listener(id, percent)
  }

  private changed(settled: Settled[]): void {
    for (const listener of this.listeners) listener(settled)
  }
}

function troubleOf(error: unknown): 'network' | 'session' | 'server' {
  if (error instanceof NetworkError) return 'network'
  if (error instanceof SessionEndedError) return 'session'
  if (error instanceof GraphQLRequestError && error.code === 'UNAUTHENTICATED') return 'session'
  return 'server'
}
