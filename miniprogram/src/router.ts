/**
 * The in-app links the server puts in notifications (notifications/messages.py: /todos/<id>,
 * /sheets/<seat>, /projects/<id>, /inbox) and the mini-program pages that open them. A subscribe
 * message's `page` is `pages/index/index?link=<the link, URL-encoded>` (notifications/channels/wechat.py),
 * and the index page sends the person on with resolveLink.
 */
export const HOME = '/pages/home/home'

const ROUTES: Array<{ pattern: RegExp; page: (id: string) => string }> = [
  { pattern: /^\/todos\/([^/?#]+)$/, page: (id) => `/pages/todo/todo?id=${encodeURIComponent(id)}` },
  { pattern: /^\/projects\/([^/?#]+)$/, page: (id) => `/pages/project/project?id=${encodeURIComponent(id)}` },
  { pattern: /^\/inbox$/, page: () => '/pages/inbox/inbox' },
  { pattern: /^\/sheets\/([^/?#]+)$/, page: (id) => `/pages/sheet/sheet?seatId=${encodeURIComponent(id)}` },
]

/** The page (with its query) that opens an in-app link; the home for a link it does not know. */
export function resolveLink(link: string): string {
  for (const route of ROUTES) {
    const match = route.pattern.exec(link)
    if (match) return route.page(decodeURIComponent(match[1]))
  }
  return HOME
}

/** The page a subscribe message's `page` ("pages/index/index?link=...") ends up on. */
export function resolvePage(page: string): string {
  const query = page.split('?')[1] ?? ''
  for (const pair of query.split('&')) {
    const [key, value] = pair.split('=')
    if (key === 'link' && value !== undefined) return resolveLink(decodeURIComponent(value))
  }
  return HOME
}
