import { ScoreSheetDocument, type ScoreSheetQuery } from '../../api/generated/ScoreSheet'
import { SubmitScoreSheetDocument } from '../../api/generated/SubmitScoreSheet'
import { SessionEndedError } from '../../api/session'
import { NetworkError } from '../../api/transport'
import { messages, t, type MessageKey } from '../../i18n'
import { maximumTotal, runningTotal, scoresFromServer, sheetProblems, validScores } from '../../scoring/sheet'
import { DRAFT_DELAY_MS } from '../../scoring/drafts'
import { outbox, session } from '../../services'

type Sheet = NonNullable<ScoreSheetQuery['scoreSheet']>
type Criterion = Sheet['criteria'][number]

interface Row {
  key: string
  label: string
  maxPoints: string
  guidance: string
  text: string
  problem: string
}

let criteriaOf: Criterion[] = []
let draftTimer: ReturnType<typeof setTimeout> | null = null

/**
 * An expert's score sheet: the scores typed in exact tenths (the PWA's rules), a live total, drafts
 * saved continuously through the outbox (each expecting the sheet's version), and the submission
 * signed with the PIN, sent at once and never stored.
 */
Component({
  data: {
    m: messages(),
    seatId: '',
    criteria: [] as Row[],
    comment: '',
    opinion: null as string | null,
    version: null as number | null,
    totalText: '',
    pin: '',
    status: '',
    error: '',
    submitted: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const seatId = decodeURIComponent(query.seatId ?? '')
      this.setData({ m: messages(), seatId })
      return this.load(seatId)
    },
    onUnload() {
      if (draftTimer) clearTimeout(draftTimer)
    },
    async load(seatId: string) {
      try {
        const { scoreSheet } = await session.request(ScoreSheetDocument, { seatId })
        if (!scoreSheet) return
        criteriaOf = scoreSheet.criteria
        const scores = scoresFromServer(scoreSheet.scores)
        this.setData({
          version: scoreSheet.version,
          comment: scoreSheet.comment,
          opinion: scoreSheet.opinion,
          submitted: scoreSheet.status === 'SUBMITTED',
        })
        this.show(scores, false)
      } catch (error) {
        if (error instanceof SessionEndedError) wx.reLaunch({ url: '/pages/signin/signin' })
        else this.setData({ error: failure(error) })
      }
    },
    scores(): Record<string, string> {
      return Object.fromEntries(this.data.criteria.map((row) => [row.key, row.text]))
    },
    show(scores: Record<string, string>, complete: boolean) {
      const problems = sheetProblems(criteriaOf, scores, { complete })
      const criteria = criteriaOf.map((criterion) => ({
        key: criterion.key,
        label: `${criterion.name}（${criterion.maxPoints}）`,
        maxPoints: criterion.maxPoints,
        guidance: criterion.guidance,
        text: scores[criterion.key] ?? '',
        problem: problems[criterion.key] ? t(`problem_${problems[criterion.key]}` as MessageKey) : '',
      }))
      this.setData({ criteria, totalText: t('total', runningTotal(criteriaOf, scores), maximumTotal(criteriaOf)) })
      return Object.keys(problems).length === 0
    },
    onScore(event: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.show({ ...this.scores(), [event.currentTarget.dataset.key]: event.detail }, false)
      if (draftTimer) clearTimeout(draftTimer)
      draftTimer = setTimeout(() => void this.saveDraft(), DRAFT_DELAY_MS)
    },
    onPin(event: { detail: string }) {
      this.setData({ pin: event.detail })
    },
    /** Queues the valid scores as the sheet's draft, and follows the version it leaves. */
    async saveDraft() {
      draftTimer = null
      const { seatId, comment, opinion, version } = this.data
      const entry = outbox.enqueue({
        kind: 'saveScoreDraft', seatId, scores: validScores(criteriaOf, this.scores()), comment, opinion, expectedVersion: version,
      })  // prettier-ignore
      await outbox.flush().catch(() => undefined)
      const refusal = outbox.refused().find((item) => item.entry.idempotencyKey === entry.idempotencyKey)
      const sent = !outbox.pending().some((item) => item.idempotencyKey === entry.idempotencyKey)
      if (refusal) this.setData({ error: t('refused', refusal.message), status: '' })
      else if (sent) this.setData({ version: (entry.decision.expectedVersion ?? 0) + 1, status: t('draftSaved'), error: '' })
      else this.setData({ status: t('draftQueued') })
    },
    async submit() {
      if (!this.show(this.scores(), true)) {
        this.setData({ error: t('incomplete') })
        return
      }
      const { confirm } = await wx.showModal({ title: t('confirmTitle'), content: t('confirmSubmit') })
      if (!confirm) return
      if (draftTimer) {
        clearTimeout(draftTimer)
        await this.saveDraft()
      }
      await outbox.flush().catch(() => undefined)
      const { seatId, comment, opinion, version, pin } = this.data
      if (outbox.pending().some((item) => item.decision.kind === 'saveScoreDraft' && item.decision.seatId === seatId)) {
        this.setData({ error: t('networkError') })
        return
      }
      try {
        const { submitScoreSheet: result } = await session.request(SubmitScoreSheetDocument, {
          input: {
            idempotencyKey: `${seatId}:submit:${version}`,
            seatId,
            scores: validScores(criteriaOf, this.scores()),
            comment,
            opinion,
            expectedVersion: version,
            secondFactor: pin,
          },
        })
        if (result.__typename === 'ActionDone') this.setData({ submitted: true, status: t('submitted'), error: '', pin: '' })
        else this.setData({ error: t('refused', result.message), pin: '' })
      } catch (error) {
        this.setData({ error: failure(error) })
      }
    },
  },
})

function failure(error: unknown): string {
  if (error instanceof NetworkError) return t('networkError')
  return error instanceof Error ? error.message : String(error)
}
