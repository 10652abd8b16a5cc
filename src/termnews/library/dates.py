"""Provides reading the publication dates that real site generators and feeds write."""

from __future__ import annotations

import datetime as dt
import re

_NAMED_ZONES = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "KST": 9, "AEST": 10,
    "AEDT": 11,
}  # fmt: skip
"""Zones written by name after a time (`10:51:54 PM EDT`); names that mean two places
(IST: India, Ireland, Israel) are not read."""
_ZONE = rf"(?P<tz>Z|UTC|GMT|[+-]\d{{2}}(?::?\d{{2}})?|{'|'.join(_NAMED_ZONES)})"
_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?:\s*(?P<half>[ap])\.?\s?m\.?)?"
"""A time of day, on the 24-hour clock or the 12-hour one (`3:30 PM`, `5:00pm`)."""
_NUMERIC = re.compile(
    rf"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?:[T ]+{_TIME})?\s*{_ZONE}?",
    re.IGNORECASE,
)
_WORDY = re.compile(
    r"(?:[^\W\d_]{2,12}\.?,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?(?P<m1>[^\W\d_]{3,10})\.?,?\s+"
    r"(?:de\s+)?(?P<y1>\d{4})"
    r"|(?P<m2>[^\W\d_]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    rf"(?:,?\s+(?:at\s+)?{_TIME})?\s*{_ZONE}?",
    re.IGNORECASE,
)
"""A date with the month in words, in English or in the languages whose feeds write RSS
dates in their own words (`Seg, 24 Set 2018 19:22:00 -0300`, `Di, 15 Okt 2019`,
`24 de setembro de 2018`): the weekday, in any language, is skipped."""
_DAY_FIRST = re.compile(
    rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})(?:,?\s+{_TIME}(?:\s*Uhr)?)?"
)
"""A date as German and other European sites write it, the day first and dotted."""
_CJK = re.compile(
    r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"
    r"(?:\s*(?P<H>\d{1,2})\s*[:時시]\s*(?P<M>\d{1,2})\s*[分분]?)?(?P<S>)(?P<half>)"
)
"""Chinese, Japanese and Korean dates (`2019年4月14日 15時30分`, `2019년 4월 14일`)."""
_ZONE_IN_BRACKETS = re.compile(r"\s*\((?:UTC|GMT)\s*([+-]\d{2}:?\d{2})?\)$", re.IGNORECASE)
"""The clipper MarkDownload's `2021-05-12T10:20:30 (UTC +02:00)`."""
_SCRIPT = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?(?P<m>[A-Za-z]{3,9})\s+(?P<d>\d{1,2})\s+(?P<y>\d{4})\s+"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s+(?:GMT|UTC)(?P<tz>[+-]\d{2}:?\d{2})"
    r"(?:\s*\([^()]{0,60}\))?"
)
"""JavaScript's Date.toString(), which SingleFile writes as the saved date:
`Tue Sep 22 2026 11:39:42 GMT+0900 (日本標準時)`; the zone's name is in the reader's language."""
_MONTH_NAMES = (
    "jan january janeiro enero ene janvier janv januar jän jänner gennaio gen januari",
    "feb february fev fevereiro febrero février févr fevr februar febbraio februari",
    "mar march março marco marzo mars märz mär mrz maart mrt",
    "apr april abr abril avril avr aprile",
    "may maio mayo mai maggio mag mei",
    "jun june junho junio juin juni giugno giu",
    "jul july julho julio juillet juil juli luglio lug",
    "aug august ago agosto août aout augustus",
    "sep sept september set setembro septiembre setiembre septembre settembre",
    "oct october out outubro octubre octobre okt oktober ott ottobre",
    "nov november novembro noviembre novembre",
    "dec december dez dezembro diciembre dic décembre déc dezember dicembre",
)
"""Each month's names and short forms in English, Portuguese, Spanish, French, German,
Italian and Dutch: feeds in those languages write them in their RSS dates."""
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_ ]|$)")
_PATH_DATE = re.compile(r"(?<![\d])((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/|$|[^\d])")
_INDEX_NAMES = frozenset({"index", "_index", "readme"})


def parse_date(value: object) -> dt.datetime | None:
    """The moment a date field means, or None when it is not a date.

    Understood: ISO 8601 and what Jekyll, Hugo and WordPress exports write
    (`2013-11-22 5:00:00 +0000`, `2024-4-09`, `2024-12-25T00:00:00.000Z`, `2024/04/09`),
    RFC 2822 as in RSS (`Tue, 10 Jun 2003 04:00:00 GMT`), and written-out dates
    (`June 5, 2020`, `5 Jun 2020 10:30`, `Sat 13 Sep 2014 10:51:54 PM EDT`), with the offset
    in brackets as MarkDownload writes it (`2021-05-12T10:20:30 (UTC +02:00)`), JavaScript's
    own form as SingleFile writes it (`Tue Sep 22 2026 11:39:42 GMT+0900 (日本標準時)`), the
    day first and dotted (`14.04.2019, 15:30 Uhr`), and Chinese, Japanese and Korean dates
    (`2019年4月14日`). A date without a time is midnight; one without an offset is local
    time.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str) or len(value) > 100:
        return None
    text = value.strip()
    if text.endswith(")"):
        text = _ZONE_IN_BRACKETS.sub(lambda zone: " " + (zone.group(1) or "UTC"), text)
    match = _NUMERIC.fullmatch(text)
    if match:
        return _build(match["y"], match["m"], match["d"], match, match["tz"])
    match = _WORDY.fullmatch(text)
    if match:
        month = _MONTHS.get((match["m1"] or match["m2"]).lower())
        if month is not None:
            day, year = match["d1"] or match["d2"], match["y1"] or match["y2"]
            return _build(year, str(month), day, match, match["tz"])
    match = _DAY_FIRST.fullmatch(text) or _CJK.fullmatch(text)
    if match:
        return _build(match["y"], match["m"], match["d"], match, None)
    match = _SCRIPT.fullmatch(text)
    if match:
        month = _MONTHS.get(match["m"].lower())
        return _build(match["y"], str(month), match["d"], match, match["tz"]) if month else None
    if "," in text or text[:3].isalpha():
        import email.utils  # RFC 2822: rare in article files, 10 ms to import at a start

        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return None


def path_date(relpath: str, *addresses: str | None) -> dt.datetime | None:
    """The date a file's name or place carries when the file states none: a Jekyll-style
    name (`2013-11-22-some-title.md`), a Hugo page bundle (`2024-01-05-title/index.md`),
    dated folders (`2024/01/05/title.md`), or a dated permalink or URL in the front matter
    (`path = "2025/06/26/Rust-1.88.0"`, `https://site/2021/08/30/story`)."""
    parts = relpath.rsplit("/", 2)
    name = parts[-1].rsplit(".", 1)[0]
    if name.lower() in _INDEX_NAMES and len(parts) > 1:
        name = parts[-2]
    match = _FILE_DATE.match(name)
    for text in (relpath, *addresses):
        if match is None and text:
            match = _PATH_DATE.search(text)
    if match is None:
        return None
    try:
        return dt.datetime(*(int(group) for group in match.groups()))
    except ValueError:
        return None


def timestamp(moment: dt.datetime | None) -> float | None:
    if moment is None:
        return None
    try:
        return moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def _build(
    year: str, month: str, day: str, match: re.Match[str], tz: str | None
) -> dt.datetime | None:
    hour = int(match["H"] or 0)
    half = (match.groupdict().get("half") or "").lower()
    if half and 1 <= hour <= 12:  # `13:30 PM` is 13:30, as meant
        hour = hour % 12 + (12 if half == "p" else 0)
    try:
        moment = dt.datetime(
            int(year), int(month), int(day), hour, int(match["M"] or 0), int(match["S"] or 0)
        )
    except ValueError:
        return None
    if tz:
        try:
            moment = moment.replace(tzinfo=_zone(tz))
        except ValueError:  # an offset of a day or more is no offset
            return None
    return moment


def _zone(tz: str) -> dt.timezone:
    if tz.upper() in ("Z", "UTC", "GMT"):
        return dt.UTC
    if tz.upper() in _NAMED_ZONES:
        return dt.timezone(dt.timedelta(hours=_NAMED_ZONES[tz.upper()]))
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
