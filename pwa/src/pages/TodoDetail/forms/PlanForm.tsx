import { Button, Input } from 'antd-mobile'
import { useState } from 'react'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { Facts, Field, SaveButton } from './parts'
import { checkPlan, planTotal, type PlanField, type PlanItemDraft, type PlanKind, type Problems } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'
import styles from './Forms.module.css'

const emptyItem = (): PlanItemDraft => ({ name: '', amount: '' })

/** 建设方案 / 实施方案: the plan's items, each with its amount. */
export function PlanForm({ todo, project, onChanged, kind }: FormProps & { kind: PlanKind }) {
  const { t, language } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [items, setItems] = useState<PlanItemDraft[]>(() => [emptyItem()])
  const [problems, setProblems] = useState<Problems<PlanField>>({})
  const [saved, setSaved] = useState<{ count: number; total: string } | null>(null)
  useOpenForm(items.some((item) => item.name !== '' || item.amount !== ''))

  const change = (index: number, patch: Partial<PlanItemDraft>) =>
    setItems(items.map((item, i) => (i === index ? { ...item, ...patch } : item)))

  const send = async () => {
    const checked = checkPlan(project.id, kind, items)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save('submitPlan', checked.input)
    if (outcome === 'done' || outcome === 'waiting') {
      setSaved({ count: items.length, total: planTotal(items) })
      setItems([emptyItem()])
    }
  }

  return (
    <>
      {saved && (
        <Facts
          saved
          rows={[
            [t('facts.plan.items'), String(saved.count)],
            [t('facts.plan.total'), formatMoney(language, saved.total)],
          ]}
        />
      )}
      <Facts
        rows={[
          [t('project.requestedAmount'), formatMoney(language, project.requestedAmount)],
          [t('project.approvedBudget'), formatMoney(language, project.approvedBudget)],
        ]}
      />
      {items.map((item, index) => (
        <div key={index} className={styles.item}>
          <Field label={t('facts.plan.name', { n: index + 1 })} problem={problems[`name.${index}`]}>
            <Input
              value={item.name}
              onChange={(name) => change(index, { name })}
              maxLength={200}
              aria-label={t('facts.plan.name', { n: index + 1 })}
              data-testid={`fact-plan-name-${index}`}
            />
          </Field>
          <Field label={t('facts.plan.amount')} problem={problems[`amount.${index}`]}>
            <Input
              value={item.amount}
              onChange={(amount) => change(index, { amount })}
              inputMode="decimal"
              aria-label={t('facts.plan.amountOf', { n: index + 1 })}
              data-testid={`fact-plan-amount-${index}`}
            />
          </Field>
          <Button
            fill="none"
            color="danger"
            aria-label={t('facts.plan.remove', { n: index + 1 })}
            onClick={() => setItems(items.filter((_, i) => i !== index))}
            data-testid={`fact-plan-remove-${index}`}
          >
            ×
          </Button>
        </div>
      ))}
      {problems.items && (
        <p className={styles.error} role="alert" data-testid="fact-error">
          {t('facts.problem.noItems')}
        </p>
      )}
      <p className={styles.hint} data-testid="fact-plan-total">
        {t('facts.plan.total')}：{formatMoney(language, planTotal(items))}
      </p>
      <div className={styles.buttons}>
        <Button block fill="outline" onClick={() => setItems([...items, emptyItem()])} data-testid="fact-plan-add">
          {t('facts.plan.add')}
        </Button>
        <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
      </div>
    </>
  )
}
