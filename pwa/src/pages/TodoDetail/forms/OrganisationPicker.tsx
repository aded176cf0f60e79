import { Button, DotLoading, Input, Popup } from 'antd-mobile'
import { useDeferredValue, useState } from 'react'
import { useQuery } from 'urql'
import { OrganisationsDocument, type OrganisationKind } from '@/api/generated/forms'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './Forms.module.css'

export interface PickedOrganisation {
  id: string
  name: string
}

const PAGE_SIZE = 20

interface Props {
  kind: OrganisationKind
  label: string
  value: PickedOrganisation | null
  onChange: (organisation: PickedOrganisation) => void
  invalid?: boolean
  testId?: string
}

/** A vendor, a supervisor or a third-party institution, searched by name in the directory (needs the network). */
export function OrganisationPicker({ kind, label, value, onChange, invalid, testId = 'fact-org' }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const [search, setSearch] = useState('')
  // The cursor of each page shown: the first page, then one more per "more".
  const [pages, setPages] = useState<(string | null)[]>([null])
  const deferred = useDeferredValue(search.trim())
  const pick = (organisation: PickedOrganisation) => {
    onChange(organisation)
    setOpen(false)
  }
  return (
    <>
      <button
        type="button"
        className={styles.trigger}
        onClick={() => setOpen(true)}
        aria-label={`${label}：${value?.name ?? t('facts.org.choose')}`}
        aria-haspopup="dialog"
        aria-invalid={invalid || undefined}
        data-testid={testId}
      >
        <span className={value ? undefined : styles.placeholder}>{value?.name ?? t('facts.org.choose')}</span>
        <span aria-hidden="true">›</span>
      </button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} bodyClassName={styles.sheet} destroyOnClose>
        <h3>{label}</h3>
        <div className={styles.field}>
          <Input
            value={search}
            onChange={(text) => {
              setSearch(text)
              setPages([null])
            }}
            clearable
            placeholder={t('facts.org.search')}
            aria-label={t('facts.org.search')}
            data-testid="fact-org-search"
          />
        </div>
        <ul className={styles.options} data-testid="fact-org-options">
          {pages.map((after, index) => (
            <OrganisationPage
              key={after ?? 'first'}
              kind={kind}
              search={deferred}
              after={after}
              selectedId={value?.id ?? null}
              onPick={pick}
              onMore={index === pages.length - 1 ? (cursor) => setPages([...pages, cursor]) : undefined}
            />
          ))}
        </ul>
        <Button block onClick={() => setOpen(false)} data-testid="fact-org-close">
          {t('common.cancel')}
        </Button>
      </Popup>
    </>
  )
}

interface PageProps {
  kind: OrganisationKind
  search: string
  after: string | null
  selectedId: string | null
  onPick: (organisation: PickedOrganisation) => void
  /** Given on the last page shown: asks for the page after `cursor`. */
  onMore?: (cursor: string) => void
}

function OrganisationPage({ kind, search, after, selectedId, onPick, onMore }: PageProps) {
  const { t } = useI18n()
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationsDocument,
    variables: { kind, search: search || null, first: PAGE_SIZE, after },
  })
  const connection = data?.organisations
  if (!connection) {
    if (fetching) return <li className={styles.hint}><DotLoading /></li>
    return <li className={styles.hint}>{error ? t('facts.org.offline') : t('facts.org.none')}</li>
  }
  const { edges, pageInfo } = connection
  return (
    <>
      {after === null && edges.length === 0 && <li className={styles.hint}>{t('facts.org.none')}</li>}
      {edges.map(({ node }) => (
        <li key={node.id}>
          <button
            type="button"
            className={styles.option}
            aria-pressed={node.id === selectedId}
            onClick={() => onPick({ id: node.id, name: node.name })}
            data-testid="fact-org-option"
          >
            {node.name}
          </button>
        </li>
      ))}
      {onMore && pageInfo.hasNextPage && pageInfo.endCursor && (
        <li>
          <Button block fill="none" onClick={() => onMore(pageInfo.endCursor!)} data-testid="fact-org-more">
            {t('facts.org.more')}
          </Button>
        </li>
      )}
    </>
  )
}
