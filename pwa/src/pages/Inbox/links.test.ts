import { describe, expect, it } from 'vitest'
import { inAppPath } from './links'

const ORIGIN = 'https://qc.example.gov.cn'

describe('inAppPath', () => {
  it('keeps the in-app paths of notification links', () => {
    expect(inAppPath('/todos/VGFzazox', ORIGIN)).toBe('/todos/VGFzazox')
    expect(inAppPath('/sheets/U2VhdDox?from=push', ORIGIN)).toBe('/sheets/U2VhdDox?from=push')
    expect(inAppPath(`${ORIGIN}/projects/UHJvamVjdDox`, ORIGIN)).toBe('/projects/UHJvamVjdDox')
  })

  it('never leads to another site', () => {
    expect(inAppPath('https://evil.example.com/todos/1', ORIGIN)).toBeNull()
    expect(inAppPath('//evil.example.com/todos/1', ORIGIN)).toBeNull()
    expect(inAppPath('javascript:alert(1)', ORIGIN)).toBeNull()
  })
})
