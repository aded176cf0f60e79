import type { ReactNode } from 'react'
import styles from './tasks.module.css'

/** A labelled control of a task form, with its problem beside it (data-testid task-error). */
export function Field({ label, error, htmlFor, children }: { label: string; error?: string | null; htmlFor?: string; children: ReactNode }) {
  return (
    <div className={styles.field} data-invalid={error ? 'true' : undefined}>
      <label className={styles.label} htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {error && (
        <p className={styles.error} role="alert" data-testid="task-error">
          {error}
        </p>
      )}
    </div>
  )
}
