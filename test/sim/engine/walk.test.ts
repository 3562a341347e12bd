// The walker's kernel semantics on small rulesets (the kernel itself checks the same in test/kernel/sim-*.test.ts).
import { describe, expect, it } from 'vitest';
import { formatAddr } from '../../../src/ir/addr-format.js';
import { hits, pkt, policies, sim } from './helpers.js';

const v4 = (a: bigint): string => formatAddr('ipv4', a);

describe('chains: ipt_do_table', () => {
  const s = sim(`
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -p tcp -j A
-A INPUT -p udp -g B
-A INPUT -p udp -j ACCEPT
-A INPUT -s 198.51.100.7
-A A -p tcp --dport 22 -j ACCEPT
-A A -p tcp --dport 23 -j RETURN
-A A -j B
-A A -p tcp --dport 24 -j ACCEPT
-A B -p udp --dport 53 -j ACCEPT
-A B -p tcp --dport 25 -j RETURN
`);

  it.each([
    ['tcp 198.51.100.7:1 -> 203.0.113.5:22 in eth0', 'delivered', ['filter/INPUT#1', 'filter/A#1'], []],
    // RETURN pops back to INPUT; rule 4 counts, then the policy.
    ['tcp 198.51.100.7:1 -> 203.0.113.5:23 in eth0', 'dropped', ['filter/INPUT#1', 'filter/A#2', 'filter/INPUT#4'], ['filter/INPUT:DROP']],
    // A jumps to B; B's RETURN goes back into A (rule 4), not to INPUT.
    ['tcp 198.51.100.9:1 -> 203.0.113.5:24 in eth0', 'delivered', ['filter/INPUT#1', 'filter/A#3', 'filter/A#4'], []],
    ['tcp 198.51.100.9:1 -> 203.0.113.5:25 in eth0', 'dropped', ['filter/INPUT#1', 'filter/A#3', 'filter/B#2'], ['filter/INPUT:DROP']],
    // goto B: the end of B returns to INPUT's caller, i.e. the policy — INPUT rule 3 never runs.
    ['udp 198.51.100.7:1 -> 203.0.113.5:99 in eth0', 'dropped', ['filter/INPUT#2'], ['filter/INPUT:DROP']],
    ['udp 198.51.100.7:1 -> 203.0.113.5:53 in eth0', 'delivered', ['filter/INPUT#2', 'filter/B#1'], []],
  ])('%s → %s', (p, outcome, h, pol) => {
    const r = s.run([pkt(p)]);
    expect(r.outcome).toBe(outcome);
    expect(hits(r.fate)).toEqual(h);
    expect(policies(r.fate)).toEqual(pol);
  });
});

describe('pipeline', () => {
  it('counts the ACCEPT policies of raw, mangle and nat when conntrack runs', () => {
    const s = sim(`*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth9 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
`);
    const r = s.run([pkt('tcp 198.51.100.7:1 -> 10.1.0.9:80 in eth0')]);
    expect(r.outcome).toBe('forwarded');
    expect(policies(r.fate)).toEqual([
      'raw/PREROUTING:ACCEPT', 'mangle/PREROUTING:ACCEPT', 'nat/PREROUTING:ACCEPT',
      'mangle/FORWARD:ACCEPT', 'filter/FORWARD:ACCEPT', 'mangle/POSTROUTING:ACCEPT', 'nat/POSTROUTING:ACCEPT',
    ]);
    expect(r.fate.oif).toBe('eth1');
  });

  it('without a rule that needs conntrack, the nat table never runs', () => {
    const s = sim(`*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j LOG
COMMIT
`);
    const r = s.run([pkt('tcp 198.51.100.7:1 -> 203.0.113.5:80 in eth0')]);
    expect(r.outcome).toBe('delivered');
    expect(hits(r.fate)).toEqual([]);
    expect(policies(r.fate)).toEqual([]);
  });

  it('decrements the TTL before FORWARD and never forwards TTL 1', () => {
    const s = sim(`
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m ttl --ttl-eq 63
`);
    const r = s.run([pkt('tcp 198.51.100.7:1 -> 10.1.0.9:80 in eth0 ttl 64')]);
    expect([r.outcome, hits(r.fate), r.fate.final.ttl]).toEqual(['forwarded', ['filter/FORWARD#1'], 63]);
    const r1 = s.run([pkt('tcp 198.51.100.7:1 -> 10.1.0.9:80 in eth0 ttl 1')]);
    expect([r1.outcome, policies(r1.fate)]).toEqual(['dropped', []]);
  });

  it('drops martians after PREROUTING', () => {
    const s = sim(`*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -s 127.0.0.0/8
COMMIT
`);
    const r = s.run([pkt('tcp 127.0.0.1:1 -> 203.0.113.5:80 in eth0')]);
    expect([r.outcome, hits(r.fate)]).toEqual(['dropped', ['raw/PREROUTING#1']]);
  });
});

const DOCKER = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80
-A OUTPUT -p tcp --dport 9090 -j DNAT --to-destination 127.0.0.1:80
-A POSTROUTING -s 10.1.0.0/24 -o eth0 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 10.1.0.2 -p tcp --dport 80 -j ACCEPT
-A OUTPUT -o eth0 -p tcp --dport 80
-A OUTPUT -o lo -p tcp --dport 80
COMMIT
`;

describe('conntrack and NAT', () => {
  const s = sim(DOCKER);

  it('DNATs the first packet and routes it after DNAT', () => {
    const r = s.run([pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S')]);
    expect(r.outcome).toBe('forwarded');
    expect(hits(r.fate)).toEqual(['nat/PREROUTING#1', 'filter/FORWARD#2']);
    expect([v4(r.fate.final.dstAddr), r.fate.final.dstPort, r.fate.oif]).toEqual(['10.1.0.2', 80, 'eth1']);
  });

  it('nat sees only the first packet; the reply is de-NATed', () => {
    const syn = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S');
    const synack = pkt('tcp 10.1.0.2:80 -> 198.51.100.7:40000 in eth1 flags SA');
    const ack = pkt('tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags A');
    const r = s.run([syn, synack]);
    expect(r.outcome).toBe('forwarded');
    expect(hits(r.fate)).toEqual(['filter/FORWARD#1']);
    expect([v4(r.fate.final.srcAddr), r.fate.final.srcPort, r.fate.oif]).toEqual(['203.0.113.5', 8080, 'eth0']);
    const r2 = s.run([syn, synack, ack]);
    expect(hits(r2.fate)).toEqual(['filter/FORWARD#1']);
    expect([v4(r2.fate.final.dstAddr), r2.fate.final.dstPort]).toEqual(['10.1.0.2', 80]);
    // A retransmitted SYN is still NEW but nat does not run again.
    const r3 = s.run([syn, syn]);
    expect(hits(r3.fate)).toEqual(['filter/FORWARD#2']);
  });

  it('MASQUERADEs to the output device address', () => {
    const r = s.run([pkt('tcp 10.1.0.2:5555 -> 198.51.100.7:443 in eth1 flags S')]);
    expect(r.outcome).toBe('dropped'); // FORWARD has no rule for it
    const s2 = sim(DOCKER.replace(':FORWARD DROP', ':FORWARD ACCEPT'));
    const r2 = s2.run([pkt('tcp 10.1.0.2:5555 -> 198.51.100.7:443 in eth1 flags S')]);
    expect([r2.outcome, v4(r2.fate.final.srcAddr), r2.fate.final.srcPort]).toEqual(['forwarded', '203.0.113.5', 5555]);
  });

  it('OUTPUT DNAT to 127.0.0.1: filter OUTPUT still sees the first route device, POSTROUTING sees lo', () => {
    const r = s.run([pkt('tcp 203.0.113.5:40000 -> 198.51.100.7:9090 local flags S')]);
    expect(r.outcome).toBe('delivered');
    expect(hits(r.fate)).toEqual(['nat/OUTPUT#1', 'filter/OUTPUT#1']);
    expect([v4(r.fate.final.dstAddr), r.fate.final.dstPort]).toEqual(['127.0.0.1', 80]);
  });
});

describe('conntrack states', () => {
  const s = sim(`
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state INVALID
-A INPUT -m state --state NEW
-A INPUT -m state --state ESTABLISHED
-A INPUT -m state --state RELATED
-A INPUT -m state --state UNTRACKED
`);
  it.each([
    ['flags S', 'NEW'],
    ['flags A', 'NEW'],
    ['flags SA', 'INVALID'],
    ['flags R', 'INVALID'],
    ['flags NONE', 'INVALID'],
  ])('a lone TCP %s is %s', (flags, state) => {
    const r = s.run([pkt(`tcp 198.51.100.7:1 -> 203.0.113.5:80 in eth0 ${flags}`)]);
    const names = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
    expect(hits(r.fate)).toEqual([`filter/INPUT#${names.indexOf(state) + 1}`]);
  });

  it('an ICMP echo reply without a request is INVALID', () => {
    const r = s.run([pkt('icmp 198.51.100.7 -> 203.0.113.5 in eth0 type 0 code 0')]);
    expect(hits(r.fate)).toEqual(['filter/INPUT#1']);
  });

  it('CT --notrack does not end the raw chain', () => {
    const s2 = sim(`*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -j CT --notrack
-A PREROUTING -j LOG
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state UNTRACKED
COMMIT
`);
    const r = s2.run([pkt('tcp 198.51.100.7:1 -> 203.0.113.5:80 in eth0')]);
    expect(hits(r.fate)).toEqual(['raw/PREROUTING#1', 'raw/PREROUTING#2', 'filter/INPUT#1']);
    expect(policies(r.fate)).toContain('raw/PREROUTING:ACCEPT');
  });
});

describe('unknowns', () => {
  it('explores both continuations of a rate limit', () => {
    const s = sim(`
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m limit --limit 1/s -j ACCEPT
`);
    const r = s.run([pkt('tcp 198.51.100.7:1 -> 203.0.113.5:80 in eth0')]);
    expect(r.outcome).toBe('unknown');
    expect(r.branches.map((b) => b.outcome)).toEqual(['delivered', 'dropped']);
    expect(r.branches[0]!.assumptions.map((a) => [a.module, a.line, a.assumed])).toEqual([['limit', 6, true]]);
  });

  it('a LOG behind an unknown match does not make the outcome unknown', () => {
    const s = sim(`
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m limit --limit 1/s -j LOG
`);
    const r = s.run([pkt('tcp 198.51.100.7:1 -> 203.0.113.5:80 in eth0')]);
    expect(r.outcome).toBe('delivered');
    expect(r.branches).toHaveLength(2);
  });
});
