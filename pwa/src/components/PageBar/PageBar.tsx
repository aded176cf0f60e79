import { NavBar } from 'antd-mobile'
import { LeftOutline } from 'antd-mobile-icons'
import type { ReactNode } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './PageBar.module.css'

interface Props {
  children: ReactNode
  onBack: () => void
  right?: ReactNode
}

/** A screen's title bar whose back control is a real, named button of 44×44 px (antd's is an unnamed div). */
export function PageBar({ children, onBack, right }: Props) {
  const { t } = useI18n()
  return (
    <NavBar
      className={styles.bar}
      back={null}
      left={
        <button type="button" className={styles.back} onClick={onBack} aria-label={t('common.back')} data-testid="back">
          <LeftOutline aria-hidden fontSize={22} />
        </button>
      }
      right={right}
    >
      {children}
    </NavBar>
  )
}
