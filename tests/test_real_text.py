"""Real articles read right: every case here comes from a real file in tests/fixtures/real
(see its README for where each was published)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from termnews.formatting import format_article, long_date
from termnews.library import TrailerRules
from termnews.library.clean import count_words
from termnews.library.dates import parse_date, path_date
from termnews.library.decode import SkipFile
from termnews.library.document import CAPTION, HEADING, IMAGE, ITEM, PARAGRAPH
from termnews.library.parse import read_article
from termnews.library.query import parse_query
from termnews.library.snippet import make_snippet
from termnews.library.textfile import parse_breadcrumb, parse_text
from termnews.repository import Repository
from termnews.state import StateStore
from termnews.ui.dialogs.links import LinksScreen
from termnews.ui.widgets.reader import Reader

from .ui_helpers import list_widget, reader_text, ready, until

REAL = Path(__file__).parent / "fixtures" / "real"
RULES = TrailerRules.build()


def article(relpath: str):
    return read_article(REAL / relpath, relpath, RULES)


def article_at(path: Path):
    return read_article(path, path.name, RULES)


def repository(tmp_path: Path, *relpaths: str) -> Repository:
    root = tmp_path / "lib"
    for relpath in relpaths:
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REAL / relpath, root / relpath)
    repo = Repository([root], StateStore(tmp_path / "data"), RULES, tmp_path / "cache")
    repo.scan()
    return repo


# 1. Line structure


def test_short_lines_of_a_saved_page_stay_their_own_paragraphs() -> None:
    paragraphs = article("ptbr/ciencia_e_tecnologia/asteroide.txt").paragraphs
    assert "NASA" in paragraphs  # a photo credit, not the start of the next paragraph
    related = (
        "Nasa pousa em asteroide 'testemunha' da formação do Sistema Solar e ameaça para a Terra"
    )
    assert related in paragraphs
    following = paragraphs[paragraphs.index(related) + 1]
    assert following.startswith("Este efeito é como um sistema de propulsão")
    assert "Sofia Pilagallo, do R7*" in paragraphs


def test_numbered_headings_are_list_items_of_their_own() -> None:
    blocks = article("ptbr/numbered.txt").blocks
    item = next(block for block in blocks if block.text == "Baixa expectativa de vida")
    assert item.kind == ITEM and item.marker == "1."
    after = blocks[blocks.index(item) + 1]
    assert after.kind == PARAGRAPH and after.text.startswith("Localizados entre a Estônia")


def test_hard_wrapped_prose_is_joined_but_its_list_and_short_lines_are_not() -> None:
    """A real paragraph, hard-wrapped at 72 columns as mail and plain-text archives are."""
    prose = " ".join(article("bbc/cafe.txt").paragraphs[:2])
    wrapped = "\n".join(textwrap.wrap(prose, 72))
    text = f"Headline\n\n{wrapped}\nPanlogic\n- first point\n- second point\n\n{wrapped}\n"
    parsed = parse_text(text, RULES)
    assert parsed.paragraphs[0] == prose
    assert parsed.paragraphs[1:4] == ("Panlogic", "first point", "second point")
    assert [block.marker for block in parsed.blocks[2:4]] == ["•", "•"]
    assert parsed.paragraphs[4] == prose


def test_a_spoken_dash_keeps_its_dash_and_a_short_dash_line_is_a_bullet() -> None:
    quote = (  # from a Brazilian sports page: a dash opens a player's words
        "- Sobre o Barça, não sei. O mercado não está aberto. Não tenho isso na cabeça. "
        "Trato de dar o meu melhor, de fazer boas atuações para me tornar um atleta melhor. "
        "Há muita especulação."
    )
    parsed = parse_text(f"Headline\n\n{quote}\n- Curto\n", RULES)
    assert parsed.blocks[0].kind == PARAGRAPH and parsed.blocks[0].text == quote
    assert parsed.blocks[1].kind == ITEM and parsed.blocks[1].text == "Curto"


def test_a_file_with_no_headline_takes_its_first_sentence_as_title(tmp_path: Path) -> None:
    """Summaries and some saved pages are one long paragraph: it is the body, not a title."""
    story = (article("bbc/cafe.txt").paragraphs[0] + " ") * 3
    path = tmp_path / "summary.txt"
    path.write_text(story)
    parsed = read_article(path, "summary.txt", RULES)
    assert len(parsed.meta.title) <= 160 and story.startswith(parsed.meta.title)
    assert parsed.meta.words > 50


def test_a_markdown_heading_in_a_text_file_is_a_plain_headline() -> None:
    """The Rust blog's `Increasing-Rusts-Reach/application.txt` opens with `# …`."""
    parsed = parse_text("# Increasing Rust's Reach Application\n\nBody.", RULES)
    assert parsed.title == "Increasing Rust's Reach Application"


# 1b. Page furniture within the story


def test_a_copied_page_loses_its_furniture_and_keeps_every_paragraph_of_the_story() -> None:
    """The New York Times story as copied from its page: an ad slot, `Continue reading the
    main story` three times, a box of two related headlines and a newsletter form."""
    parsed = article("nyt/trump-justice-2017.txt")
    text = "\n".join(parsed.paragraphs)
    for furniture in (
        "Continue reading",
        "ADVERTISEMENT",
        "RELATED COVERAGE",
        "Trump and Sessions Denied Knowing",
        "Newsletter Sign Up",
        "Enter your email",
        "You agree to receive",
        "PRIVACY POLICY",
    ):
        assert furniture not in text
    assert len(parsed.paragraphs) == 29  # the story's own, every one
    assert parsed.paragraphs[5].startswith("Mr. Trump has made clear")
    assert parsed.paragraphs[-1].startswith("But Mr. Trump’s own outspokenness")


def test_ad_labels_and_boxes_of_other_stories_go_in_other_languages_too() -> None:
    asteroid = article("ptbr/ciencia_e_tecnologia/nanojatos.txt").paragraphs
    assert "PUBLICIDADE" not in asteroid and "Mais informações" not in asteroid
    assert not any("tempestade solar destrua" in paragraph for paragraph in asteroid)
    assert asteroid[2].startswith("As observações") and asteroid[3].startswith("O pesquisador")
    economy = article("ptbr/advertisement.txt").paragraphs
    assert "Advertisement" not in economy and len(economy) == 8
    # A box of two headlines ends where the story's next sentence (a short quote) begins.
    politics = article("ptbr/leia-tambem.txt").paragraphs
    assert "Leia também:" not in politics
    assert not any(paragraph.startswith("'Risco fiscal'") for paragraph in politics)
    assert any(paragraph.startswith('"Há a questão sobre') for paragraph in politics)


def test_a_credited_caption_in_the_body_is_a_caption_said_once(tmp_path: Path) -> None:
    """The New York Times in a copy of its page: `Image` glued to a caption, then the
    caption again with its credit glued on."""
    caption = "Little Pickles is a toy store on North Broadway in Red Hook."
    path = tmp_path / "red-hook.txt"
    path.write_text(
        "Red Hook, N.Y.: Far From Brooklyn\n\nThe produce hails from a Dutchess County town.\n\n"
        f"Image{caption}\n{caption}Credit...Tony Cenicola/The New York Times\n"
        "All told, crops sprout from more than 200 properties.\n"
    )
    parsed = read_article(path, "red-hook.txt", RULES)
    blocks = parsed.blocks
    assert [(block.kind, block.text) for block in blocks] == [
        (PARAGRAPH, "The produce hails from a Dutchess County town."),
        (CAPTION, f"{caption} Credit...Tony Cenicola/The New York Times"),
        (PARAGRAPH, "All told, crops sprout from more than 200 properties."),
    ]
    # Right under the headline, it is the article's caption, spaced from its credit too.
    path.write_text(f"Red Hook, N.Y.\n\n{caption}Credit...Tony Cenicola/The New York Times\n\nA.")
    on_top = read_article(path, "red-hook.txt", RULES)
    assert on_top.captions == (f"{caption} Credit...Tony Cenicola/The New York Times",)


# 2. Slashes in headlines


def test_real_headlines_with_slashes_are_not_breadcrumbs() -> None:
    headlines = (REAL / "slash_headlines.txt").read_text().splitlines()
    assert len(headlines) > 50
    taken = [line for line in headlines if parse_breadcrumb(line)]
    assert taken == []


@pytest.mark.parametrize(
    "line",
    ["News / Military / Afghanistan", "Notícias / Brasil", "Economia/Mercados/Ações", "BBC / UK"],
)
def test_breadcrumbs_still_are(line: str) -> None:
    assert parse_breadcrumb(line)


def test_release_headline_with_slash_in_a_text_file(tmp_path: Path) -> None:
    md = article("ruby/ja/2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md")
    path = tmp_path / "release.txt"
    path.write_text(md.meta.title + "\n\n" + "\n\n".join(md.paragraphs))
    parsed = read_article(path, "release.txt", RULES)
    assert parsed.meta.title == "Ruby 1.8.7-p72 / 1.8.6-p287 リリース"
    assert parsed.meta.section == ()


# 3. Entities


def test_entities_in_plain_text_are_decoded_and_searchable(tmp_path: Path) -> None:
    assert "internet café." in " ".join(article("bbc/cafe.txt").paragraphs)
    assert '"Ratchet & Clank: Rift Apart"' in " ".join(article("ptbr/entities.txt").paragraphs)
    repo = repository(tmp_path, "bbc/cafe.txt")
    assert [hit.meta.relpath for hit in repo.search("café")] == ["bbc/cafe.txt"]


# 4-6. Dates


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2013-11-22 5:00:00 +0000", "2013-11-22T05:00:00+00:00"),
        ("2024-4-09", "2024-04-09T00:00:00"),
        ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
        ("2024-12-25T00:00:00.000Z", "2024-12-25T00:00:00+00:00"),
        ("2021-05-22 00:27:00 +0300", "2021-05-22T00:27:00+03:00"),
        ("June 5, 2020", "2020-06-05T00:00:00"),
        ("2021-05-12T10:20:30 (UTC +02:00)", "2021-05-12T10:20:30+02:00"),  # MarkDownload
        # SingleFile's saved date, JavaScript's Date.toString() in the saver's language
        ("Tue Sep 22 2026 11:39:42 GMT+0900 (日本標準時)", "2026-09-22T11:39:42+09:00"),
        (
            "Mon Jan 28 2019 17:49:05 GMT+0500 (Pakistan Standard Time)",
            "2019-01-28T17:49:05+05:00",
        ),
        # the 12-hour clock and zones by name, as public repositories keep them: a file's
        # `Last Modified` line, a work log, a hackathon's deadline (read as 03:30 before)
        ("Sat 13 Sep 2014 10:51:54 PM EDT", "2014-09-13T22:51:54-04:00"),
        ("2026-03-30 12:01 PM EDT", "2026-03-30T12:01:00-04:00"),
        ("14 September 2026, 5:00pm EDT", "2026-09-14T17:00:00-04:00"),
        ("April 14, 2019 12:30 AM", "2019-04-14T00:30:00"),
        ("2020-01-01 13:30 PM", "2020-01-01T13:30:00"),
        # the day first, dotted (German sites), and Chinese, Japanese and Korean dates
        ("14.04.2019, 15:30 Uhr", "2019-04-14T15:30:00"),
        ("14. April 2019", "2019-04-14T00:00:00"),
        ("2019年4月14日 15時30分", "2019-04-14T15:30:00"),
        ("2019년 4월 14일", "2019-04-14T00:00:00"),
    ],
)
def test_date_forms_real_generators_write(written: str, expected: str) -> None:
    assert parse_date(written).isoformat() == expected


def test_not_dates() -> None:
    assert parse_date("soon") is None and parse_date("2024-13-01") is None
    assert parse_date("2021-05-12 (later)") is None
    assert parse_date("Tue Sup 22 2026 11:39:42 GMT+0900") is None
    assert parse_date("31.02.2019") is None and parse_date("2019年13月1日") is None
    assert path_date("notes/ideas.md") is None


def test_one_digit_hour_in_front_matter_sorts_and_filters(tmp_path: Path) -> None:
    relpath = "ruby/en/2013-11-22-heap-overflow-in-floating-point-parsing-cve-2013-4164.md"
    meta = article(relpath).meta
    assert meta.date == "2013-11-22T05:00:00+00:00"
    assert meta.sort_time == dt.datetime(2013, 11, 22, 5, tzinfo=dt.UTC).timestamp()
    assert long_date(meta).startswith(("22 Nov 2013", "21 Nov 2013"))  # local time
    repo = repository(tmp_path, relpath, "ruby/en/2020-10-02-ruby-2-7-2-released.md")
    found = [hit.meta.relpath for hit in repo.search("after:2013-11-01 before:2014-01-01")]
    assert found == [relpath]


def test_jekyll_file_names_and_dated_permalinks_give_the_date() -> None:
    assert article("ruby/ja/2004-05-29-20040529.md").meta.date == "2004-05-29"
    assert article("rust/1.0-Timeline.md").meta.date == "2014-12-12"  # path = "2014/12/12/…"


def test_toml_front_matter_is_read() -> None:
    meta = article("rust/1.0-Timeline.md").meta
    assert meta.title == "Rust 1.0: Scheduling the trains"
    assert meta.format == "markdown"


def test_meta_line_date_is_short() -> None:
    meta = article("electron/electron-12-0.md").meta
    assert long_date(meta) == "2 Mar 2021"


# 7. Chinese, Japanese and Korean search


def test_cjk_words_are_found_inside_runs(tmp_path: Path) -> None:
    repo = repository(
        tmp_path,
        "ruby/ja/2004-05-29-20040529.md",
        "ruby/ja/2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md",
        "ruby/zh_cn/2008-08-08-multiple-vulnerabilities-in-ruby.md",
    )
    files = {
        name: [Path(h.meta.relpath).name for h in repo.search(name)]
        for name in ("脆弱", "漏洞", "リリース")
    }
    assert sorted(files["脆弱"]) == [  # 脆弱性 in both, never alone
        "2004-05-29-20040529.md",
        "2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md",
    ]
    assert files["漏洞"] == ["2008-08-08-multiple-vulnerabilities-in-ruby.md"]
    assert "2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md" in files["リリース"]
    assert repo.search("脆") and not repo.search("脆弱漏洞")


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_full_width_letters_and_digits_are_found_as_typed(tmp_path: Path, cache: bool) -> None:
    """Japanese news writes `４年に１度` and `ＮＨＫ` in full-width forms beside `14日`: a
    search typed either way finds them, and a word ending inside a run (`4年` of `4年に`)
    or a run followed by digits (`年に1度`) is found where it stands."""
    root = tmp_path / "lib"
    shutil.copytree(REAL / "nhk", root / "nhk")
    repo = Repository(
        [root], StateStore(tmp_path / "data"), RULES, tmp_path / "cache" if cache else None
    )
    repo.scan()
    found = (
        "NHK",
        "ＮＨＫ",
        "nhkの",
        "4年",
        "４年に１度",
        "年に1度",
        "8時半から",
        "193人が立候補",
        "14日",
    )
    for query in found:
        assert len(repo.search(query)) == 1, query
    for query in ("4年に2度", "5年", "NHKが", "年に2"):
        assert not repo.search(query), query


def test_a_japanese_story_on_one_line_is_titled_by_its_first_sentence(tmp_path: Path) -> None:
    """Scraped text often has the whole story on one line: its first sentence is the title,
    and a Japanese one ends at `。`, with no space after it (it took 160 characters)."""
    story = (REAL / "nhk" / "2019-04-14-senkyo.txt").read_text(encoding="utf-8")
    path = tmp_path / "senkyo.txt"
    path.write_text(story.replace("\n\n", ""), encoding="utf-8")
    assert article_at(path).meta.title == (
        "平成最後の選挙となる統一地方選挙は、14日、政令指定都市以外の市と東京の特別区で、"
        "市区長と議員の選挙が告示され、後半戦がスタートしました。"
    )


@pytest.mark.parametrize(
    ("relpath", "first"),
    [
        (
            "ru/vitas.txt",
            "Популярный певец Витас накануне затеял стрельбу рядом со своим домом в Барвихе.",
        ),
        (
            "indic/balakot.txt",
            "जम्मू-कश्मीर के पुलवामा में 14 फरवरी को जब जैश-ए-मोहम्मद के आतंकियों ने CRPF के जवानों "
            "पर हमला किया था.",
        ),
        ("indic/jinping.txt", "नई दिल्ली, एएनआइ। चीनी राष्ट्रपति शी चिनफिंग भारत दौरे पर आ रहे हैं।"),
        ("indic/nagarikatva.txt", "নাগরিকত্ব বিলের প্রতিবাদে উত্তাল রাজ্যের বিভিন্ন জেলা।"),
    ],
)
def test_a_story_on_one_line_is_titled_by_its_first_sentence_in_any_script(
    tmp_path: Path, relpath: str, first: str
) -> None:
    """A full stop ended a first sentence only before a Latin capital: a Russian or Hindi
    story scraped onto one line was titled by its first 160 characters. Hindi and Bengali
    end a sentence with a danda (`।`), and capitalise nothing."""
    body = (REAL / relpath).read_text(encoding="utf-8").split("\n\n", 1)[1]
    if len(body) < 250:  # a line that short is a headline: the listing page's next story too
        body += " " + (REAL / "ru/lenta-cancer.txt").read_text(encoding="utf-8").split("\n\n")[1]
    path = tmp_path / "story.txt"
    path.write_text(body.replace("\n", " "), encoding="utf-8")
    assert article_at(path).meta.title == first


def test_a_lowercase_word_after_a_full_stop_goes_on_with_the_sentence(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "The talks went on past midnight, e.g. with the unions and the employers. Both sides said "
        "they would meet again on Friday to settle the last points of the deal, which covers pay, "
        "pensions and the hours of the night shift, and which the members will vote on in May.",
        encoding="utf-8",
    )
    assert article_at(path).meta.title == (
        "The talks went on past midnight, e.g. with the unions and the employers."
    )


def test_a_set_in_sentence_ending_with_a_danda_is_no_heading(tmp_path: Path) -> None:
    """A short line set in from the text is a heading unless it ends as a sentence does:
    a Bengali or Hindi one ends with `।`, which was not read as an end."""
    head, body = (REAL / "indic" / "nagarikatva.txt").read_text(encoding="utf-8").split("\n\n")
    first, rest = body.split("। ", 1)
    path = tmp_path / "story.txt"
    path.write_text(f"{head}\n\n{rest}\n\n{' ' * 20}{first}।\n\n{rest}", encoding="utf-8")
    doc = article_at(path)
    assert [block.kind for block in doc.blocks if block.text == f"{first}।"] == [PARAGRAPH]


THAI = (
    "สำนักงาน ป.ป.ส.ได้จัดงานมอบโล่ประกาศเกียรติคุณบุคคลและองค์กรณ์ที่มีผลงานยอดเยี่ยมและดีเด่น"
    "ในการป้องกันและแก้ไขปัญหายาเสพติด ประจำปี 2558  ณ หอประชุมกรมประชาสัมพันธ์  วันที่ 26 "
    "มิถุนายน 2558  โดย พล.อ.ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี เป็นผู้มอบ"
)
"""A Thai news item of June 2015 (an anti-drug office's awards), kept in a public
repository's database dump: Thai spaces its phrases, not its words."""


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_thai_words_are_found_inside_phrases(tmp_path: Path, cache: bool) -> None:
    root = tmp_path / "lib"
    (root / "th").mkdir(parents=True)
    (root / "th" / "award.txt").write_text(
        f"วันที่ 26 มิถุนายน วันต่อต้านยาเสพติดโลก\n\n{THAI}\n", encoding="utf-8"
    )
    repo = Repository(
        [root], StateStore(tmp_path / "data"), RULES, tmp_path / "cache" if cache else None
    )
    repo.scan()
    for word in ("ยาเสพติด", "ประกาศเกียรติคุณ", "นายกรัฐมนตรี", "ต่อต้าน"):
        assert len(repo.search(word)) == 1, word  # narcotics, certificate, prime minister
    assert not repo.search("ยาเสพติดปลอม")
    [meta] = repo.articles
    assert meta.words >= len(THAI.replace(" ", "")) // 5  # not the 15 spaced phrases


@pytest.mark.parametrize("cache", [True, False], ids=["index", "in-memory"])
def test_hindi_and_bengali_words_are_found_whole(tmp_path: Path, cache: bool) -> None:
    """unicode61 read the vowel signs and viramas of the scripts of India as spaces:
    `मोदी` (Modi) was the phrase `म द`, which `मादा` (female) found too, as `মমত` found
    a piece of `মমতা` (Mamata), and a snippet lit every lone consonant."""
    root = tmp_path / "lib"
    shutil.copytree(REAL / "indic", root / "news")
    repo = Repository(
        [root], StateStore(tmp_path / "data"), RULES, tmp_path / "cache" if cache else None
    )
    repo.scan()

    def found(text: str) -> list[str]:
        return sorted(Path(hit.meta.file).stem for hit in repo.search(parse_query(text)))

    assert found("मोदी") == found('"नरेंद्र मोदी"') == ["jinping"]
    assert found("भारत") == ["jinping"]  # India; `भारतीय` (Indian) in the other is a word
    assert found("भारत*") == ["balakot", "jinping"]
    assert found("वायुसेना") == ["balakot"]  # the air force
    assert found("মমতা") == found("তলব") == ["nagarikatva"]
    for other in ("मादा", "मद", "মমত", "वयसन"):
        assert found(other) == [], other
    query = parse_query('"नरेंद्र मोदी" वायुसेना')
    [hit] = repo.search(parse_query("मोदी"))
    snippet = repo.snippet(hit.meta, query)
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["नरेंद्र", "मोदी"]


def test_a_line_break_in_japanese_is_no_space() -> None:
    doc = article("ruby/ja/2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md")
    assert doc.paragraphs[0].startswith("Ruby 1.8.7-p72 / 1.8.6-p287がリリースされました。前回の")


def test_a_line_break_in_korean_is_a_space() -> None:
    """Korean spaces its words: `많은 논의가` / `있었습니다` at a line break read
    `논의가있었습니다`, joined as Japanese is."""
    doc = article("ruby/ko/2006-06-20-the-future-of-ruby.md")
    assert "많은 논의가 있었습니다." in doc.paragraphs[0]
    assert (
        doc.paragraphs[-1]
        == "루비는 계속해서 성장하고 바뀔 것이라는 걸 기억해 주세요. 위 정보는 현재 시점의 저희 생각입니다."
    )


def test_cjk_snippet_highlights_the_word_inside_a_run() -> None:
    doc = article("ruby/ja/2004-05-29-20040529.md")
    snippet = make_snippet(doc, ("脆弱",), frozenset())
    assert [snippet.text[a:b] for a, b in snippet.highlights][:1] == ["脆弱"]


@pytest.mark.parametrize(
    "relpath",
    [
        "ruby/ja/2008-08-11-ruby-1-8-7-p72-and-1-8-6-p287-released.md",
        "ruby/zh_cn/2008-08-08-multiple-vulnerabilities-in-ruby.md",
    ],
)
def test_chinese_and_japanese_words_are_counted_by_their_characters(relpath: str) -> None:
    """Whitespace finds one word in a whole sentence of them: a long story read as a few
    dozen words and one minute."""
    doc = article(relpath)
    text = "\n".join(doc.paragraphs)

    def chinese_or_japanese(ch: str) -> bool:
        return "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"

    characters = sum(map(chinese_or_japanese, text))
    runs = sum(1 for token in text.split() if any(map(chinese_or_japanese, token)))
    assert characters > 100 and doc.meta.words >= runs + characters // 2
    korean = "한국어 기사는 단어 사이에 띄어쓰기가 있습니다"
    assert count_words(korean) == len(korean.split())


# 8-12. Markdown from real sites


def test_an_exported_posts_title_entities_and_html_line_breaks() -> None:
    """An Octopress post (2013) as its export left it: `title: "Q&amp;A Quickie…"`, and a
    list of questions written one a line with `<br>`, which ran into one line."""
    doc = article("octopress/2013-02-19-qa-quickie.md")
    assert doc.meta.title == "Q&A Quickie - about object ids"
    assert doc.meta.tags == ("ruby", "object_ids")  # `categories: ruby, object_ids`
    jekyll = article("jekyll/2024-01-01-welcome-to-jekyll.md").meta
    assert jekyll.tags == ("welcome", "getting-started", "jekyll", "tutorial")
    assert doc.paragraphs[1].split("\n") == [
        "And so, here’s my summary on the questions I had, and the answers that my research"
        " yielded:",
        "1) What is an object id?",
        "2) Why is true.object_id != 1?",
        "3) Which objects have fixed object_ids, and what are the practical implications?",
    ]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Mastering Agentplace: A Deep Dive into OpenClaw&#8217;s AI Marketplace",
         "Mastering Agentplace: A Deep Dive into OpenClaw’s AI Marketplace"),
        ("<em>Why</em> the <b>markets</b> fell", "Why the markets fell"),
        ("AT&T &amp; friends: 2 < 3 &unknown;", "AT&T & friends: 2 < 3 &unknown;"),
        ("&lt;b&gt; is a tag", "<b> is a tag"),
    ],
)  # fmt: skip
def test_front_matter_titles_are_shown_as_the_site_shows_them(
    tmp_path: Path, written: str, shown: str
) -> None:
    path = tmp_path / "post.md"
    path.write_text(f"---\ntitle: {json.dumps(written)}\n---\n\nThe post.\n")
    assert read_article(path, "post.md", RULES).meta.title == shown


def test_markdown_snippets_and_search_text_are_rendered_text() -> None:
    doc = article("electron/electron-12-0.md")
    body = "\n".join(doc.paragraphs)
    assert "](" not in body and "**" not in body
    assert "Chromium 89" in doc.paragraphs
    assert "](" not in make_snippet(doc, ("chromium",), frozenset()).text


def test_template_tag_lines_go_and_inline_tags_are_marked() -> None:
    doc = article("ruby/en/2020-10-02-ruby-2-7-2-released.md")
    assert not any(text.startswith("{% assign") for text in doc.paragraphs)
    tagged = [b for b in doc.blocks if any(s.kind == "tag" for s in b.spans)]
    assert tagged and all("{{" in b.text for b in tagged)


def test_html_in_markdown_keeps_captions_and_alt_text() -> None:
    doc = article("gitbook/towers.md")
    kinds = {block.text: block.kind for block in doc.blocks}
    assert kinds["ER:LC virtual tower coverage with the Edit Tower controls open"] == IMAGE
    assert kinds["Name each tower and adjust its coverage range."] == CAPTION
    cadence = " ".join(article("electron/12-week-cadence.md").paragraphs)
    assert "line graph comparing Electron versus Chromium versions" in cadence


def test_heading_repeating_the_title_is_not_shown_twice() -> None:
    doc = article("jekyll/2024-01-01-welcome-to-jekyll.md")
    assert doc.meta.title == "Welcome to Jekyll"
    assert [b.text for b in doc.blocks if b.kind == HEADING] == ["What is Jekyll?"]


def test_redirect_only_posts_are_skipped_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(SkipFile, match="only a redirect to https://xpack-dev-tools"):
        article("jekyll/releases.md")
    repo = repository(tmp_path, "jekyll/releases.md", "jekyll/2024-01-01-welcome-to-jekyll.md")
    assert len(repo.articles) == 1
    assert [w.reason for w in repo.warnings] == [
        "only a redirect to https://xpack-dev-tools.github.io/gcc-xpack/docs/releases/"
    ]


def test_an_obsidian_web_clipping_names_its_site_and_links_its_page(tmp_path: Path) -> None:
    """Obsidian's web clipper, where Pocket's users went, writes the page's address as
    `source`, authors as [[links]], and `created` (when clipped) beside `published`."""
    relpath = "obsidian/karpathy-llm-wiki.md"
    meta = article(relpath).meta
    assert meta.url and meta.url.startswith("https://pub.towardsai.net/i-used-karpathys-llm")
    assert (meta.source, meta.date) == ("pub.towardsai.net", "2026-04-19")
    undated = tmp_path / "clip.md"
    undated.write_text((REAL / relpath).read_text().replace("published: 2026-04-19\n", ""))
    assert read_article(undated, "clip.md", RULES).meta.date == "2026-04-29"  # clipped


def test_a_wordpress_posts_sharing_buttons_and_likes_are_left_out() -> None:
    """A blog moved from WordPress to Markdown keeps Jetpack's `Share this:` buttons and its
    `Like Loading...` under each post; they are not the post, nor are their links."""
    doc = article("wordpress/aoi-robustness-reproducibility-aer.md")
    texts = [block.text for block in doc.blocks]
    assert texts[-1].startswith("Campbell, Douglas et al. (2024)")
    assert not any("Share" in text or "Loading" in text for text in texts)
    assert doc.links == ("https://www.econstor.eu/bitstream/10419/295222/1/I4R-DP124.pdf",)
    shown = format_article(doc)
    assert "share=twitter" not in shown and "Like Loading" not in shown


def test_a_page_saved_through_jina_reader_keeps_its_title_address_and_date() -> None:
    """`curl r.jina.ai/URL` wraps the page in `Title:`, `URL Source:`, `Published Time:`
    and `Markdown Content:` lines: here after Jekyll's front matter, as a bookmark site
    keeps it; the title's `| TechCrunch` and the pictures' `Image 17` numbers go."""
    doc = article("jina/openai-o3-techcrunch.md")
    meta = doc.meta
    assert meta.title == (
        "OpenAI's o3 suggests AI models are scaling in new ways — but so are the costs"
    )
    assert meta.url == (
        "https://techcrunch.com/2024/12/23/"
        "openais-o3-suggests-ai-models-are-scaling-in-new-ways-but-so-are-the-costs/"
    )
    assert (meta.source, meta.date, meta.format) == (
        "techcrunch.com",
        "2024-12-24T00:08:57+00:00",
        "markdown",
    )
    texts = [block.text for block in doc.blocks]
    assert texts[0].startswith("Last month, AI founders and investors told TechCrunch")
    assert not any(
        text.startswith(("URL Source", "Published Time", "Markdown Content")) for text in texts
    )
    assert not any("Image 17" in text for text in texts)


def test_a_whole_pages_masthead_above_the_headline_is_left_out() -> None:
    """The site's menu above the story's own headline (which says the title again) is the
    page's, not the story's; its links leave the list, the story's are numbered from 1."""
    doc = article("jina/monokai-history.md")
    assert doc.blocks[0].text == "How a Color Scheme Captured the Developer World"
    assert not any(block.text in ("home", "Sublime Text", "VSCode") for block in doc.blocks)
    assert "https://monokai.pro/vscode" not in doc.links
    numbers = [span.link for block in doc.blocks for span in block.spans if span.link]
    assert numbers and min(numbers) == 1 and max(numbers) == len(doc.links)


def test_a_whole_news_page_keeps_its_story_and_loses_its_buttons() -> None:
    """XDA's page through Jina Reader: menus above the headline, and between the story's
    paragraphs the buttons of its follow and ad widgets."""
    doc = article("jina/xda-appdata.md")
    texts = [block.text for block in doc.blocks]
    gone = ("Menu", "Sign in now", "✕ Remove Ads", "Follow", "Unfollow", "Email is sent")
    assert not set(gone) & set(texts)
    assert "Your changes have been saved" not in texts
    assert any(text.startswith("If you have a Windows 11 PC, then you've") for text in texts)
    assert [t for t in texts if t.startswith("What is L")] == [
        "What is Local?",
        "What is LocalLow?",
    ]


def test_a_medium_story_opens_with_its_first_sentence() -> None:
    """Medium's page: its tab title and sign-in links above the story's headline (the
    title names the author after it), then the byline's labels (`5 min read`, `·`, the
    date, the claps)."""
    doc = article("jina/medium-indie-hacking.md")
    assert doc.meta.title == "Indie Hacking Year 1 Review - Tim Wong"
    assert doc.blocks[0].text == "In December 2022, I stumbled upon a random blogpost."


def test_a_jina_reader_page_saved_as_text_is_read_as_markdown() -> None:
    doc = article("jina/modern-path.txt")
    assert (doc.meta.title, doc.meta.date, doc.meta.format) == (
        "Modern PATH environment variable",
        "2024-10-08",
        "markdown",
    )
    assert doc.meta.source == "blog.izissise.net"
    assert next(b.text for b in doc.blocks if b.kind == HEADING) == "Shrink it"
    assert not any("`PATH`" in text for text in doc.paragraphs)  # code spans rendered


def test_a_jina_reader_warning_page_keeps_its_words_but_not_its_title_twice() -> None:
    """A page the reader could not pass (`Warning: … CAPTCHA`): what it showed is kept,
    its `===` underlined title said once."""
    doc = article("jina/weixin-captcha.md")
    assert doc.meta.title == "Weixin Official Accounts Platform"
    texts = [block.text for block in doc.blocks]
    assert texts[:2] == ["环境异常", "当前环境异常，完成验证后即可继续访问。"]
    assert not any("Warning" in text for text in texts)


# 13. Links


def test_links_are_numbered_once_and_listed() -> None:
    doc = article("electron/electron-12-0.md")
    first = next(b for b in doc.blocks if "releases website" in b.text)
    span = next(s for s in first.spans if s.kind == "link")
    assert first.text[span.start : span.end] == "releases website"
    assert doc.links[span.link - 1].startswith("https://")
    assert len(doc.links) == len(set(doc.links))
    shown = format_article(doc)
    assert "releases website[1]" in shown and "\nLinks\n[1] https://" in shown
    assert "(https://" not in shown


async def test_links_key_lists_them_and_opens_the_chosen_one(make_app, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(REAL / "electron/electron-12-0.md", root / "electron-12-0.md")
    app = make_app(root)
    opened: list[str] = []
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        screen._open_in_browser = opened.append
        await pilot.press("enter")
        text = reader_text(screen)
        assert "releases website[1]" in text and "Links [1] https://" in text
        await pilot.press("L")
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("3", "enter")
        await pilot.pause()
    doc = article("electron/electron-12-0.md")
    assert opened == [doc.links[2]]


# 14. Tables


async def test_a_wide_table_becomes_records_not_slivers(make_app, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(REAL / "rust/the-foundation-conversation.md", root / "conversation.md")
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        shown = screen.query_one(Reader).shown_text
        assert "PST US: 3-6pm" in shown and "China: 7am-10am (Dec 8)" in shown


# 16. The remembered place


async def test_each_library_remembers_its_own_place(make_app, tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    for root in (one, other):
        (root / "news").mkdir(parents=True)
        for n in range(3):
            (root / "news" / f"{n}.txt").write_text(f"Story {n} of {root.name}\n\nBody.")
    data = tmp_path / "data"
    app = make_app(one, data)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j")
        chosen = list_widget(screen).current.title
        await pilot.press("Q")
    app = make_app(other, data)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await pilot.pause(0.2)
        assert list_widget(screen).cursor == 0
        await pilot.press("j")
        await pilot.press("Q")
    app = make_app(one, data)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: list_widget(screen).current.title == chosen)


async def test_l_in_a_burst_after_moving_lists_the_new_article_s_links(make_app, tmp_path) -> None:
    """tmux `send-keys j Enter L`: L can arrive before the reader shows the next article."""
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(REAL / "electron/electron-12-0.md", root / "a.md")
    shutil.copy(REAL / "electron/12-week-cadence.md", root / "b.md")
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await ready(pilot)
        articles = list_widget(screen)
        target = 1 - articles.cursor
        articles.move_to(target)
        articles.action_select()
        screen.action_links()  # before any message about the move is handled
        await pilot.pause()
        assert isinstance(app.screen, LinksScreen)
        expected = app.repo.load(articles.articles[target]).links
        assert app.screen._urls == expected


# Stories saved with no headline: the title made from the first sentence


@pytest.mark.parametrize(
    ("relpath", "title"),
    [
        # The dateline goes; `Gov.` before a name ends no sentence
        (
            "cnn/florida-debate.txt",
            "While Florida Gov. Rick Scott and former Florida Gov. Charlie Crist took aim at "
            "each other during a bitter debate on Thursday night, viewers participated…",
        ),
        ("cnn/stocks-rebound.txt", "What a difference a week makes."),
        # The note above the story is no headline
        (
            "cnn/smart-meters.txt",
            "In the narrow winding lanes of Old Delhi, the knotted masses of electrical wiring "
            "hanging across the streets are sometimes so thickly entwined they blot out…",
        ),
        # A plug for the site's accounts above the story is no headline
        (
            "cnn/liverpool-real-madrid.txt",
            "Cristiano Ronaldo took a step closer to becoming the all-time leading scorer in "
            "Champions League history after inspiring Real Madrid to a 3-0 win at Liverpool.",
        ),
    ],
)
def test_a_made_title_is_the_first_sentence_without_its_dateline(relpath: str, title: str):
    parsed = article(relpath)
    assert parsed.meta.title == title
    assert not any("Follow us" in paragraph for paragraph in parsed.paragraphs)


def test_an_editors_note_above_the_story_stays_in_it() -> None:
    parsed = article("cnn/smart-meters.txt")
    assert parsed.paragraphs[0].startswith("Editor's note: Smart Business explores")
    assert parsed.paragraphs[1].startswith("(CNN) -- In the narrow winding lanes")


def test_a_video_players_fallback_text_is_furniture() -> None:
    """CNN's video pages end with what its player said when Flash was missing."""
    parsed = article("cnn/china-middle-class-video.txt")
    assert parsed.meta.title.startswith("CNN's Andrew Stevens talks to a panel of experts")
    assert not any("Flash" in paragraph for paragraph in parsed.paragraphs)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "WASHINGTON (AP) — The Senate voted on Tuesday. Democrats",
            "The Senate voted on Tuesday.",
        ),
        ("LONDON, Nov 3 (Reuters) - Inflation rose to a high. It", "Inflation rose to a high."),
        ("SEOUL/LONDON (Reuters) -- Samsung said profits fell. More", "Samsung said profits fell."),
        # Names, not datelines: what follows starts no sentence
        (
            "NASA — the space agency — said the launch is on time. More",
            "NASA — the space agency — said the launch is on time.",
        ),
        (
            "Pentagon (Reuters) chief said more troops will go there. More",
            "Pentagon (Reuters) chief said more troops will go there.",
        ),
        # Initials and short forms before a name or a number
        (
            "The U.S. President said on Jan. 5 that talks go on. Others",
            "The U.S. President said on Jan. 5 that talks go on.",
        ),
        (
            "Police said John F. Kennedy Jr. was seen there. The rest",
            "Police said John F. Kennedy Jr. was seen there.",
        ),
    ],
)
def test_a_made_title_keeps_names_and_initials(tmp_path: Path, line: str, title: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(line + " " + "Words of the story go on. " * 12)
    assert article_at(path).meta.title == title


def test_a_story_left_with_no_words_takes_no_minute_to_read(tmp_path: Path) -> None:
    """A CNNMoney page whose copy kept only the market data's small print under its
    headline: the trailer goes, and `0 words · 1 min read` said two things at once."""
    path = tmp_path / "ilove.txt"
    path.write_text(
        "Apple feels the iLove\n\nMarket indexes are shown in real time, except for the DJIA, "
        "which is delayed by two minutes. All times are ET. Disclaimer Morningstar: 2014 "
        "Morningstar, Inc. All Rights Reserved.\n"
    )
    line = format_article(article_at(path))
    assert "0 words" in line and "min read" not in line


def test_a_sentence_after_a_players_fallback_text_keeps_its_paragraph(tmp_path: Path) -> None:
    """Only the fallback text alone is furniture: glued to the story, the paragraph stays."""
    path = tmp_path / "glued.txt"
    glued = "Your browser does not support the video tag. Police said the suspect fled on foot."
    path.write_text(
        f"Headline of the story\n\n{glued}\n\nYour browser does not support the video tag.\n"
    )
    assert article_at(path).paragraphs == (glued,)


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("(CNN) -- This is getting ridiculous.", "This is getting ridiculous."),
        ("NATO — Allies meet in Brussels", "NATO — Allies meet in Brussels"),
    ],
)
def test_a_headline_loses_only_an_agencys_dateline(tmp_path: Path, first: str, title: str):
    """A short first line is the headline: `(CNN) --` is no part of one, but a word in
    capitals before a dash may be its topic."""
    path = tmp_path / "story.txt"
    path.write_text(f"{first}\n\nThe story goes on here.\n")
    assert article_at(path).meta.title == title


def test_furniture_under_an_editors_note_is_no_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Editor's note: this is a note.\n\nADVERTISEMENT\n\nFollow us on Twitter\n")
    assert article_at(path).meta.title == "Editor's note: this is a note."


async def test_the_list_gives_no_minute_to_a_story_with_no_words(make_app, tmp_path: Path):
    root = tmp_path / "lib"
    root.mkdir()
    (root / "empty.txt").write_text("All small print\n\nAll rights reserved.\n")
    (root / "story.txt").write_text("A story\n\n" + "Words to read here. " * 30)
    app = make_app(root)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await ready(pilot)
        rows = list_widget(screen)
        shown = [rows.render_line(y).text + rows.render_line(y + 1).text for y in (0, 2)]
        assert sorted(("A story" in row, " min" in row) for row in shown) == [
            (False, False),
            (True, True),
        ]
