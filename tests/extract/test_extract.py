"""Pages become articles: dispatch on kind, fallbacks, errors, and golden files.

Golden files in tests/golden/extract/ are rewritten with ``STORYLINE_REGEN_GOLDEN=1``.
Text dumps compare only their metadata there, since their body depends on the line
classifier of ``extract.textdump``, which is measured by its own benchmark.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline.errors import ExtractionError
from storyline.extract import extract, extract_many, guess_language
from storyline.model import Page, stable_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "extract"
TEXT_FIELDS = ("id", "title", "outlet", "authors", "published", "updated", "dateline", "language")


@dataclass(frozen=True)
class _FallbackParts:
    lines: tuple[str, ...]
    labels: tuple[str, ...]

    def body(self) -> str:
        return "\n\n".join(self._with("body"))

    def captions(self) -> tuple[str, ...]:
        return self._with("caption")

    def boilerplate(self) -> tuple[str, ...]:
        return self._with("boilerplate")

    def _with(self, label: str) -> tuple[str, ...]:
        return tuple(
            line for line, got in zip(self.lines, self.labels, strict=True) if got == label
        )


def _fallback_label(line: str, template_lines: frozenset[str]) -> str:
    words = line.split()
    if not words or line.strip() in template_lines:
        return "boilerplate"
    if line.startswith("Photo") or re.search(r"\((?:Northbridge Times|Yonhap)\)$", line):
        return "caption"
    if len(words) >= 12 or (len(words) >= 3 and re.search(r"[.!?\"”]$", line.strip())):
        return "body"
    return "boilerplate"


def _fallback_split_page(text: str, template_lines: frozenset[str] = frozenset()) -> _FallbackParts:
    lines = tuple(text.splitlines())
    return _FallbackParts(lines, tuple(_fallback_label(line, template_lines) for line in lines))


@pytest.fixture(autouse=True)
def textdump(monkeypatch):
    """Use the real line classifier, or a trivial one while it has not landed yet."""
    try:
        importlib.import_module("storyline.extract.textdump")
    except ImportError:
        module = types.ModuleType("storyline.extract.textdump")
        module.split_page = _fallback_split_page  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "storyline.extract.textdump", module)


def _page(name: str, url: str | None = None) -> Page:
    kind = "html" if name.endswith(".html") else "text"
    content = (FIXTURES / name).read_text(encoding="utf-8")
    return Page(source=f"fixtures/{name}", content=content, kind=kind, url=url)


def _record(name: str) -> dict[str, object]:
    article = dataclasses.asdict(extract(_page(name)))
    if name.endswith(".txt"):
        return {key: article[key] for key in TEXT_FIELDS}
    return article


@pytest.mark.parametrize(
    "name",
    [
        "northbridge_times.html",
        "harbor_ledger.html",
        "northbridge_dump.txt",
        "harbor_radio_dump.txt",
    ],
)
def test_article_matches_golden_file(name):
    golden = GOLDEN / f"{Path(name).stem}.json"
    record = json.loads(json.dumps(_record(name)))
    if os.environ.get("STORYLINE_REGEN_GOLDEN") == "1":
        golden.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert record == json.loads(golden.read_text(encoding="utf-8"))


def test_html_page_gives_article_with_identity_and_hash():
    page = _page("northbridge_times.html", "https://northbridgetimes.example/city/bridge")
    article = extract(page)
    assert article.id == stable_id("a", page.url or "")
    assert article.content_hash == page.hash
    assert article.source == "fixtures/northbridge_times.html"
    assert article.dateline == "Halverston"
    assert article.text.startswith("HALVERSTON, March 11")


def test_html_file_without_an_address_takes_its_canonical_link():
    body = "".join(f"<p>Paragraph {i} of the harbour report has words enough to keep.</p>" for i in range(6))
    head = '<link rel="canonical" href="https://www.quayside.example/news/harbour-report">'
    page = Page(source="saved/harbour.html", kind="html",
                content=f"<html><head><title>Harbour report</title>{head}</head>"
                        f"<body><article><h1>Harbour report</h1>{body}</article></body></html>")
    article = extract(page)
    assert article.url == "https://www.quayside.example/news/harbour-report"
    assert article.outlet
    relative = page.content.replace("https://www.quayside.example", "")
    assert extract(dataclasses.replace(page, content=relative)).url is None
    given = dataclasses.replace(page, url="https://mirror.example/harbour")
    assert extract(given).url == "https://mirror.example/harbour"  # the crawl's address wins


def test_text_dump_gives_metadata_with_outlet_zone():
    article = extract(_page("northbridge_dump.txt"))
    assert article.title == "Harbour bridge vote delayed after late-night session"
    assert article.authors == ("Marta Quillon",)
    assert article.outlet == "Northbridge Times"
    assert (article.published, article.updated) == (
        "2024-03-11T08:30:00-04:00",
        "2024-03-11T10:02:00-04:00",
    )
    assert "By Marta Quillon" not in article.text
    assert "By Marta Quillon" in article.boilerplate


def test_broadcast_sign_off_names_the_reporter_and_leaves_the_body():
    article = extract(_page("harbor_radio_dump.txt"))
    assert article.authors == ("Lena Marsh",)
    assert article.outlet == "Harbor Ledger"
    assert article.published == "2023-06-12T14:05:10+01:00"
    assert not article.text.endswith("Harbor Ledger Radio News.")
    assert "Lena Marsh has more." in article.text


def test_published_falls_back_to_hint_then_fetch_time():
    body = "The Halverston city council met on Monday and voted to delay the bridge once more."
    page = Page(source="s.txt", content=body, kind="text", fetched="2024-03-12T09:00:00+00:00")
    assert extract(page).published == "2024-03-12T09:00:00+00:00"
    hinted = dataclasses.replace(page, published_hint="2024-03-11")
    assert extract(hinted).published == "2024-03-11"


def test_page_without_article_text_raises_naming_its_source():
    with pytest.raises(ExtractionError, match="fixtures/menu_only.txt"):
        extract(_page("menu_only.txt"))
    nav = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    with pytest.raises(ExtractionError, match="nav.html"):
        extract(Page(source="nav.html", content=nav, kind="html"))


def test_unknown_page_kind_raises():
    with pytest.raises(ExtractionError, match="neither 'html' nor 'text'"):
        extract(Page(source="x.pdf", content="%PDF-1.4", kind="pdf"))


def test_template_lines_are_left_out_of_the_body():
    body = "The Halverston city council met on Monday and voted to delay the bridge once more."
    footer = "Read more stories like this one at the Northbridge Times website today."
    article = extract(
        Page(source="t.txt", content=f"{body}\n{footer}", kind="text"), frozenset({footer})
    )
    assert footer not in article.text


def test_extract_many_reports_failures_to_the_handler_and_goes_on():
    pages = [_page("menu_only.txt"), _page("harbor_ledger.html")]
    failed: list[str] = []
    articles = list(extract_many(pages, on_error=lambda page, error: failed.append(page.source)))
    assert [a.title for a in articles] == ["Ferry strike ends after pay deal"]
    assert failed == ["fixtures/menu_only.txt"]
    with pytest.raises(ExtractionError):
        list(extract_many(pages))


def test_language_guess_tells_english_from_other_text():
    english = "The council said on Monday that the vote on the bridge was delayed by a week. " * 3
    assert guess_language(english) == "en"
    assert (
        guess_language("정부는 월요일 다리 건설 계획에 대한 투표를 연기했다고 밝혔다. " * 3) == "ko"
    )
    spanish = (
        "El consejo de la ciudad dijo el lunes que la votación sobre el puente se aplaza. " * 3
    )
    assert guess_language(spanish) is None
    assert guess_language(spanish, "es") == "es"


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_METADATA = {
    "000": ("Blinken says US looking for ways to move N. Korea denuclearization forward",
            "The Korea Herald", (), "2021-02-02T09:11:00+09:00", "2021-02-02T09:20:00+09:00", None),
    "001": ("Blinken: ‘No Grand Bargain’ in Nuclear Talks with N. Korea", "KBS World",
            ("Kim Bum-soo",), "2021-05-24T14:47:47+09:00", "2021-05-24T14:57:20+09:00", None),
    "003": ("Blinken promotes joint efforts to denuclearize N. Korea at G-7 meeting", "Yonhap",
            ("Byun Duk-kun",), "2021-05-04T01:08:00+09:00", None, "Washington"),
    "004": ("US ready to engage with North Korea: Blinken", "The Korea Herald",
            ("Ahn Sung-mi",), "2021-05-24T15:37:00+09:00", None, None),
}  # fmt: skip


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not found at ../shared/seeds")
@pytest.mark.parametrize("prefix", sorted(SEED_METADATA))
def test_seed_dump_metadata_is_right(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    page = Page(source=str(path), content=path.read_text(encoding="utf-8"), kind="text")
    article = extract(page)
    found = (article.title, article.outlet, article.authors, article.published,
             article.updated, article.dateline)  # fmt: skip
    assert found == SEED_METADATA[prefix]
