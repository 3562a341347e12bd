// Generated grammar artefacts must match the grammar: the CST types and the
// railroad diagrams are committed, so drift fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCstTypes } from '../../scripts/gen-cst.js';
import { renderDiagrams } from '../../scripts/gen-diagrams.js';

describe('generated grammar files', () => {
  it('src/parser/grammar/cst.generated.ts is up to date (npx tsx scripts/gen-cst.ts)', () => {
    expect(readFileSync(new URL('../../src/parser/grammar/cst.generated.ts', import.meta.url), 'utf8')).toBe(renderCstTypes());
  });

  it('grammar/diagrams.html is up to date and self-contained (npx tsx scripts/gen-diagrams.ts)', () => {
    const html = renderDiagrams();
    expect(readFileSync(new URL('../../grammar/diagrams.html', import.meta.url), 'utf8')).toBe(html);
    expect(html).not.toMatch(/<script src=|<link rel='stylesheet' href=/);
    for (const rule of ['line', 'tableHeader', 'chainDecl', 'commit', 'comment', 'command']) expect(html).toContain(rule);
  });
});
