"""Leaving a read-later app: `termnews save --from LIST` saves every page of Pocket's,
Instapaper's or a browser's export into the library, through a real HTTP server on
127.0.0.1. The lists are in the formats the apps write, as public importers' tests pin
them (Pocket's 2025 CSV and its older ril_export.html, Instapaper's CSV)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from termnews.net import Client
from termnews.pages.lists import NotAList, read_list
from termnews.pages.save import save_url

from .feedserver import FeedServer, Route

PAGES = Path(__file__).parent / "fixtures" / "pages"
SCIENCE = "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f"
HEALTH = "8b194530308204139d9c8f7d495a26b117c78756ac1802cfc3c0a8bfdf2c0d50"

POCKET_CSV = (
    "title,url,time_added,tags,status\n"
    '"Europa, with plumes",{science},1700000000,space|science,archive\n'
    "{health},{health},1700000100,,unread\n"  # Pocket's "no title": the address again
    "Gone,{gone},1600000000,old,unread\n"
    "Script,javascript:alert(1),1,,unread\n"
    "Again,{science},1700000200,,unread\n"
)
POCKET_HTML = (
    "<!DOCTYPE html>\n<html>\n\t<!--So long and thanks for all the fish-->\n\t<head>\n"
    '\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
    "\t\t<title>Pocket Export</title>\n\t</head>\n\t<body>\n\t\t<h1>Unread</h1>\n\t\t<ul>\n"
    '<li><a href="https://example.com/a?x=1&amp;y=2" time_added="1601900000" '
    'tags="design,tools">Great &amp; useful</a></li>\n'
    '<li><a href="javascript:alert(1)" time_added="1">bad</a></li>\n'
    "\t\t</ul>\n\t\t<h1>Read Archive</h1>\n\t\t<ul>\n"
    '<li><a href="https://example.com/b" time_added="1601900100" tags="">Archived one</a></li>\n'
    "\t\t</ul>\n\t</body>\n</html>\n"
)
INSTAPAPER = (
    "URL,Title,Selection,Folder,Timestamp,Tags\n"
    'https://i.example/1,One,,Unread,1650000000,"[""ml"",""papers""]"\n'
    "https://i.example/2,Two,,Archive,1650000001,\n"
    "https://i.example/3,Three,,Recipes,1650000002,\n"
    "https://i.example/4,Four,,Starred,1650000003,\n"
)
BOOKMARKS = (
    "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
    '<DT><A HREF="https://d.example/" ADD_DATE="1700000000" TAGS="x,y">D</A>\n'
    '<DT><A HREF="place:sort=8">Recent</A>\n</DL>\n'
)


def pages_of(path: Path) -> tuple[str, list]:
    listed = read_list(path)
    return listed.kind, listed.entries


def page(key: str) -> bytes:
    return gzip.decompress((PAGES / f"{key}.html.gz").read_bytes())


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_pockets_csv_export(tmp_path) -> None:
    csv = POCKET_CSV.format(
        science="https://s.example/e", health="https://h.example/p", gone="https://g.example/"
    )
    kind, entries = pages_of(write(tmp_path, "part_000000.csv", csv))
    assert kind == "Pocket"
    assert [e.url for e in entries] == [
        "https://s.example/e",
        "https://h.example/p",
        "https://g.example/",
    ]
    first, second, _ = entries
    assert first.title == "Europa, with plumes" and first.tags == ("space", "science")
    assert first.read and first.added == 1700000000 and not second.read
    assert second.title == ""  # Pocket wrote the address as its title


def test_pockets_zip_of_parts(tmp_path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(
            "part_000001.csv", "title,url,time_added,tags,status\nB,https://b.example/,2,,unread\n"
        )
        archive.writestr(
            "part_000000.csv", "title,url,time_added,tags,status\nA,https://a.example/,1,,archive\n"
        )
    kind, entries = pages_of(write(tmp_path, "pocket.zip", data.getvalue()))
    assert kind == "Pocket" and [e.title for e in entries] == ["A", "B"]


def test_pockets_older_html_export(tmp_path) -> None:
    kind, entries = pages_of(write(tmp_path, "ril_export.html", POCKET_HTML))
    assert kind == "Pocket"
    assert [(e.url, e.title, e.read) for e in entries] == [
        ("https://example.com/a?x=1&y=2", "Great & useful", False),
        ("https://example.com/b", "Archived one", True),
    ]
    assert entries[0].tags == ("design", "tools") and entries[0].added == 1601900000


def test_instapapers_export(tmp_path) -> None:
    kind, entries = pages_of(write(tmp_path, "instapaper-export.csv", INSTAPAPER))
    assert kind == "Instapaper"
    assert [(e.read, e.starred) for e in entries] == [
        (False, False),
        (True, False),
        (False, False),
        (False, True),
    ]
    assert entries[0].tags == ("ml", "papers") and entries[2].tags == ("Recipes",)


def test_bookmarks_and_a_plain_list(tmp_path) -> None:
    kind, entries = pages_of(write(tmp_path, "bookmarks.html", BOOKMARKS))
    assert kind == "bookmarks" and [(e.url, e.tags) for e in entries] == [
        ("https://d.example/", ("x", "y"))
    ]
    kind, entries = pages_of(
        write(tmp_path, "urls.txt", "https://a.example/\n\nnot one\nhttp://b.example/x\n")
    )
    assert [e.url for e in entries] == ["https://a.example/", "http://b.example/x"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 8, "binary"),
        ("name,value\na,b\n", "no `url` column"),
        ("title,url\nx,javascript:alert(1)\n", "no web addresses"),
        (b"PK\x03\x04broken", "a zip that cannot be read"),
    ],
)
def test_what_is_no_reading_list_says_why(tmp_path, data, message) -> None:
    with pytest.raises(NotAList, match=message):
        read_list(write(tmp_path, "list", data))


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_saving_a_pocket_list_keeps_every_page_and_its_marks(tmp_path, server, run_cli) -> None:
    server.routes["/science"] = Route(page(SCIENCE), content_type="text/html; charset=utf-8")
    server.routes["/health"] = Route(page(HEALTH), content_type="text/html; charset=utf-8")
    server.routes["/gone"] = Route(b"missing", status=404, content_type="text/plain")
    urls = {name: server.url(f"/{name}") for name in ("science", "health", "gone")}
    listed = write(tmp_path, "part_000000.csv", POCKET_CSV.format(**urls))
    library = tmp_path / "news"
    library.mkdir()

    result = run_cli("save", "--from", str(listed), "--library", str(library), "--json", check=True)
    outcomes = {o["url"]: o for o in json.loads(result.stdout)}
    assert [o["state"] for o in outcomes.values()] == ["saved", "saved", "linked"]
    assert outcomes[urls["gone"]]["reason"].startswith("HTTP 404")
    kept = Path(outcomes[urls["gone"]]["path"]).read_text()
    assert (
        'title: "Gone"' in kept
        and 'full_text_error: "the page could not be saved (HTTP 404 Not Found)"' in kept
    )
    assert 'saved: "2020-09-13T12:26:40+00:00"' in kept  # when it went into Pocket

    listing = json.loads(run_cli("list", "--library", str(library), "--json", check=True).stdout)
    by_id = {a["id"]: a for a in listing}
    science = by_id[outcomes[urls["science"]]["id"]]
    assert science["read"] and science["section"] == ["Saved"]  # archived in Pocket
    assert not by_id[outcomes[urls["health"]]["id"]]["read"]
    shown = run_cli("show", outcomes[urls["gone"]]["id"], "--library", str(library), check=True)
    assert "the page could not be saved (HTTP 404" in shown.stdout and urls["gone"] in shown.stdout
    assert "tagged old" in shown.stdout  # Pocket's tag, in the meta line

    asked = len(server.requests)
    run_cli("unread", science["id"], "--library", str(library), check=True)
    again = run_cli("save", "--from", str(listed), "--library", str(library), check=True)
    assert "0 saved, 1 kept as links, 2 already saved" in again.stdout
    assert len(server.requests) == asked + 1  # only the page kept as a link is tried again
    listing = json.loads(run_cli("list", "--library", str(library), "--json", check=True).stdout)
    assert not {a["id"]: a for a in listing}[science["id"]]["read"]  # the user's mark stands
    assert len(listing) == 3


def test_a_page_saved_again_after_its_headline_changed_is_one_file(tmp_path, server) -> None:
    server.routes["/story"] = Route(page(SCIENCE), content_type="text/html; charset=utf-8")
    client = Client()
    first = save_url(client, tmp_path, server.url("/story"), ("Saved",))
    changed = page(SCIENCE).replace(b"NASA Just Confirmed", b"NASA Now Confirms")
    server.routes["/story"] = Route(changed, content_type="text/html; charset=utf-8")
    second = save_url(client, tmp_path, server.url("/story"), ("Saved",))
    client.close()
    assert second.updated and second.path == first.path and first.title != second.title
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]


def test_a_list_that_is_no_list_fails_with_its_reason(tmp_path, run_cli) -> None:
    bad = write(tmp_path, "notes.csv", "name,value\na,b\n")
    result = run_cli("save", "--from", str(bad))
    assert result.returncode == 1 and "no `url` column" in result.stderr
    both = run_cli("save", "https://example.com/", "--from", str(bad))
    assert both.returncode == 2


def test_a_list_longer_than_the_limit_says_how_many_it_left(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("termnews.pages.lists.MAX_ENTRIES", 2)
    listed = read_list(
        write(
            tmp_path, "urls.txt", "https://a.example/1\nhttps://a.example/2\nhttps://a.example/3\n"
        )
    )
    assert len(listed.entries) == 2 and listed.beyond == 1


async def test_i_saves_a_reading_list_from_the_reader(saving_app, tmp_path, server) -> None:
    from termnews.ui.dialogs.ask_url import AskUrlScreen

    from .ui_helpers import ready, rows, until

    server.routes["/science"] = Route(page(SCIENCE), content_type="text/html; charset=utf-8")
    server.routes["/health"] = Route(page(HEALTH), content_type="text/html; charset=utf-8")
    urls = {name: server.url(f"/{name}") for name in ("science", "health", "gone")}
    listed = write(tmp_path, "part_000000.csv", POCKET_CSV.format(**urls))
    app = saving_app
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await pilot.press("I")
        assert isinstance(app.screen, AskUrlScreen)
        await pilot.press(*str(listed), "enter")
        await until(pilot, lambda: len(rows(screen)) == 4, timeout=20)
        await until(pilot, lambda: any(app.repo.is_read(m.id) for m in app.repo.articles))
        read = [m.title for m in app.repo.articles if app.repo.is_read(m.id)]
        assert len(read) == 1 and read[0].startswith("NASA")  # archived in Pocket
        assert "Gone" in rows(screen)  # kept as its link


def test_a_page_that_trips_termnews_is_kept_as_its_link(tmp_path, server, monkeypatch) -> None:
    """A fault of ours that one page sets off neither stops the list nor loses the page."""
    from termnews.pages import importer
    from termnews.pages.lists import Entry

    def broken(*args, **kwargs):
        raise ValueError("a parser's bug")

    monkeypatch.setattr(importer, "save_url", broken)
    client = Client()
    [outcome] = importer.import_entries(client, tmp_path, [Entry("https://a.example/x", "X")], ())
    client.close()
    assert outcome.state == "linked" and "ValueError" in (outcome.reason or "")
    assert outcome.path is not None and 'title: "X"' in outcome.path.read_text()


def test_a_saved_folder_that_cannot_be_written_fails_with_its_reason(tmp_path, run_cli) -> None:
    listed = write(tmp_path, "urls.txt", "https://a.example/1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "saved").write_text("a file where the folder goes")
    result = run_cli("save", "--from", str(listed), "--library", str(tmp_path))
    assert result.returncode == 1 and "cannot be written" in result.stderr
