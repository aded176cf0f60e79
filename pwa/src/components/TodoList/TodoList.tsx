import { Button, List, Toast } from 'antd-mobile'
import { useState } from 'react'
import { CENTER_TODOS, type CenterKind, type CenterTodosData } from '@/api/documents'
import { useAuth } from '@/auth/AuthProvider'
import { SessionEndedError } from '@/auth/session'
import { useQuery } from '@/auth/useQuery'
import { Empty, Failure, Loading, errorMessageKey } from '@/components/PageState/PageState'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './TodoList.module.css'

const PAGE_SIZE = 20

type Page = CenterTodosData['center']['todos']

/** The to-dos of one center, a page at a time. Give it `key={kind}` to start over. */
export function TodoList({ kind }: { kind: CenterKind }) {
  const { t, language } = useI18n()
  const { session } = useAuth()
  const firstPage = useQuery<CenterTodosData>(CENTER_TODOS, { kind, first: PAGE_SIZE })
  const [laterPages, setLaterPages] = useState<Page[]>([])
  const [loadingMore, setLoadingMore] = useState(false)

  if (firstPage.error) return <Failure error={firstPage.error} onRetry={firstPage.reload} />
  if (!firstPage.data) return <Loading />

  const pages = [firstPage.data.center.todos, ...laterPages]
  const last = pages[pages.length - 1] as Page
  const todos = pages.flatMap((page) => page.edges.map((edge) => edge.node))
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium' })

  const loadMore = async () => {
    setLoadingMore(true)
    try {
      const data = await session.request<CenterTodosData>(CENTER_TODOS, {
        kind,
        first: PAGE_SIZE,
        after: last.pageInfo.endCursor,
      })
      setLaterPages((previous) => [...previous, data.center.todos])
    } catch (error) {
      if (!(error instanceof SessionEndedError)) Toast.show({ content: t(errorMessageKey(error)) })
    } finally {
      setLoadingMore(false)
    }
  }

  if (todos.length === 0) {
    return <Empty title={t('todos.empty')} testId="todo-empty" />
  }
  return (
    <>
      <List
        data-testid="todo-list"
        header={`${t('todos.title')} · ${t('todos.total', { count: firstPage.data.center.todos.totalCount })}`}
      >
        {todos.map((todo) => (
          <List.Item
            key={todo.id}
            data-testid="todo-item"
            description={todo.dueAt ? t('todos.due', { date: dateFormat.format(new Date(todo.dueAt)) }) : undefined}
          >
            {todo.title}
          </List.Item>
        ))}
      </List>
      {last.pageInfo.hasNextPage && (
        <div className={styles.more}>
          <Button fill="none" loading={loadingMore} onClick={() => void loadMore()} data-testid="todo-more">
            {t('todos.loadMore')}
          </Button>
        </div>
      )}
    </>
  )
}
