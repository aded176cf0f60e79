import { Button, Radio, Space, TextArea, Toast } from 'antd-mobile'
import { isRefusal } from '@/api/documents'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useClient, useMutation, type CombinedError } from 'urql'
import {
  AddSignerDocument,
  CommentDocument,
  TransferDocument,
  UrgeDocument,
  type RefusedFragment,
} from '@/api/generated/actions'
import { lastCenter } from '@/app/center'
import { ActionSheet } from '@/components/ActionSheet/ActionSheet'
import { ColleaguePicker, type Colleague } from '@/components/ColleaguePicker/ColleaguePicker'
import { ConflictPanel } from '@/components/ConflictPanel/ConflictPanel'
import { MaterialPicker } from '@/components/MaterialPicker/MaterialPicker'
import { materialProblem, uploadAction, type PickedMaterial } from '@/components/MaterialPicker/rules'
import { OpinionPresets } from '@/components/OpinionPresets/OpinionPresets'
import { errorMessageKey } from '@/components/PageState/PageState'
import { todoLink } from '@/components/TodoList/TodoList'
import { todoTitle } from '@/i18n/labels'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import type { Refusal } from '@/outbox/entry'
import { randomId } from '@/outbox/lock'
import { useOutbox, type Submitted } from '@/outbox/OutboxProvider'
import { nextTodo } from './nextTodo'
import { DECISIONS, PRIMARY, actionsFor, opinionRequired, type ActionName } from './rules'
import type { DetailTodo } from './TodoDetail'
import styles from './TodoDetail.module.css'

const TEST_IDS: Record<ActionName, string> = {
  approve: 'action-approve',
  reject: 'action-reject',
  return: 'action-return',
  resubmit: 'action-resubmit',
  record: 'action-record',
  transfer: 'action-transfer',
  addSigner: 'action-add-signer',
  comment: 'action-comment',
  urge: 'action-urge',
}

type SignerPosition = 'BEFORE' | 'AFTER' | 'PARALLEL'

interface Props {
  todo: DetailTodo
  /** No decision now: one of this device waits to be sent, or the server said the task is closed. */
  blocked: 'waiting' | 'closed' | null
  onChanged: () => void
  /** The signed-in person, whose 常用意见 are offered. */
  userId?: string
}

/**
 * The action buttons, each with its confirmation step. Approve, reject and return go through
 * the outbox (they survive a weak network and are sent once); the others need the network now.
 */
export function Actions({ todo, blocked, onChanged, userId = 'anonymous' }: Props) {
  const { t, language } = useI18n()
  const navigate = useNavigate()
  const client = useClient()
  const { submit, enqueue, entries } = useOutbox()
  const [open, setOpen] = useState<ActionName | null>(null)
  const [comment, setComment] = useState('')
  const [colleague, setColleague] = useState<Colleague | null>(null)
  const [position, setPosition] = useState<SignerPosition>('AFTER')
  const [busy, setBusy] = useState(false)
  const [materials, setMaterials] = useState<PickedMaterial[]>([])
  const [key, setKey] = useState(randomId)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [, transfer] = useMutation(TransferDocument)
  const [, addSigner] = useMutation(AddSignerDocument)
  const [, commentOn] = useMutation(CommentDocument)
  const [, urge] = useMutation(UrgeDocument)

  const available = actionsFor(todo.actions)
  const submitting = todo.expects === 'SUBMIT'
  const label = (action: ActionName): MessageKey => (submitting && action === 'approve' ? 'action.submit' : (`action.${action}` as MessageKey))
  // 督办 reminds the holder of the to-do it supervises.
  const urged = todo.subjectTaskId
  const cannotUrge = !urged

  const start = (action: ActionName) => {
    setOpen(action)
    setComment('')
    setColleague(null)
    setPosition('AFTER')
    setMaterials([])
    setRefusal(null)
    // One key per confirmation: a retry of the same confirmation is the same action.
    setKey(randomId())
  }
  const close = () => setOpen(null)

  // After a decision, straight on to the next to-do of the center (home when there is none).
  const goNext = async () => {
    const kind = lastCenter()
    const skip = new Set([todo.id, ...entries.filter((entry) => entry.subject.todoId).map((entry) => entry.subject.todoId!)])
    const next = kind ? await nextTodo(client, kind, skip).catch(() => null) : null
    Toast.show({ icon: 'success', content: t(next ? 'action.next' : 'action.allDone') })
    if (next) navigate(todoLink(next), { replace: true, state: { title: todoTitle(t, language, next), todoId: next.id } })
    else navigate('/', { replace: true })
  }

  const afterOutbox = (submitted: Submitted) => {
    close()
    if (submitted.outcome === 'done') {
      onChanged()
      void goNext()
    } else if (submitted.outcome === 'waiting') {
      // Kept on the phone: the screen stays, showing it waits, until the network takes it.
      Toast.show({ content: t('action.queued') })
    }
    // A conflict is shown by the page, from the outbox.
  }

  const afterMutation = (
    result: { data?: Record<string, unknown> | null; error?: CombinedError },
    field: string,
  ) => {
    const answer = result.data?.[field] as { __typename: string } | undefined
    if (answer?.__typename === 'ActionDone') {
      close()
      onChanged()
      // A transferred to-do is someone else's now: on to the next one.
      if (field === 'transfer') void goNext()
      else Toast.show({ icon: 'success', content: t('action.done') })
      return
    }
    if (isRefusal(answer)) {
      const error = answer as unknown as RefusedFragment
      setRefusal({ code: error.code, message: error.message, current: error.current ? { ...error.current, project: null } : null })
      close()
      return
    }
    Toast.show({ content: t(errorMessageKey(result.error?.networkError ?? result.error)) })
  }

  const confirm = async () => {
    if (!open) return
    setBusy(true)
    try {
      const subject = { title: todo.title, todoId: todo.id, taskId: todo.id, projectId: todo.project?.id }
      const expectedVersion = todo.stepVersion
      switch (open) {
        case 'approve':
        case 'reject':
          afterOutbox(
            await submit({
              kind: 'decide',
              input: { taskId: todo.id, verdict: open === 'approve' ? 'APPROVE' : 'REJECT', expectedVersion, comment: comment.trim() },
              subject,
            }),
          )
          break
        case 'record':
          afterOutbox(
            await submit({
              kind: 'decide',
              input: { taskId: todo.id, verdict: 'APPROVE', expectedVersion, comment: comment.trim() },
              subject,
            }),
          )
          break
        case 'resubmit':
          // The revised materials go first, so the resubmission's "changes since" lists them.
          if (todo.project && todo.stage) {
            for (const material of materials) await enqueue(uploadAction(material, { projectId: todo.project.id }, todo.stage))
          }
          afterOutbox(
            await submit({ kind: 'resubmit', input: { taskId: todo.id, comment: comment.trim(), expectedVersion }, subject }),
          )
          break
        case 'return':
          afterOutbox(
            await submit({
              kind: 'returnForRevision',
              input: { taskId: todo.id, comment: comment.trim(), expectedVersion },
              subject,
            }),
          )
          break
        case 'transfer':
          if (!colleague) break
          afterMutation(
            await transfer({
              input: { idempotencyKey: key, taskId: todo.id, toUserId: colleague.id, expectedVersion, comment: comment.trim() },
            }),
            'transfer',
          )
          break
        case 'addSigner':
          if (!colleague) break
          afterMutation(
            await addSigner({
              input: { idempotencyKey: key, taskId: todo.id, userId: colleague.id, position, expectedVersion },
            }),
            'addSigner',
          )
          break
        case 'comment':
          if (!todo.project) break
          afterMutation(
            await commentOn({ input: { idempotencyKey: key, projectId: todo.project.id, text: comment.trim() } }),
            'comment',
          )
          break
        case 'urge':
          if (!urged) break
          afterMutation(await urge({ input: { idempotencyKey: key, taskId: urged } }), 'urge')
          break
      }
    } catch (error) {
      Toast.show({ content: t(errorMessageKey(error)) })
    } finally {
      setBusy(false)
    }
  }

  const needsComment = open !== null && opinionRequired(open, todo.opinionRequired)
  const needsColleague = open === 'transfer' || open === 'addSigner'
  const materialsReady = open !== 'resubmit' || materials.every((material) => materialProblem(material) === null)
  const ready = (!needsComment || comment.trim() !== '') && (!needsColleague || colleague !== null) && materialsReady
  const decision = open === 'approve' || open === 'reject' || open === 'return' || open === 'resubmit' || open === 'record'
  const placeholder: MessageKey =
    open === 'record'
      ? 'action.recordNote'
      : open === 'resubmit'
        ? 'action.resubmitNote'
        : needsComment
          ? 'action.commentRequired'
          : 'action.commentOptional'

  // The decisions sit in a bar pinned to the bottom of the screen; the rest follow the page.
  const pinned = available.filter((action) => DECISIONS.has(action) || action === 'urge')
  const secondary = available.filter((action) => !pinned.includes(action))
  const button = (action: ActionName) => (
    <Button
      key={action}
      color={PRIMARY.has(action) ? 'primary' : action === 'reject' ? 'danger' : 'default'}
      fill={PRIMARY.has(action) || action === 'reject' ? 'solid' : 'outline'}
      disabled={
        (blocked !== null && DECISIONS.has(action)) || (action === 'urge' && cannotUrge) || (action === 'comment' && !todo.project)
      }
      onClick={() => start(action)}
      data-testid={TEST_IDS[action]}
    >
      {t(label(action))}
    </Button>
  )

  return (
    <>
      {refusal && (
        <ConflictPanel refusal={refusal}>
          <Button
            size="small"
            color="primary"
            onClick={() => {
              setRefusal(null)
              onChanged()
            }}
            data-testid="conflict-reload"
          >
            {t('conflict.reload')}
          </Button>
        </ConflictPanel>
      )}
      {secondary.length > 0 && (
        <div className={styles.secondary} data-testid="secondary-actions">
          {secondary.map(button)}
        </div>
      )}
      {(pinned.length > 0 || blocked) && (
        <div className={styles.actionBar} data-testid="actions">
          {blocked && <p className={styles.weak}>{t(blocked === 'waiting' ? 'action.blocked' : 'action.closed')}</p>}
          {available.includes('urge') && cannotUrge && <p className={styles.weak}>{t('action.urgeUnavailable')}</p>}
          <div className={styles.actionButtons} style={{ gridTemplateColumns: `repeat(${Math.max(pinned.length, 1)}, 1fr)` }}>
            {pinned.map(button)}
          </div>
        </div>
      )}
      <ActionSheet
        visible={open !== null}
        title={open ? t(submitting && open === 'approve' ? 'action.submit.confirm' : (`action.${open}.confirm` as MessageKey)) : ''}
        confirmText={open ? t(label(open)) : ''}
        danger={open === 'reject'}
        busy={busy}
        confirmDisabled={!ready}
        onConfirm={() => void confirm()}
        onClose={close}
      >
        <div className={styles.sheetSubject}>
          <strong>{todo.title}</strong>
          {todo.project && <span className={styles.weak}>{todo.project.name}</span>}
        </div>
        {decision && <p className={styles.weak}>{t('action.offlineNote')}</p>}
        {needsColleague && <ColleaguePicker value={colleague} onChange={setColleague} />}
        {open === 'addSigner' && (
          <Radio.Group value={position} onChange={(value) => setPosition(value as SignerPosition)}>
            <Space wrap>
              {(['BEFORE', 'AFTER', 'PARALLEL'] as const).map((value) => (
                <Radio key={value} value={value} data-testid={`signer-${value}`}>
                  {t(`signer.${value}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
        {open !== 'addSigner' && open !== 'urge' && open !== 'transfer' && (
          <OpinionPresets value={comment} onPick={setComment} userId={userId} />
        )}
        {needsComment && open !== 'comment' && (
          <p className={styles.weak} data-testid="opinion-required">
            {t('action.requiredHint')}
          </p>
        )}
        {open === 'resubmit' && todo.project && todo.stage && (
          <section aria-label={t('material.revised')} data-testid="resubmit-materials">
            <p className={styles.weak}>{t('material.revised')}</p>
            <MaterialPicker value={materials} onChange={setMaterials} testIdPrefix="resubmit" showAll />
          </section>
        )}
        {open !== 'addSigner' && open !== 'urge' && (
          <TextArea
            aria-label={t(placeholder)}
            value={comment}
            onChange={setComment}
            placeholder={t(placeholder)}
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={2000}
            showCount
            data-testid="action-comment-input"
          />
        )}
      </ActionSheet>
    </>
  )
}
