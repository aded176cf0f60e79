import { Button } from 'antd-mobile'
import { useState } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import { Facts } from './parts'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'
import styles from './Forms.module.css'

/** 数据资源核验: each declared resource confirmed as aggregated to the shared platform, one by one. */
export function ResourceVerification({ todo, project, onChanged }: FormProps) {
  const { t } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [sending, setSending] = useState<string | null>(null)
  // Verifications waiting in the outbox: not offered again until the server has them.
  const [queued, setQueued] = useState<ReadonlySet<string>>(new Set())
  const resources = project.dataResources
  const verified = resources.filter((resource) => resource.verified).length

  const verify = async (resourceId: string) => {
    setSending(resourceId)
    const outcome = await save('verifyDataResource', { resourceId })
    setSending(null)
    if (outcome === 'waiting') setQueued(new Set([...queued, resourceId]))
  }

  if (resources.length === 0) return <p className={styles.hint}>{t('facts.resources.none')}</p>
  return (
    <>
      <Facts saved rows={[[t('facts.resources.verified'), t('facts.resources.count', { done: verified, total: resources.length })]]} />
      <ul className={styles.resources}>
        {resources.map((resource) => (
          <li key={resource.id} data-testid={`fact-resource-${resource.id}`}>
            <span className={styles.resourceName}>
              <strong>{resource.name}</strong>
              <span className={styles.label}>
                {resource.provider} · {t(`sharing.${resource.sharingClass}` as MessageKey)}
              </span>
            </span>
            {resource.verified ? (
              <span className={styles.done} data-testid={`fact-verified-${resource.id}`}>
                ✓ {t('facts.resources.done')}
              </span>
            ) : queued.has(resource.id) ? (
              <span className={styles.label}>{t('facts.resources.queued')}</span>
            ) : (
              <Button
                size="small"
                color="primary"
                loading={sending === resource.id}
                disabled={busy && sending !== resource.id}
                aria-label={t('facts.resources.verifyOne', { name: resource.name })}
                onClick={() => void verify(resource.id)}
                data-testid={`fact-verify-${resource.id}`}
              >
                {t('facts.resources.verify')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {refusal && (
        <p className={styles.error} role="alert" data-testid="fact-refused">
          {t('facts.refused', { reason: refusal.message || refusal.code })}
        </p>
      )}
    </>
  )
}
