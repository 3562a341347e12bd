/**
 * Lint codes NFV4001–NFV4099: structure and hygiene of one dump (chains never
 * used, empty chains, duplicate rules, deprecated and removed syntax), and
 * NFV4800–NFV4899: notes from `-c` counters.
 * Same catalog style as ../codes.ts: a code is stable forever and never reused;
 * every lint code carries an `example` and `help`.
 */
import type { CodeSpec } from '../codes.js';

export const STRUCTURAL_LINT_CODES = {
  UnreferencedChain: {
    code: 'NFV4001',
    slug: 'unreferenced-chain',
    severity: 'warning',
    summary: 'A user-defined chain that no rule of its table jumps or goes to: its rules never run.',
    example: ['*filter', ':INPUT DROP [0:0]', ':old_rules - [0:0]', '-A old_rules -p tcp --dport 22 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'The kernel only runs a user chain when a rule jumps (-j) or goes (-g) to it, so a chain nothing refers to is dead: ' +
      'its rules never see a packet, however they read. It is usually left over from an edit (a jump was deleted or renamed) ' +
      'or was meant to be hooked and never was. Add the missing jump, or delete the chain (iptables -F NAME; iptables -X NAME). ' +
      'Chains reached only through it are dead too and are named in the message. ' +
      'Dumps that are partial by design (restore fragments, tool-managed chains) get NFV4002 instead.',
  },
  ChainsHookedElsewhere: {
    code: 'NFV4002',
    slug: 'chains-hooked-elsewhere',
    severity: 'note',
    summary: 'User chains this file does not reference because the dump is partial or the chains belong to a tool that hooks them elsewhere.',
    example: ['*filter', ':ufw-user-input - [0:0]', '-A ufw-user-input -p tcp --dport 22 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'Some files hold only part of a ruleset: kube-proxy and Calico feed iptables-restore --noflush with the chains they own, ' +
      "ufw loads ufw_user.rules next to before.rules and after.rules, which hold the jumps. Such a table declares no built-in chain " +
      'and adds no rule to one, or its chains carry the name of a tool that creates them and hooks them from its own rules ' +
      '(ufw-, ufw6-, KUBE-, DOCKER, f2b-, fail2ban-, cali-, CNI-, ISTIO_, WEAVE, FLANNEL-, CILIUM_, LIBVIRT_, NETAVARK). ' +
      'nfverify cannot see those references, so instead of one NFV4001 warning per chain it gives this one note per file. ' +
      'Lint the complete ruleset (iptables-save of the live host) to check that the chains are really hooked.',
  },
  EmptyChain: {
    code: 'NFV4003',
    slug: 'empty-chain',
    severity: 'note',
    summary: 'A user-defined chain with no rules that rules jump or go to: a jump to it does nothing, a goto to it acts as RETURN.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', ':blocklist - [0:0]', '-A INPUT -j blocklist', 'COMMIT'].join('\n'),
    help:
      'At the end of a user chain the kernel returns to the rule after the one that jumped there (ipt_do_table pops its jump stack), ' +
      'so -j EMPTY only costs time. A -g (goto) pushes no return point: reaching the end of the empty chain returns from the chain ' +
      'that holds the goto, to its caller, or applies the policy when the goto is in a built-in chain, exactly like -j RETURN. ' +
      'Empty chains are often placeholders kept for later rules (Docker, fail2ban and kube-proxy create some); ' +
      'if the chain was meant to hold rules, they are missing.',
  },
  DuplicateRule: {
    code: 'NFV4004',
    slug: 'duplicate-rule',
    severity: 'warning',
    summary: 'A rule identical to an earlier rule of the same chain (same text once printed as iptables-save prints it).',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'Both rules are compared as iptables-save prints them, so spelling differences (option order, implicit -m tcp, service names, ' +
      'address forms) do not hide a repeat. A repeated rule is usually a script that appended it twice (-A instead of a check with -C). ' +
      'When no rule between the two changes the packet (MARK, CONNMARK, DNAT, ...) and the first one decides (ACCEPT, DROP, REJECT), ' +
      'the second one never matches; when the rule logs, counts or carries its own state (limit, recent, hashlimit, quota), ' +
      'the second one acts a second time (two log lines, a doubled rate). Delete the later copy unless that is intended.',
  },
  StateMatch: {
    code: 'NFV4010',
    slug: 'state-match',
    severity: 'note',
    summary: '-m state --state is the old alias of -m conntrack --ctstate.',
    example: ['*filter', ':INPUT DROP [0:0]', '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'Since iptables 1.4.16 (commit 0d70163 "libxt_state: replace as an alias to xt_conntrack") the state match is loaded as ' +
      "the kernel's conntrack match (extensions/libxt_conntrack.c, state_ct23_parse); iptables-extensions(8) calls state " +
      '"a subset of the conntrack module" and the kernel Kconfig calls conntrack "a superset of the state match". ' +
      'The rule works; -m conntrack --ctstate is the same test written the current way, and also offers SNAT, DNAT, ' +
      'status, direction and original/reply address tests. Rewrite when the rules are next regenerated.',
  },
  NotrackTarget: {
    code: 'NFV4011',
    slug: 'notrack-target',
    severity: 'note',
    summary: '-j NOTRACK is deprecated: write -j CT --notrack.',
    example: ['*raw', ':PREROUTING ACCEPT [0:0]', '-A PREROUTING -p udp --dport 53 -j NOTRACK', 'COMMIT'].join('\n'),
    help:
      'The kernel lists it as \'"NOTRACK" target support (DEPRECATED)\' (net/netfilter/Kconfig, NETFILTER_XT_TARGET_NOTRACK, which only ' +
      'selects the CT target), and iptables sends it as CT with XT_CT_NOTRACK_ALIAS (extensions/libxt_CT.c). ' +
      'iptables-extensions(8): "It is equivalent with -j CT --notrack". The rule still loads; use -j CT --notrack in the raw table.',
  },
  QueueTarget: {
    code: 'NFV4012',
    slug: 'queue-target',
    severity: 'note',
    summary: '-j QUEUE is the obsolete form of -j NFQUEUE --queue-num 0.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 25 -j QUEUE', 'COMMIT'].join('\n'),
    help:
      'The kernel documents NFQUEUE as the target that "replaced the old obsolete QUEUE target" (net/netfilter/Kconfig, ' +
      'NETFILTER_XT_TARGET_NFQUEUE); QUEUE is the NF_QUEUE verdict to queue 0. Measured here: iptables-legacy 1.8.9 loads it, ' +
      'iptables-nft 1.8.9 on kernel 6.18 refuses it ("RULE_APPEND failed (No such file or directory)"). ' +
      'Write -j NFQUEUE --queue-num 0 (and --queue-bypass if packets should pass when no program listens).',
  },
  DeprecatedOption: {
    code: 'NFV4013',
    slug: 'deprecated-option',
    severity: 'note',
    summary: 'An option that iptables itself reports as deprecated or no longer supported when it loads the rule.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -m set --set blocklist src -j DROP', 'COMMIT'].join('\n'),
    help:
      'iptables 1.8.9 prints a warning for each of these and loads the rule: ' +
      '-m set --set ("--set option deprecated, please use --match-set", extensions/libxt_set.c); ' +
      '-m time --localtz ("--localtz is being replaced by --kerneltz", extensions/libxt_time.c; the man page also discourages ' +
      '--kerneltz itself); -j NFLOG --nflog-range ("has never worked and is no longer supported, please use --nflog-size", ' +
      'extensions/libxt_NFLOG.c: the kernel ignores the value without XT_NFLOG_F_COPY_LEN). Write the replacement named in the message.',
  },
  RemovedTarget: {
    code: 'NFV4014',
    slug: 'removed-target',
    severity: 'error',
    summary: 'A target whose kernel module has been removed from Linux: the kernel refuses the rule.',
    example: ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -j ULOG --ulog-prefix "in: "', 'COMMIT'].join('\n'),
    help:
      'iptables 1.8.9 still parses these targets, but current kernels no longer have them, so iptables-restore fails at the rule ' +
      '("Extension ULOG revision 0 not supported, missing kernel module?"; measured with both backends on kernel 6.18): ' +
      'its table is not loaded (measured: with both backends the tables committed before it stay loaded). ULOG (ipt_ULOG, "the deprecated ipv4-only predecessor of the NFLOG target", ' +
      'iptables-extensions(8)) was removed in Linux 3.17: use -j NFLOG --nflog-group N with ulogd2. ' +
      'CLUSTERIP (ipt_CLUSTERIP, whose check function logged "ipt_CLUSTERIP is deprecated and it will removed soon, use xt_cluster ' +
      'instead"; iptables-extensions(8): "considered deprecated in favour of cluster match") is gone from current kernels ' +
      '(6.18 has no such option): use -m cluster with a multicast MAC set up outside iptables.',
  },

  // NFV48xx: what `iptables-save -c` counters say about the traffic seen since the last reset.
  CountersSummary: {
    code: 'NFV4800',
    slug: 'counters-summary',
    severity: 'note',
    summary: 'What the -c counters of the dump say: how many rules never matched and chains were never entered since the last reset.',
    example: ['*filter', ':INPUT ACCEPT [120:9000]', '[42:3000] -A INPUT -p tcp --dport 22 -j ACCEPT', '[0:0] -A INPUT -p tcp --dport 23 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'iptables-save -c prints [packets:bytes] before each rule: the packets that matched it since the counters were last reset ' +
      '(iptables -Z, a reload, a reboot). A zero is what happened, not what can happen: the rule may be for rare traffic or the ' +
      'counters may be young. This note gives the totals once per file; NFV4801 and NFV4802 name each rule and chain ' +
      '(disable them to keep only the totals). When every counter is zero the dump was just reset or its counters are ' +
      'placeholders (restore input), and no per-rule notes are given.',
  },
  RuleNeverHit: {
    code: 'NFV4801',
    slug: 'rule-never-hit',
    severity: 'note',
    summary: 'A rule whose packet counter is 0 in a chain that packets did enter: no packet matched it since the last reset.',
    example: ['*filter', ':INPUT ACCEPT [120:9000]', '[42:3000] -A INPUT -p tcp --dport 22 -j ACCEPT', '[0:0] -A INPUT -p tcp --dport 23 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'The counter only says that no packet matched the rule since the counters were last reset, while packets did run through its ' +
      'chain. It may guard traffic that is rare, or it may be unreachable or obsolete: the semantic checks (shadowed, redundant) say ' +
      'whether it can ever match. Rules of chains that were never entered are summed up in NFV4802 instead of one note each.',
  },
  ChainNeverEntered: {
    code: 'NFV4802',
    slug: 'chain-never-entered',
    severity: 'note',
    summary: 'A chain no packet entered since the last reset: no jump to it matched, or (built-in) no rule and no policy counted a packet.',
    example: ['*filter', ':INPUT ACCEPT [120:9000]', ':ssh - [0:0]', '[0:0] -A INPUT -p tcp --dport 22 -j ssh', '[0:0] -A ssh -s 10.0.0.0/8 -j ACCEPT', 'COMMIT'].join('\n'),
    help:
      'A user chain is entered only through the rules that jump or go to it; when all of their counters are 0 (and so are its own ' +
      "rules'), no packet ran through it since the counters were reset. A built-in chain with only zero rule counters and a zero " +
      'policy counter saw no packet at its hook (e.g. FORWARD on a host that does not route). Counters show what happened, not what can happen.',
  },
} as const satisfies Record<string, CodeSpec>;
