import { useI18n } from '@/i18n/I18nProvider'
import styles from './WarningLight.module.css'

export type Light = 'GREEN' | 'YELLOW' | 'RED'

/** 预警灯: green on time, yellow close to the limit, red overdue. */
export function WarningLight({ light, label = false }: { light: Light; label?: boolean }) {
  const { t } = useI18n()
  return (
    <span className={styles.light} data-light={light} title={t(`light.${light}`)} data-testid={`light-${light}`}>
      <span className={styles.dot} aria-hidden />
      {label ? <span>{t(`light.${light}`)}</span> : <span className={styles.hidden}>{t(`light.${light}`)}</span>}
    </span>
  )
}
