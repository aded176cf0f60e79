import { Selector } from 'antd-mobile'
import { useI18n } from '@/i18n/I18nProvider'
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '@/i18n/messages'

/** Two chips (44 px tall, for fingers), each language named in itself. */
export function LanguageSwitch() {
  const { language, setLanguage } = useI18n()
  return (
    <Selector<Language>
      data-testid="language-switch"
      style={{ '--padding': '12px 14px', '--border-radius': '22px' }}
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
