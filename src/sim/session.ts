/**
 * Conntrack sessions of a packet batch (issue 4, `--packets`): `after` names
 * the ids of earlier packets of the same file that are sent first, in order,
 * in the same conntrack state, so `{"id": "synack", "after": ["syn"]}` is the
 * reply to that SYN. Each id brings its own session with it (its `after`
 * packets, then itself), and a packet named twice through different paths
 * is sent once, where it first appears. Only the last packet's fate is
 * reported; without `after` a packet starts with empty conntrack state.
 *
 * This works from `after` alone, for requests built by hand as well as for
 * those parsePacketLines reads (which already checks `after` at the column
 * of each id and fills `sequence` the same way; test/sim/session.test.ts
 * holds the two to the same answer). Nothing throws: a request whose
 * session cannot be built comes back with diagnostics (NFV7008 for `after`,
 * NFV7009 for a duplicate id) at its line, and the rest go on.
 *
 * The errors, in the order they are looked for per `after` entry:
 * - an id no request has ("unknown");
 * - an id whose packets lead back to this one ("cycle", with its path);
 * - an id of this request or a later one ("forward reference": a session
 *   only replays packets that come before);
 * - an id whose own request is bad (it cannot be replayed);
 * and per request, an id already used by an earlier request (the earlier
 * one keeps it).
 */
import type { PacketDiagnostic } from '../diagnostics/packet-codes.js';
import { packetDiag } from '../diagnostics/packet-codes.js';
import { spanAt } from '../diagnostics/span.js';
import type { PacketRequest } from '../ir/packet/parse-packet.js';
import type { SimInput } from './simulate.js';

/** One request's conntrack session: what `Simulator.run` takes, and which requests it came from. */
export interface Session {
  readonly request: PacketRequest;
  /** The requests sent, in order; the last is `request` itself. */
  readonly requests: readonly PacketRequest[];
  /** The same, as simulator inputs. */
  readonly inputs: readonly SimInput[];
}

export type SessionResult =
  | { readonly ok: true; readonly session: Session }
  | { readonly ok: false; readonly request: PacketRequest; readonly diagnostics: readonly PacketDiagnostic[] };

export interface SessionOptions {
  /** File name for the diagnostics' spans (default "<packets>"). */
  readonly file?: string;
}

/** ids compare as parse-packet.ts compares them: `1` and `"1"` are the same id. */
const keyOf = (id: string | number): string => String(id);

/** The simulator input of one request. */
export function simInput(r: PacketRequest): SimInput {
  return { packet: r.packet, given: r.given };
}

/** The session of a request whose `sequence` is already known (parsePacketLines fills it). */
export function sessionOf(r: PacketRequest): Session {
  const requests = [...r.sequence, r];
  return { request: r, requests, inputs: requests.map(simInput) };
}

/**
 * The path of ids from `from` back to `target` through `after` edges, or
 * null when there is none. Iterative, each request visited once.
 */
function pathBack(requests: readonly PacketRequest[], first: ReadonlyMap<string, number>, from: number, target: number): number[] | null {
  const parent = new Map<number, number>([[from, -1]]);
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (i === target) {
      const path: number[] = [];
      for (let at = i; at !== -1; at = parent.get(at)!) path.push(at);
      return path.reverse();
    }
    for (const a of requests[i]!.after) {
      const j = first.get(keyOf(a));
      if (j !== undefined && !parent.has(j)) {
        parent.set(j, i);
        stack.push(j);
      }
    }
  }
  return null;
}

/** Builds every request's session, in order; a bad request is reported and the others go on. */
export function buildSessions(requests: readonly PacketRequest[], options: SessionOptions = {}): SessionResult[] {
  const file = options.file ?? '<packets>';
  // The first request with each id owns it; later ones are duplicates.
  const first = new Map<string, number>();
  requests.forEach((r, i) => {
    if (!first.has(keyOf(r.id))) first.set(keyOf(r.id), i);
  });
  const out: SessionResult[] = [];
  for (const [i, r] of requests.entries()) {
    const diagnostics: PacketDiagnostic[] = [];
    const at = spanAt(file, r.line, 1, 0, 0);
    const owner = first.get(keyOf(r.id))!;
    if (owner !== i) diagnostics.push(packetDiag('PacketDuplicate', 'id', `"${r.id}" was already used on line ${requests[owner]!.line}`, at));
    const sent: PacketRequest[] = [];
    const seen = new Set<PacketRequest>();
    for (const a of r.after) {
      const j = first.get(keyOf(a));
      if (j === undefined) {
        diagnostics.push(packetDiag('PacketAfter', 'after', `no earlier packet has id "${a}"`, at));
        continue;
      }
      if (j >= i) {
        const cycle = pathBack(requests, first, j, i);
        if (cycle) {
          const ids = [r.id, ...cycle.map((k) => requests[k]!.id)].map((x) => `"${x}"`).join(' → ');
          diagnostics.push(packetDiag('PacketAfter', 'after', `"${a}" leads back to this packet (${ids}): a session cannot contain a cycle`, at));
        } else {
          diagnostics.push(packetDiag('PacketAfter', 'after', `"${a}" is the id of line ${requests[j]!.line}, which does not come before this one`, at));
        }
        continue;
      }
      const earlier = out[j]!;
      if (!earlier.ok) {
        diagnostics.push(packetDiag('PacketAfter', 'after', `"${a}" (line ${requests[j]!.line}) is bad, so this packet cannot follow it`, at));
        continue;
      }
      for (const s of earlier.session.requests) {
        if (!seen.has(s)) {
          seen.add(s);
          sent.push(s);
        }
      }
    }
    if (diagnostics.length > 0) {
      out.push({ ok: false, request: r, diagnostics });
      continue;
    }
    const all = [...sent, r];
    out.push({ ok: true, session: { request: r, requests: all, inputs: all.map(simInput) } });
  }
  return out;
}
