/**
 * `-m helper` symbolically (sim/match/helper.ts, xt_helper.c helper_mt):
 * without an entry, or with an entry that has no master, the answer is the
 * "!". The kernel sets ct->master exactly for expected connections, which
 * carry IPS_EXPECTED (init_conntrack: `__set_bit(IPS_EXPECTED_BIT, ...);
 * ct->master = exp->master`), so packets without that status bit are
 * decided; for the others the master's helper name decides, which is
 * conntrack state and not a packet field.
 */
import { CT_STATUS_NAMES } from '../../ir/packet/fields.js';
import { FALSE } from '../bdd/index.js';
import type { SymMatchCompiler } from './contract.js';
import { notModelled, symMatch, tracked, when } from './st-util.js';

const EXPECTED = 1 << CT_STATUS_NAMES.indexOf('EXPECTED');

export const helperSymMatch: SymMatchCompiler<'helper'> = (m, env) => {
  const { space } = env;
  const b = space.bdd;
  const expected = b.and(tracked(space), space.masked('ctStatus', EXPECTED, EXPECTED));
  const u = notModelled('helper', `the helper of an expected connection's master ("${m.name.value}")`);
  return symMatch(space, when(m.name.negated, b.not(expected)), FALSE, [{ set: expected, u }]);
};
