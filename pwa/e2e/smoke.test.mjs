// Smoke test of the built app as served by the server: node --test e2e/
// BASE_URL (default http://127.0.0.1:8000) must serve pwa/dist at / and GraphQL at /graphql.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const OUT_DIR = process.env.E2E_OUT_DIR ?? fileURLToPath(new URL('../../var/e2e/', import.meta.url))
const USERNAME = 'builder'
const PASSWORD = 'Demo-2026'

let browser
let context
let page

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  // Anything the server's Content-Security-Policy blocks is reported on the console.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
  })
})

const cspViolations = []

after(async () => {
  await browser?.close()
})

const byTestId = (id) => page.getByTestId(id)
const input = (id) => page.locator(`[data-testid="${id}"] input`)

/** The operations registered at build time: the app sends their ids, not their text. */
const trusted = JSON.parse(
  readFileSync(fileURLToPath(new URL('../dist/persisted-operations.json', import.meta.url)), 'utf8'),
)

/** The next answer to the named GraphQL operation, with the request that asked for it. */
function nextOperation(name) {
  const named = new RegExp(`^\\s*(query|mutation)\\s+${name}\\b`)
  return page
    .waitForResponse((response) => {
      if (!response.url().endsWith('/graphql')) return false
      const sent = response.request().postDataJSON() ?? {}
      const query = sent.query ?? trusted[sent.documentId] ?? ''
      return named.test(query)
    })
    .then(async (response) => ({ request: response.request(), body: await response.json() }))
}

/** The refresh token the app keeps in IndexedDB (see README, "Tokens"). */
function storedRefreshToken() {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('quancheng')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('session')) return resolve(undefined)
          const get = db.transaction('session').objectStore('session').get('refreshToken')
          get.onsuccess = () => resolve(get.result?.token)
          get.onerror = () => reject(get.error)
        }
      }),
  )
}

async function signIn(password) {
  await input('signin-username').fill(USERNAME)
  await input('signin-password').fill(password)
  const answer = nextOperation('Login')
  await byTestId('signin-submit').click()
  return answer
}

test('the app shell', { timeout: 120_000 }, async (t) => {
  await t.test('opens on the sign-in screen and registers the service worker', async () => {
    await page.goto(BASE_URL)
    await byTestId('signin-page').waitFor()
    assert.match(await page.title(), /全程通/)
    const scope = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready
      return registration.scope
    })
    assert.equal(scope, `${BASE_URL}/`)
    const shell = await page.request.get(BASE_URL)
    assert.match(shell.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/)
    assert.equal(shell.headers()['x-content-type-options'], 'nosniff')
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]')
      return link ? (await fetch(link.href)).json() : null
    })
    assert.equal(manifest?.short_name, '全程通')
  })

  await t.test('signs in as the builder and shows the builder center', async () => {
    const { body } = await signIn(PASSWORD)
    assert.equal(body.data?.login?.__typename, 'AuthPayload', JSON.stringify(body))
    await byTestId('home-page').waitFor()
    await byTestId('home-display-name').waitFor()
    assert.equal(
      (await byTestId('home-display-name').textContent()).trim(),
      body.data.login.user.displayName,
    )
    assert.equal(
      (await byTestId('home-organisation').textContent()).trim(),
      body.data.login.user.organisation.name,
    )
    assert.match(await byTestId('center-BUILDER').textContent(), /建设单位/)
    assert.equal(await storedRefreshToken(), body.data.login.refreshToken)
    // The to-do list or its empty state, once loaded.
    await page.locator('[data-testid="todo-list"], [data-testid="todo-empty"]').first().waitFor()
  })

  await t.test('switches to English', async () => {
    await byTestId('language-en').click()
    await page.waitForFunction(
      () => document.querySelector('[data-testid="center-BUILDER"]')?.textContent === 'Builder unit',
    )
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  })

  await t.test('signs out back to the sign-in screen', async () => {
    const logout = nextOperation('Logout')
    await byTestId('sign-out').click()
    await byTestId('signin-page').waitFor()
    const { body } = await logout
    assert.equal(body.data?.logout?.__typename, 'LogoutSuccess', JSON.stringify(body))
    assert.equal(await storedRefreshToken(), undefined)
  })

  await t.test('opens any in-app address offline from the cached shell', async () => {
    await context.setOffline(true)
    try {
      await page.goto(`${BASE_URL}/centers/BUILDER`)
      await byTestId('signin-page').waitFor()
    } finally {
      await context.setOffline(false)
    }
  })

  await t.test('shows the server message for a wrong password, in the UI language', async () => {
    const { request, body } = await signIn('not-the-password')
    const error = body.data?.login
    assert.equal(error?.__typename, 'AuthError', JSON.stringify(body))
    assert.equal(request.headers()['accept-language'], 'en')
    await byTestId('signin-error').waitFor()
    assert.equal((await byTestId('signin-error').textContent()).trim(), error.message)
    await mkdir(OUT_DIR, { recursive: true })
    await page.screenshot({ path: `${OUT_DIR.replace(/\/?$/, '/')}smoke.png` })
  })

  await t.test('ran under the Content-Security-Policy with nothing blocked', () => {
    assert.deepEqual(cspViolations, [])
  })
})
