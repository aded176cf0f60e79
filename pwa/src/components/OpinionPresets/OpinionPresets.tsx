import { useState } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import { SHARED_PRESETS, addPersonal, loadPersonal, removePersonal } from './presets'
import styles from './OpinionPresets.module.css'

interface Props {
  /** The opinion being written: it can be kept as a personal preset. */
  value: string
  onPick: (text: string) => void
  /** Whose personal presets: they are kept on this device per person. */
  userId: string
}

/** 常用意见: one tap fills the opinion; the person's own ones can be saved and removed. */
export function OpinionPresets({ value, onPick, userId }: Props) {
  const { t } = useI18n()
  const [personal, setPersonal] = useState(() => loadPersonal(userId))
  const shared = SHARED_PRESETS.map((key) => t(key))
  const text = value.trim()
  const canSave = text !== '' && !personal.includes(text) && !shared.includes(text)
  return (
    <div className={styles.presets} role="group" aria-label={t('opinion.presets')} data-testid="opinion-presets">
      <span className={styles.label}>{t('opinion.presets')}</span>
      <div className={styles.chips}>
        {shared.map((preset) => (
          <button
            key={preset}
            type="button"
            className={styles.chip}
            onClick={() => onPick(preset)}
            aria-label={t('opinion.use', { text: preset })}
            data-testid="opinion-shared"
          >
            {preset}
          </button>
        ))}
        {personal.map((preset) => (
          <span key={preset} className={styles.personal}>
            <button
              type="button"
              className={styles.chip}
              onClick={() => onPick(preset)}
              aria-label={t('opinion.use', { text: preset })}
              data-testid="opinion-personal"
            >
              {preset}
            </button>
            <button
              type="button"
              className={styles.remove}
              onClick={() => setPersonal(removePersonal(userId, preset))}
              aria-label={t('opinion.remove', { text: preset })}
              data-testid="opinion-remove"
            >
              <span aria-hidden>×</span>
            </button>
          </span>
        ))}
        {canSave && (
          <button
            type="button"
            className={`${styles.chip} ${styles.save}`}
            onClick={() => setPersonal(addPersonal(userId, text))}
            data-testid="opinion-save"
          >
            {t('opinion.save')}
          </button>
        )}
      </div>
    </div>
  )
}
