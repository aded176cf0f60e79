// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, useLocation } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { I18nProvider } from '@/i18n/I18nProvider'
import type { OutboxEntry } from '@/outbox/entry'
import { OutboxContextProvider, type OutboxContext, type Submitted } from '@/outbox/OutboxProvider'
import Declare from './Declare'
import { problemsOf, declarationInput, emptyDeclaration, emptyResource } from './rules'

afterEach(cleanup)

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

function renderDeclare(path = '/declare') {
  const submitted: Parameters<OutboxContext['submit']>[0][] = []
  const outbox = {
    entries: [],
    submit: vi.fn(async (action) => {
      submitted.push(action)
      return { entry: { id: 'e1' } as OutboxEntry, outcome: 'waiting' } as Submitted
    }),
    enqueue: vi.fn(async (action) => {
      submitted.push(action)
      return { id: `e${submitted.length}` } as OutboxEntry
    }),
  } as unknown as OutboxContext
  render(
    <I18nProvider>
      <MemoryRouter initialEntries={[path]}>
        <Location />
        <OutboxContextProvider value={outbox}>
          <Declare />
        </OutboxContextProvider>
      </MemoryRouter>
    </I18nProvider>,
  )
  return { submitted }
}

const type = (testId: string, text: string) => {
  const field = screen.getByTestId(testId).querySelector('input, textarea')!
  fireEvent.change(field, { target: { value: text } })
}

describe('the declaration rules', () => {
  it('names each missing or wrong field, resources included', () => {
    const draft = { ...emptyDeclaration(), name: 'x', amount: '12.345', category: 'OM' as const, resources: [emptyResource()] }
    expect(problemsOf(draft)).toEqual([
      'name',
      'amount',
      'parentCode',
      'resources.0.name',
      'resources.0.provider',
      'resources.0.fields',
      'resources.0.updateFrequency',
    ])
  })

  it('builds the input the server takes', () => {
    const draft = {
      ...emptyDeclaration(),
      name: ' 城市大脑三期 ',
      amount: '3,000,000.50',
      type: 'MIXED' as const,
      resources: [{ name: '人口库', provider: '公安局', fields: '姓名，身份证号\n住址', updateFrequency: '每日', sharingClass: 'CONDITIONAL' as const }],
    }
    expect(problemsOf(draft)).toEqual([])
    expect(declarationInput(draft)).toEqual({
      name: '城市大脑三期',
      category: 'NEW',
      type: 'MIXED',
      requestedAmount: '3000000.50',
      dataResources: [{ name: '人口库', provider: '公安局', fields: ['姓名', '身份证号', '住址'], updateFrequency: '每日', sharingClass: 'CONDITIONAL' }],
      parentCode: null,
    })
  })
})

describe('the declaration screen', () => {
  it('queues nothing while a field is wrong, and says which', async () => {
    const { submitted } = renderDeclare()
    type('declare-name', '城市大脑三期')
    type('declare-amount', '-5')
    fireEvent.click(screen.getByTestId('resource-add'))
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([])
    expect(screen.getByTestId('declare-amount-error')).toBeTruthy()
    expect(screen.getByTestId('resource-0-name-error')).toBeTruthy()
    expect(screen.queryByTestId('declare-name-error')).toBeNull()
    expect(screen.getByTestId('declare-problems').textContent).toContain('5')
  })

  it('queues a valid declaration in the outbox and goes home while it waits', async () => {
    const { submitted } = renderDeclare()
    type('declare-name', '城市大脑三期')
    type('declare-amount', '3000000')
    fireEvent.click(screen.getByText('硬件'))
    fireEvent.click(screen.getByTestId('resource-add'))
    type('resource-0-name', '人口库')
    type('resource-0-provider', '公安局')
    type('resource-0-fields', '姓名, 身份证号')
    type('resource-0-frequency', '每日')
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([
      {
        kind: 'declareProject',
        input: {
          name: '城市大脑三期',
          category: 'NEW',
          type: 'HARDWARE',
          requestedAmount: '3000000',
          dataResources: [{ name: '人口库', provider: '公安局', fields: ['姓名', '身份证号'], updateFrequency: '每日', sharingClass: 'CONDITIONAL' }],
          parentCode: null,
        },
        subject: { title: '城市大脑三期' },
      },
    ])
    expect(screen.getByTestId('location').textContent).toBe('/')
  })

  it('declares an O&M project of the built one it was opened from (?parent=)', async () => {
    const { submitted } = renderDeclare('/declare?parent=ZJ-2026-001')
    expect((screen.getByTestId('declare-parent').querySelector('input') as HTMLInputElement).value).toBe('ZJ-2026-001')
    type('declare-name', '城市大脑二期运维')
    type('declare-amount', '300000')
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted[0]!.input).toMatchObject({ category: 'OM', parentCode: 'ZJ-2026-001' })
  })
})

function file(name: string, type: string, size = 1000): File {
  const made = new File(['x'], name, { type })
  Object.defineProperty(made, 'size', { value: size })
  return made
}

const attach = (testId: string, ...files: File[]) => fireEvent.change(screen.getByTestId(testId), { target: { files } })

function fillValidDeclaration() {
  type('declare-name', '城市大脑三期')
  type('declare-amount', '3000000')
}

describe('the materials of a declaration', () => {
  it('refuses a file over 20 MB or of a wrong type before queueing, with the reason beside it', async () => {
    // given
    const { submitted } = renderDeclare()
    fillValidDeclaration()
    // when
    attach('declare-file-input', file('可研报告.pdf', 'application/pdf', 21_000_000), file('setup.exe', 'application/x-msdownload'))
    // then: told at once, beside each file
    expect(screen.getByTestId('declare-file-error-0').textContent).toBe('文件超过 20 MB，无法上传')
    expect(screen.getByTestId('declare-file-error-1').textContent).toBe('只能上传 PDF、OFD、DOCX、XLSX、PNG 或 JPEG 文件')
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([])
    expect(screen.getByTestId('declare-problems').textContent).toContain('2')
    // when: the wrong files are removed
    fireEvent.click(screen.getByTestId('declare-file-remove-1'))
    fireEvent.click(screen.getByTestId('declare-file-remove-0'))
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    // then
    expect(submitted.map((action) => action.kind)).toEqual(['declareProject'])
  })

  it('asks for a title, which defaults to the file name without extension', async () => {
    const { submitted } = renderDeclare()
    fillValidDeclaration()
    attach('declare-file-input', file('建设方案.v2.docx', ''))
    const title = screen.getByTestId('declare-file-title-0') as HTMLInputElement
    expect(title.value).toBe('建设方案.v2')
    expect(screen.getByLabelText('材料名称')).toBe(title)
    fireEvent.change(title, { target: { value: '  ' } })
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    expect(submitted).toEqual([])
    expect(screen.getByTestId('declare-file-error-0').textContent).toBe('请填写材料名称')
  })

  it('queues the declaration, then one upload per file naming its entry', async () => {
    // given: a file and a photo from the camera
    const { submitted } = renderDeclare()
    fillValidDeclaration()
    const report = file('可行性研究报告.pdf', 'application/pdf')
    const photo = file('IMG_0001.jpg', 'image/jpeg')
    attach('declare-file-input', report)
    attach('declare-camera-input', photo)
    expect((screen.getByTestId('declare-camera-input') as HTMLInputElement).getAttribute('capture')).toBe('environment')
    fireEvent.change(screen.getByTestId('declare-file-title-1'), { target: { value: '现场照片' } })
    // when
    await act(async () => fireEvent.click(screen.getByTestId('declare-submit')))
    // then
    expect(submitted.map((action) => action.kind)).toEqual(['declareProject', 'uploadMaterial', 'uploadMaterial'])
    expect(submitted.slice(1)).toEqual([
      {
        kind: 'uploadMaterial',
        input: { projectFrom: 'e1', stage: 'PRE_REVIEW', title: '可行性研究报告' },
        subject: { title: '可行性研究报告' },
        attachment: { file: report, name: '可行性研究报告.pdf' },
      },
      {
        kind: 'uploadMaterial',
        input: { projectFrom: 'e1', stage: 'PRE_REVIEW', title: '现场照片' },
        subject: { title: '现场照片' },
        attachment: { file: photo, name: 'IMG_0001.jpg' },
      },
    ])
  })
})
