import type { ReactNode } from 'react'
import styles from './Section.module.css'

/** A titled white card of a detail screen. */
export function Section({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className={styles.section} data-testid={testId}>
      <header className={styles.header}>
        <h2>{title}</h2>
        {extra}
      </header>
      {children}
    </section>
  )
}
