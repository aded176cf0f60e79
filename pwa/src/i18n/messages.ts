export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'zh-CN'

/** Each language names itself, whatever the UI language is. */
export const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'English' }

/** Simplified Chinese is the reference: every key exists here. */
export const zh = {
  'app.name': '全程通',
  'signin.title': '登录',
  'signin.subtitle': '政务信息化项目全过程管理',
  'signin.username': '用户名',
  'signin.password': '密码',
  'signin.otp': '动态验证码',
  'signin.otpHint': '请输入身份验证器中的 6 位动态验证码',
  'signin.submit': '登录',
  'signin.usernameRequired': '请输入用户名',
  'signin.passwordRequired': '请输入密码',
  'signin.otpRequired': '请输入动态验证码',
  'session.ended': '登录已失效，请重新登录',
  'home.signOut': '退出登录',
  'home.noCenters': '您尚未加入任何中心',
  'todos.title': '待办',
  'todos.empty': '暂无待办',
  'todos.total': '共 {count} 项',
  'todos.due': '截止 {date}',
  'todos.loadMore': '加载更多',
  'common.loading': '加载中…',
  'common.retry': '重试',
  'error.network': '无法连接服务器，请检查网络后重试',
  'error.forbidden': '您没有权限查看此内容',
  'error.generic': '出错了，请稍后重试',
  'update.available': '有新版本可用',
  'update.reload': '立即更新',
  'update.later': '稍后',
  'center.DATA': '数据中心',
  'center.FINANCE': '财政中心',
  'center.DRC': '发改中心',
  'center.AUDIT': '审计中心',
  'center.BUILDER': '建设单位中心',
  'center.EXPERT': '专家中心',
  'center.SUPERVISOR': '监理中心',
  'center.VENDOR': '开发商中心',
} as const

export type MessageKey = keyof typeof zh
export type Dictionary = Partial<Record<MessageKey, string>>

export const en: Dictionary = {
  'app.name': 'Quancheng',
  'signin.title': 'Sign in',
  'signin.subtitle': 'E-government IT projects from start to finish',
  'signin.username': 'Username',
  'signin.password': 'Password',
  'signin.otp': 'One-time code',
  'signin.otpHint': 'Enter the 6-digit code from your authenticator app',
  'signin.submit': 'Sign in',
  'signin.usernameRequired': 'Please enter your username',
  'signin.passwordRequired': 'Please enter your password',
  'signin.otpRequired': 'Please enter the one-time code',
  'session.ended': 'Your session has ended. Please sign in again.',
  'home.signOut': 'Sign out',
  'home.noCenters': 'You have not joined any center yet',
  'todos.title': 'To-dos',
  'todos.empty': 'No to-dos',
  'todos.total': '{count} in total',
  'todos.due': 'Due {date}',
  'todos.loadMore': 'Load more',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.forbidden': 'You do not have access to this.',
  'error.generic': 'Something went wrong. Please try again later.',
  'update.available': 'A new version is available',
  'update.reload': 'Update now',
  'update.later': 'Later',
  'center.DATA': 'Data bureau',
  'center.FINANCE': 'Finance',
  'center.DRC': 'DRC',
  'center.AUDIT': 'Audit',
  'center.BUILDER': 'Builder unit',
  'center.EXPERT': 'Expert',
  'center.SUPERVISOR': 'Supervisor',
  'center.VENDOR': 'Vendor',
}

export const CATALOG: Record<Language, Dictionary> = { 'zh-CN': zh, en }
