#!/usr/bin/env bash
# Set everything up, then build and serve Kafka Playground at http://127.0.0.1:8080
# (release build; rebuilds when src/, www/ or lessons/ change).
#
# Env: KPLAY_PORT (default 8080), KPLAY_ADDRESS (default 127.0.0.1).
# Trunk runs --offline and wasm-opt is disabled in www/index.html, so it never
# tries to download tools.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

bash scripts/setup.sh

address="${KPLAY_ADDRESS:-127.0.0.1}"
port="${KPLAY_PORT:-8080}"
echo "[serve] building and serving on http://${address}:${port}/ (Ctrl-C to stop)"
exec trunk serve --release --offline --address "$address" --port "$port"
