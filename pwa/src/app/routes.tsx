import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

/** 'guest': only while signed out (sign-in); 'member': only while signed in (or offline). */
export type Access = 'guest' | 'member'

export interface AppRoute {
  path: string
  access: Access
  Page: LazyExoticComponent<ComponentType>
}

const SignIn = lazy(() => import('@/pages/SignIn/SignIn'))
const Home = lazy(() => import('@/pages/Home/Home'))
const TodoDetail = lazy(() => import('@/pages/TodoDetail/TodoDetail'))
const ScoreSheet = lazy(() => import('@/pages/ScoreSheet/ScoreSheet'))
const ProjectProgress = lazy(() => import('@/pages/ProjectProgress/ProjectProgress'))
const Inbox = lazy(() => import('@/pages/Inbox/Inbox'))
const Settings = lazy(() => import('@/pages/Settings/Settings'))
const Declare = lazy(() => import('@/pages/Declare/Declare'))
const Done = lazy(() => import('@/pages/Done/Done'))
// The charts library comes with this chunk only.
const Stats = lazy(() => import('@/pages/Stats/Stats'))

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
