/**
 * `-m mac --mac-source` (net/netfilter/xt_mac.c mac_mt; PREROUTING, INPUT,
 * FORWARD, where skb->dev is the input device): false, even negated, when
 * the device is not Ethernet (`skb->dev->type != ARPHRD_ETHER`) or the skb
 * has no complete Ethernet header; else `(h_source == mac) ^ invert`.
 *
 * Whether the input device is Ethernet comes from the host model: the
 * loopback device is ARPHRD_LOOPBACK; a device with a six-byte link-layer
 * address is taken as Ethernet; one of a tunnel kind is not; otherwise it
 * is unknown. A locally sent packet that comes back in has no Ethernet
 * header (lo is not Ethernet; dev_loopback_xmit's copy has mac_len 0).
 */
import type { MatchCompiler } from './contract.js';
import type { Tri } from '../engine/tri.js';
import { unknown } from '../engine/tri.js';
import type { Host } from '../host/host.js';

/** IFLA_INFO_KIND values whose devices are not ARPHRD_ETHER (ipip ARPHRD_TUNNEL, gre ARPHRD_IPGRE, sit ARPHRD_SIT, wireguard ARPHRD_NONE...). */
const NON_ETHER_KINDS: ReadonlySet<string> = new Set(['ipip', 'gre', 'sit', 'ip6tnl', 'ip6gre', 'vti', 'vti6', 'wireguard', 'ppp', 'can', 'vcan']);

/** Per device of the host: true (Ethernet), false (not), or an Unknown. */
function etherDevices(host: Host): Map<string, Tri> {
  const out = new Map<string, Tri>();
  for (const d of host.interfaces) {
    if (d.loopback) out.set(d.name, false);
    else if (d.mac !== null) out.set(d.name, true);
    else if (d.kind !== undefined && NON_ETHER_KINDS.has(d.kind)) out.set(d.name, false);
    else out.set(d.name, unknown('mac', `the host model does not say whether ${d.name} is an Ethernet device (give its mac)`));
  }
  return out;
}

export const macMatch: MatchCompiler<'mac'> = (m, env) => {
  const mac = BigInt(m.mac.value);
  const neg = m.mac.negated;
  const ether = etherDevices(env.host);
  const noDev = unknown('mac', 'the input device is not in the host model');
  return (skb) => {
    if (skb.origin === 'local') return false;
    const e = ether.get(skb.inIface) ?? noDev;
    if (e !== true) return e;
    return (skb.srcMac === mac) !== neg;
  };
};
