"""Provides the subscriptions file: which feeds to fetch, how often, and where they go.

YAML, like config.yaml, rather than OPML: a person edits it, with comments, and YAML says
`every: 30m` more plainly than an outline attribute. OPML is for moving subscriptions
between readers (`feeds import` / `feeds export`). `feeds add` appends its entry as text
and `feeds remove` deletes only the entry's own lines, so comments elsewhere survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from termnews.library.clean import clean_line
from termnews.library.sections import parse_section
from termnews.paths import write_atomically

SUBSCRIPTIONS_FILE = "feeds.yaml"
DEFAULT_EVERY = 3600.0
"""Seconds between checks of a feed when its entry does not say."""
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day|w)?s?\s*", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400}
_UNITS["w"] = 7 * 86400
_PSEUDO_SCHEME = re.compile(r"(?:feed|itpc|pcast|rss)\s*:\s*(?://)?", re.IGNORECASE)
"""What browsers' and podcast apps' subscribe links put before the address: `feed://host/x`
(which means http), `feed:https://host/x`, `itpc://` (Apple's podcast links)."""
_FIELDS = (
    "url",
    "name",
    "section",
    "every",
    "keep",
    "keep_days",
    "unread_on_update",
    "full_text",
    "tags",
)
_HEADER = """\
# termnews subscriptions: one entry per feed. Only url is required.
#   name: shown in the tree (default: the feed's own title)
#   section: "News / World" (default: Feeds / <name>)
#   every: 30m, 2h, 1d (how often to check; default 1h)
#   keep: 200, keep_days: 30 (delete older read, unbookmarked items)
#   unread_on_update: true (an item that changes becomes unread again)
#   full_text: true (fetch each item's page for the whole article)
#   tags: [linux, news] (every item carries them: a search for tag:linux lists them)
feeds:
"""


class SubscriptionError(Exception):
    """The subscriptions file cannot be used; the message names the file and line."""


@dataclass
class Subscription:
    url: str
    name: str | None = None
    """As the user named it; None means the feed's own title."""
    section: tuple[str, ...] = ()
    """Empty means `Feeds / <name>`."""
    every: float = DEFAULT_EVERY
    keep: int | None = None
    keep_days: float | None = None
    unread_on_update: bool = False
    full_text: bool = False
    folder: tuple[str, ...] = ()
    """The OPML folders it came from, kept for export."""
    tags: tuple[str, ...] = ()
    """Given to every item besides the feed's own categories (newsboat's tags of a feed)."""

    def label(self, title: str | None = None) -> str:
        return self.name or title or self.url


def parse_duration(text: object) -> float:
    """`30m`, `2h`, `1d`, `90` (seconds) -> seconds; ValueError for anything else."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and text > 0:
        return float(text)
    match = _DURATION.fullmatch(str(text))
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a duration such as 30m, 2h or 1d")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def format_duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def load_subscriptions(path: Path) -> list[Subscription]:
    """The subscriptions in the file (none when it does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise SubscriptionError(f"{path}: cannot be read ({error})") from None
    import yaml  # when there is a file: not on every start

    try:
        data = yaml.safe_load(text) or {}
    except yaml.MarkedYAMLError as error:
        line = f": line {error.problem_mark.line + 1}" if error.problem_mark else ""
        raise SubscriptionError(f"{path}{line}: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise SubscriptionError(f"{path}: {error}") from None
    entries = data.get("feeds") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise SubscriptionError(f"{path}: 'feeds' must be a list of entries with a url")
    lines = _entry_lines(text)
    subscriptions = []
    seen: set[str] = set()
    for number, entry in enumerate(entries):
        where = f"{path}: line {lines[number][0] + 1}" if number < len(lines) else str(path)
        subscription = _subscription(entry, where)
        if subscription.url in seen:
            raise SubscriptionError(f"{where}: {subscription.url} is listed twice")
        seen.add(subscription.url)
        subscriptions.append(subscription)
    return subscriptions


def feed_address(url: str) -> str | None:
    """The http or https address to fetch a feed from, as a subscribe link or an OPML file
    gives it (`feed://`, `feed:https://`, `itpc://`); None for any other scheme."""
    url = url.strip()
    pseudo = _PSEUDO_SCHEME.match(url)
    if pseudo:
        url = url[pseudo.end() :]
        if not url.lower().startswith(("http://", "https://")):
            url = "http://" + url
    return url if url.lower().startswith(("http://", "https://")) else None


def same_address(url: str) -> str:
    """The address as two spellings of it compare equal: scheme and host in small letters,
    no default port, `/` for an empty path (`http://Feed.example.com` and
    `http://feed.example.com:80/`, which one real OPML file lists both)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def _subscription(entry: object, where: str) -> Subscription:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise SubscriptionError(f"{where}: an entry needs a url, e.g. '- url: https://…/feed'")
    unknown = [key for key in entry if key not in _FIELDS]
    if unknown:
        raise SubscriptionError(
            f"{where}: unknown field {unknown[0]!r} (known: {', '.join(_FIELDS)})"
        )
    try:
        every = parse_duration(entry["every"]) if "every" in entry else DEFAULT_EVERY
        keep = _positive(entry.get("keep"), "keep")
        keep_days = _positive(entry.get("keep_days"), "keep_days")
    except ValueError as error:
        raise SubscriptionError(f"{where}: {error}") from None
    section = entry.get("section")
    name = entry.get("name")
    tags = entry.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise SubscriptionError(f"{where}: tags must be a list of words, e.g. [linux, news]")
    return Subscription(
        url=entry["url"].strip(),
        name=str(name).strip() if name else None,
        section=parse_section(str(section)) if section else (),
        every=every,
        keep=int(keep) if keep is not None else None,
        keep_days=keep_days,
        unread_on_update=entry.get("unread_on_update") is True,
        full_text=entry.get("full_text") is True,
        tags=tuple(clean_line(tag) for tag in tags if clean_line(tag)),
    )


def _positive(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{name} must be a positive number")
    return float(value)


def add_subscription(path: Path, subscription: Subscription) -> None:
    """Append an entry to the file (made with a commented header if new), atomically."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = _HEADER
    if not re.search(r"^feeds:", text, re.MULTILINE):
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "feeds:\n"
    elif re.search(r"^feeds:\s*\[\s*\]\s*$", text, re.MULTILINE):
        text = re.sub(r"^feeds:\s*\[\s*\]\s*$", "feeds:", text, flags=re.MULTILINE)
    if not text.endswith("\n"):
        text += "\n"
    write_atomically(path, text + _entry_text(subscription))


def remove_subscription(path: Path, url: str) -> None:
    """Delete the entry with this url: its own lines only."""
    import yaml

    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    entries = data.get("feeds") or []
    urls = [entry.get("url") if isinstance(entry, dict) else entry for entry in entries]
    if url not in urls:
        raise SubscriptionError(f"{path}: no feed {url}")
    start, end = _entry_lines(text)[urls.index(url)]
    lines = text.splitlines(keepends=True)
    write_atomically(path, "".join(lines[:start] + lines[end:]))


def replace_subscription(path: Path, subscription: Subscription) -> None:
    """Write the entry with this url anew (`feeds set`); the comments among its lines are
    kept, above it."""
    import yaml

    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    entries = data.get("feeds") or []
    urls = [entry.get("url") if isinstance(entry, dict) else entry for entry in entries]
    if subscription.url not in urls:
        raise SubscriptionError(f"{path}: no feed {subscription.url}")
    start, end = _entry_lines(text)[urls.index(subscription.url)]
    lines = text.splitlines(keepends=True)
    notes = [line for line in lines[start:end] if line.lstrip().startswith("#")]
    entry = [*notes, _entry_text(subscription)]
    write_atomically(path, "".join(lines[:start] + entry + lines[end:]))


def _entry_lines(text: str) -> list[tuple[int, int]]:
    """(first line, line after the last) of each entry under `feeds:`."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    lines = text.splitlines()
    for key, value in root.value:
        if key.value == "feeds" and isinstance(value, yaml.SequenceNode):
            spans = []
            items = value.value
            for number, item in enumerate(items):
                start = item.start_mark.line
                # A block mapping ends where the next entry's `-` is: on that entry's line.
                limit = (
                    items[number + 1].start_mark.line
                    if number + 1 < len(items)
                    else item.end_mark.line + (1 if item.end_mark.column else 0)
                )
                end = start + 1
                for at in range(start, min(limit, len(lines))):
                    content = lines[at].strip()
                    if content and not content.startswith("#"):
                        end = at + 1  # the comments after its last line are the next's
                spans.append((start, end))
            return spans
    return []


def _entry_text(subscription: Subscription) -> str:
    lines = [f"  - url: {_quote(subscription.url)}"]
    if subscription.name:
        lines.append(f"    name: {_quote(subscription.name)}")
    if subscription.section:
        lines.append(f"    section: {_quote(' / '.join(subscription.section))}")
    if subscription.every != DEFAULT_EVERY:
        lines.append(f"    every: {format_duration(subscription.every)}")
    for name in ("keep", "keep_days"):
        value = getattr(subscription, name)
        if value is not None:
            lines.append(f"    {name}: {value:g}")
    for name in ("unread_on_update", "full_text"):
        if getattr(subscription, name):
            lines.append(f"    {name}: true")
    if subscription.tags:
        lines.append(f"    tags: [{', '.join(_quote(tag) for tag in subscription.tags)}]")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A double-quoted YAML string that a person can read and edit: `阮一峰的网络日志` as it
    is, not as `\\u962E…`; what is unprintable still escaped."""
    import yaml

    quoted = yaml.safe_dump(text, default_style='"', width=10_000, allow_unicode=True)
    return quoted.strip().removesuffix("\n...")


def rename_subscription(path: Path, old: str, new: str) -> None:
    """A feed that moved for good (301/308): its entry's url becomes the new one."""
    import yaml

    text = path.read_text(encoding="utf-8")
    spans = _entry_lines(text)
    data = yaml.safe_load(text) or {}
    entries = data.get("feeds") or []
    urls = [entry.get("url") if isinstance(entry, dict) else entry for entry in entries]
    if old not in urls:
        return
    start, end = spans[urls.index(old)]
    lines = text.splitlines(keepends=True)
    for number in range(start, end):
        if old in lines[number]:
            lines[number] = lines[number].replace(old, new)
            break
    write_atomically(path, "".join(lines))
