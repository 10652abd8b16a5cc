"""Provides how the benchmarks start termnews: the installed command beside this Python,
with its cache, config and data folders inside the benchmark's work folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def termnews_argv() -> list[str]:
    beside = Path(sys.executable).with_name("termnews")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "termnews"]


def env_in(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        XDG_CACHE_HOME=str(work / "cache"),
        XDG_CONFIG_HOME=str(work / "config"),
        XDG_DATA_HOME=str(work / "data"),
    )
    return env
