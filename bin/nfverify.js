#!/usr/bin/env node
// One bundled file (npm run build): loading the ~400 compiled modules one by one costs more than linting a large dump.
import '../dist/nfverify.mjs';
