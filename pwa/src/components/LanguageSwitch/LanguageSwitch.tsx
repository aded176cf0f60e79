import { Selector } from 'antd-mobile'
import { useI18n } from '@/i18n/I18nProvider'
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '@/i18n/messages'

/** Two small chips, each language named in itself. */
export function LanguageSwitch() {
  const { language, setLanguage } = useI18n()
  return (
    <Selector<Language>
      data-testid="language-switch"
      style={{ '--padding': '2px 10px', '--border-radius': '12px' }}
      showCheckMark={false}
      options={LANGUAGES.map((value) => ({
        value,
        label: <span data-testid={`language-${value}`}>{LANGUAGE_NAMES[value]}</span>,
      }))}
      value={[language]}
      onChange={(values) => {
        const [next] = values
        if (next) setLanguage(next)
      }}
    />
  )
}
