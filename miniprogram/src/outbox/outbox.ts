import { SessionEndedError, type Session } from '../api/session'
import { DecideDocument } from '../api/generated/Decide'
import { ReturnForRevisionDocument } from '../api/generated/ReturnForRevision'
import { RespondInvitationDocument } from '../api/generated/RespondInvitation'
import { SaveScoreDraftDocument } from '../api/generated/SaveScoreDraft'
import { KEYS, read, write } from '../api/storage'
import { GraphQLRequestError, NetworkError } from '../api/transport'

/**
 * Decisions that may wait for the network, under the PWA outbox's rules: each is stored first with
 * its idempotency key and the step version the person saw, then sent in order; it leaves the queue
 * only on the server's answer (done, or refused with the state as it is now), so it is sent once;
 * a send whose answer was lost is repeated with the same key, which the server answers without
 * acting twice. A refusal (e.g. STALE_VERSION: someone acted first) is kept to be shown.
 */
export type Verdict = 'APPROVE' | 'REJECT'

export type Decision =
  | { kind: 'decide'; taskId: string; verdict: Verdict; comment: string; expectedVersion: number | null }
  | { kind: 'returnForRevision'; taskId: string; comment: string; expectedVersion: number | null }
  | { kind: 'respondInvitation'; seatId: string; accept: boolean; noConflict: boolean; reason: string; expectedVersion: number | null }
  | {
      kind: 'saveScoreDraft'
      seatId: string
      /** Criterion key to points ("8.5"), valid scores only. */
      scores: Record<string, string>
      comment: string
      opinion: string | null
      expectedVersion: number | null
    }

export interface Entry {
  idempotencyKey: string
  decision: Decision
  queuedAt: number
}

/** What the outbox reads of an answer: a refusal (any area's error type) carries its code and message. */
type ActionResult = { __typename: string; code?: string; message?: string }

export interface Refusal {
  entry: Entry
  code: string
  message: string
}

export class Outbox {
  private flushing: Promise<void> | null = null

  constructor(
    private readonly session: Session,
    private readonly newKey: () => string = randomKey,
    private readonly now: () => number = Date.now,
  ) {}

  pending(): Entry[] {
    return read<Entry[]>(KEYS.outbox) ?? []
  }

  refused(): Refusal[] {
    return read<Refusal[]>(KEYS.outboxRefused) ?? []
  }

  /**
   * Stores the decision, then tries to send the queue. A score-sheet draft replaces the draft of the
   * same sheet that is still waiting (continuous drafts: only the latest matters, under its key); with
   * an earlier one already under way, it expects the version that one will leave.
   */
  enqueue(decision: Decision): Entry {
    const queue = this.pending()
    const draft = decision.kind === 'saveScoreDraft' ? decision : null
    let waiting = -1
    queue.forEach((entry, index) => {
      if (draft && entry.decision.kind === 'saveScoreDraft' && entry.decision.seatId === draft.seatId) waiting = index
    })
    let entry: Entry
    if (draft && waiting >= 0 && !(this.flushing && waiting === 0)) {
      const previous = queue[waiting]
      entry = { ...previous, decision: { ...draft, expectedVersion: previous.decision.expectedVersion } }
      queue[waiting] = entry
    } else {
      const earlier = draft && waiting >= 0 ? queue[waiting].decision.expectedVersion : null
      const expectedVersion = earlier === null ? decision.expectedVersion : earlier + 1
      entry = { idempotencyKey: this.newKey(), decision: { ...decision, expectedVersion }, queuedAt: this.now() }
      queue.push(entry)
    }
    write(KEYS.outbox, queue)
    void this.flush().catch(() => undefined)
    return entry
  }

  /** Sends what is queued, in order, one flush at a time; stops at the first network failure. */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null
    })
    return this.flushing
  }

  /** Sends the queue whenever WeChat says the network is back. */
  watchNetwork(): void {
    wx.onNetworkStatusChange(({ isConnected }) => {
      if (isConnected) void this.flush().catch(() => undefined)
    })
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const [entry] = this.pending()
      if (!entry) return
      let refusal: Refusal | null = null
      try {
        const result = await this.send(entry)
        // Every area's refusal (WorkflowError, ReviewError, ...) carries a code; no success does.
        if (result.code !== undefined) refusal = { entry, code: result.code, message: result.message ?? result.code }
      } catch (error) {
        // No answer, or signed out: keep it for later. Refused as a request (e.g. FORBIDDEN): drop it, say why.
        if (error instanceof NetworkError || error instanceof SessionEndedError) return
        if (!(error instanceof GraphQLRequestError)) throw error
        refusal = { entry, code: error.code ?? 'ERROR', message: error.message }
      }
      write(
        KEYS.outbox,
        this.pending().filter((queued) => queued.idempotencyKey !== entry.idempotencyKey),
      )
      if (refusal) write(KEYS.outboxRefused, [...this.refused(), refusal])
    }
  }

  private async send({ idempotencyKey, decision }: Entry): Promise<ActionResult> {
    if (decision.kind === 'decide') {
      const { taskId, verdict, comment, expectedVersion } = decision
      const data = await this.session.request(DecideDocument, {
        input: { idempotencyKey, taskId, verdict, comment, expectedVersion },
      })
      return data.decide
    }
    if (decision.kind === 'respondInvitation') {
      const { seatId, accept, noConflict, reason } = decision
      const data = await this.session.request(RespondInvitationDocument, {
        input: { idempotencyKey, seatId, accept, noConflict, reason },
      })
      return data.respondInvitation as ActionResult
    }
    if (decision.kind === 'saveScoreDraft') {
      const { seatId, scores, comment, opinion, expectedVersion } = decision
      const data = await this.session.request(SaveScoreDraftDocument, {
        input: { idempotencyKey, seatId, scores, comment, opinion, expectedVersion },
      })
      return data.saveScoreDraft as ActionResult
    }
    const { taskId, comment, expectedVersion } = decision
    const data = await this.session.request(ReturnForRevisionDocument, {
      input: { idempotencyKey, taskId, comment, expectedVersion },
    })
    return data.returnForRevision
  }
}

function randomKey(): string {
  const bytes = new Uint8Array(16)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
