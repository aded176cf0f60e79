import { Session } from './api/session'
import { Outbox } from './outbox/outbox'

/** One session and one outbox for the whole mini-program (pages import them; modules are shared). */
export const session = new Session()
export const outbox = new Outbox(session)
