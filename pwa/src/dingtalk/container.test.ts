import { describe, expect, it } from 'vitest'
import { dingTalkContainer } from './container'

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'

describe('dingTalkContainer', () => {
  it('recognises DingTalk by its user agent or its dd object', () => {
    expect(dingTalkContainer(`${IPHONE} AliApp(DingTalk/7.5.10) com.laiwang.DingTalk/33457178 Channel/201200`)).toBe('dingtalk')
    expect(dingTalkContainer(IPHONE, { dd: {} })).toBe('dingtalk')
  })

  it('recognises 政务钉钉 (TaurusApp) before DingTalk', () => {
    expect(dingTalkContainer(`${IPHONE} AliApp(DingTalk/4.7.0) TaurusApp/2.3.0 Channel/exclusive_dingtalk`)).toBe('govdingtalk')
  })

  it('is null in a plain mobile browser or WeChat', () => {
    expect(dingTalkContainer(IPHONE)).toBeNull()
    expect(dingTalkContainer(`${IPHONE} MicroMessenger/8.0.47`)).toBeNull()
  })
})
