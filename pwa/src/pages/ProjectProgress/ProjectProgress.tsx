import { Button, Tag } from 'antd-mobile'
import { useState } from 'react'
import { CheckCircleFill, ClockCircleFill, MinusCircleOutline } from 'antd-mobile-icons'
import { useNavigate, useParams } from 'react-router'
import { useQuery } from 'urql'
import { ProjectProgressDocument, type ProjectProgressQuery } from '@/api/generated/project'
import { NetworkError } from '@/api/transport'
import { PageBar } from '@/components/PageBar/PageBar'
import { Empty, Failure, Loading } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { WarningLight } from '@/components/WarningLight/WarningLight'
import { formatDate, formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { zh } from '@/i18n/messages'
import { PanelResults } from './PanelResults'
import { Satisfaction } from './Satisfaction'
import { DeriveOm, RaiseFinding, RateStage, rolesOn, type Project } from './ProjectTasks'
import { STAGES, type Stage } from './stages'
import styles from './ProjectProgress.module.css'

type Me = ProjectProgressQuery['me']

/** 项目进度: the ten stages, and who holds the project now (day X of Y, expected decision date). */
export default function ProjectProgress() {
  const { t } = useI18n()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ProjectProgressDocument, variables: { id } })
  const project = data?.node?.__typename === 'Project' ? data.node : null
  const header = <PageBar onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>{t('project.progress')}</PageBar>

  let body
  if (!data) {
    body = fetching ? (
      <Loading />
    ) : (
      <Failure
        error={error?.networkError ?? error ?? new NetworkError('Not saved for offline use')}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  } else if (!project) {
    body = <Empty title={t('project.none')} testId="project-none" />
  } else {
    body = <Progress project={project} me={data.me} />
  }
  return (
    <main className={styles.page} data-testid="project-progress">
      {header}
      {body}
    </main>
  )
}

function Progress({ project, me }: { project: Project; me: Me }) {
  const { t, language } = useI18n()
  const byStage = new Map(project.timeline.map((entry) => [entry.stage, entry]))
  const roles = rolesOn(me, project)
  const rates = roles.builder || roles.department
  const [rating, setRating] = useState<Stage | null>(null)
  return (
    <>
      <section className={styles.heading}>
        <h1>{project.name}</h1>
        <div className={styles.meta}>
          <span>{project.code}</span>
          <span>{project.builder.name}</span>
          <WarningLight light={project.light} label />
          <Tag color="primary" fill="outline">
            {t(`projectStatus.${project.status}`)}
          </Tag>
        </div>
        <dl className={styles.money}>
          <div>
            <dt>{t('project.requestedAmount')}</dt>
            <dd>{formatMoney(language, project.requestedAmount)}</dd>
          </div>
          <div>
            <dt>{t('project.approvedBudget')}</dt>
            <dd>{formatMoney(language, project.approvedBudget)}</dd>
          </div>
          <div>
            <dt>{t('project.contractAmount')}</dt>
            <dd>{formatMoney(language, project.contractAmount)}</dd>
          </div>
          <div>
            <dt>{t('project.paidAmount')}</dt>
            <dd>{formatMoney(language, project.paidAmount)}</dd>
          </div>
        </dl>
      </section>

      <Section title={t('holder.title')} testId="holders">
        {project.holders.length === 0 && <p className={styles.weak}>{t('holder.none')}</p>}
        {project.holders.map((holder) => (
          <div key={holder.stepKey} className={styles.holder} data-testid="holder" data-stage={holder.stage}>
            <div className={styles.holderHead}>
              <strong>{holder.names.join('、') || t(`center.${holder.center}`)}</strong>
              <WarningLight light={holder.light} label />
            </div>
            <div className={styles.weak}>
              {t(`center.${holder.center}`)} · {t(`stage.${holder.stage}`)}
            </div>
            <div>
              {t('todo.day', { day: holder.day, of: holder.of })}
              {holder.expectedDecisionOn &&
                ` · ${t('holder.expected', { date: formatDate(language, holder.expectedDecisionOn) })}`}
              {holder.estimated && ` · ${t('todo.estimated')}`}
            </div>
          </div>
        ))}
      </Section>

      <PanelResults panels={project.panels} />
      {roles.audit && <RaiseFinding project={project} />}
      {roles.builder && <DeriveOm project={project} />}
      {roles.builder && <Satisfaction projectId={project.id} projectName={project.name} />}

      <Section title={t('timeline.title')} testId="timeline">
        <ol className={styles.timeline}>
          {STAGES.map((stage, index) => {
            const entry = byStage.get(stage)
            const status = entry?.status ?? 'WAITING'
            return (
              <li key={stage} className={styles.stage} data-status={status} data-testid={`stage-${stage}`}>
                <span className={styles.icon} aria-hidden>
                  {status === 'DONE' ? (
                    <CheckCircleFill />
                  ) : status === 'ACTIVE' ? (
                    <ClockCircleFill />
                  ) : status === 'SKIPPED' || status === 'CANCELLED' ? (
                    <MinusCircleOutline />
                  ) : (
                    <span className={styles.number}>{index + 1}</span>
                  )}
                </span>
                <div className={styles.stageBody}>
                  <div className={styles.stageName}>
                    {t(`stage.${stage}`)}
                    {language === 'en' && <span className={styles.weak}> {zh[`stage.${stage}`]}</span>}
                  </div>
                  <div className={styles.weak}>
                    {t(`stageStatus.${status}`)}
                    {entry?.openedAt && ` · ${formatDate(language, entry.openedAt)}`}
                    {entry?.closedAt && ` – ${formatDate(language, entry.closedAt)}`}
                  </div>
                  {rates && status === 'DONE' && rating !== stage && (
                    <Button
                      size="small"
                      fill="outline"
                      className={styles.rate}
                      onClick={() => setRating(stage)}
                      aria-label={t('rate.open', { stage: t(`stage.${stage}`) })}
                      data-testid={`rate-${stage}`}
                    >
                      {t('rate.button')}
                    </Button>
                  )}
                  {rates && rating === stage && (
                    <RateStage project={project} stage={stage} builder={roles.builder} onClose={() => setRating(null)} />
                  )}
                </div>
              </li>
            )
          })}
        </ol>
      </Section>
    </>
  )
}
