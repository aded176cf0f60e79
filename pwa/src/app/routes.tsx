import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

/** 'guest': only while signed out (sign-in); 'member': only while signed in. */
export type Access = 'guest' | 'member'

export interface AppRoute {
  path: string
  access: Access
  Page: LazyExoticComponent<ComponentType>
}

const SignIn = lazy(() => import('@/pages/SignIn/SignIn'))
const Home = lazy(() => import('@/pages/Home/Home'))

/** Every screen of the app; each page is its own chunk, loaded when first shown. */
export const ROUTES: readonly AppRoute[] = [
  { path: '/signin', access: 'guest', Page: SignIn },
  { path: '/', access: 'member', Page: Home },
  { path: '/centers/:kind', access: 'member', Page: Home },
]

export const SIGN_IN_PATH = '/signin'
export const HOME_PATH = '/'
