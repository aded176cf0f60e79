/** 申报: what a declaration must hold before it is queued (the server checks the same again). */
import { parseAmount } from '@/pages/TodoDetail/rules'

export const CATEGORIES = ['NEW', 'UPGRADE', 'OM'] as const
export const TYPES = ['SOFTWARE', 'HARDWARE', 'MIXED'] as const
export const SHARING_CLASSES = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'] as const

export type Category = (typeof CATEGORIES)[number]
export type ProjectType = (typeof TYPES)[number]
export type SharingClass = (typeof SHARING_CLASSES)[number]

export interface ResourceDraft {
  name: string
  provider: string
  /** Field names, separated by commas (，or ,), spaces or new lines. */
  fields: string
  updateFrequency: string
  sharingClass: SharingClass
}

export interface DeclarationDraft {
  name: string
  amount: string
  category: Category
  type: ProjectType
  /** For an O&M project (运维): the code of the built project it maintains. */
  parentCode: string
  resources: ResourceDraft[]
}

export type DeclarationProblem =
  | 'name'
  | 'amount'
  | 'parentCode'
  | `resources.${number}.name`
  | `resources.${number}.provider`
  | `resources.${number}.fields`
  | `resources.${number}.updateFrequency`

export const emptyResource = (): ResourceDraft => ({
  name: '',
  provider: '',
  fields: '',
  updateFrequency: '',
  sharingClass: 'CONDITIONAL',
})

export const emptyDeclaration = (): DeclarationDraft => ({
  name: '',
  amount: '',
  category: 'NEW',
  type: 'SOFTWARE',
  parentCode: '',
  resources: [],
})

export function splitFields(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((field) => field.trim())
    .filter(Boolean)
}

/** What is missing or wrong, field by field; empty when the declaration can be queued. */
export function problemsOf(draft: DeclarationDraft): DeclarationProblem[] {
  const problems: DeclarationProblem[] = []
  const name = draft.name.trim()
  if (name.length < 2 || name.length > 200) problems.push('name')
  if (parseAmount(draft.amount) === null) problems.push('amount')
  if (draft.category === 'OM' && !draft.parentCode.trim()) problems.push('parentCode')
  draft.resources.forEach((resource, index) => {
    if (!resource.name.trim()) problems.push(`resources.${index}.name`)
    if (!resource.provider.trim()) problems.push(`resources.${index}.provider`)
    if (splitFields(resource.fields).length === 0) problems.push(`resources.${index}.fields`)
    if (!resource.updateFrequency.trim()) problems.push(`resources.${index}.updateFrequency`)
  })
  return problems
}

/** The mutation's input (without its idempotency key, which the outbox adds). */
export function declarationInput(draft: DeclarationDraft): Record<string, unknown> {
  return {
    name: draft.name.trim(),
    category: draft.category,
    type: draft.type,
    requestedAmount: parseAmount(draft.amount),
    dataResources: draft.resources.map((resource) => ({
      name: resource.name.trim(),
      provider: resource.provider.trim(),
      fields: splitFields(resource.fields),
      updateFrequency: resource.updateFrequency.trim(),
      sharingClass: resource.sharingClass,
    })),
    parentCode: draft.category === 'OM' ? draft.parentCode.trim() : null,
  }
}
