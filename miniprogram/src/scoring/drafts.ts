/** How long typing pauses before a score sheet's draft is saved. */
export const DRAFT_DELAY_MS = 800
