/** GraphQL documents and the shapes of their answers, per the server contract. */

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
  organisation: Organisation
}

export const ME = `query Me {
  me {
    user { ${USER_FIELDS} }
    centers { kind organisation { ${ORGANISATION_FIELDS} } }
  }
}`
export type MeData = { me: { user: User; centers: CenterMembership[] } }

export interface Todo {
  id: string
  title: string
  dueAt: string | null
}

export const CENTER_TODOS = `query CenterTodos($kind: CenterKind!, $first: Int, $after: String) {
  center(kind: $kind) {
    kind
    todos(first: $first, after: $after) {
      totalCount
      edges { cursor node { id title dueAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`
export type CenterTodosData = {
  center: {
    kind: CenterKind
    todos: {
      totalCount: number
      edges: { cursor: string; node: Todo }[]
      pageInfo: { hasNextPage: boolean; endCursor: string | null }
    }
  }
}
