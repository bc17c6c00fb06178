#!/usr/bin/env bash
# Sets up, builds Vigil, and scans the bundled example data: CloudTrail in S3 layout (gzip, with a
# digest file), a network device log (syslog and TACACS+), with the example organisation context.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/setup.sh
swift build -c release --product vigil >&2
exec .build/release/vigil scan --config examples/vigil.yaml examples/data/cloudtrail examples/data/network "$@"
