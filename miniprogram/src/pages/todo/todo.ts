import { ProjectHistoryDocument, type ProjectHistoryQuery } from '../../api/generated/ProjectHistory'
import { TodoDetailDocument, type TodoDetailQuery } from '../../api/generated/TodoDetail'
import { SessionEndedError } from '../../api/session'
import { KEYS, read, write } from '../../api/storage'
import { NetworkError } from '../../api/transport'
import { config } from '../../config'
import { messages, t, type MessageKey } from '../../i18n'
import type { Decision } from '../../outbox/outbox'
import { outbox, session } from '../../services'
import { requestSubscriptions } from '../../subscriptions'

type Todo = Extract<NonNullable<TodoDetailQuery['node']>, { __typename: 'Todo' }>
type Material = NonNullable<Todo['project']>['materials'][number]
type Action = 'APPROVE' | 'REJECT' | 'RETURN' | 'ACCEPT' | 'DECLINE'

interface Shown {
  todo: Todo
  history: ProjectHistoryQuery['projectHistory']
}

const CONFIRM: Record<Action, MessageKey> = {
  APPROVE: 'confirmApprove',
  REJECT: 'confirmReject',
  RETURN: 'confirmReturn',
  ACCEPT: 'confirmAccept',
  DECLINE: 'confirmDecline',
}

/**
 * The approval detail of one to-do: project, materials (opened with wx.openDocument), history and
 * the actions, each confirmed first and then handed to the outbox with the step version shown here.
 */
Component({
  data: {
    m: messages(),
    id: '',
    todo: null as Todo | null,
    materials: [] as Material[],
    history: [] as ProjectHistoryQuery['projectHistory'],
    days: '',
    status: '',
    error: '',
    done: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = decodeURIComponent(query.id ?? '')
      this.setData({ m: messages(), id })
      return this.load(id)
    },
    show({ todo, history }: Shown) {
      const days = todo.limitDays === null ? '' : t('days', todo.daysUsed ?? 0, todo.limitDays)
      this.setData({ todo, history, days, materials: todo.project?.materials ?? [] })
    },
    async load(id: string) {
      const cached = read<Shown>(KEYS.todo(id))
      if (cached) this.show(cached)
      try {
        const { node } = await session.request(TodoDetailDocument, { id })
        if (!node || node.__typename !== 'Todo') {
          this.setData({ error: t('refused', id) })
          return
        }
        const todo = node as Todo
        const history = todo.project
          ? (await session.request(ProjectHistoryDocument, { projectId: todo.project.id })).projectHistory
          : []
        write(KEYS.todo(id), { todo, history })
        this.show({ todo, history })
        this.setData({ error: '' })
      } catch (error) {
        if (error instanceof SessionEndedError) wx.reLaunch({ url: `/pages/signin/signin` })
        else if (!(error instanceof NetworkError && cached)) this.setData({ error: message(error) })
      }
    },
    async preview(event: WechatMiniprogram.BaseEvent) {
      const material = this.data.materials.find((item) => item.id === event.currentTarget.dataset.id)
      if (!material?.previewUrl) return
      const url = material.previewUrl.startsWith('/') ? `${config.apiBaseUrl}${material.previewUrl}` : material.previewUrl
      try {
        const { tempFilePath, statusCode } = await new Promise<WechatMiniprogram.DownloadFileSuccessCallbackResult>(
          (resolve, reject) => wx.downloadFile({ url, success: resolve, fail: reject }),
        )
        if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`)
        await wx.openDocument({ filePath: tempFilePath, showMenu: false })
      } catch (error) {
        this.setData({ error: message(error) })
      }
    },
    openSheet() {
      const seatId = this.data.todo?.seatId
      if (seatId) wx.navigateTo({ url: `/pages/sheet/sheet?seatId=${encodeURIComponent(seatId)}` })
    },
    async act(event: WechatMiniprogram.BaseEvent) {
      const action = event.currentTarget.dataset.action as Action
      const todo = this.data.todo
      if (!todo) return
      const { confirm } = await wx.showModal({ title: t('confirmTitle'), content: t(CONFIRM[action]) })
      if (!confirm) return
      const decision = decisionFor(action, todo)
      const entry = outbox.enqueue(decision)
      this.setData({ done: true, status: t('queued'), error: '' })
      await outbox.flush().catch(() => undefined)
      const refusal = outbox.refused().find((item) => item.entry.idempotencyKey === entry.idempotencyKey)
      if (refusal) {
        this.setData({ done: false, status: '', error: t('refused', refusal.message) })
      } else if (!outbox.pending().some((item) => item.idempotencyKey === entry.idempotencyKey)) {
        this.setData({ status: t('sent') })
        await requestSubscriptions().catch(() => [])
      }
    },
  },
})

function decisionFor(action: Action, todo: Todo): Decision {
  const expectedVersion = todo.stepVersion
  if (action === 'ACCEPT' || action === 'DECLINE') {
    const accept = action === 'ACCEPT'
    return { kind: 'respondInvitation', seatId: todo.seatId ?? '', accept, noConflict: accept, reason: '', expectedVersion: null }
  }
  if (action === 'RETURN') return { kind: 'returnForRevision', taskId: todo.id, comment: '', expectedVersion }
  return { kind: 'decide', taskId: todo.id, verdict: action, comment: '', expectedVersion }
}

function message(error: unknown): string {
  if (error instanceof NetworkError) return t('networkError')
  return error instanceof Error ? error.message : String(error)
}
