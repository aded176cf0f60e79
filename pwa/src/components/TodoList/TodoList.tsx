import { Button, List, Tag } from 'antd-mobile'
import { useNavigate } from 'react-router'
import type { TodoRowFragment } from '@/api/generated/home'
import { Empty } from '@/components/PageState/PageState'
import { WarningLight } from '@/components/WarningLight/WarningLight'
import { formatDate } from '@/i18n/format'
import { todoTitle } from '@/i18n/labels'
import { useI18n } from '@/i18n/I18nProvider'
import type { EntryStatus } from '@/outbox/entry'
import styles from './TodoList.module.css'

interface Props {
  todos: TodoRowFragment[]
  totalCount: number
  hasNextPage: boolean
  loadingMore: boolean
  onLoadMore: () => void
  /** To-dos with an action of this device not answered yet (or refused). */
  outbox: ReadonlyMap<string, EntryStatus>
}

/** Where a to-do opens: the score sheet for scoring, else the approval detail. */
export function todoLink(todo: Pick<TodoRowFragment, 'id' | 'expects' | 'seatId'>): string {
  return todo.expects === 'SCORE' && todo.seatId
    ? `/sheets/${encodeURIComponent(todo.seatId)}`
    : `/todos/${encodeURIComponent(todo.id)}`
}

/** The to-dos of a center: warning light, day X of Y working days, and what waits to be sent. */
export function TodoList({ todos, totalCount, hasNextPage, loadingMore, onLoadMore, outbox }: Props) {
  const { t, language } = useI18n()
  const navigate = useNavigate()

  if (todos.length === 0) return <Empty title={t('todos.empty')} testId="todo-empty" />
  return (
    <>
      <List data-testid="todo-list" header={`${t('todos.title')} · ${t('todos.total', { count: totalCount })}`}>
        {todos.map((todo) => {
          const queued = outbox.get(todo.id)
          const days =
            todo.daysUsed !== null && todo.limitDays !== null
              ? t('todo.day', { day: todo.daysUsed + 1, of: todo.limitDays })
              : null
          return (
            <List.Item
              key={todo.id}
              data-testid={`todo-${todo.id}`}
              className={styles.item}
              onClick={() => navigate(todoLink(todo), { state: { title: todoTitle(t, language, todo), todoId: todo.id } })}
              prefix={<WarningLight light={todo.light} />}
              description={
                <div className={styles.description}>
                  {todo.project && (
                    <div>
                      {todo.project.name} · {todo.project.code}
                    </div>
                  )}
                  <div>
                    {[
                      t(`expects.${todo.expects}`),
                      days,
                      todo.dueAt ? t('todos.due', { date: formatDate(language, todo.dueAt) }) : null,
                      todo.dueEstimated ? t('todo.estimated') : null,
                      todo.urgeCount > 0 ? t('todo.urged', { count: todo.urgeCount }) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                </div>
              }
              extra={
                queued && (
                  <Tag color={queued === 'waiting' || queued === 'held' ? 'warning' : 'danger'} data-testid="todo-outbox">
                    {t(`outbox.status.${queued}`)}
                  </Tag>
                )
              }
            >
              {todoTitle(t, language, todo)}
            </List.Item>
          )
        })}
      </List>
      {hasNextPage && (
        <div className={styles.more}>
          <Button fill="none" loading={loadingMore} onClick={onLoadMore} data-testid="todo-more">
            {t('todos.loadMore')}
          </Button>
        </div>
      )}
    </>
  )
}
