/**
 * How many kernel cases the differential suites run. `NFV_KERNEL_CASES` is
 * the total for the corpus and random-ruleset suites together (the
 * hand-written subtleties always run in full); the default keeps the whole
 * kernel-differential suite within about three minutes on two cores, and
 * `npm run soak` raises it to tens of thousands. `NFV_KERNEL_SEED` fixes
 * the fast-check seed: `npm test` uses a fixed one so CI is reproducible;
 * `NFV_KERNEL_SEED=random` (what `npm run soak` sets) draws a fresh one,
 * printed with every failure.
 */
export const DEFAULT_KERNEL_CASES = 2400;

function positiveInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

export const KERNEL_CASES = positiveInt('NFV_KERNEL_CASES', DEFAULT_KERNEL_CASES);

/** The seed of this run's fast-check draws. */
export const KERNEL_SEED =
  process.env.NFV_KERNEL_SEED === 'random' ? Math.floor(Math.random() * 0x7fffffff) : positiveInt('NFV_KERNEL_SEED', 20261129);

/** Cases per suite: half for the corpus, half for random rulesets. */
export function suiteCases(suite: 'corpus' | 'random'): number {
  return Math.round(KERNEL_CASES * (suite === 'corpus' ? 0.5 : 0.5));
}
