// The README's Docker trace is real output: running the command it shows prints exactly the lines it quotes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (f: string): string => readFileSync(resolve(ROOT, f), 'utf8');

it('README shows the real trace of the Docker example', () => {
  const files = { 'examples/docker-host.rules': read('examples/docker-host.rules'), 'examples/docker-host.yaml': read('examples/docker-host.yaml') };
  const r = cli(['trace', 'examples/docker-host.rules', '--host', 'examples/docker-host.yaml', '--packet', 'tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S'], files);
  expect(r.code).toBe(0);
  const readme = read('README.md');
  const block = readme.slice(readme.indexOf('<!-- trace example: docker -->'));
  const quoted = block.slice(block.indexOf('```console'), block.indexOf('```', block.indexOf('```console') + 3));
  const lines = quoted.split('\n').filter((l) => l.startsWith('trace '));
  expect(lines.length).toBeGreaterThan(5);
  expect(lines.join('\n')).toBe(r.stdout.trimEnd());
});
