import { LeftOutline } from 'antd-mobile-icons'
import type { ReactNode } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './PageBar.module.css'

interface Props {
  children: ReactNode
  /** No back button when absent (the home screen). */
  onBack?: () => void
  right?: ReactNode
}

/**
 * A screen's title bar: a real, named back button of 44×44 px, the title, actions on the right.
 * (antd's NavBar puts role="button" on an unnamed div, even without a back arrow.)
 */
export function PageBar({ children, onBack, right }: Props) {
  const { t } = useI18n()
  return (
    <header className={styles.bar}>
      <div className={styles.left}>
        {onBack && (
          <button type="button" className={styles.back} onClick={onBack} aria-label={t('common.back')} data-testid="back">
            <LeftOutline aria-hidden fontSize={22} />
          </button>
        )}
      </div>
      <div className={styles.title}>{children}</div>
      <div className={styles.right}>{right}</div>
    </header>
  )
}
