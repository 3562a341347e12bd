/**
 * `-j CONNMARK` revision 2 (net/netfilter/xt_connmark.c connmark_tg_shift),
 * on u32 values, `shift(x)` being `x >> shift_bits` for D_SHIFT_RIGHT and
 * `x << shift_bits` otherwise:
 *
 *   ct = nf_ct_get(skb, &ctinfo); if (ct == NULL) return XT_CONTINUE;
 *   SET:     newmark = shift((ct->mark & ~ctmask) ^ ctmark)
 *   SAVE:    newmark = (ct->mark & ~ctmask) ^ shift(skb->mark & nfmask)
 *   RESTORE: skb->mark = (skb->mark & ~nfmask) ^ shift(ct->mark & ctmask)
 *   return XT_CONTINUE;
 *
 * A packet without an entry (INVALID, UNTRACKED: `skb.ct` null) is left
 * alone. connmark_tg_check_v2 refuses `shift_bits >= 32` with EINVAL (checked
 * on 6.18: `--left-shift-mark 32` fails to load with iptables-legacy and
 * iptables-nft, 31 loads), so a shift of 32 never runs; JavaScript's `<<`
 * and `>>>` take the count modulo 32 as x86 does.
 */
import type { ConnmarkShift } from '../../ir/targets/connmark.js';
import type { TargetCompiler } from './contract.js';

type Shift = (x: number) => number;

function shifter(dir: ConnmarkShift, bits: number): Shift {
  if (bits === 0) return (x) => x >>> 0;
  return dir === 'right' ? (x) => x >>> bits : (x) => (x << bits) >>> 0;
}

export const connmarkTarget: TargetCompiler<'connmark'> = (t) => {
  const shift = shifter(t.shiftDir, t.shiftBits);
  const keepCt = ~t.ctmask >>> 0;
  const ctmask = t.ctmask >>> 0;
  switch (t.mode) {
    case 'set': {
      const value = t.value >>> 0;
      return (skb) => {
        const ct = skb.ct;
        if (ct) ct.mark = shift(((ct.mark & keepCt) ^ value) >>> 0);
        return 'continue';
      };
    }
    case 'save': {
      const nfmask = t.nfmask >>> 0;
      return (skb) => {
        const ct = skb.ct;
        if (ct) ct.mark = ((ct.mark & keepCt) ^ shift((skb.mark & nfmask) >>> 0)) >>> 0;
        return 'continue';
      };
    }
    case 'restore': {
      const keepNf = ~t.nfmask >>> 0;
      return (skb) => {
        const ct = skb.ct;
        if (ct) skb.mark = ((skb.mark & keepNf) ^ shift((ct.mark & ctmask) >>> 0)) >>> 0;
        return 'continue';
      };
    }
  }
};
