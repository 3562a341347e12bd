/**
 * The kube-proxy dump generator behind bench/parse.ts: deterministic output,
 * upstream's exact rule shapes, consistent counts, and (as root, and always
 * in CI) acceptance by the real iptables-restore plus an exact match between
 * the 'save' rendering and what iptables-save prints.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  endpointChainName,
  generateKubeProxyDump,
  portProtoHash,
  renderKubeProxyDump,
  type KubeProxyDump,
  type ServiceSpec,
} from '../../bench/kube-proxy.js';

const CI = process.env.CI === 'true';
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const UPSTREAM = resolve(CORPUS, 'k8s_kube-proxy_TestOverallIPTablesRules.rules');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The six services of upstream's TestOverallIPTablesRules (pkg/proxy/iptables/proxier_test.go). */
function upstreamServices(): ServiceSpec[] {
  const base = {
    portName: 'p80',
    protocol: 'tcp',
    port: 80,
    nodePort: 0,
    healthCheckNodePort: 0,
    externalIPs: [],
    loadBalancerIPs: [],
    loadBalancerSourceRanges: [],
    externalPolicyLocal: false,
    sessionAffinitySeconds: 0,
  } as const;
  const ep = (ip: string) => ({ ip, port: 80, local: false });
  return [
    { ...base, namespace: 'ns1', name: 'svc1', clusterIP: '172.30.0.41', endpoints: [ep('10.180.0.1')] },
    {
      ...base,
      namespace: 'ns2',
      name: 'svc2',
      clusterIP: '172.30.0.42',
      externalIPs: ['192.168.99.22'],
      loadBalancerIPs: ['1.2.3.4'],
      nodePort: 3001,
      healthCheckNodePort: 30000,
      externalPolicyLocal: true,
      endpoints: [ep('10.180.0.2')],
    },
    { ...base, namespace: 'ns3', name: 'svc3', clusterIP: '172.30.0.43', nodePort: 3003, endpoints: [ep('10.180.0.3')] },
    {
      ...base,
      namespace: 'ns4',
      name: 'svc4',
      clusterIP: '172.30.0.44',
      externalIPs: ['192.168.99.33'],
      endpoints: [ep('10.180.0.4'), ep('10.180.0.5')],
    },
    {
      ...base,
      namespace: 'ns5',
      name: 'svc5',
      clusterIP: '172.30.0.45',
      loadBalancerIPs: ['5.6.7.8'],
      loadBalancerSourceRanges: ['203.0.113.0/25'],
      nodePort: 3002,
      sessionAffinitySeconds: 10800,
      endpoints: [ep('10.180.0.3')],
    },
    { ...base, namespace: 'ns6', name: 'svc6', clusterIP: '172.30.0.46', endpoints: [] },
  ];
}
const UPSTREAM_OPTIONS = { hooks: false, randomFully: false, clusterCIDR: '10.0.0.0/8', nodeIP: '192.168.0.2' } as const;

/** Per table: chain declarations and -A lines, counted from the text. */
function countLines(text: string): Record<string, { chains: string[]; rules: string[] }> {
  const out: Record<string, { chains: string[]; rules: string[] }> = {};
  let cur: { chains: string[]; rules: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) out[line.slice(1)] = cur = { chains: [], rules: [] };
    else if (line.startsWith(':')) cur!.chains.push(line.slice(1).split(' ')[0]!);
    else if (line.startsWith('-A ')) cur!.rules.push(line);
  }
  return out;
}

describe('kube-proxy chain names', () => {
  it('are computed like kube-proxy (sha256 + base32, 16 characters)', () => {
    // Names taken from upstream's expected output for TestOverallIPTablesRules.
    expect(portProtoHash('ns1/svc1:p80', 'tcp')).toBe('XPGD46QRK7WJZT7O');
    expect(portProtoHash('ns5/svc5:p80', 'tcp')).toBe('NUKIZ6OKUXPJNT4C');
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChainName('ns5/svc5:p80', 'tcp', '10.180.0.3:80')).toBe('KUBE-SEP-I77PXRDZVX7PMWMN');
  });
});

describe.skipIf(!existsSync(UPSTREAM) && !CI)('upstream rule shapes', () => {
  it("reproduces upstream's expected TestOverallIPTablesRules output byte for byte", () => {
    expect(existsSync(UPSTREAM), `${UPSTREAM} is missing (the corpus must exist in CI)`).toBe(true);
    const want = readFileSync(UPSTREAM, 'utf8');
    expect(renderKubeProxyDump(upstreamServices(), UPSTREAM_OPTIONS).text).toBe(want);
  });
});

describe('generated dump (50 services)', () => {
  const dump = generateKubeProxyDump({ services: 50, seed: 1 });

  it('is deterministic for a seed and uses no Math.random', () => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    try {
      const again = generateKubeProxyDump({ services: 50, seed: 1 });
      expect(again.text).toBe(dump.text);
      expect(generateKubeProxyDump({ services: 50, seed: 2 }).text).not.toBe(dump.text);
    } finally {
      spy.mockRestore();
    }
    // Pinned: a change here changes the benchmark's input. Update deliberately.
    expect(sha256(dump.text)).toBe('7cf8e72ec7d9a3522786ce80d04f872a540fbe4805e40f2a33b8cb268200c416');
    expect(sha256(generateKubeProxyDump({ services: 50, seed: 1, style: 'save' }).text)).toBe('1cfdd6fbd8cd06f9cf2d8bc5f950261f8001dc114baf10e72a0db66c09922542');
  });

  it('has the expected chain and rule counts', () => {
    expect(dump.stats).toEqual(PIN_STATS_50);
    const t = countLines(dump.text);
    expect(Object.keys(t)).toEqual(['filter', 'nat']);
    expect(t.filter!.chains.length).toBe(dump.stats.filter.chains);
    expect(t.filter!.rules.length).toBe(dump.stats.filter.rules);
    expect(t.nat!.chains.length).toBe(dump.stats.nat.chains);
    expect(t.nat!.rules.length).toBe(dump.stats.nat.rules);
    expect(dump.text.split('\n').length - 1).toBe(dump.stats.lines);

    // Counts that follow from the services alone.
    const svcs = dump.services;
    const withEndpoints = svcs.filter((s) => s.endpoints.length > 0);
    const endpoints = svcs.reduce((n, s) => n + s.endpoints.length, 0);
    const prefixed = (p: string) => t.nat!.chains.filter((c) => c.startsWith(p)).length;
    expect(prefixed('KUBE-SVC-')).toBe(withEndpoints.length);
    expect(prefixed('KUBE-SEP-')).toBe(endpoints);
    expect(t.nat!.rules.filter((r) => r.startsWith('-A KUBE-SEP-')).length).toBe(2 * endpoints);
    const clusterIpRules = t.nat!.rules.filter((r) => r.startsWith('-A KUBE-SERVICES ') && r.includes(' cluster IP"'));
    expect(clusterIpRules.length).toBe(withEndpoints.length);
    const rejects = t.filter!.rules.filter((r) => r.startsWith('-A KUBE-SERVICES ') && r.endsWith('-j REJECT'));
    expect(rejects.length).toBe(svcs.length - withEndpoints.length);
    for (const s of withEndpoints) expect(s.endpoints.length).toBeGreaterThanOrEqual(1);
    for (const s of svcs) expect(s.endpoints.length).toBeLessThanOrEqual(5);
    // Every top-level chain upstream writes is there.
    for (const c of ['KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
      expect(t.filter!.chains).toContain(c);
    }
    for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) expect(t.nat!.chains).toContain(c);
  });

  it('is well formed: 16-character chain names, every jump declared, every service chain used', () => {
    const t = countLines(dump.text);
    for (const [, tb] of Object.entries(t)) {
      const declared = new Set(tb.chains);
      const jumped = new Set<string>();
      for (const r of tb.rules) {
        const j = / -j (KUBE-[A-Z0-9-]+)/.exec(r);
        if (j) {
          expect(declared.has(j[1]!), r).toBe(true);
          jumped.add(j[1]!);
        }
      }
      for (const c of tb.chains) {
        if (/^KUBE-(SVC|SVL|SEP|EXT|FW)-/.test(c)) {
          expect(c).toMatch(/^KUBE-(SVC|SVL|SEP|EXT|FW)-[A-Z2-7]{16}$/);
          expect(jumped.has(c), `${c} is never jumped to`).toBe(true);
        }
      }
    }
  });

  it('splits load with 1/n probabilities, like kube-proxy', () => {
    const t = countLines(dump.text);
    const byChain = new Map<string, string[]>();
    for (const r of t.nat!.rules) {
      const chain = r.split(' ')[1]!;
      if (chain.startsWith('KUBE-SVC-') || chain.startsWith('KUBE-SVL-')) byChain.set(chain, [...(byChain.get(chain) ?? []), r]);
    }
    let checked = 0;
    for (const rules of byChain.values()) {
      const lb = rules.filter((r) => / -j KUBE-SEP-/.test(r) && !r.includes('-m recent'));
      lb.forEach((r, i) => {
        const p = /--probability (\S+)/.exec(r)?.[1];
        if (i === lb.length - 1) expect(p).toBeUndefined();
        else expect(p).toBe((1 / (lb.length - i)).toFixed(10));
      });
      checked += lb.length;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('keeps per-endpoint comments below 1000 endpoints and drops them above, like kube-proxy', () => {
    expect(dump.stats.largeClusterMode).toBe(false);
    expect(dump.text).toMatch(/^-A KUBE-SEP-\S+ -m comment --comment \S+ -s 10\.244\./m);
    const large = generateKubeProxyDump({ services: 50, seed: 1, largeClusterMode: true });
    expect(large.text).toMatch(/^-A KUBE-SEP-\S+ -s 10\.244\.\S+ -j KUBE-MARK-MASQ$/m);
    expect(large.text).toMatch(/^-A KUBE-SVC-\S+ -m statistic --mode random --probability 0\.\d{10} -j KUBE-SEP-/m);
  });

  it('without hooks is a pure kube-proxy restore input (no built-in chains)', () => {
    const bare = generateKubeProxyDump({ services: 50, seed: 1, hooks: false, header: null });
    expect(bare.text.startsWith('*filter\n:KUBE-NODEPORTS - [0:0]\n')).toBe(true);
    expect(bare.text).not.toMatch(/^:(INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) /m);
    expect(bare.text).not.toMatch(/^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) /m);
  });
});

describe('generated dump (10 services)', () => {
  it('already has every kind of kube-proxy rule', () => {
    const { text } = generateKubeProxyDump({ services: 10 });
    for (const pattern of [
      /^:KUBE-SVL-/m, // externalTrafficPolicy Local with a local endpoint
      /^:KUBE-FW-/m, // loadBalancerSourceRanges
      /^:KUBE-EXT-/m,
      /-m recent --name KUBE-SEP-\S+ --rcheck --seconds 10800 --reap -j KUBE-SEP-/,
      /-m recent --name KUBE-SEP-\S+ --set -m tcp -p tcp -j DNAT --to-destination /,
      /^-A KUBE-SERVICES .* has no endpoints" .* -j REJECT$/m,
      /^-A KUBE-EXTERNAL-SERVICES .* has no endpoints" -m addrtype --dst-type LOCAL .* -j REJECT$/m,
      /^-A KUBE-EXTERNAL-SERVICES .* has no local endpoints" .* -j DROP$/m,
      /^-A KUBE-NODEPORTS .* health check node port" -m tcp -p tcp --dport \d+ -j ACCEPT$/m,
      /^-A KUBE-NODEPORTS .* -d 127\.0\.0\.0\/8 --dport \d+ -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-/m,
      /^-A KUBE-PROXY-FIREWALL .* traffic not accepted by KUBE-FW-/m,
      /^-A KUBE-FW-\S+ .* loadbalancer IP" -s 198\.18\.\d+\.\d+ -j KUBE-EXT-/m, // source range contains the node IP
      /^-A KUBE-EXT-\S+ -m comment --comment "pod traffic for .* -s 10\.244\.0\.0\/16 -j KUBE-SVC-/m,
      /^-A KUBE-SERVICES .* external IP" /m,
      / -m udp -p udp -d 10\.\d+\.\d+\.\d+ --dport 53 /,
      /^-A KUBE-SVC-\S+ .* -m statistic --mode random --probability 0\.2000000000 -j KUBE-SEP-/m,
      /^-A KUBE-POSTROUTING .* -j MASQUERADE --random-fully$/m,
    ]) {
      expect(text).toMatch(pattern);
    }
  });
});

describe('generated dump (10,000 services, the benchmark input)', () => {
  it('has the size the benchmark is specified for', { timeout: 60_000 }, () => {
    const d = generateKubeProxyDump();
    expect(d.stats).toMatchObject(PIN_STATS_10K);
    expect(d.stats.ruleLines).toBeGreaterThan(105_000);
    expect(d.stats.ruleLines).toBeLessThan(120_000);
    expect(d.stats.bytes).toBeGreaterThan(11e6);
    expect(d.stats.bytes).toBeLessThan(13.5e6);
  });
});

// ---------------------------------------------------------------------------
// The real iptables

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).status === 0;
}
const IPTABLES_BINS = ['ip', 'iptables-legacy-restore', 'iptables-nft-restore', 'iptables-legacy-save'];
const canRunIptables = process.getuid?.() === 0 && IPTABLES_BINS.every(which);
const netnsName = `nfvb-t${process.pid}`;
let netnsUp = false;

function netns(): string {
  if (!netnsUp) {
    const r = spawnSync('ip', ['netns', 'add', netnsName], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    netnsUp = true;
  }
  return netnsName;
}
afterAll(() => {
  if (netnsUp) spawnSync('ip', ['netns', 'del', netnsName]);
});

function inNetns(args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', netns(), ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** iptables-save's output without its comment lines, filter then nat. */
function saved(dump: KubeProxyDump): string {
  // Without --noflush, iptables-restore replaces the tables it names.
  const load = inNetns(['iptables-legacy-restore'], dump.text);
  expect(load.status, load.stderr).toBe(0);
  return ['filter', 'nat']
    .map((t) => inNetns(['iptables-legacy-save', '-t', t]).stdout)
    .join('')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}
const withoutComments = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

describe.skipIf(!canRunIptables && !CI)('the real iptables (root)', () => {
  it('is available (CI must run these tests)', () => {
    expect(canRunIptables, `needs root and ${IPTABLES_BINS.join(', ')}`).toBe(true);
  });

  it('iptables-legacy-restore --test and iptables-nft-restore --test accept both renderings', { timeout: 60_000 }, () => {
    for (const style of ['restore', 'save'] as const) {
      const d = generateKubeProxyDump({ services: 50, seed: 1, style });
      for (const backend of ['legacy', 'nft']) {
        const r = inNetns([`iptables-${backend}-restore`, '--test'], d.text);
        expect(r.status, `${backend} ${style}: ${r.stderr}`).toBe(0);
      }
    }
  });

  it("the 'save' rendering is exactly what iptables-legacy-save prints after loading the 'restore' one", { timeout: 60_000 }, () => {
    // nfacct matches need counter objects in the kernel; kube-proxy omits them when it has none.
    for (const opts of [
      { services: 50, seed: 1, nfacct: false },
      { services: 50, seed: 3, nfacct: false, largeClusterMode: true, noEndpointsPercent: 20 },
    ]) {
      const restore = generateKubeProxyDump(opts);
      const save = generateKubeProxyDump({ ...opts, style: 'save' });
      expect(saved(restore)).toBe(withoutComments(save.text));
    }
    const up = { ...UPSTREAM_OPTIONS, nfacct: false, hooks: true };
    expect(saved(renderKubeProxyDump(upstreamServices(), up))).toBe(
      withoutComments(renderKubeProxyDump(upstreamServices(), { ...up, style: 'save' }).text),
    );
  });
});

// Pinned values (see the determinism test).
const PIN_STATS_50: KubeProxyDump['stats'] = {
  services: 50,
  servicesWithEndpoints: 48,
  endpoints: 153,
  largeClusterMode: false,
  filter: { chains: 9, rules: 27 },
  nat: { chains: 223, rules: 626 },
  ruleLines: 653,
  lines: 890,
  bytes: 99481,
  perServiceChains: { 'KUBE-SVC': 48, 'KUBE-SEP': 153, 'KUBE-EXT': 11, 'KUBE-FW': 2, 'KUBE-SVL': 1 },
};
const PIN_STATS_10K: Partial<KubeProxyDump['stats']> = {
  services: 10000,
  servicesWithEndpoints: 9881,
  endpoints: 29690,
  largeClusterMode: true,
  filter: { chains: 9, rules: 497 },
  nat: { chains: 40585, rules: 113716 },
  ruleLines: 114213,
  lines: 154812,
  bytes: 12734347,
};
