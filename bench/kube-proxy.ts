/**
 * Deterministic generator of kube-proxy (iptables mode) rulesets, for the
 * parse benchmark and for tests that need a large, realistic dump.
 *
 * The rule shapes follow upstream's `syncProxyRules` (pkg/proxy/iptables/proxier.go,
 * current layout with KUBE-EXT / KUBE-FW / KUBE-SVL chains, KUBE-PROXY-FIREWALL,
 * nfacct counters) token for token; `renderKubeProxyDump` reproduces
 * upstream's own expected output for TestOverallIPTablesRules byte for byte
 * (see test/bench/kube-proxy.test.ts). Chain names are computed the way
 * kube-proxy computes them: base32(sha256(servicePortName + protocol
 * [+ endpoint]))[:16].
 *
 * Two renderings of the same ruleset:
 * - `restore`: what kube-proxy feeds to `iptables-restore --noflush`
 *   (`-d 10.96.0.10`, `--or-mark 0x4000`, options in kube-proxy's order);
 * - `save`: what `iptables-legacy-save` prints once that input is loaded
 *   (`-d 10.96.0.10/32`, `--set-xmark 0x4000/0x4000`, `-p` before the
 *   matches, recent's defaults spelled out, probabilities as the kernel
 *   stores them). Checked against the real iptables-save in the test.
 *
 * No Math.random: every choice comes from a seeded PRNG (sfc32).
 */
import { createHash } from 'node:crypto';

// ---------------------------------------------------------------------------
// Model

export type Protocol = 'tcp' | 'udp';

export interface EndpointSpec {
  readonly ip: string;
  readonly port: number;
  /** On this node (kube-proxy's `IsLocal`). */
  readonly local: boolean;
}

/** One service port (kube-proxy's ServicePort); `endpoints` are the ready ones. */
export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  /** '' for an unnamed port: the service-port name is then `ns/name`. */
  readonly portName: string;
  readonly protocol: Protocol;
  readonly clusterIP: string;
  readonly port: number;
  /** 0 = none. */
  readonly nodePort: number;
  /** 0 = none (only LoadBalancer services with externalTrafficPolicy Local have one). */
  readonly healthCheckNodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  /** externalTrafficPolicy: Local. */
  readonly externalPolicyLocal: boolean;
  /** sessionAffinity ClientIP timeout in seconds; 0 = no affinity. */
  readonly sessionAffinitySeconds: number;
  readonly endpoints: readonly EndpointSpec[];
}

export type DumpStyle = 'restore' | 'save';

export interface RenderOptions {
  /** Default 'restore'. */
  readonly style?: DumpStyle;
  /**
   * Built-in chains plus the jump rules kube-proxy and kubelet insert into
   * INPUT/FORWARD/OUTPUT/PREROUTING/POSTROUTING (as a node's iptables-save
   * shows them). Without hooks, a 'restore' dump is exactly kube-proxy's
   * iptables-restore input. Default true.
   */
  readonly hooks?: boolean;
  /** A comment line at the top (restore) or around each table (save); null for none. */
  readonly header?: string | null;
  /**
   * kube-proxy drops the per-endpoint comments when the cluster has more than
   * 1000 endpoints; 'auto' (default) does the same.
   */
  readonly largeClusterMode?: boolean | 'auto';
  /** MASQUERADE --random-fully. Default true. */
  readonly randomFully?: boolean;
  /** --iptables-localhost-nodeports (default true): KUBE-FIREWALL chain, nodeports on 127.0.0.0/8. */
  readonly localhostNodePorts?: boolean;
  /** nfacct counters available (default true): `-m nfacct` on the INVALID-drop and localhost-nodeport rules. */
  readonly nfacct?: boolean;
  /** The pod CIDR of kube-proxy's local-traffic detector (`! -s CIDR -j KUBE-MARK-MASQ`). Default 10.244.0.0/16. */
  readonly clusterCIDR?: string;
  /** This node's IP (a loadBalancerSourceRange containing it adds `-s <lb ip>` rules). Default 192.168.0.10. */
  readonly nodeIP?: string;
  /** The masquerade mark. Default 0x4000 (as in upstream's tests). */
  readonly masqueradeMark?: string;
}

export interface TableStats {
  /** Chain declarations (`:NAME ...`), built-in ones included. */
  readonly chains: number;
  /** `-A` lines. */
  readonly rules: number;
}

export interface DumpStats {
  readonly services: number;
  readonly servicesWithEndpoints: number;
  readonly endpoints: number;
  readonly largeClusterMode: boolean;
  readonly filter: TableStats;
  readonly nat: TableStats;
  /** All `-A` lines. */
  readonly ruleLines: number;
  /** All lines (the text ends with a newline). */
  readonly lines: number;
  /** UTF-8 bytes (the text is ASCII). */
  readonly bytes: number;
  /** Chains by prefix (KUBE-SVC, KUBE-SEP, KUBE-EXT, KUBE-FW, KUBE-SVL). */
  readonly perServiceChains: Readonly<Record<'KUBE-SVC' | 'KUBE-SEP' | 'KUBE-EXT' | 'KUBE-FW' | 'KUBE-SVL', number>>;
}

export interface KubeProxyDump {
  readonly text: string;
  readonly stats: DumpStats;
  readonly services: readonly ServiceSpec[];
}

// ---------------------------------------------------------------------------
// Chain names, as kube-proxy computes them

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** First 16 characters of RFC 4648 base32 (StdEncoding) of the first 10 bytes. */
function base32Prefix16(bytes: Uint8Array): string {
  let out = '';
  let buf = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    buf = (buf << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buf >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buf &= (1 << bits) - 1;
  }
  return out;
}

function hash16(s: string): string {
  return base32Prefix16(createHash('sha256').update(s).digest());
}

/** kube-proxy's portProtoHash: the 16-character suffix of KUBE-SVC/SVL/EXT/FW chain names. */
export function portProtoHash(servicePortName: string, protocol: Protocol): string {
  return hash16(servicePortName + protocol);
}

/** kube-proxy's servicePortEndpointChainName: `KUBE-SEP-` + 16 characters. */
export function endpointChainName(servicePortName: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol + endpoint)}`;
}

/** `ns/name:port`, or `ns/name` for an unnamed port (ServicePortName.String()). */
export function servicePortName(svc: ServiceSpec): string {
  return `${svc.namespace}/${svc.name}${svc.portName ? `:${svc.portName}` : ''}`;
}

// ---------------------------------------------------------------------------
// Small helpers

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function cidrContains(cidr: string, ip: string): boolean {
  const [base, lenS] = cidr.split('/');
  const len = lenS === undefined ? 32 : Number(lenS);
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return ((ipToInt(base!) & mask) >>> 0) === ((ipToInt(ip) & mask) >>> 0);
}

/** iptables-save prints every address with its prefix length. */
function withLen(addr: string): string {
  return addr.includes('/') ? addr : `${addr}/32`;
}

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ escapes. */
function saveString(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s;
  return `"${s.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** kube-proxy's computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)). */
function probability(n: number): string {
  return (1 / n).toFixed(10);
}

/** libxt_statistic: parse stores lround(0x80000000 * p), save prints it back with %.11f. */
function savedProbability(p: string): string {
  return (Math.round(0x80000000 * Number(p)) / 0x80000000).toFixed(11);
}

// ---------------------------------------------------------------------------
// Rendering

class Table {
  /** Declaration order for the restore rendering; save sorts user chains. */
  private readonly chains: string[] = [];
  private readonly rules = new Map<string, string[]>();
  constructor(readonly name: 'filter' | 'nat') {}

  declare(chain: string): void {
    if (this.rules.has(chain)) return;
    this.chains.push(chain);
    this.rules.set(chain, []);
  }

  add(chain: string, text: string): void {
    const list = this.rules.get(chain);
    if (!list) throw new Error(`rule for undeclared chain ${chain}`);
    list.push(text);
  }

  render(out: string[], style: DumpStyle, builtins: readonly string[], header: string | null): TableStats {
    // Restore: kube-proxy's top-level chains first (as upstream's test output
    // sorts them), then the rest alphabetically. Save: libiptc keeps user
    // chains sorted.
    const user = this.chains.filter((c) => !builtins.includes(c));
    const first = style === 'restore' ? ['KUBE-NODEPORTS', 'KUBE-SERVICES'].filter((c) => user.includes(c)) : [];
    const rest = user.filter((c) => !first.includes(c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const declaredBuiltins = builtins.filter((c) => this.rules.has(c) || style === 'save');
    const order = [...declaredBuiltins, ...first, ...rest];
    if (style === 'save' && header !== null) out.push(`# Generated by ${header}`);
    out.push(`*${this.name}`);
    for (const c of order) out.push(builtins.includes(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`);
    let rules = 0;
    for (const c of order) {
      for (const r of this.rules.get(c) ?? []) {
        out.push(`-A ${c} ${r}`);
        rules++;
      }
    }
    out.push('COMMIT');
    if (style === 'save' && header !== null) out.push(`# Completed by ${header}`);
    return { chains: order.length, rules };
  }
}

const FILTER_BUILTINS = ['INPUT', 'FORWARD', 'OUTPUT'] as const;
const NAT_BUILTINS = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'] as const;

interface Jump {
  readonly table: 'filter' | 'nat';
  readonly dst: string;
  readonly src: string;
  readonly comment: string;
  readonly ctNew: boolean;
}

// iptablesJumpChains followed by iptablesKubeletJumpChains, in upstream's
// order; each is inserted at position 1 (EnsureRule(Prepend)), so a chain
// ends up holding them in reverse.
const JUMPS: readonly Jump[] = [
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'INPUT', comment: 'kubernetes externally-visible service portals', ctNew: true },
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'FORWARD', comment: 'kubernetes externally-visible service portals', ctNew: true },
  { table: 'filter', dst: 'KUBE-NODEPORTS', src: 'INPUT', comment: 'kubernetes health check service ports', ctNew: false },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'FORWARD', comment: 'kubernetes service portals', ctNew: true },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', ctNew: true },
  { table: 'filter', dst: 'KUBE-FORWARD', src: 'FORWARD', comment: 'kubernetes forwarding rules', ctNew: false },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'INPUT', comment: 'kubernetes load balancer firewall', ctNew: true },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'OUTPUT', comment: 'kubernetes load balancer firewall', ctNew: true },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'FORWARD', comment: 'kubernetes load balancer firewall', ctNew: true },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', ctNew: false },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'PREROUTING', comment: 'kubernetes service portals', ctNew: false },
  { table: 'nat', dst: 'KUBE-POSTROUTING', src: 'POSTROUTING', comment: 'kubernetes postrouting rules', ctNew: false },
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'INPUT', comment: '', ctNew: false },
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'OUTPUT', comment: '', ctNew: false },
];

const LOCALHOST_NPS_COUNTER = 'localhost_nps_accepted_pkts';
const CT_INVALID_COUNTER = 'ct_state_invalid_dropped_pkts';

/** Renders kube-proxy's rules for the given service ports, in the given order. */
export function renderKubeProxyDump(services: readonly ServiceSpec[], options: RenderOptions = {}): KubeProxyDump {
  const style = options.style ?? 'restore';
  const save = style === 'save';
  const hooks = options.hooks ?? true;
  const header = options.header === undefined ? null : options.header;
  const randomFully = options.randomFully ?? true;
  const localhostNodePorts = options.localhostNodePorts ?? true;
  const nfacct = options.nfacct ?? true;
  const clusterCIDR = options.clusterCIDR ?? '10.244.0.0/16';
  const nodeIP = options.nodeIP ?? '192.168.0.10';
  const mark = options.masqueradeMark ?? '0x4000';
  const totalEndpoints = services.reduce((n, s) => n + s.endpoints.length, 0);
  const largeClusterMode =
    options.largeClusterMode === undefined || options.largeClusterMode === 'auto'
      ? totalEndpoints > 1000
      : options.largeClusterMode;

  const filter = new Table('filter');
  const nat = new Table('nat');
  if (hooks) {
    for (const c of FILTER_BUILTINS) filter.declare(c);
    for (const c of NAT_BUILTINS) nat.declare(c);
  }
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
    filter.declare(c);
  }
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) nat.declare(c);

  if (hooks) {
    const byChain = new Map<string, Jump[]>();
    for (const j of JUMPS) {
      if (j.dst === 'KUBE-FIREWALL' && !localhostNodePorts) continue;
      const key = `${j.table}/${j.src}`;
      byChain.set(key, [j, ...(byChain.get(key) ?? [])]);
    }
    for (const list of byChain.values()) {
      for (const j of list) {
        const t = j.table === 'filter' ? filter : nat;
        const ct = j.ctNew ? '-m conntrack --ctstate NEW ' : '';
        const cm = j.comment ? `-m comment --comment "${j.comment}" ` : '';
        t.add(j.src, `${ct}${cm}-j ${j.dst}`);
      }
    }
  }

  // KUBE-POSTROUTING / KUBE-MARK-MASQ
  nat.add('KUBE-POSTROUTING', `-m mark ! --mark ${mark}/${mark} -j RETURN`);
  nat.add('KUBE-POSTROUTING', save ? `-j MARK --set-xmark ${mark}/0x0` : `-j MARK --xor-mark ${mark}`);
  nat.add(
    'KUBE-POSTROUTING',
    `-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${randomFully ? ' --random-fully' : ''}`,
  );
  nat.add('KUBE-MARK-MASQ', save ? `-j MARK --set-xmark ${mark}/${mark}` : `-j MARK --or-mark ${mark}`);

  if (localhostNodePorts) {
    filter.declare('KUBE-FIREWALL');
    filter.add(
      'KUBE-FIREWALL',
      save
        ? '! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP'
        : '-m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    );
  }

  /**
   * `-m comment --comment C ` as kube-proxy writes it (quoted when `quoted`,
   * i.e. when it wrote the comment with %q-style quotes) or as iptables-save
   * prints it.
   */
  const comment = (c: string, quoted: boolean): string =>
    `-m comment --comment ${save ? saveString(c) : quoted ? `"${c}"` : c} `;
  const ifNotLocal = { restore: `! -s ${clusterCIDR}`, save: `! -s ${withLen(clusterCIDR)}` };
  const ifLocal = { restore: `-s ${clusterCIDR}`, save: `-s ${withLen(clusterCIDR)}` };

  const perServiceChains = { 'KUBE-SVC': 0, 'KUBE-SEP': 0, 'KUBE-EXT': 0, 'KUBE-FW': 0, 'KUBE-SVL': 0 };

  for (const svc of services) {
    const spn = servicePortName(svc);
    const p = svc.protocol;
    const hash = portProtoHash(spn, p);
    const clusterPolicyChain = `KUBE-SVC-${hash}`;
    const localPolicyChain = `KUBE-SVL-${hash}`;
    const fwChain = `KUBE-FW-${hash}`;
    const extChain = `KUBE-EXT-${hash}`;
    const eps = svc.endpoints.map((e) => ({ ...e, str: `${e.ip}:${e.port}`, chain: endpointChainName(spn, p, `${e.ip}:${e.port}`) }));
    const localEps = eps.filter((e) => e.local);
    const externallyAccessible = svc.nodePort !== 0 || svc.externalIPs.length > 0 || svc.loadBalancerIPs.length > 0;
    const externalPolicyLocal = svc.externalPolicyLocal && externallyAccessible;
    const hasEndpoints = eps.length > 0;
    const usesClusterPolicyChain = eps.length > 0; // internalTrafficPolicy is always Cluster here
    const usesLocalPolicyChain = localEps.length > 0 && externalPolicyLocal;
    const hasInternalEndpoints = hasEndpoints;
    const hasExternalEndpoints = hasEndpoints && (!externalPolicyLocal || localEps.length > 0);
    const externalPolicyChain = externalPolicyLocal ? localPolicyChain : clusterPolicyChain;
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible;
    const usesFWChain = hasEndpoints && svc.loadBalancerIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? fwChain : extChain;
    const extFilterTarget = hasEndpoints ? 'DROP' : 'REJECT';
    const extFilterComment = hasEndpoints ? `${spn} has no local endpoints` : `${spn} has no endpoints`;
    const rejectSave = (t: string) => (t === 'REJECT' ? 'REJECT --reject-with icmp-port-unreachable' : t);

    /** `-m comment --comment "C" -m P -p P -d IP --dport PORT` and its saved form's pieces. */
    const dstRule = (chain: string, table: Table, comment: string, ip: string, port: number, rest: string, restSave: string) => {
      table.add(
        chain,
        save
          ? `-d ${withLen(ip)} -p ${p} -m comment --comment ${saveString(comment)} -m ${p} --dport ${port} ${restSave}`
          : `-m comment --comment "${comment}" -m ${p} -p ${p} -d ${ip} --dport ${port} ${rest}`,
      );
    };

    // Capture the cluster IP.
    if (hasInternalEndpoints) {
      dstRule('KUBE-SERVICES', nat, `${spn} cluster IP`, svc.clusterIP, svc.port, `-j ${clusterPolicyChain}`, `-j ${clusterPolicyChain}`);
    } else {
      dstRule('KUBE-SERVICES', filter, `${spn} has no endpoints`, svc.clusterIP, svc.port, '-j REJECT', `-j ${rejectSave('REJECT')}`);
    }
    // Capture external IPs.
    for (const ip of svc.externalIPs) {
      if (hasEndpoints) dstRule('KUBE-SERVICES', nat, `${spn} external IP`, ip, svc.port, `-j ${extChain}`, `-j ${extChain}`);
      if (!hasExternalEndpoints) {
        dstRule('KUBE-EXTERNAL-SERVICES', filter, extFilterComment, ip, svc.port, `-j ${extFilterTarget}`, `-j ${rejectSave(extFilterTarget)}`);
      }
    }
    // Capture load-balancer ingress.
    for (const ip of svc.loadBalancerIPs) {
      if (hasEndpoints) {
        dstRule('KUBE-SERVICES', nat, `${spn} loadbalancer IP`, ip, svc.port, `-j ${loadBalancerTrafficChain}`, `-j ${loadBalancerTrafficChain}`);
      }
      if (usesFWChain) {
        dstRule('KUBE-PROXY-FIREWALL', filter, `${spn} traffic not accepted by ${fwChain}`, ip, svc.port, '-j DROP', '-j DROP');
      }
    }
    if (!hasExternalEndpoints) {
      for (const ip of svc.loadBalancerIPs) {
        dstRule('KUBE-EXTERNAL-SERVICES', filter, extFilterComment, ip, svc.port, `-j ${extFilterTarget}`, `-j ${rejectSave(extFilterTarget)}`);
      }
    }
    // Capture node ports.
    if (svc.nodePort !== 0) {
      if (hasEndpoints) {
        if (localhostNodePorts && nfacct) {
          nat.add(
            'KUBE-NODEPORTS',
            save
              ? `-d 127.0.0.0/8 -p ${p} -m comment --comment ${saveString(spn)} -m ${p} --dport ${svc.nodePort} -m nfacct --nfacct-name  ${LOCALHOST_NPS_COUNTER} -j ${extChain}`
              : `-m comment --comment ${spn} -m ${p} -p ${p} -d 127.0.0.0/8 --dport ${svc.nodePort} -m nfacct --nfacct-name ${LOCALHOST_NPS_COUNTER} -j ${extChain}`,
          );
        }
        nat.add(
          'KUBE-NODEPORTS',
          save
            ? `-p ${p} -m comment --comment ${saveString(spn)} -m ${p} --dport ${svc.nodePort} -j ${extChain}`
            : `-m comment --comment ${spn} -m ${p} -p ${p} --dport ${svc.nodePort} -j ${extChain}`,
        );
      }
      if (!hasExternalEndpoints) {
        filter.add(
          'KUBE-EXTERNAL-SERVICES',
          save
            ? `-p ${p} -m comment --comment ${saveString(extFilterComment)} -m addrtype --dst-type LOCAL -m ${p} --dport ${svc.nodePort} -j ${rejectSave(extFilterTarget)}`
            : `-m comment --comment "${extFilterComment}" -m addrtype --dst-type LOCAL -m ${p} -p ${p} --dport ${svc.nodePort} -j ${extFilterTarget}`,
        );
      }
    }
    // Health check node ports (always TCP).
    if (svc.healthCheckNodePort !== 0) {
      const c = `${spn} health check node port`;
      filter.add(
        'KUBE-NODEPORTS',
        save
          ? `-p tcp -m comment --comment ${saveString(c)} -m tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`
          : `-m comment --comment "${c}" -m tcp -p tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`,
      );
    }

    // Internal traffic: masquerade off-cluster sources.
    if (hasInternalEndpoints) {
      nat.declare(clusterPolicyChain);
      const c = `${spn} cluster IP`;
      nat.add(
        clusterPolicyChain,
        save
          ? `${ifNotLocal.save} -d ${withLen(svc.clusterIP)} -p ${p} -m comment --comment ${saveString(c)} -m ${p} --dport ${svc.port} -j KUBE-MARK-MASQ`
          : `-m comment --comment "${c}" -m ${p} -p ${p} -d ${svc.clusterIP} --dport ${svc.port} ${ifNotLocal.restore} -j KUBE-MARK-MASQ`,
      );
    }

    // External traffic chain.
    if (usesExternalTrafficChain) {
      nat.declare(extChain);
      perServiceChains['KUBE-EXT']++;
      if (!externalPolicyLocal) {
        const c = `masquerade traffic for ${spn} external destinations`;
        nat.add(
          extChain,
          save
            ? `-m comment --comment ${saveString(c)} -j KUBE-MARK-MASQ`
            : `-m comment --comment "${c}" -j KUBE-MARK-MASQ`,
        );
      } else {
        const c1 = `pod traffic for ${spn} external destinations`;
        nat.add(
          extChain,
          save
            ? `${ifLocal.save} -m comment --comment ${saveString(c1)} -j ${clusterPolicyChain}`
            : `-m comment --comment "${c1}" ${ifLocal.restore} -j ${clusterPolicyChain}`,
        );
        const c2 = `masquerade LOCAL traffic for ${spn} external destinations`;
        nat.add(
          extChain,
          save
            ? `-m comment --comment ${saveString(c2)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`
            : `-m comment --comment "${c2}" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
        );
        const c3 = `route LOCAL traffic for ${spn} external destinations`;
        nat.add(
          extChain,
          save
            ? `-m comment --comment ${saveString(c3)} -m addrtype --src-type LOCAL -j ${clusterPolicyChain}`
            : `-m comment --comment "${c3}" -m addrtype --src-type LOCAL -j ${clusterPolicyChain}`,
        );
      }
      if (hasExternalEndpoints) nat.add(extChain, `-j ${externalPolicyChain}`);
    }

    // Load-balancer source ranges.
    if (usesFWChain) {
      nat.declare(fwChain);
      perServiceChains['KUBE-FW']++;
      const c = `${spn} loadbalancer IP`;
      let allowFromNode = false;
      for (const cidr of svc.loadBalancerSourceRanges) {
        nat.add(
          fwChain,
          save
            ? `-s ${withLen(cidr)} -m comment --comment ${saveString(c)} -j ${extChain}`
            : `-m comment --comment "${c}" -s ${cidr} -j ${extChain}`,
        );
        if (cidrContains(cidr, nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) {
        for (const ip of svc.loadBalancerIPs) {
          nat.add(
            fwChain,
            save
              ? `-s ${withLen(ip)} -m comment --comment ${saveString(c)} -j ${extChain}`
              : `-m comment --comment "${c}" -s ${ip} -j ${extChain}`,
          );
        }
      }
      const c2 = `other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`;
      nat.add(fwChain, save ? `-m comment --comment ${saveString(c2)}` : `-m comment --comment "${c2}"`);
    }

    const writeServiceToEndpointRules = (chain: string, list: typeof eps) => {
      if (svc.sessionAffinitySeconds > 0) {
        for (const ep of list) {
          const cm = largeClusterMode ? '' : comment(`${spn} -> ${ep.str}`, true);
          nat.add(
            chain,
            save
              ? `${cm}-m recent --rcheck --seconds ${svc.sessionAffinitySeconds} --reap --name ${ep.chain} --mask 255.255.255.255 --rsource -j ${ep.chain}`
              : `${cm}-m recent --name ${ep.chain} --rcheck --seconds ${svc.sessionAffinitySeconds} --reap -j ${ep.chain}`,
          );
        }
      }
      list.forEach((ep, i) => {
        let r = largeClusterMode ? '' : comment(`${spn} -> ${ep.str}`, true);
        if (i < list.length - 1) {
          const prob = probability(list.length - i);
          r += `-m statistic --mode random --probability ${save ? savedProbability(prob) : prob} `;
        }
        nat.add(chain, `${r}-j ${ep.chain}`);
      });
    };

    if (usesClusterPolicyChain) {
      nat.declare(clusterPolicyChain);
      perServiceChains['KUBE-SVC']++;
      writeServiceToEndpointRules(clusterPolicyChain, eps);
    }
    if (usesLocalPolicyChain) {
      nat.declare(localPolicyChain);
      perServiceChains['KUBE-SVL']++;
      writeServiceToEndpointRules(localPolicyChain, localEps);
    }

    // Per-endpoint chains.
    for (const ep of eps) {
      nat.declare(ep.chain);
      perServiceChains['KUBE-SEP']++;
      const cm = largeClusterMode ? '' : comment(spn, false);
      const affinity =
        svc.sessionAffinitySeconds === 0
          ? ''
          : save
            ? `-m recent --set --name ${ep.chain} --mask 255.255.255.255 --rsource `
            : `-m recent --name ${ep.chain} --set `;
      if (save) {
        nat.add(ep.chain, `-s ${withLen(ep.ip)} ${cm}-j KUBE-MARK-MASQ`);
        nat.add(ep.chain, `-p ${p} ${cm}${affinity}-m ${p} -j DNAT --to-destination ${ep.str}`);
      } else {
        nat.add(ep.chain, `${cm}-s ${ep.ip} -j KUBE-MARK-MASQ`);
        nat.add(ep.chain, `${cm}${affinity}-m ${p} -p ${p} -j DNAT --to-destination ${ep.str}`);
      }
    }
  }

  // The tail call to KUBE-NODEPORTS (nodePortAddresses match all).
  {
    const c = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';
    const notLo = localhostNodePorts ? '' : ' ! -d 127.0.0.0/8';
    nat.add(
      'KUBE-SERVICES',
      save
        ? `${notLo ? '! -d 127.0.0.0/8 ' : ''}-m comment --comment ${saveString(c)} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`
        : `-m comment --comment "${c}" -m addrtype --dst-type LOCAL${notLo} -j KUBE-NODEPORTS`,
    );
  }
  // KUBE-FORWARD
  filter.add(
    'KUBE-FORWARD',
    // libxt_nfacct's save prints two spaces before the name (iptables 1.8.9).
    `-m conntrack --ctstate INVALID${nfacct ? ` -m nfacct --nfacct-name ${save ? ' ' : ''}${CT_INVALID_COUNTER}` : ''} -j DROP`,
  );
  filter.add('KUBE-FORWARD', `-m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filter.add(
    'KUBE-FORWARD',
    '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  );

  const out: string[] = [];
  if (style === 'restore' && header !== null) out.push(`# ${header}`);
  const f = filter.render(out, style, FILTER_BUILTINS, header);
  const n = nat.render(out, style, NAT_BUILTINS, header);
  const text = `${out.join('\n')}\n`;
  return {
    text,
    services,
    stats: {
      services: services.length,
      servicesWithEndpoints: services.filter((s) => s.endpoints.length > 0).length,
      endpoints: totalEndpoints,
      largeClusterMode,
      filter: f,
      nat: n,
      ruleLines: f.rules + n.rules,
      lines: out.length,
      bytes: Buffer.byteLength(text),
      perServiceChains,
    },
  };
}

// ---------------------------------------------------------------------------
// Seeded service generation

/** sfc32, seeded through splitmix32: fast, 32-bit, identical on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 0x100000000;
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.float() * xs.length)]!;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

export interface GenerateOptions extends RenderOptions {
  /** Number of service ports (one KUBE-SVC chain each when they have endpoints). Default 10,000. */
  readonly services?: number;
  /** PRNG seed. Default 1. */
  readonly seed?: number;
  /**
   * Percentage of services with no ready endpoints (kube-proxy then writes a
   * REJECT rule in filter KUBE-SERVICES and no nat chains). Default 1; the
   * others have 1-5 endpoints each (uniformly).
   */
  readonly noEndpointsPercent?: number;
}

const TEAMS = [
  'payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'inventory', 'analytics', 'ads',
  'messaging', 'media', 'platform', 'observability', 'data', 'ml', 'support', 'growth', 'risk', 'partners',
];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'canary'];
const WORDS = [
  'api', 'auth', 'cache', 'cart', 'config', 'db', 'events', 'frontend', 'gateway', 'index', 'ingest', 'ledger',
  'mailer', 'metrics', 'notifier', 'orders', 'pricing', 'profile', 'queue', 'ranker', 'recommender', 'redis',
  'reports', 'router', 'scheduler', 'session', 'storage', 'stream', 'tokens', 'users', 'web', 'worker',
];
const ROLES = ['svc', 'backend', 'server', 'proxy', 'reader', 'writer', 'primary', 'replica', 'internal', 'public', 'v1', 'v2'];

interface PortChoice {
  readonly port: number;
  readonly name: string;
  readonly target: number;
  readonly udp: number; // probability of UDP
}
const PORTS: readonly PortChoice[] = [
  { port: 80, name: 'http', target: 8080, udp: 0 },
  { port: 80, name: 'http', target: 80, udp: 0 },
  { port: 443, name: 'https', target: 8443, udp: 0 },
  { port: 8080, name: 'http', target: 8080, udp: 0 },
  { port: 9090, name: 'metrics', target: 9090, udp: 0 },
  { port: 9091, name: 'grpc', target: 9091, udp: 0 },
  { port: 50051, name: 'grpc', target: 50051, udp: 0 },
  { port: 5432, name: 'postgres', target: 5432, udp: 0 },
  { port: 6379, name: 'redis', target: 6379, udp: 0 },
  { port: 3306, name: 'mysql', target: 3306, udp: 0 },
  { port: 9092, name: 'kafka', target: 9092, udp: 0 },
  { port: 11211, name: 'memcache', target: 11211, udp: 0 },
  { port: 53, name: 'dns', target: 5353, udp: 0.5 },
  { port: 514, name: 'syslog', target: 5514, udp: 0.8 },
  { port: 8125, name: 'statsd', target: 8125, udp: 0.9 },
];

type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Fixed shapes for the first services; unset fields are drawn at random. */
interface Archetype {
  readonly type?: ServiceType;
  readonly udp?: boolean;
  readonly local?: boolean;
  readonly firstLocal?: boolean;
  readonly externalIP?: boolean;
  readonly sourceRanges?: boolean;
  readonly affinity?: boolean;
  readonly noEndpoints?: boolean;
  readonly endpoints?: number;
}
const ARCHETYPES: readonly Archetype[] = [
  { type: 'ClusterIP', udp: true, endpoints: 2 }, // kube-dns-like, UDP
  { type: 'NodePort', local: false, endpoints: 3 },
  { type: 'LoadBalancer', local: true, firstLocal: true, endpoints: 3 }, // KUBE-SVL chain, health check node port
  { type: 'LoadBalancer', local: true, firstLocal: false, endpoints: 2 }, // no local endpoints: DROP rules
  { type: 'LoadBalancer', local: false, sourceRanges: true, endpoints: 2 }, // KUBE-FW chain, allow-from-node rules
  { type: 'ClusterIP', externalIP: true, endpoints: 1 },
  { type: 'ClusterIP', affinity: true, endpoints: 3 }, // -m recent
  { type: 'ClusterIP', noEndpoints: true }, // REJECT
  { type: 'NodePort', local: false, noEndpoints: true, externalIP: true }, // REJECT in KUBE-EXTERNAL-SERVICES
  { type: 'ClusterIP', endpoints: 5 },
];

const LB_SOURCE_RANGES = ['203.0.113.0/25', '198.51.100.0/24', '192.0.2.0/24', '100.64.0.0/10', '172.16.0.0/12'];

/** Generates service ports in kube-proxy's sorted order (by service-port name). */
export function generateServices(options: GenerateOptions = {}): ServiceSpec[] {
  const n = options.services ?? 10_000;
  const rng = new Rng(options.seed ?? 1);
  const noEndpoints = (options.noEndpointsPercent ?? 1) / 100;

  // About 40 services per namespace, at most TEAMS x ENVS namespaces.
  const nsCount = 2 + Math.min(TEAMS.length * ENVS.length, Math.ceil(n / 40));
  const namespaces: string[] = ['default', 'kube-system'];
  const allNs = rng.shuffle(TEAMS.flatMap((t) => ENVS.map((e) => `${t}-${e}`)));
  while (namespaces.length < nsCount) namespaces.push(allNs[namespaces.length - 2]!);
  const usedNames = new Set<string>();
  const usedClusterIPs = new Set<number>();
  const nodePorts = rng.shuffle(Array.from({ length: 32767 - 30000 + 1 }, (_, i) => 30000 + i));
  let nextNodePort = 0;
  // Pod IPs: 10.244.<node>.<2..254>; node 0 is this node.
  const NODES = 256;
  const podsOnNode = new Array<number>(NODES).fill(0);
  const allocPod = (node: number): { ip: string; local: boolean } => {
    let k = node;
    while (podsOnNode[k]! >= 253) k = (k + 1) % NODES;
    const host = 2 + podsOnNode[k]!++;
    return { ip: `10.244.${k}.${host}`, local: k === 0 };
  };
  let nextLbIp = ipToInt('198.18.0.1');
  let nextExtIp = ipToInt('192.168.99.1');

  const out: ServiceSpec[] = [];
  for (let i = 0; i < n; i++) {
    // The first services take fixed shapes so that even a small dump has every
    // kind of rule; the rest are drawn at random.
    const a: Archetype = ARCHETYPES[i] ?? {};
    const namespace = i < 10 ? (i < 3 ? 'kube-system' : 'default') : rng.pick(namespaces);
    let name = `${rng.pick(WORDS)}-${rng.pick(ROLES)}`;
    while (usedNames.has(`${namespace}/${name}`)) name = `${rng.pick(WORDS)}-${rng.pick(ROLES)}-${rng.int(1, 999)}`;
    usedNames.add(`${namespace}/${name}`);
    const pc = a.udp ? PORTS.find((x) => x.name === 'dns')! : rng.pick(PORTS);
    const portName = rng.chance(0.2) ? '' : pc.name;
    const protocol: Protocol = rng.chance(pc.udp) || a.udp ? 'udp' : 'tcp';
    let cip: number;
    do cip = ipToInt('10.96.0.0') + rng.int(1, (1 << 20) - 2);
    while (usedClusterIPs.has(cip));
    usedClusterIPs.add(cip);

    const r = rng.float();
    let type: ServiceType = a.type ?? (r < 0.05 ? 'NodePort' : r < 0.08 ? 'LoadBalancer' : 'ClusterIP');
    const wantExternalIP = rng.chance(0.005);
    const externalIPs = (a.externalIP ?? wantExternalIP) ? [intToIp(nextExtIp++)] : [];
    const wantLocal = rng.chance(type === 'LoadBalancer' ? 0.4 : 0.2);
    let externalPolicyLocal = type !== 'ClusterIP' && (a.local ?? wantLocal);
    let nodePort = 0;
    let healthCheckNodePort = 0;
    if (type !== 'ClusterIP') {
      const need = type === 'LoadBalancer' && externalPolicyLocal ? 2 : 1;
      if (nextNodePort + need <= nodePorts.length) {
        nodePort = nodePorts[nextNodePort++]!;
        if (need === 2) healthCheckNodePort = nodePorts[nextNodePort++]!;
      } else {
        type = 'ClusterIP'; // the node-port range is used up
        externalPolicyLocal = false;
      }
    }
    const loadBalancerIPs: string[] = [];
    const loadBalancerSourceRanges: string[] = [];
    if (type === 'LoadBalancer') {
      loadBalancerIPs.push(intToIp(nextLbIp++));
      if (rng.chance(0.1)) loadBalancerIPs.push(intToIp(nextLbIp++));
      const wantRanges = rng.chance(0.25);
      const range = rng.pick(LB_SOURCE_RANGES);
      const wantNodeRange = rng.chance(0.3);
      if (a.sourceRanges ?? wantRanges) {
        loadBalancerSourceRanges.push(range);
        if (a.sourceRanges ?? wantNodeRange) loadBalancerSourceRanges.push('192.168.0.0/16'); // contains the node IP
      }
    }
    const wantAffinity = rng.chance(0.03);
    const sessionAffinitySeconds = (a.affinity ?? wantAffinity) ? 10800 : 0;
    const endpoints: EndpointSpec[] = [];
    const wantNoEndpoints = rng.chance(noEndpoints);
    if (!(a.noEndpoints ?? wantNoEndpoints)) {
      const count = a.endpoints ?? rng.int(1, 5);
      for (let e = 0; e < count; e++) {
        const local = e === 0 && externalPolicyLocal && rng.chance(0.6);
        const node = (e === 0 ? a.firstLocal : undefined) ?? local ? 0 : rng.int(1, NODES - 1);
        const pod = allocPod(node);
        endpoints.push({ ip: pod.ip, port: pc.target, local: pod.local });
      }
    }
    out.push({
      namespace,
      name,
      portName,
      protocol,
      clusterIP: intToIp(cip),
      port: pc.port,
      nodePort,
      healthCheckNodePort,
      externalIPs,
      loadBalancerIPs,
      loadBalancerSourceRanges,
      externalPolicyLocal,
      sessionAffinitySeconds,
      endpoints,
    });
  }
  const keyed = out.map((s) => ({ s, key: `${servicePortName(s)}/${s.protocol}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.s);
}

/** Generates `options.services` services from `options.seed` and renders them. */
export function generateKubeProxyDump(options: GenerateOptions = {}): KubeProxyDump {
  const services = generateServices(options);
  const header =
    options.header === undefined
      ? `nfverify kube-proxy generator: services=${options.services ?? 10_000} seed=${options.seed ?? 1} style=${options.style ?? 'restore'}`
      : options.header;
  return renderKubeProxyDump(services, { ...options, header });
}
