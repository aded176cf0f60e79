import { Button, Input, List } from 'antd-mobile'
import { useState, type FormEvent } from 'react'
import { useAuth } from '@/auth/AuthProvider'
import { dingTalkContainer } from '@/dingtalk/container'
import { LanguageSwitch } from '@/components/LanguageSwitch/LanguageSwitch'
import { errorMessageKey } from '@/components/PageState/PageState'
import { useI18n } from '@/i18n/I18nProvider'
import type { MessageKey } from '@/i18n/messages'
import { DingTalkSignIn } from './DingTalkSignIn'
import styles from './SignIn.module.css'

const container = typeof navigator === 'undefined' ? null : dingTalkContainer(navigator.userAgent, window as { dd?: unknown })

export default function SignIn() {
  const { t } = useI18n()
  const { login, state } = useAuth()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [otp, setOtp] = useState('')
  const [otpRequired, setOtpRequired] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  // Either a text key of ours or a message the server wrote in the UI language.
  const [error, setError] = useState<{ key: MessageKey } | { text: string } | null>(() =>
    state.status === 'signedOut' && state.reason === 'expired' ? { key: 'session.ended' } : null,
  )

  const missing = (): MessageKey | null => {
    if (!username.trim()) return 'signin.usernameRequired'
    if (!password) return 'signin.passwordRequired'
    if (otpRequired && !otp.trim()) return 'signin.otpRequired'
    return null
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const required = missing()
    if (required) return setError({ key: required })
    setSubmitting(true)
    setError(null)
    try {
      const result = await login({
        username: username.trim(),
        password,
        otp: otpRequired ? otp.trim() : undefined,
      })
      if (!result.ok) {
        if (result.error.code === 'OTP_REQUIRED') setOtpRequired(true)
        setError({ text: result.error.message })
      }
    } catch (failure) {
      setError({ key: errorMessageKey(failure) })
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <main className={styles.page} data-testid="signin-page">
      <div className={styles.language}>
        <LanguageSwitch />
      </div>
      <header className={styles.brand}>
        <img src="/icons/icon-192.png" alt="" width={64} height={64} />
        <h1>{t('app.name')}</h1>
        <p>{t('signin.subtitle')}</p>
      </header>
      {container && (
        // Inside DingTalk: sign in without a password, except right after signing out.
        <DingTalkSignIn container={container} auto={!(state.status === 'signedOut' && state.reason === 'signedOut')} />
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <List mode="card" header={t('signin.title')}>
          <List.Item title={t('signin.username')}>
            <Input
              value={username}
              onChange={setUsername}
              name="username"
              autoComplete="username"
              autoCapitalize="off"
              clearable
              aria-label={t('signin.username')}
              data-testid="signin-username"
            />
          </List.Item>
          <List.Item title={t('signin.password')}>
            <Input
              value={password}
              onChange={setPassword}
              type="password"
              name="password"
              autoComplete="current-password"
              aria-label={t('signin.password')}
              data-testid="signin-password"
            />
          </List.Item>
          {otpRequired && (
            <List.Item title={t('signin.otp')} description={t('signin.otpHint')}>
              <Input
                value={otp}
                onChange={setOtp}
                name="otp"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                autoFocus
                aria-label={t('signin.otp')}
                data-testid="signin-otp"
              />
            </List.Item>
          )}
        </List>
        {error && (
          <div role="alert" className={styles.error} data-testid="signin-error">
            {'key' in error ? t(error.key) : error.text}
          </div>
        )}
        <div className={styles.actions}>
          <Button block type="submit" color="primary" size="large" loading={submitting} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </div>
      </form>
    </main>
  )
}
