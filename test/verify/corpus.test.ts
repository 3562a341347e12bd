// Every corpus dump (../shared/corpus) through the symbolic engine: a reach question on a default
// host answers without a crash, and every witness replays through the simulator to the answer the
// symbolic engine claimed (the built-in self-check), rules with parse errors included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/parser/index.js';
import { defaultHost } from '../../src/sim/host/default-host.js';
import { createSimulator } from '../../src/sim/index.js';
import { buildModel } from '../../src/verify/model.js';
import { reach } from '../../src/verify/questions/reach.js';
import { corpusAvailable, corpusEntries } from '../helpers/corpus.js';

const entries = corpusAvailable ? corpusEntries() : [];

describe.skipIf(!corpusAvailable)('symbolic reach on every corpus dump', () => {
  it.each(entries.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    const rs = parseRuleset(readFileSync(e.path, 'utf8'), { file: e.name }).value;
    const v4 = rs.family === 'ipv4';
    const dst = v4 ? 0xcb007105n : 0x20010db8000100000000000000000005n;
    const src = v4 ? 0xc6336407n : 0x20010db8000000000000000000000007n;
    const host = defaultHost(rs, { family: rs.family, src, dst, iif: 'eth0' }).value;
    const iface = host.interfaces.find((i) => !i.loopback)!.name;
    const model = buildModel(rs, { host });
    const r = reach(model, createSimulator(rs, { host }), { family: rs.family, to: [[dst, dst]], origin: { kind: 'remote', iface } }, { defaultIface: iface });
    expect(r.selfCheck).toEqual([]);
    expect(r.witnesses.length).toBeGreaterThan(0);
  }, 60_000);
});
