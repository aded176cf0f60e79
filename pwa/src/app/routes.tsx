import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import { matchPath } from 'react-router'

/** 'guest': only while signed out (sign-in); 'member': only while signed in (or offline). */
export type Access = 'guest' | 'member'

export interface AppRoute {
  path: string
  access: Access
  Page: Page
}

/** A lazy page that can also be asked to start loading before it is rendered. */
type Page = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> }

function page(load: () => Promise<{ default: ComponentType }>): Page {
  return Object.assign(lazy(load), { preload: load })
}

const SignIn = page(() => import('@/pages/SignIn/SignIn'))
const Home = page(() => import('@/pages/Home/Home'))
const TodoDetail = page(() => import('@/pages/TodoDetail/TodoDetail'))
const ScoreSheet = page(() => import('@/pages/ScoreSheet/ScoreSheet'))
const ProjectProgress = page(() => import('@/pages/ProjectProgress/ProjectProgress'))
const Inbox = page(() => import('@/pages/Inbox/Inbox'))
const Settings = page(() => import('@/pages/Settings/Settings'))
const Declare = page(() => import('@/pages/Declare/Declare'))
const Done = page(() => import('@/pages/Done/Done'))
// The charts library comes with this chunk only.
const Stats = page(() => import('@/pages/Stats/Stats'))

/** Every screen of the app; each page is its own chunk, loaded when first shown. */
export const ROUTES: readonly AppRoute[] = [
  { path: '/signin', access: 'guest', Page: SignIn },
  { path: '/', access: 'member', Page: Home },
  { path: '/centers/:kind', access: 'member', Page: Home },
  { path: '/centers/:kind/stats', access: 'member', Page: Stats },
  { path: '/todos/:id', access: 'member', Page: TodoDetail },
  { path: '/sheets/:seatId', access: 'member', Page: ScoreSheet },
  { path: '/projects/:id', access: 'member', Page: ProjectProgress },
  { path: '/inbox', access: 'member', Page: Inbox },
  { path: '/settings', access: 'member', Page: Settings },
  { path: '/declare', access: 'member', Page: Declare },
  { path: '/done', access: 'member', Page: Done },
]

export const SIGN_IN_PATH = '/signin'
export const HOME_PATH = '/'

/**
 * Starts loading the chunk of the screen at this path at once, beside the session being resumed
 * (IndexedDB, then the refresh request), instead of after it: the screen's code is not the next
 * step of a waterfall. A failure is left to the lazy page, which asks again when rendered.
 */
export function preloadRoute(pathname: string): void {
  const route = ROUTES.find(({ path }) => matchPath(path, pathname))
  route?.Page.preload().catch(() => undefined)
}
