import { ProjectProgressDocument, type ProjectProgressQuery } from '../../api/generated/ProjectProgress'
import { SessionEndedError } from '../../api/session'
import { read, write } from '../../api/storage'
import { NetworkError } from '../../api/transport'
import { messages, t, type MessageKey } from '../../i18n'
import { session } from '../../services'

type Project = Extract<NonNullable<ProjectProgressQuery['node']>, { __typename: 'Project' }>

const cacheKey = (id: string) => `qc.project.${id}`

/** A project's progress for its builder or vendor: who holds it now (第X天/共Y个工作日) and the stages. */
Component({
  data: {
    m: messages(),
    project: null as Project | null,
    holders: [] as Array<{ stepKey: string; names: string; days: string; light: string }>,
    timeline: [] as Array<{ stage: string; status: string; state: string }>,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = decodeURIComponent(query.id ?? '')
      this.setData({ m: messages() })
      const cached = read<Project>(cacheKey(id))
      if (cached) this.show(cached)
      return this.load(id, cached !== null)
    },
    show(project: Project) {
      this.setData({
        project,
        holders: project.holders.map((holder) => ({
          stepKey: holder.stepKey,
          names: holder.names.join('、'),
          days: t('days', holder.day, holder.of),
          light: holder.light,
        })),
        timeline: project.timeline.map((entry) => ({
          stage: entry.stage,
          status: entry.status,
          state: t(`stage_${entry.status}` as MessageKey),
        })),
      })
    },
    async load(id: string, cached: boolean) {
      try {
        const { node } = await session.request(ProjectProgressDocument, { id })
        if (!node || node.__typename !== 'Project') return
        write(cacheKey(id), node)
        this.show(node as Project)
      } catch (error) {
        if (error instanceof SessionEndedError) wx.reLaunch({ url: '/pages/signin/signin' })
        else if (!(error instanceof NetworkError && cached)) {
          this.setData({ error: error instanceof NetworkError ? t('networkError') : String(error) })
        }
      }
    },
  },
})
