# Sourced by the console's test scripts: `console_start WORK [EXTRA_LOG_PATH…]` builds `vigil`
# (debug), fills WORK/vigil.db from the bundled example data (and the extra paths) and the ATT&CK
# fixture bundles, starts `vigil console` on a free loopback port in the background, and sets
# `vigil`, `port` and `token` (the admin token the console prints on first start).
console_start() {
  local work="$1"; shift
  swift build --product vigil >/dev/null 2>&1
  vigil="$(swift build --show-bin-path)/vigil"
  local db="$work/vigil.db"
  "$vigil" scan examples/data "$@" --config examples/vigil.yaml --db "$db" --summary none --format json >/dev/null
  "$vigil" attack import --db "$db" Sources/VigilTestSupport/Fixtures/attack/enterprise-attack-18.0-subset.json \
    Sources/VigilTestSupport/Fixtures/attack/enterprise-attack-18.1-subset.json.gz >/dev/null
  port=$((20000 + RANDOM % 20000))
  "$vigil" console --db "$db" --config examples/vigil.yaml --listen "127.0.0.1:$port" > "$work/console.out" 2> "$work/console.err" &
  token=""
  for _ in $(seq 1 100); do
    token="$(sed -n 2p "$work/console.out" 2>/dev/null || true)"
    [ -n "$token" ] && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the console did not start: $(cat "$work/console.err")" >&2
  return 1
}
