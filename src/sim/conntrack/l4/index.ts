/**
 * The layer-4 protocol trackers of the simulator's conntrack table
 * (net/netfilter/nf_conntrack_proto_*.c): what the table needs to find a
 * packet's tuple, decide it before the lookup, and judge it with its
 * protocol's tracker. tracker.ts says how they fit together.
 */
export type { CtSettings, Dir, L4Tracker, OpenResult, UpdateResult } from './tracker.js';
export { DEFAULT_CT_SETTINGS, IPPROTO_GRE, ctSettingsOf, isL4Unknown, trackerFor } from './tracker.js';
export { OTHER_L4 } from './results.js';
export { invertTuple, tupleOf, tupleProblem } from './tuple.js';
export type { IcmpKind, PreLookup } from './classify.js';
export { classify, icmpErrorKind } from './classify.js';
export type { TcpTrack } from './tcp.js';
export { tcpStateForGiven, tcpTrack } from './tcp.js';
export type { TcpIndex, TcpNext } from './tcp-table.js';
export { TCP_INDEXES, TCP_STATES, tcpFlagsValid, tcpIndex, tcpTransition } from './tcp-table.js';
