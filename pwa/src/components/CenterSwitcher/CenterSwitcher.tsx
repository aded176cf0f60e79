import { Tabs } from 'antd-mobile'
import type { CenterKind, CenterMembership } from '@/api/documents'
import { useI18n } from '@/i18n/I18nProvider'

interface Props {
  centers: CenterMembership[]
  active: CenterKind
  onChange: (kind: CenterKind) => void
}

/** The centers the person holds, as tabs; one tab when there is only one. */
export function CenterSwitcher({ centers, active, onChange }: Props) {
  const { t } = useI18n()
  return (
    <Tabs
      data-testid="center-switcher"
      activeKey={active}
      onChange={(key) => onChange(key as CenterKind)}
      style={{ '--title-font-size': '15px' }}
    >
      {centers.map(({ kind }) => (
        <Tabs.Tab
          key={kind}
          title={
            <span data-testid={`center-${kind}`} aria-current={kind === active ? 'page' : undefined}>
              {t(`center.${kind}`)}
            </span>
          }
        />
      ))}
    </Tabs>
  )
}
