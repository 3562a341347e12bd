/** Exact findings from the symbolic engine. */
import type { CrossCheck, FileCheck } from '../../types.js';
import { policyMismatchCheck } from './cross-family.js';
import { dnatExposureCheck } from './exposure.js';
import { redundantCheck, uniformChainCheck } from './redundant.js';
import { sensitivePortCheck } from './sensitive.js';
import { shadowedCheck } from './shadowed.js';
import { stateCheck } from './state.js';

export const SEMANTIC_CHECKS: readonly FileCheck[] = [shadowedCheck, redundantCheck, uniformChainCheck, stateCheck, dnatExposureCheck, sensitivePortCheck];
export const CROSS_CHECKS: readonly CrossCheck[] = [policyMismatchCheck];
