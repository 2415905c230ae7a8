"""Undated sentences placed on the publication day: the news lede and its narrative.

A news report's time of reference is its publication day until a time expression moves it
(Reichenbach's reference time; narrative progression in discourse). Two rules follow, both
for sentences with no time expression of their own:

* the lede: the first two sentences of the text report what happened as the article went
  out ("Airbus has won the contract"), unless their main verb is in the future tense;
* the narrative: after a sentence whose (last) stated date is the publication day, the
  following sentences in the past, present perfect or present tense stay on that day until
  a sentence states another time.

Sentences whose first tense marker is a future ("will", "is expected to") or that have no
verb we can see (outside the lede) are left undated. The tense read is the leftmost
marker of the sentence: in news prose the subject and its main verb come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from storyline.model import Event

__all__ = ["sentence_tense", "publication_sentences"]

_LEDE_SENTENCES = 2
# Irregular past forms that are not also present forms ("cut", "put", "set" are left out).
_IRREGULAR_PAST = "|".join(
    """arose ate awoke became began bled blew bore bought bound bred broke brought built
    burnt caught chose clung came crept dealt did drew drank drove dug fed fell felt fled flew
    fought forbade forgave forgot found froze gave got grew had heard held hid hung kept knelt
    knew laid led leapt left lent lit lost made meant met overtook paid ran rang rode rose
    said sang sank sat saw sent shook shot showed slept slid sold sought spent spoke sprang
    stood stole struck stuck strode swam swept swore swung taught thought threw told took tore
    understood was were went wept withdrew woke won wore wound wrote""".split()
)
_TENSES = (
    ("future", re.compile(
        r"\b(?:will|won't|shall|going to|plans? to|expected to|scheduled to|set to|due to|"
        r"(?:is|are) to)\b", re.IGNORECASE)),
    ("perfect", re.compile(
        r"\b(?:has|have)\s+(?:(?:not|also|now|already|just|since|\w+ly)\s+)*(?:been\s+)?"
        r"[a-z]+(?:ed|en|wn|un|ung|id|ad|ot|ne|de|t)\b", re.IGNORECASE)),
    ("past", re.compile(rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{2,}}ed)\b")),
    ("present", re.compile(r"\b(?:is|are|says|say|announces|reports|remains)\b")),
)  # fmt: skip
_LEDE_TENSES = frozenset({"past", "perfect", "present", None})
_NARRATIVE_TENSES = frozenset({"past", "perfect", "present"})


def sentence_tense(text: str) -> str | None:
    """Return the tense of a sentence's leftmost marker: future|perfect|past|present, or None."""
    marks = [
        (m.start(), rank, tense)
        for rank, (tense, pattern) in enumerate(_TENSES)
        for m in pattern.finditer(text)
    ]
    return min(marks)[2] if marks else None


def publication_sentences(
    text: str, spans: Sequence[tuple[int, int, bool]], stated: Sequence[Event], anchor: date | None
) -> list[tuple[int, int]]:
    """Return the undated sentences of the lede and of the narrative on the publication day.

    ``spans`` are the article's sentences as (start, end, has_time), date lines left out;
    ``stated`` are the events its time expressions gave; ``anchor`` is the publication day.
    """
    if anchor is None:
        return []
    day = anchor.isoformat()
    found: list[tuple[int, int]] = []
    focus = False
    for index, (start, end, has_time) in enumerate(spans):
        if has_time:
            inside = [e for e in stated if start <= e.start and e.end <= end]
            last = max(inside, key=lambda e: e.start) if inside else None
            focus = last is not None and last.date == day and last.end_date is None
            continue
        tense = sentence_tense(text[start:end])
        lede = index < _LEDE_SENTENCES and tense in _LEDE_TENSES
        if lede or (focus and tense in _NARRATIVE_TENSES):
            found.append((start, end))
    return found
