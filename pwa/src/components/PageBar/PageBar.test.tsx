// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import { I18nProvider } from '@/i18n/I18nProvider'
import { PageBar } from './PageBar'

afterEach(cleanup)

it('has a back button named 返回 that goes back', () => {
  const onBack = vi.fn()
  render(
    <I18nProvider>
      <PageBar onBack={onBack}>待办详情</PageBar>
    </I18nProvider>,
  )
  const back = screen.getByRole('button', { name: '返回' })
  fireEvent.click(back)
  expect(onBack).toHaveBeenCalledOnce()
})
