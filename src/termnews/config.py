"""Provides config.yaml loading and the standard folders for config, data and cache."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from termnews.feeds.subscriptions import parse_duration
from termnews.library.query import QueryError, parse_query
from termnews.library.sections import parse_section
from termnews.paths import printable

if TYPE_CHECKING:
    import yaml

APP_NAME = "termnews"
SETTINGS = (
    "library",
    "libraries",
    "trailer_patterns",
    "keys",
    "theme",
    "searches",
    "feeds_dir",
    "fetch_every",
    "saved_dir",
    "saved_section",
    "sync_dir",
)
"""Top-level names config.yaml understands; any other is a warning."""
PACKAGE_DIR = Path(__file__).resolve().parent


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the line."""


@dataclass
class Config:
    """Settings from config.yaml; every field has a default, so a missing file is fine."""

    path: Path | None = None
    """The file these settings came from, or None when there was none."""
    libraries: list[Path] = field(default_factory=list)
    """Library folders; empty means the bundled samples."""
    trailer_patterns: list[str] = field(default_factory=list)
    """Extra site-boilerplate patterns (regular expressions) beyond the built-in ones."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key binding overrides: binding id -> comma-separated keys."""
    theme: str | None = None
    """A Textual theme name; the last theme chosen in the app wins over it."""
    searches: list[tuple[str, str]] = field(default_factory=list)
    """Saved searches (name, query), shown in the section tree under Searches."""
    feeds_dir: Path | None = None
    """Where fetched feed items are written; None means `feeds/` in the data folder."""
    fetch_every: float | None = None
    """Seconds between fetches of due feeds while the UI runs; None: only on `F`."""
    saved_dir: Path | None = None
    """Where `termnews save` writes pages; None means `saved/` in the data folder."""
    saved_section: tuple[str, ...] = ("Saved",)
    """The section saved pages go to unless `--section` says otherwise."""
    sync_dir: Path | None = None
    """A folder a sync tool shares between machines, for marks; None: no sync."""
    warnings: list[str] = field(default_factory=list)
    """Mistakes that do not stop termnews (an unknown setting), each naming file and line."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each setting (`theme`, `keys.bookmark`), so later checks can point at it."""

    def where(self, setting: str) -> str:
        """`config.yaml: line 4` for a setting, for messages about it."""
        line = self.lines.get(setting)
        return f"{self.path}" + (f": line {line}" if line else "")


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def default_cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME)


def bundled_dir(name: str) -> Path:
    """`seeds` or `styles`: inside the installed package, or beside `src/` in a checkout."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent.parent / name


def load_config(path: Path | None = None) -> Config:
    """Load the given file, or the default one if it exists."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: no such config file")
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    import yaml  # only when there is a file: a tenth of the start-up's own imports

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f": line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: {error}") from None
    except (RecursionError, ValueError, MemoryError) as error:  # 20,000-deep, 5,000 digits
        raise ConfigError(f"{path}: cannot be read: {type(error).__name__}") from None
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: line 1: expected settings such as 'library: ~/news'")
    return _from_mapping(data, _Lines(path, node))


class _Lines:
    """Finds the line of a setting so that errors can point at it."""

    def __init__(self, path: Path, node: yaml.Node | None) -> None:
        self.path = path
        self.node = node

    def error(self, key: str, message: str) -> ConfigError:
        line = self.numbers().get(key)
        return ConfigError(f"{self.path}{f': line {line}' if line else ''}: '{key}' {message}")

    def numbers(self) -> dict[str, int]:
        """The line of every top-level setting and of every entry under `keys`."""
        import yaml

        found: dict[str, int] = {}
        if not isinstance(self.node, yaml.MappingNode):
            return found
        for key_node, value in self.node.value:
            name = str(key_node.value)
            found.setdefault(name, key_node.start_mark.line + 1)
            if name == "keys" and isinstance(value, yaml.MappingNode):
                for inner, _ in value.value:
                    found.setdefault(f"keys.{inner.value}", inner.start_mark.line + 1)
        return found


def _from_mapping(data: dict, lines: _Lines) -> Config:
    config = Config(path=lines.path, lines=lines.numbers())
    for key in data:
        if key not in SETTINGS:
            close = difflib.get_close_matches(str(key), SETTINGS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            config.warnings.append(
                f"{config.where(str(key))}: unknown setting {printable(str(key))!r}{hint}; "
                f"ignored (known: {', '.join(SETTINGS[1:])})"
            )
    libraries = data.get("library", data.get("libraries"))
    if isinstance(libraries, str):
        libraries = [libraries]
    if libraries is not None:
        if not isinstance(libraries, list) or not all(isinstance(p, str) for p in libraries):
            raise lines.error("library", "must be a folder or a list of folders")
        base = lines.path.parent
        config.libraries = [base / Path(os.path.expandvars(p)).expanduser() for p in libraries]
    patterns = data.get("trailer_patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise lines.error("trailer_patterns", "must be a list of regular expressions")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise lines.error(
                "trailer_patterns", f"has a bad pattern {pattern!r}: {error}"
            ) from None
    config.trailer_patterns = patterns
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise lines.error("keys", "must map binding names to keys, e.g. 'bookmark: f'")
    config.keys = keys
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise lines.error("theme", "must be a theme name")
    config.theme = theme
    config.searches = _searches(data.get("searches"), lines)
    config.feeds_dir = _folder(data, "feeds_dir", lines)
    config.saved_dir = _folder(data, "saved_dir", lines)
    config.sync_dir = _folder(data, "sync_dir", lines)
    saved_section = data.get("saved_section")
    if saved_section is not None:
        parts = parse_section(str(saved_section))
        if not parts:
            raise lines.error("saved_section", 'must be a section, e.g. "Reading / Later"')
        config.saved_section = parts
    fetch_every = data.get("fetch_every")
    if fetch_every is not None:
        try:
            config.fetch_every = parse_duration(fetch_every)
        except ValueError as error:
            raise lines.error("fetch_every", str(error)) from None
    return config


def _folder(data: dict, key: str, lines: _Lines) -> Path | None:
    """A folder setting: `~` and `$VARIABLES` expanded, relative to the config file."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise lines.error(key, "must be a folder")
    return lines.path.parent / Path(os.path.expandvars(value)).expanduser()


def _searches(value: object, lines: _Lines) -> list[tuple[str, str]]:
    """`searches: {Name: query}`, or a list of `{name: Name, query: query}`."""
    if value is None:
        return []
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        pairs = [(item.get("name"), item.get("query")) for item in value]
    else:
        pairs = [(None, None)]
    usage = "must map names to queries, e.g. 'Afghanistan: taliban section:News'"
    searches = []
    for name, query in pairs:
        if not isinstance(name, str) or not isinstance(query, str) or not name.strip():
            raise lines.error("searches", usage)
        try:
            parse_query(query)
        except QueryError as error:
            raise lines.error("searches", f"has a bad query for {name!r}: {error}") from None
        searches.append((name.strip(), query))
    return searches
