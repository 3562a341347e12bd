/**
 * In-process parse throughput for `npm run bench` (vitest bench). The full
 * comparison with iptables-restore --test, cold starts and memory is
 * `npx tsx bench/parse.ts` (see bench/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bench, describe } from 'vitest';
import { generateKubeProxyDump } from './kube-proxy.js';

type ParseFn = (text: string, options: { file: string }) => { diagnostics: readonly unknown[] };

let parseRuleset: ParseFn | null = null;
try {
  const mod = (await import('../src/index.js')) as { parseRuleset?: unknown };
  if (typeof mod.parseRuleset === 'function') parseRuleset = mod.parseRuleset as ParseFn;
} catch {
  parseRuleset = null; // the parser is not there yet: the parse benches are skipped
}

const CORPUS_FILE = resolve(import.meta.dirname, '../../shared/corpus/derived/nn_tum_i8_2016-06-27_macfilled.rules');
const kp1k = generateKubeProxyDump({ services: 1_000 }).text;
const kp10k = generateKubeProxyDump({ services: 10_000 }).text;
const corpus = existsSync(CORPUS_FILE) ? readFileSync(CORPUS_FILE, 'utf8') : null;

describe('parseRuleset', () => {
  bench.skipIf(!parseRuleset)('kube-proxy 1,000 services (12k rules)', () => {
    parseRuleset!(kp1k, { file: 'kube-proxy-1000.rules' });
  });
  bench.skipIf(!parseRuleset)(
    'kube-proxy 10,000 services (114k rules)',
    () => {
      parseRuleset!(kp10k, { file: 'kube-proxy-10000.rules' });
    },
    { time: 0, iterations: 5, warmupIterations: 1 },
  );
  bench.skipIf(!parseRuleset || !corpus)('nn_tum_i8_2016-06-27_macfilled.rules (5.6k rules)', () => {
    parseRuleset!(corpus!, { file: 'nn_tum_i8_2016-06-27_macfilled.rules' });
  });
});

describe('generator', () => {
  bench('kube-proxy dump, 1,000 services', () => {
    generateKubeProxyDump({ services: 1_000 });
  });
});
