import { CheckList, DotLoading, SearchBar } from 'antd-mobile'
import { useDeferredValue, useState } from 'react'
import { useQuery } from 'urql'
import { ColleaguesDocument, type ColleaguesQuery } from '@/api/generated/todo'
import { useI18n } from '@/i18n/I18nProvider'
import styles from './ColleaguePicker.module.css'

export type Colleague = ColleaguesQuery['colleagues'][number]

/** Someone to transfer a to-do to, add as a signer, or delegate to: searched by name. */
export function ColleaguePicker({ value, onChange }: { value: Colleague | null; onChange: (colleague: Colleague) => void }) {
  const { t } = useI18n()
  const [search, setSearch] = useState('')
  const deferred = useDeferredValue(search.trim())
  const [{ data, fetching, error }] = useQuery({
    query: ColleaguesDocument,
    variables: { search: deferred || null, first: 20 },
  })
  const people = data?.colleagues ?? []
  return (
    <div className={styles.picker} data-testid="colleague-picker">
      <SearchBar placeholder={t('colleague.search')} value={search} onChange={setSearch} data-testid="colleague-search" />
      {fetching && people.length === 0 && <DotLoading />}
      {error && people.length === 0 && <p className={styles.hint}>{t('error.network')}</p>}
      {!fetching && !error && people.length === 0 && <p className={styles.hint}>{t('colleague.none')}</p>}
      <CheckList
        value={value ? [value.id] : []}
        onChange={(ids) => {
          const chosen = people.find((person) => person.id === ids[0])
          if (chosen) onChange(chosen)
        }}
      >
        {people.map((person) => (
          <CheckList.Item
            key={person.id}
            value={person.id}
            description={person.organisation.name}
            data-testid={`colleague-${person.id}`}
          >
            {person.displayName}
          </CheckList.Item>
        ))}
      </CheckList>
    </div>
  )
}
