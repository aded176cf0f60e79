import type { Language } from './messages'

/** Dates, times and amounts in the UI language; a missing or unreadable value shows as "—". */

const DASH = '—'

function parsed(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

export function formatDate(language: Language, iso: string | null | undefined): string {
  const date = parsed(iso)
  return date ? new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date) : DASH
}

export function formatDateTime(language: Language, iso: string | number | null | undefined): string {
  const date = typeof iso === 'number' ? new Date(iso) : parsed(iso)
  return date ? new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(date) : DASH
}

/** A Decimal string of yuan. */
export function formatMoney(language: Language, amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return DASH
  const value = Number(amount)
  if (!Number.isFinite(value)) return amount
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(value)
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`
  return `${(size / 1024 / 1024).toFixed(1)} MB`
}

/** A Decimal rate (0.42) as a percentage. */
export function formatRate(language: Language, rate: string | null | undefined): string {
  const value = rate === null || rate === undefined ? NaN : Number(rate)
  return Number.isFinite(value) ? new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value) : DASH
}
