/** Structural and hygiene checks of one dump, and notes from -c counters. */
import type { FileCheck } from '../../types.js';
import { countersNotes } from './counters.js';
import { deprecatedSyntax } from './deprecated-syntax.js';
import { duplicateRules } from './duplicate-rules.js';
import { emptyChains } from './empty-chains.js';
import { removedTargets } from './removed-targets.js';
import { unreferencedChains } from './unreferenced-chains.js';

export const STRUCTURAL_CHECKS: readonly FileCheck[] = [unreferencedChains, emptyChains, duplicateRules, deprecatedSyntax, removedTargets, countersNotes];
