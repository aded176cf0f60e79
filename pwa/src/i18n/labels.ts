/** Names the server sends as keys (steps), shown in the reader's language, never raw. History actions come
 * labelled from the server (HistoryEntry.actionLabel). */
import type { MessageKey } from './messages'
import type { Translate } from './translate'

/** A template step's name in the reader's language, or null when the step is not known here. */
export function stepName(t: Translate, stepKey: string | null | undefined): string | null {
  if (!stepKey) return null
  const key = `step.${stepKey}` as MessageKey
  const text = t(key)
  return text === key ? null : text
}

interface Titled {
  title: string
  kind: string
  stepKey?: string | null
  project?: { name: string } | null
}

/**
 * A to-do's title. The server writes it in Chinese when the to-do opens; in another language it is
 * rebuilt from the step and the project (a revision, a 督办, a step), else the stored title is kept.
 */
export function todoTitle(t: Translate, language: string, todo: Titled): string {
  if (language === 'zh-CN' || !todo.project) return todo.title
  const name = todo.project.name
  if (todo.kind === 'REVISION') return t('title.revision', { name })
  const step = stepName(t, todo.stepKey)
  const stepTitle = step ? t('title.step', { step, name }) : null
  if (todo.kind === 'SUPERVISION') return t('title.supervise', { title: stepTitle ?? todo.title.replace(/^督办：/, '') })
  return stepTitle ?? todo.title
}
