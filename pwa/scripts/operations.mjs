// Every GraphQL operation the app and its service worker send, as the exact text sent:
// - the plain-text operations exported by src/api/documents.ts, as they are;
// - each generated document of src/api/generated/*.ts as the normalised cache sends it
//   (src/api/operationText.ts: __typename added to every selection, then printed).
import { formatDocument, stringifyDocument } from '@urql/core'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { ROOT } from './schema.mjs'

const OPERATION = /^\s*(query|mutation|subscription)\b/

/** Imports a TypeScript module that has no runtime imports (type-only ones are dropped). */
async function importTypeScript(path) {
  const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  })
  const scratch = mkdtempSync(join(tmpdir(), 'qc-operations-'))
  try {
    const file = join(scratch, 'module.mjs')
    writeFileSync(file, outputText)
    return await import(pathToFileURL(file).href)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export function documentId(text) {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`
}

function isOperationDocument(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.kind === 'Document' &&
    value.definitions.some((definition) => definition.kind === 'OperationDefinition')
  )
}

/** {"sha256:<hex>": text} for every operation; throws when there is none. */
export async function collectOperations() {
  const texts = []
  const documents = await importTypeScript(join(ROOT, 'src/api/documents.ts'))
  for (const value of Object.values(documents)) {
    if (typeof value === 'string' && OPERATION.test(value)) texts.push(value)
  }
  const generated = join(ROOT, 'src/api/generated')
  for (const name of readdirSync(generated).filter((file) => file.endsWith('.ts')).sort()) {
    const module = await importTypeScript(join(generated, name))
    for (const value of Object.values(module)) {
      if (isOperationDocument(value)) texts.push(stringifyDocument(formatDocument(value)))
    }
  }
  if (texts.length === 0) throw new Error('no GraphQL operation found')
  return Object.fromEntries(texts.map((text) => [documentId(text), text]))
}
