import { Button, Checkbox, List, Tag } from 'antd-mobile'
import { useState } from 'react'
import type { TodoRowFragment } from '@/api/generated/home'
import { ActionSheet } from '@/components/ActionSheet/ActionSheet'
import { todoTitle } from '@/i18n/labels'
import { useI18n } from '@/i18n/I18nProvider'
import { useOutbox, type Submitted } from '@/outbox/OutboxProvider'
import styles from './Home.module.css'

type Outcome = 'done' | 'waiting' | 'refused'

interface Props {
  /** The center's to-dos its template lets go in a batch (`Todo.batchable`). */
  todos: TodoRowFragment[]
  onChanged: () => void
  /** Told when the batch opens and closes: the home keeps it on screen while open. */
  onOpenChange?: (open: boolean) => void
}

export function outcomeOf(submitted: Submitted): Outcome {
  return submitted.outcome === 'done' ? 'done' : submitted.outcome === 'waiting' ? 'waiting' : 'refused'
}

/**
 * 批量办理: approve several simple to-dos at once. Each is still its own decision through the outbox,
 * with its own idempotency key and the step version shown, so each lands once or is refused alone.
 */
export default function BatchApproval({ todos, onChanged, onOpenChange }: Props) {
  const { t, language } = useI18n()
  const { submit } = useOutbox()
  const [open, setOpen] = useState(false)
  const [chosen, setChosen] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [results, setResults] = useState<Map<string, Outcome>>(new Map())
  // The to-dos as they were when the batch was opened: the list behind reloads as each one is done.
  const [shown, setShown] = useState<TodoRowFragment[]>([])

  const start = () => {
    setShown(todos)
    setChosen(todos.map((todo) => todo.id))
    setResults(new Map())
    setOpen(true)
    onOpenChange?.(true)
  }

  const close = () => {
    setOpen(false)
    onOpenChange?.(false)
  }

  const approve = async () => {
    setBusy(true)
    const answered = new Map<string, Outcome>()
    try {
      // One at a time, in the list's order: each answer is shown beside its to-do.
      for (const todo of shown.filter((row) => chosen.includes(row.id))) {
        const submitted = await submit({
          kind: 'decide',
          input: { taskId: todo.id, verdict: 'APPROVE', expectedVersion: todo.stepVersion, comment: t('batch.opinion') },
          subject: { title: todo.title, todoId: todo.id, taskId: todo.id, projectId: todo.project?.id },
        })
        answered.set(todo.id, outcomeOf(submitted))
        setResults(new Map(answered))
      }
    } finally {
      setBusy(false)
      onChanged()
    }
  }

  const finished = results.size > 0 && !busy
  return (
    <div className={styles.batch}>
      <Button block fill="outline" color="primary" onClick={start} data-testid="batch-open">
        {t('batch.open', { count: todos.length })}
      </Button>
      <ActionSheet
        visible={open}
        title={t('batch.title')}
        confirmText={finished ? t('batch.close') : t('batch.confirm', { count: chosen.length })}
        busy={busy}
        confirmDisabled={!finished && chosen.length === 0}
        onConfirm={() => (finished ? close() : void approve())}
        onClose={close}
      >
        <p className={styles.batchHint}>{t('batch.hint')}</p>
        <Checkbox.Group value={chosen} onChange={(values) => setChosen(values as string[])}>
          <List>
            {shown.map((todo) => {
              const outcome = results.get(todo.id)
              return (
                <List.Item
                  key={todo.id}
                  prefix={
                    <Checkbox value={todo.id} disabled={busy || finished} aria-label={todoTitle(t, language, todo)} data-testid={`batch-item-${todo.id}`} />
                  }
                  description={todo.project ? `${todo.project.name} · ${todo.project.code}` : undefined}
                  extra={
                    outcome && (
                      <Tag color={outcome === 'done' ? 'success' : outcome === 'waiting' ? 'warning' : 'danger'} data-testid={`batch-result-${todo.id}`} data-outcome={outcome}>
                        {t(`batch.result.${outcome}`)}
                      </Tag>
                    )
                  }
                >
                  {todoTitle(t, language, todo)}
                </List.Item>
              )
            })}
          </List>
        </Checkbox.Group>
      </ActionSheet>
    </div>
  )
}
