import { HomeScreenDocument, type CenterKind, type HomeScreenQuery } from '../../api/generated/HomeScreen'
import { KEYS, read, write } from '../../api/storage'
import { NetworkError } from '../../api/transport'
import { SessionEndedError } from '../../api/session'
import { messages, t } from '../../i18n'
import { session } from '../../services'
import { requestSubscriptions } from '../../subscriptions'

type Todo = NonNullable<HomeScreenQuery['center']>['todos']['edges'][number]['node']

export interface TodoRow {
  id: string
  title: string
  project: string
  light: Todo['light']
  /** 第X天/共Y个工作日, empty when the step has no time limit. */
  days: string
}

export function todoRow(todo: Todo): TodoRow {
  const days = todo.limitDays === null ? '' : t('days', todo.daysUsed ?? 0, todo.limitDays)
  return { id: todo.id, title: todo.title, project: todo.project ? `${todo.project.code} ${todo.project.name}` : '', light: todo.light, days }
}

const PAGE_SIZE = 30
type Centers = HomeScreenQuery['me']['centers']

/** The server says which centers' homes list their projects (FOLLOW_PROJECTS); the app keeps no list. */
export function followsProjects(centers: Centers, kind: CenterKind | ''): boolean {
  return centers.some((center) => center.kind === kind && center.abilities.includes('FOLLOW_PROJECTS'))
}

type ProjectRow = NonNullable<NonNullable<HomeScreenQuery['center']>['projects']>['edges'][number]['node']

/**
 * The home of one center: the center switcher and its to-dos (light, 第X天/共Y个工作日). The last list
 * seen is kept per center and shown at once, and still shown (marked) when the network is down.
 */
Component({
  data: {
    m: messages(),
    kind: '' as CenterKind | '',
    centers: [] as HomeScreenQuery['me']['centers'],
    todos: [] as TodoRow[],
    projects: [] as ProjectRow[],
    total: 0,
    stale: false,
    error: '',
  },
  methods: {
    onLoad() {
      this.setData({ m: messages() })
    },
    onShow() {
      return this.load((read<CenterKind>(KEYS.center) ?? '') as CenterKind | '')
    },
    onPullDownRefresh() {
      return this.load(this.data.kind).finally(() => wx.stopPullDownRefresh())
    },
    switchCenter(event: WechatMiniprogram.BaseEvent) {
      const kind = event.currentTarget.dataset.kind as CenterKind
      write(KEYS.center, kind)
      return this.load(kind)
    },
    open(event: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/pages/todo/todo?id=${encodeURIComponent(event.currentTarget.dataset.id as string)}` })
    },
    openProject(event: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/pages/project/project?id=${encodeURIComponent(event.currentTarget.dataset.id as string)}` })
    },
    openInbox() {
      wx.navigateTo({ url: '/pages/inbox/inbox' })
    },
    openSettings() {
      wx.navigateTo({ url: '/pages/settings/settings' })
    },
    subscribe() {
      return requestSubscriptions()
    },
    async load(wanted: CenterKind | '') {
      const cached = wanted
        ? read<{ centers: Centers; todos: TodoRow[]; projects: ProjectRow[]; total: number }>(KEYS.home(wanted))
        : null
      if (cached) this.setData({ kind: wanted, ...cached })
      try {
        // What the center offers is known from the last visit; without it, the answer says and we ask again.
        const asked = cached ? followsProjects(cached.centers, wanted) : false
        let data = await session.request(HomeScreenDocument, {
          kind: wanted || 'DATA', withCenter: wanted !== '', withProjects: asked, first: PAGE_SIZE,
        })  // prettier-ignore
        const kinds = data.me.centers.map((center) => center.kind)
        const kind = wanted && kinds.includes(wanted) ? wanted : kinds[0]
        if (!kind) {
          this.setData({ centers: [], todos: [], projects: [], total: 0, stale: false, error: '' })
          return
        }
        const follows = followsProjects(data.me.centers, kind)
        if (kind !== wanted || follows !== asked) {
          write(KEYS.center, kind)
          data = await session.request(HomeScreenDocument, {
            kind, withCenter: true, withProjects: follows, first: PAGE_SIZE,
          })  // prettier-ignore
        }
        const todos = data.center?.todos.edges.map((edge) => todoRow(edge.node)) ?? []
        const projects = data.center?.projects?.edges.map((edge) => edge.node) ?? []
        const shown = { centers: data.me.centers, todos, projects, total: data.center?.todos.totalCount ?? 0 }
        write(KEYS.home(kind), shown)
        this.setData({ kind, ...shown, stale: false, error: '' })
      } catch (error) {
        if (error instanceof SessionEndedError) {
          wx.reLaunch({ url: '/pages/signin/signin' })
        } else if (error instanceof NetworkError) {
          this.setData({ stale: cached !== null, error: cached ? '' : t('networkError') })
        } else {
          this.setData({ error: error instanceof Error ? error.message : String(error) })
        }
      }
    },
  },
})
