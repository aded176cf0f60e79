import { Section } from '@/components/Section/Section'
import { useI18n } from '@/i18n/I18nProvider'
import type { DetailTodo } from '../TodoDetail'
import { FindingForms } from './FindingForms'
import { InvitationForm } from './InvitationForm'
import { PanelForm } from './PanelForm'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/** The form a to-do's task needs (Todo.expects): a panel draw, an invitation answer, a finding's answer or conclusion. */
export function TaskForm({ todo, onChanged }: Props) {
  const { t } = useI18n()
  let form
  switch (todo.expects) {
    case 'ORGANISE_PANEL':
      form = <PanelForm todo={todo} onChanged={onChanged} />
      break
    case 'RESPOND_INVITATION':
      form = <InvitationForm todo={todo} onChanged={onChanged} />
      break
    case 'ANSWER_FINDING':
    case 'CLOSE_FINDING':
      form = <FindingForms todo={todo} onChanged={onChanged} />
      break
    default:
      return null
  }
  return (
    <Section title={t(`task.title.${todo.expects}`)} testId="task-form">
      {form}
    </Section>
  )
}
