"""Provides the web pages benchmark: how well termnews reads saved pages, and how fast.

    python benchmarks/pages.py AEB_DIR [--out results.json]

AEB_DIR is a checkout of github.com/scrapinghub/article-extraction-benchmark (181 real news
pages, `html/*.html.gz`, with their article text annotated by hand in `ground-truth.json`).
For every page: the words termnews shows against the annotated words (precision, recall and
F1 of word counts, case folded), and the extraction time; then the first scan of 1,000 saved
pages (the 181, copied) by the real `termnews list`, without and with the index.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from termnews.library import TrailerRules
from termnews.library.html import extract_page
from termnews.library.parse import page_article

WORD = re.compile(r"\w+")


def scores(true: str, shown: str) -> tuple[float, float, float]:
    expected, got = Counter(WORD.findall(true.casefold())), Counter(WORD.findall(shown.casefold()))
    common = sum((expected & got).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(expected.values()) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def accuracy(aeb: Path) -> dict:
    truth = json.loads((aeb / "ground-truth.json").read_text())
    rules = TrailerRules.build()
    rows, times = [], []
    for key, answer in sorted(truth.items()):
        data = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        started = time.perf_counter()
        try:
            extracted = extract_page(data, answer.get("url"))
            path = Path(f"/pages/{key}.html")
            article = page_article(extracted, path, path.name, rules, mtime=0, size=len(data))
            shown = "\n".join(article.paragraphs)
        except Exception as error:  # a page with nothing extracted scores 0
            shown = ""
            print(f"{key}: {error}", file=sys.stderr)
        times.append(time.perf_counter() - started)
        precision, recall, f1 = scores(answer.get("articleBody", ""), shown)
        rows.append({"page": key, "url": answer.get("url"), "precision": precision,
                     "recall": recall, "f1": f1})  # fmt: skip
    worst = sorted(rows, key=lambda row: row["f1"])[:5]
    times.sort()
    return {
        "pages": len(rows),
        "precision": round(statistics.mean(r["precision"] for r in rows), 3),
        "recall": round(statistics.mean(r["recall"] for r in rows), 3),
        "f1": round(statistics.mean(r["f1"] for r in rows), 3),
        "worst": [
            {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()} for r in worst
        ],
        "extract_ms": {
            "median": round(1000 * statistics.median(times), 1),
            "p95": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
        },
    }


def baselines(aeb: Path) -> dict:
    """The same scores for other ways to get the text: jusText (the paragraph classifier
    trafilatura itself falls back on) and the whole page's text, for scale."""
    import justext
    import lxml.html

    truth = json.loads((aeb / "ground-truth.json").read_text())
    results: dict[str, list[float]] = {"justext": [], "whole page": []}
    for key, answer in sorted(truth.items()):
        data = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        true = answer.get("articleBody", "")
        try:
            paragraphs = justext.justext(data, justext.get_stoplist("English"))
            shown = "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
        except Exception:  # jusText gives up on some pages
            shown = ""
        results["justext"].append(scores(true, shown)[2])
        try:
            shown = lxml.html.fromstring(data).text_content()
        except Exception:
            shown = ""
        results["whole page"].append(scores(true, shown)[2])
    return {name: round(statistics.mean(values), 3) for name, values in results.items()}


def first_scan(aeb: Path, count: int, work: Path) -> dict:
    pages = sorted((aeb / "html").glob("*.html.gz"))
    library = work / "pages"
    for number in range(count):
        source = pages[number % len(pages)]
        folder = library / f"section-{number % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        html = gzip.decompress(source.read_bytes())
        # each copy differs by a comment, so each is its own article
        (folder / f"{number:04d}.html").write_bytes(html + f"<!-- {number} -->".encode())
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"), XDG_DATA_HOME=str(work / "data"))
    command = [sys.executable, "-m", "termnews", "list", "--library", str(library), "--json"]
    results = {}
    for name in ("without_index", "with_index"):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        results[name + "_s"] = round(time.perf_counter() - started, 2)
        results["listed"] = len(json.loads(done.stdout or "[]"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("aeb", type=Path, help="article-extraction-benchmark checkout")
    parser.add_argument("--pages", type=int, default=1000, help="saved pages in the scan test")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = {"accuracy": accuracy(args.aeb), "f1_of_other_ways": baselines(args.aeb)}
    with tempfile.TemporaryDirectory(prefix="termnews-pages-") as work:
        results["first_scan"] = {
            "pages": args.pages,
            **first_scan(args.aeb, args.pages, Path(work)),
        }
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
