import { Button, NavBar } from 'antd-mobile'
import { Navigate, useNavigate, useParams } from 'react-router'
import { ME, type MeData } from '@/api/documents'
import { useAuth } from '@/auth/AuthProvider'
import { useQuery } from '@/auth/useQuery'
import { CenterSwitcher } from '@/components/CenterSwitcher/CenterSwitcher'
import { LanguageSwitch } from '@/components/LanguageSwitch/LanguageSwitch'
import { Empty, Failure, Loading } from '@/components/PageState/PageState'
import { TodoList } from '@/components/TodoList/TodoList'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './Home.module.css'

export default function Home() {
  const { t } = useI18n()
  const { logout } = useAuth()
  const navigate = useNavigate()
  const { kind } = useParams()
  const me = useQuery<MeData>(ME)

  if (me.error) return <Failure error={me.error} onRetry={me.reload} />
  if (!me.data) return <Loading />

  const { user, centers } = me.data.me
  const active = centers.find((center) => center.kind === kind) ?? centers[0]
  // A link to a center this person does not hold (any more) leads home.
  if (kind !== undefined && active?.kind !== kind) return <Navigate to="/" replace />

  return (
    <main className={styles.page} data-testid="home-page">
      <NavBar
        back={null}
        right={
          <Button size="mini" fill="none" onClick={() => void logout()} data-testid="sign-out">
            {t('home.signOut')}
          </Button>
        }
      >
        {t('app.name')}
      </NavBar>
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
            onChange={(next) => navigate(`/centers/${next}`, { replace: true })}
          />
          <TodoList key={active.kind} kind={active.kind} />
        </>
      ) : (
        <Empty title={t('home.noCenters')} testId="no-centers" />
      )}
    </main>
  )
}
