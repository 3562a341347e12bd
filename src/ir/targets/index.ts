// The union of typed target extensions: one file per xtables target module.
import type { RejectTarget } from './reject.js';
import type { LogTarget } from './log.js';
import type { NflogTarget } from './nflog.js';
import type { UlogTarget } from './ulog.js';
import type { MarkTarget } from './mark.js';
import type { ConnmarkTarget } from './connmark.js';
import type { ClassifyTarget } from './classify.js';
import type { TosTarget } from './tos.js';
import type { DscpTarget } from './dscp.js';
import type { TtlTarget } from './ttl.js';
import type { HlTarget } from './hl.js';
import type { TcpmssTarget } from './tcpmss.js';
import type { ChecksumTarget } from './checksum.js';
import type { DnatTarget } from './dnat.js';
import type { SnatTarget } from './snat.js';
import type { MasqueradeTarget } from './masquerade.js';
import type { RedirectTarget } from './redirect.js';
import type { NetmapTarget } from './netmap.js';
import type { NotrackTarget } from './notrack.js';
import type { CtTarget } from './ct.js';
import type { NfqueueTarget } from './nfqueue.js';
import type { TproxyTarget } from './tproxy.js';
import type { TraceTarget } from './trace.js';
import type { AuditTarget } from './audit.js';
import type { SetTarget } from './set.js';
import type { SecmarkTarget } from './secmark.js';
import type { ConnsecmarkTarget } from './connsecmark.js';

export type ExtensionTarget =
  | RejectTarget
  | LogTarget
  | NflogTarget
  | UlogTarget
  | MarkTarget
  | ConnmarkTarget
  | ClassifyTarget
  | TosTarget
  | DscpTarget
  | TtlTarget
  | HlTarget
  | TcpmssTarget
  | ChecksumTarget
  | DnatTarget
  | SnatTarget
  | MasqueradeTarget
  | RedirectTarget
  | NetmapTarget
  | NotrackTarget
  | CtTarget
  | NfqueueTarget
  | TproxyTarget
  | TraceTarget
  | AuditTarget
  | SetTarget
  | SecmarkTarget
  | ConnsecmarkTarget
  ;

export type { RejectTarget } from './reject.js';
export type { LogTarget } from './log.js';
export type { NflogTarget } from './nflog.js';
export type { UlogTarget } from './ulog.js';
export type { MarkTarget } from './mark.js';
export type { ConnmarkTarget } from './connmark.js';
export type { ClassifyTarget } from './classify.js';
export type { TosTarget } from './tos.js';
export type { DscpTarget } from './dscp.js';
export type { TtlTarget } from './ttl.js';
export type { HlTarget } from './hl.js';
export type { TcpmssTarget } from './tcpmss.js';
export type { ChecksumTarget } from './checksum.js';
export type { DnatTarget } from './dnat.js';
export type { SnatTarget } from './snat.js';
export type { MasqueradeTarget } from './masquerade.js';
export type { RedirectTarget } from './redirect.js';
export type { NetmapTarget } from './netmap.js';
export type { NotrackTarget } from './notrack.js';
export type { CtTarget } from './ct.js';
export type { NfqueueTarget } from './nfqueue.js';
export type { TproxyTarget } from './tproxy.js';
export type { TraceTarget } from './trace.js';
export type { AuditTarget } from './audit.js';
export type { SetTarget } from './set.js';
export type { SecmarkTarget } from './secmark.js';
export type { ConnsecmarkTarget } from './connsecmark.js';
