import { describe, expect, it } from 'vitest'
import { emptyPanel, hasTaskForm, invitationProblems, localToday, panelInput, panelProblems, textProblem } from './rules'

describe('the task form rules', () => {
  it('knows which to-dos have a task form, so that the detail loads TaskForm only for them', () => {
    expect((['ORGANISE_PANEL', 'RESPOND_INVITATION', 'ANSWER_FINDING', 'CLOSE_FINDING'] as const).every(hasTaskForm)).toBe(true)
    expect((['SUBMIT', 'APPROVE', 'RECORD', 'SCORE', 'REVIEW'] as const).some(hasTaskForm)).toBe(false)
  })

  it('wants a count of 1 to 15 per quota, at most 15 seats, and a review date from today on', () => {
    const draft = { ...emptyPanel(), quotas: [{ specialty: '', count: '10' }, { specialty: '', count: '6' }], reviewDate: '2026-02-30' }
    expect(panelProblems(draft, '2026-01-10')).toEqual(['quotas', 'reviewDate'])
    expect(panelProblems({ ...draft, quotas: [{ specialty: '', count: '2.5' }], reviewDate: '2026-01-09' }, '2026-01-10')).toEqual([
      'quotas.0.count',
      'reviewDate',
    ])
    expect(panelProblems({ ...draft, quotas: [{ specialty: '', count: ' 5 ' }], reviewDate: '2026-01-10' }, '2026-01-10')).toEqual([])
  })

  it('builds the request with no specialty for an empty one', () => {
    const draft = { quotas: [{ specialty: ' 网络安全 ', count: '3' }, { specialty: ' ', count: '2' }], reviewDate: '2026-03-02', excludeEarlierPanel: false }
    expect(panelInput(draft, 'p1', 'IMPL_REVIEW')).toEqual({
      projectId: 'p1',
      stage: 'IMPL_REVIEW',
      quotas: [
        { specialty: '网络安全', count: 3 },
        { specialty: null, count: 2 },
      ],
      reviewDate: '2026-03-02',
      excludeEarlierPanel: false,
    })
  })

  it('accepts with the declaration, declines with a reason', () => {
    expect(invitationProblems(true, false, '')).toEqual(['noConflict'])
    expect(invitationProblems(true, true, '')).toEqual([])
    expect(invitationProblems(false, true, ' ')).toEqual(['reason'])
    expect(invitationProblems(false, false, '出差')).toEqual([])
  })

  it('wants a text, not too long', () => {
    expect(textProblem(' \n')).toBe('required')
    expect(textProblem('x'.repeat(4001))).toBe('tooLong')
    expect(textProblem('已整改')).toBeNull()
  })

  it("reads the device's own day", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05')
  })
})
