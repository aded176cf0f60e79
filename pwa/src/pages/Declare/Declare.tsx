import { Button, Input, Selector, TextArea, Toast } from 'antd-mobile'
import { useState, type ReactNode } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { MaterialPicker } from '@/components/MaterialPicker/MaterialPicker'
import { materialProblem, uploadAction, type PickedMaterial } from '@/components/MaterialPicker/rules'
import { PageBar } from '@/components/PageBar/PageBar'
import { errorMessageKey } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { useI18n } from '@/i18n/I18nProvider'
import type { Refusal } from '@/outbox/entry'
import { useOutbox } from '@/outbox/OutboxProvider'
import {
  CATEGORIES,
  SHARING_CLASSES,
  TYPES,
  declarationInput,
  emptyDeclaration,
  emptyResource,
  problemsOf,
  type DeclarationDraft,
  type DeclarationProblem,
  type ResourceDraft,
} from './rules'
import styles from './Declare.module.css'

/**
 * 申报: a builder declares a project with its data resources. Checked here first, then sent
 * through the outbox like a decision: on a weak network it waits on the phone and goes once.
 */
export default function Declare() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { submit, enqueue } = useOutbox()
  const [search] = useSearchParams()
  // 运维项目 derived from a built one (/declare?parent=<code>, from its progress page).
  const [draft, setDraft] = useState<DeclarationDraft>(() => {
    const parentCode = search.get('parent')?.trim()
    return parentCode ? { ...emptyDeclaration(), category: 'OM', parentCode } : emptyDeclaration()
  })
  const [materials, setMaterials] = useState<PickedMaterial[]>([])
  const [shown, setShown] = useState(false)
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  useOpenForm(draft.name !== '' || draft.amount !== '' || draft.resources.length > 0 || materials.length > 0)

  const problems = problemsOf(draft)
  const materialProblems = materials.filter((material) => materialProblem(material) !== null).length
  const problem = (key: DeclarationProblem) => shown && problems.includes(key)
  const change = (patch: Partial<DeclarationDraft>) => setDraft((before) => ({ ...before, ...patch }))
  const changeResource = (index: number, patch: Partial<ResourceDraft>) =>
    setDraft((before) => ({
      ...before,
      resources: before.resources.map((resource, i) => (i === index ? { ...resource, ...patch } : resource)),
    }))

  const send = async () => {
    setShown(true)
    if (problems.length > 0 || materialProblems > 0) return
    setBusy(true)
    setRefusal(null)
    try {
      const submitted = await submit({
        kind: 'declareProject',
        input: declarationInput(draft),
        subject: { title: draft.name.trim() },
      })
      // Each material is uploaded after the declaration: to its project once known, else to the
      // entry of the declaration still waiting (the outbox fills the project in from its answer).
      const declared = submitted.outcome === 'done' && 'state' in submitted.result ? submitted.result.state.projectId : null
      if (submitted.outcome === 'done' || submitted.outcome === 'waiting') {
        const project = declared ? { projectId: declared } : { projectFrom: submitted.entry.id }
        for (const material of materials) await enqueue(uploadAction(material, project, 'PRE_REVIEW'))
      }
      if (submitted.outcome === 'done') {
        Toast.show({ icon: 'success', content: t('declare.done') })
        const projectId = declared
        navigate(projectId ? `/projects/${encodeURIComponent(projectId)}` : '/', { replace: true })
      } else if (submitted.outcome === 'waiting') {
        Toast.show({ content: t('declare.queued') })
        navigate('/', { replace: true })
      } else {
        setRefusal(submitted.refusal)
      }
    } catch (error) {
      Toast.show({ content: t(errorMessageKey(error)) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className={styles.page} data-testid="declare">
      <PageBar onBack={() => navigate('/')}>{t('declare.title')}</PageBar>
      {refusal && <ConflictPanel refusal={refusal} title={t('declare.refused')} />}
      <Section title={t('declare.project')} testId="declare-project">
        <Field label={t('declare.name')} error={problem('name') ? t('declare.nameInvalid') : null} testId="declare-name">
          <Input value={draft.name} onChange={(name) => change({ name })} maxLength={200} aria-label={t('declare.name')} />
        </Field>
        <Field label={t('declare.amount')} error={problem('amount') ? t('record.amountInvalid') : null} testId="declare-amount">
          <Input
            value={draft.amount}
            onChange={(amount) => change({ amount })}
            inputMode="decimal"
            placeholder={t('declare.amountHint')}
            aria-label={t('declare.amount')}
          />
        </Field>
        <Field label={t('declare.category')} testId="declare-category">
          <Selector
            className={styles.choices}
            showCheckMark={false}
            options={CATEGORIES.map((value) => ({ value, label: t(`category.${value}`) }))}
            value={[draft.category]}
            onChange={([category]) => category && change({ category })}
          />
        </Field>
        {draft.category === 'OM' && (
          <Field label={t('declare.parentCode')} error={problem('parentCode') ? t('declare.parentCodeMissing') : null} testId="declare-parent">
            <Input value={draft.parentCode} onChange={(parentCode) => change({ parentCode })} aria-label={t('declare.parentCode')} />
          </Field>
        )}
        <Field label={t('declare.type')} testId="declare-type">
          <Selector
            className={styles.choices}
            showCheckMark={false}
            options={TYPES.map((value) => ({ value, label: t(`projectType.${value}`) }))}
            value={[draft.type]}
            onChange={([type]) => type && change({ type })}
          />
        </Field>
      </Section>
      <Section title={t('declare.resources', { count: draft.resources.length })} testId="declare-resources">
        {draft.resources.map((resource, index) => (
          <fieldset key={index} className={styles.resource} data-testid={`resource-${index}`}>
            <legend>{t('declare.resource', { n: index + 1 })}</legend>
            <Field label={t('declare.resourceName')} error={problem(`resources.${index}.name`) ? t('declare.required') : null} testId={`resource-${index}-name`}>
              <Input value={resource.name} onChange={(name) => changeResource(index, { name })} aria-label={t('declare.resourceName')} />
            </Field>
            <Field label={t('declare.provider')} error={problem(`resources.${index}.provider`) ? t('declare.required') : null} testId={`resource-${index}-provider`}>
              <Input value={resource.provider} onChange={(provider) => changeResource(index, { provider })} aria-label={t('declare.provider')} />
            </Field>
            <Field label={t('declare.fields')} error={problem(`resources.${index}.fields`) ? t('declare.required') : null} testId={`resource-${index}-fields`}>
              <TextArea
                value={resource.fields}
                onChange={(fields) => changeResource(index, { fields })}
                placeholder={t('declare.fieldsHint')}
                autoSize={{ minRows: 2, maxRows: 4 }}
                aria-label={t('declare.fields')}
              />
            </Field>
            <Field
              label={t('declare.frequency')}
              error={problem(`resources.${index}.updateFrequency`) ? t('declare.required') : null}
              testId={`resource-${index}-frequency`}
            >
              <Input
                value={resource.updateFrequency}
                onChange={(updateFrequency) => changeResource(index, { updateFrequency })}
                placeholder={t('declare.frequencyHint')}
                aria-label={t('declare.frequency')}
              />
            </Field>
            <Field label={t('declare.sharing')} testId={`resource-${index}-sharing`}>
              <Selector
                className={styles.choices}
                showCheckMark={false}
                options={SHARING_CLASSES.map((value) => ({ value, label: t(`sharing.${value}`) }))}
                value={[resource.sharingClass]}
                onChange={([sharingClass]) => sharingClass && changeResource(index, { sharingClass })}
              />
            </Field>
            <Button
              fill="outline"
              color="danger"
              onClick={() => change({ resources: draft.resources.filter((_, i) => i !== index) })}
              data-testid={`resource-${index}-remove`}
            >
              {t('declare.removeResource')}
            </Button>
          </fieldset>
        ))}
        <Button block fill="outline" onClick={() => change({ resources: [...draft.resources, emptyResource()] })} data-testid="resource-add">
          {t('declare.addResource')}
        </Button>
      </Section>
      <Section title={t('material.title')} testId="declare-materials">
        <MaterialPicker value={materials} onChange={setMaterials} testIdPrefix="declare" showAll={shown} />
      </Section>
      <div className={styles.bar}>
        {shown && problems.length + materialProblems > 0 && (
          <p className={styles.error} role="alert" data-testid="declare-problems">
            {t('declare.problems', { count: problems.length + materialProblems })}
          </p>
        )}
        <p className={styles.note}>{t('declare.offlineNote')}</p>
        <Button block color="primary" loading={busy} onClick={() => void send()} data-testid="declare-submit">
          {t('declare.submit')}
        </Button>
      </div>
    </main>
  )
}

function Field({ label, error, testId, children }: { label: string; error?: string | null; testId: string; children: ReactNode }) {
  return (
    <div className={styles.field} data-testid={testId} data-invalid={error ? 'true' : undefined}>
      <span className={styles.label}>{label}</span>
      {children}
      {error && (
        <p className={styles.error} data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}
