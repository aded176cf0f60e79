import { read, write } from './api/storage'

/** The UI speaks Simplified Chinese by default; English when chosen (kept in storage). */
export type Language = 'zh-CN' | 'en'

const MESSAGES = {
  'zh-CN': {
    signIn: '微信登录',
    signingIn: '正在登录…',
    bindTitle: '首次使用，请绑定您的账号',
    username: '用户名',
    password: '密码',
    oneTimeCode: '管理员提供的一次性验证码',
    usePassword: '改用密码',
    useCode: '改用一次性验证码',
    bind: '绑定并登录',
    todos: '待办',
    noTodos: '暂无待办',
    days: '第{0}天/共{1}个工作日',
    cached: '离线：显示上次获取的内容',
    subscribe: '接收微信提醒',
    approve: '同意',
    reject: '不同意',
    returnForRevision: '退回修改',
    confirmTitle: '确认',
    confirmApprove: '确认同意该事项？',
    confirmReject: '确认不同意该事项？',
    confirmReturn: '确认退回修改？',
    sent: '已提交',
    queued: '网络恢复后将自动提交',
    refused: '未能提交：{0}',
    materials: '材料',
    history: '办理记录',
    networkError: '网络不可用，请稍后重试',
    total: '合计 {0} / {1}',
    inbox: '消息',
    settings: '设置',
    channels: '提醒渠道',
    quietHours: '免打扰时段',
    quietNone: '未设置',
    clearQuiet: '清除',
    save: '保存',
    saved: '已保存',
    languageSwitch: 'English',
    channel_WEBPUSH: '浏览器推送',
    channel_FCM: '安卓推送',
    channel_WECHAT: '微信订阅消息',
    channel_DINGTALK: '钉钉工作通知',
    channel_SMS: '短信',
    on: '开',
    off: '关',
    noNotifications: '暂无消息',
    pin: '签名 PIN',
    submitSheet: '提交评分表',
    confirmSubmit: '提交后不可修改，确认提交？',
    draftSaved: '草稿已保存',
    draftQueued: '草稿将在网络恢复后保存',
    submitted: '评分表已提交',
    incomplete: '请检查标红的评分项',
    problem_MISSING: '请填写',
    problem_NOT_A_NUMBER: '请输入数字',
    problem_NEGATIVE: '不能为负数',
    problem_ABOVE_MAX: '超过该项满分',
    problem_PRECISION: '最多一位小数',
  },
  en: {
    signIn: 'Sign in with WeChat',
    signingIn: 'Signing in…',
    bindTitle: 'First use: bind your account',
    username: 'Username',
    password: 'Password',
    oneTimeCode: "Administrator's one-time code",
    usePassword: 'Use the password',
    useCode: 'Use a one-time code',
    bind: 'Bind and sign in',
    todos: 'To-dos',
    noTodos: 'Nothing to do',
    days: 'Day {0} of {1} working days',
    cached: 'Offline: showing what was last fetched',
    subscribe: 'Get WeChat reminders',
    approve: 'Approve',
    reject: 'Reject',
    returnForRevision: 'Return for revision',
    confirmTitle: 'Confirm',
    confirmApprove: 'Approve this item?',
    confirmReject: 'Reject this item?',
    confirmReturn: 'Return it for revision?',
    sent: 'Sent',
    queued: 'Will be sent when the network is back',
    refused: 'Not done: {0}',
    materials: 'Materials',
    history: 'History',
    networkError: 'No network, try again later',
    total: 'Total {0} / {1}',
    inbox: 'Inbox',
    settings: 'Settings',
    channels: 'Reminder channels',
    quietHours: 'Quiet hours',
    quietNone: 'Not set',
    clearQuiet: 'Clear',
    save: 'Save',
    saved: 'Saved',
    languageSwitch: '中文',
    channel_WEBPUSH: 'Browser push',
    channel_FCM: 'Android push',
    channel_WECHAT: 'WeChat subscribe messages',
    channel_DINGTALK: 'DingTalk work notices',
    channel_SMS: 'SMS',
    on: 'On',
    off: 'Off',
    noNotifications: 'No messages',
    pin: 'Signing PIN',
    submitSheet: 'Submit the sheet',
    confirmSubmit: 'A submitted sheet cannot be changed. Submit?',
    draftSaved: 'Draft saved',
    draftQueued: 'The draft will be saved when the network is back',
    submitted: 'Sheet submitted',
    incomplete: 'Check the scores marked in red',
    problem_MISSING: 'Required',
    problem_NOT_A_NUMBER: 'Enter a number',
    problem_NEGATIVE: 'Cannot be negative',
    problem_ABOVE_MAX: "Above the criterion's maximum",
    problem_PRECISION: 'At most one decimal place',
  },
} as const

export type MessageKey = keyof (typeof MESSAGES)['zh-CN']

export function language(): Language {
  return read<Language>('qc.language') === 'en' ? 'en' : 'zh-CN'
}

export function setLanguage(value: Language): void {
  write('qc.language', value)
}

export function t(key: MessageKey, ...args: Array<string | number>): string {
  return MESSAGES[language()][key].replace(/\{(\d)\}/g, (_, index: string) => String(args[Number(index)] ?? ''))
}

/** Every message of the current language, for a page's data (`{{m.signIn}}` in WXML). */
export function messages(): Record<MessageKey, string> {
  return { ...MESSAGES[language()] }
}
