// Differential tests of the symbolic compilers whose answer is (mostly) kernel state:
// limit, recent, statistic, time, connlimit, nfacct, policy, cpu, quota, realm, cgroup,
// socket, helper, connbytes, hashlimit (st-harness.ts).
import { describe, expect, it } from 'vitest';
import type { Family } from '../../../src/ir/family.js';
import type { Hook } from '../../../src/ir/names.js';
import { TRUE } from '../../../src/verify/bdd/index.js';
import { cgroupSymMatch } from '../../../src/verify/match/cgroup.js';
import { connbytesSymMatch } from '../../../src/verify/match/connbytes.js';
import { connlimitSymMatch } from '../../../src/verify/match/connlimit.js';
import { cpuSymMatch } from '../../../src/verify/match/cpu.js';
import { hashlimitSymMatch } from '../../../src/verify/match/hashlimit.js';
import { helperSymMatch } from '../../../src/verify/match/helper.js';
import { limitSymMatch } from '../../../src/verify/match/limit.js';
import { nfacctSymMatch } from '../../../src/verify/match/nfacct.js';
import { policySymMatch } from '../../../src/verify/match/policy.js';
import { quotaSymMatch } from '../../../src/verify/match/quota.js';
import { realmSymMatch } from '../../../src/verify/match/realm.js';
import { recentSymMatch } from '../../../src/verify/match/recent.js';
import { socketSymMatch } from '../../../src/verify/match/socket.js';
import { statisticSymMatch } from '../../../src/verify/match/statistic.js';
import { timeSymMatch } from '../../../src/verify/match/time.js';
import { differential, makeCase, symAnswer } from './st-harness.js';

type Row = readonly [rule: string, family: Family];
const both = (rule: string): Row[] => [[rule, 'ipv4'], [rule, 'ipv6']];

describe('limit', () => {
  const rows: Row[] = [...both('-m limit --limit 3/hour'), ...both('-m limit --limit 10/sec --limit-burst 20')];
  it.each(rows)('%s (%s)', (rule, family) => void differential('limit', limitSymMatch, rule, { family }));
  it('is unknown for every packet', () => {
    const c = makeCase('limit', limitSymMatch, '-m limit --limit 5/min');
    expect(c.sym.unk).toBe(TRUE);
    expect(c.sym.unknown?.module).toBe('limit');
  });
});

describe('recent', () => {
  const rows: Row[] = [
    ...both('-m recent --set --name X --rsource'),
    ...both('-m recent ! --set --name X'),
    ...both('-m recent --rcheck --seconds 60 --hitcount 4 --name SSH --rsource'),
    ...both('-m recent --update --seconds 60 --name SSH'),
    ...both('-m recent ! --remove --name SSH --rdest'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('recent', recentSymMatch, rule, { family }));
  it('--set always matches', () => expect(makeCase('recent', recentSymMatch, '-m recent --set --name X').sym.yes).toBe(TRUE));
});

describe('statistic', () => {
  const rows: Row[] = [
    ...both('-m statistic --mode random --probability 0.5'),
    ...both('-m statistic --mode random --probability 1'),
    ...both('-m statistic --mode random --probability 0'),
    ...both('-m statistic --mode random ! --probability 1'),
    ...both('-m statistic --mode nth --every 3 --packet 1'),
    ...both('-m statistic --mode nth --every 1 --packet 0'),
    ...both('-m statistic --mode nth ! --every 1 --packet 0'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('statistic', statisticSymMatch, rule, { family }));
});

describe('time', () => {
  const rows: Row[] = [
    ...both('-m time --timestart 09:00 --timestop 17:00'),
    ...both('-m time --weekdays Mon,Tue'),
    ...both('-m time --timestart 00:00 --timestop 23:59:59'),
    ...both('-m time --datestart 2030-01-01 --datestop 2020-01-01'),
    ...both('-m time --timestart 22:00 --timestop 21:59:59 --contiguous'),
    ...both('-m time --monthdays 1,15 --kerneltz'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('time', timeSymMatch, rule, { family }));
});

describe('connlimit', () => {
  const rows: Row[] = [
    ...both('-p tcp -m connlimit --connlimit-above 10 --connlimit-mask 24'),
    ...both('-p tcp -m connlimit --connlimit-upto 2 --connlimit-daddr'),
    ...both('-m connlimit --connlimit-above 0'),
    ...both('-m connlimit --connlimit-upto 0'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('connlimit', connlimitSymMatch, rule, { family }));
});

describe('nfacct, policy, cpu', () => {
  it.each(both('-m nfacct --nfacct-name ct_state_invalid_dropped_pkts'))('%s (%s)', (rule, family) => void differential('nfacct', nfacctSymMatch, rule, { family }));
  it.each(both('-m policy --dir in --pol ipsec --proto esp'))('%s (%s)', (rule, family) => void differential('policy', policySymMatch, rule, { family }));
  it.each(both('-m policy --dir in --pol none'))('%s (%s)', (rule, family) => void differential('policy', policySymMatch, rule, { family }));
  it.each([...both('-m cpu --cpu 1'), ...both('-m cpu ! --cpu 0')])('%s (%s)', (rule, family) => void differential('cpu', cpuSymMatch, rule, { family }));
});

describe('quota', () => {
  const rows: Row[] = [
    ...both('-m quota --quota 0'),
    ...both('-m quota ! --quota 0'),
    ...both('-m quota --quota 1500'),
    ...both('-m quota ! --quota 1500'),
    ...both('-m quota --quota 1000000000'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('quota', quotaSymMatch, rule, { family, hints: { length: [0, 40, 60, 1499, 1500, 1501, 65535] } }));
  it('a packet longer than the quota answers the "!"', () => {
    const c = makeCase('quota', quotaSymMatch, '-m quota ! --quota 100');
    expect(c.space.contains(c.sym.yes, { ...pkt(c.space.family), length: 101 })).toBe(true);
    expect(c.space.contains(c.sym.unk, { ...pkt(c.space.family), length: 100 })).toBe(true);
  });
});

describe('realm', () => {
  const rows: Row[] = [
    ['-m realm --realm 0x10', 'ipv4'],
    ['-m realm ! --realm 0x10/0xf0', 'ipv4'],
    ['-m realm --realm 0x11/0xf0', 'ipv4'],
    ['-m realm ! --realm 0x11/0xf0', 'ipv4'],
    ['-m realm --realm 0/0', 'ipv4'],
  ];
  it.each(rows)('%s', (rule) => void differential('realm', realmSymMatch, rule, { table: 'mangle', chain: 'FORWARD' }));
});

describe('cgroup', () => {
  const hooks: Hook[] = ['INPUT', 'OUTPUT', 'POSTROUTING'];
  const rules = ['-m cgroup --path user.slice', '-m cgroup ! --cgroup 0x100001'];
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const hook of hooks) {
      it.each(rules)(`%s in ${hook} (${family})`, (rule) => void differential('cgroup', cgroupSymMatch, rule, { family, chain: hook, table: hook === 'POSTROUTING' ? 'mangle' : 'filter' }));
    }
  }
});

describe('socket', () => {
  const hints = { proto: [1, 6, 17, 58, 47], icmpType: [0, 3, 4, 5, 8, 11, 12, 127, 128, 135], fragment: ['middle', 'last'] };
  const rows: Row[] = [...both('-m socket'), ...both('-m socket --transparent --nowildcard'), ...both('-p tcp -m socket --restore-skmark')];
  it.each(rows)('%s (%s)', (rule, family) => void differential('socket', socketSymMatch, rule, { family, table: 'mangle', chain: 'PREROUTING', hints }));
});

describe('helper', () => {
  const hints = { ctState: ['RELATED', 'NEW', 'ESTABLISHED'], ctStatus: [1, 3, 9, 11, 15] };
  const rows: Row[] = [...both('-m helper --helper ftp'), ...both('-m helper ! --helper ftp-21'), ...both('-m helper --helper ""')];
  it.each(rows)('%s (%s)', (rule, family) => void differential('helper', helperSymMatch, rule, { family, hints }));
});

describe('connbytes', () => {
  const rows: Row[] = [
    ...both('-m connbytes --connbytes 10: --connbytes-dir both --connbytes-mode packets'),
    ...both('-m connbytes ! --connbytes 10:100 --connbytes-dir original --connbytes-mode bytes'),
    ...both('-m connbytes --connbytes 0:500 --connbytes-dir reply --connbytes-mode avgpkt'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('connbytes', connbytesSymMatch, rule, { family, hints: { ctState: ['INVALID', 'UNTRACKED'] } }));
});

describe('hashlimit', () => {
  const hints = { proto: [6, 17, 33, 50, 51, 59, 132, 136, 1, 58], length: [20, 23, 24, 27, 28, 40, 43, 44, 47, 48, 51, 52, 55, 56, 60] };
  const rows: Row[] = [
    ...both('-m hashlimit --hashlimit-upto 10/sec --hashlimit-name a'),
    ...both('-m hashlimit --hashlimit-above 10/sec --hashlimit-mode srcip,dstport --hashlimit-name b'),
    ...both('-m hashlimit --hashlimit-upto 1/min --hashlimit-mode srcport --hashlimit-name c'),
  ];
  it.each(rows)('%s (%s)', (rule, family) => void differential('hashlimit', hashlimitSymMatch, rule, { family, hints }));
  it('hot-drops an IPv4 AH packet too short for its ports', () => {
    const c = makeCase('hashlimit', hashlimitSymMatch, '-m hashlimit --hashlimit-upto 1/sec --hashlimit-mode dstport --hashlimit-name d');
    expect(symAnswer(c, { ...pkt('ipv4'), proto: 51, srcPort: 0, dstPort: 0, tcpFlags: 0, length: 27 })).toBe('drop');
    expect(symAnswer(c, { ...pkt('ipv4'), proto: 51, srcPort: 0, dstPort: 0, tcpFlags: 0, length: 28 })).toBe('unk');
  });
});

import { makePacket } from '../../../src/ir/packet/packet.js';
import type { Packet } from '../../../src/ir/packet/packet.js';

/** A default TCP packet received on eth0. */
function pkt(family: Family): Packet {
  return makePacket({ family, srcAddr: family === 'ipv4' ? 0xc6336409n : 0x20010db8000000000000000000000009n, dstAddr: 1n }, { inIface: 'eth0' });
}
