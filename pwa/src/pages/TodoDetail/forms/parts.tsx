import { Button } from 'antd-mobile'
import type { ReactNode } from 'react'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { Refusal } from '@/outbox/entry'
import type { Problem } from './rules'
import styles from './Forms.module.css'

interface FieldProps {
  label: string
  problem?: Problem
  /** The id of the control, for those that take no aria-label of their own (antd-mobile's TextArea). */
  labelFor?: string
  children: ReactNode
}

/** A labelled field with its problem, if any, just below it. */
export function Field({ label, problem, labelFor, children }: FieldProps) {
  const { t, language } = useI18n()
  return (
    <div className={styles.field} data-invalid={problem ? 'true' : undefined}>
      {labelFor ? (
        <label className={styles.label} htmlFor={labelFor}>
          {label}
        </label>
      ) : (
        <span className={styles.label}>{label}</span>
      )}
      {children}
      {problem && (
        <p className={styles.error} role="alert" data-testid="fact-error">
          {t(`facts.problem.${problem.code}`, { limit: formatMoney(language, problem.limit) })}
        </p>
      )}
    </div>
  )
}

/** Label and value pairs: what the project holds already (`saved`) or what the holder goes by. */
export function Facts({ rows, saved }: { rows: [string, ReactNode][]; saved?: boolean }) {
  return (
    <dl className={saved ? styles.saved : styles.reference} data-testid={saved ? 'fact-saved' : undefined}>
      {rows.map(([label, value]) => (
        <div key={label} className={styles.row}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** The form's own save button, with why the last save was refused above it. */
export function SaveButton({ busy, refusal, onSave, label }: { busy: boolean; refusal: Refusal | null; onSave: () => void; label?: string }) {
  const { t } = useI18n()
  return (
    <div className={styles.buttons}>
      {refusal && (
        <p className={styles.error} role="alert" data-testid="fact-refused">
          {t('facts.refused', { reason: refusal.message || refusal.code })}
        </p>
      )}
      <p className={styles.hint}>{t('facts.saveFirst')}</p>
      <Button block color="primary" loading={busy} onClick={onSave} data-testid="fact-save">
        {label ?? t('facts.save')}
      </Button>
    </div>
  )
}
