import { ConfigProvider } from 'antd-mobile'
import enUS from 'antd-mobile/es/locales/en-US'
import zhCN from 'antd-mobile/es/locales/zh-CN'
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Language } from './messages'
import { createTranslator, loadLanguage, saveLanguage, type Translate } from './translate'

interface I18n {
  language: Language
  setLanguage: (language: Language) => void
  t: Translate
}

const I18nContext = createContext<I18n | null>(null)

const COMPONENT_LOCALES = { 'zh-CN': zhCN, en: enUS }

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(() => loadLanguage(localStorage))

  const setLanguage = useCallback((next: Language) => {
    saveLanguage(localStorage, next)
    setState(next)
  }, [])

  useEffect(() => {
    document.documentElement.lang = language
  }, [language])

  const value = useMemo(
    () => ({ language, setLanguage, t: createTranslator(language) }),
    [language, setLanguage],
  )
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={COMPONENT_LOCALES[language]}>{children}</ConfigProvider>
    </I18nContext.Provider>
  )
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext)
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>')
  return i18n
}
