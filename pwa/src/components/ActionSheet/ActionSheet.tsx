import { Button, Popup } from 'antd-mobile'
import type { ReactNode } from 'react'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './ActionSheet.module.css'

interface Props {
  visible: boolean
  title: ReactNode
  children?: ReactNode
  confirmText: ReactNode
  danger?: boolean
  busy?: boolean
  confirmDisabled?: boolean
  onConfirm: () => void
  onClose: () => void
}

/** The confirmation step of an action: what will happen, its inputs, and one confirm button. */
export function ActionSheet({ visible, title, children, confirmText, danger, busy, confirmDisabled, onConfirm, onClose }: Props) {
  const { t } = useI18n()
  useOpenForm(visible)
  return (
    <Popup
      visible={visible}
      onMaskClick={busy ? undefined : onClose}
      bodyClassName={styles.body}
      destroyOnClose
      data-testid="action-sheet"
    >
      <h3 className={styles.title}>{title}</h3>
      <div className={styles.content}>{children}</div>
      <div className={styles.buttons}>
        <Button block onClick={onClose} disabled={busy} data-testid="cancel">
          {t('common.cancel')}
        </Button>
        <Button
          block
          color={danger ? 'danger' : 'primary'}
          loading={busy}
          disabled={confirmDisabled}
          onClick={onConfirm}
          data-testid="confirm"
        >
          {confirmText}
        </Button>
      </div>
    </Popup>
  )
}
