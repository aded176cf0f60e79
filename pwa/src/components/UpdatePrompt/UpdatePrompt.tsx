import { Button } from 'antd-mobile'
import { confirm } from '@/components/Feedback/feedback'
import { useRegisterSW } from 'virtual:pwa-register/react'
import { useI18n } from '@/i18n/I18nProvider'
import { useFormsOpen } from './openForms'
import styles from './UpdatePrompt.module.css'

const UPDATE_CHECK_MS = 60 * 60 * 1000

/**
 * Registers the service worker and, when a new version is waiting, asks before switching
 * to it: a silent reload could lose a half-filled form.
 */
export function UpdatePrompt() {
  const { t } = useI18n()
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (registration) setInterval(() => void registration.update(), UPDATE_CHECK_MS)
    },
    // The library reloads only if the page was controlled when it loaded, so not in the
    // very first visit; `update` below reloads in every case instead.
    onNeedReload: () => undefined,
  })

  const formsOpen = useFormsOpen()

  const update = async () => {
    // Someone is filling in a form: the reload waits for their word, never happens by itself.
    if (formsOpen) {
      const sure = await confirm({
        content: t('update.formOpen'),
        confirmText: t('update.reload'),
        cancelText: t('update.later'),
      })
      if (!sure) return
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
      once: true,
    })
    void updateServiceWorker()
  }

  if (!needRefresh) return null
  return (
    <div className={styles.prompt} role="alertdialog" aria-live="polite" data-testid="update-prompt">
      <span className={styles.text}>{t(formsOpen ? 'update.availableLater' : 'update.available')}</span>
      <Button size="small" fill="none" onClick={() => setNeedRefresh(false)}>
        {t('update.later')}
      </Button>
      <Button size="small" color="primary" onClick={() => void update()} data-testid="update-reload">
        {t('update.reload')}
      </Button>
    </div>
  )
}
