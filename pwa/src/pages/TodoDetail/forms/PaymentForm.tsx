import { Input } from 'antd-mobile'
import { useState } from 'react'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { Facts, Field, SaveButton } from './parts'
import { checkPayment, remainingContract, type PaymentDraft, type PaymentField, type Problems } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'

const EMPTY: PaymentDraft = { amount: '', milestone: '' }

/** 资金支付: one payment tied to a milestone; all payments together never above the contract. */
export function PaymentForm({ todo, project, onChanged }: FormProps) {
  const { t, language } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [draft, setDraft] = useState(EMPTY)
  const [problems, setProblems] = useState<Problems<PaymentField>>({})
  useOpenForm(draft.amount !== '' || draft.milestone !== '')
  const remaining = remainingContract(project.contractAmount, project.paidAmount)

  const send = async () => {
    const checked = checkPayment(project.id, project.contractAmount, project.paidAmount, draft)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save('recordPayment', checked.input)
    // Cleared at once: the same payment is never sent twice by a second tap.
    if (outcome === 'done' || outcome === 'waiting') setDraft(EMPTY)
  }

  return (
    <>
      <Facts
        saved
        rows={[
          [t('facts.paidAmount'), formatMoney(language, project.paidAmount)],
          [t('facts.contractAmount'), formatMoney(language, project.contractAmount)],
          [t('facts.remaining'), formatMoney(language, remaining)],
        ]}
      />
      <Field label={t('facts.paymentAmount')} problem={problems.amount}>
        <Input
          value={draft.amount}
          onChange={(amount) => setDraft({ ...draft, amount })}
          inputMode="decimal"
          placeholder={remaining ? t('facts.atMost', { limit: formatMoney(language, remaining) }) : t('facts.amountHint')}
          aria-label={t('facts.paymentAmount')}
          data-testid="fact-amount"
        />
      </Field>
      <Field label={t('facts.milestone')} problem={problems.milestone}>
        <Input
          value={draft.milestone}
          onChange={(milestone) => setDraft({ ...draft, milestone })}
          maxLength={200}
          placeholder={t('facts.milestoneHint')}
          aria-label={t('facts.milestone')}
          data-testid="fact-milestone"
        />
      </Field>
      <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
    </>
  )
}
