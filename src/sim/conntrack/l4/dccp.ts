/**
 * DCCP in 6.18 has no tracker of its own. nf_conntrack_proto_dccp.c (with
 * its DCCP-Request / Response / Ack state machine) is compiled only with
 * CONFIG_NF_CT_PROTO_DCCP, which this kernel's config no longer has (and
 * no nf_conntrack_dccp_* sysctls exist). nf_ct_get_tuple and
 * nf_conntrack_handle_packet then treat DCCP like any unknown protocol:
 * the generic tracker, with no ports in the tuple (tuple.ts).
 * Checked on 6.18: a DCCP-Request from port 6001 and another from 6003 to
 * the same host share one entry `dccp 33 599 ... sport=0 dport=0`; the
 * reply is ESTABLISHED; no state is shown.
 */
import { genericTracker } from './generic.js';
import type { L4Tracker } from './tracker.js';

export const dccpTracker: L4Tracker = { ...genericTracker, name: 'dccp' };
