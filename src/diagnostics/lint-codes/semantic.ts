/**
 * Lint codes (NFV42xx–NFV45xx and NFV47xx): exact findings from the
 * symbolic engine: shadowed and redundant rules, exposures, missing state
 * handling, v4/v6 mismatches.
 * Same catalog style as ../codes.ts: a code is stable forever and never reused;
 * every lint code carries an `example` and `help`.
 */
import type { CodeSpec } from '../codes.js';

export const SEMANTIC_LINT_CODES = {
  ShadowedRule: {
    code: 'NFV4201', slug: 'shadowed-rule', severity: 'warning',
    summary: 'A rule that no packet can reach and match: earlier rules already decide every packet it would match.',
    example: '-A INPUT -i eth1 -j REJECT\n-A INPUT -i eth1 -p tcp --dport 22 -j ACCEPT   # never matches',
    help: 'Proved over every packet by the symbolic engine, following jumps, gotos and RETURN; tests nfverify cannot decide count as "may match", so a rule reported here is dead whatever they do. The related locations are the earlier rules that take its packets. When one of them has the opposite action (the rule was meant to ACCEPT but an earlier rule DROPs), the ruleset does not do what the rule says: move the rule up or narrow the earlier one. Otherwise delete the rule.',
  },
  RedundantRule: {
    code: 'NFV4202', slug: 'redundant-rule', severity: 'note',
    summary: 'A rule whose removal changes nothing: every packet it decides would get the same verdict from the rules after it (or the policy).',
    example: ':INPUT DROP [0:0]\n-A INPUT -s 10.0.0.0/8 -j DROP   # the policy drops these anyway',
    help: 'The packets the rule matches are run through the rest of the chain (and its policy, for a built-in chain) without it: every one gets the same verdict and nothing is unknown. The rule can be deleted without changing what the ruleset does (nfverify diff proves it).',
  },
  AfterCatchAll: {
    code: 'NFV4203', slug: 'after-catch-all', severity: 'warning',
    summary: 'A rule after a rule that decides every packet reaching it (e.g. an unconditional -j DROP): it can never match.',
    example: '-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT   # never reached',
    help: 'Everything after a catch-all rule in the same chain is dead. Usually a rule was appended (-A) where it should have been inserted (-I).',
  },
  UniformChain: {
    code: 'NFV4204', slug: 'uniform-chain', severity: 'note',
    summary: 'Every packet that enters this user chain gets the same verdict: a jump to it is the same as that verdict.',
    example: ':DUMP - [0:0]\n-A DUMP -p tcp -j LOG\n-A DUMP -j DROP',
    help: 'Useful to read a ruleset: rules that jump here end there, so the rules after them in the calling chain never see those packets.',
  },
  NoEstablishedAccept: {
    code: 'NFV4205', slug: 'no-established-accept', severity: 'warning',
    summary: 'A filter chain that drops by default accepts no packet of an ESTABLISHED connection: replies are dropped.',
    example: ':INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT   # replies to this host\'s own connections are dropped',
    help: 'Packets in state ESTABLISHED are run through the chain, following jumps: none is accepted. Add `-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT` near the top.',
  },
  LateEstablishedAccept: {
    code: 'NFV4206', slug: 'late-established-accept', severity: 'note',
    summary: 'Packets of established connections are tested against many rules before the rule that accepts them.',
    example: '-A INPUT -s 192.0.2.1 -j DROP\n... 40 more rules ...\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    help: 'Most packets belong to established connections, and each is tested against every rule before the accepting one. Moving the state rule up is the usual fix; check with `nfverify diff` that it changes no verdict.',
  },
  InvalidNotDropped: {
    code: 'NFV4207', slug: 'invalid-not-dropped', severity: 'note',
    summary: 'In a chain that drops by default and accepts by connection state, packets in state INVALID can still be accepted.',
    example: ':INPUT DROP [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT   # also accepts INVALID tcp/22',
    help: 'Packets that belong to no connection (out-of-window TCP, stray ACKs) are best dropped early: add `-m conntrack --ctstate INVALID -j DROP` before the ACCEPT rules.',
  },
  SensitivePortOpen: {
    code: 'NFV4209', slug: 'sensitive-port-open', severity: 'warning',
    summary: 'A sensitive service port (SSH, databases, Docker API, ...) of this host accepts new connections from every source while INPUT drops by default.',
    example: ':INPUT DROP [0:0]\n-A INPUT -p tcp --dport 6379 -j ACCEPT   # Redis open to the world',
    help: 'Computed over every packet through the whole pipeline on the host: new TCP connections to the port are delivered from any source address. Restrict the source (-s) if that is not intended.',
  },
  DnatExposure: {
    code: 'NFV4208', slug: 'dnat-exposure', severity: 'warning',
    summary: 'A DNAT rule exposes an address:port through FORWARD while INPUT drops by default (the Docker published-port surprise).',
    example: ':INPUT DROP [0:0]\n-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n-A FORWARD -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT',
    help: 'DNATed packets to another host are forwarded: they never see INPUT, so INPUT\'s restrictive policy does not protect them. The finding names from where (exactly), to what, and the rules on the way; filter them in FORWARD (for Docker, in DOCKER-USER) if that is not intended.',
  },
  PolicyMismatch: {
    code: 'NFV4702', slug: 'v4-v6-policy-mismatch', severity: 'warning',
    summary: 'Given an IPv4 and an IPv6 dump of one host: a built-in filter chain drops by default in one family and accepts in the other.',
    example: 'rules.v4: :INPUT DROP [0:0]\nrules.v6: :INPUT ACCEPT [0:0]',
    help: 'Usually one of the two dumps was forgotten when the policy was tightened.',
  },
  SemanticSkipped: {
    code: 'NFV4599', slug: 'semantic-skipped', severity: 'note',
    summary: 'A semantic check could not run on this dump (too large for the node budget, or not applicable); its findings are missing, not absent.',
    example: '(a dump whose symbolic model exceeds the BDD node budget)',
    help: 'The message says which check and why. Structural checks still ran.',
  },
} as const satisfies Record<string, CodeSpec>;
