import type { GraphQLSchema } from 'graphql'

export const ROOT: string
export const SERVER_SCHEMA: string
export const PENDING_SCHEMA: string
export function loadSchema(): { schema: GraphQLSchema; pending: string[] }
