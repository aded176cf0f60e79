import { createErrorBlock } from 'antd-mobile'
import { ClockCircleOutline, ExclamationCircleOutline, FileOutline, LinkOutline } from 'antd-mobile-icons'

/** antd-mobile's ErrorBlock with small icons in place of its large illustrations. */
export const StateBlock = createErrorBlock({
  default: <ExclamationCircleOutline />,
  disconnected: <LinkOutline />,
  empty: <FileOutline />,
  busy: <ClockCircleOutline />,
})
