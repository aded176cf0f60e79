// A local Web Push service for one subscription: it takes what the server sends (RFC 8030),
// checks the VAPID authorization (RFC 8292) and decrypts the payload with the subscription's
// keys (RFC 8291, aes128gcm), the way a browser's push service and the browser would.
import assert from 'node:assert/strict'
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto'
import { createServer } from 'node:http'

const b64url = (buffer) => Buffer.from(buffer).toString('base64url')

function hkdf(salt, ikm, info, length) {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length))
}

/** The aes128gcm body of one push message, decrypted with the subscription's private key and auth secret. */
export function decrypt(body, { ecdh, authSecret }) {
  const salt = body.subarray(0, 16)
  const idLength = body.readUInt8(20)
  const serverKey = body.subarray(21, 21 + idLength)
  const ciphertext = body.subarray(21 + idLength)
  const uaPublic = ecdh.getPublicKey()
  const ecdhSecret = ecdh.computeSecret(serverKey)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, serverKey])
  const ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32)
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16)
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12)
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()])
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  assert.equal(padded[end], 2, 'the last record ends with the 0x02 delimiter')
  return padded.subarray(0, end)
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>`: signed (ES256) by `publicKey`, for this origin, not expired. */
export function checkVapid(header, { publicKey, audience }) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '')
  assert.ok(match, `VAPID authorization: ${header}`)
  const [, token, key] = match
  assert.equal(key, publicKey, 'the push was signed with the key the server publishes (publicConfig)')
  const [head, claims, signature] = token.split('.')
  const point = Buffer.from(key, 'base64url')
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) }
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  )
  assert.ok(valid, 'the VAPID JWT signature verifies')
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString())
  assert.equal(body.aud, audience)
  assert.ok(body.exp * 1000 > Date.now(), 'the VAPID JWT has not expired')
}

/**
 * Starts the push service on 127.0.0.1 with one subscription; `messages` fills with the
 * decrypted payloads (parsed JSON) of what the server sent.
 */
export async function startPushService({ vapidPublicKey }) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const authSecret = randomBytes(16)
  const messages = []
  const problems = []
  let audience = ''
  const server = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      try {
        assert.equal(request.method, 'POST')
        assert.equal(request.headers['content-encoding'], 'aes128gcm')
        assert.ok(Number(request.headers.ttl) > 0, 'a TTL header')
        checkVapid(request.headers.authorization, { publicKey: vapidPublicKey, audience })
        messages.push(JSON.parse(decrypt(Buffer.concat(chunks), { ecdh, authSecret }).toString('utf8')))
        response.writeHead(201).end()
      } catch (error) {
        problems.push(error)
        response.writeHead(400).end(String(error))
      }
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  audience = `http://127.0.0.1:${port}`
  return {
    subscription: {
      endpoint: `${audience}/push/${b64url(randomBytes(12))}`,
      p256dh: b64url(ecdh.getPublicKey()),
      auth: b64url(authSecret),
    },
    messages,
    problems,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}
