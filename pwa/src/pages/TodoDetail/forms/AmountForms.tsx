import { Input } from 'antd-mobile'
import { useState, type ReactNode } from 'react'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { RecordKind } from '@/outbox/entry'
import { Facts, Field, SaveButton } from './parts'
import { checkApprovedBudget, checkControlPrice, type AmountField, type Checked, type Problems } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'

interface AmountFactProps extends FormProps {
  label: string
  /** The project's value now: shown as what is recorded. */
  current: string | null
  kind: RecordKind
  check: (amount: string) => Checked<AmountField, Record<string, unknown>>
  reference: [string, ReactNode][]
}

/** One amount the project keeps (a control price part, the approved budget). */
function AmountFact({ todo, onChanged, label, current, kind, check, reference }: AmountFactProps) {
  const { t, language } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [amount, setAmount] = useState('')
  const [problems, setProblems] = useState<Problems<AmountField>>({})
  useOpenForm(amount !== '')

  const send = async () => {
    const checked = check(amount)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save(kind, checked.input)
    if (outcome === 'done' || outcome === 'waiting') setAmount('')
  }

  return (
    <>
      {current !== null && <Facts saved rows={[[t('facts.recorded', { what: label }), formatMoney(language, current)]]} />}
      <Facts rows={reference} />
      <Field label={label} problem={problems.amount}>
        <Input
          value={amount}
          onChange={setAmount}
          inputMode="decimal"
          placeholder={t('facts.amountHint')}
          aria-label={label}
          data-testid="fact-amount"
        />
      </Field>
      <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
    </>
  )
}

/** 控制价: the software part (data bureau) or the hardware part (finance review centre). */
export function ControlPriceForm(props: FormProps & { part: 'SOFTWARE' | 'HARDWARE' }) {
  const { t, language } = useI18n()
  const { project, part } = props
  const software = part === 'SOFTWARE'
  return (
    <AmountFact
      {...props}
      label={t(software ? 'facts.controlPriceSoftware' : 'facts.controlPriceHardware')}
      current={software ? project.controlPriceSoftware : project.controlPriceHardware}
      kind="setControlPrice"
      check={(amount) => checkControlPrice(project.id, part, amount)}
      reference={[
        [t('project.requestedAmount'), formatMoney(language, project.requestedAmount)],
        [t(software ? 'facts.controlPriceHardware' : 'facts.controlPriceSoftware'), formatMoney(language, software ? project.controlPriceHardware : project.controlPriceSoftware)],
      ]}
    />
  )
}

/** 核定预算: what finance approves, from the requested amount and the control price. */
export function ApprovedBudgetForm(props: FormProps) {
  const { t, language } = useI18n()
  const { project } = props
  return (
    <AmountFact
      {...props}
      label={t('project.approvedBudget')}
      current={project.approvedBudget}
      kind="setApprovedBudget"
      check={(amount) => checkApprovedBudget(project.id, amount)}
      reference={[
        [t('project.requestedAmount'), formatMoney(language, project.requestedAmount)],
        [t('facts.controlPriceSoftware'), formatMoney(language, project.controlPriceSoftware)],
        [t('facts.controlPriceHardware'), formatMoney(language, project.controlPriceHardware)],
      ]}
    />
  )
}
