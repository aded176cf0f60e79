// Debian's Chromium through playwright-core, as a phone (390×844), and the app's screens.
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { BASE_URL, PASSWORD } from './api.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const OUT_DIR = process.env.E2E_OUT_DIR ?? fileURLToPath(new URL('../../../var/e2e/', import.meta.url))

export function launch() {
  return chromium.launch({
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
}

/** A fresh phone (its own storage, service worker and session) with one page. */
export async function phone(browser, { permissions = [] } = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  if (permissions.length) await context.grantPermissions(permissions, { origin: BASE_URL })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const errors = []
  page.on('pageerror', (error) => errors.push(error))
  return { context, page, errors }
}

export const byTestId = (page, id) => page.getByTestId(id, { exact: true })

/** Signs in on the sign-in screen; waits for the home screen. */
export async function signIn(page, username) {
  await page.goto(`${BASE_URL}/signin`)
  await byTestId(page, 'signin-page').waitFor()
  await page.locator('[data-testid="signin-username"] input').fill(username)
  await page.locator('[data-testid="signin-password"] input').fill(PASSWORD)
  await byTestId(page, 'signin-submit').click()
  await byTestId(page, 'home-page').waitFor()
  await byTestId(page, 'home-display-name').waitFor()
}

/** Shows the center's home (its to-do list) through the center switcher. */
export async function showCenter(page, kind) {
  const tab = byTestId(page, `center-${kind}`)
  await tab.waitFor()
  if ((await tab.getAttribute('aria-current')) !== 'page') await tab.click()
  await page.waitForFunction(
    (center) => document.querySelector(`[data-testid="center-${center}"]`)?.getAttribute('aria-current') === 'page',
    kind,
  )
  await page.locator('[data-testid="todo-list"], [data-testid="todo-empty"]').first().waitFor()
}

/** The to-do's row in the list on screen, loading more pages until it shows. */
export async function findTodoRow(page, todoId) {
  const row = byTestId(page, `todo-${todoId}`)
  for (let attempt = 0; attempt < 20; attempt++) {
    // The list is asked for again when the screen opens (cache and network): wait for the answer.
    try {
      await row.waitFor({ timeout: 3_000 })
      return row
    } catch {
      const more = byTestId(page, 'todo-more')
      if (!(await more.isVisible())) continue
      await more.click()
    }
  }
  assert.fail(`to-do ${todoId} is not in the list`)
}

/** Types into the field marked `testId` (antd-mobile marks the wrapper; the field is inside it). */
export async function fill(page, testId, text, element = 'input') {
  const field = page.locator(`[data-testid="${testId}"] ${element}, ${element}[data-testid="${testId}"]`).first()
  await field.fill(text)
}

/** Confirms the open action sheet and waits until it has closed. */
export async function confirmAction(page) {
  const confirm = byTestId(page, 'confirm')
  await confirm.click()
  await confirm.waitFor({ state: 'detached' })
}

/** Waits until no row of that to-do is in the list (after it was acted on). */
/**
 * After a decision the app goes straight to the center's next to-do, or home when there is none:
 * either way the decided to-do's screen is left (the API checks that it is closed).
 */
export async function waitMovedOn(page, todoId) {
  await page.waitForURL((url) => !url.pathname.endsWith(`/todos/${encodeURIComponent(todoId)}`))
  await page.locator('[data-testid="home-page"], [data-testid="todo-detail"]').first().waitFor()
}

export async function waitTodoGone(page, todoId) {
  await byTestId(page, `todo-${todoId}`).waitFor({ state: 'detached' })
}

/** Saves what the phone shows as `<name>.png` in the artifacts folder; its path. */
export async function screenshot(page, name) {
  await mkdir(OUT_DIR, { recursive: true })
  const path = join(OUT_DIR, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** Runs `body`, then saves the last screen whatever happened (a CI artifact, also of a failure). */
export async function withScreenshot(page, name, body) {
  try {
    return await body()
  } finally {
    await screenshot(page, name).catch(() => undefined)
  }
}

/** The service worker of the page's origin, active and controlling the page. */
export async function controllingWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
    }
  })
  const context = page.context()
  const url = `${BASE_URL}/sw.js`
  return context.serviceWorkers().find((worker) => worker.url() === url) ?? context.waitForEvent('serviceworker', (worker) => worker.url() === url)
}
