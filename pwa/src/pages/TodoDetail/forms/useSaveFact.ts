import { Toast } from 'antd-mobile'
import { useState } from 'react'
import { errorMessageKey } from '@/components/PageState/PageState'
import { useI18n } from '@/i18n/I18nProvider'
import type { RecordKind, Refusal } from '@/outbox/entry'
import { useOutbox } from '@/outbox/OutboxProvider'
import type { DetailTodo } from '../TodoDetail'

export type SaveOutcome = 'done' | 'waiting' | 'refused' | 'error'

/**
 * Sends one fact through the outbox, as decisions go: answered now, or kept on the phone and
 * sent before any decision taken after it. A refusal is kept to be shown beside the form.
 */
export function useSaveFact(todo: DetailTodo, onChanged: () => void) {
  const { t } = useI18n()
  const { submit } = useOutbox()
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  const save = async (kind: RecordKind, input: Record<string, unknown>): Promise<SaveOutcome> => {
    setBusy(true)
    setRefusal(null)
    try {
      const submitted = await submit({
        kind,
        input,
        subject: { title: todo.title, todoId: todo.id, projectId: todo.project?.id },
      })
      if (submitted.outcome === 'done') {
        Toast.show({ icon: 'success', content: t('facts.done') })
        onChanged()
        return 'done'
      }
      if (submitted.outcome === 'waiting') {
        Toast.show({ content: t('facts.queued') })
        return 'waiting'
      }
      setRefusal(submitted.refusal)
      return 'refused'
    } catch (error) {
      Toast.show({ content: t(errorMessageKey(error)) })
      return 'error'
    } finally {
      setBusy(false)
    }
  }

  return { save, busy, refusal }
}
