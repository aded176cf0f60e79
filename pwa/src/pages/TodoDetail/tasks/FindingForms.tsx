import { Button } from 'antd-mobile'
import { useState } from 'react'
import { useQuery } from 'urql'
import { FindingsDocument, type FindingsQuery } from '@/api/generated/tasks'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { DetailTodo } from '../TodoDetail'
import { Field } from './Field'
import { MAX_TEXT, textProblem } from './rules'
import { useRecord } from './useRecord'
import styles from './tasks.module.css'

type Finding = NonNullable<FindingsQuery['center']>['findings'][number]

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/**
 * 审计意见: the builder answers each open finding of the project (ANSWER_FINDING), and audit
 * closes each answered one with a conclusion (CLOSE_FINDING). Both wait in the outbox offline.
 */
export function FindingForms({ todo, onChanged }: Props) {
  const { t } = useI18n()
  const closing = todo.expects === 'CLOSE_FINDING'
  const [{ data, error }, reexecute] = useQuery({ query: FindingsDocument, variables: { kind: closing ? 'AUDIT' : 'BUILDER' } })
  const code = todo.project?.code
  const findings = (data?.center?.findings ?? []).filter(
    (finding) => finding.projectCode === code && finding.status === (closing ? 'ANSWERED' : 'OPEN'),
  )
  const changed = () => {
    onChanged()
    reexecute({ requestPolicy: 'network-only' })
  }

  if (!data) return error ? <p className={styles.weak}>{t('error.network')}</p> : <p className={styles.weak}>{t('common.loading')}</p>
  if (findings.length === 0) return <p className={styles.weak}>{t(closing ? 'finding.noneAnswered' : 'finding.noneOpen')}</p>
  return (
    <div className={styles.form}>
      {findings.map((finding) => (
        <FindingItem key={finding.id} finding={finding} todo={todo} closing={closing} onChanged={changed} />
      ))}
    </div>
  )
}

function FindingItem({ finding, todo, closing, onChanged }: { finding: Finding; todo: DetailTodo; closing: boolean; onChanged: () => void }) {
  const { t, language } = useI18n()
  const { send, busy } = useRecord(closing ? 'closeAuditFinding' : 'answerAuditFinding')
  const [text, setText] = useState('')
  const [shown, setShown] = useState(false)
  const [queued, setQueued] = useState(false)
  useOpenForm(text !== '' && !queued)

  const problem = shown ? textProblem(text) : null
  const label = t(closing ? 'finding.conclusion' : 'finding.answer')
  const reply = async () => {
    setShown(true)
    if (textProblem(text)) return
    const outcome = await send(
      { findingId: finding.id, text: text.trim() },
      { title: todo.title, todoId: todo.id, projectId: todo.project?.id },
    )
    if (outcome === 'waiting') setQueued(true)
    if (outcome === 'done') {
      setQueued(true)
      onChanged()
    }
  }

  return (
    <article className={styles.finding} data-testid={`finding-${finding.id}`}>
      <p className={styles.weak}>{t('finding.raisedAt', { time: formatDateTime(language, finding.raisedAt) })}</p>
      <p className={styles.findingText}>{finding.text}</p>
      {finding.answers.map((answer, index) => (
        <p key={index} className={styles.answer} data-testid={`finding-answer-${finding.id}`}>
          <span className={styles.label}>{t('finding.answered', { time: formatDateTime(language, answer.answeredAt) })}</span>
          <br />
          {answer.text}
        </p>
      ))}
      {queued ? (
        <p className={styles.sent} role="status" data-testid={`finding-sent-${finding.id}`}>
          {t('finding.sent')}
        </p>
      ) : (
        <>
          <Field
            label={label}
            htmlFor={`finding-text-${finding.id}`}
            error={problem === 'required' ? t('task.required') : problem === 'tooLong' ? t('task.tooLong', { max: MAX_TEXT }) : null}
          >
            <textarea
              id={`finding-text-${finding.id}`}
              className={styles.textarea}
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-label={label}
              aria-invalid={problem !== null}
              data-testid={`finding-text-${finding.id}`}
            />
          </Field>
          <Button
            block
            color="primary"
            loading={busy}
            onClick={() => void reply()}
            aria-label={t(closing ? 'finding.close' : 'finding.send')}
            data-testid={`finding-send-${finding.id}`}
          >
            {t(closing ? 'finding.close' : 'finding.send')}
          </Button>
        </>
      )}
    </article>
  )
}
