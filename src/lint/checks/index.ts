/** Every lint check, in the order they run (fast ones first). */
import type { CrossCheck, FileCheck } from '../types.js';
import { PORTABILITY_CHECKS } from './portability/index.js';
import { CROSS_CHECKS, SEMANTIC_CHECKS } from './semantic/index.js';
import { STRUCTURAL_CHECKS } from './structural/index.js';

export const FILE_CHECKS: readonly FileCheck[] = [...STRUCTURAL_CHECKS, ...PORTABILITY_CHECKS, ...SEMANTIC_CHECKS];
export const FILE_CROSS_CHECKS: readonly CrossCheck[] = CROSS_CHECKS;
