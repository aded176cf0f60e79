import { Button, DotLoading, Input, List } from 'antd-mobile'
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { BindingRequired } from '@/api/documents'
import { useAuth } from '@/auth/AuthProvider'
import { usePublicConfig } from '@/auth/usePublicConfig'
import { errorMessageKey } from '@/components/PageState/PageState'
import { DingTalkError, requestAuthCode, type Container } from '@/dingtalk/container'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import styles from './SignIn.module.css'

type Step = { name: 'idle' } | { name: 'working' } | { name: 'bind'; binding: BindingRequired }

/**
 * 钉钉免登 inside DingTalk or 政务钉钉: an auth code from the container for our corpId, then
 * `dingtalkSignIn`; a DingTalk account not yet bound to ours is bound once with our credentials.
 */
export function DingTalkSignIn({ container, auto }: { container: Container; auto: boolean }) {
  const { t } = useI18n()
  const { dingtalkSignIn } = useAuth()
  const { config, error: configError } = usePublicConfig()
  const [step, setStep] = useState<Step>({ name: 'idle' })
  const [error, setError] = useState<{ key: MessageKey } | { text: string } | null>(null)
  const started = useRef(false)

  const run = useCallback(async () => {
    if (!config?.dingtalkCorpId) return setError({ key: 'dingtalk.notConfigured' })
    setStep({ name: 'working' })
    setError(null)
    try {
      const result = await dingtalkSignIn(await requestAuthCode(container, config.dingtalkCorpId))
      if (result.ok) return // the guard leaves the sign-in screen
      if ('binding' in result) return setStep({ name: 'bind', binding: result.binding })
      setError({ text: result.error.message })
    } catch (failure) {
      setError({ key: failure instanceof DingTalkError ? 'dingtalk.noCode' : errorMessageKey(failure) })
    }
    setStep({ name: 'idle' })
  }, [config, container, dingtalkSignIn])

  useEffect(() => {
    if (auto && config && !started.current) {
      started.current = true
      void run()
    }
  }, [auto, config, run])

  if (step.name === 'bind') return <BindForm binding={step.binding} onCancel={() => setStep({ name: 'idle' })} />
  return (
    <div className={styles.dingtalk} data-testid="dingtalk-signin">
      <Button
        block
        color="primary"
        fill="outline"
        size="large"
        loading={step.name === 'working'}
        disabled={!config && !configError}
        onClick={() => void run()}
        data-testid="dingtalk-submit"
      >
        {step.name === 'working' ? <DotLoading /> : t('dingtalk.signIn')}
      </Button>
      {(error || configError !== null) && (
        <div role="alert" className={styles.error} data-testid="dingtalk-error">
          {error ? ('key' in error ? t(error.key) : error.text) : t(errorMessageKey(configError))}
        </div>
      )}
    </div>
  )
}

function BindForm({ binding, onCancel }: { binding: BindingRequired; onCancel: () => void }) {
  const { t } = useI18n()
  const { bindExternalAccount } = useAuth()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [oneTimeCode, setOneTimeCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!username.trim() || (!password && !oneTimeCode.trim())) return setError(t('dingtalk.bindMissing'))
    setBusy(true)
    setError(null)
    try {
      const result = await bindExternalAccount({
        ticket: binding.ticket,
        username: username.trim(),
        password: password || undefined,
        oneTimeCode: oneTimeCode.trim() || undefined,
      })
      if (!result.ok) setError(result.error.message)
    } catch (failure) {
      setError(t(errorMessageKey(failure)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="bind-form">
      <List mode="card" header={t('dingtalk.bindTitle')}>
        <List.Item description={t('dingtalk.bindHint')}>
          <Input
            value={username}
            onChange={setUsername}
            placeholder={t('signin.username')}
            autoComplete="username"
            autoCapitalize="off"
            data-testid="bind-username"
          />
        </List.Item>
        <List.Item>
          <Input
            value={password}
            onChange={setPassword}
            type="password"
            placeholder={t('signin.password')}
            autoComplete="current-password"
            data-testid="bind-password"
          />
        </List.Item>
        <List.Item>
          <Input
            value={oneTimeCode}
            onChange={setOneTimeCode}
            inputMode="numeric"
            placeholder={t('dingtalk.oneTimeCode')}
            autoComplete="one-time-code"
            data-testid="bind-code"
          />
        </List.Item>
      </List>
      {error && (
        <div role="alert" className={styles.error} data-testid="bind-error">
          {error}
        </div>
      )}
      <div className={styles.actions}>
        <Button block type="submit" color="primary" size="large" loading={busy} data-testid="bind-submit">
          {t('dingtalk.bind')}
        </Button>
        <Button block fill="none" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  )
}
