// Registers the app's GraphQL operations at build time: dist/persisted-operations.json maps
// "sha256:<hex>" to the exact text. The server runs only these in production (trusted documents),
// and the app sends the id instead of the text, which is also lighter on a phone network.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = readFileSync(join(root, 'src/api/documents.ts'), 'utf8')
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
})
const scratch = mkdtempSync(join(tmpdir(), 'qc-documents-'))
const file = join(scratch, 'documents.mjs')
writeFileSync(file, outputText)
const documents = await import(pathToFileURL(file).href)
rmSync(scratch, { recursive: true, force: true })

const manifest = {}
for (const value of Object.values(documents)) {
  if (typeof value === 'string' && /^\s*(query|mutation|subscription)\b/.test(value)) {
    manifest[`sha256:${createHash('sha256').update(value, 'utf8').digest('hex')}`] = value
  }
}
if (Object.keys(manifest).length === 0) throw new Error('no GraphQL operation found in src/api/documents.ts')
writeFileSync(join(root, 'dist/persisted-operations.json'), JSON.stringify(manifest, null, 2))
console.log(`registered ${Object.keys(manifest).length} operations in dist/persisted-operations.json`)
