import { HOME, resolveLink } from '../../router'
import { session } from '../../services'

/** The entry page, also the one every subscribe message opens (`?link=<in-app link>`). */
Component({
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const target = query.link ? resolveLink(decodeURIComponent(query.link)) : HOME
      if (session.signedIn()) {
        wx.reLaunch({ url: target })
      } else {
        wx.reLaunch({ url: `/pages/signin/signin?redirect=${encodeURIComponent(target)}` })
      }
    },
  },
})
