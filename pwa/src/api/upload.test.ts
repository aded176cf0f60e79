import { afterEach, describe, expect, it, vi } from 'vitest'
import { UPLOAD_MATERIAL } from './documents'
import { NetworkError } from './transport'
import { xhrUploadTransport } from './upload'

afterEach(() => vi.unstubAllGlobals())

describe('the multipart upload transport (fetch, where there is no XMLHttpRequest)', () => {
  it('posts operations with the file variable null, the map, and the file as part 0', async () => {
    // given
    const bodies: FormData[] = []
    const headers: HeadersInit[] = []
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      bodies.push(init.body as FormData)
      headers.push(init.headers!)
      return new Response(JSON.stringify({ data: { uploadMaterial: { __typename: 'MaterialUploaded' } } }))
    })
    const file = new Blob(['%PDF-1.7'], { type: 'application/pdf' })
    // when
    const { body } = await xhrUploadTransport()({
      query: UPLOAD_MATERIAL,
      variables: { input: { idempotencyKey: 'k1', projectId: 'p1', stage: 'PRE_REVIEW', title: '报告', file: null } },
      headers: { authorization: 'Bearer access-1' },
      file,
      fileName: '报告.pdf',
      filePath: 'variables.input.file',
    })
    // then
    expect(body.data).toEqual({ uploadMaterial: { __typename: 'MaterialUploaded' } })
    const form = bodies[0]!
    const operations = JSON.parse(form.get('operations') as string)
    expect(operations.query).toBe(UPLOAD_MATERIAL)
    expect(operations.documentId).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(operations.variables.input).toMatchObject({ idempotencyKey: 'k1', file: null })
    expect(JSON.parse(form.get('map') as string)).toEqual({ 0: ['variables.input.file'] })
    const part = form.get('0') as File
    expect(part.name).toBe('报告.pdf')
    expect(await part.text()).toBe('%PDF-1.7')
    expect(headers[0]).toMatchObject({ authorization: 'Bearer access-1' })
  })

  it('reports an unreachable server as a network failure (the outbox retries it)', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(
      xhrUploadTransport()({ query: UPLOAD_MATERIAL, variables: { input: {} }, headers: {}, file: new Blob(['x']), fileName: 'a.pdf', filePath: 'variables.input.file' }),
    ).rejects.toBeInstanceOf(NetworkError)
  })
})
