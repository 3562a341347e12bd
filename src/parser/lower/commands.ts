/**
 * Restore commands applied to a table builder in file order: -A, -I, -R, -D,
 * -N, -X, -F, -P, -Z, -E (what iptables-restore lines may hold; real dumps use
 * -A, and restore inputs -N/-I too). Rule arguments are lowered by rule.ts and
 * expanded like the kernel: one rule per (source, destination) pair.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Family } from '../../ir/family.js';
import { isBuiltinChain } from '../../ir/names.js';
import type { Counters } from '../../ir/ruleset.js';
import type { LineIndex } from '../lexer/line-index.js';
import { argSpan, argsSpan, type Arg } from './args.js';
import { lowerRuleArgs, type RuleSpec } from './rule.js';
import { MAX_CHAIN_NAME, type RuleDraft, type TableBuilder } from './table-builder.js';
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
const COMMANDS: Readonly<Record<string, Cmd>> = {
  '-A': 'append', '--append': 'append', '-I': 'insert', '--insert': 'insert', '-R': 'replace', '--replace': 'replace',
  '-D': 'delete', '--delete': 'delete', '-N': 'new', '--new-chain': 'new', '-X': 'deleteChain', '--delete-chain': 'deleteChain',
  '-F': 'flush', '--flush': 'flush', '-P': 'policy', '--policy': 'policy', '-Z': 'zero', '--zero': 'zero', '-E': 'rename', '--rename-chain': 'rename',
};

/** The kernel rules one rule line makes: sources × destinations, sources outer (iptables.c append_entry). */
export function expandRule(spec: RuleSpec, base: Pick<RuleDraft, 'span' | 'invalid'>): RuleDraft[] {
  const srcs = spec.src ? spec.src.value : [null];
  const dsts = spec.dst ? spec.dst.value : [null];
  const out: RuleDraft[] = [];
  for (const s of srcs) {
    for (const d of dsts) {
      out.push({
        span: base.span,
        counters: spec.counters,
        src: s && spec.src ? { value: s, negated: spec.src.negated } : null,
        dst: d && spec.dst ? { value: d, negated: spec.dst.negated } : null,
        proto: spec.proto,
        inIface: spec.inIface,
        outIface: spec.outIface,
        fragment: spec.fragment,
        matches: spec.matches,
        target: spec.target,
        invalid: base.invalid,
      });
    }
  }
  return out;
}

export function applyCommand(t: TableBuilder, line: CommandLine, env: CommandEnv): void {
  const { lines, diags } = env;
  const cmd = COMMANDS[line.command.text];
  const cmdSpan = argSpan(lines, line.command);
  if (!cmd) {
    diags.report('UnsupportedCommand', `"${line.command.text}" is not a command iptables-restore accepts in a table: expected -A, -I, -R, -D, -N, -X, -F, -P, -Z or -E`, cmdSpan);
    return;
  }
  const args = [...line.args];
  const chainArg = args[0]?.kind === 'value' || args[0]?.kind === 'flag' ? args.shift() : undefined;
  const optionalChain = cmd === 'flush' || cmd === 'zero' || cmd === 'deleteChain';
  if (!chainArg && !optionalChain) {
    diags.report('MissingValue', `${line.command.text} needs a chain name`, cmdSpan);
    return;
  }
  const chainName = chainArg?.text;
  const chainSpan = chainArg ? argSpan(lines, chainArg) : cmdSpan;
  const chain = chainName !== undefined ? t.chains.get(chainName) : undefined;
  const needChain = (): boolean => {
    if (chain) return true;
    diags.report('UndeclaredChainRule', `chain "${chainName}" does not exist in table ${t.name}: declare it with ":${chainName} - [0:0]" or -N first`, chainSpan);
    return false;
  };
  const takeNumber = (what: string): number | null => {
    const a = args[0];
    if (a?.kind !== 'value' || parseCUnsigned(a.text) === null) return null;
    args.shift();
    const n = parseCUnsigned(a.text)!;
    if (n < 1) {
      diags.report('BadNumber', `${what} must be 1 or more`, argSpan(lines, a));
      return null;
    }
    return n;
  };
  const lowerRule = (): RuleDraft[] => {
    const before = diags.items.length;
    const spec = lowerRuleArgs(args, {
      family: env.family,
      table: t.name,
      chain: chainName!,
      lines,
      diags,
      lineCounters: line.counters,
    });
    const hadError = diags.items.slice(before).some((d) => d.severity === 'error');
    const span = lines.span(line.lineStart, Math.max(line.lineText.length, 1));
    return expandRule(spec, { span, invalid: hadError ? line.lineText.trim() : null });
  };
  const extra = () => {
    if (args.length > 0) diags.report('UnexpectedToken', `unexpected "${args[0]!.text}" after ${line.command.text}`, argsSpan(lines, args[0]!, args[args.length - 1]!));
  };

  switch (cmd) {
    case 'append': {
      const rules = lowerRule();
      if (needChain()) chain!.rules.push(...rules);
      return;
    }
    case 'insert': {
      const n = takeNumber('the insert position') ?? 1;
      const rules = lowerRule();
      if (!needChain()) return;
      if (n > chain!.rules.length + 1) {
        diags.report('BadNumber', `cannot insert at position ${n}: chain ${chainName} has ${chain!.rules.length} rules ("Index of insertion too big")`, chainSpan);
        return;
      }
      chain!.rules.splice(n - 1, 0, ...rules);
      return;
    }
    case 'replace': {
      const n = takeNumber('the rule number');
      const rules = lowerRule();
      if (!needChain()) return;
      if (n === null || n > chain!.rules.length) {
        diags.report('BadNumber', `-R needs the number of an existing rule of ${chainName} (it has ${chain!.rules.length})`, chainSpan);
        return;
      }
      if (rules.length !== 1) {
        diags.report('BadValue', '-R replaces one rule; an address list would make several', chainSpan);
        return;
      }
      chain!.rules[n - 1] = rules[0]!;
      return;
    }
    case 'delete': {
      if (!needChain()) return;
      const n = takeNumber('the rule number');
      if (n !== null) {
        extra();
        if (n > chain!.rules.length) diags.report('BadNumber', `-D ${chainName} ${n}: the chain has only ${chain!.rules.length} rules`, chainSpan);
        else chain!.rules.splice(n - 1, 1);
        return;
      }
      const rules = lowerRule();
      const key = (r: RuleDraft) => JSON.stringify({ ...r, span: null, counters: null }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replace(/"span":\{[^}]*\}/g, '');
      for (const r of rules) {
        const i = chain!.rules.findIndex((x) => key(x) === key(r));
        if (i < 0) diags.report('BadValue', `-D: no rule in ${chainName} matches this specification ("Bad rule (does a matching rule exist in that chain?)")`, chainSpan);
        else chain!.rules.splice(i, 1);
      }
      return;
    }
    case 'new': {
      extra();
      if (chainName!.length > MAX_CHAIN_NAME) {
        diags.report('ChainNameTooLong', `chain name "${chainName}" is ${chainName!.length} characters; iptables allows at most ${MAX_CHAIN_NAME}`, chainSpan);
        return;
      }
      if (chain) {
        diags.report('DuplicateChain', `chain "${chainName}" already exists in table ${t.name} ("File exists")`, chainSpan);
        return;
      }
      t.chains.set(chainName!, { name: chainName!, builtin: false, policy: null, counters: null, span: chainSpan, policySpan: null, rules: [] });
      return;
    }
    case 'deleteChain': {
      extra();
      if (chainName === undefined) {
        for (const [k, c] of t.chains) if (!c.builtin) t.chains.delete(k);
        return;
      }
      if (!needChain()) return;
      if (chain!.builtin) diags.report('BadValue', `cannot delete built-in chain ${chainName}`, chainSpan);
      else t.chains.delete(chainName);
      return;
    }
    case 'flush': {
      extra();
      if (chainName === undefined) for (const c of t.chains.values()) c.rules = [];
      else if (needChain()) chain!.rules = [];
      return;
    }
    case 'zero': {
      extra();
      const zero = (c: typeof chain) => {
        if (!c) return;
        c.counters = c.counters ? { packets: 0n, bytes: 0n } : null;
        c.rules = c.rules.map((r) => (r.counters ? { ...r, counters: { packets: 0n, bytes: 0n } } : r));
      };
      if (chainName === undefined) for (const c of t.chains.values()) zero(c);
      else if (needChain()) zero(chain);
      return;
    }
    case 'policy': {
      const p = args.shift();
      extra();
      if (!needChain()) return;
      if (!chain!.builtin || !isBuiltinChain(t.name, chainName!)) {
        diags.report('PolicyOnUserChain', `only built-in chains have a policy; ${chainName} is a user chain`, chainSpan);
        return;
      }
      if (p?.text !== 'ACCEPT' && p?.text !== 'DROP') {
        diags.report('BadPolicy', `expected ACCEPT or DROP after -P ${chainName}`, p ? argSpan(lines, p) : chainSpan);
        return;
      }
      chain!.policy = p.text;
      chain!.policySpan = argSpan(lines, p);
      return;
    }
    case 'rename': {
      const to = args.shift();
      extra();
      if (!needChain()) return;
      if (!to || chain!.builtin) {
        diags.report('BadValue', chain!.builtin ? 'cannot rename a built-in chain' : `-E ${chainName} needs the new name`, chainSpan);
        return;
      }
      if (t.chains.has(to.text)) {
        diags.report('DuplicateChain', `chain "${to.text}" already exists in table ${t.name}`, argSpan(lines, to));
        return;
      }
      t.chains.delete(chainName!);
      chain!.name = to.text;
      t.chains.set(to.text, chain!);
      // Jumps to the old name follow the rename in the kernel (they point at the chain, not the name).
      for (const c of t.chains.values()) {
        c.rules = c.rules.map((r) =>
          r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === chainName ? { ...r, target: { ...r.target, chain: to.text } } : r,
        );
      }
      return;
    }
  }
}
