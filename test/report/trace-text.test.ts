// `trace` text output (the product a person reads, so snapshots): one line per step, like
// `nft monitor trace`, on hand-built results (test/report/fixtures.ts).
import { describe, expect, it } from 'vitest';
import { renderTraceText } from '../../src/report/trace-text.js';
import {
  DNAT_IN, DOCKER, DOCKER_FORWARD, DOCKER_REPLY, DROPPED_MARTIAN, MARTIAN, PING6, REJECTED, REPLY_IN, SENT6, SMALL, SSH, TELNET,
  UNKNOWN_EARLIER, UNKNOWN_SSH, ruleTextOf,
} from './fixtures.js';

describe('trace text', () => {
  it('a published Docker port: rule hits with their text, the DNAT rewrite, routing, TTL, policy', () => {
    expect(renderTraceText(DOCKER_FORWARD, { id: 1, packet: DNAT_IN, ruleText: ruleTextOf(DOCKER) })).toMatchInlineSnapshot(`
      "trace 1 packet tcp 198.51.100.7:40000 -> 203.0.113.5:8080 in eth0 flags S
      trace 1 PREROUTING conntrack NEW: entry #1 created (unconfirmed)
      trace 1 PREROUTING nat PREROUTING rule 1 (line 8) -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER verdict jump DOCKER
      trace 1 PREROUTING nat DOCKER rule 2 (line 13) -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80 verdict accept → tcp 198.51.100.7:40000 -> 172.17.0.2:80
      trace 1 route unicast dev docker0 table main: forward (forwarded to docker0 (table 254)); input routing decision
      trace 1 FORWARD filter FORWARD rule 1 (line 29) -A FORWARD -j DOCKER-USER verdict jump DOCKER-USER → tcp 198.51.100.7:40000 -> 172.17.0.2:80 ttl 63
      trace 1 FORWARD filter DOCKER-USER rule 1 (line 40) -A DOCKER-USER -j RETURN verdict return
      trace 1 FORWARD filter FORWARD rule 2 (line 30) -A FORWARD -j DOCKER-ISOLATION-STAGE-1 verdict jump DOCKER-ISOLATION-STAGE-1
      trace 1 FORWARD filter DOCKER-ISOLATION-STAGE-1 rule 2 (line 37) -A DOCKER-ISOLATION-STAGE-1 -j RETURN verdict return
      trace 1 FORWARD filter FORWARD rule 4 (line 32) -A FORWARD -o docker0 -j DOCKER verdict jump DOCKER
      trace 1 FORWARD filter DOCKER rule 1 (line 35) -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT verdict accept
      trace 1 POSTROUTING nat POSTROUTING policy ACCEPT
      trace 1 outcome forwarded: tcp 198.51.100.7:40000 -> 172.17.0.2:80 in eth0 out docker0 mark 0x0 ttl 63
      "
    `);
  });

  it('the reply in the same session: conntrack de-NAT shown before → after', () => {
    expect(renderTraceText(DOCKER_REPLY, { id: 'synack', packet: REPLY_IN, after: ['syn'], ruleText: ruleTextOf(DOCKER) })).toMatchInlineSnapshot(`
      "trace synack packet tcp 172.17.0.2:80 -> 198.51.100.7:40000 in docker0 flags SA
      trace synack after "syn" (sent first, in the same conntrack session)
      trace synack PREROUTING conntrack ESTABLISHED: reply of connection #1
      trace synack route unicast via 203.0.113.1 dev eth0 table main: forward (forwarded to 203.0.113.1 via eth0 (table 254)); input routing decision
      trace synack FORWARD filter FORWARD rule 1 (line 29) -A FORWARD -j DOCKER-USER verdict jump DOCKER-USER → tcp 172.17.0.2:80 -> 198.51.100.7:40000 ttl 63
      trace synack FORWARD filter DOCKER-USER rule 1 (line 40) -A DOCKER-USER -j RETURN verdict return
      trace synack FORWARD filter FORWARD rule 2 (line 30) -A FORWARD -j DOCKER-ISOLATION-STAGE-1 verdict jump DOCKER-ISOLATION-STAGE-1
      trace synack FORWARD filter DOCKER-ISOLATION-STAGE-1 rule 1 (line 36) -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2 verdict jump DOCKER-ISOLATION-STAGE-2
      trace synack FORWARD filter DOCKER-ISOLATION-STAGE-2 rule 2 (line 39) -A DOCKER-ISOLATION-STAGE-2 -j RETURN verdict return
      trace synack FORWARD filter DOCKER-ISOLATION-STAGE-1 rule 2 (line 37) -A DOCKER-ISOLATION-STAGE-1 -j RETURN verdict return
      trace synack FORWARD filter FORWARD rule 5 (line 33) -A FORWARD -i docker0 ! -o docker0 -j ACCEPT verdict accept
      trace synack POSTROUTING nat rewrite (source rewritten by connection #1): tcp 172.17.0.2:80 -> 198.51.100.7:40000 → tcp 203.0.113.5:8080 -> 198.51.100.7:40000
      trace synack outcome forwarded: tcp 203.0.113.5:8080 -> 198.51.100.7:40000 in docker0 out eth0 mark 0x0 ttl 63
      "
    `);
  });

  it('REJECT: the verdict, then the reply it sends in the packet text form', () => {
    expect(renderTraceText(REJECTED, { id: 3, packet: TELNET, ruleText: ruleTextOf(SMALL) })).toMatchInlineSnapshot(`
      "trace 3 packet tcp 198.51.100.7:40000 -> 203.0.113.5:23 in eth0 flags S
      trace 3 route local dev lo table local: input (local address of this host (table 255)); input routing decision
      trace 3 INPUT filter INPUT rule 2 (line 6) -A INPUT -p tcp -j REJECT --reject-with tcp-reset verdict drop
      trace 3 reply tcp-reset: tcp 203.0.113.5:23 -> 198.51.100.7:40000 local flags RA
      trace 3 reply sent: no rule hit; policies filter OUTPUT ACCEPT
      trace 3 outcome rejected: tcp 198.51.100.7:40000 -> 203.0.113.5:23 in eth0 mark 0x0 ttl 64
      "
    `);
  });

  it('an unknown test: each branch with what it assumed, then the outcomes', () => {
    expect(renderTraceText(UNKNOWN_SSH, { id: 'ssh', packet: SSH, ruleText: ruleTextOf(SMALL) })).toMatchInlineSnapshot(`
      "trace ssh packet tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags S
      trace ssh 2 branches: the walk depends on tests nfverify cannot decide
      trace ssh [1/2] assumes limit (filter INPUT rule 1, line 5) matches
      trace ssh [1/2] route local dev lo table local: input (local address of this host (table 255)); input routing decision
      trace ssh [1/2] INPUT filter INPUT rule 1 (line 5) unknown: depends on limit: the token bucket depends on earlier packets; this walk assumes it matches
      trace ssh [1/2] INPUT filter INPUT rule 1 (line 5) -A INPUT -p tcp -m tcp --dport 22 -m limit --limit 3/min -j ACCEPT verdict accept
      trace ssh [1/2] outcome delivered: tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 mark 0x0 ttl 64
      trace ssh [2/2] assumes limit (filter INPUT rule 1, line 5) does not match
      trace ssh [2/2] route local dev lo table local: input (local address of this host (table 255)); input routing decision
      trace ssh [2/2] INPUT filter INPUT rule 1 (line 5) unknown: depends on limit: the token bucket depends on earlier packets; this walk assumes it does not match
      trace ssh [2/2] INPUT filter INPUT rule 2 (line 6) -A INPUT -p tcp -j REJECT --reject-with tcp-reset verdict drop
      trace ssh [2/2] reply tcp-reset: tcp 203.0.113.5:22 -> 198.51.100.7:40000 local flags RA
      trace ssh [2/2] outcome rejected: tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 mark 0x0 ttl 64
      trace ssh outcome unknown: delivered in branch 1; rejected in branch 2
      "
    `);
  });

  it('an unknown in an earlier packet of the session, branches cut at the limit', () => {
    expect(renderTraceText(UNKNOWN_EARLIER, { id: 'ssh2', packet: SSH, after: ['syn'] })).toMatchInlineSnapshot(`
      "trace ssh2 packet tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 flags S
      trace ssh2 after "syn" (sent first, in the same conntrack session)
      trace ssh2 2 branches: the walk depends on tests nfverify cannot decide
      trace ssh2 [1/2] assumes limit (filter INPUT rule 1, line 5) for packet "syn" matches
      trace ssh2 [1/2] route local dev lo table local: input (local address of this host (table 255)); input routing decision
      trace ssh2 [1/2] INPUT filter INPUT rule 1 (line 5) verdict accept
      trace ssh2 [1/2] outcome delivered: tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 mark 0x0 ttl 64
      trace ssh2 [2/2] assumes limit (filter INPUT rule 1, line 5) for packet "syn" does not match
      trace ssh2 [2/2] route local dev lo table local: input (local address of this host (table 255)); input routing decision
      trace ssh2 [2/2] INPUT filter INPUT rule 1 (line 5) verdict accept
      trace ssh2 [2/2] outcome delivered: tcp 198.51.100.7:40000 -> 203.0.113.5:22 in eth0 mark 0x0 ttl 64
      trace ssh2 outcome unknown: delivered in both branches; more than 2 branches, the rest were not explored
      "
    `);
  });

  it('a local IPv6 packet: no input device, brackets only where there is a port', () => {
    expect(renderTraceText(SENT6, { id: 4, packet: PING6 })).toMatchInlineSnapshot(`
      "trace 4 packet icmpv6 2001:db8::5 -> 2001:db8:1::7 local
      trace 4 route unicast dev eth0 table main: output (sent through eth0 (table 254)); output routing decision
      trace 4 OUTPUT filter OUTPUT policy ACCEPT
      trace 4 outcome sent: icmpv6 2001:db8::5 -> 2001:db8:1::7 type 128 code 0 out eth0 mark 0x0 ttl 64
      "
    `);
  });

  it('a drop by routing, with a note and the errno', () => {
    expect(renderTraceText(DROPPED_MARTIAN, { id: 5, packet: MARTIAN })).toMatchInlineSnapshot(`
      "trace 5 packet udp 127.0.0.1:53 -> 203.0.113.5:53 in eth0 mark 0x1
      trace 5 note: conntrack is off: no rule uses it
      trace 5 route martian: drop (martian source 127.0.0.1 from eth0, EINVAL); input routing decision
      trace 5 drop: martian source 127.0.0.1 from eth0
      trace 5 outcome dropped: udp 127.0.0.1:53 -> 203.0.113.5:53 in eth0 mark 0x1 ttl 64
      "
    `);
  });
});
