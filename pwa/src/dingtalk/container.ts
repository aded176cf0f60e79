/**
 * Which DingTalk container the app runs in, if any: 政务钉钉 (专有钉钉, user agent "TaurusApp")
 * or DingTalk itself ("DingTalk", or its `dd` object). Elsewhere (a mobile browser, WeChat)
 * the person signs in with a password.
 */
export type Container = 'govdingtalk' | 'dingtalk'

export function dingTalkContainer(userAgent: string, globals: { dd?: unknown } = {}): Container | null {
  if (/TaurusApp/i.test(userAgent)) return 'govdingtalk'
  if (/DingTalk/i.test(userAgent) || globals.dd !== undefined) return 'dingtalk'
  return null
}

export class DingTalkError extends Error {
  override name = 'DingTalkError'
}

/**
 * A one-time auth code for our corpId (免登), from the container's JS API, loaded only here so
 * that browsers outside DingTalk never download it.
 */
export async function requestAuthCode(container: Container, corpId: string): Promise<string> {
  let code: string | undefined
  try {
    if (container === 'govdingtalk') {
      const { default: getAuthCode } = await import('gdt-jsapi/getAuthCode')
      const result = await getAuthCode({ corpId })
      code = result.code ?? result.auth_code
    } else {
      const { default: requestCode } = await import('dingtalk-jsapi/api/runtime/permission/requestAuthCode')
      code = (await requestCode({ corpId })).code
    }
  } catch (cause) {
    throw new DingTalkError('The container gave no auth code', { cause })
  }
  if (!code) throw new DingTalkError('The container gave an empty auth code')
  return code
}
