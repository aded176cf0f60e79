/**
 * What a deployment sets (README, "The WeChat mini-program"): the API's base URL (an HTTPS domain
 * listed as a request domain of the mini-program in the WeChat admin console) and the subscribe-message
 * template ids, the same as the server's QC_WECHAT_TEMPLATES. The AppID is in project.config.json.
 */
export interface MiniprogramConfig {
  apiBaseUrl: string
  /** Subscribe-message templates asked for after an action and on the home (at most 3 at once). */
  subscribeTemplateIds: string[]
}

export const config: MiniprogramConfig = {
  apiBaseUrl: 'http://127.0.0.1:8000',
  subscribeTemplateIds: [],
}

/** Tests and DevTools previews point the mini-program elsewhere. */
export function configure(values: Partial<MiniprogramConfig>): void {
  Object.assign(config, values)
}
