import { Badge, Button, List } from 'antd-mobile'
import { BellOutline, HistogramOutline, SetOutline } from 'antd-mobile-icons'
import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useState } from 'react'
import { Link, Navigate, useNavigate, useParams } from 'react-router'
import { useClient, useQuery } from 'urql'
import { isCenterKind, type CenterKind } from '@/api/documents'
import { lastCenter, rememberAbilities, rememberCenter, rememberedAbilities } from '@/app/center'
import { HomeScreenDocument, MoreProjectsDocument, MoreTodosDocument, type CenterAbility } from '@/api/generated/home'
import { NetworkError } from '@/api/transport'
import { useAuth } from '@/auth/AuthProvider'
import { PageBar } from '@/components/PageBar/PageBar'
import { CenterSwitcher } from '@/components/CenterSwitcher/CenterSwitcher'
import { confirm, toast } from '@/components/Feedback/feedback'
import { LanguageSwitch } from '@/components/LanguageSwitch/LanguageSwitch'
import { Empty, Failure, Loading, errorMessageKey } from '@/components/PageState/PageState'
import { TodoList } from '@/components/TodoList/TodoList'
import { WarningLight } from '@/components/WarningLight/WarningLight'
import { useI18n } from '@/i18n/I18nProvider'
import type { EntryStatus } from '@/outbox/entry'
import { useOutbox, useOutboxSettled } from '@/outbox/OutboxProvider'
import { STAGES } from '@/pages/ProjectProgress/stages'
import styles from './Home.module.css'

type AnsweredCenters = readonly { kind: CenterKind; abilities: readonly CenterAbility[] }[]

// 批量办理 comes with its own chunk, for the few centers with batchable to-dos.
const BatchApproval = lazy(() => import('./BatchApproval'))

const PAGE_SIZE = 20
const PROJECT_PAGE_SIZE = 10

/** The home of one center: counts by stage and light, and the to-dos, in one request. */
export default function Home() {
  const { t } = useI18n()
  const { logout } = useAuth()
  const { entries, discardAll } = useOutbox()
  const navigate = useNavigate()
  const client = useClient()
  const params = useParams()
  const wanted = isCenterKind(params.kind) ? params.kind : null
  const [guess, setGuess] = useState<CenterKind | null>(lastCenter)
  const kind = wanted ?? guess
  // What the center's home offers comes from the server (`me.centers.abilities`): its latest answer,
  // else the one kept from an earlier visit, so that the projects are asked for in the first request.
  const [centersAnswered, setCentersAnswered] = useState<AnsweredCenters | null>(null)
  const abilities =
    kind === null
      ? null
      : centersAnswered
        ? (centersAnswered.find((center) => center.kind === kind)?.abilities ?? null)
        : rememberedAbilities(kind)
  const follows = abilities?.includes('FOLLOW_PROJECTS') ?? false
  const [result, reexecute] = useQuery({
    query: HomeScreenDocument,
    variables: {
      kind: kind ?? 'BUILDER',
      withCenter: kind !== null,
      withProjects: follows,
      first: PAGE_SIZE,
      firstProjects: PROJECT_PAGE_SIZE,
    },
  })
  const [loadingMore, setLoadingMore] = useState<'todos' | 'projects' | null>(null)
  // While a batch is open it stays on screen, however the list behind it changes as its items are done.
  const [batching, setBatching] = useState(false)
  const centersSeen = result.data?.me.centers
  if (centersSeen && centersSeen !== centersAnswered) setCentersAnswered(centersSeen)
  useEffect(() => {
    if (centersSeen) rememberAbilities(centersSeen)
  }, [centersSeen])

  // An action answered (here, in another tab or by the service worker): the list changed.
  useOutboxSettled((events) => {
    if (events.some((event) => event.outcome === 'done')) reexecute({ requestPolicy: 'network-only' })
  })

  const queued = useMemo(() => {
    const map = new Map<string, EntryStatus>()
    for (const entry of entries) {
      const key = entry.subject.todoId
      if (key && (!map.has(key) || entry.status !== 'waiting')) map.set(key, entry.status)
    }
    return map
  }, [entries])

  // The screen is drawn from a deferred copy of the answer: React renders it in slices that leave
  // the main thread free between them, rather than in one long task when the answer comes.
  const { data, error, fetching } = useDeferredValue(result)
  if (!data) {
    // The remembered center is not held any more: start from the first one.
    if (error && !wanted && guess && !(error.networkError instanceof NetworkError)) {
      rememberCenter(null)
      setGuess(null)
      return <Loading />
    }
    if (error) return <Failure error={error.networkError ?? error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
    if (!fetching) return <Failure error={new NetworkError('Nothing saved for offline use')} onRetry={() => reexecute()} />
    return <Loading />
  }

  const { user, centers } = data.me
  const active = centers.find((center) => center.kind === kind) ?? centers[0]
  // A link to a center this person does not hold (any more) leads home.
  if (wanted && active?.kind !== wanted) return <Navigate to="/" replace />
  if (active && active.kind !== kind) {
    // First visit: now that the centers are known, ask for the first one.
    rememberCenter(active.kind)
    setGuess(active.kind)
    return <Loading />
  }
  const center = data.center
  // 批量办理: the to-dos on screen the template lets go together, none of them waiting in the outbox.
  const batchable = center ? center.todos.edges.map(({ node }) => node).filter((node) => node.batchable && !queued.has(node.id)) : []

  const signOut = async () => {
    const unsent = entries.filter((entry) => entry.status === 'waiting' || entry.status === 'held').length
    if (unsent > 0) {
      const sure = await confirm({
        content: t('home.signOutUnsent', { count: unsent }),
        confirmText: t('home.signOut'),
        cancelText: t('common.cancel'),
      })
      if (!sure) return
      await discardAll()
    }
    rememberCenter(null)
    await logout()
  }

  /** The next page of a list; the cache joins it to the pages shown (api/client.ts). */
  const loadMore = async (list: 'todos' | 'projects') => {
    if (!center || !kind) return
    setLoadingMore(list)
    const more =
      list === 'todos'
        ? await client
            .query(MoreTodosDocument, { kind, first: PAGE_SIZE, after: center.todos.pageInfo.endCursor })
            .toPromise()
        : await client
            .query(MoreProjectsDocument, { kind, first: PROJECT_PAGE_SIZE, after: center.projects?.pageInfo.endCursor })
            .toPromise()
    setLoadingMore(null)
    if (more.error) void toast(t(errorMessageKey(more.error.networkError ?? more.error)))
  }

  const stageCounts = center?.stats.byStage.filter((entry) => entry.count > 0) ?? []
  const lightCount = (light: 'RED' | 'YELLOW' | 'GREEN') =>
    center?.stats.byLight.find((entry) => entry.light === light)?.count ?? 0

  return (
    <main className={styles.page} data-testid="home-page">
      <PageBar
        right={
          <div className={styles.navActions}>
            <Link
              to="/inbox"
              // The badge's count is part of the name (what is seen is what is said).
              aria-label={data.unread.totalCount > 0 ? `${t('inbox.title')} ${Math.min(data.unread.totalCount, 99)}` : t('inbox.title')}
              data-testid="open-inbox"
            >
              <Badge content={data.unread.totalCount > 0 ? Math.min(data.unread.totalCount, 99) : null}>
                <BellOutline fontSize={22} />
              </Badge>
            </Link>
            <Link to="/settings" aria-label={t('settings.title')} data-testid="open-settings">
              <SetOutline fontSize={22} />
            </Link>
            <Button size="mini" fill="none" onClick={() => void signOut()} data-testid="sign-out">
              {t('home.signOut')}
            </Button>
          </div>
        }
      >
        {t('app.name')}
      </PageBar>
      <section className={styles.profile}>
        <div>
          <div className={styles.name} data-testid="home-display-name">
            {user.displayName}
          </div>
          <div className={styles.organisation} data-testid="home-organisation">
            {user.organisation.name}
          </div>
        </div>
        <LanguageSwitch />
      </section>
      {active ? (
        <>
          <CenterSwitcher
            centers={centers}
            active={active.kind}
            onChange={(next) => {
              rememberCenter(next)
              navigate(`/centers/${next}`, { replace: true })
            }}
          />
          {center && (
            <section className={styles.stats} data-testid="center-stats">
              <div className={styles.lights}>
                <span data-testid="count-RED">
                  <WarningLight light="RED" /> {lightCount('RED')}
                </span>
                <span data-testid="count-YELLOW">
                  <WarningLight light="YELLOW" /> {lightCount('YELLOW')}
                </span>
                <span data-testid="count-GREEN">
                  <WarningLight light="GREEN" /> {lightCount('GREEN')}
                </span>
                <span className={styles.projects}>{t('home.projects', { count: center.stats.projects })}</span>
                {active.abilities.includes('SEE_CHARTS') && (
                  <Link to={`/centers/${active.kind}/stats`} className={styles.charts} data-testid="open-stats">
                    <HistogramOutline /> {t('stats.open')}
                  </Link>
                )}
              </div>
              {stageCounts.length > 0 && (
                <div className={styles.stages}>
                  {STAGES.filter((stage) => stageCounts.some((entry) => entry.stage === stage)).map((stage) => (
                    <span key={stage} className={styles.stage} data-testid={`count-${stage}`}>
                      {t(`stage.${stage}`)} <b>{stageCounts.find((entry) => entry.stage === stage)?.count}</b>
                    </span>
                  ))}
                </div>
              )}
            </section>
          )}
          {active.abilities.includes('DECLARE_PROJECTS') && (
            <div className={styles.declare}>
              <Button block color="primary" onClick={() => navigate('/declare')} data-testid="open-declare">
                {t('declare.open')}
              </Button>
            </div>
          )}
          {center && (
            <div className={styles.doneLink}>
              <Link to="/done" data-testid="open-done">
                {t('done.open')}
              </Link>
            </div>
          )}
          {center && (batchable.length > 1 || batching) && (
            <Suspense fallback={null}>
              <BatchApproval
                todos={batchable}
                onOpenChange={setBatching}
                onChanged={() => reexecute({ requestPolicy: 'network-only' })}
              />
            </Suspense>
          )}
          {center ? (
            <TodoList
              todos={center.todos.edges.map((edge) => edge.node)}
              totalCount={center.todos.totalCount}
              hasNextPage={center.todos.pageInfo.hasNextPage}
              loadingMore={loadingMore === 'todos'}
              onLoadMore={() => void loadMore('todos')}
              outbox={queued}
            />
          ) : (
            <Loading />
          )}
          {center?.projects && center.projects.edges.length > 0 && (
            <List header={t('home.myProjects', { count: center.projects.totalCount })} data-testid="project-list">
              {center.projects.edges.map(({ node }) => (
                <List.Item
                  key={node.id}
                  prefix={<WarningLight light={node.light} />}
                  description={`${node.code} · ${t(`stage.${node.stage}`)} · ${t(`projectStatus.${node.status}`)}`}
                  onClick={() => navigate(`/projects/${encodeURIComponent(node.id)}`)}
                  data-testid={`project-${node.id}`}
                >
                  {node.name}
                </List.Item>
              ))}
            </List>
          )}
          {center?.projects?.pageInfo.hasNextPage && (
            <div className={styles.more}>
              <Button
                fill="none"
                loading={loadingMore === 'projects'}
                onClick={() => void loadMore('projects')}
                data-testid="project-more"
              >
                {t('todos.loadMore')}
              </Button>
            </div>
          )}
        </>
      ) : (
        <Empty title={t('home.noCenters')} testId="no-centers" />
      )}
    </main>
  )
}
