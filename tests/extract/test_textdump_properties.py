"""Properties of the text-dump cleaner for any text: it never raises, it invents no line.

Every label belongs to one input line; body, caption and boilerplate lines are lines of the
input (a caption written twice on one line may come back as its first half); the body's
lines are found in the input in order, so each has an offset inside the text.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StorylineError
from storyline.extract import extract
from storyline.extract.lines import CONTEXT_FEATURES, LINE_FEATURES, feature_rows
from storyline.extract.textdump import (
    BODY,
    BOILERPLATE,
    CAPTION,
    label_lines,
    split_page,
    template_lines,
)
from storyline.model import Page

# Lines that pull the classifier every way: prose, menus, stamps, bylines, captions, CJK.
LINES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "Home | World | Business | Sport",
        "Subscribe to our newsletter",
        "MOST POPULAR",
        "By Ines Varga",
        "Published : Mar 11, 2024 - 10:41 Updated : Mar 11, 2024 - 18:05",
        "Copyright © 2024 Harbour Media Group. All rights reserved.",
        "The council on Monday approved the new ferry schedule after months of debate, "
        "officials said, and the first boats will run in June.",
        '"We have waited long enough," Mayor Ines Varga told reporters at the town hall.',
        "Critics said the plan would cost more than the council has set aside for it this year.",
        "Photo: Residents wait for the ferry in Northbridge on Monday. (Yonhap)",
        "Residents wait for the ferry on Monday. Residents wait for the ferry on Monday.",
        "Tomas Holm, KBS World Radio News.",
        "시장은 월요일에 새 다리를 짓겠다고 말했다. 주민들은 그 계획을 환영했다고 전했다.",
        "市長は月曜日に新しい橋を建設すると述べた。",
        "2 comments",
        "Reporting by Kofi Mensah; editing by Lena Sorvik",
        "• • •",
        "a" * 300,
    ]
)
DUMPS = st.one_of(
    st.text(max_size=400),
    st.lists(LINES, max_size=40).map("\n".join),
    st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=25).map("\r\n".join),
)


def _labelled(text: str, template: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Return the dump's lines by label, checking the labels cover the input's lines."""
    parts = split_page(text, template)
    lines = text.splitlines()
    assert len(parts.lines) == len(parts.labels) == len(lines)
    assert set(parts.labels) <= {BODY, CAPTION, BOILERPLATE}
    assert all(kept == line.rstrip() for kept, line in zip(parts.lines, lines, strict=True))
    by_label: dict[str, list[str]] = {BODY: [], CAPTION: [], BOILERPLATE: []}
    for line, label in zip(parts.lines, parts.labels, strict=True):
        by_label[label].append(line)
    assert all(line.strip() for line in by_label[BODY] + by_label[CAPTION])  # never blank
    assert parts.body() == "\n\n".join(line.strip() for line in by_label[BODY])
    stripped = {line.strip() for line in lines}
    assert all(line in stripped for line in parts.boilerplate())
    assert all(any(caption in line for line in stripped) for caption in parts.captions())
    return by_label


def _offsets(text: str, lines: list[str]) -> list[int]:
    """Return where each line is found in text, searching forward from the last one."""
    found, at = [], 0
    for line in lines:
        start = text.find(line.strip(), at)
        assert start >= 0, (line, text)
        found.append(start)
        at = start + len(line.strip())
    return found


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DUMPS)
def test_split_page_never_raises_and_body_lines_are_input_lines_in_order(text: str) -> None:
    body = _labelled(text)[BODY]
    for start, line in zip(_offsets(text, body), body, strict=True):
        assert 0 <= start <= start + len(line.strip()) <= len(text)
        assert text[start : start + len(line.strip())] == line.strip()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DUMPS, min_size=1, max_size=3), DUMPS)
def test_outlet_template_lines_never_break_the_cleaner(pages: list[str], text: str) -> None:
    template = template_lines([*pages, text], min_pages=1)
    by_label = _labelled(text, template)
    _offsets(text, by_label[BODY])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=40).filter(str.strip),
            st.floats(-60.0, 60.0, allow_nan=False),
        ),
        max_size=40,
    )
)
def test_label_lines_gives_one_label_per_line_for_any_scores(
    rows: list[tuple[str, float]],
) -> None:
    content = [line.strip() for line, _ in rows]
    labels = label_lines(content, [score for _, score in rows])
    assert len(labels) == len(content)
    assert set(labels) <= {BODY, CAPTION, BOILERPLATE}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120).filter(str.strip), max_size=30))
def test_feature_rows_are_finite_and_complete_for_any_lines(lines: list[str]) -> None:
    rows = feature_rows(lines, frozenset(lines[:2]))
    assert len(rows) == len(lines)
    width = len(LINE_FEATURES) + len(CONTEXT_FEATURES)
    assert all(len(row) == width and all(math.isfinite(v) for v in row) for row in rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DUMPS)
def test_extracting_a_text_dump_raises_only_storyline_errors(text: str) -> None:
    page = Page(source="dump.txt", content=text, kind="text")
    try:
        article = extract(page)
    except StorylineError:
        return
    stripped = {line.strip() for line in text.splitlines()}
    for paragraph in article.text.split("\n\n"):
        assert paragraph in stripped or any(paragraph in line for line in stripped), paragraph


def test_body_offsets_follow_the_input_in_a_realistic_dump() -> None:
    text = (
        "Home | World | Business\nCouncil approves ferry plan\nBy Ines Varga\n\n"
        "The council on Monday approved the new ferry schedule after months of debate, "
        "officials said, and the first boats will run in June.\n\n"
        '"We have waited long enough," Mayor Ines Varga told reporters at the town hall, '
        "adding that the plan was paid for.\n\nCopyright © 2024 Harbour Media Group.\n"
    )
    body = _labelled(text)[BODY]
    assert [line[:16] for line in body] == ["The council on M", '"We have waited ']
    starts = _offsets(text, body)
    assert starts == sorted(starts) and starts[0] == text.index("The council")
