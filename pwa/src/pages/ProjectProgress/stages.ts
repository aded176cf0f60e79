/** 十个环节, in order. */
export const STAGES = [
  'PRE_REVIEW',
  'PLAN_REVIEW',
  'FINANCE_REVIEW',
  'PROJECT_APPROVAL',
  'IMPL_REVIEW',
  'PROCUREMENT',
  'CONSTRUCTION',
  'ACCEPTANCE',
  'EVALUATION',
  'OPERATIONS',
] as const

export type Stage = (typeof STAGES)[number]

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value)
}
