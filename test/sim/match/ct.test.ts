// Conntrack-reading matches: state, conntrack, connmark, helper, connbytes (net/netfilter/xt_conntrack.c and friends).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { Conn } from '../../../src/sim/conntrack/conn.js';
import { IPS } from '../../../src/sim/conntrack/conn.js';
import type { Skb } from '../../../src/sim/engine/skb.js';
import { stateMatch } from '../../../src/sim/match/state.js';
import { conntrackMatch } from '../../../src/sim/match/conntrack.js';
import { connmarkMatch } from '../../../src/sim/match/connmark.js';
import { helperMatch } from '../../../src/sim/match/helper.js';
import { connbytesMatch } from '../../../src/sim/match/connbytes.js';
import { compile, conn, skb, tri, tuple } from './basic-harness.js';

type Want = 'true' | 'false' | 'unknown';
type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** A packet in `state`: with an entry for NEW/ESTABLISHED/RELATED, without for INVALID/UNTRACKED (as skb.ts says). */
function inState(state: CtState, c: Conn | null = conn(), dir: 'ORIGINAL' | 'REPLY' = 'ORIGINAL', family: Family = 'ipv4'): Skb {
  const tracked = state === 'NEW' || state === 'ESTABLISHED' || state === 'RELATED';
  return skb({ family, ctState: state, ctDirection: tracked ? dir : 'ORIGINAL' }, { ct: tracked ? c : null });
}

describe('state (conntrack_mt with the state alias)', () => {
  const rows: (readonly [string, string, CtState, Want])[] = [
    ['NEW', '-m state --state NEW', 'NEW', 'true'],
    ['NEW vs ESTABLISHED', '-m state --state NEW', 'ESTABLISHED', 'false'],
    ['list', '-m state --state RELATED,ESTABLISHED', 'RELATED', 'true'],
    ['! list', '-m state ! --state RELATED,ESTABLISHED', 'NEW', 'true'],
    ['INVALID: no entry', '-m state --state INVALID', 'INVALID', 'true'],
    ['! INVALID on INVALID', '-m state ! --state INVALID', 'INVALID', 'false'],
    // ctinfo == IP_CT_UNTRACKED without an entry gives XT_CONNTRACK_STATE_UNTRACKED, not INVALID.
    ['UNTRACKED', '-m state --state UNTRACKED', 'UNTRACKED', 'true'],
    ['UNTRACKED is not INVALID', '-m state --state INVALID', 'UNTRACKED', 'false'],
    ['! NEW on UNTRACKED', '-m state ! --state NEW', 'UNTRACKED', 'true'],
  ];
  it.each(rows)('%s', (_n, rule, state, want) => {
    expect(tri(compile('state', stateMatch, rule)(inState(state)))).toBe(want);
  });

  it('a reply-direction ESTABLISHED packet has the ESTABLISHED bit (ctinfo % IP_CT_IS_REPLY)', () => {
    const fn = compile('state', stateMatch, '-m state --state ESTABLISHED');
    expect(fn(inState('ESTABLISHED', conn({ status: IPS.SEEN_REPLY | IPS.CONFIRMED }), 'REPLY'))).toBe(true);
  });
});

describe('conntrack_mt', () => {
  const dnat = (): Conn => conn({
    status: IPS.DST_NAT | IPS.CONFIRMED | IPS.SEEN_REPLY,
    orig: tuple('ipv4', '198.51.100.9', '192.0.2.10', 6, 40000, 80),
    reply: tuple('ipv4', '10.0.0.5', '198.51.100.9', 6, 8080, 40000),
  });
  const icmp = (): Conn => conn({
    orig: tuple('ipv4', '198.51.100.9', '192.0.2.10', 1, 0x1234, 8 << 8),
    reply: tuple('ipv4', '192.0.2.10', '198.51.100.9', 1, 0x1234, 0),
    l4: { proto: 'other' },
  });
  const rows: (readonly [string, string, () => Skb, Want])[] = [
    ['--ctstate', '-m conntrack --ctstate NEW', () => inState('NEW'), 'true'],
    ['! --ctstate', '-m conntrack ! --ctstate NEW', () => inState('NEW'), 'false'],
    // SNAT/DNAT pseudo-states come from the entry's IPS_SRC_NAT / IPS_DST_NAT.
    ['--ctstate DNAT', '-m conntrack --ctstate DNAT', () => inState('ESTABLISHED', dnat()), 'true'],
    ['--ctstate SNAT on a DNAT entry', '-m conntrack --ctstate SNAT', () => inState('ESTABLISHED', dnat()), 'false'],
    ['! --ctstate DNAT on a DNAT entry', '-m conntrack ! --ctstate DNAT', () => inState('ESTABLISHED', dnat()), 'false'],
    ['--ctstate SNAT', '-m conntrack --ctstate SNAT', () => inState('NEW', conn({ status: IPS.SRC_NAT })), 'true'],
    // "if (ct == NULL) return info->match_flags & XT_CONNTRACK_STATE;" (6.18 namespace, a CT --notrack UDP packet:
    // "! --ctstate NEW --ctorigsrc 1.2.3.4" and "--ctstate UNTRACKED --ctproto tcp" counted it, "--ctproto udp" and
    // "! --ctproto udp" did not; nor did "-m state --state INVALID", "connmark ! --mark 1", "connbytes 0"; "helper ! --helper ftp" did).
    ['no entry, state passed', '-m conntrack --ctstate INVALID --ctproto tcp', () => inState('INVALID'), 'true'],
    ['no entry, negated state passed', '-m conntrack ! --ctstate NEW --ctorigsrc 1.2.3.4', () => inState('UNTRACKED'), 'true'],
    ['no entry, no state test', '-m conntrack --ctproto tcp', () => inState('INVALID'), 'false'],
    ['no entry, state passed, ctproto not looked at', '-m conntrack --ctstate UNTRACKED --ctproto tcp', () => inState('UNTRACKED'), 'true'],
    ['no entry, ! --ctproto alone', '-m conntrack ! --ctproto tcp', () => inState('UNTRACKED'), 'false'],
    ['--ctstate UNTRACKED', '-m conntrack --ctstate UNTRACKED', () => inState('UNTRACKED'), 'true'],
    ['--ctdir ORIGINAL', '-m conntrack --ctdir ORIGINAL', () => inState('ESTABLISHED'), 'true'],
    ['--ctdir REPLY on original', '-m conntrack --ctdir REPLY', () => inState('ESTABLISHED'), 'false'],
    ['--ctdir REPLY on reply', '-m conntrack --ctdir REPLY', () => inState('ESTABLISHED', conn(), 'REPLY'), 'true'],
    ['--ctorigsrc', '-m conntrack --ctorigsrc 198.51.100.0/24', () => inState('NEW'), 'true'],
    ['! --ctorigsrc', '-m conntrack ! --ctorigsrc 198.51.100.0/24', () => inState('NEW'), 'false'],
    ['--ctorigdst', '-m conntrack --ctorigdst 192.0.2.10', () => inState('ESTABLISHED', dnat()), 'true'],
    ['--ctreplsrc is the DNAT target', '-m conntrack --ctreplsrc 10.0.0.5', () => inState('ESTABLISHED', dnat()), 'true'],
    ['! --ctrepldst', '-m conntrack ! --ctrepldst 198.51.100.9', () => inState('ESTABLISHED', dnat()), 'false'],
    ['--ctproto', '-m conntrack --ctproto tcp', () => inState('NEW'), 'true'],
    ['! --ctproto', '-m conntrack ! --ctproto tcp', () => inState('NEW'), 'false'],
    ['--ctorigdstport', '-m conntrack --ctorigdstport 80', () => inState('ESTABLISHED', dnat()), 'true'],
    ['--ctreplsrcport range', '-m conntrack --ctreplsrcport 8000:8100', () => inState('ESTABLISHED', dnat()), 'true'],
    ['! --ctreplsrcport', '-m conntrack ! --ctreplsrcport 8080', () => inState('ESTABLISHED', dnat()), 'false'],
    ['--ctorigsrcport', '-m conntrack --ctorigsrcport 1:1023', () => inState('NEW'), 'false'],
    // ct_proto_port_check_v3 reads src.u.all / dst.u.all: for ICMP the echo id and type << 8 | code.
    ['ICMP id as --ctorigsrcport', '-m conntrack --ctorigsrcport 4660', () => inState('NEW', icmp()), 'true'],
    ['ICMP type << 8 | code as --ctorigdstport', '-m conntrack --ctorigdstport 2048', () => inState('NEW', icmp()), 'true'],
    ['--ctstatus ASSURED', '-m conntrack --ctstatus ASSURED', () => inState('ESTABLISHED', conn({ status: IPS.ASSURED })), 'true'],
    ['--ctstatus list', '-m conntrack --ctstatus EXPECTED,SEEN_REPLY', () => inState('ESTABLISHED', conn({ status: IPS.SEEN_REPLY })), 'true'],
    ['! --ctstatus', '-m conntrack ! --ctstatus ASSURED', () => inState('ESTABLISHED', conn({ status: IPS.ASSURED })), 'false'],
    // (status_mask & ct->status) != 0: NONE (0) never matches.
    ['--ctstatus NONE', '-m conntrack --ctstatus NONE', () => inState('NEW'), 'false'],
    ['! --ctstatus NONE', '-m conntrack ! --ctstatus NONE', () => inState('NEW'), 'true'],
    ['--ctexpire is unknown', '-m conntrack --ctexpire 10:100', () => inState('ESTABLISHED'), 'unknown'],
    ['a failed test decides before --ctexpire', '-m conntrack --ctstate NEW --ctexpire 10:100', () => inState('ESTABLISHED'), 'false'],
    ['--ctexpire without an entry', '-m conntrack --ctexpire 10:100', () => inState('INVALID'), 'false'],
  ];
  it.each(rows)('%s', (_n, rule, packet, want) => {
    expect(tri(compile('conntrack', conntrackMatch, rule)(packet()))).toBe(want);
  });

  it('IPv6 address tests', () => {
    const fn = compile('conntrack', conntrackMatch, '-m conntrack --ctorigsrc 2001:db8:1::/48 ! --ctorigdst 2001:db8:3::/48', { family: 'ipv6' });
    expect(fn(inState('NEW', conn({ family: 'ipv6' }), 'ORIGINAL', 'ipv6'))).toBe(true);
  });

  describe('an entry the simulator did not build (synthetic)', () => {
    const synth = (status: number): Conn => conn({ status, synthetic: true });
    const rows2: (readonly [string, string, () => Skb, Want])[] = [
      ['ORIGINAL without NAT: the tuples are the packet\'s', '-m conntrack --ctorigsrc 198.51.100.9', () => inState('ESTABLISHED', synth(0)), 'true'],
      ['REPLY: the tuples are unknown', '-m conntrack --ctorigsrc 198.51.100.9', () => inState('ESTABLISHED', synth(0), 'REPLY'), 'unknown'],
      ['NAT: the tuples are unknown', '-m conntrack --ctreplsrc 10.0.0.5', () => inState('ESTABLISHED', synth(IPS.DST_NAT)), 'unknown'],
      ['a known status failure still decides', '-m conntrack --ctreplsrc 10.0.0.5 --ctstatus ASSURED', () => inState('ESTABLISHED', synth(IPS.DST_NAT)), 'false'],
      ['state and status stay known', '-m conntrack --ctstate DNAT --ctstatus NONE', () => inState('ESTABLISHED', synth(IPS.DST_NAT)), 'false'],
    ];
    it.each(rows2)('%s', (_n, rule, packet, want) => {
      expect(tri(compile('conntrack', conntrackMatch, rule)(packet()))).toBe(want);
    });
  });
});

describe('connmark_mt', () => {
  const rows: (readonly [string, string, () => Skb, Want])[] = [
    ['mark', '-m connmark --mark 0x1', () => inState('ESTABLISHED', conn({ mark: 1 })), 'true'],
    ['mark/mask', '-m connmark --mark 0x100/0xff00', () => inState('ESTABLISHED', conn({ mark: 0x1ff })), 'true'],
    ['! mark', '-m connmark ! --mark 0x1', () => inState('ESTABLISHED', conn({ mark: 1 })), 'false'],
    ['! mark other', '-m connmark ! --mark 0x1', () => inState('ESTABLISHED', conn({ mark: 2 })), 'true'],
    // "if (ct == NULL) return false;" — before the invert.
    ['no entry', '-m connmark --mark 0x0', () => inState('INVALID'), 'false'],
    ['no entry, negated', '-m connmark ! --mark 0x1', () => inState('UNTRACKED'), 'false'],
  ];
  it.each(rows)('%s', (_n, rule, packet, want) => {
    expect(tri(compile('connmark', connmarkMatch, rule)(packet()))).toBe(want);
  });
});

describe('helper_mt', () => {
  const master = conn({ helper: 'ftp' });
  const expected = (): Conn => conn({ master, status: IPS.EXPECTED });
  const rows: (readonly [string, string, () => Skb, Want])[] = [
    ['expected connection of an ftp master', '-m helper --helper ftp', () => inState('RELATED', expected()), 'true'],
    ['! ftp', '-m helper ! --helper ftp', () => inState('RELATED', expected()), 'false'],
    ['other helper', '-m helper --helper sip', () => inState('RELATED', expected()), 'false'],
    // strncmp(helper->name, info->name, strlen(helper->name)): the rule's name may be longer.
    ['name starting with the helper\'s', '-m helper --helper ftp-21', () => inState('RELATED', expected()), 'true'],
    ['shorter name', '-m helper --helper ft', () => inState('RELATED', expected()), 'false'],
    // The master connection itself has no master: only the "!" flag.
    ['the master itself', '-m helper --helper ftp', () => inState('ESTABLISHED', master), 'false'],
    ['the master itself, negated', '-m helper ! --helper ftp', () => inState('ESTABLISHED', master), 'true'],
    ['master without helper', '-m helper --helper ftp', () => inState('RELATED', conn({ master: conn() })), 'false'],
    ['no entry, negated', '-m helper ! --helper ftp', () => inState('INVALID'), 'true'],
  ];
  it.each(rows)('%s', (_n, rule, packet, want) => {
    expect(tri(compile('helper', helperMatch, rule)(packet()))).toBe(want);
  });
});

describe('connbytes_mt', () => {
  const c = (): Conn => conn({ packets: [10, 4], bytes: [1000, 6000] });
  const rows: (readonly [string, string, () => Skb, Want])[] = [
    ['packets original', '-m connbytes --connbytes 10 --connbytes-dir original --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'true'],
    ['packets original below', '-m connbytes --connbytes 11 --connbytes-dir original --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'false'],
    ['packets reply range', '-m connbytes --connbytes 1:4 --connbytes-dir reply --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'true'],
    ['packets both', '-m connbytes --connbytes 14:14 --connbytes-dir both --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'true'],
    ['bytes both', '-m connbytes --connbytes 7001 --connbytes-dir both --connbytes-mode bytes', () => inState('ESTABLISHED', c()), 'false'],
    ['bytes reply', '-m connbytes --connbytes 5000:7000 --connbytes-dir reply --connbytes-mode bytes', () => inState('ESTABLISHED', c()), 'true'],
    // avgpkt both = (1000 + 6000) / (10 + 4) = 500; original = 100; reply = 1500.
    ['avgpkt both', '-m connbytes --connbytes 500:500 --connbytes-dir both --connbytes-mode avgpkt', () => inState('ESTABLISHED', c()), 'true'],
    ['avgpkt original', '-m connbytes --connbytes 101 --connbytes-dir original --connbytes-mode avgpkt', () => inState('ESTABLISHED', c()), 'false'],
    ['avgpkt reply', '-m connbytes --connbytes 1500:1500 --connbytes-dir reply --connbytes-mode avgpkt', () => inState('ESTABLISHED', c()), 'true'],
    ['avgpkt without packets is 0', '-m connbytes --connbytes 0:0 --connbytes-dir reply --connbytes-mode avgpkt', () => inState('NEW', conn({ packets: [1, 0], bytes: [60, 0] })), 'true'],
    // libxt_connbytes swaps the bounds for "!": n < to || n > from.
    ['! range', '-m connbytes ! --connbytes 5:20 --connbytes-dir original --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'false'],
    ['! range outside', '-m connbytes ! --connbytes 11:20 --connbytes-dir original --connbytes-mode packets', () => inState('ESTABLISHED', c()), 'true'],
    ['no entry', '-m connbytes --connbytes 0 --connbytes-dir both --connbytes-mode packets', () => inState('INVALID'), 'false'],
    ['entry not built by the simulator', '-m connbytes --connbytes 0 --connbytes-dir both --connbytes-mode packets', () => inState('ESTABLISHED', conn({ synthetic: true })), 'unknown'],
  ];
  it.each(rows)('%s', (_n, rule, packet, want) => {
    expect(tri(compile('connbytes', connbytesMatch, rule)(packet()))).toBe(want);
  });
});
