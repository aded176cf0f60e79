import { Button, Tag } from 'antd-mobile'
import { useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { useMutation } from 'urql'
import { RequestPanelDocument, type PanelDrawFragment } from '@/api/generated/tasks'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { errorMessageKey } from '@/components/PageState/PageState'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatDate } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import type { Refusal } from '@/outbox/entry'
import { randomId } from '@/outbox/lock'
import type { DetailTodo } from '../TodoDetail'
import { Field } from './Field'
import { MAX_SEATS, emptyPanel, emptyQuota, localToday, panelInput, panelProblems, type PanelDraft, type QuotaDraft } from './rules'
import styles from './tasks.module.css'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/** Where the server's refusal is shown: beside the field it names, else above the button. */
function refusedField(field: string | null | undefined): 'quotas' | 'reviewDate' | null {
  if (!field) return null
  if (field.startsWith('quotas')) return 'quotas'
  if (field === 'reviewDate' || field === 'review_date') return 'reviewDate'
  return null
}

/**
 * 组织专家评审: the data bureau asks for a panel by specialty quotas and a review date. The draw
 * happens on the server at once (online only), and its result is shown here: who sits, who was
 * left out and why, and the reserves in the order they would replace a decline.
 */
export function PanelForm({ todo, onChanged }: Props) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [draft, setDraft] = useState<PanelDraft>(emptyPanel)
  const [shown, setShown] = useState(false)
  const [refusal, setRefusal] = useState<(Refusal & { field: string | null }) | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [drawn, setDrawn] = useState<PanelDrawFragment | null>(null)
  // One key per confirmed request: trying the same request again (a lost answer) draws once.
  const key = useRef<{ input: string; key: string } | null>(null)
  const [{ fetching }, requestPanel] = useMutation(RequestPanelDocument)
  useOpenForm(!drawn && (draft.reviewDate !== '' || draft.quotas.some((quota) => quota.count !== '' || quota.specialty !== '')))

  const today = localToday()
  const problems = panelProblems(draft, today)
  const problem = (name: (typeof problems)[number]) => shown && problems.includes(name)
  const changeQuota = (index: number, patch: Partial<QuotaDraft>) =>
    setDraft((before) => ({ ...before, quotas: before.quotas.map((quota, i) => (i === index ? { ...quota, ...patch } : quota)) }))

  const draw = async () => {
    setShown(true)
    setRefusal(null)
    setFailure(null)
    if (problems.length > 0 || !todo.project || !todo.stage) return
    const input = panelInput(draft, todo.project.id, todo.stage)
    const text = JSON.stringify(input)
    if (key.current?.input !== text) key.current = { input: text, key: randomId() }
    const answer = await requestPanel({ input: { ...input, idempotencyKey: key.current.key } })
    const result = answer.data?.requestPanel
    if (result?.__typename === 'PanelDrawn') {
      setDrawn(result.panel)
    } else if (result?.__typename === 'ReviewError') {
      setRefusal({ code: result.code, message: result.message, field: result.field ?? null, current: null })
    } else {
      // Not answered (no network, a server failure): nothing was drawn, or the same key draws once later.
      setFailure(t(errorMessageKey(answer.error)))
    }
  }

  if (drawn) {
    return (
      <div className={styles.result}>
        <PanelDrawResult panel={drawn} quotas={draft.quotas} />
        <Button
          block
          color="primary"
          onClick={() => {
            onChanged()
            navigate('/')
          }}
          data-testid="panel-finish"
        >
          {t('task.backHome')}
        </Button>
      </div>
    )
  }

  const beside = refusedField(refusal?.field)
  const seats = draft.quotas.reduce((sum, quota) => sum + (Number(quota.count) || 0), 0)
  return (
    <div className={styles.form}>
      <p className={styles.weak}>{t('panel.intro', { stage: todo.stage ? t(`stage.${todo.stage}`) : '—' })}</p>
      {draft.quotas.map((quota, index) => (
        <fieldset key={index} className={styles.quota}>
          <legend className={styles.label}>{t('panel.quota', { n: index + 1 })}</legend>
          <div className={styles.row}>
            <Field label={t('panel.specialty')} htmlFor={`panel-specialty-${index}`}>
              <input
                id={`panel-specialty-${index}`}
                className={styles.input}
                value={quota.specialty}
                onChange={(event) => changeQuota(index, { specialty: event.target.value })}
                placeholder={t('panel.specialtyHint')}
                maxLength={100}
                aria-label={t('panel.specialtyOf', { n: index + 1 })}
                data-testid={`panel-quota-specialty-${index}`}
              />
            </Field>
            <Field label={t('panel.count')} htmlFor={`panel-count-${index}`}>
              <input
                id={`panel-count-${index}`}
                className={styles.input}
                value={quota.count}
                onChange={(event) => changeQuota(index, { count: event.target.value })}
                inputMode="numeric"
                aria-label={t('panel.countOf', { n: index + 1 })}
                aria-invalid={problem(`quotas.${index}.count`)}
                data-testid={`panel-quota-count-${index}`}
              />
            </Field>
            <Button
              fill="none"
              disabled={draft.quotas.length === 1}
              onClick={() => setDraft((before) => ({ ...before, quotas: before.quotas.filter((_, i) => i !== index) }))}
              aria-label={t('panel.removeQuota', { n: index + 1 })}
              data-testid={`panel-quota-remove-${index}`}
            >
              ✕
            </Button>
          </div>
          {problem(`quotas.${index}.count`) && (
            <p className={styles.error} role="alert" data-testid="task-error">
              {t('panel.countInvalid', { max: MAX_SEATS })}
            </p>
          )}
        </fieldset>
      ))}
      {(problem('quotas') || beside === 'quotas') && (
        <p className={styles.error} role="alert" data-testid="task-error">
          {beside === 'quotas' ? refusal?.message : t('panel.tooMany', { max: MAX_SEATS, seats })}
        </p>
      )}
      <Button
        fill="outline"
        onClick={() => setDraft((before) => ({ ...before, quotas: [...before.quotas, emptyQuota()] }))}
        aria-label={t('panel.addQuota')}
        data-testid="panel-quota-add"
      >
        {t('panel.addQuota')}
      </Button>
      <Field
        label={t('panel.reviewDate')}
        htmlFor="panel-date"
        error={beside === 'reviewDate' ? (refusal?.message ?? null) : problem('reviewDate') ? t('panel.dateInvalid') : null}
      >
        <input
          id="panel-date"
          type="date"
          className={styles.input}
          min={today}
          value={draft.reviewDate}
          onChange={(event) => setDraft((before) => ({ ...before, reviewDate: event.target.value }))}
          aria-label={t('panel.reviewDate')}
          aria-invalid={problem('reviewDate')}
          data-testid="panel-date"
        />
      </Field>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={draft.excludeEarlierPanel}
          onChange={(event) => setDraft((before) => ({ ...before, excludeEarlierPanel: event.target.checked }))}
          aria-label={t('panel.excludeEarlier')}
          data-testid="panel-exclude-earlier"
        />
        <span>{t('panel.excludeEarlier')}</span>
      </label>
      {refusal && !beside && <ConflictPanel refusal={refusal} title={t('panel.refused')} />}
      {failure && (
        <p className={styles.error} role="alert" data-testid="panel-failure">
          {failure}
        </p>
      )}
      <p className={styles.weak}>{t('panel.onlineNote')}</p>
      <Button block color="primary" loading={fetching} onClick={() => void draw()} aria-label={t('panel.draw')} data-testid="panel-draw">
        {t('panel.draw')}
      </Button>
    </div>
  )
}

/** The draw: seats with their experts, the experts excluded and why, the reserves in order. */
export function PanelDrawResult({ panel, quotas }: { panel: PanelDrawFragment; quotas: QuotaDraft[] }) {
  const { t, language } = useI18n()
  const specialty = (index: number) => quotas[index]?.specialty.trim() || t('panel.anySpecialty')
  const reason = (code: string) => {
    const key = `panel.reason.${code}` as MessageKey
    const text = t(key)
    return text === key ? code : text
  }
  return (
    <div className={styles.result} data-testid="panel-result" aria-live="polite">
      <p className={styles.sent}>
        {t('panel.drawn', { date: formatDate(language, panel.reviewDate), count: panel.seats.length })}
      </p>
      <h3>{t('panel.seats', { count: panel.seats.length })}</h3>
      <ol data-testid="panel-seats">
        {panel.seats.map((seat) => (
          <li key={seat.id} data-testid={`panel-seat-${seat.id}`}>
            {seat.expertName} · {specialty(seat.quotaIndex)}
            {seat.isChair && (
              <Tag color="primary" fill="outline" style={{ marginLeft: 6 }}>
                {t('panel.chair')}
              </Tag>
            )}
          </li>
        ))}
      </ol>
      <h3>{t('panel.exclusions', { count: panel.exclusions.length })}</h3>
      {panel.exclusions.length === 0 ? (
        <p className={styles.weak}>{t('panel.noExclusions')}</p>
      ) : (
        <ul data-testid="panel-exclusions">
          {panel.exclusions.map((exclusion, index) => (
            <li key={`${exclusion.expertName}-${index}`}>
              {exclusion.expertName}：{exclusion.reasons.map(reason).join('；')}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('panel.reserves', { count: panel.reserves.length })}</h3>
      {panel.reserves.length === 0 ? (
        <p className={styles.weak}>{t('panel.noReserves')}</p>
      ) : (
        <ol data-testid="panel-reserves">
          {panel.reserves.map((name, index) => (
            <li key={`${name}-${index}`}>{name}</li>
          ))}
        </ol>
      )}
      {panel.seed && <p className={styles.weak}>{t('panel.seed', { seed: panel.seed })}</p>}
    </div>
  )
}
