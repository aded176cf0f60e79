/** A short name for this device, so the person can tell their sessions apart. */
export function deviceLabel(userAgent: string): string {
  const platforms: [RegExp, string][] = [
    [/HarmonyOS|OpenHarmony/i, 'HarmonyOS'],
    [/iPhone|iPad|iPod/i, 'iOS'],
    [/Android/i, 'Android'],
    [/Windows/i, 'Windows'],
    [/Mac OS X|Macintosh/i, 'macOS'],
    [/Linux/i, 'Linux'],
  ]
  const platform = platforms.find(([pattern]) => pattern.test(userAgent))?.[1]
  return platform ? `全程通 PWA · ${platform}` : '全程通 PWA'
}
