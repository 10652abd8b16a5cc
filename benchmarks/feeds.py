"""Provides the feeds benchmark: `termnews fetch` (the real program) against 200 feeds of 50
items served from loopback with 50 ms added latency, then again when every feed answers
304, then a 730-item podcast. Feeds are spread over 50 loopback addresses (127.0.0.x), as
real feeds are over many hosts, so the two-connections-per-host rule applies as it would.

    python benchmarks/feeds.py [--feeds 200] [--items 50] [--out results.json]

Items are made from the real BBC News and podcast feeds in tests/fixtures/feeds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "feeds"
HOSTS = 50
LATENCY = 0.05


def _items(template: bytes, count: int, feed: int) -> bytes:
    """A feed of `count` items cut from the real feed's own, renumbered."""
    text = template.decode("utf-8")
    head, _, rest = text.partition("<item>")
    items = re.findall(r"<item>.*?</item>", "<item>" + rest, re.S)
    made = []
    for n in range(count):
        item = items[n % len(items)]
        item = re.sub(r"(<guid[^>]*>)([^<]*)", rf"\g<1>\g<2>-{feed}-{n}", item, count=1)
        item = re.sub(r"(<title>\s*(?:<!\[CDATA\[)?\s*)", rf"\g<1>{feed}.{n} ", item, count=1)
        made.append(item)
    return (head + "\n".join(made) + "\n</channel>\n</rss>\n").encode()


class _Server:
    def __init__(self, feeds: dict[str, bytes]) -> None:
        tags = {path: '"' + hashlib.md5(body).hexdigest() + '"' for path, body in feeds.items()}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                time.sleep(LATENCY)
                body = feeds.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == tags[self.path]:
                    self.send_response(304)
                    self.send_header("ETag", tags[self.path])
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", tags[self.path])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, number: int, path: str) -> str:
        return f"http://127.0.0.{1 + number % HOSTS}:{self.port}{path}"


def _termnews() -> list[str]:
    beside = Path(sys.executable).with_name("termnews")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "termnews"]


def _run(args: list[str], env: dict[str, str]) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*_termnews(), *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"termnews {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
        "output": done.stdout.strip().splitlines()[-3:],
    }


def _subscribe(config: Path, urls: list[str]) -> None:
    config.mkdir(parents=True, exist_ok=True)
    lines = ["feeds:"] + [f'  - url: "{url}"' for url in urls]
    (config / "feeds.yaml").write_text("\n".join(lines) + "\n")


def run(feeds: int, items: int, work: Path) -> dict:
    bbc = (FIXTURES / "bbc_news_2024.xml").read_bytes()
    podcast = (FIXTURES / "podcast_archive_org.xml").read_bytes()
    documents = {f"/feed/{n}": _items(bbc, items, n) for n in range(feeds)}
    documents["/podcast"] = _items(podcast, 730, 0)
    server = _Server(documents)
    results: dict = {"feeds": feeds, "items_per_feed": items, "latency_ms": LATENCY * 1000}
    try:
        env = dict(os.environ)
        env.update(
            XDG_CONFIG_HOME=str(work / "config"),
            XDG_DATA_HOME=str(work / "data"),
            XDG_CACHE_HOME=str(work / "cache"),
        )
        urls = [server.url(n, f"/feed/{n}") for n in range(feeds)]
        _subscribe(work / "config" / "termnews", urls)
        results["first_fetch"] = _run(["fetch"], env)
        results["refetch_all_304"] = _run(["fetch", "--force"], env)
        shutil.rmtree(work / "data")
        shutil.rmtree(work / "cache", ignore_errors=True)
        _subscribe(work / "config" / "termnews", [server.url(0, "/podcast")])
        results["podcast_730_items"] = _run(["fetch"], env)
        written = sum(1 for _ in (work / "data" / "termnews" / "feeds").glob("*/*.md"))
        results["podcast_730_items"]["items_written"] = written
    finally:
        server.httpd.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="termnews-feeds-") as work:
        results = run(args.feeds, args.items, Path(work))
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
