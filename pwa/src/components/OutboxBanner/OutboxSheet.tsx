import { Button, Popup } from 'antd-mobile'
import { useNavigate } from 'react-router'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { useOutbox } from '@/outbox/OutboxProvider'
import styles from './OutboxBanner.module.css'

/** Where an entry is seen and dealt with. */
export function entryLink(entry: OutboxEntry): string | null {
  if (entry.subject.seatId) return `/sheets/${encodeURIComponent(entry.subject.seatId)}`
  if (entry.subject.todoId) return `/todos/${encodeURIComponent(entry.subject.todoId)}`
  return null
}

/** Every entry of the outbox, with what can be done about it. */
export default function OutboxSheet({ entries, offline, onClose }: { entries: OutboxEntry[]; offline: boolean; onClose: () => void }) {
  const { t } = useI18n()
  return (
    <Popup visible onMaskClick={onClose} bodyClassName={styles.popup} data-testid="outbox-sheet">
      <h3 className={styles.title}>{t('outbox.title')}</h3>
      {offline && <p className={styles.hint}>{t('outbox.offlineHint')}</p>}
      {entries.length === 0 && <p className={styles.hint}>{t('outbox.empty')}</p>}
      {entries.map((entry) => (
        <EntryRow key={entry.id} entry={entry} onLeave={onClose} />
      ))}
    </Popup>
  )
}

function EntryRow({ entry, onLeave }: { entry: OutboxEntry; onLeave: () => void }) {
  const { t, language } = useI18n()
  const { dismiss, retry, progress } = useOutbox()
  const percent = progress.get(entry.id)
  const navigate = useNavigate()
  const link = entryLink(entry)
  const open = () => {
    onLeave()
    if (link) navigate(link)
  }
  const summary = (
    <div className={styles.summary}>
      <strong>{t(`outbox.kind.${entry.kind}`)}</strong> · {entry.subject.title}
      <div className={styles.meta}>
        {t(`outbox.status.${entry.status}`)} · {formatDateTime(language, entry.createdAt)}
        {entry.attempts > 0 && ` · ${t('outbox.attempts', { count: entry.attempts })}`}
      </div>
      {entry.attachment && percent !== undefined && (
        <div className={styles.meta}>{t('outbox.uploading', { name: entry.attachment.name, percent })}</div>
      )}
    </div>
  )
  if (entry.refusal && (entry.status === 'conflict' || entry.status === 'failed')) {
    return (
      <div className={styles.entry} data-testid={`outbox-entry-${entry.id}`} data-status={entry.status}>
        {summary}
        <ConflictPanel refusal={entry.refusal}>
          {entry.status === 'failed' && (
            <Button size="small" color="primary" onClick={() => void retry(entry.id)}>
              {t('outbox.retry')}
            </Button>
          )}
          {link && (
            <Button size="small" onClick={open}>
              {t('outbox.open')}
            </Button>
          )}
          <Button size="small" onClick={() => void dismiss(entry.id)} data-testid="conflict-dismiss">
            {t('outbox.dismiss')}
          </Button>
        </ConflictPanel>
      </div>
    )
  }
  return (
    <div className={styles.entry} data-testid={`outbox-entry-${entry.id}`} data-status={entry.status}>
      {summary}
      {entry.status === 'held' && link && (
        <Button size="small" color="primary" onClick={open}>
          {t('outbox.confirmAgain')}
        </Button>
      )}
    </div>
  )
}
