import type { BarChartOptions, PieChartOptions } from 'chartist'
import { useMemo } from 'react'
import { Navigate, useNavigate, useParams } from 'react-router'
import { useQuery } from 'urql'
import { isCenterKind } from '@/api/documents'
import { CenterStatsDocument, type CenterStatsQuery } from '@/api/generated/stats'
import { NetworkError } from '@/api/transport'
import { PageBar } from '@/components/PageBar/PageBar'
import { Failure, Loading } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { formatMoney, formatRate } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { STAGES } from '@/pages/ProjectProgress/stages'
import { Chart } from './Chart'
import styles from './Stats.module.css'

type Stats = CenterStatsQuery['center']['stats']
const LIGHTS = ['RED', 'YELLOW', 'GREEN'] as const

/** 统计: stage funnel, warning lights, budget execution and ranking (data bureau, finance). */
export default function StatsPage() {
  const { t } = useI18n()
  const { kind } = useParams()
  const navigate = useNavigate()
  const valid = isCenterKind(kind)
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: CenterStatsDocument,
    variables: { kind: valid ? kind : 'DATA' },
    pause: !valid,
  })
  if (!valid) return <Navigate to="/" replace />
  return (
    <main className={styles.page} data-testid="stats">
      <PageBar onBack={() => navigate(`/centers/${kind}`)}>
        {t('stats.title')} · {t(`center.${kind}`)}
      </PageBar>
      {data ? (
        <Charts stats={data.center.stats} />
      ) : fetching ? (
        <Loading />
      ) : (
        <Failure
          error={error?.networkError ?? error ?? new NetworkError('Not saved for offline use')}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
    </main>
  )
}

function Charts({ stats }: { stats: Stats }) {
  const { t, language } = useI18n()

  const funnel = useMemo(() => {
    const counts = new Map(stats.byStage.map((entry) => [entry.stage, entry.count]))
    return { labels: STAGES.map((stage) => t(`stage.${stage}`)), series: [STAGES.map((stage) => counts.get(stage) ?? 0)] }
  }, [stats.byStage, t])
  const barOptions = useMemo<BarChartOptions>(
    () => ({ horizontalBars: true, reverseData: true, axisY: { offset: 76 }, axisX: { onlyInteger: true }, height: '280px', chartPadding: { right: 16 } }),
    [],
  )

  const lights = useMemo(() => {
    const counts = new Map(stats.byLight.map((entry) => [entry.light, entry.count]))
    return { labels: LIGHTS.map((light) => t(`light.${light}`)), series: LIGHTS.map((light) => counts.get(light) ?? 0) }
  }, [stats.byLight, t])
  const lightTotal = lights.series.reduce((sum, count) => sum + count, 0)
  const pieOptions = useMemo<PieChartOptions>(() => ({ donut: true, donutWidth: 28, showLabel: false, height: '180px' }), [])

  const budget = stats.budget
  const budgetData = useMemo(
    () =>
      budget
        ? {
            labels: [t('stats.approved'), t('stats.contracted'), t('stats.paid')],
            series: [[Number(budget.approved) / 10_000, Number(budget.contracted) / 10_000, Number(budget.paid) / 10_000]],
          }
        : null,
    [budget, t],
  )
  const budgetOptions = useMemo<BarChartOptions>(() => ({ height: '200px', axisY: { offset: 48 } }), [])

  const ranking = useMemo(() => stats.ranking ?? [], [stats.ranking])
  const rankingData = useMemo(() => {
    const top = ranking.slice(0, 10)
    return { labels: top.map((entry) => `${entry.rank}. ${entry.organisation.name}`), series: [top.map((entry) => Number(entry.average))] }
  }, [ranking])
  const rankingOptions = useMemo<BarChartOptions>(
    () => ({
      horizontalBars: true,
      reverseData: true,
      axisY: { offset: 110 },
      chartPadding: { right: 24 },
      height: `${Math.max(120, ranking.slice(0, 10).length * 28)}px`,
    }),
    [ranking],
  )

  return (
    <>
      <Section title={t('stats.funnel', { count: stats.projects })} testId="chart-funnel">
        <Chart type="bar" data={funnel} options={barOptions} label={t('stats.funnel', { count: stats.projects })} />
      </Section>
      <Section title={t('stats.lights')} testId="chart-lights">
        <div className={styles.lights}>
          <Chart type="pie" data={lights} options={pieOptions} label={t('stats.lights')} />
          <ul className={styles.legend}>
            {LIGHTS.map((light, index) => (
              <li key={light} data-light={light}>
                {t(`light.${light}`)} <strong>{lights.series[index]}</strong>
              </li>
            ))}
            <li>{t('stats.inHand', { count: lightTotal })}</li>
          </ul>
        </div>
      </Section>
      {budget && budgetData && (
        <Section title={t('stats.budget')} testId="chart-budget">
          <p className={styles.figures}>
            {t('stats.rate', { rate: formatRate(language, budget.rate) })} · {t('stats.approved')} {formatMoney(language, budget.approved)} ·{' '}
            {t('stats.paid')} {formatMoney(language, budget.paid)}
          </p>
          <Chart type="bar" data={budgetData} options={budgetOptions} label={t('stats.budget')} />
          <p className={styles.unit}>{t('stats.unit')}</p>
        </Section>
      )}
      {ranking.length > 0 && (
        <Section title={t('stats.ranking')} testId="chart-ranking">
          <Chart type="bar" data={rankingData} options={rankingOptions} label={t('stats.ranking')} />
        </Section>
      )}
    </>
  )
}
