"""Tests for config.yaml: a missing file is fine, a broken one names the file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from termnews.config import ConfigError, load_config


def test_missing_default_config_is_fine() -> None:
    config = load_config()
    assert config.path is None and config.libraries == []


def test_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "library: [news, ~/more]\ntrailer_patterns: ['^Download our app']\n"
        "keys: {bookmark: f}\ntheme: nord\n"
    )
    config = load_config(path)
    assert config.libraries[0] == tmp_path / "news"
    assert config.libraries[1] == Path("~/more").expanduser()
    assert config.trailer_patterns == ["^Download our app"]
    assert config.keys == {"bookmark": "f"}
    assert config.theme == "nord"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("library: news\ntheme: [unclosed\n", ": line 3"),
        ("library: news\n  bad: indent\n", ": line 2"),
        ("- a list\n", ": line 1: expected settings"),
        ("theme: nord\nlibrary: 5\n", ": line 2: 'library' must be a folder"),
        ("trailer_patterns: ['(unclosed']\n", ": line 1: 'trailer_patterns' has a bad pattern"),
        ("keys: [b]\n", "'keys' must map"),
    ],
)
def test_broken_config_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.yaml")


def test_cli_exits_2_on_broken_config(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("library: [a\n")
    result = run_cli("list", "--config", str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr and "line 2" in result.stderr


def test_folder_settings_are_relative_to_the_file_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("feeds_dir: news/feeds\nsaved_dir: ~/saved\nsync_dir: $HOME/Sync\n")
    config = load_config(path)
    assert config.feeds_dir == tmp_path / "news" / "feeds"
    assert config.saved_dir == Path("~/saved").expanduser()
    assert config.sync_dir == Path(os.path.expandvars("$HOME/Sync"))
    path.write_text("theme: nord\nsync_dir: []\n")
    with pytest.raises(ConfigError, match=r"config.yaml: line 2: 'sync_dir' must be a folder"):
        load_config(path)


def test_the_readme_names_every_binding_that_config_can_change() -> None:
    """`keys:` takes binding names: the README's list of them is the only place a user
    learns them, so it must name each one and nothing else."""
    import re

    from termnews.ui.keys import KEYS

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listing = readme[readme.index("Binding names:") :].split("\n\n", 1)[0]
    assert set(re.findall(r"`([a-z_]+)`", listing)) == {key.id for key in KEYS}
