// Prints the page the mini-program's router (src/router.ts) opens for a subscribe message's `page`:
// `node scripts/resolve-page.mjs 'pages/index/index?link=%2Ftodos%2F12'`. Used by the server's test
// that a new to-do's subscribe message opens that to-do (tests/miniprogram/test_subscribe_page.py).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROUTER = join(dirname(fileURLToPath(import.meta.url)), '../src/router.ts')
const { outputText } = ts.transpileModule(readFileSync(ROUTER, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 },
})
const router = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`)
console.log(router.resolvePage(process.argv[2] ?? ''))
