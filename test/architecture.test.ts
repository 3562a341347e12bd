// One direction of flow (style.md 4.1): diagnostics and ir import nothing
// from other folders; parser/sim/verify import ir; sim never imports verify;
// cli imports only the library entry and its own files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)].map((m) => relative(SRC, resolve(file, '..', m[1]!)).replace(/\.js$/, '.ts'));
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  diagnostics: ['diagnostics'],
  ir: ['ir', 'diagnostics'],
  parser: ['parser', 'ir', 'diagnostics'],
  sim: ['sim', 'ir', 'diagnostics'],
  verify: ['verify', 'sim', 'ir', 'diagnostics'],
  lint: ['lint', 'parser', 'verify', 'sim', 'ir', 'diagnostics'],
  report: ['report', 'ir', 'diagnostics', 'sim', 'verify', 'lint'],
  cli: ['cli', 'index.ts'],
  testing: ['testing', 'index.ts', 'ir', 'diagnostics'],
};

describe('import direction', () => {
  for (const f of files(SRC)) {
    const rel = relative(SRC, f);
    const top = rel.split('/')[0]!;
    const allowed = ALLOWED[top];
    if (!allowed) continue;
    it(rel, () => {
      const bad = importsOf(f).filter((i) => !allowed.includes(i.split('/')[0]!));
      expect(bad).toEqual([]);
    });
  }
});
