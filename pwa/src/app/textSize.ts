/** 适老化: the text size chosen on this device, applied to the whole page (global.css scales it). */

export const TEXT_SIZES = ['standard', 'large', 'larger'] as const
export type TextSize = (typeof TEXT_SIZES)[number]

const KEY = 'quancheng.textSize'

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && (TEXT_SIZES as readonly string[]).includes(value)
}

export function loadTextSize(): TextSize {
  try {
    const stored = localStorage.getItem(KEY)
    return isTextSize(stored) ? stored : 'standard'
  } catch {
    return 'standard'
  }
}

/** Sets the size on <html> (read by global.css) and keeps it for the next visit. */
export function applyTextSize(size: TextSize, keep = true): void {
  if (size === 'standard') delete document.documentElement.dataset.textSize
  else document.documentElement.dataset.textSize = size
  if (!keep) return
  try {
    localStorage.setItem(KEY, size)
  } catch {
    // Private mode: the size lasts until the page is closed.
  }
}
