/**
 * `-j NFQUEUE` revision 3 (net/netfilter/xt_NFQUEUE.c nfqueue_tg_v3):
 * returns NF_QUEUE_NR(queue), with NF_VERDICT_FLAG_QUEUE_BYPASS for
 * `--queue-bypass`; `--queue-balance` picks the queue by a flow hash
 * (nfqueue_hash, with a per-boot random seed) or, with `--queue-cpu-fanout`,
 * by the CPU.
 *
 * What happens next is nf_queue() (net/netfilter/nf_queue.c): the packet
 * goes to the program listening on the queue, which gives the verdict. When
 * nobody listens (__nf_queue: no queue handler, or nfqnl_enqueue_packet finds
 * no instance: -ESRCH) the packet is freed ("QUEUE == DROP if no one is
 * waiting"), unless the bypass flag is set: then nf_queue returns 1 and
 * nf_hook_slow goes on with the next hook function, as if this table had
 * accepted the packet. Checked on 6.18: with no listener a forwarded packet
 * is dropped, and with --queue-bypass it is forwarded.
 *
 * nfverify cannot know whether a program listens, so:
 * - without bypass the verdict is 'queue' (outcome `queued`): the packet
 *   leaves the kernel's hands either way (to the listener, or freed);
 * - with bypass it is an Unknown: queued to a listener, or accepted by this
 *   table when there is none.
 */
import { unknownVerdict } from '../engine/tri.js';
import type { TargetCompiler } from './contract.js';

export const nfqueueTarget: TargetCompiler<'nfqueue'> = (t) => {
  const last = t.queueNum + t.queuesTotal - 1;
  const which = t.queuesTotal > 1 ? `one of queues ${t.queueNum}-${last} (${t.cpuFanout ? 'by CPU' : 'by flow hash'})` : `queue ${t.queueNum}`;
  const text = `NFQUEUE: to ${which}; a program listening there decides, with none the packet is ${t.bypass ? 'accepted (--queue-bypass)' : 'dropped'}`;
  if (t.bypass) {
    const u = unknownVerdict('NFQUEUE', `whether a program listens on ${which}: if one does it decides, if none does --queue-bypass accepts the packet`, ['queue', 'accept'] as const);
    return (_skb, ctx) => {
      ctx.note(text);
      return u;
    };
  }
  return (_skb, ctx) => {
    ctx.note(text);
    return 'queue';
  };
};
