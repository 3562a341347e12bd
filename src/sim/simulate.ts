/**
 * The simulator's library entry point: compile a ruleset once for a host,
 * then simulate sessions of packets through the Linux pipeline.
 */
import type { FieldName } from '../ir/packet/fields.js';
import type { Packet } from '../ir/packet/packet.js';
import type { Ruleset } from '../ir/ruleset.js';
import type { SimResult } from './engine/result.js';
import type { Host } from './host/host.js';
import type { IpsetStore } from './ipset/store.js';

export interface SimOptions {
  readonly host: Host;
  /** ipset contents (`ipset save`); without them -m set is unknown. */
  readonly ipsets?: IpsetStore | null;
  /** The most branches of unknown decisions explored per packet (default 64; the first is always explored). */
  readonly maxBranches?: number;
  /**
   * Record each branch's walk as `Fate.steps` (what `trace`'s text output
   * prints); default true. Without them (false) every `steps` is empty and
   * the walk builds no step, note or log line: the JSON output and the
   * hits, policies, outcome and final packet do not depend on them.
   */
  readonly steps?: boolean;
}

/** One packet to send: the packet and which of its fields were given (the rest are defaults the simulator may compute). */
export interface SimInput {
  readonly packet: Packet;
  readonly given: ReadonlySet<FieldName>;
}

export interface Simulator {
  readonly ruleset: Ruleset;
  readonly host: Host;
  /**
   * Sends `session` in order through the pipeline in one conntrack state and
   * returns the fate of the last packet. A session of one packet starts with
   * empty conntrack state (or the state its given ct fields describe).
   */
  run(session: readonly SimInput[]): SimResult;
}
