"""Search: the query language, ranking, filters, snippets and keeping the index current."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from termnews.library import TrailerRules
from termnews.library.index import LibraryIndex
from termnews.library.model import Article, ArticleMeta
from termnews.library.query import QueryError, parse_query
from termnews.library.snippet import make_snippet
from termnews.repository import Repository
from termnews.state import StateStore

from .conftest import SEED


def _write(root: Path, relpath: str, text: str, when: str = "2021-08-15") -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = dt.datetime.fromisoformat(when).timestamp()
    os.utime(path, (stamp, stamp))


FILLER = "The council met on Monday to discuss the budget and the new road. " * 3


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write(
        root,
        "news/military/headline.txt",
        f"Taliban talks resume in Doha\n\n{FILLER}\n\nOfficials gave no date.\n",
    )
    _write(
        root,
        "news/military/mention.txt",
        f"Budget row in the capital\n\n{FILLER} A Taliban envoy was not present.\n\n{FILLER}\n",
        "2021-09-02",
    )
    _write(
        root,
        "world/phrase.txt",
        "Press freedom report\n\nPress TV said the report was late. The TV press was not.\n",
        "2021-07-20",
    )
    _write(
        root,
        "world/military-life.txt",
        f"Militants and militias\n\n{FILLER}\n\nMilitary leaders met militia heads.\n",
    )
    _write(
        root,
        "business/long.md",
        "---\ntitle: Markets rally on rate hopes\nsection: Business / Markets\n"
        "source: Wire\ndate: 2021-08-20\n---\n\n" + "Shares rose. " * 500 + "\n",
    )
    return root  # fmt: skip


def _repo(root: Path, tmp_path: Path, cache: bool = True) -> Repository:
    state = StateStore(tmp_path / "data")
    repo = Repository([root], state, TrailerRules.build(), tmp_path / "cache" if cache else None)
    repo.scan()
    return repo


def _titles(repo: Repository, query: str) -> list[str]:
    return [hit.meta.title for hit in repo.search(query)]


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_a_headline_hit_outranks_a_single_body_mention(corpus, tmp_path, cache) -> None:
    repo = _repo(corpus, tmp_path, cache)
    assert _titles(repo, "taliban") == ["Taliban talks resume in Doha", "Budget row in the capital"]
    scores = [hit.score for hit in repo.search("taliban")]
    assert scores[0] > scores[1] > 0


def test_phrases_need_the_words_together_and_in_order(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    assert _titles(repo, '"press tv"') == ["Press freedom report"]
    assert _titles(repo, '"tv said"') == ["Press freedom report"]
    assert _titles(repo, '"said tv"') == []


def test_prefixes_and_words_combine(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    assert set(_titles(repo, "milit*")) == {"Militants and militias"}
    assert _titles(repo, "militant") == []  # a word is a whole word without the *
    assert _titles(repo, "taliban doha") == ["Taliban talks resume in Doha"]
    assert _titles(repo, "TALIBAN Doha") == ["Taliban talks resume in Doha"]


def test_filters_and_their_combinations(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    mention = next(m for m in repo.articles if m.title.startswith("Budget"))
    repo.mark("read", [mention.id], True)
    repo.mark("bookmarked", [mention.id], True)
    assert _titles(repo, "taliban unread") == ["Taliban talks resume in Doha"]
    assert _titles(repo, "taliban read") == ["Budget row in the capital"]
    assert _titles(repo, "taliban not bookmarked") == ["Taliban talks resume in Doha"]
    assert _titles(repo, "bookmarked") == ["Budget row in the capital"]
    assert set(_titles(repo, "section:Military")) == {
        "Taliban talks resume in Doha",
        "Budget row in the capital",
    }
    assert _titles(repo, 'section:"news / MILITARY" not taliban') == []
    assert _titles(repo, "section:military-life") == []
    assert set(_titles(repo, "not section:news section:world")) == {
        "Press freedom report",
        "Militants and militias",
    }
    assert _titles(repo, 'source:"wire"') == ["Markets rally on rate hopes"]
    assert _titles(repo, "after:2021-09-01") == ["Budget row in the capital"]
    assert _titles(repo, "before:2021-08") == ["Press freedom report"]
    assert set(_titles(repo, "after:2021-08-01 before:2021-09-01")) == {
        "Markets rally on rate hopes",
        "Taliban talks resume in Doha",
        "Militants and militias",
    }
    assert _titles(repo, "words>800") == ["Markets rally on rate hopes"]
    assert "Markets rally on rate hopes" not in _titles(repo, "words<=800")
    assert _titles(repo, "taliban section:News unread not bookmarked") == [
        "Taliban talks resume in Doha"
    ]


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_tags_filter_by_whole_tag_in_any_case_and_below(corpus, tmp_path, cache) -> None:
    """`tag:` takes a front matter's tags as Obsidian does: whole tags, any case, nested
    ones below the one named; kept in the index, so it holds after a warm start."""
    _write(
        corpus,
        "notes/launch.md",
        "---\ntitle: Rocket launch delayed\ntags: [Science/Space, 'news in brief']\n---\n\n"
        "The launch moved to Friday.\n",
    )
    _write(corpus, "notes/fiction.md", "---\ntitle: A novel\ntags: science-fiction\n---\n\nOne.\n")
    repo = _repo(corpus, tmp_path, cache)
    if cache:
        repo = _repo(corpus, tmp_path, cache)  # from the index this time
    assert _titles(repo, "tag:science") == ["Rocket launch delayed"]
    assert _titles(repo, "tag:#science") == ["Rocket launch delayed"]  # Obsidian's way
    assert _titles(repo, "tag:SCIENCE/space launch") == ["Rocket launch delayed"]
    assert _titles(repo, 'tag:"News in brief"') == ["Rocket launch delayed"]
    assert _titles(repo, "tag:space") == []
    assert _titles(repo, "tag:scien") == []
    assert _titles(repo, "tag:science-fiction") == ["A novel"]
    assert "A novel" not in _titles(repo, "not tag:science-fiction")
    assert next(m for m in repo.articles if m.title == "A novel").tags == ("science-fiction",)


def test_filters_alone_list_newest_first(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    dates = [hit.meta.sort_time for hit in repo.search("section:news")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_a_word_in_most_articles_lists_newest_first_unscored(
    corpus, tmp_path, cache, monkeypatch
) -> None:
    """'the' is in every article: BM25 gives it no weight, so the hits are not scored one
    by one but listed newest first; a rarer word is still ranked."""
    repo = _repo(corpus, tmp_path, cache)
    scoring: list[bool] = []
    real = LibraryIndex.search

    def spy(index, expression, scored=True, cancelled=None):
        scoring.append(scored)
        return real(index, expression, scored, cancelled)

    monkeypatch.setattr(LibraryIndex, "search", spy)
    hits = repo.search("the")
    assert len(hits) > len(repo.articles) // 2 and scoring == [False]
    assert [h.meta.sort_time for h in hits] == sorted(
        (h.meta.sort_time for h in hits), reverse=True
    )
    assert not any(hit.score for hit in hits)
    scoring.clear()
    assert _titles(repo, "taliban")[0] == "Taliban talks resume in Doha"
    assert scoring == [False, True]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"unclosed', "quote is not closed"),
        ("colour:red", "unknown filter 'colour:'"),
        ("after:yesterday", "needs a date"),
        ("before:2021-02-30", "needs a date"),
        ("words>many", "whole number"),
        ("taliban not", "must be followed"),
        ("not not taliban", "not not"),
        ("section:", "needs a value"),
        ("tag:#", "needs a tag, e.g. tag:science"),
        ("*", "prefix needs at least one letter"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, says: str) -> None:
    with pytest.raises(QueryError, match=None) as caught:
        parse_query(query)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "query",
    ["AND OR NOT", "NEAR(a b)", 'a:b"', '"^x"', "col:x", "(((", "-x", '"" x', "x*y*", "💣*"],
)
def test_fts_syntax_in_user_text_is_only_text(corpus, tmp_path, query: str) -> None:
    repo = _repo(corpus, tmp_path)
    try:
        repo.search(query)
    except QueryError as error:
        assert "search failed" not in str(error)  # only a query-language message


def test_quoted_filter_words_are_searched_as_text(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    assert len(repo.search("section:news")) == 2
    assert repo.search('"section:news"') == []  # the words "section news", not the filter
    assert parse_query('"unread"').filters == ()
    assert parse_query('"colour:red"').terms[0].tokens == ("colour", "red")


def test_snippet_highlights_hostile_text_as_plain_offsets() -> None:
    meta = ArticleMeta("x", "/x", "x", (), "t", 1, 0.0, 1)
    body = "Shares [/b] fall as [@click=app.quit]Taliban[/] bonds [red]rally"
    snippet = make_snippet(
        Article(meta, paragraphs=(body,)), ("taliban", "shar"), frozenset({"shar"})
    )
    assert snippet.text == body
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["Shares", "Taliban"]


def test_snippet_is_cut_around_the_match_and_folds_accents() -> None:
    meta = ArticleMeta("x", "/x", "x", (), "t", 1, 0.0, 1)
    body = "Lorem ipsum dolor. " * 30 + "The café in Kabul reopened. " + "Sit amet. " * 30
    snippet = make_snippet(Article(meta, paragraphs=("Other.", body)), ("cafe",), frozenset())
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.text) < 200
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["café"]


def test_snippet_of_a_phrase_shows_where_its_words_stand_together(tmp_path) -> None:
    """A real column: `trusted` comes first in "the trusted platform module"; the phrase
    `"trusted computing"` is 700 characters on, in the same paragraph. The snippet is cut
    around the phrase, as the search asked, and still highlights each of its words."""
    from termnews.library import TrailerRules
    from termnews.library.parse import read_article

    path = Path(__file__).parent / "fixtures/real/bbc2005/what-price-for-trusted-pc-security.txt"
    article = read_article(path, path.name, TrailerRules.build())
    query = parse_query('"trusted computing"')
    phrases = tuple(term.tokens for term in query.positive)
    snippet = make_snippet(article, query.words, frozenset(), phrases)
    assert "trusted computing group" in snippet.text
    shown = [snippet.text[a:b].casefold() for a, b in snippet.highlights]
    assert "trusted" in shown and "computing" in shown
    words_only = make_snippet(article, ("trusted", "computing"), frozenset())
    assert "trusted platform module" in words_only.text  # words alone: the first of them


def test_index_follows_added_changed_and_removed_files(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    assert _titles(repo, "zeppelin") == []
    _write(corpus, "new/airship.txt", "Zeppelin returns\n\nA zeppelin flew over the city.\n")
    _write(corpus, "world/phrase.txt", "Press freedom report\n\nNow about a zeppelin.\n",
           "2021-07-21")  # fmt: skip
    (corpus / "news/military/headline.txt").unlink()
    repo.scan()
    assert _titles(repo, "zeppelin") == ["Zeppelin returns", "Press freedom report"]
    assert _titles(repo, '"press tv"') == []
    assert _titles(repo, "taliban") == ["Budget row in the capital"]


def test_orphaned_rows_trigger_a_rebuild(corpus, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("termnews.library.index._ORPHANS_FROM", 2)
    repo = _repo(corpus, tmp_path)
    for n in range(6):
        _write(corpus, "world/phrase.txt", f"Press freedom report\n\nEdit {n} zeppelin.\n",
               f"2021-07-1{n}")  # fmt: skip
        repo.scan()
    index = LibraryIndex(tmp_path / "cache", repo.roots, repo.rules, writer=False).open()
    assert index.available
    index.close()
    db = sqlite3.connect(index.path)
    docs = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    orphans = int(db.execute("SELECT value FROM meta WHERE key='orphans'").fetchone()[0])
    assert docs == 5 and orphans == 6
    fresh = Repository(repo.roots, repo.state, repo.rules, tmp_path / "cache")
    fresh.scan()  # the writer sees more orphans than the threshold allows and starts over
    orphans = int(db.execute("SELECT value FROM meta WHERE key='orphans'").fetchone()[0])
    assert orphans == 0
    assert _titles(fresh, "zeppelin") == ["Press freedom report"]


def test_a_damaged_index_is_rebuilt_and_search_still_works(corpus, tmp_path) -> None:
    repo = _repo(corpus, tmp_path)
    for path in (tmp_path / "cache").glob("index-*.sqlite3"):
        path.write_bytes(b"garbage" * 1000)
    fresh = Repository(repo.roots, repo.state, repo.rules, tmp_path / "cache")
    fresh.scan()
    assert _titles(fresh, "taliban")[0] == "Taliban talks resume in Doha"


def test_the_seed_is_found_by_its_source_and_words(tmp_path) -> None:
    root = tmp_path / "lib"
    (root / "news").mkdir(parents=True)
    (root / "news" / "seed.txt").write_bytes(SEED.read_bytes())
    repo = _repo(root, tmp_path)
    assert len(repo.search('source:"Press TV" taliban milley')) == 1
    assert repo.search("follow press tv") == []  # the site trailer is not indexed


def test_a_changed_file_does_not_match_its_old_text(tmp_path) -> None:
    root = tmp_path / "lib"
    _write(root, "a.txt", "First story\n\nAbout apples.\n")
    repo = _repo(root, tmp_path)
    _write(root, "b.txt", "Second story\n\nAbout bananas.\n")
    repo.scan()  # b.txt now holds the highest document number
    _write(root, "b.txt", "Second story\n\nAbout cherries.\n", "2021-08-16")
    repo.scan()
    assert _titles(repo, "cherries") == ["Second story"]
    assert _titles(repo, "bananas") == []


@pytest.mark.parametrize(
    "text",
    ["rates", "bank rates", "milit*", '"central bank"', "rates not taliban", "rates unread",
     "taliban section:News", "bank words>5", "nothing-like-this", "not taliban",
     "other", "other not taliban unread", "section:business not rates", "twin",
     "twin not other"],
)  # fmt: skip
def test_the_index_alone_finds_what_the_full_search_finds(tmp_path, text) -> None:
    """The command line's quick search (best rows first, read a chunk at a time) against
    the search over every article: the same hits, in the same order."""
    from termnews.library import TrailerRules
    from termnews.library.query import parse_query
    from termnews.repository import Repository
    from termnews.state import StateStore

    from .conftest import SEED

    root = tmp_path / "lib"
    (root / "news").mkdir(parents=True)
    shutil.copy(SEED, root / "news" / "seed.txt")
    for n in range(30):
        (root / "business" / f"{n}").mkdir(parents=True)
        body = " ".join(["central bank rates"] * (n % 5 + 1) + ["other words"] * n)
        (root / "business" / f"{n}" / "a.txt").write_text(f"Bank story {n}\n\n{body}.\n")
    for n in range(6):  # equal scores: ties must come in the full search's order
        (root / "twins" / f"{n}").mkdir(parents=True)
        (root / "twins" / f"{n}" / "a.txt").write_text(f"Twin {n}\n\nCentral bank rates twin.\n")
    full = Repository([root], StateStore(tmp_path / "d"), TrailerRules.build(), tmp_path / "c")
    full.scan()
    full.mark("read", [full.articles[3].id], True)
    query = parse_query(text)
    expected = [(hit.meta.id, round(hit.score, 6)) for hit in full.search(query)]
    for limit in (0, 3, 5):
        quick = Repository([root], StateStore(tmp_path / "d"), TrailerRules.build(), tmp_path / "c")
        hits = quick.search_index(query, limit)
        got = [(hit.meta.id, round(hit.score, 6)) for hit in hits]
        assert got == (expected[:limit] if limit else expected)


def test_the_index_alone_reads_on_when_its_best_rows_are_gone(tmp_path) -> None:
    """Rows of changed files stay in the full-text index (orphans) and can rank first; the
    quick search then reads on past them rather than list too few."""
    from termnews.library import TrailerRules
    from termnews.library.query import parse_query
    from termnews.repository import Repository
    from termnews.state import StateStore

    root = tmp_path / "lib"
    root.mkdir()
    for n in range(6):
        (root / f"twin-{n}.txt").write_text(f"Twin {n}\n\nCentral bank rates twin.\n")
    for n in range(10):
        (root / f"other-{n}.txt").write_text(f"Other {n}\n\nNothing to see.\n")

    def repo() -> Repository:
        return Repository([root], StateStore(tmp_path / "d"), TrailerRules.build(), tmp_path / "c")

    repo().scan()
    for n in range(4):  # their old rows rank first (ties go by number) and are orphans now
        (root / f"twin-{n}.txt").write_text(f"Twin {n}\n\nCentral bank rates twin, again.\n")
    full = repo()
    full.scan()
    query = parse_query("twin")
    expected = [hit.meta.id for hit in full.search(query)][:3]
    assert len(expected) == 3
    assert [hit.meta.id for hit in repo().search_index(query, 3)] == expected


def test_a_cancelled_search_stops_and_says_so(tmp_path) -> None:
    """The reader cancels a search that newer typing made stale: the index stops part way
    (not only before it starts) and the search says it was cancelled, not that it failed."""
    import sys

    from termnews.repository import SearchCancelled

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    generate(tmp_path / "lib", 300)
    repo = _repo(tmp_path / "lib", tmp_path)
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1  # not yet when it starts: while it runs

    with pytest.raises(SearchCancelled):
        repo.search("the", cancelled)
    assert len(asked) >= 2
    assert len(repo.search("the")) == 300  # the next one runs to the end


def test_a_stale_search_stops_in_its_python_loops_too() -> None:
    """Filters over most of the library run in Python, where SQLite's progress handler
    cannot stop them: the loops ask too, so a search typed over stops within a millisecond."""
    from termnews.library.search import SearchCancelled, watched

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(SearchCancelled):
        for _ in watched(range(100_000), cancelled):
            pass
    assert len(asked) == 3
    assert list(watched(range(10), None)) == list(range(10))


def test_tag_counts_merge_case_and_put_unread_first() -> None:
    from termnews.library.tags import TagCount, count_tags

    counted = count_tags(
        [
            (("Science", "space"), True),
            (("science",), False),
            (("Politics",), False),
            (("politics",), False),
            (("Space",), True),
        ]
    )
    assert counted == [
        TagCount("space", 2, 2),
        TagCount("Science", 2, 1),
        TagCount("Politics", 2, 0),
    ]


GERMAN = (
    "Die Bundes&shy;regierung hat sich unter Geschlechter&shy;gerechtigkeit zum Ziel gesetzt, "
    "bis 2030 30% Frauen&shy;anteil in den Aufsichts&shy;räten zu erreichen."
)
"""German text as the 2030Watch site wrote it (kept in a public repository's page
template): German sites put soft hyphens into long words so that browsers may break them."""


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_a_word_with_soft_hyphens_is_found_whole(tmp_path: Path, cache: bool) -> None:
    """The index split `Bundes&shy;regierung` at the soft hyphen: `bundesregierung` found
    nothing. A terminal cannot break a line there, so the text never shows them either."""
    root = tmp_path / "de"
    _write(
        root,
        "politik/ziel.html",
        f"<html><head><title>Ein Beispiel: SDG 5</title></head><body><article>"
        f"<h1>Ein Beispiel: SDG 5</h1><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>",
    )
    _write(
        root,
        "politik/ziel.txt",
        "Frauen\u00adanteil steigt\n\n" + GERMAN.replace("&shy;", "\u00ad") + "\n",
    )
    repo = _repo(root, tmp_path, cache)
    for word in ("bundesregierung", "Aufsichtsräten", "frauenanteil", "Bundes\u00adregierung"):
        assert len(repo.search(word)) == 2, word
    for meta in repo.articles:
        article = repo.load(meta)
        assert all("\u00ad" not in text for text in (meta.title, *article.paragraphs))
    assert "Frauenanteil steigt" in [meta.title for meta in repo.articles]


TURKISH = (
    "1990 yılında Antalya Belediyesi'nde memur olarak göreve başladı. Ardından Muratpaşa "
    "Belediyesi, Konya Büyükşehir Belediyesi ve Antalya Büyükşehir Belediyesi'nde teknik "
    "eleman, Şube Müdürü ve Daire Başkanı olarak çeşitli görevlerde bulundu. 2007 yılında "
    "İstanbul Pendik Belediyesi'ne Teknik Müdürlüklerden sorumlu Belediye Başkan Yardımcısı "
    "olarak atandı."
)
"""A Turkish official's career as a public repository's page gives it."""


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_letters_without_accents_to_remove_are_found_as_typed(tmp_path: Path, cache: bool) -> None:
    """Turkish `ı` (which `I` lower-cases to in Turkish), Polish `ł`, Danish `ø`, German
    `ß`, French `œ`: unicode61 keeps them, so `yilinda`, `YILINDA`, `lodz` and `strasse`
    found nothing."""
    root = tmp_path / "lib"
    _write(root, "tr/kariyer.txt", f"Belediye Başkan Yardımcısı\n\n{TURKISH}\n")
    _write(
        root,
        "eu/cities.txt",
        "Łódź, København and Straße\n\nA chef-d’œuvre in Łódź, on the Straße.\n",
    )
    repo = _repo(root, tmp_path, cache)
    for query in ("yılında", "yilinda", "YILINDA", "başkanı", "baskani", "İstanbul", "istanbul"):
        assert [hit.meta.title for hit in repo.search(query)] == ["Belediye Başkan Yardımcısı"], (
            query
        )
    for query in ("lodz", "Łódź", "kobenhavn", "strasse", "Straße", "oeuvre", "œuvre"):
        assert len(repo.search(query)) == 1, query
    for query, shown in (("yilinda", "yılında"), ("strasse", "Straße"), ("oeuvre", "œuvre")):
        [hit] = repo.search(query)
        snippet = repo.snippet(hit.meta, parse_query(query))
        assert shown in [snippet.text[a:b] for a, b in snippet.highlights], query


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_words_with_arabic_and_hebrew_vowel_marks_are_found_without_them(
    tmp_path: Path, cache: bool
) -> None:
    """unicode61 read a shadda or a Hebrew point as a space, so `محمّد` was two words and
    `محمد`, as it is mostly written, found nothing; it now keeps marks in words, where they
    are folded away. Real text: an Arabic site's page, and
    Genesis 1:1 in pointed Hebrew as public repositories keep it."""
    root = tmp_path / "lib"
    _write(
        root,
        "ar/page.txt",
        "ترجمة مختصرة\n\nعن الداعية الإسلامي السيّد أحمد الطلحي حفظه الله\n\n"
        "سيّدنا محمّد وعلى آله وصحبه أجمعين...\n",
    )
    _write(root, "he/genesis.txt", "בראשית\n\nבְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ\n")
    repo = _repo(root, tmp_path, cache)
    for query in ("محمد", "محمّد", "محمـــد", "السيد", "سيدنا"):
        assert [hit.meta.title for hit in repo.search(query)] == ["ترجمة مختصرة"], query
    for query in ("השמים", "הַשָּׁמַיִם", "אלהים", '"ברא אלהים"'):
        assert [hit.meta.title for hit in repo.search(query)] == ["בראשית"], query
    for query, shown in (("محمد", ["محمّد"]), ('"ברא אלהים"', ["בָּרָא", "אֱלֹהִים"])):
        [hit] = repo.search(query)
        snippet = repo.snippet(hit.meta, parse_query(query))
        assert [snippet.text[a:b] for a, b in snippet.highlights] == shown, query


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_author_finds_a_byline_accents_aside(tmp_path: Path, cache: bool) -> None:
    """Real bylines: the Telegraph's saved page (Edward Malnick, newspaper's test page) and
    Slate's two authors as trafilatura took them; the seed names none."""
    import gzip

    root = tmp_path / "lib"
    root.mkdir()
    pages = Path(__file__).parent / "fixtures" / "pages"
    (root / "thatcher.html").write_bytes(
        gzip.decompress((pages / "newspaper-telegraph.co.uk2.html.gz").read_bytes())
    )
    (root / "slate.md").write_text(
        "---\ntitle: Who won the night\nauthor: Juliana Jiménez Jaramillo; Jeremy Stahl\n---\n\n"
        "Slate's live blog of the debate.\n"
    )
    shutil.copy(SEED, root / "seed.txt")
    repo = _repo(root, tmp_path, cache)
    assert _titles(repo, "author:malnick") == [
        "Margaret Thatcher feared GCSEs would lower school standards"
    ]
    assert _titles(repo, "author:jimenez") == ["Who won the night"]
    assert _titles(repo, 'author:"jeremy stahl" debate') == ["Who won the night"]
    assert len(_titles(repo, "not author:stahl")) == 2
    if cache:  # kept in the index: a second start reads it there, not from the files
        again = _repo(root, tmp_path, cache)
        assert _titles(again, "author:malnick") != []
    with pytest.raises(QueryError, match="author:Evans"):
        parse_query("author:")
