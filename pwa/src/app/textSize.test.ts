// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { applyTextSize, loadTextSize } from './textSize'

beforeEach(() => {
  localStorage.clear()
  delete document.documentElement.dataset.textSize
})

describe('the larger-text setting', () => {
  it('is standard until chosen, then marks the page and is kept for the next visit', () => {
    expect(loadTextSize()).toBe('standard')
    applyTextSize('larger')
    expect(document.documentElement.dataset.textSize).toBe('larger')
    expect(loadTextSize()).toBe('larger')
    applyTextSize('standard')
    expect(document.documentElement.dataset.textSize).toBeUndefined()
    expect(loadTextSize()).toBe('standard')
  })

  it('ignores a stored value it does not know', () => {
    localStorage.setItem('quancheng.textSize', 'huge')
    expect(loadTextSize()).toBe('standard')
  })
})
