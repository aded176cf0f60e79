import { NetworkError } from '../../api/transport'
import { language, messages, t } from '../../i18n'
import { HOME } from '../../router'
import { session } from '../../services'

/**
 * wx.login -> wechatSignIn. On first use the WeChat identity is not bound yet: the person binds it
 * to their account with its password or the administrator's one-time code (bindExternalAccount).
 */
Component({
  data: {
    m: messages(),
    step: 'start' as 'start' | 'bind',
    ticket: '',
    username: '',
    password: '',
    oneTimeCode: '',
    useCode: false,
    busy: false,
    error: '',
    redirect: HOME,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ m: messages(), redirect: query.redirect ? decodeURIComponent(query.redirect) : HOME })
    },
    onUsername(event: { detail: string }) {
      this.setData({ username: event.detail })
    },
    onPassword(event: { detail: string }) {
      this.setData({ password: event.detail })
    },
    onOneTimeCode(event: { detail: string }) {
      this.setData({ oneTimeCode: event.detail })
    },
    toggleCode() {
      this.setData({ useCode: !this.data.useCode, error: '' })
    },
    async signIn() {
      this.setData({ busy: true, error: '' })
      try {
        const { code } = await wx.login()
        const result = await session.wechatSignIn(code, language())
        if (result.ok) return this.done()
        if ('binding' in result) this.setData({ step: 'bind', ticket: result.binding.ticket })
        else this.setData({ error: result.error.message })
      } catch (error) {
        this.setData({ error: failure(error) })
      } finally {
        this.setData({ busy: false })
      }
    },
    async bind() {
      const { ticket, username, password, oneTimeCode, useCode } = this.data
      this.setData({ busy: true, error: '' })
      try {
        const input = useCode ? { ticket, username, oneTimeCode } : { ticket, username, password }
        const result = await session.bind({ ...input, device: 'wechat-miniprogram' }, language())
        if (result.ok) return this.done()
        if ('error' in result) this.setData({ error: result.error.message })
      } catch (error) {
        this.setData({ error: failure(error) })
      } finally {
        this.setData({ busy: false })
      }
    },
    done() {
      wx.reLaunch({ url: this.data.redirect })
    },
  },
})

function failure(error: unknown): string {
  if (error instanceof NetworkError) return t('networkError')
  return error instanceof Error ? error.message : String(error)
}
