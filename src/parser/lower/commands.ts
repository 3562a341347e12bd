/**
 * Restore commands applied to a table builder in file order: -A, -I, -R, -D,
 * -N, -X, -F, -P, -Z, -E (what iptables-restore lines may hold; real dumps use
 * -A, and restore inputs -N/-I too). Rule arguments are lowered by rule.ts and
 * expanded like the kernel: one rule per (source, destination) pair.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { Family } from '../../ir/family.js';
import { isBuiltinChain, type TableName } from '../../ir/names.js';
import type { Counters } from '../../ir/ruleset.js';
import type { LineIndex } from '../lexer/line-index.js';
import type { Arg } from './args.js';
import { lowerRuleArgs, type RuleSpec } from './rule.js';
import { MAX_CHAIN_NAME, PENDING_ID, type ChainBuild, type RuleDraft, type TableBuilder } from './table-builder.js';
import { parseCUnsigned } from './values/number.js';

export interface CommandLine {
  readonly command: Arg;
  readonly args: readonly Arg[];
  readonly counters: Counters | null;
  readonly lineNo: number;
  readonly lineStart: number;
  /** The line without its line break. */
  readonly lineText: string;
}

export interface CommandEnv {
  readonly family: Family;
  readonly lines: LineIndex;
  readonly diags: DiagnosticBag;
}

type Cmd = 'append' | 'insert' | 'replace' | 'delete' | 'new' | 'deleteChain' | 'flush' | 'policy' | 'zero' | 'rename';
// A Map, not a record, for words of the file: a record lookup with a string read from
// the file first looks it up in V8's table of all interned strings.
const COMMANDS: ReadonlyMap<string, Cmd> = new Map<string, Cmd>([
  ['-A', 'append'], ['--append', 'append'], ['-I', 'insert'], ['--insert', 'insert'], ['-R', 'replace'], ['--replace', 'replace'],
  ['-D', 'delete'], ['--delete', 'delete'], ['-N', 'new'], ['--new-chain', 'new'], ['-X', 'deleteChain'], ['--delete-chain', 'deleteChain'],
  ['-F', 'flush'], ['--flush', 'flush'], ['-P', 'policy'], ['--policy', 'policy'], ['-Z', 'zero'], ['--zero', 'zero'], ['-E', 'rename'], ['--rename-chain', 'rename'],
]);

/** The kernel rules one rule line makes: sources × destinations, sources outer (iptables.c append_entry). */
export function expandRule(spec: RuleSpec, table: TableName, span: Span, invalid: string | null): RuleDraft[] {
  const srcs = spec.src ? spec.src.value : NO_ADDRESS;
  const dsts = spec.dst ? spec.dst.value : NO_ADDRESS;
  const out = new Array<RuleDraft>(srcs.length * dsts.length);
  let k = 0;
  for (const s of srcs) {
    for (const d of dsts) {
      // Keys in the IR's order: the draft is the rule (see RuleDraft).
      out[k++] = {
        id: PENDING_ID,
        table,
        chain: '',
        index: 0,
        span,
        counters: spec.counters,
        src: s && spec.src ? { value: s, negated: spec.src.negated } : null,
        dst: d && spec.dst ? { value: d, negated: spec.dst.negated } : null,
        proto: spec.proto,
        inIface: spec.inIface,
        outIface: spec.outIface,
        fragment: spec.fragment,
        matches: spec.matches,
        target: spec.target,
        invalid,
      };
    }
  }
  return out;
}

/** The address list of a rule without -s (or -d): one "any". */
const NO_ADDRESS: readonly null[] = [null];

/**
 * One command line being applied: its arguments are read left to right
 * through `pos` (the chain, a rule number, then the rule's own arguments).
 */
class CommandRun {
  private pos = 0;
  private readonly chainArg: Arg | undefined;
  readonly chainName: string | undefined;
  readonly chain: ChainBuild | undefined;

  constructor(
    private readonly t: TableBuilder,
    private readonly line: CommandLine,
    private readonly env: CommandEnv,
  ) {
    const first = line.args[0];
    this.chainArg = first?.kind === 'value' || first?.kind === 'flag' ? first : undefined;
    if (this.chainArg) this.pos = 1;
    this.chainName = this.chainArg?.text;
    this.chain = this.chainName !== undefined ? t.chains.get(this.chainName) : undefined;
  }

  /** Where the chain is named (the command when it is not): for diagnostics, and a new chain's span. */
  get chainSpan(): Span {
    return (this.chainArg ?? this.line.command).span;
  }

  private get diags(): DiagnosticBag {
    return this.env.diags;
  }

  /** The next argument, taken. */
  shift(): Arg | undefined {
    return this.pos < this.line.args.length ? this.line.args[this.pos++] : undefined;
  }

  needChain(): boolean {
    if (this.chain) return true;
    this.diags.report('UndeclaredChainRule', `chain "${this.chainName}" does not exist in table ${this.t.name}: declare it with ":${this.chainName} - [0:0]" or -N first`, this.chainSpan);
    return false;
  }

  takeNumber(what: string): number | null {
    const a = this.line.args[this.pos];
    if (a?.kind !== 'value') return null;
    const n = parseCUnsigned(a.text);
    if (n === null) return null;
    this.pos++;
    if (n < 1) {
      this.diags.report('BadNumber', `${what} must be 1 or more`, a.span);
      return null;
    }
    return n;
  }

  lowerRule(): RuleDraft[] {
    const { diags, lines } = this.env;
    const before = diags.items.length;
    const spec = lowerRuleArgs(this.line.args, this.pos, {
      family: this.env.family,
      table: this.t.name,
      chain: this.chainName!,
      diags,
      lineCounters: this.line.counters,
    });
    let hadError = false;
    for (let i = before; i < diags.items.length && !hadError; i++) hadError = diags.items[i]!.severity === 'error';
    const span = lines.span(this.line.lineStart, Math.max(this.line.lineText.length, 1));
    return expandRule(spec, this.t.name, span, hadError ? this.line.lineText.trim() : null);
  }

  /** Reports arguments left over by a command that takes no more. */
  extra(): void {
    const args = this.line.args;
    if (this.pos < args.length) this.diags.report('UnexpectedToken', `unexpected "${args[this.pos]!.text}" after ${this.line.command.text}`, args[this.pos]!.spanTo(args[args.length - 1]!));
  }
}

export function applyCommand(t: TableBuilder, line: CommandLine, env: CommandEnv): void {
  const { diags } = env;
  const cmd = COMMANDS.get(line.command.text);
  if (!cmd) {
    diags.report('UnsupportedCommand', `"${line.command.text}" is not a command iptables-restore accepts in a table: expected -A, -I, -R, -D, -N, -X, -F, -P, -Z or -E`, line.command.span);
    return;
  }
  const run = new CommandRun(t, line, env);
  const optionalChain = cmd === 'flush' || cmd === 'zero' || cmd === 'deleteChain';
  if (run.chainName === undefined && !optionalChain) {
    diags.report('MissingValue', `${line.command.text} needs a chain name`, line.command.span);
    return;
  }
  COMMAND_HANDLERS[cmd](run, t, env);
}

type Handler = (run: CommandRun, t: TableBuilder, env: CommandEnv) => void;

const COMMAND_HANDLERS: Readonly<Record<Cmd, Handler>> = {
  append(run) {
    const rules = run.lowerRule();
    if (run.needChain()) run.chain!.rules.push(...rules);
  },
  insert(run, _t, { diags }) {
    const n = run.takeNumber('the insert position') ?? 1;
    const rules = run.lowerRule();
    if (!run.needChain()) return;
    const chain = run.chain!;
    if (n > chain.rules.length + 1) {
      diags.report('BadNumber', `cannot insert at position ${n}: chain ${run.chainName} has ${chain.rules.length} rules ("Index of insertion too big")`, run.chainSpan);
      return;
    }
    chain.rules.splice(n - 1, 0, ...rules);
  },
  replace(run, _t, { diags }) {
    const n = run.takeNumber('the rule number');
    const rules = run.lowerRule();
    if (!run.needChain()) return;
    const chain = run.chain!;
    if (n === null || n > chain.rules.length) {
      diags.report('BadNumber', `-R needs the number of an existing rule of ${run.chainName} (it has ${chain.rules.length})`, run.chainSpan);
      return;
    }
    if (rules.length !== 1) {
      diags.report('BadValue', '-R replaces one rule; an address list would make several', run.chainSpan);
      return;
    }
    chain.rules[n - 1] = rules[0]!;
  },
  delete(run, _t, { diags }) {
    if (!run.needChain()) return;
    const chain = run.chain!;
    const n = run.takeNumber('the rule number');
    if (n !== null) {
      run.extra();
      if (n > chain.rules.length) diags.report('BadNumber', `-D ${run.chainName} ${n}: the chain has only ${chain.rules.length} rules`, run.chainSpan);
      else chain.rules.splice(n - 1, 1);
      return;
    }
    const rules = run.lowerRule();
    // Rules compare without their place (id, chain, index), line and counters.
    const key = (r: RuleDraft) =>
      JSON.stringify({ ...r, id: null, chain: null, index: null, span: null, counters: null }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replace(/"span":\{[^}]*\}/g, '');
    for (const r of rules) {
      const i = chain.rules.findIndex((x) => key(x) === key(r));
      if (i < 0) diags.report('BadValue', `-D: no rule in ${run.chainName} matches this specification ("Bad rule (does a matching rule exist in that chain?)")`, run.chainSpan);
      else chain.rules.splice(i, 1);
    }
  },
  new(run, t, { diags }) {
    run.extra();
    const name = run.chainName!;
    if (name.length > MAX_CHAIN_NAME) {
      diags.report('ChainNameTooLong', `chain name "${name}" is ${name.length} characters; iptables allows at most ${MAX_CHAIN_NAME}`, run.chainSpan);
      return;
    }
    if (run.chain) {
      diags.report('DuplicateChain', `chain "${name}" already exists in table ${t.name} ("File exists")`, run.chainSpan);
      return;
    }
    t.chains.set(name, { name, builtin: false, policy: null, counters: null, span: run.chainSpan, policySpan: null, rules: [] });
  },
  deleteChain(run, t, { diags }) {
    run.extra();
    if (run.chainName === undefined) {
      for (const [k, c] of t.chains) if (!c.builtin) t.chains.delete(k);
      return;
    }
    if (!run.needChain()) return;
    if (run.chain!.builtin) diags.report('BadValue', `cannot delete built-in chain ${run.chainName}`, run.chainSpan);
    else t.chains.delete(run.chainName);
  },
  flush(run, t) {
    run.extra();
    if (run.chainName === undefined) for (const c of t.chains.values()) c.rules = [];
    else if (run.needChain()) run.chain!.rules = [];
  },
  zero(run, t) {
    run.extra();
    const zero = (c: ChainBuild | undefined) => {
      if (!c) return;
      c.counters = c.counters ? { packets: 0n, bytes: 0n } : null;
      c.rules = c.rules.map((r) => (r.counters ? { ...r, counters: { packets: 0n, bytes: 0n } } : r));
    };
    if (run.chainName === undefined) for (const c of t.chains.values()) zero(c);
    else if (run.needChain()) zero(run.chain);
  },
  policy(run, t, { diags }) {
    const p = run.shift();
    run.extra();
    if (!run.needChain()) return;
    const chain = run.chain!;
    if (!chain.builtin || !isBuiltinChain(t.name, run.chainName!)) {
      diags.report('PolicyOnUserChain', `only built-in chains have a policy; ${run.chainName} is a user chain`, run.chainSpan);
      return;
    }
    if (p?.text !== 'ACCEPT' && p?.text !== 'DROP') {
      diags.report('BadPolicy', `expected ACCEPT or DROP after -P ${run.chainName}`, p ? p.span : run.chainSpan);
      return;
    }
    chain.policy = p.text;
    chain.policySpan = p.span;
  },
  rename(run, t, { diags }) {
    const to = run.shift();
    run.extra();
    if (!run.needChain()) return;
    const chain = run.chain!;
    const from = run.chainName!;
    if (!to || chain.builtin) {
      diags.report('BadValue', chain.builtin ? 'cannot rename a built-in chain' : `-E ${from} needs the new name`, run.chainSpan);
      return;
    }
    if (t.chains.has(to.text)) {
      diags.report('DuplicateChain', `chain "${to.text}" already exists in table ${t.name}`, to.span);
      return;
    }
    t.chains.delete(from);
    chain.name = to.text;
    t.chains.set(to.text, chain);
    // Jumps to the old name follow the rename in the kernel (they point at the chain, not the name).
    for (const c of t.chains.values()) {
      c.rules = c.rules.map((r) =>
        r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === from ? { ...r, target: { ...r.target, chain: to.text } } : r,
      );
    }
  },
};
