"""Smoke test of the benchmark at 200 articles: it runs end to end and reports every figure.

No timing is asserted here; speed is read from the benchmark's own output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from search_latency import QUERIES


def test_benchmark_runs_at_200_articles(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "run.py"),
        "--articles", "200",
        "--moves", "5",
        "--cold-runs", "2",
        "--no-newsboat",
        "--work", str(tmp_path / "work"),
        "--out", str(out),
    ]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    results = json.loads(out.read_text())
    entry = results["sizes"]["200"]
    for run in (entry["cold"], entry["warm"]):
        assert run["first_titles_s"] > 0 and run["scan_done_s"] >= run["first_titles_s"]
        assert run["peak_rss_mb"] > 0
    ready = sorted(run["scan_done_s"] for run in entry["cold"]["runs"])
    assert len(ready) == 2 and ready[0] <= entry["cold"]["scan_done_s"] <= ready[1]
    assert "(median of 2; search ready" in finished.stdout
    warm = entry["warm"]
    assert warm["first_titles_median_s"] > 0
    assert warm["cursor_move"]["p95_ms"] >= warm["cursor_move"]["p50_ms"] > 0
    assert set(warm["section_switch_ms"]) >= {"Business", "Business › Companies", "back to All"}
    assert set(warm["search_typed_ms"]) == set(entry["search"])
    assert all(ms > 0 for ms in warm["search_typed_ms"].values())
    assert all(figures["p95_ms"] >= figures["p50_ms"] > 0 for figures in entry["search"].values())
    assert entry["search"][QUERIES[0]]["matches"] > 0
    assert entry["search"]["the"]["matches"] == 200
    assert entry["cli"]["read ID"]["median_s"] > 0
    assert all(figures["peak_rss_mb"] > 0 for figures in entry["cli"].values())
    assert entry["floor"]["first_screen_s"] > 0 and entry["floor"]["peak_rss_mb"] > 0
    assert "| 200 |" in finished.stdout
