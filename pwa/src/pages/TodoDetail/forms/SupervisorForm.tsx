import { useState } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import { OrganisationPicker, type PickedOrganisation } from './OrganisationPicker'
import { Facts, Field, SaveButton } from './parts'
import { checkSupervisor, type Problems, type SupervisorField } from './rules'
import type { FormProps } from './types'
import { useSaveFact } from './useSaveFact'

/** 监理单位: the supervision company that watches construction. */
export function SupervisorForm({ todo, project, onChanged }: FormProps) {
  const { t } = useI18n()
  const { save, busy, refusal } = useSaveFact(todo, onChanged)
  const [supervisor, setSupervisor] = useState<PickedOrganisation | null>(null)
  const [problems, setProblems] = useState<Problems<SupervisorField>>({})

  const send = async () => {
    const checked = checkSupervisor(project.id, supervisor)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    const outcome = await save('assignSupervisor', checked.input)
    if (outcome === 'done' || outcome === 'waiting') setSupervisor(null)
  }

  return (
    <>
      {project.supervisor && <Facts saved rows={[[t('facts.supervisor'), project.supervisor.name]]} />}
      <Field label={t('facts.supervisor')} problem={problems.supervisor}>
        <OrganisationPicker
          kind="SUPERVISOR"
          label={t('facts.supervisor')}
          value={supervisor}
          onChange={setSupervisor}
          invalid={!!problems.supervisor}
        />
      </Field>
      <SaveButton busy={busy} refusal={refusal} onSave={() => void send()} />
    </>
  )
}
