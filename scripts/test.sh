#!/usr/bin/env bash
# The whole test suite, as README and .ci/run run it: system packages the
# kernel tests need, the type check, then vitest. Ends with the plain line
# "N passed, N failed, N skipped" that CI reads (vitest's own summary is not).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! bash scripts/setup-system.sh; then
  echo "setup-system.sh failed: the kernel-differential tests cannot run" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
[ -d node_modules ] || npm ci --no-audit --no-fund

extra_failed=0
if ! npx tsc -p tsconfig.json --noEmit; then
  echo "type check failed" >&2
  extra_failed=1
fi
if ! npx tsx scripts/gen-cst.ts --check; then extra_failed=$((extra_failed + 1)); fi

report=$(mktemp /tmp/nfverify-vitest.XXXXXX.json)
NO_COLOR=1 FORCE_COLOR=0 npx vitest run --reporter=default --reporter=json --outputFile="$report" "$@"
rc=$?
summary=$(node -e '
  const fs = require("node:fs");
  let r = {};
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch {}
  const passed = r.numPassedTests ?? 0;
  const failed = (r.numFailedTests ?? 0) + Number(process.argv[2]) + ((r.numFailedTestSuites ?? 0) > 0 && (r.numFailedTests ?? 0) === 0 ? r.numFailedTestSuites : 0);
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$report" "$extra_failed")
rm -f "$report"
echo "$summary"
if [ "$rc" -ne 0 ] || [ "$extra_failed" -ne 0 ]; then exit 1; fi
case "$summary" in 0\ passed*) exit 1 ;; esac
exit 0
