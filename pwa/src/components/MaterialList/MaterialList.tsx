import { ImageViewer } from 'antd-mobile'
import { useState, useSyncExternalStore, type MouseEvent } from 'react'
import { useAuth } from '@/auth/AuthProvider'
import { formatBytes, formatDate } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import styles from './MaterialList.module.css'

/** A material as the lists show it (MaterialView). */
export interface ListedMaterial {
  id: string
  stage: string
  title: string
  contentType: string
  size: number
  uploadedAt: string
  previewUrl: string
}

// Shown in the app's own viewer; anything else opens in a new tab, where the phone uses its own viewer.
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg'])

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange)
  window.addEventListener('offline', onChange)
  return () => {
    window.removeEventListener('online', onChange)
    window.removeEventListener('offline', onChange)
  }
}

/** Whether a preview link can be followed now: its token lives minutes, so a cached one is dead offline. */
function useOnline(): boolean {
  const { state } = useAuth()
  const browserOnline = useSyncExternalStore(subscribeOnline, () => navigator.onLine)
  return browserOnline && state.status !== 'offline'
}

/** The project's materials (电子档案), each opening from its short-lived link while online. */
export function MaterialList({ materials }: { materials: readonly ListedMaterial[] }) {
  const { t, language } = useI18n()
  const online = useOnline()
  const [image, setImage] = useState<string | null>(null)
  const showImage = (url: string) => (event: MouseEvent) => {
    event.preventDefault()
    setImage(url)
  }
  return (
    <>
      <ul className={styles.materials}>
        {materials.map((material) => (
          <li key={material.id} data-testid={`material-${material.id}`}>
            {!online ? (
              <span className={styles.materialTitle}>{material.title}</span>
            ) : IMAGE_TYPES.has(material.contentType) ? (
              <a className={styles.materialTitle} href={material.previewUrl} onClick={showImage(material.previewUrl)}>
                {material.title}
              </a>
            ) : (
              <a className={styles.materialTitle} href={material.previewUrl} target="_blank" rel="noopener">
                {material.title}
              </a>
            )}
            <span className={styles.weak}>
              {t(`stage.${material.stage}` as MessageKey)} · {material.contentType.split('/').pop()} · {formatBytes(material.size)} ·{' '}
              {formatDate(language, material.uploadedAt)}
              {!online && ` · ${t('todo.materialOnlineOnly')}`}
            </span>
          </li>
        ))}
      </ul>
      {image !== null && <ImageViewer image={image} visible onClose={() => setImage(null)} />}
    </>
  )
}

