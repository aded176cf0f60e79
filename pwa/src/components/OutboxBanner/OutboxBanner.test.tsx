// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { AuthContextProvider, type Auth } from '@/auth/AuthProvider'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext } from '@/outbox/OutboxProvider'
import { OutboxBanner } from './OutboxBanner'

afterEach(cleanup)

const upload = {
  id: 'key-1',
  userId: '7',
  kind: 'uploadMaterial',
  input: { projectId: 'p1', stage: 'PRE_REVIEW', title: '可行性研究报告', idempotencyKey: 'key-1' },
  secretFields: [],
  subject: { title: '可行性研究报告' },
  createdAt: 0,
  seq: 0,
  language: 'zh-CN',
  status: 'waiting',
  attempts: 1,
  lastTriedAt: 0,
  refusal: null,
  attachment: { file: new Blob(['%PDF']), name: '可行性研究报告.pdf' },
} satisfies OutboxEntry

function renderBanner(progress: Map<string, number>) {
  const auth = { state: { status: 'signedIn', user: { id: '7' } } } as unknown as Auth
  const outbox = { entries: [upload], progress } as unknown as OutboxContext
  render(
    <I18nProvider>
      <AuthContextProvider value={auth}>
        <OutboxContextProvider value={outbox}>
          <OutboxBanner />
        </OutboxContextProvider>
      </AuthContextProvider>
    </I18nProvider>,
  )
}

describe('the outbox banner', () => {
  it('shows the file and the percentage of an upload while it is sent', () => {
    renderBanner(new Map([['key-1', 42]]))
    expect(screen.getByTestId('outbox-progress').textContent).toContain('正在上传 可行性研究报告.pdf：42%')
    expect(screen.getByTestId('outbox').getAttribute('data-waiting')).toBe('1')
  })

  it('shows no progress for an upload that waits unsent', () => {
    renderBanner(new Map())
    expect(screen.queryByTestId('outbox-progress')).toBeNull()
  })
})
