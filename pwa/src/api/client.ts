import { Client, gql } from '@urql/core'
import {
  cacheExchange,
  offlineExchange,
  type CacheExchangeOpts,
  type StorageAdapter,
  type UpdateResolver,
} from '@urql/exchange-graphcache'
import { makeDefaultStorage } from '@urql/exchange-graphcache/default-storage'
import { relayPagination } from '@urql/exchange-graphcache/extras'
import { schema } from './generated/introspection'
import { sessionExchange, type SessionRequester } from './sessionExchange'
import { NetworkError } from './transport'

/** The normalised cache, kept in IndexedDB for a week so the last-seen screens open offline. */
export const CACHE_DATABASE = 'quancheng-cache'
const CACHE_DAYS = 7

const embedded = () => null

/** The types a refused action comes as: those implementing the ActionError interface, read from the schema. */
function refusalTypes(): string[] {
  const types: readonly { name: string; possibleTypes?: readonly { name: string }[] | null }[] = schema.__schema.types ?? []
  return types.find((type) => type.name === 'ActionError')?.possibleTypes?.map((type) => type.name) ?? []
}

/** How entities are told apart; types without an identity live inside their parent. */
const keys: CacheExchangeOpts['keys'] = {
  Center: (center) => (typeof center.kind === 'string' ? center.kind : null),
  ScoreSheetView: (sheet) => (typeof sheet.seatId === 'string' ? sheet.seatId : null),
  ...Object.fromEntries(
    [
      'Me',
      'CenterMembership',
      'CenterStats',
      'StageCount',
      'StatusCount',
      'LightCount',
      'StepHandling',
      'BudgetExecution',
      'RankedOrganisation',
      'Holder',
      'StageEntry',
      'TodoConnection',
      'TodoEdge',
      'ProjectConnection',
      'ProjectEdge',
      'NotificationViewConnection',
      'NotificationViewEdge',
      'PageInfo',
      'ProcessState',
      'ActionDone',
      'ScoreDraftSaved',
      ...refusalTypes(),
      'Done',
      'DelegationCreated',
      'NotificationSettings',
      'ChannelSetting',
      'SubmissionChanges',
      'FieldChange',
      'RubricCriterion',
      'RouteStep',
      'PanelExclusion',
      'PanelResult',
      'PanelProgress',
      'FindingAnswerView',
      'OrganisationConnection',
      'OrganisationEdge',
    ].map((type) => [type, embedded]),
  ),
}

const READ = gql`
  fragment _ on NotificationView {
    id
    read
  }
`

type Input = { input?: { taskId?: string } }

/**
 * A first page fresh from the server makes the later pages kept from before unknown: a to-do
 * closed since may still be on them, one opened may be missing. They are forgotten; "load more"
 * asks again from the new first page.
 */
function forgetLaterPages(field: string): UpdateResolver {
  return (_result, args, cache, info) => {
    if (args.after) return
    for (const kept of cache.inspectFields(info.parentKey)) {
      if (kept.fieldName === field && kept.arguments?.after) cache.invalidate(info.parentKey, field, kept.arguments)
    }
  }
}

/** After a mutation: what it changed, so the screens showing it ask again. */
const updates: CacheExchangeOpts['updates'] = {
  // Read page by page and shown as one list (relayPagination below).
  Center: { todos: forgetLaterPages('todos'), projects: forgetLaterPages('projects') },
  Mutation: {
    markNotificationsRead(_result, args, cache) {
      for (const id of (args.notificationIds as string[] | undefined) ?? []) {
        cache.writeFragment(READ, { __typename: 'NotificationView', id, read: true })
      }
      cache.invalidate('Query', 'myNotifications', { first: 1, unreadOnly: true })
    },
    transfer: (_result, args, cache) => cache.invalidate({ __typename: 'Todo', id: (args as Input).input?.taskId ?? '' }),
    addSigner: (_result, args, cache) => cache.invalidate({ __typename: 'Todo', id: (args as Input).input?.taskId ?? '' }),
    delegate: (_result, _args, cache) => cache.invalidate('Query', 'myDelegations'),
    revokeDelegation: (_result, _args, cache) => cache.invalidate('Query', 'myDelegations'),
    updateNotificationSettings: (_result, _args, cache) => cache.invalidate('Query', 'myNotificationSettings'),
  },
}

export interface ClientOptions {
  session: SessionRequester
  /** Where the cache is kept; in memory only when absent (tests, no IndexedDB). */
  storage?: StorageAdapter
}

export function persistentStorage(onCacheHydrated?: () => void): ReturnType<typeof makeDefaultStorage> | undefined {
  return typeof indexedDB === 'undefined'
    ? undefined
    : makeDefaultStorage({ idbName: CACHE_DATABASE, maxAge: CACHE_DAYS, onCacheHydrated })
}

/** The GraphQL client of one signed-in person: a normalised cache that persists, over the session. */
export function createClient({ session, storage }: ClientOptions): Client {
  const options: CacheExchangeOpts = {
    schema,
    keys,
    updates,
    resolvers: {
      Center: { todos: relayPagination(), projects: relayPagination() },
    },
  }
  const cache = storage
    ? offlineExchange({
        ...options,
        storage,
        // Our transport says so itself: no answer at all is "offline", whatever navigator.onLine says.
        isOfflineError: (error) => error?.networkError instanceof NetworkError,
      })
    : cacheExchange(options)
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    exchanges: [cache, sessionExchange(session)],
  })
}
