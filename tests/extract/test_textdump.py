"""Behaviour of the plain-text page-dump cleaner on synthetic dumps."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from storyline.extract.lines import (
    COMMENT_HEAD,
    CONTEXT_FEATURES,
    LINE_FEATURES,
    caption_flags,
    feature_matrix,
    feature_rows,
    is_caption,
)
from storyline.extract.textdump import (
    DumpParts,
    LineModel,
    Trees,
    _main_region,
    _smooth,
    split_page,
    template_lines,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "textdump"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _body_lines(parts: DumpParts) -> list[str]:
    return [line for line, label in zip(parts.lines, parts.labels, strict=True) if label == "body"]


@pytest.fixture(scope="module")
def wire() -> DumpParts:
    return split_page(_page("wire_story.txt"))


@pytest.fixture(scope="module")
def broadcast() -> DumpParts:
    return split_page(_page("broadcast.txt"))


def test_every_line_gets_one_label(wire: DumpParts) -> None:
    text = _page("wire_story.txt")
    assert len(wire.lines) == len(wire.labels) == len(text.splitlines())
    assert set(wire.labels) <= {"body", "caption", "boilerplate"}


def test_wire_body_starts_and_ends_at_the_article(wire: DumpParts) -> None:
    body = _body_lines(wire)
    assert body[0].startswith("The Northbridge city council on Monday approved")
    assert body[-1].startswith("Still, Reyes said two leased vessels")
    assert len(body) == 7


def test_menu_and_footer_lines_are_not_body(wire: DumpParts) -> None:
    body = wire.body()
    for line in ("Harbor", "MOST POPULAR", "Subscribe", "Copyright Harbor Media Group."):
        assert line not in body.splitlines()
    assert "Rowing club wins regional title" not in body


def test_headline_byline_and_date_stamp_are_boilerplate(wire: DumpParts) -> None:
    boilerplate = wire.boilerplate()
    assert "Council approves new ferry schedule after months of debate" in boilerplate
    assert "By Mara Lindqvist" in boilerplate
    assert any(line.startswith("Published : Mar 11, 2024") for line in boilerplate)


def test_repeated_photo_caption_is_one_caption(wire: DumpParts) -> None:
    assert wire.captions() == (
        "Commuters wait at the east pier terminal in Northbridge on Sunday. (Northbridge Times)",
    )


def test_body_paragraphs_are_separated_by_a_blank_line(wire: DumpParts) -> None:
    paragraphs = wire.body().split("\n\n")
    assert len(paragraphs) == 7
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in paragraphs)


def test_empty_lines_are_boilerplate(wire: DumpParts) -> None:
    for line, label in zip(wire.lines, wire.labels, strict=True):
        if not line.strip():
            assert label == "boilerplate"


def test_broadcast_body_keeps_sound_bites_between_paragraphs(broadcast: DumpParts) -> None:
    body = _body_lines(broadcast)
    assert body[0].startswith("Anchor: The union representing ferry crews")
    assert body[-1].startswith("The agency says the late crossings are needed")
    assert "[Sound bite: Harbor director Tomas Reyes]" in body


def test_reporter_signoff_and_cookie_notice_are_not_body(broadcast: DumpParts) -> None:
    body = broadcast.body()
    assert "Priya Natarajan, Harbor Ledger Radio News." not in body
    assert "cookies" not in body
    assert "Written: 2024-03-12" not in body


def test_photo_credit_line_is_a_caption(broadcast: DumpParts) -> None:
    assert broadcast.captions() == ("Photo : HARBOR LEDGER",)


def test_caption_with_position_mark_inside_body_is_caption() -> None:
    text = _page("wire_story.txt").replace(
        "The vote passed by nine to four",
        "Council speaker Ines Vollmer (L) and harbor director Tomas Reyes shake hands after "
        "the vote in this file photo taken on March 11, 2024. (Northbridge Times)\n\n"
        "The vote passed by nine to four",
    )
    parts = split_page(text)
    assert any("shake hands" in caption for caption in parts.captions())
    assert "shake hands" not in parts.body()


def test_caption_written_twice_on_one_line_is_given_once() -> None:
    caption = "Ferry crews rally at the east pier on Tuesday. (Harbor Ledger)"
    text = _page("wire_story.txt").replace(
        "Commuters wait at the east pier terminal in Northbridge on Sunday. (Northbridge Times)\n"
        "Commuters wait at the east pier terminal in Northbridge on Sunday. (Northbridge Times)",
        f"Photo : {caption} Photo : {caption}",
    )
    assert split_page(text).captions() == (f"Photo : {caption}",)


def test_email_signoff_at_the_end_is_not_body() -> None:
    text = _page("wire_story.txt").replace(
        "\nMOST POPULAR", "\nBy Mara Lindqvist (mlindqvist@northbridge.example)\n\nMOST POPULAR"
    )
    assert "mlindqvist" not in split_page(text).body()


def test_empty_page_has_no_body() -> None:
    parts = split_page("\n\n   \n")
    assert parts.body() == ""
    assert set(parts.labels) == {"boilerplate"}


def test_menu_only_page_keeps_no_menu_run_as_body() -> None:
    menu = "\n".join(["Home", "Local", "Sports", "Weather", "Subscribe", "Contact Us"] * 3)
    body = split_page(menu).body()
    assert len(body.splitlines()) <= 3


def test_template_lines_are_lines_shared_by_pages_of_an_outlet() -> None:
    first, second = _page("wire_story.txt"), _page("wire_story.txt").replace("ferry", "bus")
    third = "Home\nSomething else entirely\n"
    shared = template_lines([first, second, third], min_pages=2)
    assert "markets" in shared
    assert "home" in shared
    assert "something else entirely" not in shared
    assert template_lines([first, third], min_pages=3) == frozenset()


def test_template_lines_keep_body_when_menus_are_known(wire: DumpParts) -> None:
    text = _page("wire_story.txt")
    shared = template_lines([text, "\n".join(text.splitlines()[:19])])
    assert split_page(text, shared).body() == wire.body()


def test_advertisement_markers_between_paragraphs_do_not_cut_the_body() -> None:
    text = _page("wire_story.txt")
    for start in ("The vote passed", '"This is the schedule', "Harbor director Tomas", "Critics"):
        text = text.replace(start, f"Advertisement\n{start}", 1)
    parts = split_page(text)
    body = _body_lines(parts)
    assert body[0].startswith("The Northbridge city council on Monday approved")
    assert body[-1].startswith("Still, Reyes said two leased vessels")
    assert "Advertisement" not in body


def test_a_menu_item_named_comment_is_not_a_comment_section() -> None:
    text = _page("wire_story.txt").replace("Opinion\n", "Comment & Opinion\n", 1)
    assert split_page(text).body() == split_page(_page("wire_story.txt")).body()


def test_comment_section_heads_are_whole_short_lines() -> None:
    for head in ("Comments", "Comments (12)", "12 Comments", "Reply", "Leave a Reply"):
        assert COMMENT_HEAD.match(head), head
    for line in ("Comment & Opinion", "Commentary: the ferry vote", "Replying to critics"):
        assert not COMMENT_HEAD.match(line), line


def test_photo_credits_make_captions() -> None:
    assert is_caption("Protesters gather outside the terminal on Sunday (Image: GETTY)")
    assert is_caption("The old customs hall in Northbridge. Leonhard Foeger / Reuters file")
    assert is_caption("The mayor at the pier. Credit... Ines Holm/The Northbridge Times")
    assert is_caption("2 of 4 Commuters wait at the east pier terminal on Sunday.")
    assert not is_caption("The council approved the schedule on Monday, officials said.")


def test_the_line_above_a_credit_of_its_own_is_a_caption() -> None:
    lines = [
        "An artist's concept of the new ferry terminal at the east pier.",
        "(Image credit: Northbridge Port Authority)",
        "The council approved the schedule on Monday, officials said.",
    ]
    assert caption_flags(lines) == [True, True, False]


def test_a_weak_line_at_the_page_end_does_not_stick_to_the_body() -> None:
    # Every stretch of body pays the run cost once: leaving it at the last line is free.
    assert _smooth([3.0, 3.0, -0.5], switch_cost=2.0) == [True, True, False]
    assert _smooth([-0.5, 3.0, 3.0], switch_cost=2.0) == [False, True, True]
    assert _smooth([3.0, -0.5, 3.0], switch_cost=2.0) == [True, True, True]


def test_a_weak_run_between_strong_ones_does_not_end_the_body() -> None:
    # The run at index 3 is too weak to keep on its own; the body goes on beyond it.
    model = LineModel((), 0.0, 0.0, 1.0, keep_fraction=0.2, max_gap=5)
    scores = [8.0, 8.0, -5.0, 2.0, -5.0, -5.0, 9.0, 9.0, -5.0]
    flags = _smooth(scores, model.switch_cost)
    assert flags == [True, True, False, True, False, False, True, True, False]
    assert _main_region(scores, flags, model) == flags


def test_feature_matrix_matches_feature_rows() -> None:
    lines = [line.strip() for line in _page("wire_story.txt").splitlines() if line.strip()]
    matrix = feature_matrix(lines, frozenset())
    assert matrix.shape == (len(lines), len(LINE_FEATURES) + len(CONTEXT_FEATURES))
    assert matrix.tolist() == feature_rows(lines, frozenset())


def test_trees_walk_each_line_to_a_leaf_and_survive_json() -> None:
    # One stump on feature 1 (left leaf -1.0 when <= 0.5, right leaf +2.0) and one lone leaf.
    trees = Trees(
        feature=np.array([1, 0, 0, 0]),
        threshold=np.array([0.5, math.inf, math.inf, math.inf]),
        left=np.array([1, 1, 2, 3]),
        right=np.array([2, 1, 2, 3]),
        value=np.array([0.0, -1.0, 2.0, 0.25]),
        roots=np.array([0, 3]),
        depth=1,
        offset=0.5,
    )
    rows = np.array([[9.0, 0.0], [9.0, 0.5], [0.0, 0.75]])
    assert trees.log_odds(rows).tolist() == [-0.25, -0.25, 2.75]
    again = Trees.from_json(json.loads(json.dumps(trees.to_json())))
    assert again.log_odds(rows).tolist() == trees.log_odds(rows).tolist()
