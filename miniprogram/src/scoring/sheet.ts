// The PWA's score-sheet arithmetic (pwa/src/scoring/sheet.ts), the same rules for the same server.
/**
 * Score-sheet arithmetic, as the server checks it (domain/reviews/rules/sheet.py): points are
 * decimals with at most one decimal place, from 0 to the criterion's maximum. Everything is
 * counted in whole tenths, so 0.1 + 0.2 is 0.3 here as on the server.
 */

export interface Criterion {
  key: string
  maxPoints: string
}

/** Why a typed score is not accepted; MISSING only on a sheet to submit. */
export type ScoreProblem = 'MISSING' | 'NOT_A_NUMBER' | 'NEGATIVE' | 'ABOVE_MAX' | 'PRECISION'

const NUMBER = /^(-?)(\d+)(?:\.(\d*))?$/

/** Full-width digits and the ideographic full stop, as some keyboards type them. */
export function normalise(text: string): string {
  return text
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[\u3002\uFF0E]/g, '.')
    .replace(/\uFF0D/g, '-')
}

/** Points in whole tenths, or a problem; an empty text is no score (null). */
export function parseTenths(text: string): { tenths: number } | { problem: ScoreProblem } | null {
  const value = normalise(text)
  if (value === '') return null
  const match = NUMBER.exec(value)
  if (!match) return { problem: 'NOT_A_NUMBER' }
  const [, sign, whole = '', fraction = ''] = match
  if (/[1-9]/.test(fraction.slice(1))) return { problem: 'PRECISION' }
  const tenths = Number(whole) * 10 + Number(fraction.slice(0, 1) || '0')
  if (!Number.isSafeInteger(tenths)) return { problem: 'NOT_A_NUMBER' }
  if (sign && tenths > 0) return { problem: 'NEGATIVE' }
  return { tenths }
}

/** "83.5", "80": tenths written the way the server writes them, without a trailing ".0". */
export function formatTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : ''
  const absolute = Math.abs(tenths)
  const whole = Math.floor(absolute / 10)
  const tenth = absolute % 10
  return `${sign}${whole}${tenth ? `.${tenth}` : ''}`
}

function maxTenths(criterion: Criterion): number {
  const parsed = parseTenths(criterion.maxPoints)
  return parsed && 'tenths' in parsed ? parsed.tenths : 0
}

/** The problem of one typed score against its criterion, or null when it is fine or empty. */
export function scoreProblem(criterion: Criterion, text: string | undefined): ScoreProblem | null {
  const parsed = parseTenths(text ?? '')
  if (!parsed) return null
  if ('problem' in parsed) return parsed.problem
  return parsed.tenths > maxTenths(criterion) ? 'ABOVE_MAX' : null
}

/** Every problem of the sheet by criterion; on a sheet to submit, a missing score is one. */
export function sheetProblems(
  criteria: readonly Criterion[],
  scores: Readonly<Record<string, string>>,
  options: { complete: boolean },
): Record<string, ScoreProblem> {
  const problems: Record<string, ScoreProblem> = {}
  for (const criterion of criteria) {
    const text = scores[criterion.key]
    const problem = options.complete && parseTenths(text ?? '') === null ? 'MISSING' : scoreProblem(criterion, text)
    if (problem) problems[criterion.key] = problem
  }
  return problems
}

/** The valid scores only, written canonically: what a draft may send (the server refuses a draft with a wrong one). */
export function validScores(criteria: readonly Criterion[], scores: Readonly<Record<string, string>>): Record<string, string> {
  const valid: Record<string, string> = {}
  for (const criterion of criteria) {
    const parsed = parseTenths(scores[criterion.key] ?? '')
    if (parsed && 'tenths' in parsed && scoreProblem(criterion, scores[criterion.key]) === null) {
      valid[criterion.key] = formatTenths(parsed.tenths)
    }
  }
  return valid
}

/** The sum of the valid scores typed so far: a live figure that never fails, like the server's. */
export function runningTotal(criteria: readonly Criterion[], scores: Readonly<Record<string, string>>): string {
  let tenths = 0
  for (const value of Object.values(validScores(criteria, scores))) {
    const parsed = parseTenths(value)
    if (parsed && 'tenths' in parsed) tenths += parsed.tenths
  }
  return formatTenths(tenths)
}

/** The most points the sheet can give. */
export function maximumTotal(criteria: readonly Criterion[]): string {
  return formatTenths(criteria.reduce((sum, criterion) => sum + maxTenths(criterion), 0))
}

/** The server's `scores` JSON ({key: "8.5"}), as texts to edit; anything else is ignored. */
export function scoresFromServer(value: unknown): Record<string, string> {
  const scores: Record<string, string> = {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return scores
  for (const [key, points] of Object.entries(value as Record<string, unknown>)) {
    if (typeof points === 'string' || typeof points === 'number') {
      const parsed = parseTenths(String(points))
      scores[key] = parsed && 'tenths' in parsed ? formatTenths(parsed.tenths) : String(points)
    }
  }
  return scores
}

/** True when both hold the same scores (after writing them canonically). */
export function sameScores(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const canonical = (scores: Readonly<Record<string, string>>) =>
    Object.entries(scores)
      .filter(([, text]) => normalise(text) !== '')
      .map(([key, text]) => {
        const parsed = parseTenths(text)
        return `${key}=${parsed && 'tenths' in parsed ? parsed.tenths : text}`
      })
      .sort()
      .join('&')
  return canonical(a) === canonical(b)
}
