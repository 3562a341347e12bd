// The portability checks over every dump of ../shared/corpus: no check fails, the findings are the
// known ones, and no file the nft backend loads (test/kernel/roundtrip.test.ts loads every file legacy
// loads, on both backends) gets a "nft refuses" error. Counts per code: `npx vitest run test/lint/portability/corpus.test.ts`.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusAvailable, corpusEntries, derivedFiles, inCI } from '../../helpers/corpus.js';
import { found, PORTABILITY_CODES } from './lint.js';
import { lintFileOf, lintFiles } from '../../../src/index.js';

/** Every portability finding on the corpus (file:line code). */
const EXPECTED = [
  // raw OUTPUT -j TRACE (twice): loads on both backends, the trace goes elsewhere under nft.
  'nn_serverfault_765855.rules:53 NFV4621',
  'nn_serverfault_765855.rules:54 NFV4621',
];

describe.skipIf(!corpusAvailable && !inCI)('portability checks over the corpus', () => {
  const files = [...corpusEntries().map((e) => ({ name: e.name, path: e.path, legacyLoad: e.legacyLoad })), ...derivedFiles().map((p) => ({ name: `derived/${basename(p)}`, path: p, legacyLoad: true }))];

  it('finds exactly the known findings, and no check fails on any file', () => {
    expect(files.length).toBeGreaterThanOrEqual(105);
    const all: string[] = [];
    for (const f of files) {
      const text = readFileSync(f.path, 'utf8');
      const family = f.name.endsWith('6') ? 'ipv6' : 'ipv4';
      const report = lintFiles([lintFileOf({ file: f.name, text, family })], { enable: [...PORTABILITY_CODES, 'NFV9001'] });
      const ds = report.files[0]?.diagnostics ?? [];
      expect(ds.filter((d) => d.code === 'NFV9001').map((d) => d.message), f.name).toEqual([]);
      if (f.legacyLoad) expect(found(ds.filter((d) => d.severity === 'error')), `${f.name} loads on nft`).toEqual([]);
      all.push(...ds.map((d) => `${f.name}:${d.span?.line} ${d.code}`));
    }
    expect(all).toEqual(EXPECTED);
  });
});
