import { InboxDocument, type InboxQuery } from '../../api/generated/Inbox'
import { MarkNotificationsReadDocument } from '../../api/generated/MarkNotificationsRead'
import { SessionEndedError } from '../../api/session'
import { KEYS, read, write } from '../../api/storage'
import { NetworkError } from '../../api/transport'
import { messages, t } from '../../i18n'
import { resolveLink } from '../../router'
import { session } from '../../services'

type Notification = InboxQuery['myNotifications']['edges'][number]['node']


/** The inbox: the latest notifications (kept for offline), each marked read and opened on its page. */
Component({
  data: {
    m: messages(),
    notifications: [] as Notification[],
    error: '',
  },
  methods: {
    onLoad() {
      this.setData({ m: messages(), notifications: read<Notification[]>(KEYS.inbox) ?? [] })
      return this.load()
    },
    async load() {
      try {
        const data = await session.request(InboxDocument, { first: 50 })
        const notifications = data.myNotifications.edges.map((edge) => edge.node)
        write(KEYS.inbox, notifications)
        this.setData({ notifications, error: '' })
      } catch (error) {
        if (error instanceof SessionEndedError) wx.reLaunch({ url: '/pages/signin/signin' })
        else if (!(error instanceof NetworkError && this.data.notifications.length)) this.setData({ error: message(error) })
      }
    },
    async open(event: WechatMiniprogram.BaseEvent) {
      const notification = this.data.notifications.find((item) => item.id === event.currentTarget.dataset.id)
      if (!notification) return
      wx.navigateTo({ url: resolveLink(notification.link) })
      if (notification.read) return
      const notifications = this.data.notifications.map((item) => (item.id === notification.id ? { ...item, read: true } : item))
      this.setData({ notifications })
      write(KEYS.inbox, notifications)
      await session.request(MarkNotificationsReadDocument, { ids: [notification.id] }).catch(() => undefined)
    },
  },
})

function message(error: unknown): string {
  if (error instanceof NetworkError) return t('networkError')
  return error instanceof Error ? error.message : String(error)
}
