import { Button } from 'antd-mobile'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { useI18n } from '@/i18n/I18nProvider'
import type { DetailTodo } from '../TodoDetail'
import { Field } from './Field'
import { invitationProblems, type InvitationProblem } from './rules'
import { useRecord } from './useRecord'
import styles from './tasks.module.css'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/**
 * 评审邀请: the expert accepts, declaring no conflict of interest (回避), or declines with a
 * reason. Queued in the outbox; once answered the invitation is gone, so the screen goes home.
 */
export function InvitationForm({ todo, onChanged }: Props) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { send, busy } = useRecord('respondInvitation')
  const [noConflict, setNoConflict] = useState(false)
  const [reason, setReason] = useState('')
  const [problems, setProblems] = useState<InvitationProblem[]>([])
  useOpenForm(reason !== '')

  const respond = async (accept: boolean) => {
    const found = invitationProblems(accept, noConflict, reason)
    setProblems(found)
    if (found.length > 0 || !todo.seatId) return
    const outcome = await send(
      { seatId: todo.seatId, accept, noConflict: accept && noConflict, reason: accept ? '' : reason.trim() },
      { title: todo.title, todoId: todo.id, projectId: todo.project?.id },
    )
    if (outcome === 'done' || outcome === 'waiting') {
      if (outcome === 'done') onChanged()
      navigate('/', { replace: true })
    }
  }

  return (
    <div className={styles.form}>
      <p className={styles.weak}>{t('invite.intro')}</p>
      <div className={styles.field} data-invalid={problems.includes('noConflict') ? 'true' : undefined}>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={noConflict}
            onChange={(event) => {
              setNoConflict(event.target.checked)
              setProblems((before) => before.filter((problem) => problem !== 'noConflict'))
            }}
            aria-label={t('invite.noConflict')}
            aria-invalid={problems.includes('noConflict')}
            data-testid="invite-no-conflict"
          />
          <span>{t('invite.noConflict')}</span>
        </label>
        {problems.includes('noConflict') && (
          <p className={styles.error} role="alert" data-testid="task-error">
            {t('invite.noConflictRequired')}
          </p>
        )}
      </div>
      <Button block color="primary" loading={busy} onClick={() => void respond(true)} aria-label={t('invite.accept')} data-testid="invite-accept">
        {t('invite.accept')}
      </Button>
      <Field label={t('invite.reason')} htmlFor="invite-reason" error={problems.includes('reason') ? t('invite.reasonRequired') : null}>
        <textarea
          id="invite-reason"
          className={styles.textarea}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value)
            setProblems((before) => before.filter((problem) => problem !== 'reason'))
          }}
          placeholder={t('invite.reasonHint')}
          maxLength={500}
          aria-label={t('invite.reason')}
          aria-invalid={problems.includes('reason')}
          data-testid="invite-reason"
        />
      </Field>
      <Button block color="danger" fill="outline" loading={busy} onClick={() => void respond(false)} aria-label={t('invite.decline')} data-testid="invite-decline">
        {t('invite.decline')}
      </Button>
      <p className={styles.weak}>{t('task.offlineNote')}</p>
    </div>
  )
}
