import { Button, List, Toast } from 'antd-mobile'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useClient, useMutation, useQuery } from 'urql'
import { MyDecisionsDocument, TakeBackDocument } from '@/api/generated/done'
import { NetworkError } from '@/api/transport'
import { ActionSheet } from '@/components/ActionSheet/ActionSheet'
import { PageBar } from '@/components/PageBar/PageBar'
import { Empty, Failure, Loading, errorMessageKey } from '@/components/PageState/PageState'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { randomId } from '@/outbox/lock'
import styles from './Done.module.css'

const PAGE_SIZE = 20

/** 已办: what the person decided, newest first; the latest approval of a project can be taken back (取回). */
export default function Done() {
  const { t, language } = useI18n()
  const navigate = useNavigate()
  const client = useClient()
  const [{ data, error, fetching }, reexecute] = useQuery({ query: MyDecisionsDocument, variables: { first: PAGE_SIZE } })
  const [, takeBack] = useMutation(TakeBackDocument)
  const [taking, setTaking] = useState<{ taskId: string; title: string } | null>(null)
  const [key, setKey] = useState(randomId)
  const [busy, setBusy] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const header = <PageBar onBack={() => navigate('/')}>{t('done.title')}</PageBar>

  if (!data) {
    return (
      <main className={styles.page}>
        {header}
        {fetching ? (
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
  const connection = data.myDecisions
  const entries = connection.edges.map((edge) => edge.node)

  const confirm = async () => {
    if (!taking) return
    setBusy(true)
    // One key per confirmation: a retry after a lost answer takes it back once.
    const result = await takeBack({ input: { idempotencyKey: key, taskId: taking.taskId } })
    setBusy(false)
    const answer = result.data?.takeBack
    if (answer?.__typename === 'ActionDone') {
      setTaking(null)
      Toast.show({ icon: 'success', content: t('done.takenBack') })
      // The to-do is the person's again: straight to it.
      navigate(`/todos/${encodeURIComponent(taking.taskId)}`, { replace: false })
      return
    }
    setTaking(null)
    reexecute({ requestPolicy: 'network-only' })
    Toast.show({ content: answer && 'message' in answer ? answer.message : t(errorMessageKey(result.error?.networkError ?? result.error)) })
  }

  const loadMore = async () => {
    setLoadingMore(true)
    const more = await client.query(MyDecisionsDocument, { first: PAGE_SIZE, after: connection.pageInfo.endCursor }).toPromise()
    setLoadingMore(false)
    if (more.error) Toast.show({ content: t(errorMessageKey(more.error.networkError ?? more.error)) })
  }

  return (
    <main className={styles.page} data-testid="done-page">
      {header}
      {entries.length === 0 ? (
        <Empty title={t('done.empty')} testId="done-empty" />
      ) : (
        <List header={t('done.total', { count: connection.totalCount })} data-testid="done-list">
          {entries.map((entry) => (
            <List.Item
              key={entry.id}
              data-testid={`done-${entry.id}`}
              description={`${entry.actionLabel} · ${formatDateTime(language, entry.at)}${entry.comment ? ` · ${entry.comment}` : ''}`}
              extra={
                entry.canTakeBack && entry.taskId ? (
                  <Button
                    size="small"
                    color="primary"
                    fill="outline"
                    className={styles.takeBack}
                    onClick={() => {
                      setKey(randomId())
                      setTaking({ taskId: entry.taskId!, title: entry.project?.name ?? '' })
                    }}
                    data-testid={`take-back-${entry.id}`}
                  >
                    {t('done.takeBack')}
                  </Button>
                ) : null
              }
            >
              {entry.project ? `${entry.project.name} · ${entry.project.code}` : entry.actionLabel}
            </List.Item>
          ))}
        </List>
      )}
      {connection.pageInfo.hasNextPage && (
        <div className={styles.more}>
          <Button fill="none" loading={loadingMore} onClick={() => void loadMore()} data-testid="done-more">
            {t('todos.loadMore')}
          </Button>
        </div>
      )}
      <ActionSheet
        visible={taking !== null}
        title={t('done.takeBackConfirm')}
        confirmText={t('done.takeBack')}
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => setTaking(null)}
      >
        <p>{taking?.title}</p>
        <p className={styles.hint}>{t('done.takeBackHint')}</p>
      </ActionSheet>
    </main>
  )
}
