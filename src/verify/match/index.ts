// Every typed match's symbolic compiler: one file per module (src/verify/match/<kind>.ts exports <kind>SymMatch).
// A Record over the kind, so a new IR match is a compile error here until it has one.
export { SYM_MATCH_COMPILERS } from './registry.js';
