import { describe, expect, it } from 'vitest'
import {
  formatTenths,
  maximumTotal,
  parseTenths,
  runningTotal,
  sameScores,
  scoreProblem,
  scoresFromServer,
  sheetProblems,
  validScores,
} from './sheet'

const RUBRIC = [
  { key: 'necessity', maxPoints: '20' },
  { key: 'feasibility', maxPoints: '30.0' },
  { key: 'cost', maxPoints: '50.00' },
]

describe('points', () => {
  it('reads decimals with one place in whole tenths, like the server', () => {
    expect(parseTenths('8.5')).toEqual({ tenths: 85 })
    expect(parseTenths('8.50')).toEqual({ tenths: 85 })
    expect(parseTenths('8')).toEqual({ tenths: 80 })
    expect(parseTenths('8.')).toEqual({ tenths: 80 })
    expect(parseTenths(' ８．５ '.replace('．', '.'))).toEqual({ tenths: 85 })
    expect(parseTenths('８。５')).toEqual({ tenths: 85 })
    expect(parseTenths('')).toBeNull()
    expect(parseTenths('  ')).toBeNull()
  })

  it('refuses more than one decimal, negatives and what is not a number', () => {
    expect(parseTenths('8.55')).toEqual({ problem: 'PRECISION' })
    expect(parseTenths('-1')).toEqual({ problem: 'NEGATIVE' })
    expect(parseTenths('-0')).toEqual({ tenths: 0 })
    expect(parseTenths('abc')).toEqual({ problem: 'NOT_A_NUMBER' })
    expect(parseTenths('1e3')).toEqual({ problem: 'NOT_A_NUMBER' })
    expect(parseTenths('.5')).toEqual({ problem: 'NOT_A_NUMBER' })
  })

  it('writes tenths without a trailing zero', () => {
    expect(formatTenths(835)).toBe('83.5')
    expect(formatTenths(800)).toBe('80')
    expect(formatTenths(3)).toBe('0.3')
    expect(formatTenths(0)).toBe('0')
  })
})

describe('a sheet', () => {
  it('adds tenths exactly: 0.1 + 0.2 is 0.3', () => {
    const rubric = [
      { key: 'a', maxPoints: '1' },
      { key: 'b', maxPoints: '1' },
    ]
    expect(runningTotal(rubric, { a: '0.1', b: '0.2' })).toBe('0.3')
  })

  it('keeps a running total of the valid scores only, as the server does', () => {
    expect(runningTotal(RUBRIC, { necessity: '18.5', feasibility: '27', cost: '' })).toBe('45.5')
    expect(runningTotal(RUBRIC, { necessity: '18.5', feasibility: '31', cost: '40.25' })).toBe('18.5')
    expect(runningTotal(RUBRIC, { necessity: '20', feasibility: '30', cost: '50' })).toBe('100')
    expect(runningTotal(RUBRIC, {})).toBe('0')
  })

  it('knows the maximum of each criterion and of the sheet', () => {
    expect(scoreProblem(RUBRIC[0]!, '20')).toBeNull()
    expect(scoreProblem(RUBRIC[0]!, '20.1')).toBe('ABOVE_MAX')
    expect(scoreProblem(RUBRIC[1]!, '30.0')).toBeNull()
    expect(maximumTotal(RUBRIC)).toBe('100')
  })

  it('lets a draft miss criteria, but not a sheet to submit', () => {
    const scores = { necessity: '18', feasibility: '35' }
    expect(sheetProblems(RUBRIC, scores, { complete: false })).toEqual({ feasibility: 'ABOVE_MAX' })
    expect(sheetProblems(RUBRIC, scores, { complete: true })).toEqual({ feasibility: 'ABOVE_MAX', cost: 'MISSING' })
    expect(sheetProblems(RUBRIC, { necessity: '1', feasibility: '2', cost: '3' }, { complete: true })).toEqual({})
  })

  it('sends only the valid scores of a draft, written canonically', () => {
    expect(validScores(RUBRIC, { necessity: '18.50', feasibility: '35', cost: 'x', other: '3' })).toEqual({
      necessity: '18.5',
    })
  })

  it('reads the server scores and compares sheets by value', () => {
    expect(scoresFromServer({ necessity: '18.50', cost: 40 })).toEqual({ necessity: '18.5', cost: '40' })
    expect(scoresFromServer(null)).toEqual({})
    expect(scoresFromServer(['8'])).toEqual({})
    expect(sameScores({ necessity: '18.50', cost: '' }, { necessity: '18.5' })).toBe(true)
    expect(sameScores({ necessity: '18' }, { necessity: '18.5' })).toBe(false)
  })
})
