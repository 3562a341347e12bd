// Registry of target extension specs, keyed by IR kind.
import type { ExtensionTarget } from '../../../../ir/targets/index.js';
import type { TargetSpec } from '../spec.js';
import { rejectTarget } from './reject.js';
import { logTarget } from './log.js';
import { nflogTarget } from './nflog.js';
import { ulogTarget } from './ulog.js';
import { markTarget } from './mark.js';
import { connmarkTarget } from './connmark.js';
import { classifyTarget } from './classify.js';
import { tosTarget } from './tos.js';
import { dscpTarget } from './dscp.js';
import { ttlTarget } from './ttl.js';
import { hlTarget } from './hl.js';
import { tcpmssTarget } from './tcpmss.js';
import { checksumTarget } from './checksum.js';
import { dnatTarget } from './dnat.js';
import { snatTarget } from './snat.js';
import { masqueradeTarget } from './masquerade.js';
import { redirectTarget } from './redirect.js';
import { netmapTarget } from './netmap.js';
import { notrackTarget } from './notrack.js';
import { ctTarget } from './ct.js';
import { nfqueueTarget } from './nfqueue.js';
import { tproxyTarget } from './tproxy.js';
import { traceTarget } from './trace.js';
import { auditTarget } from './audit.js';
import { setTarget } from './set.js';
import { secmarkTarget } from './secmark.js';
import { connsecmarkTarget } from './connsecmark.js';

type SpecFor<K extends ExtensionTarget['kind']> = TargetSpec<Extract<ExtensionTarget, { kind: K }>>;
export const TARGET_SPECS: { readonly [K in ExtensionTarget['kind']]: SpecFor<K> } = {
  reject: rejectTarget,
  log: logTarget,
  nflog: nflogTarget,
  ulog: ulogTarget,
  mark: markTarget,
  connmark: connmarkTarget,
  classify: classifyTarget,
  tos: tosTarget,
  dscp: dscpTarget,
  ttl: ttlTarget,
  hl: hlTarget,
  tcpmss: tcpmssTarget,
  checksum: checksumTarget,
  dnat: dnatTarget,
  snat: snatTarget,
  masquerade: masqueradeTarget,
  redirect: redirectTarget,
  netmap: netmapTarget,
  notrack: notrackTarget,
  ct: ctTarget,
  nfqueue: nfqueueTarget,
  tproxy: tproxyTarget,
  trace: traceTarget,
  audit: auditTarget,
  set: setTarget,
  secmark: secmarkTarget,
  connsecmark: connsecmarkTarget,
};
