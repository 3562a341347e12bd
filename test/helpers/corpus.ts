/**
 * The shared corpus of real dumps (../shared/corpus beside the repository)
 * and the facts its SOURCES.md records for each file: rule and chain counts
 * and whether iptables 1.8.9 accepts it (and if not, at which line).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus');
export const corpusAvailable = existsSync(join(CORPUS_DIR, 'SOURCES.md'));

export interface CorpusEntry {
  readonly name: string;
  readonly path: string;
  readonly rules: number;
  readonly userChains: number;
  readonly legacyTest: boolean;
  readonly nftTest: boolean;
  readonly legacyLoad: boolean;
  /** The line iptables-restore --test names when it refuses the file. */
  readonly errorLine: number | null;
  readonly errorText: string | null;
}

export function corpusEntries(): CorpusEntry[] {
  if (!corpusAvailable) return [];
  const src = readFileSync(join(CORPUS_DIR, 'SOURCES.md'), 'utf8');
  const out: CorpusEntry[] = [];
  for (const line of src.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const m = /^`([^`]+\.rules6?)`$/.exec(cells[1] ?? '');
    if (!m || cells.length < 12) continue;
    const name = m[1]!;
    const section = src.slice(src.indexOf(`### \`${name}\``));
    const legacy = /legacy `--test`: no \(rc=\d+: (.*?)\)\n/.exec(section.slice(0, 3000));
    const lineNo = legacy ? /Error occurred at line: (\d+)|line (\d+) failed/.exec(legacy[1]!) : null;
    out.push({
      name,
      path: join(CORPUS_DIR, name),
      rules: Number(cells[5]),
      userChains: Number(cells[7]),
      legacyTest: cells[8] === 'yes',
      nftTest: cells[9] === 'yes',
      legacyLoad: cells[10] === 'yes',
      errorLine: lineNo ? Number(lineNo[1] ?? lineNo[2]) : null,
      errorText: legacy ? legacy[1]! : null,
    });
  }
  return out;
}

/** The derived (kernel-loadable) dumps. */
export function derivedFiles(): string[] {
  const dir = join(CORPUS_DIR, 'derived');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.rules6?$/.test(f)).map((f) => join(dir, f));
}

/** In CI the corpus and the kernel tools must be there: absence is a failure, not a skip. */
export const inCI = process.env.CI === 'true';
