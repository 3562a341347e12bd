/**
 * Lint codes (NFV46xx): rules iptables-legacy loads but the nf_tables backend (iptables-nft) refuses or treats differently.
 * Same catalog style as ../codes.ts: a code is stable forever and never reused;
 * every lint code carries an `example` and `help`.
 *
 * Ranges: NFV4600–4609 the nft backend refuses the rule (the whole restore
 * fails), NFV4610–4619 it loads the rule but matches other packets,
 * NFV4620–4629 it loads the rule but something around it (counters, trace
 * output) differs. Every statement about behaviour was measured with
 * iptables 1.8.9 on Linux 6.18 in fresh network namespaces, on both backends
 * (test/kernel/lint-portability.test.ts); src/lint/checks/portability/README.md
 * has the experiments, and the candidates that turned out not to differ.
 */
import type { CodeSpec } from '../codes.js';

export const PORTABILITY_LINT_CODES = {
  NftNegatedAnyAddress: {
    code: 'NFV4600',
    slug: 'nft-negated-any-address',
    severity: 'error',
    summary: '"! -s 0.0.0.0/0" or "! -d ::/0": iptables-legacy loads the rule (it never matches), iptables-nft cannot load it.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT ! -s 0.0.0.0/0 -j DROP', 'COMMIT'].join('\n'),
    help:
      'A negated address with an all-zero mask (/0, or a mask of 0.0.0.0) means "no source at all": iptables-legacy loads it and the rule can ' +
      'never match. iptables-nft 1.8.9 translates an address test into a payload load of as many bytes as the mask has before its first zero ' +
      'byte (iptables/nft-shared.c add_addr); for a /0 mask that is zero bytes, which the kernel refuses. Measured on kernel 6.18, for ' +
      'IPv4 and IPv6 alike: iptables-nft-restore --test passes, the real iptables-nft-restore fails with "RULE_APPEND failed (Invalid argument)" ' +
      'and loads nothing of the file. Portable rewrite: delete the rule, since it never matches on any backend. (Without "!", "-s 0.0.0.0/0" ' +
      'is no test at all and loads everywhere.)',
  },
  NftQueueTarget: {
    code: 'NFV4601',
    slug: 'nft-queue-target',
    severity: 'error',
    summary: '-j QUEUE: iptables-legacy loads it, iptables-nft cannot (the nf_tables compat layer has no QUEUE target).',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 25 -j QUEUE', 'COMMIT'].join('\n'),
    help:
      'QUEUE is not an extension but a standard verdict of x_tables (NF_QUEUE to queue 0; libxtables/xtables.c xtables_find_target gives it ' +
      'the "standard" target). iptables-nft 1.8.9 translates ACCEPT, DROP and RETURN into nf_tables verdicts but sends QUEUE to the kernel ' +
      'as an x_tables target named "QUEUE" (iptables/xshared.c command_jump, iptables/nft.c add_action), and the kernel has no such target ' +
      '(net/netfilter/nft_compat.c nft_target_select_ops: xt_request_find_target fails with ENOENT). Measured on kernel 6.18, IPv4 and IPv6: iptables-nft-restore fails with "RULE_APPEND failed (No such file or ' +
      'directory)". Portable rewrite: -j NFQUEUE --queue-num 0, which is what QUEUE means (add --queue-bypass if packets should pass while no ' +
      'program listens; QUEUE drops them).',
  },
  NftJumpDepth: {
    code: 'NFV4602',
    slug: 'nft-jump-depth',
    severity: 'error',
    summary: 'A jump or goto that enters a chain 16 jumps deep from a built-in chain: nf_tables refuses it, iptables-legacy has no such limit.',
    example: [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ...Array.from({ length: 16 }, (_, i) => `:C${i + 1} - [0:0]`),
      '-A INPUT -j C1',
      ...Array.from({ length: 15 }, (_, i) => `-A C${i + 1} -j C${i + 2}`),
      'COMMIT',
    ].join('\n'),
    help:
      'nf_tables evaluates jumps with a fixed stack of NFT_JUMP_STACK_SIZE = 16 entries, and when a table is loaded it walks every chain ' +
      'reachable from each base (built-in) chain and refuses any chain it reaches at depth 16 (net/netfilter/nf_tables_api.c ' +
      'nft_chain_validate: "if (ctx->level == NFT_JUMP_STACK_SIZE) return -EMLINK"). A goto (-g) counts like a jump. iptables-legacy has no ' +
      'such limit. Measured on kernel 6.18: INPUT -> C1 -> ... -> C15 loads on both backends; one more chain and iptables-nft-restore fails ' +
      'with "RULE_APPEND failed (Too many links)" at the rule that jumps into it (even when that chain is empty), and loads nothing of the ' +
      'file. Chains that no built-in chain reaches are not walked. Portable rewrite: flatten the chain nesting to at most 15 levels (inline ' +
      'a chain that has a single caller, or jump to the deep chain from higher up).',
  },
  NftNegatedPortPair: {
    code: 'NFV4610',
    slug: 'nft-negated-port-pair',
    severity: 'warning',
    summary: '"! --sport A ! --dport B" (single ports): iptables-nft matches when either port differs, iptables-legacy only when both do.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp ! --sport 1024 ! --dport 22 -j DROP', 'COMMIT'].join('\n'),
    help:
      'In the kernel tcp and udp matches every test must hold, so "! --sport A ! --dport B" matches packets whose source port is not A ' +
      'and whose destination port is not B (net/netfilter/xt_tcpudp.c tcp_mt/udp_mt). iptables-nft 1.8.9 translates the tcp and udp matches ' +
      'into native nf_tables expressions and, when both options are single non-zero ports negated alike, compares the two ports as one ' +
      '32-bit word (iptables/nft.c add_nft_tcpudp); negated, that word test holds when either port differs. The rule loads on both ' +
      'backends and iptables-nft-save prints it back unchanged, but it matches more packets under nft: measured on kernel 6.18 for IPv4 ' +
      'and IPv6, a packet from port A to a port other than B does not match under legacy and matches under nft. (Fixed in iptables 1.8.11, ' +
      'commit "nft: Do not combine inverted payload matches".) Portable rewrite: test one of the ports with the multiport match, ' +
      '"-m tcp ! --sport A -m multiport ! --dports B" (measured: the same packets match on both backends, and iptables-nft-save prints it ' +
      'back as written). Two separate "-m tcp" matches also work when loaded, but iptables-nft-save merges them into the folded form.',
  },
  NftNegatedFullPortRange: {
    code: 'NFV4611',
    slug: 'nft-negated-full-port-range',
    severity: 'warning',
    summary: '"! --dport 0:65535" never matches under iptables-legacy; iptables-nft drops the test and matches every tcp/udp packet.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp ! --dport 0:65535 -j DROP', 'COMMIT'].join('\n'),
    help:
      'A port range covering every port, negated, is a test no packet passes: iptables-legacy loads the rule and it never matches. ' +
      'iptables-nft 1.8.9 skips a port test whose range is 0:65535 without looking at the negation (iptables/nft.c add_nft_tcpudp), so the ' +
      'rule keeps only "-p tcp" (or udp) and matches every such packet; iptables-nft-save then prints it without the port option. Measured ' +
      'on kernel 6.18, IPv4 and IPv6: no match under legacy, a match under nft. (Fixed in iptables 1.8.11, "nft: Do not omit full ranges ' +
      'if inverted".) Portable rewrite: delete the rule, since it matches nothing where it works as written.',
  },
  NftTcpFlagsEmptyMask: {
    code: 'NFV4612',
    slug: 'nft-tcp-flags-empty-mask',
    severity: 'warning',
    summary: '"--tcp-flags NONE SYN" or "! --tcp-flags NONE NONE" never matches under iptables-legacy; iptables-nft drops the test.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp --tcp-flags NONE SYN -j DROP', 'COMMIT'].join('\n'),
    help:
      '--tcp-flags MASK COMP tests (flags & MASK) == COMP. With MASK NONE that is "0 == COMP": never true when COMP names a flag, and never ' +
      'true negated when COMP is NONE, so iptables-legacy loads such a rule and it never matches (net/netfilter/xt_tcpudp.c tcp_mt). ' +
      'iptables-nft 1.8.9 emits the flags test only when the mask is not empty (iptables/nft.c add_nft_tcp), so the rule matches every tcp ' +
      'packet its other tests allow. Measured on kernel 6.18, IPv4 and IPv6. Not affected: rules that also use --tcp-option (iptables-nft ' +
      'then passes the whole match to the kernel unchanged). Portable rewrite: delete the test or the rule, or name the flags to examine ' +
      'in MASK (e.g. --tcp-flags SYN,ACK SYN).',
  },
  NftIp6CountersLost: {
    code: 'NFV4620',
    slug: 'nft-ip6-counters-lost',
    severity: 'note',
    summary: 'An IPv6 dump with rule counters: ip6tables-nft-restore --counters (1.8.9) loads every rule counter as 0.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '[120:9600] -A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'iptables-restore --counters (-c) loads the [packets:bytes] written before each rule, so that counters survive a reload. ' +
      'ip6tables-nft 1.8.9 never copies them into the IPv6 rule it builds (iptables/xshared.c ipv6_post_parse fills only the legacy ' +
      'field; fixed in iptables 1.8.10, "iptables: Fix setting of ipv6 counters"), so they start at 0; ip6tables-legacy-restore and ' +
      'iptables-nft-restore (IPv4) keep them, and chain policy counters are kept on both. Measured on kernel 6.18: after "[5:300] -A INPUT ..." and --counters, ip6tables-legacy-save -c shows [5:300], ' +
      'ip6tables-nft-save -c shows [0:0]. The rules themselves work the same; only statistics, and tools that read them (rules never hit, ' +
      'accounting), see a reset. Nothing to rewrite; expect counters to restart after an ip6tables-nft reload.',
  },
  NftTraceTarget: {
    code: 'NFV4621',
    slug: 'nft-trace-target',
    severity: 'note',
    summary: '-j TRACE: iptables-nft turns it into nftrace, whose output is read with xtables-monitor --trace, not from the kernel log.',
    example: ['*raw', ':PREROUTING ACCEPT [0:0]', '-A PREROUTING -p tcp --dport 80 -j TRACE', 'COMMIT'].join('\n'),
    help:
      'Under iptables-legacy, TRACE marks the packet and ip_tables logs every rule it then traverses through the nf_log backend of the ' +
      'family (net/ipv4/netfilter/ip_tables.c trace_packet: "TRACE: raw:PREROUTING:rule:1" lines in the kernel log, when a logger such as ' +
      'nf_log_syslog is bound). iptables-nft 1.8.9 replaces the target by "meta nftrace set 1" (iptables/nft.c add_meta_nftrace): nf_tables ' +
      'then sends trace events over netlink, which "xtables-monitor --trace" or "nft monitor trace" print, and nothing goes to the kernel ' +
      'log. Measured on kernel 6.18: the same rule and packet give trace events under nft and none under legacy. The rule loads on both; ' +
      'read the trace with xtables-monitor --trace on hosts that run iptables-nft.',
  },
} as const satisfies Record<string, CodeSpec>;
