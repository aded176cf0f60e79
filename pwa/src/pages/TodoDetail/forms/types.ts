import type { DetailTodo } from '../TodoDetail'

export type FactProject = NonNullable<DetailTodo['project']>

/** What every step form is given: the to-do, its project, and how to reload them after a save. */
export interface FormProps {
  todo: DetailTodo
  project: FactProject
  onChanged: () => void
}
