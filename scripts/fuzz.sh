#!/usr/bin/env bash
# Builds the libFuzzer targets (instrumented, with AddressSanitizer) and runs each for SECONDS
# (default 60), seeded from the test fixtures. Crashes are saved under fuzz-artifacts/.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
secs="${1:-60}"
export VIGIL_FUZZ=1
targets=(FuzzJSONExtract FuzzRecordReader FuzzSyslog)
# SwiftPM passes `--sanitize fuzzer` to Swift only when linking: the Swift code gets its coverage
# counters from -sanitize-coverage explicitly (the C/C++ targets get them from clang's -fsanitize).
flags=(--scratch-path .build-fuzz --sanitize fuzzer --sanitize address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp)
for t in "${targets[@]}"; do
  swift build "${flags[@]}" --product "$t" >&2
done
bin=$(swift build "${flags[@]}" --show-bin-path)
seeds=.build-fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds" fuzz-artifacts
fx=Sources/VigilTestSupport/Fixtures
head -n 40 "$fx/aws/panther-cloudtrail.ndjson" | split -l 1 - "$seeds/line-"
cp "$fx/aws/panther-sharing-labelled.jsonl" "$seeds/labelled"
find "$fx/s3tree" -name '*.gz' | head -n 3 | while read -r f; do cp "$f" "$seeds/$(basename "$f")"; done
# S3 containers as AWS writes them, for the reader's container paths (fast and On-Demand).
find "$fx/s3tree" -name '*.gz' | head -n 2 | while read -r f; do gzip -dc "$f" > "$seeds/container-$(basename "$f" .gz)"; done
{ printf '{"Records":['; head -n 6 "$fx/aws/panther-cloudtrail.ndjson" | paste -sd, -; printf ']}'; } > "$seeds/container-panther"
split -l 1 "$fx/network/corpus-syslog-sample.log" "$seeds/syslog-"
head -n 60 "$fx/network/sc4s-rendered.tsv" | cut -f2- | split -l 1 - "$seeds/sc4s-"
status=0
for t in "${targets[@]}"; do
  log=".build-fuzz/$t.log"
  mkdir -p ".build-fuzz/corpus-$t"
  if ! "$bin/$t" -max_total_time="$secs" -max_len=65536 -artifact_prefix="fuzz-artifacts/$t-" \
      ".build-fuzz/corpus-$t" "$seeds" >"$log" 2>&1; then
    echo "fuzz: $t found a crash (see $log and fuzz-artifacts/)" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
  if ! grep -q "INFO: Loaded 1 modules *([1-9][0-9]* inline 8-bit counters)" "$log"; then
    echo "fuzz: $t was not instrumented (no inline 8-bit counters in $log)" >&2
    status=1
  fi
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || true)
  [ -z "$runs" ] && runs=$(grep -Eo "^#[0-9]+" "$log" | tail -n 1 | tr -d '#')
  echo "fuzz: $t ran ${runs:-?} inputs in ${secs}s: $(grep -c . "$log" >/dev/null && echo ok)" >&2
done
exit $status
