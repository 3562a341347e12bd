/**
 * The simulator against the kernel on random rulesets
 * (src/testing/ruleset-arbitrary.ts: every table, user chains, -j/-g and
 * RETURN, policies, the matches and targets the harness can exercise, NAT)
 * with packets drawn from each ruleset (src/testing/ruleset-packets.ts);
 * both backends see the same rulesets and packets, IPv4 and IPv6.
 *
 * Every sampled ruleset runs (so the agreement figures cover the whole
 * budget); the first mismatch is then minimized (sim/minimize.ts: rule
 * lines and earlier packets removed while the simulator still disagrees)
 * and printed with the fast-check seed and sample index.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Family } from '../../src/ir/family.js';
import { parseRuleset } from '../../src/parser/index.js';
import { rulesetArbitrary } from '../../src/testing/ruleset-arbitrary.js';
import { rulesetSessionArbitrary, type TracePacket } from '../../src/testing/ruleset-packets.js';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem } from './harness/env.js';
import type { Backend } from './harness/iptables.js';
import { KERNEL_SEED, suiteCases } from './sim/budget.js';
import { LINK_NETS, MACS, type FwPlan } from './sim/fw-topology.js';
import { KernelHost } from './sim/kernel-run.js';
import { packetOptions } from './sim/packet-options.js';
import { Agreement } from './sim/report.js';
import { minimize } from './sim/minimize.js';
import { DiffRunner, type CaseOutcome } from './sim/runner.js';

const BACKENDS = ['legacy', 'nft'] as const satisfies readonly Backend[];
/** Sessions per ruleset: loading a ruleset and compiling it cost about as much as a few cases. */
const SESSIONS_PER_RULESET = 8;
/** Wall-clock budget for minimizing the first failure (sim/minimize.ts); then what is left is reported. */
const MINIMIZE_MS = 30_000;

const agreement = new Agreement();

/** fw for random rulesets: clients behind eth0, servers (and everything else) behind eth1. */
const PLANS: Readonly<Record<Family, FwPlan>> = {
  ipv4: { family: 'ipv4', ifaceA: 'eth0', ifaceB: 'eth1', ownAddrs: ['192.0.2.1'], routesA: ['203.0.113.0/24'], routesB: [] },
  ipv6: { family: 'ipv6', ifaceA: 'eth0', ifaceB: 'eth1', ownAddrs: ['2001:db8:1::1'], routesA: ['2001:db8:3::/64'], routesB: [] },
};

const NETS: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'],
  ipv6: ['2001:db8:1::/64', '2001:db8:2::/64', '2001:db8:3::/64'],
};

function caseArbitrary(family: Family, hosts: KernelHost) {
  const ln = LINK_NETS[family];
  const rules = rulesetArbitrary({
    family,
    ifaces: ['eth0', 'eth1'],
    addrs: [...NETS[family], `${ln.a.fw}/${family === 'ipv4' ? 32 : 128}`, `${ln.b.fw}/${family === 'ipv4' ? 32 : 128}`],
    // Known gap, not drawn: IPv6 DNAT to ::1 of a received packet (the kernel delivers it and
    // answers in ways the simulator does not model yet; IPv4's 127.0.0.1 + route_localnet agrees).
    natTargets: [ln.a.fw, ln.b.fw, ...PLANS[family].ownAddrs, ...(family === 'ipv4' ? ['127.0.0.1'] : [])],
    macs: [MACS.src, MACS.dst, '02:00:00:00:aa:bb'],
    owners: [0, 1000],
  });
  const opts = packetOptions(hosts);
  return rules.chain((text) => {
    const rs = parseRuleset(text, { file: 'random.rules', family }).value;
    return fc.tuple(fc.constant(text), fc.array(rulesetSessionArbitrary(rs, { ...opts, hostAddrs: [...(opts.hostAddrs ?? []), ...PLANS[family].ownAddrs] }), { minLength: 1, maxLength: SESSIONS_PER_RULESET }));
  });
}

type Case = [string, TracePacket[][]];

/** The first mismatch of a ruleset: on which backend, which session, and what was seen. */
interface Failure {
  readonly report: string;
  readonly runner: DiffRunner;
  readonly session: TracePacket[];
  readonly outcome: CaseOutcome;
}

/** Runs one ruleset and all its sessions on every backend; its first problem, or null. */
async function runCase(runners: readonly DiffRunner[], [text, sessions]: Case, family: Family, seed: string): Promise<{ problem: string; failure: Failure | null } | null> {
  const parsed = parseRuleset(text, { file: 'random.rules', family });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const found = await Promise.all(
    runners.map(async (runner): Promise<{ problem: string; failure: Failure | null } | null> => {
      const loaded = await runner.load(text, { file: 'random.rules' });
      if (!loaded.ok) return { problem: `${runner.kernel.backend}: the kernel refused a generated ruleset (line ${loaded.errorLine}): ${loaded.stderr}\n${text}`, failure: null };
      if (errors.length > 0) {
        return { problem: `nfverify's parser refuses a ruleset the kernel loads (${runner.kernel.backend}):\n${errors.map((d) => `  line ${d.span?.line}: ${d.message}`).join('\n')}\n${text}`, failure: null };
      }
      let first: Failure | null = null;
      for (const [i, session] of sessions.entries()) {
        const out = await runner.check(`random ruleset, session ${i}`, session, { seed });
        if (out.status === 'mismatch' && first === null) first = { report: out.report!, runner, session, outcome: out };
      }
      return first ? { problem: first.report, failure: first } : null;
    }),
  );
  return found.find((f) => f !== null) ?? null;
}

const skip = kernelSkip('kernel vs simulator: random rulesets');

it.skipIf(!IN_CI && kernelTestProblem() !== undefined)('kernel prerequisites are met (root, tools, scapy)', () => {
  expect(kernelTestProblem()).toBeUndefined();
});

describe.skipIf(skip)('kernel vs simulator: random rulesets', () => {
  const opened: KernelHost[] = [];
  afterAll(async () => {
    for (const k of opened) await k.close();
    console.log(agreement.summary(`random rulesets, seed ${KERNEL_SEED}`));
  });

  for (const family of ['ipv4', 'ipv6'] as const) {
    // The IPv4 share is larger: more of the matches and targets exist only there.
    const share = family === 'ipv4' ? 0.65 : 0.35;
    const perBackend = Math.round((suiteCases('random') * share) / BACKENDS.length);
    const numRuns = Math.max(1, Math.round(perBackend / ((SESSIONS_PER_RULESET + 1) / 2)));
    // Generous: a soak (npm run soak) runs many times the default.
    const timeout = Math.max(1_200_000, numRuns * 20_000);
    it(`${family}: both backends agree with the simulator`, { timeout }, async () => {
      assertKernelReady();
      const hosts = await Promise.all(BACKENDS.map((b) => KernelHost.open(PLANS[family], b)));
      opened.push(...hosts);
      const runners = hosts.map((k) => new DiffRunner(k, agreement));
      const seed = (KERNEL_SEED + (family === 'ipv4' ? 0 : 1)) & 0x7fffffff;
      const arb = caseArbitrary(family, hosts[0]!);
      const samples = fc.sample(arb, { numRuns, seed });
      let first: { index: number; text: string; problem: string; failure: Failure | null } | null = null;
      for (const [index, c] of samples.entries()) {
        const found = await runCase(runners, c, family, `NFV_KERNEL_SEED=${KERNEL_SEED}: fast-check seed ${seed}, sample ${index} (fc.sample)`);
        if (found && first === null) first = { index, text: c[0], ...found };
      }
      if (first === null) return;
      let minimal = '';
      if (first.failure) {
        const f = first.failure;
        const m = await minimize(f.runner, first.text, f.session, f.outcome, MINIMIZE_MS);
        minimal = `Minimal reproducer (${m.from} rules reduced to ${m.to}${m.complete ? '' : ', stopped by the time budget'}; session of ${m.session.length}):\n\n${m.outcome.report ?? ''}\n\n`;
      }
      expect.fail(
        `kernel and simulator disagree on random rulesets (first: sample ${first.index} of fast-check seed ${seed}; NFV_KERNEL_SEED=${KERNEL_SEED} replays the run).\n` +
          `${minimal}--- as first found:\n${first.problem}`,
      );
    });
  }
});
