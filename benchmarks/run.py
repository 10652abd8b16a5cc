"""Provides the termnews benchmark: the real program in a pseudo-terminal, timed by what is on
the screen, on generated libraries of several sizes, beside a no-data Textual floor and,
when it is installed, newsboat.

    python benchmarks/run.py --articles 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from cli import sync_folder, time_commands
from generate import generate
from programs import env_in, termnews_argv
from search_latency import FIRST_HITS, QUERIES, SNIPPETS, search_latency
from terminal import Terminal

HERE = Path(__file__).resolve().parent
TITLE_ROW = re.compile(r"[●★ ]{2} \w+: ")
BUSY = re.compile("scanning|loading")
"""In the header while the library is still being read."""
STARTS = 9
"""Starts timed for the warm start and the floor, in turn: each is the median."""
READER = (2, 9, 70)
"""Reader rows and first column at 120x35, where the headline appears."""


def _library(work: Path, count: int) -> Path:
    root = work / f"lib-{count}"
    done = root / ".complete"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, count, jobs=os.cpu_count() or 1)
        done.write_text("ok")
    return root


def _reader(text: str) -> str:
    rows = text.split("\n")[READER[0] : READER[1]]
    return "\n".join(row[READER[2] :] for row in rows)


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
    }


def run_termnews(library: Path, work: Path, count: int, moves: int, interact: bool) -> dict:
    term = Terminal([*termnews_argv(), "--library", str(library)], env_in(work))
    result: dict = {}
    result["first_titles_s"] = round(term.wait_for(lambda t: bool(TITLE_ROW.search(t))), 3)
    done = f"/{count:,} · "
    # Every title listed (and navigable), the scan may still be parsing for search…
    result["all_titles_s"] = round(
        result["first_titles_s"] + term.wait_for(lambda t: done in t.split("\n")[0], 900), 3
    )
    # …then everything parsed and in the search index.
    result["scan_done_s"] = round(
        result["all_titles_s"]
        + term.wait_for(lambda t: done in t.split("\n")[0] and not BUSY.search(t), 900),
        3,
    )
    if interact:
        result.update(_interact(term, moves))
    result["peak_rss_mb"] = round(term.peak_rss_mb(), 1)
    term.close()
    return result


def cold_scans(library: Path, work: Path, count: int, runs: int) -> dict:
    """The first scan, from no index and no state, `runs` times: each figure's median, and
    every run (a busy machine moves one run by half, so one run proves little)."""
    every = []
    for _ in range(runs):
        shutil.rmtree(work, ignore_errors=True)
        every.append(run_termnews(library, work, count, 0, interact=False))
    if runs == 1:
        return every[0]
    return {key: statistics.median(run[key] for run in every) for key in every[0]} | {"runs": every}


def _timed_key(term: Terminal, key: str, test) -> float:
    return term.respond(key, test)


TYPING_GAP = 0.08
"""Seconds between keys as a fast typist types them (150 words a minute)."""


def _typed(term: Terminal, text: str, test) -> float:
    """Type `text` a key at a time, as a person does (each key may start a search that the
    next one makes stale); the time is from the last key to the screen passing the test."""
    for key in text[:-1]:
        term.send(key)
        ends = time.perf_counter() + TYPING_GAP
        while time.perf_counter() < ends:
            term.pump(0.005)
    return term.respond(text[-1], test)


def _interact(term: Terminal, moves: int) -> dict:
    out: dict = {}
    samples = []
    for _ in range(moves):
        before = _reader(term.text())
        samples.append(_timed_key(term, "j", lambda t, b=before: _reader(t) != b))
    out["cursor_move"] = _percentiles(samples)
    term.send("\x1b[Z")  # shift+tab: the section tree
    time.sleep(0.3)
    switches = {}
    for label in ("Unread ·", "Bookmarks ·", "Business ·", "Business › Companies ·"):
        switches[label.rstrip(" ·")] = round(
            1000 * _timed_key(term, "j", lambda t, w=label: w in t.split("\n")[0]), 1
        )
    switches["back to All"] = round(
        1000 * _timed_key(term, "g", lambda t: "All articles ·" in t.split("\n")[0]), 1
    )
    out["section_switch_ms"] = switches
    term.send("\r")  # into the list
    time.sleep(0.3)
    searches = {}
    for query in QUERIES:
        term.send("/")
        time.sleep(0.3)
        shown = f"Search: {query} · "
        searches[query] = round(1000 * _typed(term, query, lambda t, s=shown: s in t), 1)
        term.send("\x1b")
        term.wait_for(lambda t: "All articles ·" in t.split("\n")[0])
    out["search_typed_ms"] = searches
    return out


def floor_start(work: Path) -> tuple[float, float]:
    """Seconds to the floor's first screen, and its peak RSS in MB."""
    term = Terminal([sys.executable, str(HERE / "floor_app.py")], env_in(work))
    seconds = term.wait_for(lambda t: "floor ready" in t)
    rss = term.peak_rss_mb()
    term.close()
    return seconds, rss


def warm_starts(library: Path, work: Path) -> tuple[float, dict]:
    """The median of STARTS warm starts to the first titles, and the floor's median of
    STARTS starts taken in turn with them. Side by side, not minutes apart: the machine's
    pace drifts between runs by more than a tenth of a start (the floor alone read 0.216 to
    0.241 s), and a floor timed once at the beginning of a run gave the same build's ratio
    from 1.46 to 1.54."""
    titles, floors, rss = [], [], 0.0
    for _ in range(STARTS):
        seconds, rss = floor_start(work)
        floors.append(seconds)
        titles.append(first_titles(library, work))
    floor = {"first_screen_s": round(statistics.median(floors), 3), "peak_rss_mb": round(rss, 1)}
    return round(statistics.median(titles), 3), floor


def first_titles(library: Path, work: Path) -> float:
    """Seconds from start to the first titles on screen, and no more."""
    term = Terminal([*termnews_argv(), "--library", str(library)], env_in(work))
    seconds = term.wait_for(lambda t: bool(TITLE_ROW.search(t)))
    term.close()
    return seconds


def run_newsboat(library_count: int, work: Path) -> dict | None:
    newsboat = shutil.which("newsboat")
    if newsboat is None:
        return None
    home = work / f"newsboat-{library_count}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    feed = home / "feed.xml"
    body = escape("Body text " * 200)
    with feed.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>')
        out.write("<link>http://127.0.0.1/</link><description>bench</description>")
        for n in range(library_count):
            out.write(
                f"<item><title>Story {n}</title><link>http://127.0.0.1/{n}</link>"
                f"<guid>bench-{n}</guid><description>{body}</description></item>"
            )
        out.write("</channel></rss>")
    urls = home / "urls"
    urls.write_text(f'"exec:cat {feed}"\n')
    config = home / "config"
    config.write_text("show-read-feeds yes\n")
    base = [newsboat, "-u", str(urls), "-c", str(home / "cache.db"), "-C", str(config)]
    began = time.perf_counter()
    subprocess.run([*base, "-x", "reload"], check=True, capture_output=True, timeout=3600)
    imported = time.perf_counter() - began
    term = Terminal(base, dict(os.environ, HOME=str(home)))
    seconds = term.wait_for(lambda t: "Your feeds (" in t and "bench" in t, 600)
    term.send("\r")  # open the feed: its item titles are what termnews shows first
    titles = seconds + term.wait_for(lambda t: "Story " in t, 600)
    rss = term.peak_rss_mb()
    term.close("qq")
    return {
        "import_s": round(imported, 1),
        "first_screen_s": round(seconds, 3),
        "first_titles_s": round(titles, 3),
        "peak_rss_mb": round(rss, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,10000,100000")
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path("/tmp/termnews-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--no-newsboat", action="store_true")
    parser.add_argument(
        "--library",
        action="append",
        default=[],
        metavar="COUNT=DIR",
        help="use this folder of COUNT generated articles (made before with generate.py) "
        "instead of generating one in the work folder",
    )
    parser.add_argument(
        "--cold-runs",
        type=int,
        default=1,
        metavar="N",
        help="time the first scan N times and give the medians, with every run in the JSON",
    )
    parser.add_argument(
        "--sync-changes",
        type=int,
        default=2000,
        metavar="N",
        help="time the command line again with a sync folder where another machine read N "
        "articles (0: do not)",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="time no first scan when the work folder has an index (a million articles take "
        "a quarter of an hour to index: build it once with any command)",
    )
    args = parser.parse_args()
    results: dict = {"machine": f"{os.cpu_count()} cores, {sys.platform}", "sizes": {}}
    given = {int(count): Path(folder) for count, folder in (x.split("=") for x in args.library)}
    for count in (int(part) for part in args.articles.split(",")):
        library = given.get(count) or _library(args.work, count)
        work = args.work / f"state-{count}"
        indexed = any((work / "cache").glob("termnews/index-*.sqlite3"))
        cold = None
        if not (args.keep_index and indexed):
            cold = cold_scans(library, work, count, max(1, args.cold_runs))
        else:  # the index only: a remembered view or folded sections would change the run
            shutil.rmtree(work / "data", ignore_errors=True)
        warm = run_termnews(library, work, count, args.moves, interact=True)
        warm["first_titles_median_s"], floor = warm_starts(library, work)
        entry = {
            "floor": floor,
            "cold": cold,
            "warm": warm,
            "search": search_latency(library, work),
            "cli": time_commands(library, work),
        }
        if args.sync_changes:
            options = sync_folder(work, count, args.sync_changes)
            entry["cli_sync"] = time_commands(library, work, options=options)
        if not args.no_newsboat:
            entry["newsboat"] = run_newsboat(count, args.work)
        results["sizes"][str(count)] = entry
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\nJSON: {args.out}")


def table(results: dict) -> str:
    lines = [
        "| articles | floor (Textual, same widgets, no data) "
        "| cold: first titles / all titles / search ready "
        "| warm: titles (× floor) | move p50 / p95 | "
        "section 10% | search p50 / p95 (first screen) | typed search p95 | peak RSS | "
        "newsboat: feeds / titles, RSS |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for count, entry in results["sizes"].items():
        cold, warm, nb = entry["cold"], entry["warm"], entry.get("newsboat")
        move = warm.get("cursor_move", {})
        newsboat = (
            f"{nb['first_screen_s']:.2f} s / {nb['first_titles_s']:.2f} s, "
            f"{nb['peak_rss_mb']:.0f} MB"
            if nb
            else "not installed"
        )
        first = (
            f"{cold['first_titles_s']:.2f} / {cold.get('all_titles_s', 0):.1f} / "
            f"{cold['scan_done_s']:.1f} s{_spread(cold)}"
            if cold
            else "not run"
        )
        typed = warm.get("search_typed_ms", {})
        typed_p95 = _percentiles([ms / 1000 for ms in typed.values()])["p95_ms"] if typed else 0
        peak = max(warm["peak_rss_mb"], cold["peak_rss_mb"] if cold else 0)
        start, floor = warm["first_titles_median_s"], entry["floor"]
        base = floor["first_screen_s"]
        lines.append(
            f"| {int(count):,} | {base:.2f} s, {floor['peak_rss_mb']:.0f} MB | {first} "
            f"| {start:.2f} s ({start / base:.2f}×) "
            f"| {move.get('p50_ms', 0):.0f} / {move.get('p95_ms', 0):.0f} ms "
            f"| {warm.get('section_switch_ms', {}).get('Business › Companies', 0):.0f} ms "
            f"| {_search_summary(entry.get('search', {}))} "
            f"| {typed_p95:.0f} ms "
            f"| {peak:.0f} MB | {newsboat} |"
        )
    lines += _cli_table(results, "cli", "Command line, warm index: median seconds (peak MB)")
    lines += _cli_table(
        results,
        "cli_sync",
        "The same with a sync folder, another machine's read marks merged before each command",
    )
    searches = [(count, entry) for count, entry in results["sizes"].items() if "search" in entry]
    if searches:
        count, entry = searches[-1]
        lines += [
            "",
            f"Search at {int(count):,} articles, in process: the first screen (the first "
            f"{FIRST_HITS} hits and {SNIPPETS} snippets, what the query line shows first) and "
            "all hits with their count; typed: in the terminal, a key every 80 ms, from the "
            "last key to results on screen",
            "",
            "| query | matches | first screen p50 / p95 | all p50 / p95 | typed |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        typed = entry["warm"].get("search_typed_ms", {})
        for query, figures in entry["search"].items():
            every = figures.get("all", figures)
            lines.append(
                f"| `{query}` | {figures['matches']:,} "
                f"| {figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} ms "
                f"| {every['p50_ms']:.0f} / {every['p95_ms']:.0f} ms "
                f"| {typed.get(query, 0):.0f} ms |"
            )
    return "\n".join(lines)


def _cli_table(results: dict, key: str, title: str) -> list[str]:
    clis = {count: entry[key] for count, entry in results["sizes"].items() if key in entry}
    if not clis:
        return []
    names = list(next(iter(clis.values())))
    lines = [
        "",
        title,
        "",
        "| command | " + " | ".join(f"{int(count):,}" for count in clis) + " |",
        "| --- |" + " ---: |" * len(clis),
    ]
    for name in names:
        cells = [
            f"{figures[name]['median_s']:.2f} s ({figures[name]['peak_rss_mb']:.0f})"
            for figures in clis.values()
        ]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return lines


def _spread(cold: dict) -> str:
    """For medians of several first scans: how many, and the range of search ready."""
    runs = cold.get("runs")
    if not runs:
        return ""
    ready = sorted(run["scan_done_s"] for run in runs)
    return f" (median of {len(runs)}; search ready {ready[0]:.1f}–{ready[-1]:.1f} s)"


def _search_summary(search: dict) -> str:
    """Median over the queries of their p50, and the worst p95."""
    if not search:
        return "-"
    p50 = statistics.median(figures["p50_ms"] for figures in search.values())
    p95 = max(figures["p95_ms"] for figures in search.values())
    return f"{p50:.0f} / {p95:.0f} ms"


if __name__ == "__main__":
    main()
