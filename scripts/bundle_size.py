#!/usr/bin/env python3
"""P3, the cold load: wasm + js + css + html of the release build in dist/, gzip -9.

Prints each file's raw and gzipped size and the total next to the 300 KB budget
(BENCHMARKS.md). The build is deterministic, so this is a test: it fails when the total
passes CEILING_KB, a ratchet just above the last measured size. The ratchet stops the
bundle from growing unnoticed while the budget itself is not met; lower it whenever the
bundle shrinks.

Usage: python3 scripts/bundle_size.py [DIST_DIR]      (exit 1 above the ceiling)
       python3 scripts/bundle_size.py --total-kb [DIST_DIR]   (the total alone, for bench.sh)

KB here is 1,000 bytes.
"""
import gzip
import pathlib
import sys

BUDGET_KB = 300.0
CEILING_KB = 1200.0
KINDS = (".wasm", ".js", ".css", ".html")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> int:
    args = sys.argv[1:]
    total_only = bool(args) and args[0] == "--total-kb"
    if total_only:
        args = args[1:]
    dist = pathlib.Path(args[0] if args else "dist")
    files = sorted(p for p in dist.iterdir() if p.is_file() and p.suffix in KINDS)
    if not any(p.suffix == ".wasm" for p in files):
        print(f"bundle_size: no .wasm in {dist}/ (run trunk build --release first)", file=sys.stderr)
        return 2
    # Measured as one stream: the files concatenated, then gzipped once.
    total = gz(b"".join(p.read_bytes() for p in files)) / 1000
    if total_only:
        print(f"{total:.1f}")
        return 0
    print(f"{'file':<48} {'raw KB':>10} {'gzip -9 KB':>11}")
    for p in files:
        data = p.read_bytes()
        print(f"{p.name:<48} {len(data) / 1000:>10.1f} {gz(data) / 1000:>11.1f}")
    verdict = "ok" if total <= BUDGET_KB else "over budget"
    print(f"P3 cold load {total:.1f} KB gzip -9; budget <= {BUDGET_KB:.0f} KB: {verdict}; "
          f"regression ceiling {CEILING_KB:.0f} KB")
    if total > CEILING_KB:
        print(f"bundle_size: {total:.1f} KB is above the ceiling of {CEILING_KB:.0f} KB "
              "(scripts/bundle_size.py CEILING_KB): the bundle grew", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
