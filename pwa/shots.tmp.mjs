import { launch, phone, signIn, showCenter, byTestId, findTodoRow, screenshot } from './e2e/lib/browser.mjs'
const browser = await launch()
const shots = [['audit', 'AUDIT'], ['expert', 'EXPERT'], ['data', 'DATA'], ['supervisor', 'SUPERVISOR']]
for (const [user, center] of shots) {
  const { page, context } = await phone(browser)
  await signIn(page, user)
  await showCenter(page, center)
  await screenshot(page, `try-${user}-home`)
  const rows = page.locator('[data-testid^="todo-"][data-testid$=""]')
  const first = page.locator('[data-testid="todo-list"] .adm-list-item').first()
  if (await first.count()) {
    await first.click()
    await page.waitForTimeout(1500)
    await screenshot(page, `try-${user}-first`)
  }
  await context.close()
}
await browser.close()
