import { Button } from 'antd-mobile'
import { useI18n } from '@/i18n/I18nProvider'
import taskStyles from '@/pages/TodoDetail/tasks/tasks.module.css'

/** 1 to 5 stars, each a named 44 px button (互评 and 满意度). */
export function StarRating({ value, onChange, testIdPrefix }: { value: number; onChange: (n: number) => void; testIdPrefix: string }) {
  const { t } = useI18n()
  return (
    <div role="group" aria-label={t('rate.stars')} className={taskStyles.buttons}>
      {[1, 2, 3, 4, 5].map((n) => (
        <Button
          key={n}
          color={n <= value ? 'primary' : 'default'}
          fill={n <= value ? 'solid' : 'outline'}
          onClick={() => onChange(n)}
          aria-label={t('rate.star', { n })}
          aria-pressed={n === value}
          data-testid={`${testIdPrefix}-${n}`}
        >
          {n <= value ? '★' : '☆'}
        </Button>
      ))}
    </div>
  )
}
