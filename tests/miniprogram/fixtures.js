// Shared pieces of the tests' server answers.
const { config: configure } = require('../../miniprogram/src/config')

const USER = { id: 'VXNlcjox', username: 'li.data', displayName: '李数据', locale: 'zh-CN' }

/** An AuthPayload whose access token lives `accessMs` from now. */
function authPayload(suffix, accessMs = 15 * 60_000) {
  return {
    __typename: 'AuthPayload',
    accessToken: `access-${suffix}`,
    accessTokenExpiresAt: new Date(Date.now() + accessMs).toISOString(),
    refreshToken: `refresh-${suffix}`,
    refreshTokenExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    user: USER,
  }
}

/** Points the compiled mini-program at the test server. */
function pointAt(server, values = {}) {
  Object.assign(configure, { apiBaseUrl: server.url, subscribeTemplateIds: [], ...values })
}

module.exports = { USER, authPayload, pointAt }
