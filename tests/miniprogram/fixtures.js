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

/** Signed in: the tokens of authPayload(suffix) kept as the session keeps them. */
function keepTokens(suffix, accessMs) {
  const payload = authPayload(suffix, accessMs)
  wx.setStorageSync('qc.tokens', {
    accessToken: payload.accessToken,
    accessTokenExpiresAt: Date.parse(payload.accessTokenExpiresAt),
    refreshToken: payload.refreshToken,
    refreshTokenExpiresAt: Date.parse(payload.refreshTokenExpiresAt),
  })
}

/** A to-do as the schema returns it (Todo), with its project. */
function todo(id, overrides = {}) {
  return {
    __typename: 'Todo',
    id,
    kind: 'ACTION',
    title: '初审：市民卡二期',
    expects: 'REVIEW',
    stage: 'PRE_REVIEW',
    stepKey: 'pre_review',
    stepVersion: 3,
    seatId: null,
    daysUsed: 3,
    daysLeft: 2,
    limitDays: 5,
    dueEstimated: false,
    light: 'GREEN',
    project: { id: 'UHJvamVjdDox', code: 'QC-2026-001', name: '市民卡二期', stage: 'PRE_REVIEW', status: 'ACTIVE', builder: { id: 'T3JnOjI=', name: '市大数据中心' }, materials: [] },
    ...overrides,
  }
}

module.exports = { USER, authPayload, keepTokens, pointAt, todo }
