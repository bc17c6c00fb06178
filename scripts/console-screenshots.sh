#!/usr/bin/env bash
# Starts `vigil console` on a store built from the bundled example data (plus one CloudTrail
# record whose fields hold hostile strings) and the ATT&CK fixture bundles, then loads every page in
# headless Chromium with an API token and screenshots it (scripts/console-cdp.py). Fails when a
# page does not load with 200, a hostile string ran as script, or the CSP header is missing.
#
# usage: scripts/console-screenshots.sh [OUT_DIR]     (default: bench-out/screenshots)
# Needs Debian's chromium (installed here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-out/screenshots}"
export PATH=/opt/swift/usr/bin:$PATH
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "console-screenshots: Debian's chromium is required (apt-get install chromium)" >&2; exit 1
  fi
fi
source scripts/console-start.sh
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work" 2>/dev/null || true' EXIT
mkdir -p "$work/hostile"
python3 - "$work/hostile/hostile.ndjson" <<'PY'
import json, sys
p = "<img src=x onerror=window.__vigil_pwned=true>"
rec = {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "principalId": "AIDAHOSTILE",
       "arn": "arn:aws:iam::111122223333:user/" + p, "accountId": "111122223333", "userName": p},
       "eventTime": "2026-03-17T11:33:00Z", "eventSource": "ec2.amazonaws.com", "eventName": "ModifySnapshotAttribute",
       "awsRegion": "eu-west-1", "sourceIPAddress": "198.51.100.23", "userAgent": "javascript:window.__vigil_pwned=true",
       "requestParameters": {"snapshotId": "snap-<script>window.__vigil_pwned=true</script>", "attributeType": "CREATE_VOLUME_PERMISSION",
       "createVolumePermission": {"add": {"items": [{"group": "all"}]}}}, "responseElements": {"_return": True},
       "requestID": "r-hostile", "eventID": "\"><svg onload=window.__vigil_pwned=true>", "readOnly": False,
       "eventType": "AwsApiCall", "recipientAccountId": "111122223333"}
open(sys.argv[1], "w").write(json.dumps(rec) + "\n")
PY
console_start "$work" "$work/hostile"
alert="$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/alerts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["alerts"][0]["id"])')"
hostile="$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/alerts?entity=%3Cimg%20src%3Dx%20onerror%3Dwindow.__vigil_pwned%3Dtrue%3E" | python3 -c 'import json,sys; print(json.load(sys.stdin)["alerts"][0]["id"])')"
devtools=$((port + 1))
chromium --headless --no-sandbox --disable-gpu --remote-debugging-port="$devtools" --user-data-dir="$work/chrome" about:blank \
  >/dev/null 2>"$work/chrome.err" &
python3 scripts/console-cdp.py "$devtools" "http://127.0.0.1:$port" "$token" "$out" \
  / /alerts "/alerts/$alert" "/alerts/$hostile" "/alerts/$hostile/evidence/0" "/alerts?analytic=AN1240" /suppressions /analytics /analytics/AN0861 /analytics/AN1240 \
  /coverage /accounts /ingest "/attack?q=T1578" /attack/objects/AN0861 /attack/objects/T1136.001 "/attack/diff?from=18.0&to=18.1" /login
