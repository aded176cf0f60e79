import { Input, Selector, Toast } from 'antd-mobile'
import { isRefusal } from '@/api/documents'
import { useState } from 'react'
import { useMutation } from 'urql'
import { DelegateDocument } from '@/api/generated/settings'
import { ActionSheet } from '@/components/ActionSheet/ActionSheet'
import { ColleaguePicker, type Colleague } from '@/components/ColleaguePicker/ColleaguePicker'
import { errorMessageKey } from '@/components/PageState/PageState'
import { useI18n } from '@/i18n/I18nProvider'
import { randomId } from '@/outbox/lock'
import { STAGES, type Stage } from '@/pages/ProjectProgress/stages'
import styles from './Settings.module.css'

const DAY = 24 * 60 * 60 * 1000

/** "2026-03-01T08:00" in local time, as a datetime-local input wants it. */
function localInput(time: number): string {
  const date = new Date(time - new Date(time).getTimezoneOffset() * 60_000)
  return date.toISOString().slice(0, 16)
}

/** 期间代理: a colleague acts for me for a period, on some stages, up to an amount. */
export function DelegateSheet({ visible, onClose }: { visible: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const [delegate, setDelegate] = useState<Colleague | null>(null)
  const [startsAt, setStartsAt] = useState(() => localInput(Date.now()))
  const [endsAt, setEndsAt] = useState(() => localInput(Date.now() + 7 * DAY))
  const [stages, setStages] = useState<Stage[]>([])
  const [maxAmount, setMaxAmount] = useState('')
  const [key, setKey] = useState(randomId)
  const [busy, setBusy] = useState(false)
  const [, create] = useMutation(DelegateDocument)

  const start = new Date(startsAt).getTime()
  const end = new Date(endsAt).getTime()
  const amountValid = maxAmount.trim() === '' || /^\d+(\.\d{1,2})?$/.test(maxAmount.trim())
  const ready = delegate !== null && Number.isFinite(start) && Number.isFinite(end) && end > start && amountValid

  const confirm = async () => {
    if (!delegate) return
    setBusy(true)
    const result = await create({
      input: {
        idempotencyKey: key,
        delegateUserId: delegate.id,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        stages,
        maxAmount: maxAmount.trim() || null,
      },
    })
    setBusy(false)
    const answer = result.data?.delegate
    if (answer?.__typename === 'DelegationCreated') {
      Toast.show({ icon: 'success', content: t('delegation.created') })
      setKey(randomId())
      setDelegate(null)
      onClose()
    } else {
      Toast.show({ content: isRefusal(answer) ? answer.message : t(errorMessageKey(result.error?.networkError ?? result.error)) })
    }
  }

  return (
    <ActionSheet
      visible={visible}
      title={t('delegation.new')}
      confirmText={t('delegation.create')}
      busy={busy}
      confirmDisabled={!ready}
      onConfirm={() => void confirm()}
      onClose={onClose}
    >
      <ColleaguePicker value={delegate} onChange={setDelegate} />
      <label className={styles.time}>
        <span>{t('delegation.startsAt')}</span>
        <input type="datetime-local" value={startsAt} onChange={(event) => setStartsAt(event.target.value)} data-testid="delegate-start" />
      </label>
      <label className={styles.time}>
        <span>{t('delegation.endsAt')}</span>
        <input type="datetime-local" value={endsAt} onChange={(event) => setEndsAt(event.target.value)} data-testid="delegate-end" />
      </label>
      <div>
        <div className={styles.hint}>{t('delegation.stages')}</div>
        <Selector<Stage>
          multiple
          columns={2}
          options={STAGES.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
          value={stages}
          onChange={setStages}
        />
      </div>
      <Input
        value={maxAmount}
        onChange={setMaxAmount}
        inputMode="decimal"
        placeholder={t('delegation.maxAmount')}
        clearable
        data-testid="delegate-max-amount"
      />
    </ActionSheet>
  )
}
