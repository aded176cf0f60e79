import { Button } from 'antd-mobile'
import { useState } from 'react'
import { useQuery } from 'urql'
import { ProjectHistoryDocument } from '@/api/generated/todo'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { Section } from '@/components/Section/Section'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { useRecord } from '@/pages/TodoDetail/tasks/useRecord'
import taskStyles from '@/pages/TodoDetail/tasks/tasks.module.css'
import { StarRating } from './StarRating'
import styles from './ProjectProgress.module.css'

// The departments' acts the applicant may rate: their decisions on its application (its own submissions aside).
const RATED = new Set(['APPROVE', 'REJECT', 'RETURN'])

/** 满意度: the applicant rates each department's finished to-do of its project, 1 to 5, once. */
export function Satisfaction({ projectId, projectName }: { projectId: string; projectName: string }) {
  const { t, language } = useI18n()
  const [{ data }, reexecute] = useQuery({ query: ProjectHistoryDocument, variables: { projectId } })
  const [open, setOpen] = useState<string | null>(null)
  const rateable = (data?.projectHistory ?? []).filter((entry) => entry.taskId && RATED.has(entry.action))
  if (rateable.length === 0) return null
  return (
    <Section title={t('satisfaction.title')} testId="satisfaction">
      <ul className={styles.rated}>
        {rateable.map((entry) => (
          <li key={entry.id} data-testid={`satisfaction-${entry.id}`}>
            <div>
              {entry.actionLabel} · {entry.actorName ?? ''} · {formatDateTime(language, entry.at)}
            </div>
            {entry.satisfaction ? (
              <span className={styles.weak} data-testid={`satisfaction-given-${entry.id}`}>
                {t('satisfaction.given', { stars: '★'.repeat(entry.satisfaction) })}
              </span>
            ) : open === entry.id ? (
              <RateTask
                taskId={entry.taskId!}
                projectId={projectId}
                projectName={projectName}
                onDone={() => {
                  setOpen(null)
                  reexecute({ requestPolicy: 'network-only' })
                }}
              />
            ) : (
              <Button size="small" fill="outline" onClick={() => setOpen(entry.id)} data-testid={`satisfaction-open-${entry.id}`}>
                {t('satisfaction.rate')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  )
}

function RateTask({ taskId, projectId, projectName, onDone }: { taskId: string; projectId: string; projectName: string; onDone: () => void }) {
  const { t } = useI18n()
  const { send, busy, refusal } = useRecord('rateSatisfaction')
  const [rating, setRating] = useState(0)
  const [shown, setShown] = useState(false)
  const rate = async () => {
    setShown(true)
    if (rating < 1) return
    const outcome = await send({ taskId, rating, comment: '' }, { title: projectName, projectId })
    if (outcome === 'done' || outcome === 'waiting') onDone()
  }
  return (
    <div className={taskStyles.form}>
      <StarRating value={rating} onChange={setRating} testIdPrefix="satisfaction-star" />
      {shown && rating < 1 && (
        <p className={taskStyles.error} role="alert" data-testid="task-error">
          {t('rate.ratingRequired')}
        </p>
      )}
      {refusal && <ConflictPanel refusal={refusal} title={t('task.refused')} />}
      <Button block color="primary" loading={busy} onClick={() => void rate()} data-testid="satisfaction-send">
        {t('satisfaction.send')}
      </Button>
    </div>
  )
}
