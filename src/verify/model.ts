/**
 * The symbolic engine's entry: a ruleset and a host become a Model (packet
 * space, compiled rules, routing cells) that answers questions. The packet
 * space tells apart every device name the host has and the rules test,
 * plus the wildcard prefixes (`eth+`) they use (space/iface.ts).
 */
import type { Ruleset } from '../ir/ruleset.js';
import type { Host } from '../sim/host/host.js';
import type { IpsetStore } from '../sim/ipset/store.js';
import { rulesetIfacePatterns as ifacePatterns } from '../sim/host/default-host.js';
import { Model } from './engine/pipeline.js';
import { PacketSpace } from './space/space.js';

export interface BuildModelOptions {
  readonly host: Host;
  readonly ipsets?: IpsetStore | null;
  /** BDD node budget (default: the BDD package's, 20 million nodes). */
  readonly nodeBudget?: number;
  /** More device names to tell apart (a question's --in / --out). */
  readonly extraIfaces?: readonly string[];
}

/** Every device name and wildcard prefix the rules test (-i, -o, physdev). */
export function rulesetIfacePatterns(rs: Ruleset): { names: string[]; prefixes: string[] } {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const n of ifacePatterns(rs)) (n.wildcard ? prefixes : names).add(n.name);
  return { names: [...names], prefixes: [...prefixes].filter((p) => p !== '') };
}

export function buildModel(rs: Ruleset, opts: BuildModelOptions): Model {
  const pat = rulesetIfacePatterns(rs);
  const names = [...pat.names, ...opts.host.interfaces.map((i) => i.name), ...(opts.extraIfaces ?? [])];
  const space = new PacketSpace(rs.family, { ifaceNames: names, ifacePrefixes: pat.prefixes, ...(opts.nodeBudget !== undefined ? { nodeBudget: opts.nodeBudget } : {}) });
  return new Model(space, rs, { host: opts.host, ipsets: opts.ipsets ?? null });
}

/** Two rulesets of one family over one packet space, for diff (their sets must share a BDD manager). */
export function buildDiffModels(oldRs: Ruleset, newRs: Ruleset, opts: BuildModelOptions): { old: Model; new: Model } {
  if (oldRs.family !== newRs.family) throw new Error(`diff: ${oldRs.file} is ${oldRs.family} and ${newRs.file} is ${newRs.family}`);
  const a = rulesetIfacePatterns(oldRs);
  const c = rulesetIfacePatterns(newRs);
  const names = [...a.names, ...c.names, ...opts.host.interfaces.map((i) => i.name), ...(opts.extraIfaces ?? [])];
  const space = new PacketSpace(oldRs.family, { ifaceNames: names, ifacePrefixes: [...a.prefixes, ...c.prefixes], ...(opts.nodeBudget !== undefined ? { nodeBudget: opts.nodeBudget } : {}) });
  const o = { host: opts.host, ipsets: opts.ipsets ?? null };
  return { old: new Model(space, oldRs, o), new: new Model(space, newRs, o) };
}
