#!/usr/bin/env bash
# Console rendering from a store with 1,000,000 alerts: builds the store (the example data scanned,
# the ATT&CK fixture bundles imported, then N synthetic alerts spread over 30 days across 5,000
# principals and 200 devices, with 10,000 triaged and 20 suppressions), starts `vigil console`
# (release build unless VIGIL_BENCH_CONFIG=debug), and times each page and API call at the server over loopback (curl's total
# time; median and worst of 5). Not a test: it prints the figures for BENCHMARKS.md.
#
# usage: scripts/console-bench.sh [N]      (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
export PATH=/opt/swift/usr/bin:$PATH
config="${VIGIL_BENCH_CONFIG:-release}"   # VIGIL_BENCH_CONFIG=debug measures the debug build
if [ -n "${VIGIL_BIN:-}" ]; then
  vigil="$VIGIL_BIN"                        # an already built binary
else
  swift build -c "$config" --product vigil >/dev/null 2>&1
  vigil="$(swift build -c "$config" --show-bin-path)/vigil"
fi
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
db="${VIGIL_BENCH_DB:-$work/vigil.db}"    # VIGIL_BENCH_DB=FILE keeps the store
rm -f "$db" "$db-wal" "$db-shm"
"$vigil" scan examples/data --config examples/vigil.yaml --db "$db" --summary none --format json >/dev/null
"$vigil" attack import --db "$db" Sources/VigilTestSupport/Fixtures/attack/enterprise-attack-18.0-subset.json \
  Sources/VigilTestSupport/Fixtures/attack/enterprise-attack-18.1-subset.json.gz >/dev/null
start=$(date +%s)
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
INSERT INTO alert (id, analytic, detection, severity, time_ms, principal, target, title, document)
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n)
SELECT printf('bench%08d', i), CASE WHEN i % 3 = 0 THEN 'AN1240' ELSE 'AN0861' END,
       CASE WHEN i % 3 = 0 THEN 'local-account-created' ELSE 'compute-change' END, 1 + i % 5,
       1772323200000 + i * (2592000000 / $n), 'principal-' || (i % 5000),
       CASE WHEN i % 3 = 0 THEN 'device-' || (i % 200) ELSE NULL END, 'synthetic alert ' || i,
       (SELECT document FROM alert WHERE id NOT LIKE 'bench%' ORDER BY length(document), id LIMIT 1)
FROM k;
INSERT INTO alert_triage (alert_id, status, assignee, close_reason, updated_ms, updated_by)
SELECT id, 'closed', 'bench', 'benign', 0, 'bench' FROM alert WHERE id LIKE 'bench%' AND rowid % 100 = 0;
INSERT INTO suppression (analytic, detection, principal, reason, created_ms, created_by, expires_ms)
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 20)
SELECT 'AN0861', 'compute-change', 'principal-' || (i * 7), 'bench', 0, 'bench', 99999999999999 FROM k;
COMMIT;
ANALYZE;
SQL
echo "store: $(sqlite3 "$db" 'SELECT COUNT(*) FROM alert') alerts, built in $(( $(date +%s) - start )) s, $(du -h "$db" | cut -f1)"
port=$((20000 + RANDOM % 20000))
t0=$(date +%s%N)
"$vigil" console --db "$db" --config examples/vigil.yaml --listen "127.0.0.1:$port" > "$work/out" 2> "$work/err" &
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
token="$(sed -n 2p "$work/out")"
[ -n "$token" ] || { cat "$work/err" >&2; exit 1; }
# Start-up includes computing the overview's aggregates (cached until alerts or scans are added).
echo "console start-up (overview aggregates computed): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
detail="$(printf "bench%08d" $((n / 2)))"
cursor="$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/alerts?limit=500" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next"])')"
printf '%-60s %10s %10s %8s\n' "request" "median s" "worst s" "status"
for path in / "/alerts" "/alerts?analytic=AN1240" "/alerts?severity=critical" "/alerts?status=open" "/alerts?status=closed" \
            "/alerts?status=suppressed" "/alerts?entity=principal-42" "/alerts?entity=device-7" "/alerts?from=2026-03-10&to=2026-03-11" \
            "/alerts?cursor=$cursor" /alerts/$detail /analytics/AN0861 /coverage /accounts \
            "/api/v1/alerts?limit=500" "/api/v1/alerts?analytic=AN0861&severity=high&limit=100" /api/v1/overview /api/v1/alerts/$detail; do
  times=()
  for _ in 1 2 3 4 5; do
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")"
    code="${out% *}"; times+=("${out#* }")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-60s %10s %10s %8s\n' "${path:0:60}" "${sorted[2]}" "${sorted[4]}" "$code"
done
