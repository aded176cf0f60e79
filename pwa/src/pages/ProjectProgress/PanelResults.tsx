import { Tag } from 'antd-mobile'
import type { ProjectProgressQuery } from '@/api/generated/project'
import { Section } from '@/components/Section/Section'
import { formatDate, formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import styles from './ProjectProgress.module.css'

type Panel = Extract<NonNullable<ProjectProgressQuery['node']>, { __typename: 'Project' }>['panels'][number]

/** 专家评审 of the project's gates, newest first: a closed panel's result, else where the panel is. */
export function PanelResults({ panels }: { panels: readonly Panel[] }) {
  const { t, language } = useI18n()
  const opinion = (value: string) => {
    const key = `opinion.${value}` as MessageKey
    const text = t(key)
    return text === key ? value : text
  }
  return (
    <Section title={t('panels.title')} testId="panel-results">
      {panels.length === 0 && <p className={styles.weak}>{t('panels.none')}</p>}
      {panels.map((panel) => (
        <div key={panel.id} className={styles.holder} data-testid={`panel-${panel.id}`} data-status={panel.status}>
          <div className={styles.holderHead}>
            <strong>{t(`stage.${panel.stage}`)}</strong>
            <Tag color={panel.status === 'CLOSED' ? 'success' : 'primary'} fill="outline">
              {t(`panels.status.${panel.status}`)}
            </Tag>
          </div>
          <div className={styles.weak}>{t('panels.reviewDate', { date: formatDate(language, panel.reviewDate) })}</div>
          {panel.status === 'CLOSED' && panel.result && (
            <dl className={styles.money} data-testid={`panel-result-${panel.id}`}>
              <div>
                <dt>{t('panels.score')}</dt>
                <dd data-testid="panel-score">{panel.result.panelScore}</dd>
              </div>
              <div>
                <dt>{t('panels.opinion')}</dt>
                <dd data-testid="panel-opinion">{opinion(panel.result.opinion)}</dd>
              </div>
              <div>
                <dt>{t('panels.sheets')}</dt>
                <dd>{panel.result.sheets}</dd>
              </div>
              <div>
                <dt>{t('panels.outliers')}</dt>
                <dd>{panel.result.outliers}</dd>
              </div>
              <div>
                <dt>{t('panels.closedAt')}</dt>
                <dd>{formatDateTime(language, panel.result.closedAt)}</dd>
              </div>
              {panel.result.chairSummary && (
                <div style={{ gridColumn: '1 / -1' }}>
                  <dt>{t('panels.summary')}</dt>
                  <dd>{panel.result.chairSummary}</dd>
                </div>
              )}
            </dl>
          )}
        </div>
      ))}
    </Section>
  )
}
