#!/usr/bin/env bash
# Browser test of the web UI: builds the release binary (cargo does nothing when it is current),
# ingests examples/ into a temporary store, serves it on a free loopback port and drives
# Debian's chromium through it with playwright-core (tests/browser/test.mjs). Screenshots go to
# target/browser-artifacts/.
#
# Exit status: 0 passed, 1 failed, 77 skipped (chromium, node or the npm packages unavailable;
# the reason is printed as "browser test skipped: …").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

skip() {
  echo "browser test skipped: $*"
  exit 77
}

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || skip "$CHROMIUM not found (apt-get install -y chromium)"
command -v node >/dev/null || skip "node not found"
command -v npm >/dev/null || skip "npm not found"

(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) ||
  skip "npm ci failed in tests/browser (no registry access?)"

cargo build --release -p headwater-cli
BIN="$ROOT/target/release/headwater"

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$BIN" ingest examples/ --db "$TMP/db"

# Ask the OS for a free loopback port (a tiny race with other processes is acceptable here).
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$BIN" serve --db "$TMP/db" --addr "127.0.0.1:$PORT" 2>"$TMP/serve.log" &
SERVER_PID=$!

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "headwater serve exited:" >&2
    cat "$TMP/serve.log" >&2
    exit 1
  fi
  sleep 0.1
done

ARTIFACTS="$ROOT/target/browser-artifacts"
mkdir -p "$ARTIFACTS"
HEADWATER_URL="http://127.0.0.1:$PORT" ARTIFACTS="$ARTIFACTS" CHROMIUM="$CHROMIUM" \
  node tests/browser/test.mjs
