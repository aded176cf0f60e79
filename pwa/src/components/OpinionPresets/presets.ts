/** 常用意见: a few shared opinions and the person's own, kept on this device per user. */
import type { MessageKey } from '@/i18n/messages'

export const SHARED_PRESETS: readonly MessageKey[] = [
  'opinion.shared.agree',
  'opinion.shared.read',
  'opinion.shared.agreeAsReported',
  'opinion.shared.revise',
]

const KEY = 'quancheng.opinions.'
const MAX = 12

export function loadPersonal(userId: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY + userId) ?? '[]')
    return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : []
  } catch {
    return []
  }
}

function save(userId: string, presets: string[]): string[] {
  try {
    localStorage.setItem(KEY + userId, JSON.stringify(presets))
  } catch {
    // Private mode: the presets last as long as the screen.
  }
  return presets
}

/** Adds an opinion first (once, trimmed); the oldest fall off past twelve. */
export function addPersonal(userId: string, text: string): string[] {
  const value = text.trim()
  if (!value) return loadPersonal(userId)
  return save(userId, [value, ...loadPersonal(userId).filter((item) => item !== value)].slice(0, MAX))
}

export function removePersonal(userId: string, text: string): string[] {
  return save(userId, loadPersonal(userId).filter((item) => item !== text))
}
