/**
 * Kernel round trip of the parser + printer over the shared corpus: for each
 * dump the real kernel accepts, the kernel's own view after loading the
 * original must equal its view after loading our print of it.
 *
 *   original --iptables-restore--> ns A --iptables-save--> normalise = expected
 *   printRuleset(parseRuleset(original)) --restore--> ns B --save--> normalise = actual
 *
 * Both with the legacy backend and (when the original loads there) nft.
 * ns B is a fresh namespace rather than a flushed ns A: a flush leaves
 * tables, user chains' absence and policies behind, and an omission in our
 * print could then pass unnoticed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRuleset, printRuleset } from '../../src/index.js';
import { CORPUS_DIR, corpusAvailable, createObjects, familyOf, neededObjects, readSourcesTable } from './harness/corpus.js';
import { assertKernelReady, IN_CI, kernelSkip, kernelTestProblem, which } from './harness/env.js';
import { normalizeSave, restore, save, type Backend } from './harness/iptables.js';
import { withNamespaces } from './harness/netns.js';

/**
 * SOURCES.md says "legacy load: no" for these only because objects the dump
 * refers to do not exist in an empty namespace (see their notes there); we
 * create the objects first, so they take part.
 */
const NEED_OBJECTS = ['k8s_kube-proxy_TestOverallIPTablesRules.rules', 'nn_serverfault_759927.rules'];

/** Real rulesets with censored MACs filled in (derived/README.md). */
const DERIVED = ['derived/nn_tum_i8_2016-06-27_macfilled.rules', 'derived/nn_tum_i8_2016-06-27_macfilled.rules6'];

/**
 * Originals the nft backend refuses although legacy loads them, with the
 * reason. (Empty on iptables 1.8.9 / kernel 6.18: every file loads in both.)
 */
const NFT_LOAD_FAILS: Readonly<Record<string, string>> = {};

const CONCURRENCY = 4;

interface Case {
  readonly file: string;
  /** Why the case cannot run here (a missing optional tool), or undefined. */
  readonly excluded?: string;
}

function selectCases(): Case[] {
  const rows = readSourcesTable();
  const files = [...rows.filter((r) => r.legacyLoad === 'yes').map((r) => r.file)];
  for (const f of [...NEED_OBJECTS, ...DERIVED]) if (!files.includes(f)) files.push(f);
  return files.map((file) => {
    const path = join(CORPUS_DIR, file);
    if (!existsSync(path)) return { file, excluded: `listed but not present in ${CORPUS_DIR}` };
    const objs = neededObjects(readFileSync(path, 'utf8'));
    if (objs.ipsets.size > 0 && !which('ipset')) return { file, excluded: 'needs ipsets but the ipset tool is missing (Debian package ipset; scripts/setup-system.sh installs it)' };
    if (objs.nfacct.length > 0 && !which('nfacct')) return { file, excluded: 'needs nfacct objects but the nfacct tool is missing (Debian package nfacct; scripts/setup-system.sh installs it)' };
    return { file };
  });
}

/** The first lines where two normalised saves differ, for a readable failure. */
function firstDiff(expected: string, actual: string, context = 3): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - context);
  return [
    `first difference at line ${i + 1} of the normalised save:`,
    '  kernel view of the original:',
    ...e.slice(from, i + context).map((l, k) => `    ${from + k === i ? '>' : ' '} ${l}`),
    '  kernel view of our print:',
    ...a.slice(from, i + context).map((l, k) => `    ${from + k === i ? '>' : ' '} ${l}`),
  ].join('\n');
}

const haveCorpus = corpusAvailable();
const skipKernel = kernelSkip('roundtrip');
if (!haveCorpus && !IN_CI) console.warn(`\n*** SKIPPING kernel round trip: corpus not found at ${CORPUS_DIR}\n`);

// In CI a missing prerequisite must show as a failed test, not only as a failed suite.
it.skipIf(!IN_CI && (kernelTestProblem() !== undefined || !haveCorpus))('round-trip prerequisites are met (kernel tools, corpus)', () => {
  expect(kernelTestProblem()).toBeUndefined();
  expect(haveCorpus, `corpus not found at ${CORPUS_DIR}`).toBe(true);
});

describe.skipIf(skipKernel || (!haveCorpus && !IN_CI))('kernel round trip: restore(original) ≡ restore(print(parse(original)))', () => {
  beforeAll(() => {
    assertKernelReady();
    if (!haveCorpus) throw new Error(`corpus not found at ${CORPUS_DIR} (expected ../shared/corpus next to the repo)`);
  });

  const cases = haveCorpus ? selectCases() : [];

  it('selects the corpus files the kernel accepts', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    const excluded = cases.filter((c) => c.excluded);
    if (excluded.length > 0) {
      console.warn(`kernel round trip: ${excluded.length} file(s) EXCLUDED:\n${excluded.map((c) => `  - ${c.file}: ${c.excluded}`).join('\n')}`);
    }
  });

  // Cases run concurrently (vitest's maxConcurrency caps how many start),
  // and `slot` below keeps at most CONCURRENCY namespace pairs alive.
  for (const c of cases) {
    if (c.excluded) {
      it.skip(`${c.file} — EXCLUDED: ${c.excluded}`, () => undefined);
      continue;
    }
    it.concurrent(c.file, { timeout: 180_000 }, async ({ expect }) => {
      await slot(async () => {
        const text = readFileSync(join(CORPUS_DIR, c.file), 'utf8');
        const family = familyOf(c.file);
        const parsed = parseRuleset(text, { file: c.file, family });
        const printed = printRuleset(parsed.value);
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        const parseErrors = errors.length === 0 ? '' : `\nparse errors:\n${errors.map((d) => `  ${d.span?.line ?? '?'}:${d.span?.column ?? '?'} ${d.code} ${d.message}`).join('\n')}`;
        const objs = neededObjects(text);
        await withNamespaces({ namespaces: ['orig', 'printed'], loopback: false }, async (ns) => {
          await Promise.all([createObjects(ns.orig, objs, family), createObjects(ns.printed, objs, family)]);
          // The two backends are independent (nft does not take the xtables lock): run them side by side.
          await Promise.all(
            (['legacy', 'nft'] as const satisfies readonly Backend[]).map(async (backend) => {
              const opts = { backend, family } as const;
              // Original and print load in parallel too; only their saves are compared.
              const [a, b] = await Promise.all([restore(ns.orig, text, opts), restore(ns.printed, printed, opts)]);
              if (backend === 'nft' && NFT_LOAD_FAILS[c.file] !== undefined) {
                expect.soft(a.ok, `${c.file}: nft now loads the original; remove it from NFT_LOAD_FAILS`).toBe(false);
                return;
              }
              expect.soft(a.ok, `${backend} restore of the ORIGINAL failed (line ${a.errorLine}): ${a.stderr}`).toBe(true);
              const blamed = b.errorLine !== undefined ? printed.split('\n')[b.errorLine - 1] : undefined;
              expect
                .soft(b.ok, `${backend} restore of our PRINT failed at line ${b.errorLine}: ${JSON.stringify(blamed)}\n${b.stderr}${parseErrors}`)
                .toBe(true);
              if (!a.ok || !b.ok) return;
              const [want, got] = (await Promise.all([save(ns.orig, opts), save(ns.printed, opts)])).map((x) => normalizeSave(x));
              if (got !== want) {
                expect.soft(got, `${backend}: ${firstDiff(want!, got!)}${parseErrors}`).toBe(want);
              }
            }),
          );
        });
      });
    });
  }
});

// A tiny semaphore: it.concurrent starts every case at once; this keeps CONCURRENCY running.
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((r) => waiting.push(r)); // the slot is handed over
  else running++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
