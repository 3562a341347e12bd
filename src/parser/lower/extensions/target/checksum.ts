/**
 * CHECKSUM target. iptables-extensions(8) "CHECKSUM"; extensions/libxt_CHECKSUM.c
 * (--checksum-fill is mandatory and the only option). Kernel
 * net/netfilter/xt_CHECKSUM.c: `.table = "mangle"`, XT_CONTINUE; it only
 * warns when the rule lacks `-p udp`.
 */
import type { ChecksumTarget } from '../../../../ir/targets/checksum.js';
import { opt } from '../options.js';
import type { TargetSpec } from '../spec.js';

export const checksumTarget: TargetSpec<ChecksumTarget> = {
  name: 'CHECKSUM',
  families: ['ipv4', 'ipv6'],
  tables: ['mangle'],
  terminal: false,
  options: { fill: { flags: ['--checksum-fill'], arity: 0, negatable: false } },
  lower(opts, ctx, span) {
    if (!opt(opts, 'fill')) {
      ctx.report('MissingOption', 'CHECKSUM needs --checksum-fill', span);
      return null;
    }
    return { kind: 'checksum' };
  },
  print() {
    return ['--checksum-fill'];
  },
};
