import { Badge, Button, List, Tag, Toast } from 'antd-mobile'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useClient, useMutation, useQuery } from 'urql'
import { InboxDocument, MarkNotificationsReadDocument } from '@/api/generated/inbox'
import { NetworkError } from '@/api/transport'
import { PageBar } from '@/components/PageBar/PageBar'
import { Empty, Failure, Loading, errorMessageKey } from '@/components/PageState/PageState'
import { formatDateTime } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { inAppPath } from './links'
import styles from './Inbox.module.css'

const PAGE_SIZE = 20

/** 消息: the person's notifications, newest first; one opens what it is about. */
export default function Inbox() {
  const { t, language } = useI18n()
  const navigate = useNavigate()
  const client = useClient()
  const [{ data, error, fetching }, reexecute] = useQuery({ query: InboxDocument, variables: { first: PAGE_SIZE } })
  const [, markRead] = useMutation(MarkNotificationsReadDocument)
  const [loadingMore, setLoadingMore] = useState(false)
  const header = <PageBar onBack={() => navigate('/')}>{t('inbox.title')}</PageBar>

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
  const connection = data.myNotifications
  const notifications = connection.edges.map((edge) => edge.node)
  const unread = notifications.filter((notification) => !notification.read).map((notification) => notification.id)

  const open = (notification: (typeof notifications)[number]) => {
    if (!notification.read) void markRead({ ids: [notification.id] })
    const path = inAppPath(notification.link)
    if (path) navigate(path)
  }

  const loadMore = async () => {
    setLoadingMore(true)
    const more = await client
      .query(InboxDocument, { first: PAGE_SIZE, after: connection.pageInfo.endCursor })
      .toPromise()
    setLoadingMore(false)
    if (more.error) Toast.show({ content: t(errorMessageKey(more.error.networkError ?? more.error)) })
  }

  return (
    <main className={styles.page} data-testid="inbox">
      <PageBar
        onBack={() => navigate('/')}
        right={
          unread.length > 0 && (
            <Button size="mini" fill="none" onClick={() => void markRead({ ids: unread })} data-testid="mark-all-read">
              {t('inbox.markAllRead')}
            </Button>
          )
        }
      >
        {t('inbox.title')}
      </PageBar>
      {notifications.length === 0 ? (
        <Empty title={t('inbox.empty')} testId="inbox-empty" />
      ) : (
        <List>
          {notifications.map((notification) => (
            <List.Item
              key={notification.id}
              className={notification.read ? styles.read : styles.unread}
              onClick={() => open(notification)}
              data-testid={`notification-${notification.id}`}
              data-read={notification.read}
              prefix={notification.read ? null : <Badge content={Badge.dot} />}
              description={
                <>
                  <div className={styles.body}>{notification.body}</div>
                  <div className={styles.time}>{formatDateTime(language, notification.createdAt)}</div>
                </>
              }
              extra={notification.urgent ? <Tag color="danger">{t('inbox.urgent')}</Tag> : null}
            >
              {notification.title}
            </List.Item>
          ))}
        </List>
      )}
      {connection.pageInfo.hasNextPage && (
        <div className={styles.more}>
          <Button fill="none" loading={loadingMore} onClick={() => void loadMore()} data-testid="inbox-more">
            {t('todos.loadMore')}
          </Button>
        </div>
      )}
    </main>
  )
}
