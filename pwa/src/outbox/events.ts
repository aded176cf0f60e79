import type { OutboxEntry } from './entry'
import type { Settled } from './outbox'

/** Tabs and the service worker tell each other of outbox changes on this channel. */
export const OUTBOX_CHANNEL = 'quancheng.outbox'
/** Background Sync tag: the service worker sends the outbox when the network is back. */
export const SYNC_TAG = 'quancheng-outbox'

/** An answered entry, as told to every tab. */
export interface SettledEvent {
  id: string
  kind: OutboxEntry['kind']
  subject: OutboxEntry['subject']
  outcome: Settled['outcome']
  /** The version the action expected (a done sheet action leaves this + 1). */
  expectedVersion: number | null
}

export type ChannelMessage = { type: 'changed'; settled: SettledEvent[] }

export function eventsOf(settled: Settled[]): SettledEvent[] {
  return settled.map(({ entry, outcome }) => ({
    id: entry.id,
    kind: entry.kind,
    subject: entry.subject,
    outcome,
    expectedVersion: typeof entry.input.expectedVersion === 'number' ? entry.input.expectedVersion : null,
  }))
}
