/**
 * Kernel-differential cases for the behaviours a naive simulator gets wrong
 * (issue 4's list of subtleties; sim/subtle-cases.ts). Each case first
 * proves the behaviour in the real kernel (the `kernel` facts), then
 * compares the simulator's answer with the kernel's; both backends, IPv4
 * and IPv6.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem } from './harness/env.js';
import type { Backend } from './harness/iptables.js';
import { KernelHost, type KernelObservation } from './sim/kernel-run.js';
import { Agreement } from './sim/report.js';
import { DiffRunner } from './sim/runner.js';
import { SUBTLE_CASES, subtlePlan, type KernelFacts, type SubtleCase } from './sim/subtle-cases.js';

const agreement = new Agreement();

it.skipIf(!IN_CI && kernelTestProblem() !== undefined)('kernel prerequisites are met (root, tools, scapy)', () => {
  expect(kernelTestProblem()).toBeUndefined();
});

/** The part of the observation the facts speak about. */
function factsOf(k: KernelObservation, want: KernelFacts): KernelFacts {
  const out: Record<string, unknown> = {};
  if (want.outcome !== undefined) out['outcome'] = k.outcome;
  if (want.hits !== undefined) out['hits'] = k.hits;
  if (want.policies !== undefined) out['policies'] = k.responded ? k.policies.filter((p) => want.policies!.includes(p) || !/\/(OUTPUT|POSTROUTING)$/.test(p)) : k.policies;
  if (want.final !== undefined) out['final'] = k.final ? Object.fromEntries(Object.keys(want.final).map((f) => [f, (k.final as unknown as Record<string, unknown>)[f]])) : null;
  if (want.reply !== undefined) out['reply'] = k.reply ? (k.reply.kind === 'icmp' ? { kind: 'icmp', type: k.reply.type, code: k.reply.code } : { kind: 'tcp-reset' }) : null;
  return out as KernelFacts;
}

for (const backend of ['legacy', 'nft'] as const satisfies readonly Backend[]) {
  for (const family of ['ipv4', 'ipv6'] as const) {
    const suite = `kernel vs simulator: subtleties (${backend}, ${family})`;
    describe.skipIf(kernelSkip(suite))(suite, () => {
      let runner: DiffRunner | undefined;
      beforeAll(async () => {
        assertKernelReady();
        runner = new DiffRunner(await KernelHost.open(subtlePlan(family), backend), agreement);
      });
      afterAll(async () => {
        await runner?.kernel.close();
      });

      it.each(SUBTLE_CASES[family].map((c) => [c.name, c] as const))('%s', async (_name, c: SubtleCase) => {
        const r = runner!;
        const loaded = await r.load(c.rules, { file: 'subtle.rules' });
        expect(loaded.ok, loaded.stderr).toBe(true);
        const saved = c.sysctls ? await r.kernel.readSysctls(Object.keys(c.sysctls)) : null;
        try {
          if (c.sysctls) await r.sysctl(c.sysctls);
          const out = await r.check(c.name, c.session);
          let facts = factsOf(out.kernel, c.kernel);
          // Once more with a long watch before blaming the kernel (a loaded machine may handle a packet late).
          if (!isDeepStrictEqual(facts, c.kernel)) facts = factsOf(await r.kernel.run(c.session, { waitMs: 60 }), c.kernel);
          expect(facts, 'the kernel itself (the harness observation)').toEqual(c.kernel);
          expect(out.status, out.report).toBe('agree');
        } finally {
          if (saved) await r.sysctl(saved);
        }
      });
    });
  }
}

afterAll(() => {
  console.log(agreement.summary('subtleties'));
});
