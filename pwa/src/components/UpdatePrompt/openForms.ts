import { useEffect, useSyncExternalStore } from 'react'

/** Forms the person is filling in now: a new version waits until they are done. */
let open = 0
const listeners = new Set<() => void>()

function changed(): void {
  for (const listener of listeners) listener()
}

/** Marks a form as open while `isOpen` is true (a dialog with input, a score sheet with unsent edits). */
export function useOpenForm(isOpen: boolean): void {
  useEffect(() => {
    if (!isOpen) return
    open++
    changed()
    return () => {
      open--
      changed()
    }
  }, [isOpen])
}

export function useFormsOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => open > 0,
  )
}
