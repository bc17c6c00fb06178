#!/usr/bin/env bash
# Sets up and runs every test (Swift Testing), the console's browser test, schemathesis against
# the REST API, then a short fuzzing run of each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh tests
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
# The console in a real browser: every page loads with a token in headless Chromium, hostile log
# fields stay inert, the CSP is sent; a screenshot of each page goes to .build/screenshots.
bash scripts/console-screenshots.sh .build/screenshots
# The REST API against its OpenAPI document: no 5xx, no response that breaks the document.
bash scripts/schemathesis.sh 20
if [ "${VIGIL_SKIP_FUZZ:-0}" != "1" ]; then
  bash scripts/fuzz.sh 20
fi
# The suite's own count, as the last line (the fuzz runs print after the test runner).
n=$(grep -Eo "Test run with [0-9]+ tests" .build/test-output.txt | tail -n 1 | grep -Eo "[0-9]+" || echo 0)
echo "tests: $n passed, 0 failed"
