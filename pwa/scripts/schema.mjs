// The server's schema as the app codes against it: ../schema/schema.graphql (committed by the
// server) plus schema-pending.graphql, the fields the app already uses that the server has not
// committed yet. A pending definition or field the committed schema already has is dropped, so
// the committed one always wins.
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Kind, buildASTSchema, concatAST, parse } from 'graphql'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SERVER_SCHEMA = join(ROOT, '../schema/schema.graphql')
export const PENDING_SCHEMA = join(ROOT, 'schema-pending.graphql')

const EXTENSIONS = new Set([Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_EXTENSION, Kind.INPUT_OBJECT_TYPE_EXTENSION])

/** The pending definitions and fields the server schema does not have yet. */
function stillPending(server, pending) {
  const named = new Map()
  for (const definition of server.definitions) {
    if (definition.name) named.set(definition.name.value, definition)
  }
  const kept = []
  const names = []
  for (const definition of pending.definitions) {
    const name = definition.name?.value
    if (!EXTENSIONS.has(definition.kind)) {
      if (!named.has(name)) {
        kept.push(definition)
        names.push(name)
      }
      continue
    }
    const existing = new Set((named.get(name)?.fields ?? []).map((field) => field.name.value))
    const fields = definition.fields.filter((field) => !existing.has(field.name.value))
    if (fields.length > 0) {
      kept.push({ ...definition, fields })
      names.push(...fields.map((field) => `${name}.${field.name.value}`))
    }
  }
  return { document: { kind: Kind.DOCUMENT, definitions: kept }, names }
}

/** The merged schema, and the names still taken from schema-pending.graphql. */
export function loadSchema() {
  const server = parse(readFileSync(SERVER_SCHEMA, 'utf8'))
  if (!existsSync(PENDING_SCHEMA)) return { schema: buildASTSchema(server), pending: [] }
  const { document, names } = stillPending(server, parse(readFileSync(PENDING_SCHEMA, 'utf8')))
  return { schema: buildASTSchema(concatAST([server, document])), pending: names }
}
