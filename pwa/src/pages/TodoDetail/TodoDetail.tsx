import { Button, Steps, Tag } from 'antd-mobile'
import { lazy, Suspense, useDeferredValue } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useQuery } from 'urql'
import { TodoDetailDocument, ProjectHistoryDocument, type TodoDetailQuery } from '@/api/generated/todo'
import { NetworkError } from '@/api/transport'
import { useAuth } from '@/auth/AuthProvider'
import { PageBar } from '@/components/PageBar/PageBar'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { Empty, Failure, Loading } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { WarningLight } from '@/components/WarningLight/WarningLight'
import { formatDate, formatDateTime, formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { todoTitle } from '@/i18n/labels'
import type { MessageKey } from '@/i18n/messages'
import { useOutbox, useOutboxSettled } from '@/outbox/OutboxProvider'
import { MaterialList } from '@/components/MaterialList/MaterialList'
import { Actions } from './Actions'
import { hasTaskForm } from './tasks/rules'
import styles from './TodoDetail.module.css'

// Most to-dos need neither: their forms (and the pickers and inputs they bring) load only when one does.
const StepFacts = lazy(() => import('./forms/StepFacts').then(({ StepFacts }) => ({ default: StepFacts })))
const TaskForm = lazy(() => import('./tasks/TaskForm').then(({ TaskForm }) => ({ default: TaskForm })))

export type DetailTodo = Extract<NonNullable<TodoDetailQuery['node']>, { __typename: 'Todo' }>
type Project = NonNullable<DetailTodo['project']>
type Material = Project['materials'][number]

/** The approval detail: the project, what changed since the last submission, materials, history, actions. */
export default function TodoDetail() {
  const { t, language } = useI18n()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const { entries, dismiss } = useOutbox()
  const { user } = useAuth()
  const [result, reexecute] = useQuery({ query: TodoDetailDocument, variables: { id } })
  // The whole page is drawn from a deferred copy: React renders it in slices that leave the main
  // thread free between them, rather than in one long task when the answer comes.
  const { data, error, fetching } = useDeferredValue(result)
  const todo = data?.node?.__typename === 'Todo' ? data.node : null
  const refresh = () => reexecute({ requestPolicy: 'network-only' })

  useOutboxSettled((events) => {
    if (events.some((event) => event.subject.todoId === id)) refresh()
  })

  const mine = entries.filter((entry) => entry.subject.todoId === id)
  const waiting = mine.find((entry) => entry.status === 'waiting' || entry.status === 'held')
  const refused = mine.filter((entry) => entry.refusal && (entry.status === 'conflict' || entry.status === 'failed'))
  // The server said the task is closed or gone: no second decision on what this screen shows.
  const closed = refused.some((entry) => entry.refusal?.code === 'TASK_CLOSED' || entry.refusal?.code === 'NOT_FOUND')

  const header = (
    <PageBar onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/'))}>{t('todo.title')}</PageBar>
  )
  const pending = (
    <>
      {waiting && (
        <div className={styles.pending} data-testid="pending-action" data-status={waiting.status}>
          {t('todo.pending', {
            action: t(`outbox.kind.${waiting.kind}`),
            time: formatDateTime(language, waiting.createdAt),
          })}
        </div>
      )}
      {refused.map((entry) => (
        <ConflictPanel key={entry.id} refusal={entry.refusal!} title={t('todo.refused', { action: t(`outbox.kind.${entry.kind}`) })}>
          <Button
            size="small"
            color="primary"
            onClick={() => {
              void dismiss(entry.id)
              refresh()
            }}
            data-testid="conflict-reload"
          >
            {t('conflict.reload')}
          </Button>
          <Button size="small" onClick={() => void dismiss(entry.id)} data-testid="conflict-dismiss">
            {t('outbox.dismiss')}
          </Button>
        </ConflictPanel>
      ))}
    </>
  )

  if (!data) {
    if (fetching) return <Loading />
    return (
      <main className={styles.page}>
        {header}
        {pending}
        <Failure error={error?.networkError ?? error ?? new NetworkError('Not saved for offline use')} onRetry={refresh} />
      </main>
    )
  }
  if (!todo) {
    return (
      <main className={styles.page}>
        {header}
        {pending}
        <Empty title={t('todo.gone')} testId="todo-gone" />
      </main>
    )
  }
  const project = todo.project
  return (
    <main className={`${styles.page} ${styles.withBar}`} data-testid="todo-detail">
      {header}
      <section className={styles.heading}>
        <h1>{todoTitle(t, language, todo)}</h1>
        <div className={styles.meta}>
          <WarningLight light={todo.light} label />
          <Tag color="primary" fill="outline">
            {t(`expects.${todo.expects}`)}
          </Tag>
          {todo.daysUsed !== null && todo.limitDays !== null && (
            <span data-testid="todo-days">{t('todo.day', { day: todo.daysUsed + 1, of: todo.limitDays })}</span>
          )}
          {todo.dueAt && <span>{t('todos.due', { date: formatDate(language, todo.dueAt) })}</span>}
        </div>
      </section>
      {pending}
      {project && <Summary project={project} />}
      {todo.routeAhead.length > 0 && <RouteAhead route={todo.routeAhead} />}
      <Suspense fallback={null}>
        {todo.form && <StepFacts todo={todo} onChanged={refresh} />}
        {hasTaskForm(todo.expects) && <TaskForm todo={todo} onChanged={refresh} />}
      </Suspense>
      {project?.changesSinceLastSubmission && <Changes changes={project.changesSinceLastSubmission} />}
      {project && <Materials materials={project.materials} />}
      {project && <History projectId={project.id} />}
      {todo.expects === 'SCORE' && todo.seatId && (
        <div className={styles.scoreLink}>
          <Link to={`/sheets/${encodeURIComponent(todo.seatId)}`} state={{ title: todoTitle(t, language, todo) }}>
            <Button block color="primary">
              {t('todo.openSheet')}
            </Button>
          </Link>
        </div>
      )}
      <Actions todo={todo} blocked={waiting ? 'waiting' : closed ? 'closed' : null} onChanged={refresh} userId={user?.id} />
    </main>
  )
}

/** Before the applicant submits: the steps that follow, who acts on each and when it is expected done. */
function RouteAhead({ route }: { route: DetailTodo['routeAhead'] }) {
  const { t, language } = useI18n()
  return (
    <Section title={t('route.title')} testId="route-ahead">
      <p className={styles.weak}>{t('route.hint')}</p>
      <Steps direction="vertical">
        {route.map((step) => (
          <Steps.Step
            key={step.stepKey}
            title={step.stepName}
            description={`${step.centers.map((center) => t(`center.${center}`)).join('、')} · ${t('route.by', {
              date: formatDate(language, step.expectedBy),
            })}${step.estimated ? t('route.estimated') : ''}`}
          />
        ))}
      </Steps>
    </Section>
  )
}

function Summary({ project }: { project: Project }) {
  const { t, language } = useI18n()
  const rows: [MessageKey, string][] = [
    ['project.code', project.code],
    ['project.builder', project.builder.name],
    ['project.stage', t(`stage.${project.stage}`)],
    ['project.status', t(`projectStatus.${project.status}`)],
    ['project.requestedAmount', formatMoney(language, project.requestedAmount)],
    ['project.approvedBudget', formatMoney(language, project.approvedBudget)],
    ['project.appliedOn', formatDate(language, project.appliedOn)],
  ]
  return (
    <Section
      title={project.name}
      extra={
        <Link to={`/projects/${encodeURIComponent(project.id)}`} data-testid="open-progress">
          {t('project.progress')}
        </Link>
      }
      testId="project-summary"
    >
      <dl className={styles.facts}>
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  )
}

function fieldLabel(t: (key: MessageKey, params?: Record<string, string>) => string, field: string): string {
  const [group, item] = field.split(/\.(.*)/s)
  if (item && (group === 'plan' || group === 'implementationPlan')) return t(`changes.${group}`, { item })
  const key = `field.${field}` as MessageKey
  const text = t(key)
  return text === key ? field : text
}

function Changes({ changes }: { changes: NonNullable<Project['changesSinceLastSubmission']> }) {
  const { t, language } = useI18n()
  const money = (field: string, value: string | null) =>
    value !== null && field !== 'name' && /^-?\d+(\.\d+)?$/.test(value) ? formatMoney(language, value) : (value ?? '—')
  return (
    <Section title={t('changes.title')} testId="changes">
      <p className={styles.weak}>
        {t('changes.between', {
          before: formatDateTime(language, changes.previousSubmittedAt),
          after: formatDateTime(language, changes.lastSubmittedAt),
        })}
      </p>
      {changes.fields.length === 0 && changes.materialsAdded.length === 0 && <p>{t('changes.none')}</p>}
      {changes.fields.length > 0 && (
        <table className={styles.changes}>
          <thead>
            <tr>
              <th>{t('changes.field')}</th>
              <th>{t('changes.before')}</th>
              <th>{t('changes.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.fields.map((change) => (
              <tr key={change.field} data-testid={`change-${change.field}`}>
                <th>{fieldLabel(t, change.field)}</th>
                <td className={styles.before}>{money(change.field, change.before)}</td>
                <td className={styles.after}>{money(change.field, change.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes.materialsAdded.length > 0 && (
        <>
          <h3 className={styles.subheading}>{t('changes.materialsAdded')}</h3>
          <MaterialList materials={changes.materialsAdded} />
        </>
      )}
    </Section>
  )
}

function Materials({ materials }: { materials: Material[] }) {
  const { t } = useI18n()
  return (
    <Section title={t('materials.title', { count: materials.length })} testId="materials">
      {materials.length === 0 ? <p className={styles.weak}>{t('materials.none')}</p> : <MaterialList materials={materials} />}
    </Section>
  )
}

function History({ projectId }: { projectId: string }) {
  const { t, language } = useI18n()
  const [result] = useQuery({ query: ProjectHistoryDocument, variables: { projectId } })
  const { data, error } = useDeferredValue(result)
  const entries = data?.projectHistory ?? []
  return (
    <Section title={t('history.title')} testId="history">
      {!data && error && <p className={styles.weak}>{t('error.network')}</p>}
      {data && entries.length === 0 && <p className={styles.weak}>{t('history.none')}</p>}
      {entries.length > 0 && (
        <Steps direction="vertical" current={entries.length - 1}>
          {entries.map((entry) => {
            const action = entry.actionLabel
            return (
              <Steps.Step
                key={entry.id}
                status="finish"
                title={
                  <span data-testid={`history-${entry.id}`}>
                    {action}
                    {entry.actingFor && <Tag className={styles.delegate}>{t('history.actingFor')}</Tag>}
                  </span>
                }
                description={
                  <>
                    <div data-testid="history-who">
                      {[entry.actorName, entry.stage ? t(`stage.${entry.stage}`) : null, formatDateTime(language, entry.at)]
                        .filter(Boolean)
                        .join(' · ')}
                    </div>
                    {entry.comment && <div className={styles.opinion}>{entry.comment}</div>}
                  </>
                }
              />
            )
          })}
        </Steps>
      )}
    </Section>
  )
}
