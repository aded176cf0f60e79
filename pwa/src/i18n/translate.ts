import { CATALOG, DEFAULT_LANGUAGE, LANGUAGES, type Dictionary, type Language, type MessageKey } from './messages'

export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

const LANGUAGE_KEY = 'quancheng.language'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/**
 * Looks the key up in the language's dictionary, then in the default language's, and as a
 * last resort shows the key itself, so a missing text is visible but never breaks a screen.
 */
export function createTranslator(
  language: Language,
  catalog: Record<Language, Dictionary> = CATALOG,
): Translate {
  return (key, params) => {
    const text = catalog[language][key] ?? catalog[DEFAULT_LANGUAGE][key] ?? key
    return params ? interpolate(text, params) : text
  }
}

function interpolate(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

export interface LanguageStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** The language the person chose last on this device, else Simplified Chinese. */
export function loadLanguage(storage: LanguageStorage): Language {
  const stored = storage.getItem(LANGUAGE_KEY)
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE
}

export function saveLanguage(storage: LanguageStorage, language: Language): void {
  storage.setItem(LANGUAGE_KEY, language)
}
