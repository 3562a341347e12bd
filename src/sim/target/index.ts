// Every basic target's compiler: one file per target (src/sim/target/<kind>.ts exports <kind>Target).
// NAT and conntrack targets (CoreTargetKind) are compiled by src/sim/nat and src/sim/conntrack.
import type { BasicTargetCompilers } from './contract.js';
import { auditTarget } from './audit.js';
import { checksumTarget } from './checksum.js';
import { classifyTarget } from './classify.js';
import { connmarkTarget } from './connmark.js';
import { connsecmarkTarget } from './connsecmark.js';
import { dscpTarget } from './dscp.js';
import { hlTarget } from './hl.js';
import { logTarget } from './log.js';
import { markTarget } from './mark.js';
import { nflogTarget } from './nflog.js';
import { nfqueueTarget } from './nfqueue.js';
import { rejectTarget } from './reject.js';
import { secmarkTarget } from './secmark.js';
import { setTarget } from './set.js';
import { tcpmssTarget } from './tcpmss.js';
import { tosTarget } from './tos.js';
import { tproxyTarget } from './tproxy.js';
import { traceTarget } from './trace.js';
import { ttlTarget } from './ttl.js';
import { ulogTarget } from './ulog.js';

export const TARGET_COMPILERS: BasicTargetCompilers = {
  audit: auditTarget,
  checksum: checksumTarget,
  classify: classifyTarget,
  connmark: connmarkTarget,
  connsecmark: connsecmarkTarget,
  dscp: dscpTarget,
  hl: hlTarget,
  log: logTarget,
  mark: markTarget,
  nflog: nflogTarget,
  nfqueue: nfqueueTarget,
  reject: rejectTarget,
  secmark: secmarkTarget,
  set: setTarget,
  tcpmss: tcpmssTarget,
  tos: tosTarget,
  tproxy: tproxyTarget,
  trace: traceTarget,
  ttl: ttlTarget,
  ulog: ulogTarget,
};
