/**
 * One table's traversal for one hook: ipt_do_table (net/ipv4/netfilter/
 * ip_tables.c; ip6_tables.c is the same). Rules run in order; a rule matches
 * when its header test and every match succeed, and then its counter goes up
 * (before the target runs). Then:
 * - ACCEPT / DROP / QUEUE: the table's verdict;
 * - a jump pushes the return position, a goto does not (so a RETURN, or the
 *   end of a chain entered by goto, goes back to the last jump's caller);
 * - RETURN, or the end of a user chain, pops; with nothing to pop the
 *   built-in chain's policy applies (the "underflow" entry, whose counter is
 *   the policy counter);
 * - an extension target returns XT_CONTINUE (next rule) or a verdict.
 * A rule whose matches are unknown asks the walk to decide (one decision
 * per rule: the conjunction of its unknown tests), and a false known test
 * decides without asking.
 *
 * A long chain is walked through its candidate index (chain-index.ts): only
 * the rules whose header test can pass are visited, in order. The others
 * would fail ip_packet_match, which has no side effect, before any match or
 * counter, so the hits, decisions and verdict are the rule-by-rule scan's.
 */
import type { Hook } from '../../ir/names.js';
import type { Candidates } from './chain-index.js';
import { lowerBound } from './chain-index.js';
import type { CChain, CRule, CTable } from './compiled.js';
import type { CoreCtx } from './core-ctx.js';
import type { Skb } from './skb.js';
import type { Unknown, UnknownVerdict } from './tri.js';
import type { TargetVerdict } from '../target/contract.js';
import { isHotdrop } from '../match/hotdrop.js';

function isUnknownVerdict(u: Unknown): u is UnknownVerdict {
  return 'choices' in u;
}

export type TableVerdict = 'accept' | 'drop' | 'queue' | 'stolen' | Unknown;

/** What the walk of one packet gives a table traversal. */
export interface Walk {
  /**
   * Decide an unknown test of `rule` (one Unknown, or the conjunction of
   * several): the branch's assumption (recorded by the walk). A property,
   * so an implementation that takes only arrays is a type error.
   */
  decide: (unknowns: Unknown | readonly Unknown[], hook: Hook, rule: CRule) => boolean;
  hit(hook: Hook, rule: CRule, verdict: string): void;
  policy(hook: Hook, chain: CChain): void;
  /** A match dropped the packet while parsing it (hotdrop): no counter moves. */
  hotdrop(hook: Hook, rule: CRule, module: string): void;
  readonly ctx: CoreCtx;
}

/** Chain depth the kernel allows (XT_MAX_TABLE_SIZE aside, the jump stack is bounded by the chain count); a guard against loops the resolver missed. */
const MAX_STEPS = 1_000_000;

/** The unknowns of a rule's matches so far: none, one (no array: the common case), or several. */
type Pending = Unknown | Unknown[] | null;

function pend(p: Pending, u: Unknown): Pending {
  if (p === null) return u;
  if (Array.isArray(p)) {
    p.push(u);
    return p;
  }
  return [p as Unknown, u];
}

function ruleMatches(r: CRule, skb: Skb, hook: Hook, w: Walk): boolean | 'hotdrop' {
  if (r.basic !== null && !r.basic(skb)) return false;
  if (r.invalid) return w.decide(r.invalid, hook, r);
  let unknowns: Pending = null;
  const matches = r.matches;
  for (let k = 0; k < matches.length; k++) {
    const v = matches[k]!(skb);
    if (v === true) continue;
    if (v === false) return false;
    if (isHotdrop(v)) {
      // The kernel only reaches this match when the earlier ones succeeded.
      if (unknowns !== null && !w.decide(unknowns, hook, r)) return false;
      w.hotdrop(hook, r, v.module);
      return 'hotdrop';
    }
    unknowns = pend(unknowns, v);
  }
  return unknowns === null ? true : w.decide(unknowns, hook, r);
}

/*
 * The jump stack, shared by every traversal as parallel arrays (no object
 * per jump): a traversal pushes above the depth it found and leaves it as it
 * found it. Per frame: the chain to go back to, its candidate list (null when
 * it is scanned rule by rule), the list index and the rule position to resume
 * at, and the packet generation the list was computed for.
 */
const stackChain: CChain[] = [];
const stackList: (Candidates | null)[] = [];
const stackK: number[] = [];
const stackPos: number[] = [];
const stackGen: number[] = [];
let sp = 0;
/** Traversals under way; only the outermost uses the chains' index buffers (they are shared). */
let depth = 0;

function underflow(base: CChain, hook: Hook, w: Walk): TableVerdict {
  w.policy(hook, base);
  return base.policy === 'DROP' ? 'drop' : 'accept';
}

export function runTable(table: CTable, hook: Hook, skb: Skb, w: Walk): TableVerdict {
  const base = table.hooks[hook];
  return base ? runChain(table, base, hook, skb, w) : 'accept';
}

/** runTable with the hook's built-in chain already found (`table.hooks[hook]`; hook-steps.ts keeps it per hook). */
export function runChain(table: CTable, base: CChain, hook: Hook, skb: Skb, w: Walk): TableVerdict {
  const sp0 = sp;
  const indexed = depth === 0;
  depth++;
  try {
    return traverse(table, base, hook, skb, w, sp0, indexed);
  } finally {
    depth--;
    sp = sp0;
  }
}

/**
 * The rule loop. With a candidate list (`list`, chain-index.ts) the rules
 * are visited in the list's order, `k` being the list index of rule `i`;
 * the rules it leaves out would fail their header test, so the walk is the
 * kernel's rule-by-rule scan. A target that lets the packet continue may have
 * changed it (`gen` counts them), so lists made before it are made again.
 */
function traverse(table: CTable, base: CChain, hook: Hook, skb: Skb, w: Walk, sp0: number, indexed: boolean): TableVerdict {
  let chain = base;
  let rules = chain.rules;
  let list: Candidates | null = indexed && chain.index !== null ? chain.index.candidates(skb) : null;
  let k = 0;
  let i = list !== null ? list[0]! : 0;
  let gen = 0;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    if (i >= rules.length) {
      // End of a built-in chain: its policy. End of a user chain: the implicit RETURN.
      if (chain.builtin || sp === sp0) return underflow(base, hook, w);
    } else {
      const r = rules[i]!;
      const m = ruleMatches(r, skb, hook, w);
      if (m === 'hotdrop') return 'drop';
      if (!m) {
        i = list !== null ? list[++k]! : i + 1;
        continue;
      }
      const a = r.action;
      switch (a.kind) {
        case 'none':
          w.hit(hook, r, 'continue');
          i = list !== null ? list[++k]! : i + 1;
          continue;
        case 'accept':
        case 'drop':
        case 'queue':
          w.hit(hook, r, a.kind);
          return a.kind;
        case 'return':
          w.hit(hook, r, 'return');
          if (sp === sp0) return underflow(base, hook, w);
          break;
        case 'jump':
        case 'goto':
          w.hit(hook, r, a.label);
          if (a.kind === 'jump') {
            stackChain[sp] = chain;
            stackList[sp] = list;
            stackK[sp] = k + 1;
            stackPos[sp] = i + 1;
            stackGen[sp] = gen;
            sp++;
          }
          chain = a.chain;
          rules = chain.rules;
          list = indexed && chain.index !== null ? chain.index.candidates(skb) : null;
          k = 0;
          i = list !== null ? list[0]! : 0;
          continue;
        case 'unknown':
          w.hit(hook, r, 'unknown');
          return a.unknown;
        case 'target':
        case 'core': {
          let v = a.fn(skb, w.ctx);
          // A verdict that is one of two (TPROXY, NFQUEUE --queue-bypass) is decided like an unknown match.
          if (typeof v === 'object' && isUnknownVerdict(v)) v = (w.decide(v, hook, r) ? v.choices[0] : v.choices[1]) as TargetVerdict;
          w.hit(hook, r, typeof v === 'string' ? v : 'unknown');
          if (v !== 'continue') return v;
          gen++;
          if (list !== null) {
            const index = chain.index!;
            list = index.candidates(skb);
            k = lowerBound(list, index.len, i + 1);
            i = list[k]!;
          } else {
            i++;
          }
          continue;
        }
      }
    }
    // Back to the last jump's caller (RETURN, or the end of a user chain).
    sp--;
    chain = stackChain[sp]!;
    rules = chain.rules;
    list = stackList[sp] ?? null;
    if (list === null) {
      i = stackPos[sp]!;
    } else if (stackGen[sp] === gen) {
      k = stackK[sp]!;
      i = list[k]!;
    } else {
      const index = chain.index!;
      list = index.candidates(skb);
      k = lowerBound(list, index.len, stackPos[sp]!);
      i = list[k]!;
    }
  }
  throw new Error(`chain loop in table ${table.name} (more than ${MAX_STEPS} steps)`);
}
