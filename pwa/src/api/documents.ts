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

/** A material stored: `uploadMaterial`'s answer. */
export interface MaterialUploaded {
  __typename: 'MaterialUploaded'
  materialId: string
  sha256: string
  contentType: string
  size: number
}

export type ActionResult = ActionDone | ScoreDraftSaved | MaterialUploaded | ActionError

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

/**
 * 申报材料: one file attached to a project at a stage, sent as a multipart request (the file in
 * part `0`). The server reads its type from its content and keeps one material per key.
 */
export const UPLOAD_MATERIAL = `mutation UploadMaterial($input: UploadMaterialInput!) {
  uploadMaterial(input: $input) {
    __typename
    ... on MaterialUploaded { materialId sha256 contentType size }
    ... on ActionError { code message field current { ${STATE_FIELDS} } } }
}`
export type UploadMaterialData = { uploadMaterial: ActionResult }

/**
 * Facts recorded beside a step, and the other one-off records: queued in the outbox like decisions
 * (checked before queueing, sent once under their idempotency key, in the order they were made).
 */
/** 第三方价格评估: the institution and the assessed amount. */
export const RECORD_PRICE_ASSESSMENT = `mutation RecordPriceAssessment($input: PriceAssessmentInput!) {
  recordPriceAssessment(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** The plan's scope items (approved plan or implementation plan). */
export const SUBMIT_PLAN = `mutation SubmitPlan($input: PlanInput!) {
  submitPlan(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** 控制价: the software part (data bureau) or the hardware part (finance review centre). */
export const SET_CONTROL_PRICE = `mutation SetControlPrice($input: ControlPriceInput!) {
  setControlPrice(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** Finance's approved budget. */
export const SET_APPROVED_BUDGET = `mutation SetApprovedBudget($input: AmountInput!) {
  setApprovedBudget(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** The tender result: vendor and contract amount (never above the budget), optional supervisor. */
export const RECORD_CONTRACT = `mutation RecordContract($input: ContractInput!) {
  recordContract(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** The supervision company (监理). */
export const ASSIGN_SUPERVISOR = `mutation AssignSupervisor($input: SupervisorInput!) {
  assignSupervisor(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** 资金支付: a payment and its milestone (never above the contract). */
export const RECORD_PAYMENT = `mutation RecordPayment($input: PaymentInput!) {
  recordPayment(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** A declared data resource confirmed as aggregated (at acceptance). */
export const VERIFY_DATA_RESOURCE = `mutation VerifyDataResource($input: VerifyResourceInput!) {
  verifyDataResource(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** An expert accepts (declaring no conflict) or declines a panel's invitation. */
export const RESPOND_INVITATION = `mutation RespondInvitation($input: RespondInvitationInput!) {
  respondInvitation(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** 审计意见: audit records a finding on a project. */
export const RAISE_AUDIT_FINDING = `mutation RaiseAuditFinding($input: FindingInput!) {
  raiseAuditFinding(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** The builder answers a finding. */
export const ANSWER_AUDIT_FINDING = `mutation AnswerAuditFinding($input: FindingReplyInput!) {
  answerAuditFinding(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** Audit closes an answered finding with its conclusion. */
export const CLOSE_AUDIT_FINDING = `mutation CloseAuditFinding($input: FindingReplyInput!) {
  closeAuditFinding(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** 互评 after a stage. */
export const RATE_MUTUALLY = `mutation RateMutually($input: MutualRatingInput!) {
  rateMutually(input: $input) { ${ACTION_RESULT_FIELDS} }
}`
/** 满意度 on a department's closed task. */
export const RATE_SATISFACTION = `mutation RateSatisfaction($input: SatisfactionInput!) {
  rateSatisfaction(input: $input) { ${ACTION_RESULT_FIELDS} }
}`

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
