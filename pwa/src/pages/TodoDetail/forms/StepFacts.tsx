import { Section } from '@/components/Section/Section'
import { useI18n } from '@/i18n/I18nProvider'
import type { DetailTodo } from '../TodoDetail'
import { ApprovedBudgetForm, ControlPriceForm } from './AmountForms'
import { ContractForm } from './ContractForm'
import { PaymentForm } from './PaymentForm'
import { PlanForm } from './PlanForm'
import { PriceAssessmentForm } from './PriceAssessmentForm'
import { ReportGuide } from './ReportGuide'
import { ResourceVerification } from './ResourceVerification'
import { SupervisorForm } from './SupervisorForm'
import type { FormProps } from './types'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/**
 * What the step records beside its decision (Todo.form). The holder saves it here first, through
 * the outbox, then decides with the pinned bar: a fact queued offline is sent before that decision.
 */
export function StepFacts({ todo, onChanged }: Props) {
  const { t } = useI18n()
  const { form, project } = todo
  if (!form) return null
  const title = t(`facts.title.${form}`)
  if (form === 'REPORT') {
    return (
      <Section title={title} testId="facts">
        <ReportGuide todo={todo} />
      </Section>
    )
  }
  if (!project) return null
  const props: FormProps = { todo, project, onChanged }
  return (
    <Section title={title} testId="facts">
      {form === 'PRICE_ASSESSMENT' && <PriceAssessmentForm {...props} />}
      {form === 'APPROVED_PLAN' && <PlanForm {...props} kind="APPROVED" />}
      {form === 'IMPLEMENTATION_PLAN' && <PlanForm {...props} kind="IMPLEMENTATION" />}
      {form === 'CONTROL_PRICE_SOFTWARE' && <ControlPriceForm {...props} part="SOFTWARE" />}
      {form === 'CONTROL_PRICE_HARDWARE' && <ControlPriceForm {...props} part="HARDWARE" />}
      {form === 'APPROVED_BUDGET' && <ApprovedBudgetForm {...props} />}
      {form === 'CONTRACT' && <ContractForm {...props} />}
      {form === 'SUPERVISOR' && <SupervisorForm {...props} />}
      {form === 'PAYMENT' && <PaymentForm {...props} />}
      {form === 'RESOURCE_VERIFICATION' && <ResourceVerification {...props} />}
    </Section>
  )
}
