/** Small helpers every extension's `lower`/`print` uses. */
import type { Neg } from '../../../ir/neg.js';
import type { ArgValue, OptionUse, PrintArg } from './spec.js';

/** The last use of option `name` (duplicates are already reported by the caller). */
export function opt(opts: readonly OptionUse[], name: string): OptionUse | undefined {
  for (let i = opts.length - 1; i >= 0; i--) if (opts[i]!.name === name) return opts[i];
  return undefined;
}

/** Every use of a repeatable option, in order. */
export function allOpts(opts: readonly OptionUse[], name: string): OptionUse[] {
  return opts.filter((o) => o.name === name);
}

/** The first value of an option use (arity is already checked by the caller, so it exists for arity >= 1). */
export function arg0(o: OptionUse): ArgValue {
  return o.values[0]!;
}

export function neg<T>(o: OptionUse, value: T): Neg<T> {
  return { value, negated: o.negated };
}

/**
 * Lowers an optional negatable single-value option: null when absent,
 * `undefined` when present but its value was bad (already reported).
 */
export function negOpt<T>(
  opts: readonly OptionUse[],
  name: string,
  parse: (a: ArgValue) => T | null,
): Neg<T> | null | undefined {
  const o = opt(opts, name);
  if (!o) return null;
  const v = parse(arg0(o));
  return v === null ? undefined : neg(o, v);
}

/** Prints `[!] --flag value...` for a present Neg option. */
export function printNeg<T>(out: PrintArg[], flag: string, n: Neg<T> | null, fmt: (v: T) => PrintArg | readonly PrintArg[]): void {
  if (!n) return;
  if (n.negated) out.push('!');
  out.push(flag);
  const f = fmt(n.value);
  if (Array.isArray(f)) out.push(...(f as readonly PrintArg[]));
  else out.push(f as PrintArg);
}

/** True when any lowered option came back `undefined` (a reported error). */
export function anyBad(...vs: readonly unknown[]): boolean {
  return vs.some((v) => v === undefined);
}
