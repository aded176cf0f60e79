import { Button, Dialog, List, Switch, Toast } from 'antd-mobile'
import { isRefusal } from '@/api/documents'
import { useEffect, useState } from 'react'
import { useNavigate } from 'react-router'
import { useMutation, useQuery } from 'urql'
import {
  RegisterWebPushDocument,
  RevokeDelegationDocument,
  SettingsDocument,
  UnregisterWebPushDocument,
  UpdateNotificationSettingsDocument,
  type NotificationChannel,
  type SettingsQuery,
} from '@/api/generated/settings'
import { NetworkError } from '@/api/transport'
import { usePublicConfig } from '@/auth/usePublicConfig'
import { PageBar } from '@/components/PageBar/PageBar'
import { Failure, Loading, errorMessageKey } from '@/components/PageState/PageState'
import { Section } from '@/components/Section/Section'
import { formatDateTime, formatMoney } from '@/i18n/format'
import { useI18n } from '@/i18n/I18nProvider'
import { TEXT_SIZES, applyTextSize, loadTextSize, type TextSize } from '@/app/textSize'
import { randomId } from '@/outbox/lock'
import { PushRefusedError, currentSubscription, pushSupported, subscribe, subscriptionInput } from '@/push/push'
import { isStage } from '@/pages/ProjectProgress/stages'
import { DelegateSheet } from './DelegateSheet'
import styles from './Settings.module.css'

type NotificationSettings = SettingsQuery['myNotificationSettings']

/** 设置: push on this device, channels, quiet hours, daily digest, delegation while away, language. */
export default function Settings() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [{ data, error, fetching }, reexecute] = useQuery({ query: SettingsDocument })

  return (
    <main className={styles.page} data-testid="settings">
      <PageBar onBack={() => navigate('/')}>{t('settings.title')}</PageBar>
      <PushSection />
      {data ? (
        <>
          <ChannelSection settings={data.myNotificationSettings} />
          <Delegations delegations={data.myDelegations} />
        </>
      ) : fetching ? (
        <Loading />
      ) : (
        <Failure
          error={error?.networkError ?? error ?? new NetworkError('Not saved for offline use')}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      <LanguageSection />
      <TextSizeSection />
    </main>
  )
}

/** Push on this device: a subscription of the service worker, registered with the server. */
function PushSection() {
  const { t } = useI18n()
  const { config } = usePublicConfig()
  const supported = pushSupported()
  // Unknown (null) until the service worker says, when this browser has push at all.
  const [subscribed, setSubscribed] = useState<boolean | null>(() => (supported ? null : false))
  const [busy, setBusy] = useState(false)
  const [, register] = useMutation(RegisterWebPushDocument)
  const [, unregister] = useMutation(UnregisterWebPushDocument)
  const key = config?.webPushPublicKey ?? null

  useEffect(() => {
    if (!supported) return
    void currentSubscription().then((subscription) => setSubscribed(subscription !== null))
  }, [supported])

  const toggle = async (on: boolean) => {
    setBusy(true)
    try {
      if (on) {
        if (!key) throw new PushRefusedError('No VAPID key')
        const subscription = await subscribe(key)
        const result = await register({ input: subscriptionInput(subscription) })
        if (result.data?.registerWebPush.__typename !== 'Done') {
          await subscription.unsubscribe()
          throw result.error?.networkError ?? result.error ?? new Error('registerWebPush refused')
        }
        setSubscribed(true)
      } else {
        const subscription = await currentSubscription()
        if (subscription) {
          await unregister({ endpoint: subscription.endpoint })
          await subscription.unsubscribe()
        }
        setSubscribed(false)
      }
    } catch (failure) {
      Toast.show({ content: failure instanceof PushRefusedError ? t('settings.pushRefused') : t(errorMessageKey(failure)) })
    } finally {
      setBusy(false)
    }
  }

  const unavailable = !supported || (config !== null && !key)
  return (
    <List header={t('settings.push')}>
      <List.Item
        description={unavailable ? t('settings.pushUnavailable') : t('settings.pushHint')}
        extra={
          <Switch
            checked={subscribed === true}
            loading={busy || subscribed === null}
            disabled={unavailable || (!key && !subscribed)}
            onChange={(on) => void toggle(on)}
            data-testid="push-switch"
          />
        }
      >
        {t('settings.pushThisDevice')}
      </List.Item>
    </List>
  )
}

function ChannelSection({ settings }: { settings: NotificationSettings }) {
  const { t } = useI18n()
  const [draft, setDraft] = useState(settings)
  // New settings from the server replace the draft (set during render, not in an effect, so the old
  // draft is never shown with them).
  const [shown, setShown] = useState(settings)
  if (settings !== shown) {
    setShown(settings)
    setDraft(settings)
  }
  const [, update] = useMutation(UpdateNotificationSettingsDocument)

  const save = async (next: NotificationSettings) => {
    const previous = draft
    setDraft(next)
    const result = await update({
      input: {
        disabledChannels: next.channels.filter((channel) => !channel.enabled).map((channel) => channel.channel),
        quietStart: next.quietStart,
        quietEnd: next.quietEnd,
        digest: next.digest,
        digestAt: next.digestAt,
      },
    })
    const answer = result.data?.updateNotificationSettings
    if (answer?.__typename !== 'Done') {
      setDraft(previous)
      Toast.show({
        content: isRefusal(answer) ? answer.message : t(errorMessageKey(result.error?.networkError ?? result.error)),
      })
    }
  }

  const setChannel = (channel: NotificationChannel, enabled: boolean) =>
    void save({ ...draft, channels: draft.channels.map((c) => (c.channel === channel ? { ...c, enabled } : c)) })
  const quiet = draft.quietStart !== null && draft.quietEnd !== null

  return (
    <>
      <List header={t('settings.channels')}>
        {draft.channels.map((channel) => (
          <List.Item
            key={channel.channel}
            description={channel.available ? null : t('settings.channelUnavailable')}
            extra={
              <Switch
                checked={channel.enabled && channel.available}
                disabled={!channel.available}
                onChange={(on) => setChannel(channel.channel, on)}
                data-testid={`channel-${channel.channel}`}
              />
            }
          >
            {t(`channel.${channel.channel}`)}
          </List.Item>
        ))}
      </List>
      <List header={t('settings.quietHours')}>
        <List.Item
          description={t('settings.quietHint')}
          extra={
            <Switch
              checked={quiet}
              onChange={(on) => void save({ ...draft, quietStart: on ? '22:00' : null, quietEnd: on ? '07:30' : null })}
              data-testid="quiet-switch"
            />
          }
        >
          {t('settings.quiet')}
        </List.Item>
        {quiet && (
          <List.Item>
            <div className={styles.times}>
              <TimeInput
                label={t('settings.quietStart')}
                value={draft.quietStart ?? '22:00'}
                onChange={(quietStart) => void save({ ...draft, quietStart })}
                testId="quiet-start"
              />
              <TimeInput
                label={t('settings.quietEnd')}
                value={draft.quietEnd ?? '07:30'}
                onChange={(quietEnd) => void save({ ...draft, quietEnd })}
                testId="quiet-end"
              />
            </div>
          </List.Item>
        )}
        <List.Item
          description={t('settings.digestHint')}
          extra={<Switch checked={draft.digest} onChange={(digest) => void save({ ...draft, digest })} data-testid="digest-switch" />}
        >
          {t('settings.digest')}
        </List.Item>
        {draft.digest && (
          <List.Item>
            <TimeInput
              label={t('settings.digestAt')}
              value={draft.digestAt}
              onChange={(digestAt) => void save({ ...draft, digestAt })}
              testId="digest-at"
            />
          </List.Item>
        )}
      </List>
    </>
  )
}

function TimeInput({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <label className={styles.time}>
      <span>{label}</span>
      <input
        type="time"
        value={value}
        onChange={(event) => event.target.value && onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  )
}

function Delegations({ delegations }: { delegations: SettingsQuery['myDelegations'] }) {
  const { t, language } = useI18n()
  const [creating, setCreating] = useState(false)
  const [, revoke] = useMutation(RevokeDelegationDocument)

  const end = async (id: string) => {
    const sure = await Dialog.confirm({ content: t('delegation.revokeConfirm'), confirmText: t('delegation.revoke'), cancelText: t('common.cancel') })
    if (!sure) return
    const result = await revoke({ input: { idempotencyKey: randomId(), delegationId: id } })
    const answer = result.data?.revokeDelegation
    if (answer?.__typename !== 'Done') {
      Toast.show({ content: isRefusal(answer) ? answer.message : t(errorMessageKey(result.error?.networkError ?? result.error)) })
    }
  }

  return (
    <Section
      title={t('delegation.title')}
      extra={
        <Button size="small" color="primary" fill="outline" onClick={() => setCreating(true)} data-testid="delegate-new">
          {t('delegation.new')}
        </Button>
      }
      testId="delegations"
    >
      <p className={styles.hint}>{t('delegation.hint')}</p>
      {delegations.length === 0 && <p className={styles.hint}>{t('delegation.none')}</p>}
      {delegations.map((delegation) => (
        <div key={delegation.id} className={styles.delegation} data-testid={`delegation-${delegation.id}`}>
          <div>
            <strong>{delegation.delegate.displayName}</strong> · {delegation.delegate.organisation.name}
            {delegation.active && <span className={styles.active}> · {t('delegation.active')}</span>}
          </div>
          <div className={styles.hint}>
            {formatDateTime(language, delegation.startsAt)} – {formatDateTime(language, delegation.endsAt)}
            {delegation.stages.length > 0 && ` · ${delegation.stages.map((stage) => (isStage(stage) ? t(`stage.${stage}`) : stage)).join('、')}`}
            {delegation.maxAmount && ` · ${t('delegation.upTo', { amount: formatMoney(language, delegation.maxAmount) })}`}
          </div>
          {delegation.active && (
            <Button size="mini" onClick={() => void end(delegation.id)} data-testid={`revoke-${delegation.id}`}>
              {t('delegation.revoke')}
            </Button>
          )}
        </div>
      ))}
      <DelegateSheet visible={creating} onClose={() => setCreating(false)} />
    </Section>
  )
}

function LanguageSection() {
  const { t, language, setLanguage } = useI18n()
  return (
    <List header={t('settings.language')}>
      <List.Item>
        <div className={styles.languages}>
          <Button color={language === 'zh-CN' ? 'primary' : 'default'} onClick={() => setLanguage('zh-CN')} data-testid="lang-zh">
            中文
          </Button>
          <Button color={language === 'en' ? 'primary' : 'default'} onClick={() => setLanguage('en')} data-testid="lang-en">
            English
          </Button>
        </div>
      </List.Item>
    </List>
  )
}

/** 字体大小: standard, large or larger, for the whole app on this device. */
function TextSizeSection() {
  const { t } = useI18n()
  const [size, setSize] = useState<TextSize>(loadTextSize)
  return (
    <List header={t('settings.textSize')}>
      <List.Item>
        <div className={styles.languages} role="group" aria-label={t('settings.textSize')}>
          {TEXT_SIZES.map((value) => (
            <Button
              key={value}
              aria-pressed={size === value}
              color={size === value ? 'primary' : 'default'}
              onClick={() => {
                applyTextSize(value)
                setSize(value)
              }}
              data-testid={`text-size-${value}`}
            >
              {t(`settings.textSize.${value}`)}
            </Button>
          ))}
        </div>
      </List.Item>
    </List>
  )
}
