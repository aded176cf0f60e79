import { Button, Input, Selector, TextArea, Toast } from 'antd-mobile'
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { useQuery } from 'urql'
import { ScoreSheetDocument, type ScoreSheetQuery } from '@/api/generated/sheet'
import { NetworkError } from '@/api/transport'
import { useAuth } from '@/auth/AuthProvider'
import { MaterialList } from '@/components/MaterialList/MaterialList'
import { PageBar } from '@/components/PageBar/PageBar'
import { ActionSheet } from '@/components/ActionSheet/ActionSheet'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { Empty, Failure, Loading } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import type { OutboxEntry } from '@/outbox/entry'
import { useOutbox, useOutboxSettled } from '@/outbox/OutboxProvider'
import {
  maximumTotal,
  runningTotal,
  sameScores,
  scoreProblem,
  scoresFromServer,
  sheetProblems,
  validScores,
} from '@/scoring/sheet'
import styles from './ScoreSheet.module.css'

type Sheet = NonNullable<ScoreSheetQuery['scoreSheet']>
type Opinion = 'PASS' | 'REVISE' | 'FAIL'
const OPINIONS: readonly Opinion[] = ['PASS', 'REVISE', 'FAIL']

/** What the expert has typed: the scores as texts, the comment, the opinion. */
interface Values {
  scores: Record<string, string>
  comment: string
  opinion: Opinion | null
}

const AUTOSAVE_MS = 1500
const SECOND_FACTOR_CODES = new Set(['SECOND_FACTOR_INVALID', 'SECOND_FACTOR_NOT_SET'])

function isOpinion(value: unknown): value is Opinion {
  return typeof value === 'string' && (OPINIONS as readonly string[]).includes(value)
}

function valuesOf(sheet: Sheet): Values {
  return { scores: scoresFromServer(sheet.scores), comment: sheet.comment, opinion: isOpinion(sheet.opinion) ? sheet.opinion : null }
}

function valuesOfEntry(entry: OutboxEntry): Values {
  const input = entry.input as { scores?: unknown; comment?: unknown; opinion?: unknown }
  return {
    scores: scoresFromServer(input.scores),
    comment: typeof input.comment === 'string' ? input.comment : '',
    opinion: isOpinion(input.opinion) ? input.opinion : null,
  }
}

function sameValues(a: Values, b: Values): boolean {
  return sameScores(a.scores, b.scores) && a.comment === b.comment && a.opinion === b.opinion
}

/** The expert's score sheet: rubric, running total, a draft saved as they type, and a confirmed submission. */
export default function ScoreSheet() {
  const { t } = useI18n()
  const { seatId = '' } = useParams()
  const navigate = useNavigate()
  // Where it was opened from (a to-do row), to show its title and mark the row while a draft waits.
  const from = useLocation().state as { title?: string; todoId?: string } | null
  const title = from?.title ?? null
  const todoId = from?.todoId
  const [result, reexecute] = useQuery({ query: ScoreSheetDocument, variables: { seatId } })
  // Drawn from a deferred copy: React renders the sheet in slices, not in one long task.
  const { data, error, fetching } = useDeferredValue(result)
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])
  const sheet = data?.scoreSheet ?? null

  const header = <PageBar onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>{t('sheet.title')}</PageBar>
  if (!data) {
    if (fetching) return <Loading />
    return (
      <main className={styles.page}>
        {header}
        <Failure error={error?.networkError ?? error ?? new NetworkError('Not saved for offline use')} onRetry={refresh} />
      </main>
    )
  }
  if (!sheet) {
    return (
      <main className={styles.page}>
        {header}
        <Empty title={t('sheet.none')} testId="sheet-none" />
      </main>
    )
  }
  return (
    <main className={styles.page} data-testid="score-sheet">
      {header}
      <SheetForm key={sheet.seatId} sheet={sheet} title={title} todoId={todoId} refresh={refresh} />
    </main>
  )
}

interface FormProps {
  sheet: Sheet
  title: string | null
  todoId: string | undefined
  refresh: () => void
}

function SheetForm({ sheet, title, todoId, refresh }: FormProps) {
  const { t, language } = useI18n()
  const { state } = useAuth()
  const { entries, submit, dismiss, provide } = useOutbox()
  const seatId = sheet.seatId
  const mine = useMemo(() => entries.filter((entry) => entry.subject.seatId === seatId), [entries, seatId])
  const unsent = mine.filter((entry) => entry.status === 'waiting' || entry.status === 'held')
  const lastUnsentDraft = [...unsent].reverse().find((entry) => entry.kind === 'saveScoreDraft')
  const conflict = mine.find((entry) => entry.status === 'conflict' || entry.status === 'failed')
  const heldSubmit = mine.find((entry) => entry.kind === 'submitScoreSheet' && entry.status === 'held')
  const waitingSubmit = mine.find((entry) => entry.kind === 'submitScoreSheet' && entry.status === 'waiting')

  // The version of the sheet as far as this device knows: the server's, or one past a draft it accepted.
  const [known, setKnown] = useState(sheet.version)
  if (sheet.version > known) setKnown(sheet.version)
  const knownRef = useRef(known)
  useLayoutEffect(() => {
    knownRef.current = known
  }, [known])
  const [edits, setEdits] = useState<Values | null>(null)
  const [savedAt, setSavedAt] = useState<number | null>(null)
  const server = valuesOf(sheet)
  // What is shown: the person's edits, else the draft still waiting to be sent, else the server's sheet.
  const values = edits ?? (lastUnsentDraft ? valuesOfEntry(lastUnsentDraft) : server)
  const final = sheet.status === 'SUBMITTED' || sheet.panelStatus !== 'SCORING'
  useOpenForm(edits !== null && !sameValues(edits, server))

  useOutboxSettled((events) => {
    for (const event of events) {
      if (event.subject.seatId !== seatId) continue
      if (event.outcome === 'done') {
        if (event.expectedVersion !== null) setKnown((version) => Math.max(version, (event.expectedVersion as number) + 1))
        setSavedAt(Date.now())
        if (event.kind === 'submitScoreSheet') refresh()
      } else {
        refresh()
      }
    }
  })

  const criteria = sheet.criteria
  const subject = { title: title ?? t('sheet.title'), seatId, todoId }
  const subjectRef = useRef(subject)
  useLayoutEffect(() => {
    subjectRef.current = subject
  })
  const lastQueued = useRef<Values | null>(null)

  // Keep a draft as the expert types: after a pause, only what changed, through the outbox.
  useEffect(() => {
    if (!edits || final || conflict) return
    if (lastQueued.current && sameValues(lastQueued.current, edits)) return
    const timer = setTimeout(() => {
      lastQueued.current = edits
      void submit({
        kind: 'saveScoreDraft',
        input: {
          seatId,
          scores: validScores(criteria, edits.scores),
          comment: edits.comment,
          opinion: edits.opinion,
          expectedVersion: knownRef.current,
        },
        subject: subjectRef.current,
      })
    }, AUTOSAVE_MS)
    return () => clearTimeout(timer)
  }, [edits, final, conflict, submit, seatId, criteria])

  const change = (next: Partial<Values>) => setEdits({ ...values, ...next })

  // Submission, confirmed with the second factor.
  const [confirming, setConfirming] = useState(false)
  const [secondFactor, setSecondFactor] = useState('')
  const [factorError, setFactorError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [problemsShown, setProblemsShown] = useState(false)
  const problems = sheetProblems(criteria, values.scores, { complete: problemsShown })
  const complete = Object.keys(sheetProblems(criteria, values.scores, { complete: true })).length === 0

  const startSubmit = () => {
    setProblemsShown(true)
    if (!complete || !values.opinion) {
      Toast.show({ content: t(!complete ? 'sheet.incomplete' : 'sheet.opinionRequired') })
      return
    }
    setSecondFactor('')
    setFactorError(null)
    setConfirming(true)
  }

  const confirmSubmit = async () => {
    if (!values.opinion) return
    setBusy(true)
    try {
      lastQueued.current = values
      const result = await submit({
        kind: 'submitScoreSheet',
        input: {
          seatId,
          scores: validScores(criteria, values.scores),
          comment: values.comment,
          opinion: values.opinion,
          expectedVersion: known,
        },
        subject,
        secrets: { secondFactor: secondFactor.trim() },
      })
      if (result.outcome === 'done') {
        setConfirming(false)
        setEdits(null)
        Toast.show({ icon: 'success', content: t('sheet.submitted') })
        refresh()
      } else if (result.outcome === 'waiting') {
        setConfirming(false)
        Toast.show({ content: t('sheet.submitQueued') })
      } else if (SECOND_FACTOR_CODES.has(result.refusal.code)) {
        // A wrong PIN is not a conflict: say so here and let them try again (a new key).
        await dismiss(result.entry.id)
        setFactorError(result.refusal.message || t(`sheet.${result.refusal.code}` as MessageKey))
      } else {
        setConfirming(false)
      }
    } finally {
      setBusy(false)
    }
  }

  const status = final
    ? t(sheet.status === 'SUBMITTED' ? 'sheet.final' : 'sheet.closed')
    : unsent.length > 0
      ? t(state.status === 'offline' ? 'sheet.unsentOffline' : 'sheet.saving')
      : savedAt
        ? t('sheet.saved', { time: formatDateTime(language, savedAt) })
        : t('sheet.version', { version: known })

  return (
    <>
      <section className={styles.heading}>
        {title && <h1>{title}</h1>}
        <div className={styles.status} data-testid="sheet-status">
          {status}
        </div>
      </section>

      {conflict?.refusal && (
        <ConflictPanel refusal={conflict.refusal} title={t('sheet.conflictTitle')}>
          <table className={styles.compare} data-testid="conflict-compare">
            <thead>
              <tr>
                <th />
                <th>{t('sheet.theirs')}</th>
                <th>{t('sheet.mine')}</th>
              </tr>
            </thead>
            <tbody>
              {criteria.map((criterion) => (
                <tr key={criterion.key}>
                  <th>{language === 'en' ? criterion.nameEn : criterion.name}</th>
                  <td>{server.scores[criterion.key] ?? '—'}</td>
                  <td>{valuesOfEntry(conflict).scores[criterion.key] ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button
            size="small"
            color="primary"
            onClick={() => {
              setEdits(null)
              lastQueued.current = null
              setKnown(sheet.version)
              for (const entry of mine) if (entry.status !== 'waiting') void dismiss(entry.id)
              refresh()
            }}
            data-testid="conflict-take-theirs"
          >
            {t('sheet.takeTheirs')}
          </Button>
          <Button
            size="small"
            onClick={() => {
              setEdits(edits ?? valuesOfEntry(conflict))
              lastQueued.current = null
              setKnown(sheet.version)
              for (const entry of mine) if (entry.status !== 'waiting') void dismiss(entry.id)
            }}
            data-testid="conflict-keep-mine"
          >
            {t('sheet.keepMine')}
          </Button>
        </ConflictPanel>
      )}

      {heldSubmit && <HeldSubmit onProvide={(factor) => void provide(heldSubmit.id, { secondFactor: factor })} />}
      {waitingSubmit && (
        <p className={styles.notice} data-testid="submit-waiting">
          {t('sheet.submitQueued')}
        </p>
      )}

      {sheet.project && (
        <Section
          title={t('sheet.materials', { count: sheet.project.materials.length })}
          extra={
            <Link to={`/projects/${encodeURIComponent(sheet.project.id)}`} data-testid="sheet-project">
              {t('project.progress')}
            </Link>
          }
          testId="sheet-materials"
        >
          {sheet.project.materials.length === 0 ? (
            <p className={styles.notice}>{t('materials.none')}</p>
          ) : (
            <MaterialList materials={sheet.project.materials} />
          )}
        </Section>
      )}

      <Section title={t('sheet.criteria')}>
        <ol className={styles.criteria}>
          {criteria.map((criterion) => {
            const problem = problems[criterion.key] ?? scoreProblem(criterion, values.scores[criterion.key])
            return (
              <li key={criterion.key} className={styles.criterion}>
                <div className={styles.criterionHead}>
                  <label htmlFor={`criterion-${criterion.key}`}>{language === 'en' ? criterion.nameEn : criterion.name}</label>
                  <span className={styles.max}>{t('sheet.max', { points: criterion.maxPoints })}</span>
                </div>
                {criterion.guidance && <p className={styles.guidance}>{criterion.guidance}</p>}
                <Input
                  id={`criterion-${criterion.key}`}
                  className={styles.score}
                  value={values.scores[criterion.key] ?? ''}
                  onChange={(text) => change({ scores: { ...values.scores, [criterion.key]: text } })}
                  inputMode="decimal"
                  placeholder={`0 – ${criterion.maxPoints}`}
                  readOnly={final}
                  aria-invalid={problem ? true : undefined}
                  data-testid={`criterion-${criterion.key}`}
                />
                {problem && (
                  <div className={styles.problem} role="alert" data-testid={`problem-${criterion.key}`}>
                    {t(`sheet.problem.${problem}`, { max: criterion.maxPoints })}
                  </div>
                )}
              </li>
            )
          })}
        </ol>
      </Section>

      <Section title={t('sheet.opinion')}>
        <Selector<Opinion>
          options={OPINIONS.map((value) => ({ value, label: <span data-testid={`opinion-${value}`}>{t(`opinion.${value}`)}</span> }))}
          value={values.opinion ? [values.opinion] : []}
          onChange={(selected) => !final && change({ opinion: selected[0] ?? null })}
          disabled={final}
        />
        <TextArea
          className={styles.comment}
          value={values.comment}
          onChange={(comment) => change({ comment })}
          placeholder={t('sheet.comment')}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={4000}
          readOnly={final}
          data-testid="sheet-comment"
        />
      </Section>

      <footer className={styles.footer}>
        <div className={styles.total}>
          {t('sheet.total')} <strong data-testid="score-total">{runningTotal(criteria, values.scores)}</strong> /{' '}
          {maximumTotal(criteria)}
        </div>
        {!final && (
          <Button color="primary" onClick={startSubmit} disabled={Boolean(waitingSubmit || heldSubmit)} data-testid="submit-sheet">
            {t('sheet.submit')}
          </Button>
        )}
      </footer>

      <ActionSheet
        visible={confirming}
        title={t('sheet.confirmTitle')}
        confirmText={t('sheet.submit')}
        busy={busy}
        confirmDisabled={secondFactor.trim().length < 4}
        onConfirm={() => void confirmSubmit()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {t('sheet.confirmSummary', {
            total: runningTotal(criteria, values.scores),
            max: maximumTotal(criteria),
            opinion: values.opinion ? t(`opinion.${values.opinion}`) : '—',
          })}
        </p>
        <p className={styles.hint}>{t('sheet.finalNote')}</p>
        <Input
          value={secondFactor}
          onChange={setSecondFactor}
          type="password"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          placeholder={t('sheet.secondFactor')}
          aria-label={t('sheet.secondFactor')}
          className={styles.factor}
          data-testid="second-factor"
        />
        {factorError && (
          <div className={styles.problem} role="alert" data-testid="second-factor-error">
            {factorError}
          </div>
        )}
      </ActionSheet>
    </>
  )
}

/** A submission taken offline in a tab since closed: the second factor is never stored, so ask again. */
function HeldSubmit({ onProvide }: { onProvide: (factor: string) => void }) {
  const { t } = useI18n()
  const [factor, setFactor] = useState('')
  return (
    <div className={styles.notice} data-testid="submit-held">
      <p>{t('sheet.held')}</p>
      <Input
        value={factor}
        onChange={setFactor}
        type="password"
        inputMode="numeric"
        placeholder={t('sheet.secondFactor')}
        className={styles.factor}
        data-testid="second-factor"
      />
      <Button size="small" color="primary" disabled={factor.trim().length < 4} onClick={() => onProvide(factor.trim())} data-testid="confirm">
        {t('sheet.submit')}
      </Button>
    </div>
  )
}
