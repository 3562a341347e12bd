// Symbolic state, connmark, conntrack against the simulator (hdr-harness.ts).
import { describe, it } from 'vitest';
import type { CaseOpts, HdrKind } from './hdr-harness.js';
import { caseLabel, checkAgainstSim } from './hdr-harness.js';

const v6: CaseOpts = { family: 'ipv6' };
/** Addresses and ports the reply-tuple tests name, so packets carry them. */
const tuples4: CaseOpts = {
  hints: ['-s 10.0.0.5 -d 198.51.100.9', '-p tcp -m tcp --sport 8080 --dport 40000', '-p udp -m udp --sport 1:1023', '-p icmp -m icmp --icmp-type 8/0', '-p icmp -m icmp --icmp-type 0/0', '-f'],
};
const tuples6: CaseOpts = {
  family: 'ipv6',
  hints: ['-s 2001:db8:1::/48 -d 2001:db8:3::/48', '-p tcp -m tcp --sport 8080 --dport 40000', '-p ipv6-icmp -m icmp6 --icmpv6-type 128/0', '-p ipv6-icmp -m icmp6 --icmpv6-type 129/0'],
};

const cases: readonly (readonly [HdrKind, string, CaseOpts?])[] = [
  ['state', '-m state --state NEW'],
  ['state', '-m state --state RELATED,ESTABLISHED'],
  ['state', '-m state ! --state RELATED,ESTABLISHED'],
  ['state', '-m state --state INVALID'],
  ['state', '-m state ! --state INVALID'],
  ['state', '-m state --state UNTRACKED'],
  ['state', '-m state ! --state NEW,UNTRACKED', v6],
  ['connmark', '-m connmark --mark 0x1'],
  ['connmark', '-m connmark ! --mark 0x1'],
  ['connmark', '-m connmark --mark 0x100/0xff00'],
  ['connmark', '-m connmark --mark 0x0'],
  ['connmark', '-m connmark ! --mark 0x94/0xff', v6],
  ['conntrack', '-m conntrack --ctstate NEW'],
  ['conntrack', '-m conntrack ! --ctstate NEW'],
  ['conntrack', '-m conntrack --ctstate DNAT'],
  ['conntrack', '-m conntrack ! --ctstate SNAT,DNAT'],
  ['conntrack', '-m conntrack --ctstate INVALID,UNTRACKED'],
  ['conntrack', '-m conntrack --ctstate ESTABLISHED,SNAT', v6],
  ['conntrack', '-m conntrack --ctstate INVALID --ctproto tcp'],
  ['conntrack', '-m conntrack ! --ctstate NEW --ctorigsrc 1.2.3.4'],
  ['conntrack', '-m conntrack --ctproto tcp'],
  ['conntrack', '-m conntrack ! --ctproto udp'],
  ['conntrack', '-m conntrack --ctproto all'],
  ['conntrack', '-m conntrack --ctdir ORIGINAL'],
  ['conntrack', '-m conntrack --ctdir REPLY --ctstate ESTABLISHED'],
  ['conntrack', '-m conntrack --ctstatus ASSURED'],
  ['conntrack', '-m conntrack --ctstatus EXPECTED,SEEN_REPLY'],
  ['conntrack', '-m conntrack ! --ctstatus CONFIRMED'],
  ['conntrack', '-m conntrack --ctstatus NONE'],
  ['conntrack', '-m conntrack ! --ctstatus NONE'],
  ['conntrack', '-m conntrack --ctexpire 10:100'],
  ['conntrack', '-m conntrack --ctstate NEW --ctexpire 10:100'],
  ['conntrack', '-m conntrack --ctorigsrc 198.51.100.0/24', tuples4],
  ['conntrack', '-m conntrack ! --ctorigsrc 198.51.100.0/24', tuples4],
  ['conntrack', '-m conntrack --ctorigdst 192.0.2.10', tuples4],
  ['conntrack', '-m conntrack --ctreplsrc 10.0.0.5', tuples4],
  ['conntrack', '-m conntrack ! --ctrepldst 198.51.100.9', tuples4],
  ['conntrack', '-m conntrack --ctreplsrc 10.0.0.5 --ctstatus ASSURED', tuples4],
  ['conntrack', '-m conntrack --ctorigdstport 80', tuples4],
  ['conntrack', '-m conntrack --ctorigsrcport 1:1023', tuples4],
  ['conntrack', '-m conntrack ! --ctorigsrcport 40000', tuples4],
  ['conntrack', '-m conntrack --ctreplsrcport 8000:8100', tuples4],
  ['conntrack', '-m conntrack ! --ctreplsrcport 8080', tuples4],
  ['conntrack', '-m conntrack --ctrepldstport 40000', tuples4],
  // ICMP tuples: echo id 0 as the source port, type << 8 | code (reply: the reply type) as the destination port.
  ['conntrack', '-m conntrack --ctorigdstport 2048', tuples4],
  ['conntrack', '-m conntrack --ctrepldstport 0:255', tuples4],
  ['conntrack', '-m conntrack ! --ctrepldstport 2048 --ctproto icmp', tuples4],
  ['conntrack', '-m conntrack --ctorigsrcport 0', tuples4],
  ['conntrack', '-m conntrack --ctstate DNAT --ctstatus NONE', tuples4],
  ['conntrack', '-m conntrack --ctreplsrc 10.0.0.5 --ctexpire 5', tuples4],
  ['conntrack', '-m conntrack --ctstate RELATED,ESTABLISHED --ctdir ORIGINAL --ctorigsrc 198.51.100.9 --ctorigdst 192.0.2.0/24 --ctproto tcp --ctorigsrcport 40000 --ctorigdstport 80 --ctstatus SEEN_REPLY', tuples4],
  ['conntrack', '-m conntrack --ctorigsrc 2001:db8:1::/48 ! --ctorigdst 2001:db8:3::/48', tuples6],
  ['conntrack', '-m conntrack --ctreplsrc 2001:db8:3::/48 --ctrepldstport 40000', tuples6],
  ['conntrack', '-m conntrack --ctorigdstport 32768 ! --ctrepldstport 33024', tuples6],
  ['conntrack', '-m conntrack ! --ctstate INVALID --ctdir REPLY --ctexpire 1:10', v6],
];

describe('hdr conntrack matches agree with the simulator', () => {
  it.each(cases.map(([k, l, o]) => [`${k}: ${l} [${caseLabel(o ?? {})}]`, k, l, o ?? {}] as const))('%s', (_name, kind, line, o) => {
    checkAgainstSim(kind, line, o);
  });
});
