/**
 * HL target (IPv6). iptables-extensions(8) "HL"; extensions/libip6t_HL.c
 * (--hl-set 0-255, --hl-dec and --hl-inc 1-255, exclusive; save prints
 * `--hl-MODE N`). Kernel net/netfilter/xt_HL.c: `.table = "mangle"`,
 * XT_CONTINUE.
 */
import type { HlTarget } from '../../../../ir/targets/hl.js';
import type { TargetSpec } from '../spec.js';
import { lowerHopOp } from './ttl.js';

export const hlTarget: TargetSpec<HlTarget> = {
  name: 'HL',
  families: ['ipv6'],
  tables: ['mangle'],
  terminal: false,
  options: {
    set: { flags: ['--hl-set'], arity: 1, negatable: false },
    dec: { flags: ['--hl-dec'], arity: 1, negatable: false },
    inc: { flags: ['--hl-inc'], arity: 1, negatable: false },
  },
  lower(opts, ctx, span) {
    const r = lowerHopOp(opts, ctx, span, 'HL');
    return r && { kind: 'hl', ...r };
  },
  print(t) {
    return [`--hl-${t.mode}`, String(t.value)];
  },
};
