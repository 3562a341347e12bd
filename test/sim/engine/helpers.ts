// Small builders for simulator tests: a ruleset from iptables-save text, a host from YAML, packets from the trace text form.
import { expect } from 'vitest';
import { parseRuleset } from '../../../src/parser/index.js';
import { parsePacketText } from '../../../src/ir/packet/parse-packet.js';
import { parseHost } from '../../../src/sim/host/validate.js';
import type { Host } from '../../../src/sim/host/host.js';
import { createSimulator } from '../../../src/sim/index.js';
import type { SimInput, Simulator } from '../../../src/sim/index.js';
import type { Fate } from '../../../src/sim/engine/result.js';

export function host(yaml: string): Host {
  const { value, diagnostics } = parseHost(yaml, { file: 'host.yaml' });
  expect(diagnostics).toEqual([]);
  return value!;
}

/** A firewall: eth0 (outside, 203.0.113.5/24), eth1 (inside, 10.1.0.1/24), lo; forwarding on. */
export const FW = `
interfaces:
  - { name: eth0, addrs: [203.0.113.5/24] }
  - { name: eth1, addrs: [10.1.0.1/24] }
routes:
  - { dst: default, via: 203.0.113.1, dev: eth0 }
sysctls:
  net.ipv4.ip_forward: 1
`;

/** The same firewall for IPv6: eth0 2001:db8:1::1/64 outside, eth1 2001:db8:2::1/64 inside; forwarding on. */
export const FW6 = `
interfaces:
  - { name: eth0, addrs: [2001:db8:1::1/64] }
  - { name: eth1, addrs: [2001:db8:2::1/64] }
routes:
  - { dst: default, via: 2001:db8:1::ff, dev: eth0 }
sysctls:
  net.ipv6.conf.all.forwarding: 1
`;

export function sim(rules: string, h: Host = host(FW)): Simulator {
  const text = rules.trim().startsWith('*') ? rules : `*filter\n${rules}\nCOMMIT\n`;
  const { value, diagnostics } = parseRuleset(text, { file: 'test.rules' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return createSimulator(value, { host: h });
}

export function pkt(text: string): SimInput {
  const r = parsePacketText(text, { defaults: { inIface: 'eth0' } });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.request;
}

/** Hits as `table/chain#rule`, in traversal order. */
export function hits(f: Fate): string[] {
  return f.hits.map((h) => `${h.table}/${h.chain}#${h.rule}`);
}

export function policies(f: Fate): string[] {
  return f.policies.map((p) => `${p.table}/${p.chain}:${p.policy}`);
}
