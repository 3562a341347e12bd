/**
 * One table's traversal for one hook, on packet sets: ipt_do_table as
 * sim/engine/chain.ts runs it, with every packet at once. Parts flow down a
 * chain; each rule splits them into those it matches (whose target then
 * runs), those it does not (which go on), and — where the rule's answer is
 * unknown — both, each remembering what it assumed. A jump runs the target
 * chain on the matched parts and continues with what returns from it; a goto
 * hands what returns to this chain's own caller; what falls off a built-in
 * chain meets the policy.
 */
import type { Hook, TableName } from '../../ir/names.js';
import type { Chain, Rule, Ruleset, Table } from '../../ir/ruleset.js';
import type { Unknown } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Host } from '../../sim/host/host.js';
import type { PacketSpace } from '../space/space.js';
import type { Part } from './part.js';
import { assume, decidedBy, mergeParts, restrict } from './part.js';
import type { RuleCompiler } from './rules.js';
import type { Router } from './routing.js';
import type { Next, SymTarget, Verdict } from './targets.js';
import { symTarget } from './targets.js';

/** A part leaving a table with its verdict; `policy` when a built-in chain's policy gave it. */
export interface TableOut extends Next {
  readonly v: Exclude<Verdict, 'continue'>;
  readonly policy?: { readonly table: TableName; readonly chain: string };
}

export interface ChainEnv {
  readonly space: PacketSpace;
  readonly ruleset: Ruleset;
  readonly rules: RuleCompiler;
  readonly host: Host;
  readonly router: Router;
}

/** Jump depth beyond which the ruleset must loop (the kernel refuses loops at load time). */
const MAX_DEPTH = 256;
const LOOP = unknown('chain', 'the chains jump in a loop (the kernel refuses such a ruleset at load time)');

const targetCache = new WeakMap<Rule, SymTarget>();
const chainMaps = new WeakMap<Table, Map<string, Chain>>();

function targetOf(r: Rule): SymTarget | null {
  const t = r.target;
  if (!t || t.kind === 'accept' || t.kind === 'drop' || t.kind === 'queue' || t.kind === 'return' || t.kind === 'jump' || t.kind === 'goto' || t.kind === 'opaque') return null;
  let f = targetCache.get(r);
  if (!f) targetCache.set(r, (f = symTarget(t)));
  return f;
}

/**
 * What the linter asks of a walk (lint/checks/semantic): the parts that
 * reach each rule, and a walk in which an unknown verdict does not stop a
 * packet (an unmodelled target or a rule that did not parse may let it go
 * on), so "no packet reaches this rule" stays sound.
 */
export interface WalkObserver {
  /** Called with the parts that reach rule `r`, before it runs. */
  readonly reach?: (r: Rule, parts: readonly Part[]) => void;
  /** Parts ending `unknown` also go on down the chain. */
  readonly unknownGoesOn?: boolean;
  /** Terminal NAT targets accept without computing their rewrite (nothing after them in the table sees it). */
  readonly skipNatRewrites?: boolean;
}

const NAT_KINDS: ReadonlySet<string> = new Set(['dnat', 'snat', 'masquerade', 'redirect', 'netmap']);

interface ChainResult {
  readonly out: TableOut[];
  /** Parts that return to the caller (RETURN, or the end of a user chain). */
  readonly returned: Part[];
}

class TableRun {
  constructor(
    private readonly env: ChainEnv,
    private readonly table: Table,
    private readonly hook: Hook,
    private readonly obs: WalkObserver = {},
  ) {}

  chain(name: string): Chain | undefined {
    let m = chainMaps.get(this.table);
    if (!m) chainMaps.set(this.table, (m = new Map(this.table.chains.map((c) => [c.name, c]))));
    return m.get(name);
  }

  run(chain: Chain, parts: Part[], depth: number, from = 0): ChainResult {
    const { space } = this.env;
    const b = space.bdd;
    const out: TableOut[] = [];
    const returned: Part[] = [];
    if (depth > MAX_DEPTH) return { out: parts.map((p) => ({ v: 'unknown', p, unknown: LOOP })), returned };
    let live = parts;
    for (let i = from; i < chain.rules.length; i++) {
      const r = chain.rules[i]!;
      if (live.length === 0) break;
      this.obs.reach?.(r, live);
      const sr = this.env.rules.rule(r, this.hook);
      const next: Part[] = [];
      const matched: Part[] = [];
      const assumed = (p: Part): Part => sr.unknowns.reduce((q, u) => assume(q, { unknown: u, hook: this.hook, rule: r }), p);
      for (const p of live) {
        if (!b.intersects(p.rel, sr.any)) {
          next.push(p);
          continue;
        }
        const no = restrict(space, p, b.not(sr.any));
        if (no) next.push(no);
        const yes = restrict(space, p, sr.yes);
        if (yes) matched.push(yes);
        const unk = restrict(space, p, sr.unk);
        if (unk) {
          matched.push(assumed(unk));
          next.push(assumed(unk));
        }
        const drop = restrict(space, p, sr.drop);
        if (drop) out.push({ v: 'drop', p: decidedBy(drop, r) });
        const unkDrop = restrict(space, p, sr.unkDrop);
        if (unkDrop) {
          out.push({ v: 'drop', p: decidedBy(assumed(unkDrop), r) });
          next.push(assumed(unkDrop));
        }
      }
      if (matched.length > 0) this.act(r, mergeParts(space, matched), depth, next, out, returned);
      live = mergeParts(space, next);
    }
    returned.push(...live);
    return { out, returned };
  }

  private act(r: Rule, parts: Part[], depth: number, next: Part[], out: TableOut[], returned: Part[]): void {
    if (this.obs.unknownGoesOn) {
      const start = out.length;
      this.actOn(r, parts, depth, next, out, returned);
      for (let i = start; i < out.length; i++) if (out[i]!.v === 'unknown') next.push(out[i]!.p);
      return;
    }
    this.actOn(r, parts, depth, next, out, returned);
  }

  private actOn(r: Rule, parts: Part[], depth: number, next: Part[], out: TableOut[], returned: Part[]): void {
    // A rule that could not be parsed has no known target either (sim/engine/compile.ts: action unknown).
    if (r.invalid !== null) {
      const u = unknown('rule', `the rule could not be parsed: ${r.invalid}`);
      for (const p of parts) out.push({ v: 'unknown', p: decidedBy(p, r), unknown: u });
      return;
    }
    const t = r.target;
    if (!t) {
      next.push(...parts);
      return;
    }
    switch (t.kind) {
      case 'accept':
      case 'drop':
      case 'queue':
        for (const p of parts) out.push({ v: t.kind, p: decidedBy(p, r) });
        return;
      case 'return':
        returned.push(...parts);
        return;
      case 'jump':
      case 'goto': {
        const target = this.chain(t.chain);
        if (!target || target.builtin) {
          const u = unknown(t.chain, `the chain "${t.chain}" cannot be jumped to (the kernel refuses this ruleset)`);
          for (const p of parts) out.push({ v: 'unknown', p: decidedBy(p, r), unknown: u });
          return;
        }
        const res = this.run(target, parts.map((p) => decidedBy(p, r)), depth + 1);
        out.push(...res.out);
        (t.kind === 'jump' ? next : returned).push(...res.returned);
        return;
      }
      case 'opaque': {
        const u = unknown(t.name, `the target "${t.name}" is not modelled by nfverify`);
        for (const p of parts) out.push({ v: 'unknown', p: decidedBy(p, r), unknown: u });
        return;
      }
      default: {
        if (this.obs.skipNatRewrites && NAT_KINDS.has(t.kind)) {
          for (const p of parts) out.push({ v: 'accept', p: decidedBy(p, r) });
          return;
        }
        const f = targetOf(r)!;
        const ctx = { space: this.env.space, family: this.env.space.family, host: this.env.host, router: this.env.router, hook: this.hook, table: this.table.name, rule: r };
        for (const p of parts) {
          for (const n of f(p, ctx)) {
            const q = n.unknown && n.v !== 'unknown' ? assume(n.p, { unknown: n.unknown as Unknown, hook: this.hook, rule: r }) : n.p;
            if (n.v === 'continue') next.push(q);
            else out.push({ ...n, v: n.v, p: decidedBy(q, r) });
          }
        }
      }
    }
  }
}

/**
 * Runs the built-in chain of `hook` in `tableName` on the parts. A table the
 * dump does not load registers no hook (everything passes); a built-in chain
 * the dump leaves out has policy ACCEPT (iptables-restore creates it).
 */
export function runTableSym(env: ChainEnv, tableName: TableName, hook: Hook, parts: Part[]): TableOut[] {
  const table = env.ruleset.tables.find((t) => t.name === tableName);
  if (!table) return parts.map((p) => ({ v: 'accept', p }));
  const run = new TableRun(env, table, hook);
  const base = run.chain(hook);
  if (!base) return parts.map((p) => ({ v: 'accept', p, policy: { table: tableName, chain: hook } }));
  const res = run.run(base, parts, 0);
  const policy = { table: tableName, chain: hook };
  const v = base.policy === 'DROP' ? 'drop' : 'accept';
  return [...res.out, ...mergeParts(env.space, res.returned).map((p): TableOut => ({ v, p, policy }))];
}

/**
 * The linter's walk: `chain` of `table` (built-in or not) from rule `from`
 * on, for `hook`, with an observer. Returns what leaves by a verdict and
 * what falls off the end (for a built-in chain: to its policy; for a user
 * chain: back to the caller).
 */
export function walkChainSym(env: ChainEnv, table: Table, chain: Chain, hook: Hook, parts: Part[], obs: WalkObserver, from = 0): { out: TableOut[]; fallThrough: Part[] } {
  const res = new TableRun(env, table, hook, obs).run(chain, parts, 0, from);
  return { out: res.out, fallThrough: res.returned };
}
