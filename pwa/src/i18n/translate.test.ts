import { describe, expect, it } from 'vitest'
import { CENTER_KINDS } from '@/api/documents'
import { CATALOG, DEFAULT_LANGUAGE, en, zh, type Dictionary, type Language } from './messages'
import { createTranslator, isLanguage, loadLanguage, saveLanguage } from './translate'

class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem = (key: string) => this.items.get(key) ?? null
  setItem = (key: string, value: string) => void this.items.set(key, value)
}

describe('createTranslator', () => {
  const partial: Record<Language, Dictionary> = {
    'zh-CN': { 'todos.empty': '暂无待办', 'todos.total': '共 {count} 项' },
    en: { 'todos.total': '{count} in total' },
  }

  it('falls back to Simplified Chinese when the English text is missing', () => {
    expect(createTranslator('en', partial)('todos.empty')).toBe('暂无待办')
  })

  it('shows the key itself when no language has the text', () => {
    expect(createTranslator('en', partial)('home.signOut')).toBe('home.signOut')
    expect(createTranslator('zh-CN', partial)('home.signOut')).toBe('home.signOut')
  })

  it('fills in parameters and leaves unknown placeholders visible', () => {
    const t = createTranslator('en', partial)
    expect(t('todos.total', { count: 3 })).toBe('3 in total')
    expect(t('todos.total', { other: 3 })).toBe('{count} in total')
    expect(createTranslator('zh-CN', partial)('todos.total', { count: 0 })).toBe('共 0 项')
  })

  it('uses Simplified Chinese by default', () => {
    expect(DEFAULT_LANGUAGE).toBe('zh-CN')
    expect(createTranslator(DEFAULT_LANGUAGE)('todos.empty')).toBe('暂无待办')
  })

  it('names the eight centers in Chinese and in English', () => {
    const zhT = createTranslator('zh-CN')
    const enT = createTranslator('en')
    expect(CENTER_KINDS.map((kind) => zhT(`center.${kind}`))).toEqual([
      '数据中心',
      '财政中心',
      '发改中心',
      '审计中心',
      '建设单位中心',
      '专家中心',
      '监理中心',
      '开发商中心',
    ])
    expect(CENTER_KINDS.map((kind) => enT(`center.${kind}`))).toEqual([
      'Data bureau',
      'Finance',
      'DRC',
      'Audit',
      'Builder unit',
      'Expert',
      'Supervisor',
      'Vendor',
    ])
  })

  it('has an English text for every Chinese one, with the same placeholders', () => {
    const placeholders = (text: string | undefined) => (text?.match(/\{\w+\}/g) ?? []).sort()
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(en[key], key).toBeTypeOf('string')
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]))
    }
    expect(Object.keys(CATALOG)).toEqual(['zh-CN', 'en'])
  })
})

describe('language choice', () => {
  it('starts in Chinese and remembers the chosen language', () => {
    const storage = new MemoryStorage()
    expect(loadLanguage(storage)).toBe('zh-CN')
    saveLanguage(storage, 'en')
    expect(loadLanguage(storage)).toBe('en')
  })

  it('ignores a stored value that is not a supported language', () => {
    const storage = new MemoryStorage()
    storage.setItem('quancheng.language', 'fr')
    expect(loadLanguage(storage)).toBe('zh-CN')
    expect(isLanguage('en')).toBe(true)
    expect(isLanguage('zh')).toBe(false)
  })
})
