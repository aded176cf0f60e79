/** The center last shown on this device: home opens it, and the next to-do is looked for in it. */
import { isCenterKind, type CenterKind } from '@/api/documents'

const LAST_CENTER_KEY = 'quancheng.center'

export function lastCenter(): CenterKind | null {
  try {
    const stored = localStorage.getItem(LAST_CENTER_KEY)
    return isCenterKind(stored) ? stored : null
  } catch {
    return null
  }
}

export function rememberCenter(kind: CenterKind | null): void {
  try {
    if (kind) localStorage.setItem(LAST_CENTER_KEY, kind)
    else localStorage.removeItem(LAST_CENTER_KEY)
  } catch {
    // Private mode: the first center is shown next time.
  }
}
