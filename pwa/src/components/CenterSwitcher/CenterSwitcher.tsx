import type { CenterKind, CenterMembership } from '@/api/documents'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './CenterSwitcher.module.css'

interface Props {
  centers: CenterMembership[]
  active: CenterKind
  onChange: (kind: CenterKind) => void
}

/** The centers the person holds, as tabs (plain buttons: no animation library on the home screen). */
export function CenterSwitcher({ centers, active, onChange }: Props) {
  const { t } = useI18n()
  return (
    <nav className={styles.tabs} role="tablist" data-testid="center-switcher">
      {centers.map(({ kind }) => (
        <button
          key={kind}
          type="button"
          role="tab"
          aria-selected={kind === active}
          className={styles.tab}
          onClick={() => kind !== active && onChange(kind)}
        >
          <span data-testid={`center-${kind}`} aria-current={kind === active ? 'page' : undefined}>
            {t(`center.${kind}`)}
          </span>
        </button>
      ))}
    </nav>
  )
}
