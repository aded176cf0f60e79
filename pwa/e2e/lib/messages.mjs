// The app's own zh-CN texts (src/i18n/messages.ts), so a test can check what the screen says.
import { readFileSync } from 'node:fs'

const source = readFileSync(new URL('../../src/i18n/messages.ts', import.meta.url), 'utf8')
const block = source.slice(source.indexOf('export const zh = {'), source.indexOf('} as const'))
const texts = new Map([...block.matchAll(/^\s*'([^']+)':\s*'((?:[^'\\]|\\.)*)',?\s*$/gm)].map(([, key, text]) => [key, text]))

/** The zh-CN text of a message key, with `{name}` parameters filled in. */
export function zh(key, params = {}) {
  const text = texts.get(key)
  if (text === undefined) throw new Error(`no zh-CN text ${key} in src/i18n/messages.ts`)
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole))
}
