// Symbolic frag, ah, esp, tcpmss, mh, hbh, dst, rt, ipv6header against the simulator (hdr-harness.ts):
// matches whose inputs are mostly not fields, so the interesting parts are the hot-drop lengths,
// later fragments and which packets are decided without the header.
import { describe, it } from 'vitest';
import type { CaseOpts, HdrKind } from './hdr-harness.js';
import { caseLabel, checkAgainstSim } from './hdr-harness.js';

/** Lengths around the hot-drop thresholds (edges of each range are drawn) and later fragments. */
const short4: CaseOpts = { hints: ['-m length --length 28:32', '-m length --length 40:41', '-f', '-p tcp', '-p esp', '-p ah'] };
const short6: CaseOpts = {
  family: 'ipv6',
  hints: ['-m length --length 46:48', '-m length --length 54:56', '-m frag --fraglast', '-p tcp', '-p esp', '-p ah', '-p mh', '-p 59', '-p 50'],
};
const v6: CaseOpts = { family: 'ipv6', hints: ['-p 59', '-p 50', '-p ah', '-m frag --fragfirst'] };
const v4As6 = (hint: readonly string[] = []): CaseOpts => ({ family: 'ipv4', parseFamily: 'ipv6', hints: hint });

const cases: readonly (readonly [HdrKind, string, CaseOpts?])[] = [
  ['frag', '-m frag', v6],
  ['frag', '-m frag --fragfirst', v6],
  ['frag', '-m frag --fragmore', v6],
  ['frag', '-m frag --fraglast', v6],
  ['frag', '-m frag --fragid 100', v6],
  ['frag', '-m frag ! --fragid 100:200 --fragmore', v6],
  ['frag', '-m frag --fragid 0:4294967295', v6],
  ['frag', '-m frag ! --fragid 0:4294967295', v6],
  ['frag', '-m frag --fragres --fragfirst', v6],
  ['frag', '-m frag --fraglen 8 --fraglast', v6],
  ['frag', '-m frag --fragfirst', v4As6()],
  ['ah', '-p ah -m ah', short4],
  ['ah', '-p ah -m ah --ahspi 5', short4],
  ['ah', '-p ah -m ah ! --ahspi 0:4294967295', short4],
  ['ah', '-p ah -m ah ! --ahspi 5:7', short4],
  ['ah', '-p ah -m ah --ahspi 5', { ...short4, dropProto: true }],
  ['esp', '-p esp -m esp', { ...short6, dropProto: true }],
  ['mh', '-p mh -m mh', { ...short6, dropProto: true }],
  ['tcpmss', '-p tcp -m tcpmss --mss 1000:1500', { ...short6, dropProto: true }],
  ['ah', '-m ah', v6],
  ['ah', '-m ah --ahlen 12', v6],
  ['ah', '-m ah --ahlen 7', v6],
  ['ah', '-m ah ! --ahlen 7', v6],
  ['ah', '-m ah ! --ahspi 0:4294967295', v6],
  ['ah', '-m ah --ahspi 9:8 --ahres', v6],
  ['esp', '-p esp -m esp', short4],
  ['esp', '-p esp -m esp --espspi 7', short4],
  ['esp', '-p esp -m esp ! --espspi 0:4294967295', short4],
  ['esp', '-m esp ! --espspi 7', { ...short4, allowErrors: true }],
  ['esp', '-p esp -m esp', short6],
  ['esp', '-p esp -m esp --espspi 7', short6],
  ['esp', '-p esp -m esp ! --espspi 0:4294967295', short6],
  ['tcpmss', '-p tcp -m tcpmss --mss 1000:1500', short4],
  ['tcpmss', '-p tcp -m tcpmss ! --mss 0:65535', short4],
  ['tcpmss', '-m tcpmss --mss 536', { ...short4, allowErrors: true }],
  ['tcpmss', '-p tcp -m tcpmss --mss 1000:1500', short6],
  ['mh', '-p mh -m mh --mh-type binding-update', short6],
  ['mh', '-p mh -m mh', short6],
  ['mh', '-p mh -m mh ! --mh-type 1:4', short6],
  ['mh', '-m mh --mh-type 5', { ...short6, allowErrors: true }],
  ['mh', '-p mh -m mh', v4As6(['-m length --length 20:60'])],
  ['hbh', '-m hbh', v6],
  ['hbh', '-m hbh --hbh-len 16', v6],
  ['hbh', '-m hbh --hbh-len 9', v6],
  ['hbh', '-m hbh ! --hbh-len 9', v6],
  ['hbh', '-m hbh --hbh-len 4096', v6],
  ['hbh', '-m hbh', v4As6()],
  ['dst', '-m dst --dst-len 12', v6],
  ['dst', '-m dst --dst-opts 1:4,0', v6],
  ['dst', '-m dst ! --dst-len 8', v4As6()],
  ['rt', '-m rt --rt-type 0', v6],
  ['rt', '-m rt --rt-type 300', v6],
  ['rt', '-m rt ! --rt-type 300', v6],
  ['rt', '-m rt --rt-segsleft 300:400', v6],
  ['rt', '-m rt ! --rt-segsleft 0:4294967295', v6],
  ['rt', '-m rt ! --rt-segsleft 1:4294967295', v6],
  ['rt', '-m rt --rt-len 20', v6],
  ['rt', '-m rt --rt-type 0 --rt-len 40 --rt-0-addrs ::1,::2', v6],
  ['rt', '-m rt --rt-type 0 --rt-len 40 --rt-0-addrs ::1', v6],
  ['rt', '-m rt --rt-type 0 --rt-len 40 --rt-0-addrs ::1 --rt-0-not-strict', v6],
  ['rt', '-m rt --rt-type 0 --rt-0-res', v6],
  ['rt', '-m rt --rt-type 0', v4As6()],
  ['ipv6header', '-m ipv6header --header ipv6-frag --soft', v6],
  ['ipv6header', '-m ipv6header ! --header ipv6-frag --soft', v6],
  ['ipv6header', '-m ipv6header --header ipv6-frag', v6],
  ['ipv6header', '-m ipv6header ! --header ipv6-frag', v6],
  ['ipv6header', '-m ipv6header --header ipv6-frag,protocol', v6],
  ['ipv6header', '-m ipv6header --header protocol', v6],
  ['ipv6header', '-m ipv6header --header protocol --soft', v6],
  ['ipv6header', '-m ipv6header --header hop-by-hop --soft', v6],
  ['ipv6header', '-m ipv6header --header hop-by-hop,ipv6-frag --soft', v6],
  ['ipv6header', '-m ipv6header ! --header hop-by-hop,ipv6-frag --soft', v6],
  ['ipv6header', '-m ipv6header --header ipv6-nonxt --soft', v6],
  ['ipv6header', '-m ipv6header --header ipv6-nonxt', v6],
  ['ipv6header', '-m ipv6header --header esp --soft', v6],
  ['ipv6header', '-m ipv6header ! --header esp,ipv6-frag', v6],
  ['ipv6header', '-m ipv6header --header ah,ipv6-route', v6],
  ['ipv6header', '-m ipv6header --header protocol', v4As6()],
];

describe('hdr extension-header matches agree with the simulator', () => {
  it.each(cases.map(([k, l, o]) => [`${k}: ${l} [${caseLabel(o ?? {})}]`, k, l, o ?? {}] as const))('%s', (_name, kind, line, o) => {
    checkAgainstSim(kind, line, o);
  });
});
