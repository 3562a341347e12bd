/**
 * A kernel-differential case end to end: the kernel's observation, the
 * simulator's answer, the comparison, and on a mismatch one re-run in the
 * kernel with a long wait (to rule out a packet the kernel handled late)
 * before the reproducer is written.
 */
import type { Host, SimResult } from '../../../src/sim/index.js';
import type { RestoreResult } from '../harness/iptables.js';
import { compare, type Comparison } from './compare.js';
import { KernelHost, type KernelObservation } from './kernel-run.js';
import { mismatchReport, type Agreement } from './report.js';
import { KERNEL_ONLY, simSide, type SimSide } from './sim-run.js';
import type { Session } from './trace-packet.js';

export interface CaseOutcome {
  readonly status: 'agree' | 'mismatch' | 'inconclusive';
  readonly kernel: KernelObservation;
  readonly sim: SimResult | null;
  readonly comparison: Comparison | null;
  /** The reproducer text of a mismatch. */
  readonly report?: string;
}

export interface CheckOptions {
  readonly seed?: string;
  /** Count the case in the agreement figures (default true; minimizing does not). */
  readonly record?: boolean;
  /** Runs only the kernel side (the simulator is not consulted). */
  readonly kernelOnly?: boolean;
}

export class DiffRunner {
  private sim: SimSide | null = null;
  private hostModel: Host | null = null;
  private rulesFile: string | undefined;

  constructor(
    readonly kernel: KernelHost,
    readonly agreement: Agreement,
  ) {}

  /** Loads a ruleset into fw and compiles the simulator for it and fw's captured host. */
  async load(text: string, opts: { readonly file?: string; readonly withSim?: boolean } = {}): Promise<RestoreResult> {
    const r = await this.kernel.load(text, opts.file);
    this.rulesFile = opts.file;
    this.sim = null;
    if (r.ok && opts.withSim !== false) await this.compile();
    return r;
  }

  /** (Re)compiles the simulator, e.g. after a sysctl change in fw. */
  async compile(): Promise<void> {
    this.hostModel = await this.kernel.host();
    if (KERNEL_ONLY) return;
    this.sim = await simSide(this.kernel.ruleset!, this.hostModel, { defaultIface: this.kernel.plan.ifaceA });
  }

  async sysctl(settings: Readonly<Record<string, string>>): Promise<void> {
    await this.kernel.sysctl(settings);
    if (this.sim) await this.compile();
  }

  /** Runs one case in the kernel and in the simulator and compares them. */
  async check(name: string, session: Session, opts: CheckOptions = {}): Promise<CaseOutcome> {
    const k = this.kernel;
    let kernel = await k.run(session);
    if (opts.kernelOnly || KERNEL_ONLY) return { status: 'agree', kernel, sim: null, comparison: null };
    if (!this.sim) throw new Error('no ruleset loaded (DiffRunner.load)');
    const last = session[session.length - 1]!;
    const ctx = { family: k.family, hooks: k.hooks, local: last.origin === 'local', srcLocal: k.isOwnAddress(last.src), uncounted: k.uncountedPolicies() };
    let sim: SimResult | null = null;
    let simError: string | undefined;
    try {
      sim = this.sim.run(session);
    } catch (e) {
      simError = (e as Error).stack ?? String(e);
    }
    if (kernel.tainted !== null) {
      if (opts.record !== false) this.agreement.record(k.backend, k.family, 'inconclusive');
      return { status: 'inconclusive', kernel, sim, comparison: null };
    }
    let comparison = sim ? compare(sim, kernel, ctx) : null;
    if (!comparison?.agree) {
      // Once more, watching long: a packet the kernel handled late must not count as a mismatch.
      kernel = await k.run(session, { waitMs: 60 });
      comparison = sim ? compare(sim, kernel, ctx) : null;
    }
    if (!comparison?.agree) {
      // And once after a pause: right after fw's interfaces were renamed (down/up), the peers'
      // IPv6 MLD/ND traffic can still arrive and move a counter of an `-i` rule during the case.
      await new Promise((res) => setTimeout(res, 500));
      kernel = await k.run(session, { waitMs: 60 });
      comparison = sim ? compare(sim, kernel, ctx) : null;
    }
    const unknown = (sim?.branches.length ?? 0) > 1;
    if (comparison?.agree) {
      if (opts.record !== false) this.agreement.record(k.backend, k.family, 'agree', unknown);
      return { status: 'agree', kernel, sim, comparison };
    }
    if (opts.record !== false) this.agreement.record(k.backend, k.family, 'mismatch', unknown);
    const report = mismatchReport({
      name,
      backend: k.backend,
      family: k.family,
      rules: k.text,
      ...(this.rulesFile !== undefined ? { rulesFile: this.rulesFile } : {}),
      host: this.hostModel!,
      plan: k.plan,
      session,
      sim,
      ...(simError !== undefined ? { simError } : {}),
      kernel,
      comparison,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    });
    return { status: 'mismatch', kernel, sim, comparison, report };
  }
}

export { KernelHost };
