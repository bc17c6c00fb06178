#!/usr/bin/env bash
# Installs what Vigil needs on a fresh Debian machine (root, or sudo available): the C libraries
# it links (simdjson, libdeflate, zlib, SQLite) and the tools its tests use (gzip, sqlite3, python3;
# util-linux logger, openssl and curl as the real clients of `vigil serve`'s tests). With `tests`
# (as the test command calls it) also chromium, for the console's browser test.
#   bash scripts/setup.sh [tests]
# Swift 6.3 itself is expected at /opt/swift or on PATH.
set -euo pipefail
need=(libsimdjson-dev libdeflate-dev zlib1g-dev libsqlite3-dev libmaxminddb-dev sqlite3 gzip python3 bsdutils openssl curl)
if [ "${1:-}" = "tests" ]; then need+=(chromium); fi
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "setup: add /opt/swift/usr/bin to PATH" >&2
  else
    echo "setup: Swift 6.3 is required (swift not found)" >&2
    exit 1
  fi
fi
