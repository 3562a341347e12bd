/**
 * File names as SARIF artifact locations (SARIF 2.1.0 §3.4: `uri` is a URI
 * reference). A relative path stays relative, as the user gave it, against
 * the base id `%SRCROOT%`: GitHub code scanning resolves it from the
 * repository root, which is where CI runs the linter. An absolute path
 * becomes a `file://` URI without a base. Characters a URI cannot hold
 * (spaces, `<stdin>`'s angle brackets, `%`, non-ASCII) are percent-encoded
 * per path segment; `./` prefixes are dropped so the same file always has
 * the same URI (GitHub matches alerts across runs by it).
 */
import type { ArtifactLocation } from 'sarif';

export const SRCROOT = '%SRCROOT%';

export function artifactLocation(file: string): ArtifactLocation {
  if (file.startsWith('/')) return { uri: `file://${encodePath(file)}` };
  let rel = file;
  while (rel.startsWith('./')) rel = rel.slice(2);
  return { uri: encodePath(rel), uriBaseId: SRCROOT };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
