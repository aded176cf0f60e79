import { describe, expect, it } from 'vitest'
import { todoTitle } from './labels'
import { en, zh } from './messages'
import { createTranslator } from './translate'

const zhT = createTranslator('zh-CN')
const enT = createTranslator('en')

describe('names the server sends as keys', () => {
  it('has an English name for every step and history label', () => {
    const keys = Object.keys(zh).filter((key) => key.startsWith('step.') || key.startsWith('history.'))
    expect(keys.filter((key) => !(key in en))).toEqual([])
  })

  it('titles a to-do in English from its step, keeping the project name', () => {
    const project = { name: '城市大脑二期' }
    expect(todoTitle(enT, 'en', { title: '第三方报价评估：城市大脑二期', kind: 'ACTION', stepKey: 'price_assessment', project })).toBe(
      'Third-party price assessment: 城市大脑二期',
    )
    expect(todoTitle(enT, 'en', { title: '退回修改：城市大脑二期', kind: 'REVISION', stepKey: 'intake', project })).toBe('Revise: 城市大脑二期')
    expect(todoTitle(enT, 'en', { title: '督办：一窗受理：城市大脑二期', kind: 'SUPERVISION', stepKey: 'intake', project })).toBe(
      'Supervise: One-window intake: 城市大脑二期',
    )
    expect(todoTitle(zhT, 'zh-CN', { title: '第三方报价评估：城市大脑二期', kind: 'ACTION', stepKey: 'price_assessment', project })).toBe(
      '第三方报价评估：城市大脑二期',
    )
  })
})
