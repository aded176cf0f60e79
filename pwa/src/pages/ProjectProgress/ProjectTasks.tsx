import { Button, Selector } from 'antd-mobile'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { ProjectProgressQuery } from '@/api/generated/project'
import type { CenterKind } from '@/api/documents'
import { lastCenter } from '@/app/center'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { Section } from '@/components/Section/Section'
import { useOpenForm } from '@/components/UpdatePrompt/openForms'
import { useI18n } from '@/i18n/I18nProvider'
import { Field } from '@/pages/TodoDetail/tasks/Field'
import { MAX_TEXT, textProblem } from '@/pages/TodoDetail/tasks/rules'
import { useRecord } from '@/pages/TodoDetail/tasks/useRecord'
import taskStyles from '@/pages/TodoDetail/tasks/tasks.module.css'
import { StarRating } from './StarRating'
import type { Stage } from './stages'
import styles from './ProjectProgress.module.css'

type Me = ProjectProgressQuery['me']
export type Project = Extract<NonNullable<ProjectProgressQuery['node']>, { __typename: 'Project' }>

/** The departments that rate a builder, and are rated by it (互评). */
const DEPARTMENTS: readonly CenterKind[] = ['DATA', 'FINANCE', 'DRC']

/**
 * What the person may do on the project from the center they are in (the one last shown on this
 * device, when they hold it; else any center they hold).
 */
export function rolesOn(me: Me, project: Project) {
  const held = me.centers.map((center) => center.kind)
  const last = lastCenter()
  const active = last && held.includes(last) ? last : null
  const acts = (kind: CenterKind) => (active ? active === kind : held.includes(kind))
  const builder =
    acts('BUILDER') && me.centers.some((center) => center.kind === 'BUILDER' && center.organisation.id === project.builder.id)
  return {
    audit: acts('AUDIT'),
    builder,
    department: !builder && DEPARTMENTS.some(acts),
  }
}

/** 运维项目: a finished (or operating) project's builder declares its O&M project from it. */
export function DeriveOm({ project }: { project: Project }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  if (project.status !== 'COMPLETED' && project.stage !== 'OPERATIONS') return null
  return (
    <Section title={t('om.title')} testId="derive-om-section">
      <p className={styles.weak}>{t('om.hint', { code: project.code })}</p>
      <Button
        block
        color="primary"
        onClick={() => navigate(`/declare?parent=${encodeURIComponent(project.code)}`)}
        aria-label={t('om.derive')}
        data-testid="derive-om"
        style={{ minHeight: 44 }}
      >
        {t('om.derive')}
      </Button>
    </Section>
  )
}

/** 审计意见: audit records a finding on the project, for the builder to answer. */
export function RaiseFinding({ project }: { project: Project }) {
  const { t } = useI18n()
  const { send, busy, refusal } = useRecord('raiseAuditFinding')
  const [text, setText] = useState('')
  const [shown, setShown] = useState(false)
  useOpenForm(text !== '')
  const problem = shown ? textProblem(text) : null

  const raise = async () => {
    setShown(true)
    if (textProblem(text)) return
    const outcome = await send({ projectId: project.id, text: text.trim() }, { title: project.name, projectId: project.id })
    if (outcome === 'done' || outcome === 'waiting') {
      setText('')
      setShown(false)
    }
  }

  return (
    <Section title={t('raise.title')} testId="raise-finding">
      <div className={taskStyles.form}>
        <Field
          label={t('raise.text')}
          htmlFor="raise-finding-text"
          error={problem === 'required' ? t('task.required') : problem === 'tooLong' ? t('task.tooLong', { max: MAX_TEXT }) : null}
        >
          <textarea
            id="raise-finding-text"
            className={taskStyles.textarea}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('raise.hint')}
            aria-label={t('raise.text')}
            aria-invalid={problem !== null}
            data-testid="raise-finding-text"
          />
        </Field>
        {refusal && <ConflictPanel refusal={refusal} title={t('task.refused')} />}
        <Button block color="primary" loading={busy} onClick={() => void raise()} aria-label={t('raise.send')} data-testid="raise-finding-send">
          {t('raise.send')}
        </Button>
      </div>
    </Section>
  )
}

/** The organisations a builder may rate: the departments seen holding the project. */
export function rateeChoices(project: Project, builder: boolean): { id: string; name: string }[] {
  if (!builder) return [{ id: project.builder.id, name: project.builder.name }]
  const seen = new Map<string, string>()
  for (const holder of project.holders) {
    for (const organisation of holder.organisations) {
      if (organisation.id !== project.builder.id) seen.set(organisation.id, organisation.name)
    }
  }
  return [...seen].map(([id, name]) => ({ id, name }))
}

/** 互评 of one finished stage: 1 to 5 stars, whom (the builder, or a department), a comment. */
export function RateStage({ project, stage, builder, onClose }: { project: Project; stage: Stage; builder: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const { send, busy, refusal } = useRecord('rateMutually')
  const choices = rateeChoices(project, builder)
  const [ratee, setRatee] = useState<string | null>(choices.length === 1 ? (choices[0]?.id ?? null) : null)
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [shown, setShown] = useState(false)
  useOpenForm(rating > 0 || comment !== '')
  const problems = { rating: rating < 1 || rating > 5, ratee: ratee === null }

  const rate = async () => {
    setShown(true)
    if (problems.rating || problems.ratee || ratee === null) return
    const outcome = await send(
      { projectId: project.id, stage, rateeOrganisationId: ratee, rating, comment: comment.trim() },
      { title: project.name, projectId: project.id },
    )
    if (outcome === 'done' || outcome === 'waiting') onClose()
  }

  if (choices.length === 0) return <p className={styles.weak}>{t('rate.nobody')}</p>
  return (
    <div className={taskStyles.form} data-testid={`rate-form-${stage}`}>
      {choices.length > 1 ? (
        <Field label={t('rate.ratee')} error={shown && problems.ratee ? t('rate.rateeRequired') : null}>
          <Selector
            showCheckMark={false}
            options={choices.map((choice) => ({ value: choice.id, label: choice.name }))}
            value={ratee ? [ratee] : []}
            onChange={([value]) => setRatee(value ?? null)}
            className={taskStyles.choices}
          />
        </Field>
      ) : (
        <p className={styles.weak}>{t('rate.rating', { name: choices[0]?.name ?? '' })}</p>
      )}
      <Field label={t('rate.stars')} error={shown && problems.rating ? t('rate.ratingRequired') : null}>
        <StarRating value={rating} onChange={setRating} testIdPrefix="rate-star" />
      </Field>
      <Field label={t('rate.comment')} htmlFor={`rate-comment-${stage}`}>
        <textarea
          id={`rate-comment-${stage}`}
          className={taskStyles.textarea}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={500}
          aria-label={t('rate.comment')}
          data-testid={`rate-comment-${stage}`}
        />
      </Field>
      {refusal && <ConflictPanel refusal={refusal} title={t('task.refused')} />}
      <Button block color="primary" loading={busy} onClick={() => void rate()} aria-label={t('rate.send')} data-testid={`rate-send-${stage}`}>
        {t('rate.send')}
      </Button>
    </div>
  )
}
