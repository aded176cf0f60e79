import { Input } from 'antd-mobile'
import { useState } from 'react'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { OrganisationPicker } from './OrganisationPicker'
import { Facts, Field, SaveButton } from './parts'
import { checkContract, toFen, type ContractDraft, type ContractField, type Problems } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'
import styles from './Forms.module.css'

const EMPTY: ContractDraft = { vendor: null, amount: '', supervisor: null }
/** From this amount (yuan) a project must have a supervisor (监理). */
const SUPERVISED_FROM = toFen('1000000')

/** 合同登记: the vendor that won the tender, the contract amount (never above the budget), the supervisor. */
export function ContractForm({ todo, project, onChanged }: FormProps) {
  const { t, language } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [draft, setDraft] = useState(EMPTY)
  const [problems, setProblems] = useState<Problems<ContractField>>({})
  useOpenForm(draft.vendor !== null || draft.amount !== '' || draft.supervisor !== null)
  const budget = project.approvedBudget

  const send = async () => {
    const checked = checkContract(project.id, budget, draft)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save('recordContract', checked.input)
    if (outcome === 'done' || outcome === 'waiting') setDraft(EMPTY)
  }

  return (
    <>
      {project.contractAmount !== null && (
        <Facts
          saved
          rows={[
            [t('facts.vendor'), project.vendor?.name ?? '—'],
            [t('facts.contractAmount'), formatMoney(language, project.contractAmount)],
            [t('facts.supervisor'), project.supervisor?.name ?? '—'],
          ]}
        />
      )}
      <Facts rows={[[t('project.approvedBudget'), formatMoney(language, budget)]]} />
      <Field label={t('facts.vendor')} problem={problems.vendor}>
        <OrganisationPicker
          kind="VENDOR"
          label={t('facts.vendor')}
          value={draft.vendor}
          onChange={(vendor) => setDraft({ ...draft, vendor })}
          invalid={!!problems.vendor}
        />
      </Field>
      <Field label={t('facts.contractAmount')} problem={problems.amount}>
        <Input
          value={draft.amount}
          onChange={(amount) => setDraft({ ...draft, amount })}
          inputMode="decimal"
          placeholder={budget ? t('facts.atMost', { limit: formatMoney(language, budget) }) : t('facts.amountHint')}
          aria-label={t('facts.contractAmount')}
          data-testid="fact-amount"
        />
      </Field>
      <Field label={t('facts.supervisorOptional')}>
        <OrganisationPicker
          kind="SUPERVISOR"
          label={t('facts.supervisor')}
          value={draft.supervisor}
          onChange={(supervisor) => setDraft({ ...draft, supervisor })}
          testId="fact-org-supervisor"
        />
      </Field>
      {budget !== null && toFen(budget) >= SUPERVISED_FROM && !project.supervisor && (
        <p className={styles.hint}>{t('facts.supervisorRequired')}</p>
      )}
      <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
    </>
  )
}
