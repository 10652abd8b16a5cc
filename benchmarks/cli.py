"""Provides the command-line timings: each scriptable command on a library whose index is
built, run several times beside `termnews --version` (the floor of any command), with the
peak memory of each run; and again with a sync folder in which another machine left
`--sync-changes` read marks (merged before every command).

    python benchmarks/cli.py /tmp/termnews-bench/lib-100000 --work /tmp/termnews-bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from programs import env_in, termnews_argv

WORD = "zapple"
"""Replaced by a mid-frequency word of the generated vocabulary (see `_words`)."""


def commands(library: Path, some_id: str, word: str) -> dict[str, list[str]]:
    lib = ["--library", str(library)]
    return {
        "floor: --version": ["--version"],
        "read ID": ["read", some_id, *lib],
        "unread ID": ["unread", some_id, *lib],
        "show ID": ["show", some_id, *lib],
        "sections": ["sections", *lib],
        f"search {word} (top 20)": ["search", word, "--limit", "20", *lib],
        f"search {word} section:military unread (top 20)": [
            "search", word, "section:military", "unread", "--limit", "20", *lib,
        ],
        "search section:military unread (top 20)": [
            "search", "section:military", "unread", "--limit", "20", *lib,
        ],
        "list --json (all)": ["list", "--json", *lib],
        "list --section Afghanistan --unread --json": [
            "list", "--section", "Afghanistan", "--unread", "--json", *lib,
        ],
    }  # fmt: skip


def _run(argv: list[str], env: dict[str, str]) -> float:
    """Seconds of one run; its output goes to a pipe that is drained."""
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{argv}: {done.stderr.decode(errors='replace')}")
    return elapsed


def _some_id(library: Path, env: dict[str, str]) -> str:
    argv = [*termnews_argv(), "search", "section:afghanistan", "--limit", "1", "--json"]
    done = subprocess.run([*argv, "--library", str(library)], env=env, capture_output=True)
    return json.loads(done.stdout)[0]["id"]


def sync_folder(work: Path, count: int, changes: int) -> list[str]:
    """The options that give the commands a sync folder where another machine (a phone)
    read `changes` articles, named by URL as feed items are (the generator's Markdown
    files have one; some named are not in the library, as on a real phone), and a data
    folder of their own, so the other runs' marks stay as they were."""
    folder = work / f"sync-{changes}"
    journal = folder / "marks-0benchphone0.jsonl"
    if not journal.exists():
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(changes)
        lines = []
        for n in range(changes):
            url = f"https://example.org/{rng.randrange(count)}"
            change = {"v": 1, "id": f"phone{n}", "url": url, "kind": "read", "on": True,
                      "at": [1_700_000_000_000 + n, 0], "m": "0benchphone0"}  # fmt: skip
            lines.append(json.dumps(change))
        journal.write_text("\n".join(lines) + "\n")
    config = work / f"sync-{changes}.yaml"
    config.write_text(f"sync_dir: {folder}\n")
    return ["--config", str(config), "--data-dir", str(work / f"sync-{changes}-data")]


def time_commands(
    library: Path, work: Path, repeats: int = 5, options: list[str] | None = None
) -> dict:
    """Median and worst seconds per command, run in turns so that drift hits all alike;
    the index must be built (run any command once on the library first). `options` go
    after every command but the floor (see `sync_folder`)."""
    env = env_in(work)
    base = termnews_argv()
    table = commands(library, _some_id(library, env), _middle_word())
    for argv in table.values():
        if options and argv != ["--version"]:
            argv += options
    samples: dict[str, list[float]] = {name: [] for name in table}
    peaks: dict[str, float] = {}
    for _ in range(repeats):
        for name, argv in table.items():
            samples[name].append(_run([*base, *argv], env))
    for name, argv in table.items():
        # RUSAGE_CHILDREN keeps the maximum over all children: a fresh process per
        # command measures that command's own peak.
        probe = [sys.executable, __file__, "--peak", json.dumps([*base, *argv])]
        peaks[name] = float(subprocess.run(probe, env=env, capture_output=True).stdout or 0)
    return {
        name: {
            "median_s": round(statistics.median(values), 3),
            "max_s": round(max(values), 3),
            "peak_rss_mb": round(peaks[name], 1),
        }
        for name, values in samples.items()
    }


def _middle_word() -> str:
    """A word of rank ~2,000 in the generated vocabulary: in a few percent of articles."""
    from generate import WORDS

    return next(word for word in WORDS[2000:] if len(word) > 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, nargs="?")
    parser.add_argument("--work", type=Path, default=Path("/tmp/termnews-bench"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--count", type=int, help="articles in the library (for --sync-changes)")
    parser.add_argument("--sync-changes", type=int, default=0, metavar="N")
    parser.add_argument("--peak", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak:
        argv = json.loads(args.peak)
        subprocess.run(argv, capture_output=True, env=os.environ, check=False)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(peak)
        return
    options = None
    if args.sync_changes:
        options = sync_folder(args.work, args.count, args.sync_changes)
    results = time_commands(args.library, args.work, args.repeats, options)
    for name, figures in results.items():
        print(
            f"{name:<52} {figures['median_s']:.3f} s (worst {figures['max_s']:.3f} s), "
            f"{figures['peak_rss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
