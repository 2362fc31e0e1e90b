#!/usr/bin/env python3
"""Serve dist/ like `python3 -m http.server`, plus `Access-Control-Allow-Origin: *`.

A playground embedded with `<iframe sandbox="allow-scripts">` has an opaque origin, so its module
script and .wasm fetches are cross-origin: the host of the app must allow that (GitHub Pages does).

    python3 scripts/serve_dist.py --bind 127.0.0.1 --directory dist 8089
"""
import argparse
import functools
import http.server


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, *args):
        pass


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--directory", default="dist")
    p.add_argument("port", type=int, nargs="?", default=8089)
    a = p.parse_args()
    handler = functools.partial(Handler, directory=a.directory)
    with http.server.ThreadingHTTPServer((a.bind, a.port), handler) as httpd:
        httpd.serve_forever()


if __name__ == "__main__":
    main()
