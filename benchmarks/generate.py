"""Provides a deterministic synthetic news library for benchmarks and large-library tests.

Articles look like the real ones: saved-page text with breadcrumbs (no-break spaces
around the slashes), captions and site trailers, and Markdown with front matter; bodies of
2-8 KB; about 40 sections three levels deep. The same seed always gives the same files.

The words follow Zipf's law over a vocabulary of 40,000 (a few hundred real English words
at the top, made-up words of real syllables below them), as news prose does: a search for
a common word matches most of the library and one for a rare word a handful, where the
old vocabulary of 150 words made every word match most articles. Each article has its own
random generator seeded by its number, so `--jobs` writes the same bytes in parallel.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TOPS = {
    "News": {
        "World": ["Europe", "Asia", "Africa", "Americas", "Middle East"],
        "Military": ["Afghanistan", "Navy", "Defense Policy", "Veterans"],
        "Politics": ["Elections", "Congress", "Courts"],
    },
    "Business": {
        "Markets": ["Stocks", "Bonds", "Commodities"],
        "Companies": ["Tech Giants", "Energy", "Retail"],
        "Economy": ["Jobs", "Inflation", "Trade"],
    },
    "Technology": {
        "Software": ["Open Source", "Security", "AI"],
        "Hardware": ["Chips", "Phones"],
    },
    "Science": {"Space": ["Missions", "Astronomy"], "Climate": ["Weather", "Oceans"]},
    "Sport": {"Football": ["Leagues", "Transfers"], "Tennis": ["Grand Slams"]},
}
WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "the government said on tuesday that talks would continue despite sharp differences over "
    "funding and security officials warned of further delays while analysts expected markets "
    "to react cautiously after the central bank kept interest rates unchanged for a third month "
    "residents described long queues at checkpoints and aid groups called for safe corridors "
    "the minister told reporters the agreement was a first step toward a broader settlement "
    "critics argued the plan lacked detail and opposition leaders demanded a parliamentary vote "
    "engineers tested the new system for weeks before the launch which drew thousands of users "
    "scientists published data showing record temperatures across the region during the summer "
    "the company reported quarterly earnings above forecasts as demand for its services grew "
    "fans gathered outside the stadium hours before the final whistle and celebrated late into "
    "the night while police closed several streets in the city centre"
).split()
COMMON = (  # noqa: SIM905
    "the of and to a in that is was he for it with as his on be at by i this had not are "
    "but from or have an they which one you were her all she there would their we him been "
    "has when who will more no if out so said what up its about into than them can only "
    "other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much "
    "your way well down should because each just those people mr how too little state good "
    "very make world still own see men work long get here between both life being under "
    "never day same another know while last might us great old year off come since against "
    "go came right used take three government city police president minister country week "
    "month officials report market bank company season club team court election party "
    "health school water energy prices workers security military talks deal plan law "
    "public children women family home money million billion percent data system study"
).split()
VOCABULARY = 40_000
ZIPF_EXPONENT = 1.07
"""Word frequency falls as rank to this power: close to what English news text shows."""
_ONSETS = "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr r s sh sl st t th tr v w z"
_NUCLEI = "a e i o u ai ea ee oo ou ar er or"
_CODAS = "      n r s t l m nd st ng ck"


def vocabulary(size: int = VOCABULARY, seed: int = 7) -> list[str]:
    """The common words, then made-up ones of two or three syllables, each once."""
    rng = random.Random(seed)
    onsets, nuclei, codas = _ONSETS.split(), _NUCLEI.split(), _CODAS.split(" ")
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(
            rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas)
            for _ in range(rng.choice((1, 2, 2, 2, 3)))
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


WORDS = vocabulary()
_WEIGHTS = list(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, VOCABULARY + 1)))
NAMES = ["Milley", "Austin", "Okafor", "Lindqvist", "Tanaka", "Haddad", "Moreau", "Petrova"]
SOURCES = ["Press TV", "Example Wire", "Daily Sample", "Global Desk"]
CREDITS = ["(AFP photo)", "(AP file photo)", "(Reuters)", "(Photo by Staff/Getty Images)"]


def sections() -> list[tuple[str, str, str]]:
    return [(a, b, c) for a, bs in TOPS.items() for b, cs in bs.items() for c in cs]


def _words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(WORDS, cum_weights=_WEIGHTS, k=count)


def _sentence(rng: random.Random) -> str:
    words = _words(rng, rng.randint(8, 22))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random) -> list[str]:
    target = rng.randint(2000, 8000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return paragraphs


def _headline(rng: random.Random) -> str:
    words = _words(rng, rng.randint(6, 12))
    return f"{rng.choice(NAMES)}: " + " ".join(words).capitalize()


def write_article(root: Path, index: int, rng: random.Random) -> Path:
    section = rng.choice(sections())
    folder = root.joinpath(*(part.lower().replace(" ", "-") for part in section))
    folder.mkdir(parents=True, exist_ok=True)
    headline = _headline(rng)
    paragraphs = _paragraphs(rng)
    if rng.random() < 0.25:
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        front = (
            f'---\ntitle: "{headline}"\nsection: [{", ".join(section)}]\n'
            f"date: 2021-{month:02d}-{day:02d}\nsource: {rng.choice(SOURCES)}\n"
            f"url: https://example.org/{index}\ntags: [sample, generated]\n---\n\n"
        )
        path = folder / f"{index:06d}.md"
        path.write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        return path
    crumb = "\u00a0 / \u00a0".join(section)
    lines = [crumb, "", headline, ""]
    for _ in range(rng.choice([0, 0, 1, 2])):
        lines.append(" ".join(_words(rng, 14)).capitalize() + " " + rng.choice(CREDITS))
    lines.append("")
    for paragraph in paragraphs:
        lines += [paragraph + (" " if rng.random() < 0.1 else ""), ""]
    if rng.random() < 0.5:
        source = rng.choice(SOURCES)
        lines += [
            f"{source}’s website can also be accessed at the following alternate addresses:",
            "",
            f"{source} News Roku",
        ]
    path = folder / f"{index:06d}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _write_range(root: Path, start: int, stop: int, seed: int) -> None:
    for index in range(start, stop):
        write_article(root, index, random.Random(seed * 10_000_019 + index))


def generate(root: Path, count: int, seed: int = 20211124, jobs: int = 1) -> None:
    """Write `count` articles below root; the same seed gives the same bytes."""
    root.mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or count < 10_000:
        _write_range(root, 0, count, seed)
        return
    step = 5_000
    with ProcessPoolExecutor(jobs) as pool:
        for future in [
            pool.submit(_write_range, root, start, min(start + step, count), seed)
            for start in range(0, count, step)
        ]:
            future.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20211124)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    generate(args.folder, args.articles, args.seed, args.jobs)
    print(f"wrote {args.articles:,} articles to {args.folder}")


if __name__ == "__main__":
    main()
