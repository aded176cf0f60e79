import { describe, expect, it } from 'vitest'
import { createClient } from './client'
import { HomeScreenDocument, MoreProjectsDocument, MoreTodosDocument } from './generated/home'

/** A to-do row as the server sends it (only what the cache needs differs between rows). */
function todo(id: string) {
  return {
    __typename: 'Todo',
    id,
    kind: 'ACTION',
    title: `to-do ${id}`,
    dueAt: null,
    expects: 'APPROVE',
    stage: 'APPLICATION',
    seatId: null,
    stepVersion: 1,
    batchable: false,
    daysUsed: 0,
    daysLeft: 5,
    limitDays: 5,
    dueEstimated: false,
    light: 'GREEN',
    urgeCount: 0,
    project: null,
  }
}

function project(id: string) {
  return { __typename: 'Project', id, code: `P-${id}`, name: `project ${id}`, stage: 'APPLICATION', status: 'ACTIVE', light: 'GREEN' }
}

function page<T extends { id: string }>(typename: 'Todo' | 'Project', nodes: T[], hasNextPage: boolean, total: number) {
  return {
    __typename: `${typename}Connection`,
    totalCount: total,
    edges: nodes.map((node) => ({ __typename: `${typename}Edge`, cursor: `c-${node.id}`, node })),
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: nodes.length ? `c-${nodes[nodes.length - 1]?.id}` : null },
  }
}

/** The server of this test: a builder's center whose to-dos and projects the test changes. */
function server() {
  const state = { todos: ['a', 'b', 'c', 'd'], projects: ['p1', 'p2', 'p3'] }
  const slice = (ids: string[], first: number, after: unknown) => {
    const start = typeof after === 'string' ? ids.indexOf(after.slice(2)) + 1 : 0
    return { nodes: ids.slice(start, start + first), more: start + first < ids.length }
  }
  const center = (variables: Record<string, unknown>, withStats: boolean) => {
    const todos = slice(state.todos, variables.first as number, variables.after)
    const projects = slice(state.projects, (variables.firstProjects as number) ?? 2, variables.afterProject)
    return {
      __typename: 'Center',
      kind: 'BUILDER',
      ...(withStats
        ? {
            stats: { __typename: 'CenterStats', projects: state.projects.length, byStage: [], byLight: [] },
            todos: page('Todo', todos.nodes.map(todo), todos.more, state.todos.length),
            projects: page('Project', projects.nodes.map(project), projects.more, state.projects.length),
          }
        : {}),
    }
  }
  const session = {
    request: async <T,>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      if (query.includes('query HomeScreen')) {
        return {
          me: {
            __typename: 'Me',
            user: { __typename: 'User', id: 'u1', username: 'builder', displayName: '建设单位', organisation: { __typename: 'Organisation', id: 'o1', name: '市卫健委' } },
            centers: [{ __typename: 'CenterMembership', kind: 'BUILDER', abilities: ['DECLARE_PROJECTS', 'FOLLOW_PROJECTS'], organisation: { __typename: 'Organisation', id: 'o1', name: '市卫健委' } }],
          },
          unread: { __typename: 'NotificationViewConnection', totalCount: 0 },
          center: center(variables, true),
        } as T
      }
      if (query.includes('query MoreTodos')) {
        const todos = slice(state.todos, variables.first as number, variables.after)
        return { center: { __typename: 'Center', kind: 'BUILDER', todos: page('Todo', todos.nodes.map(todo), todos.more, state.todos.length) } } as T
      }
      if (query.includes('query MoreProjects')) {
        const projects = slice(state.projects, variables.first as number, variables.after)
        return { center: { __typename: 'Center', kind: 'BUILDER', projects: page('Project', projects.nodes.map(project), projects.more, state.projects.length) } } as T
      }
      throw new Error(`unexpected operation: ${query.slice(0, 40)}`)
    },
  }
  return { state, session }
}

const HOME = { kind: 'BUILDER', withCenter: true, withProjects: true, first: 2, firstProjects: 2 } as const

describe('the to-do and project lists, read page by page', () => {
  it('shows the pages read so far as one list', async () => {
    // given
    const { session } = server()
    const client = createClient({ session })
    await client.query(HomeScreenDocument, HOME).toPromise()
    // when
    await client.query(MoreTodosDocument, { kind: 'BUILDER', first: 2, after: 'c-b' }).toPromise()
    await client.query(MoreProjectsDocument, { kind: 'BUILDER', first: 2, after: 'c-p2' }).toPromise()
    // then
    const home = await client.query(HomeScreenDocument, HOME, { requestPolicy: 'cache-only' }).toPromise()
    expect(home.data?.center?.todos.edges.map((edge) => edge.node.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(home.data?.center?.todos.pageInfo.hasNextPage).toBe(false)
    expect(home.data?.center?.projects?.edges.map((edge) => edge.node.id)).toEqual(['p1', 'p2', 'p3'])
  })

  it('forgets the later pages when the first page is read again: a to-do closed meanwhile is gone', async () => {
    // given: four to-dos read in two pages
    const { state, session } = server()
    const client = createClient({ session })
    await client.query(HomeScreenDocument, HOME).toPromise()
    await client.query(MoreTodosDocument, { kind: 'BUILDER', first: 2, after: 'c-b' }).toPromise()
    // when: "c" (on the second page) is closed, "e" is opened, and the home screen is read again
    state.todos = ['a', 'b', 'd', 'e']
    state.projects = ['p0', 'p1', 'p2', 'p3']
    const home = await client.query(HomeScreenDocument, HOME, { requestPolicy: 'network-only' }).toPromise()
    // then: only the fresh first page, and "more" leads on from it
    expect(home.data?.center?.todos.edges.map((edge) => edge.node.id)).toEqual(['a', 'b'])
    expect(home.data?.center?.todos.pageInfo).toMatchObject({ hasNextPage: true, endCursor: 'c-b' })
    expect(home.data?.center?.projects?.edges.map((edge) => edge.node.id)).toEqual(['p0', 'p1'])
    await client.query(MoreTodosDocument, { kind: 'BUILDER', first: 2, after: 'c-b' }).toPromise()
    const again = await client.query(HomeScreenDocument, HOME, { requestPolicy: 'cache-only' }).toPromise()
    expect(again.data?.center?.todos.edges.map((edge) => edge.node.id)).toEqual(['a', 'b', 'd', 'e'])
  })
})
