import { NotificationSettingsDocument, type NotificationSettingsQuery } from '../../api/generated/NotificationSettings'
import { UpdateNotificationSettingsDocument } from '../../api/generated/UpdateNotificationSettings'
import { SessionEndedError } from '../../api/session'
import { NetworkError } from '../../api/transport'
import { language, messages, setLanguage, t, type MessageKey } from '../../i18n'
import { session } from '../../services'

type Settings = NotificationSettingsQuery['myNotificationSettings']
type Channel = Settings['channels'][number]['channel']

/** Settings: which channels remind me (those this server has), quiet hours, and the UI language. */
Component({
  data: {
    m: messages(),
    channels: [] as Array<{ channel: Channel; enabled: boolean; available: boolean; label: string }>,
    quietStart: null as string | null,
    quietEnd: null as string | null,
    digest: false,
    digestAt: '08:30',
    status: '',
    error: '',
  },
  methods: {
    onLoad() {
      this.setData({ m: messages() })
      return this.load()
    },
    async load() {
      try {
        const { myNotificationSettings: settings } = await session.request(NotificationSettingsDocument, {})
        this.setData({
          // Unavailable ones are kept (not shown) so that saving keeps their setting.
          channels: settings.channels.map((item) => ({
            channel: item.channel, enabled: item.enabled, available: item.available, label: t(`channel_${item.channel}` as MessageKey),
          })),  // prettier-ignore
          quietStart: settings.quietStart,
          quietEnd: settings.quietEnd,
          digest: settings.digest,
          digestAt: settings.digestAt,
        })
      } catch (error) {
        this.fail(error)
      }
    },
    toggle(event: WechatMiniprogram.BaseEvent) {
      const channel = event.currentTarget.dataset.channel as Channel
      this.setData({
        channels: this.data.channels.map((item) => (item.channel === channel ? { ...item, enabled: !item.enabled } : item)),
        status: '',
      })
    },
    onQuietStart(event: { detail: { value: string } }) {
      this.setData({ quietStart: event.detail.value, status: '' })
    },
    onQuietEnd(event: { detail: { value: string } }) {
      this.setData({ quietEnd: event.detail.value, status: '' })
    },
    clearQuiet() {
      this.setData({ quietStart: null, quietEnd: null, status: '' })
    },
    switchLanguage() {
      setLanguage(language() === 'en' ? 'zh-CN' : 'en')
      this.setData({ m: messages() })
      return this.load()
    },
    async save() {
      const { channels, quietStart, quietEnd, digest, digestAt } = this.data
      const input = {
        disabledChannels: channels.filter((item) => !item.enabled).map((item) => item.channel),
        quietStart,
        quietEnd,
        digest,
        digestAt,
      }
      try {
        const { updateNotificationSettings: result } = await session.request(UpdateNotificationSettingsDocument, { input })
        if (result.__typename === 'Done') this.setData({ status: t('saved'), error: '' })
        else this.setData({ error: result.message, status: '' })
      } catch (error) {
        this.fail(error)
      }
    },
    fail(error: unknown) {
      if (error instanceof SessionEndedError) wx.reLaunch({ url: '/pages/signin/signin' })
      else this.setData({ error: error instanceof NetworkError ? t('networkError') : String(error) })
    },
  },
})
