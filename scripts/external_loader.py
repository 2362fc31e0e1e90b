#!/usr/bin/env python3
"""Trunk post_build hook: move Trunk's inline start-up <script type="module"> into its own file,
and load the stylesheets in CORS mode.

Why: a strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no 'unsafe-inline')
blocks inline scripts, and a hash would change with every build. An external, content-hashed
`boot-<hash>.js` next to the wasm loader works under `'self'`.

Runs in Trunk's staging directory ($TRUNK_STAGING_DIR); touches every *.html file there that has
Trunk's loader. A page without one is left alone; more than one loader is an error.
"""
import hashlib
import os
import re
import sys

# Trunk's stylesheet links carry an integrity hash but no crossorigin attribute: from an opaque
# origin (a sandboxed iframe) such a no-cors request cannot be checked and is blocked.
STYLESHEET = re.compile(r'<link rel="stylesheet"(?![^>]*crossorigin)([^>]*integrity=[^>]*)>')
LOADER = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)


def externalise(path: str) -> bool:
    with open(path, encoding="utf-8") as f:
        html = f.read()
    loaders = [m for m in LOADER.finditer(html) if "init(" in m.group("body") and "src=" not in m.group("attrs")]
    if not loaders:
        return False
    if len(loaders) > 1:
        sys.exit(f"external_loader.py: {path}: {len(loaders)} inline Trunk loaders, expected 1")
    m = loaders[0]
    body = m.group("body").strip() + "\n"
    # Serve it from where the wasm-bindgen JS lives (Trunk's public_url).
    base = re.search(r"""from\s+['"]([^'"]*/)[^/'"]+\.js['"]""", body)
    prefix = base.group(1) if base else "./"
    name = f"boot-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
    with open(os.path.join(os.path.dirname(path), name), "w", encoding="utf-8") as f:
        f.write(body)
    tag = f'<script type="module" src="{prefix}{name}"></script>'
    html = html[: m.start()] + tag + html[m.end():]
    html = STYLESHEET.sub(r'<link rel="stylesheet" crossorigin="anonymous"\1>', html)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return True


def main() -> None:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging or not os.path.isdir(staging):
        sys.exit("external_loader.py: TRUNK_STAGING_DIR is not set to a directory (run it as a Trunk post_build hook)")
    done = [n for n in sorted(os.listdir(staging)) if n.endswith(".html") and externalise(os.path.join(staging, n))]
    if "index.html" not in done:
        sys.exit("external_loader.py: no inline Trunk loader found in index.html")


if __name__ == "__main__":
    main()
