"""Provides a deterministic synthetic news library for benchmarks and large-library tests.

Articles look like the real ones: saved-page text with breadcrumbs (no-break spaces
around the slashes), captions and site trailers, and Markdown with front matter; bodies of
2-8 KB; about 40 sections three levels deep. The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import random
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
NAMES = ["Milley", "Austin", "Okafor", "Lindqvist", "Tanaka", "Haddad", "Moreau", "Petrova"]
SOURCES = ["Press TV", "Example Wire", "Daily Sample", "Global Desk"]
CREDITS = ["(AFP photo)", "(AP file photo)", "(Reuters)", "(Photo by Staff/Getty Images)"]


def sections() -> list[tuple[str, str, str]]:
    return [(a, b, c) for a, bs in TOPS.items() for b, cs in bs.items() for c in cs]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
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
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
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
        lines.append(
            " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + " " + rng.choice(CREDITS)
        )
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


def generate(root: Path, count: int, seed: int = 20211124) -> None:
    """Write `count` articles below root; the same seed gives the same bytes."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        write_article(root, index, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20211124)
    args = parser.parse_args()
    generate(args.folder, args.articles, args.seed)
    print(f"wrote {args.articles:,} articles to {args.folder}")


if __name__ == "__main__":
    main()
