/**
 * Kernel proof of the backend-portability checks (NFV46xx): every fixture in
 * test/kernel/lint/ is loaded with iptables-legacy-restore and
 * iptables-nft-restore (and the ip6tables tools) in fresh namespaces, and the
 * measured difference must be exactly what the check reports:
 * - NFV4600/4601 (nft refuses a rule): legacy loads the file and nft does
 *   not; loaded one rule at a time, the rules nft refuses are the reported
 *   ones, and the near misses load on both;
 * - NFV4602 (jump depth): nft refuses the file and blames the first reported
 *   rule; without the reported rules it loads, and each one alone is enough
 *   to make it fail;
 * - NFV4610-4612 (different matching): the same packets are forwarded
 *   through each backend and the rules whose counters differ are the
 *   reported ones;
 * - NFV4620 (IPv6 counters) and NFV4621 (TRACE): what `-save -c` and the
 *   trace listener show on each backend.
 * Outside CI without root these skip loudly; in CI they must run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFileOf, lintFiles, type Diagnostic } from '../../src/index.js';
import { PORTABILITY_LINT_CODES } from '../../src/diagnostics/lint-codes/portability.js';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem, which } from './harness/env.js';
import { diffCounters, parseCounters, restore, save, type Backend, type IpFamily, type RestoreResult } from './harness/iptables.js';
import { exec, spawnIn, withNamespaces } from './harness/netns.js';
import { openTopology, type Topology, type TopologySpec } from './harness/topology.js';
import { PYTHON } from './harness/worker.js';

const BACKENDS = ['legacy', 'nft'] as const satisfies readonly Backend[];
const PORTABILITY_CODES = Object.values(PORTABILITY_LINT_CODES).map((c) => c.code);

function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./lint/${name}`, import.meta.url)), 'utf8');
}

/** nfverify's portability findings for a dump. */
function lint(text: string, family: IpFamily, file = 't.rules'): readonly Diagnostic[] {
  return lintFiles([lintFileOf({ file, text, family })], { enable: PORTABILITY_CODES }).files[0]?.diagnostics ?? [];
}

function linesOf(ds: readonly Diagnostic[], code: string): number[] {
  return ds.filter((d) => d.code === code).map((d) => d.span?.line ?? -1);
}

/** 1-based numbers of the rule lines (`-A`, optionally after `[p:b]` counters). */
function ruleLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (/^(\[\d+:\d+\] )?-A /.test(l) ? [i + 1] : []));
}

/** The dump without the given lines (rule lines only are ever removed). */
function without(text: string, drop: readonly number[]): string {
  return text
    .split('\n')
    .filter((_, i) => !drop.includes(i + 1))
    .join('\n');
}

/** The dump with one rule line kept and every other rule line removed. */
function onlyRule(text: string, keep: number): string {
  return without(
    text,
    ruleLines(text).filter((l) => l !== keep),
  );
}

/** Restores `text` into a fresh namespace of its own. */
async function load(text: string, backend: Backend, family: IpFamily, opts: { readonly test?: boolean } = {}): Promise<RestoreResult> {
  return withNamespaces({ namespaces: ['n'], loopback: false }, ({ n }) => restore(n, text, { backend, family, ...opts }));
}

/** Lines nft-restore blames, in order ("line 76: RULE_APPEND failed (...)"); after the first, it blames every later rule of the batch too. */
function blamedLines(stderr: string): number[] {
  return [...stderr.matchAll(/^line (\d+): RULE_APPEND failed/gm)].map((m) => Number(m[1]));
}

// In CI a missing prerequisite must show as a failed test, not only as failed suites.
it.skipIf(!IN_CI && kernelTestProblem() !== undefined)('kernel prerequisites are met (root, tools, scapy, nft)', () => {
  expect(kernelTestProblem()).toBeUndefined();
  expect(which('nft'), 'nft (Debian package nftables, scripts/setup-system.sh installs it) is missing').toBeDefined();
});

describe.skipIf(kernelSkip('lint: portability'))('portability checks against both backends (iptables 1.8.9)', () => {
  beforeAll(() => assertKernelReady());

  describe.each([
    { file: 'negated-any-address.rules', family: 'ipv4', code: 'NFV4600', why: 'Invalid argument' },
    { file: 'negated-any-address.rules6', family: 'ipv6', code: 'NFV4600', why: 'Invalid argument' },
    { file: 'queue.rules', family: 'ipv4', code: 'NFV4601', why: 'No such file or directory' },
    { file: 'queue.rules6', family: 'ipv6', code: 'NFV4601', why: 'No such file or directory' },
  ] as const)('$code $file: nft refuses exactly the reported rules', ({ file, family, code, why }) => {
    const text = fixture(file);
    const reported = linesOf(lint(text, family, file), code);

    it('legacy loads the file; nft passes --test but the load fails', async () => {
      expect(reported.length).toBeGreaterThan(0);
      expect(await load(text, 'legacy', family)).toMatchObject({ ok: true });
      expect(await load(text, 'nft', family, { test: true })).toMatchObject({ ok: true });
      const nft = await load(text, 'nft', family);
      expect(nft.ok).toBe(false);
      expect(nft.stderr).toContain(`line ${reported[0]}: RULE_APPEND failed (${why})`);
      // Without the reported rules the file loads on nft as well.
      expect(await load(without(text, reported), 'nft', family)).toMatchObject({ ok: true });
    });

    it('rule by rule: legacy loads each, nft refuses the reported ones and loads the near misses', async () => {
      const refused: number[] = [];
      for (const line of ruleLines(text)) {
        const one = onlyRule(text, line);
        const legacy = await load(one, 'legacy', family);
        expect(legacy.ok, `legacy refused line ${line}: ${legacy.stderr}`).toBe(true);
        const nft = await load(one, 'nft', family);
        if (!nft.ok) {
          expect(nft.stderr).toContain(`RULE_APPEND failed (${why})`);
          refused.push(line);
        }
      }
      expect(refused).toEqual(reported);
      expect(ruleLines(text).length - refused.length, 'the fixture has near misses').toBeGreaterThanOrEqual(2);
    });
  });

  describe.each(['ipv4', 'ipv6'] as const)('NFV4602 jump depth (%s)', (family) => {
    it('nft refuses the file at the first reported jump; the reported jumps are each needed and together enough', async () => {
      const text = fixture('jump-depth.rules');
      const reported = linesOf(lint(text, family), 'NFV4602');
      expect(reported.length).toBe(2); // the jump chain and the goto chain
      expect(await load(text, 'legacy', family)).toMatchObject({ ok: true });
      const nft = await load(text, 'nft', family);
      expect(nft.ok).toBe(false);
      expect(nft.stderr).toContain('RULE_APPEND failed (Too many links)');
      expect(blamedLines(nft.stderr)[0]).toBe(reported[0]);
      expect(await load(without(text, reported), 'nft', family)).toMatchObject({ ok: true });
      for (const keep of reported) {
        const r = await load(
          without(
            text,
            reported.filter((l) => l !== keep),
          ),
          'nft',
          family,
        );
        expect(r.ok, `line ${keep} alone should still break the nft load`).toBe(false);
      }
    });

    it('near misses (15 levels, unreachable deep chains and loops) load on both and are not reported', async () => {
      const text = fixture('jump-depth-ok.rules');
      expect(lint(text, family)).toEqual([]);
      for (const backend of BACKENDS) expect(await load(text, backend, family), backend).toMatchObject({ ok: true });
    });
  });

  describe.each(['ipv4', 'ipv6'] as const)('NFV4610-4612 tcp/udp tests (%s): the rules whose counters differ are the reported ones', (family) => {
    const SPEC: TopologySpec = {
      src: { iface: { name: 'eth0', addrs: ['10.0.1.2/24', '2001:db8:1::2/64'] }, routes: [{ to: 'default', via: '10.0.1.1' }, { to: 'default', via: '2001:db8:1::1' }] },
      fw: {
        srcSide: { name: 'eth0', addrs: ['10.0.1.1/24', '2001:db8:1::1/64'] },
        dstSide: { name: 'eth1', addrs: ['10.0.2.1/24', '2001:db8:2::1/64'] },
      },
      dst: { iface: { name: 'eth0', addrs: ['10.0.2.2/24', '2001:db8:2::2/64'] }, routes: [{ to: 'default', via: '10.0.2.1' }, { to: 'default', via: '2001:db8:2::1' }] },
    };
    const [src, dst] = family === 'ipv4' ? ['10.0.1.2', '10.0.2.2'] : ['2001:db8:1::2', '2001:db8:2::2'];
    const text = fixture(family === 'ipv4' ? 'tcpudp.rules' : 'tcpudp.rules6');

    /** Packet counts per FORWARD rule id after forwarding one tcp SYN and one udp datagram, 1000 -> 3000, and the rules as `-save` prints them. */
    async function countsOn(backend: Backend): Promise<{ readonly counts: Map<string, bigint>; readonly texts: readonly string[] }> {
      let t: Topology | undefined;
      try {
        t = await openTopology(SPEC);
        const r = await t.restore(text, { backend, family });
        expect(r, `${backend} restore`).toMatchObject({ ok: true });
        const before = await t.counters({ backend, family });
        for (const proto of ['tcp', 'udp'] as const) {
          const res = await t.inject({ proto, src, dst, sport: 1000, dport: 3000, ...(proto === 'tcp' ? { tcp_flags: 'S' } : {}) }, { expect: 1 });
          expect(res.arrivals.some((a) => a.matched && a.host === 'dst'), `${backend}: the ${proto} packet was forwarded`).toBe(true);
        }
        const after = await t.counters({ backend, family });
        const rules = diffCounters(before, after).rules.filter((x) => x.table === 'filter' && x.chain === 'FORWARD');
        return { counts: new Map(rules.map((x) => [`filter/FORWARD#${x.index}`, x.packets])), texts: rules.map((x) => x.text) };
      } finally {
        await t?.close();
      }
    }

    it('forwarded through both backends', async () => {
      const { counts: legacy } = await countsOn('legacy');
      const { counts: nft, texts } = await countsOn('nft');
      expect([...nft.keys()]).toEqual([...legacy.keys()]);
      const differing = [...legacy.keys()].filter((id) => legacy.get(id) !== nft.get(id));
      const ds = lint(text, family).filter((d) => ['NFV4610', 'NFV4611', 'NFV4612'].includes(d.code));
      expect(differing).toEqual(ds.map((d) => d.ruleId));
      // Each reported rule never matches under legacy and matches under nft.
      for (const id of differing) expect([legacy.get(id), nft.get(id)], id).toEqual([0n, 1n]);
      // The packets did reach FORWARD: the positive port pair (rule 7) and the udp pair (last rule) counted on both.
      expect([legacy.get('filter/FORWARD#7'), nft.get('filter/FORWARD#7')]).toEqual([1n, 1n]);
      expect([legacy.get('filter/FORWARD#18'), nft.get('filter/FORWARD#18')]).toEqual([1n, 1n]);
      expect(ds.map((d) => d.code)).toEqual(['NFV4610', 'NFV4610', 'NFV4611', 'NFV4611', 'NFV4612', 'NFV4612']);
      // NFV4610's suggested rewrite (the last rule) survives an iptables-nft-save as written; the folded pair prints unchanged too.
      expect(texts.at(-1)).toBe('-A FORWARD -p tcp -m tcp ! --sport 1000 -m multiport ! --dports 2000');
      expect(texts[0]).toBe('-A FORWARD -p tcp -m tcp ! --sport 1000 ! --dport 2000');
    });
  });

  it('NFV4620: ip6tables-nft-restore --counters loads IPv6 rule counters as 0, iptables-nft-restore keeps IPv4 ones', async () => {
    const v6 = fixture('ip6-counters.rules6');
    const v4 = v6.replace('2001:db8::/32', '10.0.0.0/8');
    const counters = async (text: string, backend: Backend, family: IpFamily): Promise<string[]> =>
      withNamespaces({ namespaces: ['n'], loopback: false }, async ({ n }) => {
        expect(await restore(n, text, { backend, family, counters: true })).toMatchObject({ ok: true });
        const s = parseCounters(await save(n, { backend, family, counters: true, table: 'filter' }));
        return [
          ...s.chains.filter((c) => c.chain === 'INPUT').map((c) => `INPUT policy ${c.packets}:${c.bytes}`),
          ...s.rules.map((r) => `#${r.index} ${r.packets}:${r.bytes}`),
        ];
      });
    const kept = ['INPUT policy 7:700', '#1 5:300', '#2 0:0', '#3 9:900'];
    expect(await counters(v6, 'legacy', 'ipv6')).toEqual(kept);
    expect(await counters(v6, 'nft', 'ipv6')).toEqual(['INPUT policy 7:700', '#1 0:0', '#2 0:0', '#3 0:0']);
    expect(await counters(v4, 'nft', 'ipv4')).toEqual(kept);
    expect(linesOf(lint(v6, 'ipv6'), 'NFV4620')).toEqual([6]);
    expect(lint(v4, 'ipv4')).toEqual([]);
  });

  it('NFV4621: a TRACE rule produces trace events under nft and none under legacy', async () => {
    const text = fixture('trace.rules');
    expect(linesOf(lint(text, 'ipv4'), 'NFV4621')).toEqual([5]);
    // A control chain of our own, hooked before raw (priority -400, so the legacy TRACE cannot have
    // marked the packet yet), traces udp to port 10 on both backends: once its events arrive, the
    // listener is known to be subscribed, and the absence of port-9 events under legacy means something.
    const control = 'table ip nfvctl {\n  chain out { type filter hook output priority -400; udp dport 10 meta nftrace set 1; }\n}\n';
    const sendUdp = (port: number): string[] => [PYTHON, '-c', `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", ${port}))`];
    const traced = async (backend: Backend): Promise<string> =>
      withNamespaces({ namespaces: ['n'] }, async ({ n }) => {
        expect(await restore(n, text, { backend, family: 'ipv4' })).toMatchObject({ ok: true });
        expect(await exec(n, ['nft', '-f', '-'], control)).toMatchObject({ code: 0 });
        const monitor = spawnIn(n, ['nft', 'monitor', 'trace']);
        const out: Buffer[] = [];
        monitor.stdout?.on('data', (b: Buffer) => out.push(b));
        const seen = (): string => Buffer.concat(out).toString('utf8');
        try {
          for (let i = 0; i < 50 && !/nfvctl out rule udp dport 10/.test(seen()); i++) {
            expect(await exec(n, sendUdp(10))).toMatchObject({ code: 0 });
            await sleep(100);
          }
          expect(seen(), `${backend}: the trace listener never saw the control packet`).toMatch(/nfvctl out rule udp dport 10/);
          expect(await exec(n, sendUdp(9))).toMatchObject({ code: 0 });
          await sleep(500);
        } finally {
          monitor.kill('SIGKILL');
        }
        return seen();
      });
    expect(await traced('nft')).toMatch(/ip raw OUTPUT rule udp dport 9 .*meta nftrace set 1/);
    expect(await traced('legacy')).not.toContain('dport 9');
  });
});
