/**
 * The nat table's targets as the walker runs them: each computes the
 * mapping request (nat/range.ts) the way its kernel target does and hands it
 * to setupNat for the packet's connection. All end the table (they return
 * nf_nat_setup_info's NF_ACCEPT, or NF_DROP where the kernel drops).
 * - DNAT / SNAT (net/netfilter/xt_nat.c): the range as given.
 * - MASQUERADE (nf_nat_masquerade_ipv4/6): the output device's address as
 *   source selection picks it for the route's nexthop (RouteDecision.masqSrc);
 *   no address → NF_DROP.
 * - REDIRECT (nf_nat_redirect_ipv4/6): LOCAL_OUT → 127.0.0.1 / ::1;
 *   PRE_ROUTING → the input device's first address (ifa_list) / a source
 *   address of that device for the destination; none → NF_DROP.
 * - NETMAP (xt_NETMAP.c): the prefix bits replaced, the host bits kept; the
 *   destination in PREROUTING/OUTPUT, the source in POSTROUTING/INPUT.
 */
import type { Family } from '../../ir/family.js';
import type { DnatTarget } from '../../ir/targets/dnat.js';
import type { MasqueradeTarget } from '../../ir/targets/masquerade.js';
import type { NetmapTarget } from '../../ir/targets/netmap.js';
import type { RedirectTarget } from '../../ir/targets/redirect.js';
import type { SnatTarget } from '../../ir/targets/snat.js';
import type { CoreCtx, CoreTargetFn } from '../engine/core-ctx.js';
import type { Skb } from '../engine/skb.js';
import { natManip } from '../engine/pipeline.js';
import { findInterface } from '../host/host.js';
import { ipv6SelectAddr, masqueradeSource } from '../host/src-select.js';
import type { TargetEnv } from '../target/contract.js';
import type { NatRange } from './range.js';
import { setupNat } from './setup.js';

export type NatTarget = DnatTarget | SnatTarget | MasqueradeTarget | RedirectTarget | NetmapTarget;

const LOOPBACK = { ipv4: 0x7f000001n, ipv6: 1n } as const;
const ALL = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n } as const;

function run(skb: Skb, ctx: CoreCtx, manip: 'src' | 'dst', range: NatRange): ReturnType<CoreTargetFn> {
  // The nat table only runs for packets with an entry (nf_nat_inet_fn).
  if (!skb.ct) return 'accept';
  return setupNat(skb.ct, manip, range, skb.family, (t) => ctx.tupleTaken(t));
}

function redirectAddr(skb: Skb, ctx: CoreCtx, family: Family): bigint | null {
  if (skb.hook === 'OUTPUT') return LOOPBACK[family];
  const dev = findInterface(ctx.host, skb.inIface);
  if (!dev) return null;
  if (family === 'ipv4') return dev.addrs.find((a) => a.family === 'ipv4')?.addr ?? null;
  return ipv6SelectAddr(ctx.host, skb.inIface, skb.dstAddr);
}

export function compileNatTarget(t: NatTarget, env: TargetEnv): CoreTargetFn {
  const family = env.family;
  switch (t.kind) {
    case 'dnat':
    case 'snat': {
      const range: NatRange = {
        addrs: t.addrs ? { from: t.addrs.from, to: t.addrs.to } : null,
        ports: t.ports,
        random: t.random || (t.kind === 'snat' && t.randomFully),
        persistent: t.persistent,
        portBase: t.kind === 'dnat' ? t.portBase : null,
      };
      const manip = t.kind === 'snat' ? 'src' : 'dst';
      return (skb, ctx) => run(skb, ctx, manip, range);
    }
    case 'masquerade':
      return (skb, ctx) => {
        // The route's choice when it made one; otherwise (a local route through lo) the same selection for the output device.
        const src = ctx.route?.masqSrc ?? (skb.outIface ? masqueradeSource(ctx.host, family, skb.outIface, ctx.route?.via ?? skb.dstAddr) : null);
        if (src === null) {
          ctx.note(`MASQUERADE: ${skb.outIface || 'the output device'} has no address to use (the kernel logs "ate my IP address" and drops)`);
          return 'drop';
        }
        return run(skb, ctx, 'src', { addrs: { from: src, to: src }, ports: t.ports, random: t.random || t.randomFully, persistent: false, portBase: null });
      };
    case 'redirect':
      return (skb, ctx) => {
        const dst = redirectAddr(skb, ctx, family);
        if (dst === null) {
          ctx.note(`REDIRECT: ${skb.inIface} has no address to redirect to; the kernel drops`);
          return 'drop';
        }
        return run(skb, ctx, 'dst', { addrs: { from: dst, to: dst }, ports: t.ports, random: t.random, persistent: false, portBase: null });
      };
    case 'netmap': {
      const mask = t.to.mask;
      const net = t.to.addr & mask;
      const host = ALL[family] ^ mask;
      return (skb, ctx) => {
        const manip = natManip(skb.hook);
        const a = manip === 'src' ? skb.srcAddr : skb.dstAddr;
        const mapped = (a & host) | net;
        return run(skb, ctx, manip, { addrs: { from: mapped, to: mapped }, ports: null, random: false, persistent: false, portBase: null });
      };
    }
  }
}
