/**
 * Writes a deterministic kube-proxy (iptables mode) ruleset for N services.
 *
 *   npx tsx scripts/gen-kube-proxy.ts --services 10000 --out FILE
 *
 * Options:
 *   --services N              service ports (default 10000)
 *   --seed S                  PRNG seed (default 1); same seed, same bytes
 *   --out FILE                output file (default: stdout)
 *   --style restore|save      kube-proxy's iptables-restore input (default) or
 *                             what iptables-save prints once it is loaded
 *   --no-hooks                omit the built-in chains and their jump rules
 *                             (restore style: exactly kube-proxy's input)
 *   --large-cluster auto|on|off
 *                             drop per-endpoint comments (auto: >1000 endpoints,
 *                             as kube-proxy does)
 *   --no-endpoints-percent P  services without endpoints (default 1)
 *   --no-nfacct               kube-proxy without nfacct counters
 *   --no-random-fully         MASQUERADE without --random-fully
 *
 * Prints a summary (chains, rules, lines, bytes) on stderr.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateKubeProxyDump, type DumpStyle } from '../bench/kube-proxy.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    style: { type: 'string', default: 'restore' },
    'no-hooks': { type: 'boolean', default: false },
    'large-cluster': { type: 'string', default: 'auto' },
    'no-endpoints-percent': { type: 'string', default: '1' },
    'no-nfacct': { type: 'boolean', default: false },
    'no-random-fully': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

function fail(msg: string): never {
  process.stderr.write(`gen-kube-proxy: ${msg}\n`);
  process.exit(2);
}

if (values.help) {
  process.stdout.write(
    'usage: npx tsx scripts/gen-kube-proxy.ts [--services N] [--seed S] [--out FILE] [--style restore|save]\n' +
      '       [--no-hooks] [--large-cluster auto|on|off] [--no-endpoints-percent P] [--no-nfacct] [--no-random-fully]\n',
  );
  process.exit(0);
}

const services = Number(values.services);
const seed = Number(values.seed);
const noEndpointsPercent = Number(values['no-endpoints-percent']);
if (!Number.isInteger(services) || services < 0) fail(`--services must be a non-negative integer, got ${values.services}`);
if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be an integer in [0, 2^32), got ${values.seed}`);
if (!(noEndpointsPercent >= 0 && noEndpointsPercent <= 100)) fail('--no-endpoints-percent must be in [0, 100]');
if (values.style !== 'restore' && values.style !== 'save') fail(`--style must be restore or save, got ${values.style}`);
const lc = values['large-cluster'];
if (lc !== 'auto' && lc !== 'on' && lc !== 'off') fail(`--large-cluster must be auto, on or off, got ${lc}`);

const dump = generateKubeProxyDump({
  services,
  seed,
  style: values.style as DumpStyle,
  hooks: !values['no-hooks'],
  largeClusterMode: lc === 'auto' ? 'auto' : lc === 'on',
  noEndpointsPercent,
  nfacct: !values['no-nfacct'],
  randomFully: !values['no-random-fully'],
});

if (values.out) writeFileSync(values.out, dump.text);
else process.stdout.write(dump.text);

const s = dump.stats;
process.stderr.write(
  `${values.out ?? '(stdout)'}: ${s.services} services (${s.servicesWithEndpoints} with endpoints), ${s.endpoints} endpoints; ` +
    `filter ${s.filter.chains} chains / ${s.filter.rules} rules, nat ${s.nat.chains} chains / ${s.nat.rules} rules; ` +
    `${s.ruleLines} rule lines, ${s.lines} lines, ${(s.bytes / 1e6).toFixed(1)} MB` +
    `${s.largeClusterMode ? ' (large-cluster mode: no per-endpoint comments)' : ''}\n`,
);
