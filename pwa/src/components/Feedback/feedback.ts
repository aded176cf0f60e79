/**
 * Toasts and confirmation dialogs, loaded on first use: their animation library stays out of
 * the home screen's first download.
 */

export async function toast(content: string, icon?: 'success' | 'fail'): Promise<void> {
  const { Toast } = await import('./impl')
  Toast.show({ content, icon })
}

export async function confirm(options: { content: string; confirmText: string; cancelText: string }): Promise<boolean> {
  const { Dialog } = await import('./impl')
  return Dialog.confirm(options)
}
