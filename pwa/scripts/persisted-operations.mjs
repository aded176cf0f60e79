// Registers the app's GraphQL operations at build time: dist/persisted-operations.json maps
// "sha256:<hex>" to the exact text. The server runs only these in production (trusted documents),
// and the app sends the id instead of the text, which is also lighter on a phone network.
// Which operations, and why their text is exactly what is sent: scripts/operations.mjs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { collectOperations } from './operations.mjs'
import { ROOT } from './schema.mjs'

const manifest = await collectOperations()
writeFileSync(join(ROOT, 'dist/persisted-operations.json'), JSON.stringify(manifest, null, 2))
console.log(`registered ${Object.keys(manifest).length} operations in dist/persisted-operations.json`)
