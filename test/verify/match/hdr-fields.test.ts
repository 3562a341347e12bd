// Symbolic iprange, mark, tos, dscp, ecn, ttl, hl, length, comment against the simulator (hdr-harness.ts).
import { describe, it } from 'vitest';
import type { CaseOpts, HdrKind } from './hdr-harness.js';
import { caseLabel, checkAgainstSim } from './hdr-harness.js';

const v6: CaseOpts = { family: 'ipv6' };

const cases: readonly (readonly [HdrKind, string, CaseOpts?])[] = [
  ['comment', '-m comment --comment "anything"'],
  ['comment', '-m comment --comment "x"', v6],
  ['iprange', '-m iprange --src-range 10.0.0.5-10.0.0.9'],
  ['iprange', '-m iprange ! --src-range 10.0.0.5-10.0.0.9'],
  ['iprange', '-m iprange --src-range 10.0.0.9-10.0.0.5'],
  ['iprange', '-m iprange ! --src-range 10.0.0.9-10.0.0.5'],
  ['iprange', '-m iprange ! --dst-range 192.0.2.0-192.0.2.255'],
  ['iprange', '-m iprange --src-range 1.1.1.1-1.1.1.2 ! --dst-range 192.0.2.0-192.0.2.255'],
  ['iprange', '-m iprange --src-range 127.0.0.0-200.0.0.0'],
  ['iprange', '-m iprange --src-range 2001:db8::1-2001:db8::ff', v6],
  ['iprange', '-m iprange ! --dst-range fe80::-fe80::ffff --src-range ::1-::1', v6],
  ['mark', '-m mark --mark 0x10'],
  ['mark', '-m mark ! --mark 0x10/0xf0'],
  ['mark', '-m mark --mark 0x80000000/0x80000000'],
  ['mark', '-m mark --mark 0xffffffff'],
  ['mark', '-m mark ! --mark 0x0/0xffff0000', v6],
  ['tos', '-m tos --tos 0x10/0xff'],
  ['tos', '-m tos ! --tos 0x10/0xff'],
  ['tos', '-m tos --tos 0xb8/0xfc'],
  ['tos', '-m tos --tos Minimize-Delay'],
  ['tos', '-m tos ! --tos 0x08/0x0c', v6],
  ['dscp', '-m dscp --dscp 0x2e'],
  ['dscp', '-m dscp ! --dscp 10'],
  ['dscp', '-m dscp --dscp-class EF', v6],
  ['dscp', '-m dscp ! --dscp 0', v6],
  ['ecn', '-m ecn --ecn-ip-ect 0'],
  ['ecn', '-m ecn ! --ecn-ip-ect 2'],
  ['ecn', '-m ecn --ecn-ip-ect 3', v6],
  ['ecn', '-p tcp -m ecn --ecn-tcp-ece', { hints: ['-f', '-p udp'] }],
  ['ecn', '-p tcp -m ecn ! --ecn-tcp-cwr', { hints: ['-f'] }],
  ['ecn', '-p tcp -m ecn --ecn-ip-ect 1 --ecn-tcp-ece ! --ecn-tcp-cwr', { hints: ['-f'], allowErrors: true }],
  ['ecn', '-p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr', v6],
  ['ecn', '-p tcp -m ecn ! --ecn-ip-ect 0 ! --ecn-tcp-ece', v6],
  ['ecn', '-p tcp -m ecn --ecn-ip-ect 2 --ecn-tcp-ece', { dropProto: true, hints: ['-p udp', '-f'] }],
  ['ttl', '-m ttl --ttl-eq 64'],
  ['ttl', '-m ttl ! --ttl-eq 64'],
  ['ttl', '-m ttl --ttl-gt 1'],
  ['ttl', '-m ttl --ttl-lt 64'],
  ['ttl', '-m ttl --ttl-lt 0'],
  ['ttl', '-m ttl --ttl-gt 255'],
  ['ttl', '-m ttl --ttl-eq 64', { ...v6, parseFamily: 'ipv4' }],
  ['hl', '-m hl --hl-eq 255', v6],
  ['hl', '-m hl ! --hl-eq 255', v6],
  ['hl', '-m hl --hl-gt 64', v6],
  ['hl', '-m hl --hl-lt 2', v6],
  ['hl', '-m hl --hl-lt 2', { parseFamily: 'ipv6' }],
  ['length', '-m length --length 40'],
  ['length', '-m length --length 40:100'],
  ['length', '-m length ! --length 40:100'],
  ['length', '-m length --length 100:40'],
  ['length', '-m length ! --length 100:40'],
  ['length', '-m length --length 1500:65535', v6],
  ['length', '-m length ! --length 48:1280', v6],
];

describe('hdr field matches agree with the simulator', () => {
  it.each(cases.map(([k, l, o]) => [`${k}: ${l} [${caseLabel(o ?? {})}]`, k, l, o ?? {}] as const))('%s', (_name, kind, line, o) => {
    checkAgainstSim(kind, line, o);
  });
});
