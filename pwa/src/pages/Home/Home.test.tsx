// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { Provider } from 'urql'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '@/api/client'
import type { CenterAbility, CenterKind } from '@/api/generated/home'
import { AuthContextProvider, type Auth } from '@/auth/AuthProvider'
import { I18nProvider } from '@/i18n/I18nProvider'
import { OutboxContextProvider, type OutboxContext } from '@/outbox/OutboxProvider'
import Home from './Home'

afterEach(cleanup)
beforeEach(() => localStorage.clear())

/** A server whose only say about roles is `me.centers.abilities`. */
function renderHome(centers: { kind: CenterKind; abilities: CenterAbility[] }[], path = '/') {
  const sent: Record<string, unknown>[] = []
  const client = createClient({
    session: {
      request: async <T,>(_query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        sent.push(variables)
        const kind = variables.kind as CenterKind
        return {
          me: {
            __typename: 'Me',
            user: { __typename: 'User', id: 'u1', username: 'someone', displayName: '某人', organisation: { __typename: 'Organisation', id: 'o1', name: '某单位' } },
            centers: centers.map((center) => ({ __typename: 'CenterMembership', ...center, organisation: { __typename: 'Organisation', id: 'o1', name: '某单位' } })),
          },
          unread: { __typename: 'NotificationViewConnection', totalCount: 0 },
          ...(variables.withCenter
            ? {
                center: {
                  __typename: 'Center',
                  kind,
                  stats: { __typename: 'CenterStats', projects: 0, byStage: [], byLight: [] },
                  todos: { __typename: 'TodoConnection', totalCount: 0, edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } },
                  ...(variables.withProjects
                    ? { projects: { __typename: 'ProjectConnection', totalCount: 0, edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } } }
                    : {}),
                },
              }
            : {}),
        } as T
      },
    },
  })
  const outbox = {
    entries: [],
    submit: vi.fn(),
    flush: async () => undefined,
    dismiss: async () => undefined,
    retry: async () => undefined,
    provide: async () => undefined,
    discardAll: async () => undefined,
    onSettled: () => () => undefined,
  } as unknown as OutboxContext
  const auth = { state: { status: 'signedIn' }, logout: vi.fn() } as unknown as Auth
  render(
    <I18nProvider>
      <AuthContextProvider value={auth}>
        <MemoryRouter initialEntries={[path]}>
          <Provider value={client}>
            <OutboxContextProvider value={outbox}>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route path="/centers/:kind" element={<Home />} />
              </Routes>
            </OutboxContextProvider>
          </Provider>
        </MemoryRouter>
      </AuthContextProvider>
    </I18nProvider>,
  )
  return { sent }
}

describe('the home of a center', () => {
  it('offers 申报 and asks for the projects only where the server says the center does so', async () => {
    // given a center the app has no list for, which the server says declares and follows projects
    const { sent } = renderHome([{ kind: 'DRC', abilities: ['DECLARE_PROJECTS', 'FOLLOW_PROJECTS'] }])
    // then the declare button shows, and the center's projects were asked for once the server said so
    await waitFor(() => expect(screen.getByTestId('open-declare')).toBeTruthy())
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ kind: 'DRC', withCenter: true, withProjects: true }))
  })

  it('offers no 申报 to a builder center the server says may not declare', async () => {
    // given
    const { sent } = renderHome([{ kind: 'BUILDER', abilities: [] }])
    // then the center is shown without the button, and without asking for projects
    await waitFor(() => expect(sent.some((variables) => variables.withCenter)).toBe(true))
    await waitFor(() => expect(screen.getByTestId('home-page')).toBeTruthy())
    expect(screen.queryByTestId('open-declare')).toBeNull()
    expect(sent.every((variables) => variables.withProjects === false)).toBe(true)
  })
})
