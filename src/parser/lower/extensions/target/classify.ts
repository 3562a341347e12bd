/**
 * CLASSIFY target. iptables-extensions(8) "CLASSIFY"; extensions/libxt_CLASSIFY.c
 * (`sscanf(s, "%x:%x")`, so both numbers are hexadecimal, "0x" prefixes and
 * signs are allowed and anything after the second number is ignored: "1:2foo"
 * is 1:2f, checked in a namespace; TC_H_MAKE keeps 16 bits of each; save
 * prints `%.4x:%.4x`). Kernel net/netfilter/xt_CLASSIFY.c: any table, hooks
 * FORWARD, OUTPUT, POSTROUTING, XT_CONTINUE.
 */
import type { ClassifyTarget } from '../../../../ir/targets/classify.js';
import { arg0, opt } from '../options.js';
import type { TargetSpec } from '../spec.js';

const U64 = (1n << 64n) - 1n;

/** One `%x` conversion (glibc scanf → strtoul base 16) at `at`: its low 16 bits and the index after it. */
function scanHex16(s: string, at: number): { value: number; end: number } | null {
  const m = /^([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s.slice(at));
  if (!m) return null;
  let v = BigInt(`0x${m[2]}`);
  if (v > U64) v = U64; // strtoul saturates at ULONG_MAX
  if (m[1] === '-') v = (-v) & U64;
  return { value: Number(v & 0xffffn), end: at + m[0].length };
}

export const classifyTarget: TargetSpec<ClassifyTarget> = {
  name: 'CLASSIFY',
  families: ['ipv4', 'ipv6'],
  hooks: ['FORWARD', 'OUTPUT', 'POSTROUTING'],
  terminal: false,
  options: { setClass: { flags: ['--set-class'], arity: 1, negatable: false } },
  lower(opts, ctx, span) {
    const o = opt(opts, 'setClass');
    if (!o) {
      ctx.report('MissingOption', 'CLASSIFY needs --set-class MAJOR:MINOR', span);
      return null;
    }
    const a = arg0(o);
    const major = scanHex16(a.text, 0);
    const minor = major && a.text[major.end] === ':' ? scanHex16(a.text, major.end + 1) : null;
    if (!major || !minor) {
      ctx.report('BadValue', `expected a class as MAJOR:MINOR in hexadecimal (e.g. 1:10), got "${a.text}"`, a.span);
      return null;
    }
    return { kind: 'classify', priority: ((major.value << 16) | minor.value) >>> 0 };
  },
  print(t) {
    const h = (n: number) => n.toString(16).padStart(4, '0');
    return ['--set-class', `${h(t.priority >>> 16)}:${h(t.priority & 0xffff)}`];
  },
};
