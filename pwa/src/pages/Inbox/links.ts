/**
 * A notification's link as a path inside the app (/todos/…, /sheets/…, /projects/…), or null:
 * never another site, whatever the link says.
 */
export function inAppPath(link: string, origin: string = globalThis.location?.origin ?? 'https://app.invalid'): string | null {
  try {
    const url = new URL(link, origin)
    if (url.origin !== origin) return null
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return null
  }
}
