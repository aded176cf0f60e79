/** The mini-program's storage (wx.setStorageSync): JSON values under the app's keys. */
export const KEYS = {
  tokens: 'qc.tokens',
  center: 'qc.center',
  outbox: 'qc.outbox',
  outboxRefused: 'qc.outbox.refused',
  inbox: 'qc.inbox',
  home: (kind: string) => `qc.home.${kind}`,
  todo: (id: string) => `qc.todo.${id}`,
} as const

export function read<T>(key: string): T | null {
  const value: unknown = wx.getStorageSync(key)
  return value === '' || value === undefined || value === null ? null : (value as T)
}

export function write(key: string, value: unknown): void {
  wx.setStorageSync(key, value)
}

export function remove(key: string): void {
  wx.removeStorageSync(key)
}
