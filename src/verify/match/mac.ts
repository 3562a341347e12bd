/**
 * `-m mac --mac-source` symbolically: the twin of src/sim/match/mac.ts
 * (xt_mac.c mac_mt): false for a locally sent packet; for a received one,
 * by input device: not Ethernet → false, Ethernet → `(srcMac == mac) ^
 * invert`, and the simulator's Unknown where the host model does not say
 * (a device without mac of no known tunnel kind, or no such device).
 *
 * The device classes come from the space's interface universe, which must
 * hold the host's device names (SpaceOptions.ifaceNames); an "other" class
 * stands for devices the host does not have.
 */
import type { Tri } from '../../sim/engine/tri.js';
import { unknown } from '../../sim/engine/tri.js';
import type { Host } from '../../sim/host/host.js';
import type { SymMatchCompiler } from './contract.js';
import { SymSteps, eqNum, ifaceClasses, xorNeg } from './hdr-util.js';

/** mac.ts NON_ETHER_KINDS: IFLA_INFO_KIND values whose devices are not ARPHRD_ETHER. */
const NON_ETHER_KINDS: ReadonlySet<string> = new Set(['ipip', 'gre', 'sit', 'ip6tnl', 'ip6gre', 'vti', 'vti6', 'wireguard', 'ppp', 'can', 'vcan']);

/** mac.ts etherDevices: per host device, Ethernet (true), not (false), or the Unknown. */
function etherOf(host: Host, name: string): Tri | null {
  const d = host.interfaces.find((i) => i.name === name);
  if (d === undefined) return null;
  if (d.loopback) return false;
  if (d.mac !== null) return true;
  if (d.kind !== undefined && NON_ETHER_KINDS.has(d.kind)) return false;
  return unknown('mac', `the host model does not say whether ${d.name} is an Ethernet device (give its mac)`);
}

export const macSymMatch: SymMatchCompiler<'mac'> = (m, env) => {
  const { space, host } = env;
  const noDev = unknown('mac', 'the input device is not in the host model');
  const s = new SymSteps(space).when(space.eq('origin', 'local'), false);
  for (const c of space.ifaces.classes) {
    const e = c.other ? null : etherOf(host, c.name);
    if (e === true) continue;
    s.when(ifaceClasses(space, 'inIface', (x) => x === c), e ?? noDev);
  }
  return s.endWith(xorNeg(space, eqNum(space, 'srcMac', BigInt(m.mac.value)), m.mac.negated));
};
