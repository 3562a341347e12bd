/**
 * `nfverify/testing`: helpers for property tests of rulesets and of
 * nfverify itself (cf. langium/test, @fast-check/vitest). fast-check is a
 * peer dependency of this entry point only.
 */
export { packetArbitrary } from './arbitraries/packet.js';
export type { PacketArbitraryOptions } from './arbitraries/packet.js';
export { rulesetHints } from './arbitraries/ruleset-values.js';
export type { FieldHints } from './arbitraries/ruleset-values.js';
export { rulesetArbitrary } from './ruleset-arbitrary.js';
export type { RulesetArbitraryOptions } from './ruleset-arbitrary.js';
export { rulesetPacketArbitrary, rulesetSessionArbitrary, sessionJsonLines, tcpFlagsText } from './ruleset-packets.js';
export type { RulesetPacketOptions, TracePacket } from './ruleset-packets.js';
