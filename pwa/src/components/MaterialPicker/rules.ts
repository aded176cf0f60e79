import type { NewAction } from '@/outbox/outbox'

/** The server's limit for one upload (api/settings.py max_upload_bytes), the request's form fields included. */
export const MAX_MATERIAL_BYTES = 20_000_000

/** The types the server accepts (it checks the content again): by MIME type, or by extension when the phone gives none. */
const MIME_TYPES = new Set([
  'application/pdf',
  'application/ofd',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/png',
  'image/jpeg',
])
const EXTENSIONS = new Set(['pdf', 'ofd', 'docx', 'xlsx', 'png', 'jpg', 'jpeg'])

/** What the file picker offers. */
export const ACCEPT = 'application/pdf,image/*,.ofd,.docx,.xlsx'

export interface PickedMaterial {
  file: File
  title: string
}

export type MaterialProblem = 'tooLarge' | 'wrongType' | 'titleMissing'

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/** The file name without its extension. */
export function defaultTitle(name: string): string {
  const dot = name.lastIndexOf('.')
  return (dot > 0 ? name.slice(0, dot) : name).trim()
}

export function materialProblem({ file, title }: PickedMaterial): MaterialProblem | null {
  if (file.size > MAX_MATERIAL_BYTES) return 'tooLarge'
  if (!MIME_TYPES.has(file.type) && !EXTENSIONS.has(extensionOf(file.name))) return 'wrongType'
  if (title.trim() === '') return 'titleMissing'
  return null
}

export function pick(files: Iterable<File>): PickedMaterial[] {
  return [...files].map((file) => ({ file, title: defaultTitle(file.name) }))
}

/** The outbox action that uploads one material, to a project or to the declaration queued before it. */
export function uploadAction(
  material: PickedMaterial,
  project: { projectId: string } | { projectFrom: string },
  stage: string,
): Omit<NewAction, 'userId' | 'language'> {
  const title = material.title.trim()
  return {
    kind: 'uploadMaterial',
    input: { ...project, stage, title },
    subject: { title, ...('projectId' in project && { projectId: project.projectId }) },
    attachment: { file: material.file, name: material.file.name },
  }
}
