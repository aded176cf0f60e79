import type { DetailTodo } from '../TodoDetail'

interface Props {
  todo: DetailTodo
  onChanged: () => void
}

/** Panels, invitations and findings (Todo.expects): placeholder until the forms land. */
export function TaskForm(_props: Props) {
  return null
}
