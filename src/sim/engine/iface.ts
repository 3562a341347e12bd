/**
 * Interface-name tests as the kernel does them (ifname_compare_aligned in
 * ip_tables.c, with the mask iptables builds in xtables_parse_interface):
 * `eth0` matches exactly that name; `eth+` every name starting with `eth`;
 * a bare `+` every name, including the empty name of a hook without that
 * device (nulldevname "").
 */
import type { IfaceName } from '../../ir/addr.js';

export type IfaceTest = (dev: string) => boolean;

export function ifaceTest(n: IfaceName): IfaceTest {
  const name = n.name;
  if (n.wildcard) return name === '' ? () => true : (dev) => dev.startsWith(name);
  return (dev) => dev === name;
}
