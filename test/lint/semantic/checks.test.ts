// The semantic lint checks on dumps written to trigger them and dumps that
// must not, and the cases the peers (c0m4r/iptables-analyzer, fw-analyzer)
// get right or wrong on our corpus (issue 6).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { SEMANTIC_LINT_CODES } from '../../../src/diagnostics/lint-codes/semantic.js';
import { lintFileOf, lintFiles } from '../../../src/lint/lint.js';
import { parseHost } from '../../../src/sim/host/validate.js';

const CODES = [...Object.values(SEMANTIC_LINT_CODES).map((c) => c.code), 'NFV9001'];
const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');

function lint(text: string, opts: { file?: string; host?: string } = {}): readonly Diagnostic[] {
  const host = opts.host ? parseHost(readFileSync(opts.host, 'utf8'), { file: opts.host }).value! : undefined;
  const f = lintFileOf({ file: opts.file ?? 't.rules', text, ...(host ? { host } : {}) });
  return lintFiles([f], { enable: CODES }).files[0]!.diagnostics;
}

function lines(ds: readonly Diagnostic[], code: string): number[] {
  return ds.filter((d) => d.code === code).map((d) => d.span!.line);
}

function corpus(name: string): readonly Diagnostic[] {
  return lint(readFileSync(resolve(CORPUS, name), 'utf8'), { file: name });
}

const HEAD = '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n';

describe('shadowed-rule (NFV4201) and after-catch-all (NFV4203)', () => {
  it('a rule behind an earlier rule with the opposite action, naming it', () => {
    const ds = lint(`${HEAD}-A INPUT -i eth1 -j REJECT\n-A INPUT -i eth1 -p tcp --dport 22 -j ACCEPT\n-A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([6]);
    const d = ds.find((x) => x.code === 'NFV4201')!;
    expect(d.related?.map((r) => r.span.line)).toEqual([5]);
    expect(d.message).toMatch(/opposite/);
  });

  it('negation is exact: ! -p tcp leaves tcp alive', () => {
    const ds = lint(`${HEAD}-A INPUT -d 10.10.0.0/16 ! -p tcp -j DROP\n-A INPUT -d 10.10.1.1 -p udp -j ACCEPT\n-A INPUT -d 10.10.1.1 -p tcp -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([6]);
  });

  it('after an unconditional verdict: NFV4203 for every later rule', () => {
    const ds = lint(`${HEAD}-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4203')).toEqual([6, 7]);
    expect(lines(ds, 'NFV4201')).toEqual([]);
  });

  it('a jump into a chain that decides every packet kills the rest of the chain', () => {
    const ds = lint(`${HEAD}:ALL - [0:0]\n-A INPUT -j ALL\n-A INPUT -p tcp -j ACCEPT\n-A ALL -m conntrack --ctstate NEW -j ACCEPT\n-A ALL -j DROP\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([7]);
  });

  it('unknown matches are "may match": never a reason to call a later rule dead', () => {
    const ds = lint(`${HEAD}-A INPUT -m limit --limit 1/s -j DROP\n-A INPUT -m statistic --mode random --probability 0.5 -j DROP\n-A INPUT -p tcp -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([]);
    expect(lines(ds, 'NFV4203')).toEqual([]);
  });

  it('an unknown target lets packets go on: no dead rule after it', () => {
    const ds = lint(`${HEAD}-A INPUT -j FOOBAR\n-A INPUT -p tcp -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([]);
  });

  it('-f matches only later fragments, not every packet', () => {
    const ds = lint(`${HEAD}-A INPUT -i wlan0 -f -j DROP\n-A INPUT -i wlan0 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4201')).toEqual([]);
  });
});

describe('redundant-rule (NFV4202) and uniform-chain (NFV4204)', () => {
  it('a DROP the policy would give anyway', () => {
    const ds = lint(`${HEAD}-A INPUT -s 10.0.0.0/8 -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`);
    // 10/8 tcp/22 would be accepted without the rule: not redundant.
    expect(lines(ds, 'NFV4202')).toEqual([]);
    const ds2 = lint(`${HEAD}-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n`);
    expect(lines(ds2, 'NFV4202')).toEqual([6]);
  });

  it('a rule in a user chain is not redundant when its packets would return to the caller', () => {
    const ds = lint(`${HEAD}:U - [0:0]\n-A INPUT -j U\n-A U -s 10.0.0.0/8 -j DROP\nCOMMIT\n`);
    expect(lines(ds, 'NFV4202')).toEqual([]);
  });

  it('a chain that drops everything', () => {
    const ds = lint(`${HEAD}:DUMP - [0:0]\n-A INPUT -j DUMP\n-A DUMP -p tcp -j LOG\n-A DUMP -p tcp -j REJECT --reject-with tcp-reset\n-A DUMP -j DROP\nCOMMIT\n`);
    expect(lines(ds, 'NFV4204')).toEqual([]);
    const ds2 = lint(`${HEAD}:DUMP - [0:0]\n-A INPUT -j DUMP\n-A DUMP -p tcp -j LOG\n-A DUMP -j DROP\nCOMMIT\n`);
    expect(lines(ds2, 'NFV4204')).toEqual([5]);
  });
});

describe('dnat-exposure (NFV4208)', () => {
  it('the bundled Docker example on its host: the published port, from where, to what', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../../examples/docker-host.rules'), 'utf8');
    const ds = lint(text, { file: 'docker-host.rules', host: resolve(import.meta.dirname, '../../../examples/docker-host.yaml') });
    const d = ds.filter((x) => x.code === 'NFV4208');
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.message).toMatch(/exposes dst=172\.17\.0\.\d+/);
  });

  it('no DNAT, no finding', () => {
    expect(lines(lint(`${HEAD}-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`), 'NFV4208')).toEqual([]);
  });
});

describe.skipIf(!(() => { try { readFileSync(resolve(CORPUS, 'SOURCES.md')); return true; } catch { return false; } })())('the peers\' cases on the corpus', () => {
  it('nn_shorewall_2015_aug: :81 and :84–:88 dead behind :72/:75 REJECT (opposite action), :52–:53 behind :50', () => {
    const ds = corpus('nn_shorewall_2015_aug.rules');
    const dead = lines(ds, 'NFV4201');
    for (const l of [52, 53, 81, 84, 85, 86, 87, 88]) expect(dead).toContain(l);
    const d81 = ds.find((x) => x.code === 'NFV4201' && x.span!.line === 81)!;
    expect(d81.related?.map((r) => r.span.line)).toContain(72);
    expect(d81.message).toMatch(/opposite/);
    expect(ds.find((x) => x.span?.line === 52)!.related![0]!.span.line).toBe(50);
  });

  it('nn_openlab_stettenstr: :384–:389 dead behind :88 (-d 10.10.0.0/16 ! -p tcp -j DROP)', () => {
    const ds = corpus('nn_openlab_stettenstr.rules');
    for (let l = 384; l <= 389; l++) expect(ds.find((x) => x.code === 'NFV4201' && x.span!.line === l)?.related?.map((r) => r.span.line)).toContain(88);
  });

  it('is_ringofsaturn: the 31 rules :9–:39 behind :8 -j STATEFUL', () => {
    const dead = lines(corpus('is_ringofsaturn.rules'), 'NFV4201');
    expect(dead).toEqual(Array.from({ length: 31 }, (_, i) => i + 9));
  });

  it('dead behind jumps into chains that always drop: kornwall :50, memphis :44, docker_topos1 :28 and :33', () => {
    expect(lines(corpus('nn_kornwall.rules'), 'NFV4201')).toContain(50);
    expect(lines(corpus('nn_memphis_testbed.rules'), 'NFV4201')).toContain(44);
    const d = lines(corpus('is_docker_topos1.rules'), 'NFV4201');
    expect(d).toContain(28);
    expect(d).toContain(33);
  });

  it('docker_weave :13–:14 expose port 6783 to any source through DNAT, each on its own rule', () => {
    const ds = corpus('nn_online_pastebin_FNwfaEED_host1_docker_weave.rules').filter((d) => d.code === 'NFV4208');
    expect(ds.map((d) => d.span!.line)).toEqual([13, 14]);
    for (const d of ds) expect(d.message).toMatch(/exposes dst=10\.2\.1\.4 .* to any source/);
    expect(ds[0]!.message).toMatch(/tcp dport 6783/);
    expect(ds[1]!.message).toMatch(/udp dport 6783/);
  });

  it('is_sns.ias.edu_eduroam :11 (-f) does not make wlan0 rules dead', () => {
    const ds = corpus('is_sns.ias.edu_eduroam.rules');
    expect(ds.filter((x) => x.code === 'NFV4201' || x.code === 'NFV4203').map((x) => x.span!.line)).toEqual([]);
  });

  it('censored MACs (nn_tum_*): parse errors, never shadowed rules', () => {
    const ds = corpus('nn_tum_i8_2016-06-27.rules');
    expect(ds.filter((x) => x.code === 'NFV4201' && x.message.includes('mac'))).toEqual([]);
    for (const d of ds.filter((x) => x.code === 'NFV4201')) expect(d.span).toBeDefined();
  });
});

describe('v4-v6-policy-mismatch (NFV4702)', () => {
  it('INPUT drops over IPv4 and accepts over IPv6: reported on the IPv6 chain', () => {
    const v4 = lintFileOf({ file: 'rules.v4', text: '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' });
    const v6 = lintFileOf({ file: 'rules.v6', text: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n', family: 'ipv6' });
    const r = lintFiles([v4, v6], { enable: ['NFV4702'] });
    expect(r.files[0]!.diagnostics).toEqual([]);
    expect(r.files[1]!.diagnostics.map((d) => `${d.span!.file}:${d.span!.line} ${d.code}`)).toEqual(['rules.v6:2 NFV4702']);
    expect(r.files[1]!.diagnostics[0]!.related?.[0]?.span.file).toBe('rules.v4');
  });
});

describe('connection state (NFV4205–NFV4207) and sensitive ports (NFV4209)', () => {
  it('no ESTABLISHED accept in a dropping INPUT; found through a jump, it is fine', () => {
    expect(lines(lint(`${HEAD}-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`), 'NFV4205')).toEqual([2]);
    const ok = lint(`${HEAD}:before - [0:0]\n-A INPUT -j before\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A before -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n`);
    expect(lines(ok, 'NFV4205')).toEqual([]);
  });

  it('an accepting INPUT policy needs no state rule', () => {
    expect(lines(lint(`*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`), 'NFV4205')).toEqual([]);
  });

  it('INVALID accepted by a port rule in a chain that uses state', () => {
    const ds = lint(`${HEAD}-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4207')).toEqual([6]);
    const fixed = lint(`${HEAD}-A INPUT -m conntrack --ctstate INVALID -j DROP\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`);
    expect(lines(fixed, 'NFV4207')).toEqual([]);
  });

  it('the state rule after many others', () => {
    const many = Array.from({ length: 30 }, (_, i) => `-A INPUT -s 192.0.2.${i + 1} -j DROP`).join('\n');
    const ds = lint(`${HEAD}${many}\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n`);
    expect(lines(ds, 'NFV4206')).toEqual([35]);
  });

  it('Redis open to every source while INPUT drops; SSH from one network is fine', () => {
    const host = resolve(import.meta.dirname, '../../../examples/docker-host.yaml');
    const ds = lint(`${HEAD}-A INPUT -p tcp --dport 6379 -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`, { host });
    expect(lines(ds, 'NFV4209')).toEqual([5]);
    expect(ds.find((d) => d.code === 'NFV4209')!.message).toMatch(/6379 \(Redis\)/);
  });

  it('nn_ufw_server1: the ESTABLISHED accept is found through the ufw-before-input jump', () => {
    expect(lines(corpus('nn_ufw_server1.rules'), 'NFV4205')).toEqual([]);
  });
});
