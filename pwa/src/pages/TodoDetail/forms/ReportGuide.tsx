import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import type { DetailTodo } from '../TodoDetail'
import styles from './Forms.module.css'

const GUIDES: Record<string, MessageKey> = {
  milestone_report: 'facts.report.milestone_report',
  supervision_log: 'facts.report.supervision_log',
  om_ledger: 'facts.report.om_ledger',
}

/** A report is written as the decision's opinion: this says what it should hold. */
export function ReportGuide({ todo }: { todo: DetailTodo }) {
  const { t } = useI18n()
  const guide = (todo.stepKey && GUIDES[todo.stepKey]) || 'facts.report.general'
  return (
    <>
      <ul className={styles.guide} data-testid="fact-guide">
        {t(guide)
          .split('\n')
          .map((line) => (
            <li key={line}>{line}</li>
          ))}
      </ul>
      <p className={styles.hint}>{t('facts.report.where')}</p>
    </>
  )
}
