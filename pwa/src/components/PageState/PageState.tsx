import { Button, DotLoading } from 'antd-mobile'
import { GraphQLRequestError, NetworkError } from '@/api/transport'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import styles from './PageState.module.css'
import { StateBlock } from './StateBlock'

export function Loading() {
  const { t } = useI18n()
  return (
    <div className={styles.center} data-testid="loading" role="status">
      <DotLoading color="primary" />
      <span className={styles.hidden}>{t('common.loading')}</span>
    </div>
  )
}

/** The GraphQL error code of a transport error, or of the client's combined error (duck-typed). */
function errorCode(error: unknown): string | undefined {
  if (error instanceof GraphQLRequestError) return error.code
  const first = (error as { graphQLErrors?: { extensions?: { code?: unknown } }[] } | null)?.graphQLErrors?.[0]
  return typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined
}

export function errorMessageKey(error: unknown): MessageKey {
  if (error instanceof NetworkError) return 'error.network'
  if ((error as { networkError?: unknown } | null)?.networkError instanceof NetworkError) return 'error.network'
  if (errorCode(error) === 'FORBIDDEN') return 'error.forbidden'
  return 'error.generic'
}

/** Nothing to show: a short title, no illustration. */
export function Empty({ title, testId }: { title: string; testId?: string }) {
  return <StateBlock className={styles.block} status="empty" title={title} description={null} data-testid={testId} />
}

export function Failure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n()
  return (
    <StateBlock
      className={styles.block}
      status={errorMessageKey(error) === 'error.network' ? 'disconnected' : 'default'}
      title={t(errorMessageKey(error))}
      description={null}
      data-testid="failure"
    >
      {onRetry && (
        <Button color="primary" fill="outline" onClick={onRetry} data-testid="retry">
          {t('common.retry')}
        </Button>
      )}
    </StateBlock>
  )
}
