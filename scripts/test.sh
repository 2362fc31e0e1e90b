#!/usr/bin/env bash
# Run every test layer of Kafka Playground, failing fast.
#
#   1. native    cargo test --locked (unit, integration, proptest, conformance, no-web-deps)
#   2. lessons   kplay lesson check lessons
#   3. browser   wasm-bindgen-test in headless Chromium (tests/web.rs)
#   4. build     trunk build --release --offline  ->  dist/
#      size      scripts/bundle_size.py: P3 (gzip -9 of dist/) against its budget and ceiling
#   5. e2e       Playwright (playwright-core + /usr/bin/chromium) against dist/
#
# Env: KPLAY_E2E_PORT (default: 8089, or a free port if 8089 is taken).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

t0=$(date +%s)
step="setup"
timings=()
server_pid=""

cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  local total=$(( $(date +%s) - t0 ))
  echo
  if (( rc == 0 )); then
    echo "== test.sh: ALL PASSED in ${total}s (${timings[*]})"
  else
    echo "== test.sh: FAILED at step '${step}' (exit ${rc}) after ${total}s (${timings[*]:-})" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_step() { # run_step NAME CMD...
  step="$1"; shift
  local s; s=$(date +%s)
  echo
  echo "== [$step] $*"
  "$@"
  timings+=("$step=$(( $(date +%s) - s ))s")
}

run_step setup    bash scripts/setup.sh

run_step native   cargo test --locked

run_step lessons  cargo run --locked --quiet --bin kplay -- lesson check lessons

run_step browser  env CHROMEDRIVER=/usr/bin/chromedriver \
                  cargo test --locked --target wasm32-unknown-unknown --features ui --test web

run_step build    trunk build --release --offline
[[ -f dist/index.html ]] || { echo "trunk build produced no dist/index.html" >&2; exit 1; }
ls dist/*.wasm >/dev/null 2>&1 || { echo "trunk build produced no .wasm in dist/" >&2; exit 1; }

run_step size     python3 scripts/bundle_size.py dist

# --- e2e: serve dist/ and drive it with playwright-core ----------------------------------
port="${KPLAY_E2E_PORT:-8089}"
if ! python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()
PY
then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fi
# CORS for the sandboxed-iframe embed (its origin is opaque): see scripts/serve_dist.py.
python3 scripts/serve_dist.py --bind 127.0.0.1 --directory dist "$port" >/dev/null 2>&1 &
server_pid=$!
export KPLAY_URL="http://127.0.0.1:${port}/"
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$KPLAY_URL" 2>/dev/null; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { echo "http.server on port $port died" >&2; exit 1; }
  sleep 0.2
done

run_step e2e      node --test --test-concurrency=1 tests/e2e/

step="done"
