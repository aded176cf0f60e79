// The JavaScript a phone downloads before the home screen shows (the entry, the home route's
// chunk, and everything they import statically), gzipped: it must stay within the budget.
// Reads dist/.vite/manifest.json; run after `vite build` (npm run build does).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ROOT } from './schema.mjs'

const BUDGET_KB = 150
const HOME = 'src/pages/Home/Home.tsx'

const dist = join(ROOT, 'dist')
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'))

function closure(keys) {
  const seen = new Set()
  const visit = (key) => {
    if (seen.has(key)) return
    seen.add(key)
    for (const imported of manifest[key]?.imports ?? []) visit(imported)
  }
  keys.forEach(visit)
  return seen
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
if (!entry || !manifest[HOME]) throw new Error(`no entry or no ${HOME} chunk in the manifest`)
const files = [...closure([entry, HOME])].map((key) => manifest[key].file).filter((file) => file.endsWith('.js'))
let total = 0
for (const file of files) total += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
const kb = total / 1024
console.log(`home screen initial JavaScript: ${kb.toFixed(1)} KB gzip in ${files.length} files (budget ${BUDGET_KB} KB)`)
if (process.argv.includes('--list')) for (const file of files) console.log(`  ${file}`)
// What is sent is the build's Brotli or gzip copy (api/static.py): one missing means the full size.
// Files under a kilobyte have none (the compression plugin's threshold: not worth a copy).
const uncompressed = files.filter(
  (file) =>
    statSync(join(dist, file)).size >= 1024 && !['.br', '.gz'].every((suffix) => existsSync(join(dist, file + suffix))),
)
if (uncompressed.length > 0) {
  console.error(`no Brotli or gzip copy of ${uncompressed.join(', ')}: vite-plugin-compression2 is not in the build`)
  process.exit(1)
}
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: lazy-load what the home screen does not need`)
  process.exit(1)
}
