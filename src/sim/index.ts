/**
 * The packet simulator's public API. So far: the host model (interfaces,
 * routes, policy rules, sysctls) and the routing questions the simulator
 * asks of it. See src/sim/host/README.md.
 */
export type { Host, HostInterface, IfAddr, Route, RouteType, Nexthop, PolicyRule, RuleAction } from './host/host.js';
export { RT_TABLE, RT_SCOPE, findInterface, loopbackName, rulesFor } from './host/host.js';
export { parseHost, validateHostValue, HOST_FORMAT } from './host/validate.js';
export { hostToJson, formatHost } from './host/serialize.js';
export { importHost, importInterfaces, importRoutes, importRules } from './host/import.js';
export type { ImportInput } from './host/import.js';
export { defaultHost, rulesetInterfaces, EXAMPLE_ADDRS } from './host/default-host.js';
export type { DefaultHostPacket } from './host/default-host.js';
export { routeLookup, addrType, rpFilterPasses, rpFilterMode, checkSource } from './host/route.js';
export type { RouteQuery, AddrType, RpPacket } from './host/route.js';
export type { RouteDecision, RouteKind, RouteCause, RouteVerdict } from './host/decision.js';
export type { RouteErrno } from './host/fib.js';
export type { SourceCheck } from './host/rp-filter.js';
export { masqueradeSource, inetSelectAddr, ipv6SelectAddr } from './host/src-select.js';
export { ipv4Conf, ipv6Conf, ipv4Forwarding, ipv6Forwarding, sysctlValue, parseSysctlText, IPV4_CONF, IPV6_CONF, GLOBAL_SYSCTLS } from './host/sysctl.js';
export { parseAddress, parsePrefix } from './host/net-addr.js';
export { HostCodes, hostDiag } from '../diagnostics/host-codes.js';
export type { HostDiagnostic, HostDiagnosticCode, HostCodeName } from '../diagnostics/host-codes.js';
export { createSimulator } from './engine/simulator.js';
export type { SimOptions, SimInput, Simulator } from './simulate.js';
export type { SimResult, Fate, Hit, PolicyHit, Step, Reply, UnknownPoint, Outcome } from './engine/result.js';
export type { IpsetStore, IpSet } from './ipset/store.js';
