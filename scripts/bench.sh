#!/usr/bin/env bash
# Benchmarks against their budgets (issue "Fast and unbreakable"). Prints one table.
#   P1  simulator throughput, natively (criterion): acks=all, RF 3, replicated and consumed
#   P3  cold load: wasm + js + css + html of the release build, gzip -9
#   P6  seek in a 100,000-event run: natively (criterion) and in Chromium (bench/browser_seek.mjs:
#       the run opened as a share link, the scrubber dragged, timed to the next painted frame)
#   P4  first render in Chromium (bench/browser_first_render.mjs: cold loads in fresh contexts,
#       navigation start to the board's first partition row)
#   P2  P1's workload in wasm in headless Chromium (tests/wasm_p2.rs, release profile = what
#       ships), as a ratio to P1 measured in the same run
#   P5  30 brokers x 1,000 partitions: natively, one step plus the snapshot the board redraws from
#       (bench/examples/p5.rs), and in Chromium, a click on Step until the next painted frame
#       (bench/browser_p5.mjs: the lesson file tests/e2e/fixtures/big-board.toml, 2 brokers down)
# Usage: bash scripts/bench.sh [--no-build]   (--no-build: measure dist/ as it is)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target="${CARGO_TARGET_DIR:-target}"

cargo bench --locked -q -p kplay-bench --bench sim >/dev/null

estimate() { # mean in ns from criterion's JSON
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean"]["point_estimate"])' "$target/criterion/$1/new/estimates.json"
}
p1_ns=$(estimate p1/produce_replicate_consume)
p6_ns=$(estimate p6/seek_100k_event_run)
p1_rate=$(python3 -c "print(round(20000 / ($p1_ns / 1e9)))")
p2_out=$(CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked --release --target wasm32-unknown-unknown --features ui --test wasm_p2 -- --nocapture 2>&1)
p2_rate=$(printf '%s\n' "$p2_out" | sed -n 's/.*P2 records_per_s=\([0-9.]*\).*/\1/p' | head -1)
if [[ -z "$p2_rate" ]]; then echo "P2: no rate in the wasm test's output:" >&2; printf '%s\n' "$p2_out" | tail -20 >&2; exit 1; fi
p2_ratio=$(python3 -c "print(round($p2_rate / $p1_rate, 2))")
p5=$(cargo run --locked -q --release -p kplay-bench --example p5)
p5_p95=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p95_ms"])' "$p5")
p6_ms=$(python3 -c "print(round($p6_ns / 1e6, 2))")

if [[ "${1:-}" != "--no-build" ]]; then trunk build --release --offline >/dev/null 2>&1; fi
p3_kb=$(python3 scripts/bundle_size.py --total-kb dist)   # the test command's own measure

# P6 in Chromium: serve dist/ on a spare port, open the 100k-event run's link, drag the scrubber.
link_file="$target/p6_link.txt"
cargo run --locked -q --release -p kplay-bench --example p6_link > "$link_file"
python3 scripts/serve_dist.py --bind 127.0.0.1 --directory dist 8091 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
p6b=$(node bench/browser_seek.mjs "$link_file" http://127.0.0.1:8091/)
p6b_med=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_ms"])' "$p6b")
p6b_p95=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p95_ms"])' "$p6b")
p5b=$(node bench/browser_p5.mjs http://127.0.0.1:8091/ 300)
p5b_med=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_ms"])' "$p5b")
p5b_p95=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p95_ms"])' "$p5b")
p4=$(node bench/browser_first_render.mjs http://127.0.0.1:8091/ 7)
p4_med=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_ms"])' "$p4")
p4_p95=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p95_ms"])' "$p4")

verdict() { python3 -c "import sys; print('ok' if $1 else 'OVER BUDGET')"; }
printf '%-4s %-52s %16s %14s  %s\n' id measure value budget verdict
printf '%-4s %-52s %16s %14s  %s\n' P1 "sim throughput (acks=all, RF 3, consumed), native" "$p1_rate rec/s" ">= 2000000" "$(verdict "$p1_rate >= 2000000")"
printf '%-4s %-52s %16s %14s  %s\n' P2 "same workload in wasm / native ($p2_rate rec/s)" "${p2_ratio}x" ">= 0.5x" "$(verdict "$p2_ratio >= 0.5")"
printf '%-4s %-52s %16s %14s  %s\n' P3 "cold load, gzip -9 (wasm+js+css+html)" "$p3_kb KB" "<= 300 KB" "$(verdict "$p3_kb <= 300")"
printf '%-4s %-52s %16s %14s  %s\n' P4 "first render, Chromium, median (p95 $p4_p95 ms)" "$p4_med ms" "<= 500 ms" "$(verdict "$p4_med <= 500")"
printf '%-4s %-52s %16s %14s  %s\n' P5 "30 brokers x 1000 partitions: p95 step+snapshot (native)" "$p5_p95 ms" "<= 16 ms" "$(verdict "$p5_p95 <= 16")"
printf '%-4s %-52s %16s %14s  %s\n' P5 "same, Chromium: p95 step + re-render (median $p5b_med ms)" "$p5b_p95 ms" "<= 16 ms" "$(verdict "$p5b_p95 <= 16")"
printf '%-4s %-52s %16s %14s  %s\n' P6 "seek in a 100k-event run, native" "$p6_ms ms" "<= 100 ms" "$(verdict "$p6_ms <= 100")"
printf '%-4s %-52s %16s %14s  %s\n' P6 "seek + repaint, Chromium, median (p95 $p6b_p95 ms)" "$p6b_med ms" "<= 100 ms" "$(verdict "$p6b_p95 <= 100")"
