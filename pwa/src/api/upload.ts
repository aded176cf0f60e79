import { NetworkError, documentId, type GraphQLRequest, type GraphQLResponse, type TransportResult } from './transport'

/** One file sent with an operation (the GraphQL multipart request spec, one file part `0`). */
export interface UploadRequest extends GraphQLRequest {
  file: Blob
  fileName: string
  /** The input field that receives the file: `variables.input.file`. */
  filePath: string
  /** Percent of the body sent (0–100), as the browser reports it. */
  onProgress?: (percent: number) => void
}

export type UploadTransport = <T>(request: UploadRequest) => Promise<TransportResult<T>>

const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND'

/** The multipart body: `operations` (the file's variable set to null), `map`, then the file. */
export function multipartBody(operations: Record<string, unknown>, file: Blob, fileName: string, filePath: string): FormData {
  const form = new FormData()
  form.append('operations', JSON.stringify(operations))
  form.append('map', JSON.stringify({ 0: [filePath] }))
  form.append('0', file, fileName)
  return form
}

/**
 * Posts an upload with XMLHttpRequest where there is one (fetch reports no upload progress), with
 * fetch in the service worker. Like fetchTransport it names the trusted document by id, and sends
 * the text only when the server does not know the id (development servers).
 */
export function xhrUploadTransport(endpoint = '/graphql'): UploadTransport {
  return async <T>({ query, variables, headers, file, fileName, filePath, onProgress }: UploadRequest) => {
    const id = await documentId(query)
    const withFileNull = nullAt(variables ?? {}, filePath)
    const post = (operations: Record<string, unknown>) =>
      (typeof XMLHttpRequest === 'undefined' ? postWithFetch : postWithXhr)(
        endpoint,
        multipartBody(operations, file, fileName, filePath),
        headers,
        onProgress,
      )
    let answer = await post(id ? { documentId: id, query, variables: withFileNull } : { query, variables: withFileNull })
    if (id && answer.status === 400 && answer.text.includes(PERSISTED_QUERY_NOT_FOUND)) {
      answer = await post({ query, variables: withFileNull })
    }
    let body: GraphQLResponse<T>
    try {
      body = JSON.parse(answer.text) as GraphQLResponse<T>
    } catch (cause) {
      throw new NetworkError(`Not a GraphQL answer (HTTP ${answer.status})`, { cause })
    }
    const serverDate = answer.date ? Date.parse(answer.date) : NaN
    return { body, serverDate: Number.isNaN(serverDate) ? null : serverDate }
  }
}

interface RawAnswer {
  status: number
  text: string
  date: string | null
}

function postWithXhr(
  endpoint: string,
  body: FormData,
  headers: Record<string, string>,
  onProgress?: (percent: number) => void,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', endpoint)
    xhr.withCredentials = false
    // The browser sets content-type with the multipart boundary itself.
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.round((event.loaded / event.total) * 100))
    }
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, date: xhr.getResponseHeader('date') })
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => reject(new NetworkError('The server could not be reached'))
    xhr.send(body)
  })
}

async function postWithFetch(endpoint: string, body: FormData, headers: Record<string, string>): Promise<RawAnswer> {
  try {
    const response = await fetch(endpoint, { method: 'POST', headers: { accept: 'application/json', ...headers }, body, credentials: 'omit' })
    return { status: response.status, text: await response.text(), date: response.headers.get('date') }
  } catch (cause) {
    throw new NetworkError('The server could not be reached', { cause })
  }
}

/** A copy of `variables` with the value at `path` ("variables.input.file") set to null. */
function nullAt(variables: Record<string, unknown>, path: string): Record<string, unknown> {
  const [, ...keys] = path.split('.')
  const copy = { ...variables }
  let node = copy
  keys.forEach((key, index) => {
    if (index === keys.length - 1) node[key] = null
    else node = node[key] = { ...(node[key] as Record<string, unknown>) }
  })
  return copy
}

