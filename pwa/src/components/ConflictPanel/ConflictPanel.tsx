import type { ReactNode } from 'react'
import type { ProcessState } from '@/api/documents'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import type { Refusal } from '@/outbox/entry'
import styles from './ConflictPanel.module.css'

const EXPLAINED = new Set(['VERSION_CONFLICT', 'TASK_CLOSED', 'NOT_FOUND', 'FORBIDDEN', 'SERVER_ERROR', 'SHEET_FINAL'])

/** Why an action did not go through, with the state of the matter now, when the server told it. */
export function ConflictPanel({ refusal, title, children }: { refusal: Refusal; title?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n()
  const reason = EXPLAINED.has(refusal.code) ? t(`conflict.${refusal.code}` as MessageKey) : t('conflict.other')
  return (
    <div className={styles.panel} role="alert" data-testid="conflict" data-code={refusal.code}>
      <strong className={styles.title}>{title ?? t('conflict.title')}</strong>
      <p className={styles.reason}>{reason}</p>
      {refusal.message && refusal.message !== refusal.code && <p className={styles.message}>{refusal.message}</p>}
      {refusal.current && <CurrentState state={refusal.current} />}
      {children && <div className={styles.buttons}>{children}</div>}
    </div>
  )
}

function CurrentState({ state }: { state: ProcessState }) {
  const { t } = useI18n()
  const known = (prefix: string, value: string | null) => {
    if (!value) return '—'
    const key = `${prefix}.${value}` as MessageKey
    const text = t(key)
    return text === key ? value : text
  }
  return (
    <dl className={styles.state} data-testid="conflict-current">
      <dt>{t('conflict.now')}</dt>
      <dd>
        {state.project ? `${state.project.name}（${state.project.code}）` : null}
        <div>
          {t('project.stage')}: {known('stage', state.projectStage)} · {t('project.status')}:{' '}
          {known('projectStatus', state.projectStatus)}
        </div>
        <div>
          {t('conflict.step')}: {known('stepStatus', state.stepStatus)} · {t('conflict.task')}:{' '}
          {known('taskStatus', state.taskStatus)}
          {state.stepVersion !== null && ` · ${t('conflict.version', { version: state.stepVersion })}`}
        </div>
      </dd>
    </dl>
  )
}
