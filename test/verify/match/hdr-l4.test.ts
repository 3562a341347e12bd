// Symbolic tcp, udp, icmp, icmp6, sctp, multiport against the simulator (hdr-harness.ts).
import { describe, it } from 'vitest';
import type { CaseOpts, HdrKind } from './hdr-harness.js';
import { caseLabel, checkAgainstSim } from './hdr-harness.js';

const v6: CaseOpts = { family: 'ipv6' };
const frag: CaseOpts = { hints: ['-f'] };
/** A rule without the `-p` its match needs: the MatchFn checks the protocol itself. */
const bad: CaseOpts = { allowErrors: true, hints: ['-p tcp', '-p udp', '-p icmp', '-p sctp'] };
const bad6: CaseOpts = { ...bad, family: 'ipv6', hints: ['-p tcp', '-p udp', '-p ipv6-icmp', '-p sctp'] };

const cases: readonly (readonly [HdrKind, string, CaseOpts?])[] = [
  ['tcp', '-p tcp -m tcp --dport 22'],
  ['tcp', '-p tcp -m tcp ! --dport 1000:2000 --sport 1024:65535'],
  ['tcp', '-p tcp -m tcp ! --sport 80'],
  ['tcp', '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN'],
  ['tcp', '-p tcp -m tcp ! --tcp-flags SYN,ACK SYN,ACK --dport 443'],
  ['tcp', '-p tcp -m tcp --syn'],
  ['tcp', '-p tcp -m tcp ! --syn'],
  ['tcp', '-p tcp -m tcp --tcp-option 2'],
  ['tcp', '-p tcp -m tcp ! --tcp-option 8 --dport 80'],
  ['tcp', '-p tcp -m tcp --dport 22', v6],
  ['tcp', '-p tcp -m tcp --tcp-flags ALL NONE', v6],
  ['tcp', '-p tcp -m tcp --tcp-option 2 --sport 40000', v6],
  ['udp', '-p udp -m udp --dport 53'],
  ['udp', '-p udp -m udp --sport 67:68 ! --dport 100:200'],
  ['udp', '-p udp -m udp ! --sport 1:1023'],
  ['udp', '-p udp -m udp --dport 546:547', v6],
  ['icmp', '-p icmp -m icmp --icmp-type 8'],
  ['icmp', '-p icmp -m icmp --icmp-type echo-reply'],
  ['icmp', '-p icmp -m icmp ! --icmp-type 3/1'],
  ['icmp', '-p icmp -m icmp --icmp-type destination-unreachable'],
  ['icmp', '-p icmp -m icmp --icmp-type any'],
  ['icmp', '-p icmp -m icmp ! --icmp-type any'],
  ['icmp6', '-p ipv6-icmp -m icmp6 --icmpv6-type 128', v6],
  ['icmp6', '-p ipv6-icmp -m icmp6 ! --icmpv6-type destination-unreachable', v6],
  ['icmp6', '-p ipv6-icmp -m icmp6 --icmpv6-type 1/3', v6],
  ['icmp6', '-p ipv6-icmp -m icmp6 --icmpv6-type 255', v6],
  ['sctp', '-p sctp -m sctp --dport 5060'],
  ['sctp', '-p sctp -m sctp ! --sport 1:100 --dport 2905'],
  ['sctp', '-p sctp -m sctp --chunk-types any INIT'],
  ['sctp', '-p sctp -m sctp --dport 80 ! --chunk-types all DATA', v6],
  ['multiport', '-p tcp -m multiport --dports 22,80,443'],
  ['multiport', '-p tcp -m multiport ! --dports 1000:2000,3000'],
  ['multiport', '-p udp -m multiport --sports 53,67:68'],
  ['multiport', '-p tcp -m multiport --ports 80,8080:8090'],
  ['multiport', '-p tcp -m multiport ! --ports 80,443', v6],
  ['multiport', '-p sctp -m multiport --dports 2905,5060', v6],
  ['icmp', '-p icmp -m icmp --icmp-type 8', { family: 'ipv6', parseFamily: 'ipv4' }],
  ['icmp6', '-p ipv6-icmp -m icmp6 --icmpv6-type 128', { family: 'ipv4', parseFamily: 'ipv6' }],
  ['tcp', '-m tcp --dport 22', bad],
  ['tcp', '-p udp -m tcp ! --sport 80', bad],
  ['tcp', '! -p tcp -m tcp --syn', bad6],
  ['udp', '-m udp --dport 53', bad],
  ['udp', '-p tcp -m udp ! --dport 53', bad6],
  ['icmp', '-m icmp --icmp-type 8', bad],
  ['icmp', '-p tcp -m icmp ! --icmp-type any', bad],
  ['icmp6', '-m icmp6 --icmpv6-type 128', bad6],
  ['sctp', '-m sctp --dport 80', bad],
  ['sctp', '-m sctp --chunk-types any INIT', bad6],
  ['multiport', '-p tcp -m multiport --dports 22,80', { hints: ['-p udp', '-p dccp', '-p udplite', '-p sctp'] }],
  ['multiport', '-p tcp -m multiport ! --ports 22,80', { dropProto: true, hints: ['-p udp', '-p dccp', '-p icmp', '-f'] }],
  ['icmp', '-p icmp -m icmp --icmp-type 8', { dropProto: true, hints: ['-p tcp', '-f'] }],
  ['icmp6', '-p ipv6-icmp -m icmp6 ! --icmpv6-type 128', { family: 'ipv6', dropProto: true, hints: ['-p tcp', '-p icmp'] }],
  ['tcp', '-p tcp -m tcp --tcp-option 2', { dropProto: true, hints: ['-p udp', '-f'] }],
];

describe('hdr l4 matches agree with the simulator', () => {
  it.each(cases.map(([k, l, o]) => [`${k}: ${l} [${caseLabel(o ?? {})}]`, k, l, o ?? {}] as const))('%s', (_name, kind, line, o) => {
    checkAgainstSim(kind, line, { ...frag, ...o, hints: [...(frag.hints ?? []), ...(o.hints ?? [])].filter((h) => (o.parseFamily ?? o.family ?? 'ipv4') === 'ipv4' || h !== '-f') });
  });
});
