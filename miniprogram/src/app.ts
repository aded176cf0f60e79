import { outbox } from './services'

App({
  onLaunch() {
    outbox.watchNetwork()
  },
  onShow() {
    void outbox.flush().catch(() => undefined)
  },
})
