import { Toast } from 'antd-mobile'
import { useState } from 'react'
import { errorMessageKey } from '@/components/PageState/PageState'
import { useI18n } from '@/i18n/I18nProvider'
import type { RecordKind, Refusal, Subject } from '@/outbox/entry'
import { useOutbox, type Submitted } from '@/outbox/OutboxProvider'

/**
 * Queues one record in the outbox (it goes now when online, later otherwise) and says what became
 * of it: answered, waiting for the network, or refused with a reason kept for the form to show.
 */
export function useRecord(kind: RecordKind) {
  const { t } = useI18n()
  const { submit } = useOutbox()
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  const send = async (input: Record<string, unknown>, subject: Subject): Promise<Submitted['outcome'] | null> => {
    setBusy(true)
    setRefusal(null)
    try {
      const submitted = await submit({ kind, input, subject })
      if (submitted.outcome === 'done') Toast.show({ icon: 'success', content: t('task.done') })
      else if (submitted.outcome === 'waiting') Toast.show({ content: t('task.queued') })
      else setRefusal(submitted.refusal)
      return submitted.outcome
    } catch (error) {
      Toast.show({ content: t(errorMessageKey(error)) })
      return null
    } finally {
      setBusy(false)
    }
  }
  return { send, busy, refusal }
}
