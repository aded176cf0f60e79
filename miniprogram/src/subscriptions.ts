import { RecordWechatSubscriptionsDocument } from './api/generated/RecordWechatSubscriptions'
import { config } from './config'
import { session } from './services'

/**
 * Asks for the configured subscribe-message templates (after an action, or from the home) and
 * reports the ones the person allowed: each grant lets the server send one message of that template.
 * Returns the template ids reported.
 */
export async function requestSubscriptions(): Promise<string[]> {
  const tmplIds = config.subscribeTemplateIds.slice(0, 3)
  if (tmplIds.length === 0) return []
  let answer: Record<string, string>
  try {
    answer = (await wx.requestSubscribeMessage({ tmplIds })) as unknown as Record<string, string>
  } catch {
    return [] // closed, or subscriptions switched off in WeChat's settings
  }
  const accepted = tmplIds.filter((id) => answer[id] === 'accept')
  if (accepted.length > 0) await session.request(RecordWechatSubscriptionsDocument, { templateIds: accepted })
  return accepted
}
