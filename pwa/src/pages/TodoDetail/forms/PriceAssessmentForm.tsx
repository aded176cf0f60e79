import { Input, TextArea } from 'antd-mobile'
import { useId, useState } from 'react'
import { useSignedInUser } from '@/auth/AuthProvider'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { OrganisationPicker } from './OrganisationPicker'
import { Facts, Field, SaveButton } from './parts'
import { checkPriceAssessment, type PriceAssessmentDraft, type PriceAssessmentField, type Problems } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'

const EMPTY: PriceAssessmentDraft = { institution: null, amount: '', note: '' }

/** 第三方报价评估: the independent institution and the price it assessed. */
export function PriceAssessmentForm({ todo, project, onChanged }: FormProps) {
  const { t, language } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const user = useSignedInUser()
  // The assessor is usually staff of the institution: theirs is chosen to begin with.
  const own = user?.organisation.kind === 'THIRD_PARTY' ? { id: user.organisation.id, name: user.organisation.name } : null
  const [draft, setDraft] = useState<PriceAssessmentDraft>({ ...EMPTY, institution: own })
  const noteId = useId()
  const [problems, setProblems] = useState<Problems<PriceAssessmentField>>({})
  // The project keeps no assessment field: what was saved here is shown until the page is left.
  const [saved, setSaved] = useState<{ institution: string; amount: string } | null>(null)
  useOpenForm(draft.institution?.id !== own?.id || draft.amount !== '' || draft.note !== '')

  const send = async () => {
    const checked = checkPriceAssessment(project.id, draft)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save('recordPriceAssessment', checked.input)
    if (outcome === 'done' || outcome === 'waiting') {
      setSaved({ institution: draft.institution!.name, amount: checked.input.assessedAmount })
      setDraft({ ...EMPTY, institution: own })
    }
  }

  return (
    <>
      {saved && (
        <Facts
          saved
          rows={[
            [t('facts.institution'), saved.institution],
            [t('facts.assessedAmount'), formatMoney(language, saved.amount)],
          ]}
        />
      )}
      <Facts rows={[[t('project.requestedAmount'), formatMoney(language, project.requestedAmount)]]} />
      <Field label={t('facts.institution')} problem={problems.institution}>
        <OrganisationPicker
          kind="THIRD_PARTY"
          label={t('facts.institution')}
          value={draft.institution}
          onChange={(institution) => setDraft({ ...draft, institution })}
          invalid={!!problems.institution}
        />
      </Field>
      <Field label={t('facts.assessedAmount')} problem={problems.amount}>
        <Input
          value={draft.amount}
          onChange={(amount) => setDraft({ ...draft, amount })}
          inputMode="decimal"
          placeholder={t('facts.amountHint')}
          aria-label={t('facts.assessedAmount')}
          data-testid="fact-amount"
        />
      </Field>
      <Field label={t('facts.note')} labelFor={noteId}>
        <TextArea
          id={noteId}
          value={draft.note}
          onChange={(note) => setDraft({ ...draft, note })}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          placeholder={t('facts.noteHint')}
          aria-label={t('facts.note')}
          data-testid="fact-note"
        />
      </Field>
      <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
    </>
  )
}
