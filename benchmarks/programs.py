"""Provides how the benchmarks start termnews: the installed command beside this Python,
with its cache, config and data folders inside the benchmark's work folder."""

from __future__ import annotations

import compileall
import functools
import importlib.util
import os
import sys
from pathlib import Path


def termnews_argv() -> list[str]:
    _compiled()
    beside = Path(sys.executable).with_name("termnews")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "termnews"]


def env_in(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        XDG_CACHE_HOME=str(work / "cache"),
        XDG_CONFIG_HOME=str(work / "config"),
        XDG_DATA_HOME=str(work / "data"),
    )
    return env


@functools.cache
def _compiled() -> None:
    """termnews's bytecode written before anything is timed, as `pip install` writes it:
    an editable install (or PYTHONDONTWRITEBYTECODE) would otherwise compile its modules
    at every start, 70 ms that no installed copy spends."""
    spec = importlib.util.find_spec("termnews")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)
