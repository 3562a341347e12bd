/**
 * Name → spec lookup for `-m NAME` and `-j NAME`, and flag → option lookup
 * inside one spec. Built once at module load.
 */
import type { Family } from '../../ir/family.js';
import { MATCH_SPECS } from './extensions/match/index.js';
import type { MatchSpec, OptionSpec, TargetSpec } from './extensions/spec.js';
import { TARGET_SPECS } from './extensions/target/index.js';

export interface Known<S> {
  readonly kind: string;
  readonly spec: S;
  readonly flags: ReadonlyMap<string, readonly [string, OptionSpec]>;
}

function index<S extends MatchSpec<unknown> | TargetSpec<unknown>>(specs: Readonly<Record<string, S>>): Map<string, Known<S>[]> {
  const byName = new Map<string, Known<S>[]>();
  for (const [kind, spec] of Object.entries(specs)) {
    const flags = new Map<string, readonly [string, OptionSpec]>();
    for (const [key, o] of Object.entries(spec.options)) for (const f of o.flags) flags.set(f, [key, o]);
    const k: Known<S> = { kind, spec, flags };
    for (const n of [spec.name, ...(spec.aliases ?? [])]) {
      const list = byName.get(n) ?? [];
      list.push(k);
      byName.set(n, list);
    }
  }
  return byName;
}

const MATCHES = index(MATCH_SPECS as unknown as Readonly<Record<string, MatchSpec<unknown>>>);
const TARGETS = index(TARGET_SPECS as unknown as Readonly<Record<string, TargetSpec<unknown>>>);

function pick<S extends { families: readonly Family[] }>(list: readonly Known<S>[] | undefined, family: Family): Known<S> | undefined {
  if (!list) return undefined;
  return list.find((k) => k.spec.families.includes(family)) ?? list[0];
}

/** Match names are case-sensitive module names (libxt_NAME.so), like iptables. */
export function findMatch(name: string, family: Family): Known<MatchSpec<unknown>> | undefined {
  return pick(MATCHES.get(name), family);
}

export function findTarget(name: string, family: Family): Known<TargetSpec<unknown>> | undefined {
  return pick(TARGETS.get(name), family);
}

/** Spec of an IR match/target kind, for the printer and resolver. */
export function matchSpecOf(kind: string): MatchSpec<unknown> | undefined {
  return (MATCH_SPECS as unknown as Readonly<Record<string, MatchSpec<unknown>>>)[kind];
}

export function targetSpecOf(kind: string): TargetSpec<unknown> | undefined {
  return (TARGET_SPECS as unknown as Readonly<Record<string, TargetSpec<unknown>>>)[kind];
}

/** The implicit match `-p NAME` loads when an option is unknown (iptables load_proto). */
export function protoMatchName(proto: number, family: Family): string | null {
  switch (proto) {
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 132:
      return 'sctp';
    case 1:
      return family === 'ipv4' ? 'icmp' : null;
    case 58:
      return family === 'ipv6' ? 'icmp6' : null;
    default:
      return null;
  }
}
