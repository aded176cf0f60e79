/**
 * The operations sent as plain text, with the shapes of their answers: the session's (they
 * carry tokens), the outbox's (they are replayed later, also by the service worker) and the
 * service worker's own. Every other operation is in src/api/operations/*.graphql, typed by
 * codegen. scripts/persisted-operations.mjs registers each exported operation text as it is.
 */

export const CENTER_KINDS = [
  'DATA',
  'FINANCE',
  'DRC',
  'AUDIT',
  'BUILDER',
  'EXPERT',
  'SUPERVISOR',
  'VENDOR',
] as const
export type CenterKind = (typeof CENTER_KINDS)[number]

export function isCenterKind(value: unknown): value is CenterKind {
  return typeof value === 'string' && (CENTER_KINDS as readonly string[]).includes(value)
}

export interface Organisation {
  id: string
  name: string
  kind: string
}

export interface User {
  id: string
  username: string
  displayName: string
  locale: string
  organisation: Organisation
}

export interface AuthPayload {
  __typename: 'AuthPayload'
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
  refreshTokenExpiresAt: string
  user: User
}

export type AuthErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'OTP_REQUIRED'
  | 'OTP_INVALID'
  | 'RATE_LIMITED'
  | 'INVALID_REFRESH_TOKEN'
  | 'REFRESH_TOKEN_REUSED'
  | 'SESSION_EXPIRED'

export interface AuthError {
  __typename: 'AuthError'
  code: AuthErrorCode
  message: string
  field: string | null
}

const ORGANISATION_FIELDS = 'id name kind'
const USER_FIELDS = `id username displayName locale organisation { ${ORGANISATION_FIELDS} }`
const AUTH_RESULT_FIELDS = `
  __typename
  ... on AuthPayload {
    accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
    user { ${USER_FIELDS} }
  }
  ... on AuthError { code message field }`

export interface LoginInput {
  username: string
  password: string
  otp?: string
  device?: string
}

export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { ${AUTH_RESULT_FIELDS} }
}`
export type LoginData = { login: AuthPayload | AuthError }

export const REFRESH_TOKEN = `mutation RefreshToken($input: RefreshTokenInput!) {
  refreshToken(input: $input) { ${AUTH_RESULT_FIELDS} }
}`
export type RefreshTokenData = { refreshToken: AuthPayload | AuthError }

export const LOGOUT = `mutation Logout($input: LogoutInput!) {
  logout(input: $input) {
    __typename
    ... on LogoutSuccess { loggedOut }
    ... on AuthError { code message field }
  }
}`
export type LogoutData = { logout: { __typename: 'LogoutSuccess'; loggedOut: boolean } | AuthError }

export interface CenterMembership {
  kind: CenterKind
  organisation: Pick<Organisation, 'id' | 'name'>
}

// ---- signing in from DingTalk (免登) --------------------------------------------------------

export interface BindingRequired {
  __typename: 'BindingRequired'
  ticket: string
  provider: string
}

export interface PublicConfig {
  webPushPublicKey: string | null
  dingtalkCorpId: string | null
  wechatAppId: string | null
}

/** Needs no sign-in. */
export const PUBLIC_CONFIG = `query PublicConfig {
  publicConfig { webPushPublicKey dingtalkCorpId wechatAppId }
}`
export type PublicConfigData = { publicConfig: PublicConfig }

export interface ExternalSignInInput {
  code: string
  device?: string
}

export const DINGTALK_SIGN_IN = `mutation DingtalkSignIn($input: ExternalSignInInput!) {
  dingtalkSignIn(input: $input) {
    ${AUTH_RESULT_FIELDS}
    ... on BindingRequired { ticket provider }
  }
}`
export type DingtalkSignInData = { dingtalkSignIn: AuthPayload | BindingRequired | AuthError }

export interface BindExternalInput {
  ticket: string
  username: string
  password?: string
  oneTimeCode?: string
  device?: string
}

export const BIND_EXTERNAL_ACCOUNT = `mutation BindExternalAccount($input: BindExternalInput!) {
  bindExternalAccount(input: $input) { ${AUTH_RESULT_FIELDS} }
}`
export type BindExternalAccountData = { bindExternalAccount: AuthPayload | AuthError }

// ---- the service worker ----------------------------------------------------------------------

/** Sent by the service worker when a push arrives; needs no sign-in (the receipt is the proof). */
export const ACKNOWLEDGE_NOTIFICATION = `mutation AcknowledgeNotification($receipt: String!) { acknowledgeNotification(receipt: $receipt) }`
export type AcknowledgeNotificationData = { acknowledgeNotification: boolean }

// ---- the outbox: actions that may wait for the network ----------------------------------------

/** The process after an action, or as it is now when the action was refused. */
export interface ProcessState {
  projectId: string
  taskId: string | null
  projectStatus: string
  projectStage: string
  stepStatus: string | null
  stepVersion: number | null
  taskStatus: string | null
  project: { id: string; name: string; code: string } | null
}

export interface ActionDone {
  __typename: 'ActionDone'
  state: ProcessState
}

/** A refused action. Each business area answers with its own type (WorkflowError, ProjectError, ...), all
 *  implementing the ActionError interface: select `... on ActionError`, test with `isRefusal`. */
export interface ActionError {
  __typename: `${string}Error`
  code: string
  message: string
  field: string | null
  current: ProcessState | null
}

/** A saved score draft: the sheet's new version (the next expected version) and its running total. */
export interface ScoreDraftSaved {
  __typename: 'ScoreDraftSaved'
  state: ProcessState
  sheetVersion: number
  runningTotal: string
}

export type ActionResult = ActionDone | ScoreDraftSaved | ActionError

/** The answer is a refusal: every area's error type carries a `code`; no success type does. */
export function isRefusal<T extends object>(answer: T | null | undefined): answer is Extract<T, { code: string; message: string }> {
  return !!answer && typeof (answer as { code?: unknown }).code === 'string'
}

const STATE_FIELDS = `projectId taskId projectStatus projectStage stepStatus stepVersion taskStatus
      project { id name code }`
const ACTION_RESULT_FIELDS = `
    __typename
    ... on ActionDone { state { ${STATE_FIELDS} } }
    ... on ActionError { code message field current { ${STATE_FIELDS} } }`

export const DECIDE = `mutation Decide($input: DecideInput!) {
  decide(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
export type DecideData = { decide: ActionResult }

export const RETURN_FOR_REVISION = `mutation ReturnForRevision($input: ReturnForRevisionInput!) {
  returnForRevision(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
export type ReturnForRevisionData = { returnForRevision: ActionResult }

export const RESUBMIT = `mutation Resubmit($input: ResubmitInput!) {
  resubmit(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
export type ResubmitData = { resubmit: ActionResult }

/** 申报: a builder declares a project (its data resources with it); the answer names the new project. */
export const DECLARE_PROJECT = `mutation DeclareProject($input: DeclareProjectInput!) {
  declareProject(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
export type DeclareProjectData = { declareProject: ActionResult }

export const SAVE_SCORE_DRAFT = `mutation SaveScoreDraft($input: ScoreSheetInput!) {
  saveScoreDraft(input: $input) {
    __typename
    ... on ScoreDraftSaved { state { ${STATE_FIELDS} } sheetVersion runningTotal }
    ... on ActionError { code message field current { ${STATE_FIELDS} } } }
}`
export type SaveScoreDraftData = { saveScoreDraft: ActionResult }

export const SUBMIT_SCORE_SHEET = `mutation SubmitScoreSheet($input: ScoreSheetInput!) {
  submitScoreSheet(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
export type SubmitScoreSheetData = { submitScoreSheet: ActionResult }
