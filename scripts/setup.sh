#!/usr/bin/env bash
# Install whatever is missing to build, serve and test Kafka Playground.
#
# Idempotent: every step checks the exact version first, so a second run is a
# fast no-op. Only package registries are used (crates.io, npm, Debian apt);
# nothing is downloaded from GitHub releases.
#
#   rustup target  wasm32-unknown-unknown
#   cargo install  trunk 0.21.14, wasm-bindgen-cli (= wasm-bindgen in Cargo.lock)
#   apt-get        chromium, chromium-driver (Debian's; never `npx playwright install`)
#   npm ci         playwright-core, axe-core (package-lock.json)
#   cargo fetch    all crates, so later builds can run --offline
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION="0.21.14"
WASM_BINDGEN_DEFAULT="0.2.130"
NODE_MAJOR_MIN=20

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say()  { printf '[setup] %s\n' "$*"; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

start=$(date +%s)

# --- Rust ---------------------------------------------------------------------
have cargo  || die "cargo not found. Install Rust with rustup (https://rustup.rs), then re-run."
have rustup || die "rustup not found; it is needed to add the wasm32-unknown-unknown target."

if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen crate in Cargo.lock ------------
wasm_bindgen_version="$WASM_BINDGEN_DEFAULT"
if [[ -f Cargo.lock ]]; then
  locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [[ -n "$locked" ]]; then wasm_bindgen_version="$locked"; fi
fi
if [[ -f Trunk.toml ]] && ! grep -q "wasm_bindgen = \"$wasm_bindgen_version\"" Trunk.toml; then
  die "Cargo.lock has wasm-bindgen $wasm_bindgen_version but Trunk.toml [tools] wasm_bindgen differs; make them equal."
fi

wb_ok() {
  [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $wasm_bindgen_version" ]] &&
  [[ "$(wasm-bindgen-test-runner --version 2>/dev/null)" == "wasm-bindgen-test-runner $wasm_bindgen_version" ]]
}
if ! wb_ok; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (cargo install, ~2 min)"
  # --locked fails on this registry (a locked webpki-roots is missing); fall back.
  cargo install --force --locked wasm-bindgen-cli --version "$wasm_bindgen_version" ||
    cargo install --force wasm-bindgen-cli --version "$wasm_bindgen_version"
  wb_ok || die "wasm-bindgen-cli $wasm_bindgen_version did not install correctly"
fi

# --- Trunk ----------------------------------------------------------------------
trunk_ok() { [[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]]; }
if ! trunk_ok; then
  say "installing trunk $TRUNK_VERSION (cargo install, ~7 min)"
  cargo install --force --locked trunk --version "$TRUNK_VERSION"
  trunk_ok || die "trunk $TRUNK_VERSION did not install correctly"
fi

# --- Chromium + chromedriver (Debian) ---------------------------------------------
chrome_major() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1; }
chrome_ok() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || return 1
  local a b
  a=$(chrome_major /usr/bin/chromium); b=$(chrome_major /usr/bin/chromedriver)
  [[ -n "$a" && "$a" == "$b" ]]
}
if ! chrome_ok; then
  say "installing chromium + chromium-driver from Debian (apt-get)"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    have sudo || die "need root or sudo to apt-get install chromium chromium-driver"
    SUDO=(sudo -n)
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
  chrome_ok || die "chromium and chromedriver are missing or their major versions differ"
fi

# --- Node + npm packages ------------------------------------------------------------
have node || die "node (>= $NODE_MAJOR_MIN) not found"
have npm  || die "npm not found"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= NODE_MAJOR_MIN )) || die "node >= $NODE_MAJOR_MIN needed, found $(node --version)"
have python3 || die "python3 not found (the e2e tests serve dist/ with python3 -m http.server)"

# node_modules is stale when package-lock.json changed since the last `npm ci`.
lock_sum=$(cat package.json package-lock.json | cksum)
stamp=node_modules/.kplay-npm-ci.stamp
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  say "npm ci (playwright-core, axe-core; no browser download)"
  # Belt and braces: playwright-core never downloads browsers, but make sure.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  printf '%s' "$lock_sum" > "$stamp"
fi

# --- Crates -----------------------------------------------------------------------------
# Fetch everything (native and wasm32) so that `trunk build --offline` works.
if [[ -f Cargo.lock ]]; then
  cargo fetch --locked --offline --quiet 2>/dev/null || { say "cargo fetch --locked"; cargo fetch --locked; }
else
  say "cargo fetch (no Cargo.lock yet: generating it)"
  cargo fetch
fi

say "ok: wasm32 target, trunk $TRUNK_VERSION, wasm-bindgen $wasm_bindgen_version, chromium $(chrome_major /usr/bin/chromium), node $(node --version), npm deps, crates ($(( $(date +%s) - start ))s)"
