import { Button } from 'antd-mobile'
import { useId, type ChangeEvent } from 'react'
import { useI18n } from '@/i18n/I18nProvider'
import { formatBytes } from './format'
import { ACCEPT, materialProblem, pick, type PickedMaterial } from './rules'
import styles from './MaterialPicker.module.css'

interface Props {
  value: PickedMaterial[]
  onChange: (materials: PickedMaterial[]) => void
  /** Prefix of the test ids: `<prefix>-file-input`, `<prefix>-file-<i>`, ... */
  testIdPrefix: string
  /** Show the missing titles too (after a submit); a wrong file is shown at once. */
  showAll?: boolean
}

/**
 * Files or photos to attach, each with its title, checked on the phone before anything is queued
 * (size, type, title); the server checks the content again.
 */
export function MaterialPicker({ value, onChange, testIdPrefix, showAll = false }: Props) {
  const { t } = useI18n()
  const id = useId()
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const files = event.target.files
    if (files?.length) onChange([...value, ...pick(files)])
    event.target.value = ''
  }
  const change = (index: number, title: string) =>
    onChange(value.map((material, i) => (i === index ? { ...material, title } : material)))

  return (
    <div className={styles.picker}>
      <p className={styles.hint}>{t('material.hint')}</p>
      <div className={styles.buttons}>
        <label className={styles.pickButton}>
          {t('material.pickFile')}
          <input
            className={styles.hidden}
            type="file"
            accept={ACCEPT}
            multiple
            onChange={add}
            aria-label={t('material.pickFile')}
            data-testid={`${testIdPrefix}-file-input`}
          />
        </label>
        <label className={styles.pickButton}>
          {t('material.takePhoto')}
          <input
            className={styles.hidden}
            type="file"
            accept="image/*"
            capture="environment"
            onChange={add}
            aria-label={t('material.takePhoto')}
            data-testid={`${testIdPrefix}-camera-input`}
          />
        </label>
      </div>
      {value.map((material, index) => {
        const problem = materialProblem(material)
        const shown = problem && (problem !== 'titleMissing' || showAll) ? problem : null
        const titleId = `${id}-title-${index}`
        return (
          <div key={index} className={styles.file} data-invalid={shown ? 'true' : undefined} data-testid={`${testIdPrefix}-file-${index}`}>
            <div className={styles.row}>
              <span className={styles.name}>
                {material.file.name} · {formatBytes(material.file.size)}
              </span>
              <Button
                className={styles.remove}
                size="small"
                fill="none"
                color="danger"
                onClick={() => onChange(value.filter((_, i) => i !== index))}
                aria-label={`${t('material.remove')} ${material.file.name}`}
                data-testid={`${testIdPrefix}-file-remove-${index}`}
              >
                {t('material.remove')}
              </Button>
            </div>
            <label htmlFor={titleId} className={styles.name}>
              {t('material.fileTitle')}
            </label>
            <input
              id={titleId}
              className={styles.title}
              value={material.title}
              maxLength={200}
              onChange={(event) => change(index, event.target.value)}
              data-testid={`${testIdPrefix}-file-title-${index}`}
            />
            {shown && (
              <p className={styles.error} role="alert" data-testid={`${testIdPrefix}-file-error-${index}`}>
                {t(`material.${shown}`)}
              </p>
            )}
          </div>
        )
      })}
    </div>
  )
}
