import { GraphQLRequestError, NetworkError, type GraphQLErrorItem } from './transport'

/**
 * Resumable uploads (the server's /uploads, close to tus): a file is declared with its size and
 * SHA-256, sent in byte ranges (`Upload-Offset`), and after a cut the server says how much it holds.
 * `uploadMaterial(input: {uploadId})` then attaches it once.
 */

/** Bytes per request: small enough to lose little on a weak network, large enough to be few. */
export const CHUNK_BYTES = 512 * 1024

export interface ChunkRequest {
  method: 'POST' | 'HEAD' | 'PATCH'
  /** `/uploads` or `/uploads/<id>`. */
  path: string
  headers: Record<string, string>
  body?: Blob | string
  /** Bytes of the body sent so far, as the browser reports them. */
  onProgress?: (loaded: number) => void
}

export interface ChunkAnswer {
  status: number
  header(name: string): string | null
  text: string
}

export type ChunkTransport = (request: ChunkRequest) => Promise<ChunkAnswer>

export interface NewUpload {
  size: number
  sha256: string
  name: string
  contentType: string
}

/** The server holds another offset than the one sent: continue from `offset`. */
export class UploadOffsetError extends Error {
  override name = 'UploadOffsetError'
  constructor(readonly offset: number) {
    super(`The server holds ${offset} bytes`)
  }
}

/** The upload is gone (expired, or never this person's): start it again. */
export class UploadGoneError extends Error {
  override name = 'UploadGoneError'
}

/** The upload protocol as one signed-in person: the session supplies the headers (token, language). */
export class ResumableUploads {
  constructor(private readonly send: (request: ChunkRequest) => Promise<ChunkAnswer>) {}

  async create(upload: NewUpload): Promise<{ id: string; offset: number }> {
    const answer = await this.send({
      method: 'POST',
      path: '/uploads',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(upload),
    })
    const created = parse<{ id: string; offset: number }>(answer)
    return { id: created.id, offset: created.offset }
  }

  /** How many bytes the server holds. */
  async offset(id: string): Promise<number> {
    const answer = await this.send({ method: 'HEAD', path: `/uploads/${encodeURIComponent(id)}`, headers: {} })
    check(answer)
    return offsetOf(answer)
  }

  /** Sends `chunk` to be written at `offset`; the offset the server holds after it. */
  async append(id: string, offset: number, chunk: Blob, onProgress?: (loaded: number) => void): Promise<number> {
    const answer = await this.send({
      method: 'PATCH',
      path: `/uploads/${encodeURIComponent(id)}`,
      headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
      body: chunk,
      onProgress,
    })
    check(answer)
    return offsetOf(answer)
  }
}

/** A refusal in the error contract's shape; 401 is UNAUTHENTICATED so the session renews and resends. */
function check(answer: ChunkAnswer): void {
  if (answer.status >= 200 && answer.status < 300) return
  if (answer.status === 409) throw new UploadOffsetError(offsetOf(answer))
  if (answer.status === 404 || answer.status === 410) throw new UploadGoneError(`HTTP ${answer.status}`)
  throw new GraphQLRequestError(errorsOf(answer))
}

function parse<T>(answer: ChunkAnswer): T {
  check(answer)
  try {
    return JSON.parse(answer.text) as T
  } catch (cause) {
    throw new NetworkError(`Not an upload answer (HTTP ${answer.status})`, { cause })
  }
}

function offsetOf(answer: ChunkAnswer): number {
  const offset = Number(answer.header('upload-offset'))
  if (!Number.isSafeInteger(offset) || offset < 0) throw new NetworkError(`No Upload-Offset (HTTP ${answer.status})`)
  return offset
}

function errorsOf(answer: ChunkAnswer): GraphQLErrorItem[] {
  try {
    const body = JSON.parse(answer.text) as { errors?: GraphQLErrorItem[] }
    if (body.errors?.length) return body.errors
  } catch {
    // a proxy's page, or HEAD's empty body: the status says it
  }
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'BAD_REQUEST'
  return [{ message: `HTTP ${answer.status}`, extensions: { code } }]
}

/** The file's SHA-256 in hex, as the server checks it at the end. */
export async function sha256Hex(file: Blob): Promise<string> {
  const bytes = await new Response(file).arrayBuffer()
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** XMLHttpRequest where there is one (fetch reports no upload progress), fetch in the service worker. */
export function httpChunkTransport(base = ''): ChunkTransport {
  return (request) => (typeof XMLHttpRequest === 'undefined' ? withFetch(base, request) : withXhr(base, request))
}

function withXhr(base: string, { method, path, headers, body, onProgress }: ChunkRequest): Promise<ChunkAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, base + path)
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded)
    xhr.onload = () =>
      resolve({ status: xhr.status, header: (name) => xhr.getResponseHeader(name), text: xhr.responseText })
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new NetworkError('The server could not be reached'))
    xhr.send(body ?? null)
  })
}

async function withFetch(base: string, { method, path, headers, body }: ChunkRequest): Promise<ChunkAnswer> {
  try {
    const response = await fetch(base + path, { method, headers, body, credentials: 'omit', cache: 'no-store' })
    return { status: response.status, header: (name) => response.headers.get(name), text: await response.text() }
  } catch (cause) {
    throw new NetworkError('The server could not be reached', { cause })
  }
}
