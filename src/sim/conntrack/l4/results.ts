/**
 * Results and states the trackers share, allocated once (tracker.ts says
 * what each result means).
 */
import type { L4State } from '../conn.js';
import type { OpenResult, UpdateResult } from './tracker.js';

/** The shared accepted result. */
export const OK: UpdateResult = Object.freeze({ ok: true as const });
/** Accepted, and the entry is deleted after this packet. */
export const OK_KILL: UpdateResult = Object.freeze({ ok: true as const, kill: true as const });

/** The layer-4 state of every protocol but TCP: nothing beyond the status bits. */
export const OTHER_L4: L4State = Object.freeze({ proto: 'other' as const });
/** open() result of the trackers that accept every first packet. */
export const OPEN_OTHER: OpenResult = Object.freeze({ ok: true as const, l4: OTHER_L4 });

export function invalid(reason: string): { readonly ok: false; readonly reason: string } {
  return Object.freeze({ ok: false as const, reason });
}
