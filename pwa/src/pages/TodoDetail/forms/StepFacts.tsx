import type { DetailTodo } from '../TodoDetail'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/** What the step records beside its decision (Todo.form): placeholder until the forms land. */
export function StepFacts(_props: Props) {
  return null
}
