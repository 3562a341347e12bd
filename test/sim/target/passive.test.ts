// Targets that change nothing the simulator models and return XT_CONTINUE.
import { describe, expect, it } from 'vitest';
import { compile, ctx, skb } from './helpers.js';

describe('targets without a modelled effect', () => {
  it.each([
    ['classify', '-A POSTROUTING -j CLASSIFY --set-class 1:10', 'mangle'], // skb->priority
    ['checksum', '-A POSTROUTING -p udp -j CHECKSUM --checksum-fill', 'mangle'],
    ['secmark', '-A INPUT -j SECMARK --selctx system_u:object_r:ssh_packet_t:s0', 'mangle'],
    ['connsecmark', '-A INPUT -j CONNSECMARK --save', 'mangle'],
    ['connsecmark', '-A INPUT -j CONNSECMARK --restore', 'security'],
    ['audit', '-A INPUT -j AUDIT --type drop', 'filter'],
    ['trace', '-A PREROUTING -j TRACE', 'raw'],
  ] as const)('%s: %s', (kind, line, table) => {
    const { fn } = compile(kind, line, { table });
    const s = skb({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, mark: 3, tos: 4, ttl: 5 });
    const before = { ...s };
    expect(fn(s, ctx())).toBe('continue');
    expect(s).toEqual(before);
  });

  it('AUDIT and TRACE leave a note', () => {
    const c = ctx();
    compile('audit', '-A INPUT -j AUDIT --type accept').fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c);
    compile('trace', '-A PREROUTING -j TRACE', { table: 'raw' }).fn(skb({ src: '10.0.0.1', dst: '10.0.0.2' }), c);
    expect(c.notes).toEqual(['AUDIT: audit record (type accept)', 'TRACE: nf_trace set; the kernel logs every rule this packet traverses from here on']);
  });
});
