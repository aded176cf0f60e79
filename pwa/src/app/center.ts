/** The center last shown on this device: home opens it, and the next to-do is looked for in it. */
import { isCenterKind, type CenterKind } from '@/api/documents'
import type { CenterAbility } from '@/api/generated/home'

const LAST_CENTER_KEY = 'quancheng.center'
const ABILITIES_KEY = 'quancheng.abilities'

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

type Abilities = Partial<Record<CenterKind, CenterAbility[]>>

function readAbilities(): Abilities {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(ABILITIES_KEY) ?? '{}')
    return stored && typeof stored === 'object' ? (stored as Abilities) : {}
  } catch {
    return {}
  }
}

/** What a center's home offers, as the server said last time (`me.centers.abilities`); null if never told. */
export function rememberedAbilities(kind: CenterKind): CenterAbility[] | null {
  return readAbilities()[kind] ?? null
}

/** Keeps what the server says each center offers, so the next home asks for the right parts at once.
 *  True when it differs from what was kept. */
export function rememberAbilities(centers: readonly { kind: CenterKind; abilities: readonly CenterAbility[] }[]): boolean {
  const before = readAbilities()
  const now: Abilities = Object.fromEntries(centers.map((center) => [center.kind, [...center.abilities]]))
  if (JSON.stringify(before) === JSON.stringify(now)) return false
  try {
    localStorage.setItem(ABILITIES_KEY, JSON.stringify(now))
  } catch {
    // Private mode: the server is asked again next time.
  }
  return true
}
