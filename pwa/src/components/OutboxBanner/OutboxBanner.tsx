import { Suspense, lazy, useState } from 'react'
import { useAuth } from '@/auth/AuthProvider'
import { useI18n } from '@/i18n/I18nProvider'
import { useOutbox } from '@/outbox/OutboxProvider'
import styles from './OutboxBanner.module.css'

// The list opens in a sheet, loaded on first tap.
const OutboxSheet = lazy(() => import('./OutboxSheet'))

/**
 * The actions taken on this device that are not answered yet ("等待发送"), and those the
 * server refused: always in view while there are any, and when the app works offline.
 */
export function OutboxBanner() {
  const { t } = useI18n()
  const { state } = useAuth()
  const { entries, progress } = useOutbox()
  const [open, setOpen] = useState(false)
  const offline = state.status === 'offline'
  if (!offline && entries.length === 0) return null

  const waiting = entries.filter((entry) => entry.status === 'waiting' || entry.status === 'held').length
  const refused = entries.length - waiting
  const uploading = entries.find((entry) => entry.attachment && progress.has(entry.id))
  const parts = [
    offline ? t('outbox.offline') : null,
    waiting ? t('outbox.waiting', { count: waiting }) : null,
    refused ? t('outbox.refused', { count: refused }) : null,
  ].filter(Boolean)

  return (
    <>
      <button
        type="button"
        className={styles.banner}
        data-state={refused ? 'refused' : offline ? 'offline' : 'waiting'}
        onClick={() => setOpen(true)}
        data-testid="outbox"
        data-waiting={waiting}
        data-refused={refused}
        aria-live="polite"
      >
        {parts.join(' · ')}
        {uploading?.attachment && (
          <span className={styles.progress} data-testid="outbox-progress">
            {t('outbox.uploading', { name: uploading.attachment.name, percent: progress.get(uploading.id) ?? 0 })}
            <progress max={100} value={progress.get(uploading.id) ?? 0} aria-hidden="true" />
          </span>
        )}
      </button>
      {open && (
        <Suspense fallback={null}>
          <OutboxSheet entries={entries} offline={offline} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  )
}

