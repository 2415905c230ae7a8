"""Fuzz target: the plain-text page-dump cleaner (``extract.textdump`` over ``extract.lines``).

Checks, for any bytes read as UTF-8: ``split_page`` never raises, gives one label per input
line, and its body, caption and boilerplate lines are lines of the input; the body lines are
found in the input in order; ``extract`` of the dump as a text page raises nothing but a
``StorylineError`` and its paragraphs are input lines.

    .venv/bin/python fuzz/fuzz_textdump.py [libFuzzer flags] [CORPUS_DIR...]
    .venv/bin/python fuzz/fuzz_textdump.py --replay FILE...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import atheris
from harness import Target, decode, main

with atheris.instrument_imports(include=["storyline"]):
    from storyline.errors import StorylineError
    from storyline.extract import extract
    from storyline.extract.textdump import BODY, split_page, template_lines
    from storyline.model import Page

ROOT = Path(__file__).resolve().parent.parent
TARGET_MAX_LEN = 4096
LABELS = frozenset({"body", "caption", "boilerplate"})


def check(data: bytes) -> None:
    """Raise when the cleaner fails or invents text on the dump in ``data``."""
    text = decode(data)
    # odd first byte: the dump's own lines count as the outlet's template (a hostile case)
    template = template_lines([text], min_pages=1) if data[:1] and data[0] & 1 else frozenset()
    parts = split_page(text, template)
    lines = text.splitlines()
    assert len(parts.lines) == len(parts.labels) == len(lines), "one label per line"
    assert set(parts.labels) <= LABELS, parts.labels
    stripped = {line.strip() for line in lines}
    at = 0
    for line, label in zip(parts.lines, parts.labels, strict=True):
        if label == BODY:
            start = text.find(line.strip(), at)
            assert line.strip() and start >= 0, f"body line not in the input: {line!r}"
            at = start + len(line.strip())
    assert all(line in stripped for line in parts.boilerplate()), "boilerplate invented"
    assert all(any(c in line for line in stripped) for c in parts.captions()), "caption invented"
    try:
        article = extract(Page(source="fuzz.txt", content=text, kind="text"), template)
    except StorylineError:
        return
    for paragraph in article.text.split("\n\n"):
        assert any(paragraph in line for line in stripped), f"paragraph invented: {paragraph!r}"


def seeds() -> Iterator[bytes]:
    """Yield the repository's text dumps (cut to max_len) and a few small shapes."""
    for folder in ("tests/fixtures/textdump", "tests/fixtures/extract", "examples/textdumps"):
        for path in sorted((ROOT / folder).glob("*.txt")):
            yield path.read_bytes()[:TARGET_MAX_LEN]
    yield b"Headline\n\nBy Ines Varga\n\nThe council met on Monday and said it would act.\n"
    yield "시장은 월요일에 새 다리를 짓겠다고 말했다.\n\n市長は月曜日に述べた。\n".encode()
    yield b"Photo: A. Photo: A.\nTomas Holm, KBS World Radio News.\n\x0b\x1c\xe2\x80\xa8\n"


TARGET = Target(
    name="textdump",
    check=check,
    seeds=seeds,
    tokens=(
        "\n",
        "\r\n",
        "\n\n",
        "By ",
        "Photo: ",
        "Published : ",
        "Updated",
        "Subscribe",
        "MOST POPULAR",
        "©",
        " said.",
        '"',
        "“",
        "”",
        "(Yonhap)",
        "(R)",
        "KBS World Radio News.",
        "Reporting by ",
        "2 comments",
        "Mar 11, 2024",
        "10:41",
        "\u2028",
        "\x0b",
        "。",
    ),
    max_len=TARGET_MAX_LEN,
)

if __name__ == "__main__":
    main(TARGET, sys.argv)
