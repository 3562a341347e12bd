export type { Span } from './span.js';
export { spanAt, joinSpans, subSpan, formatSpan } from './span.js';
export type { CodeSpec, Severity, CodeName, DiagnosticCode } from './codes.js';
export { Codes } from './codes.js';
export type { Diagnostic, RelatedInfo } from './diagnostic.js';
export { diag, DiagnosticBag, atLeast, sortDiagnostics } from './diagnostic.js';
