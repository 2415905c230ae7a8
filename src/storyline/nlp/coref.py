"""Our own coreference rules: pronouns, surnames and titles resolved to a named entity.

No coreference model installs offline, so these rules do the common newsroom cases:

- "he" / "she" → the first compatible person of the nearest preceding sentence that names
  one (the sentence's subject is usually named first), gender from titles when known;
- "the top US diplomat", "the minister", "the new secretary" → the nearest person whose
  role shares the title noun (a diplomat is a secretary of state, a foreign minister, an
  ambassador or an envoy), else the nearest person;
- "the department", "the ministry" → the nearest organisation with that word in its name.
"""

from __future__ import annotations

import bisect
import re

from storyline.nlp.entities import EntityDraft, EntityIndex
from storyline.nlp.names import ROLE_NOUNS

__all__ = [
    "sentence_starts",
    "resolve_pronoun",
    "resolve_nominal",
    "resolve_mention",
    "link_mentions",
    "PRONOUNS",
]

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
_PLURAL = frozenset({"they", "them", "their", "we", "us", "our"})
_RELATED = {
    "diplomat": (
        "secretary of state",
        "foreign minister",
        "ambassador",
        "envoy",
        "diplomat",
        "foreign affairs",
    ),
    "official": ROLE_NOUNS,
    "envoy": ("envoy", "representative", "ambassador"),
    "leader": (
        "president",
        "leader",
        "prime minister",
        "chairman",
        "premier",
        "chancellor",
        "king",
    ),
    "nominee": ("nominee", "candidate"),
    "candidate": ("nominee", "candidate"),
    "lawmaker": (
        "senator",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "rep.",
        "sen.",
    ),
    "ambassador": ("ambassador", "envoy", "representative"),
    "expert": ("professor", "analyst", "director", "fellow", "researcher", "expert", "scholar"),
    "analyst": ("professor", "analyst", "director", "fellow", "researcher", "expert", "scholar"),
}
_ROLE_ALT = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
NOMINAL = re.compile(
    r"\b[Tt]he\s+(?:(?:new|former|top|senior|chief|then|current|outgoing|incoming|veteran|"
    r"[A-Z][\w.]*|U\.S\.|US|UK|foreign|state|republican|democratic|\w+-\w+)\s+){0,3}"
    rf"(?P<head>{_ROLE_ALT})\b(?!\s+(?:of\s+)?[A-Z])",
)
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")


def sentence_starts(text: str) -> list[int]:
    """Return the offsets where sentences begin (rough, but quote-mark agnostic)."""
    starts = [0]
    starts.extend(
        m.end() for m in re.finditer(r"(?:[.!?][\"”’)]*\s+|\n+)(?=[\"“‘(]?[A-Z0-9])", text)
    )
    return starts


def _compatible(draft: EntityDraft, gender: str | None) -> bool:
    """Return True when a person's known gender does not contradict the pronoun's."""
    return gender is None or draft.gender in (None, gender)


def _first_in_nearest_sentence(
    index: EntityIndex, pos: int, ok: object, starts: list[int]
) -> EntityDraft | None:
    """Return the first person accepted by ``ok`` in the nearest sentence that mentions one."""
    kinds = ("name", "nominal", "pronoun")
    named = [span for span in index.named_before(pos, kinds=kinds) if ok(span[2])]  # type: ignore[operator]
    if not named:
        return None
    last_start = named[-1][0]
    sentence = starts[bisect.bisect_right(starts, last_start) - 1]
    in_sentence = [span for span in named if span[0] >= sentence]
    return in_sentence[0][2]


def resolve_pronoun(
    index: EntityIndex, word: str, pos: int, starts: list[int] | None = None
) -> EntityDraft | None:
    """Return the person a singular pronoun at ``pos`` refers to, or None."""
    gender = PRONOUNS.get(word.lower())
    if word.lower() in _PLURAL or gender is None:
        return None
    starts = starts if starts is not None else sentence_starts(index.text)
    return _first_in_nearest_sentence(index, pos, lambda d: _compatible(d, gender), starts)


def resolve_nominal(index: EntityIndex, phrase: str, pos: int) -> EntityDraft | None:
    """Return the entity a definite description ("the top US diplomat") refers to, or None.

    People whose roles share the description's title noun win, the ones whose roles also
    share its nationality ("US", "South Korean") first; the nearest of equals wins.
    """
    words = re.findall(r"[\w.-]+", phrase.lower())
    if not words:
        return None
    head = words[-1]
    if head not in ROLE_NOUNS and head not in _RELATED:
        return _organisation(index, head, pos)
    wanted = _RELATED.get(head, (head,))
    marks = {_norm(w) for w in re.findall(r"\b[A-Z][\w.]*", phrase)}
    people = index.named_before(pos)
    best, best_score = None, 0
    for rank, (_, _, draft) in enumerate(people):
        roles = " ".join(draft.roles).lower()
        if not any(re.search(rf"\b{re.escape(w)}\b", roles) for w in wanted):
            continue
        score = 10 + 5 * len(
            marks & {_norm(w) for w in re.findall(r"[\w.]+", " ".join(draft.roles))}
        )
        if score * 1000 + rank > best_score:
            best, best_score = draft, score * 1000 + rank
    if best is not None:
        return best
    if head in ROLE_NOUNS and people and head not in ("president", "leader"):
        return people[-1][2]
    return _organisation(index, head, pos)


def _organisation(index: EntityIndex, head: str, pos: int) -> EntityDraft | None:
    """Return the nearest organisation named before ``pos`` whose name has the word ``head``."""
    for _, _, draft in reversed(index.named_before(pos, frozenset({"ORG"}))):
        if head in draft.name.lower().split():
            return draft
    return None


def _norm(word: str) -> str:
    """Return a nationality mark without dots and case: "U.S." → "us"."""
    return word.replace(".", "").lower()


def resolve_mention(
    index: EntityIndex, text: str, start: int, starts: list[int] | None = None
) -> tuple[EntityDraft | None, str]:
    """Return (entity, kind) for a speaker mention: a name, a pronoun or a description."""
    lowered = text.lower().strip()
    if lowered in PRONOUNS or lowered in _PLURAL:
        named = index.at(start, start + len(text))
        return named or resolve_pronoun(index, lowered, start, starts), "pronoun"
    named = index.covering(start, start + len(text))
    if named is not None:
        return named, "name"
    if text[:1].isupper() and lowered.split()[0] != "the":
        person = index.person_named(text, start)
        if person is not None:
            return person, "name"
    return resolve_nominal(index, text, start), "nominal"


def link_mentions(index: EntityIndex, skip: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
    """Add the article's pronoun and title mentions (outside quotations) to their entities."""
    starts = sentence_starts(index.text)
    found = [(m, "nominal") for m in NOMINAL.finditer(index.text)]
    found += [(m, "pronoun") for m in PRONOUN.finditer(index.text)]
    for match, kind in sorted(found, key=lambda f: f[0].start()):
        if any(a <= match.start() < b for a, b in skip):
            continue
        if kind == "nominal":
            draft = resolve_nominal(index, match.group(), match.start())
        else:
            draft = resolve_pronoun(index, match.group(), match.start(), starts)
        if draft is not None and draft.type == "PERSON":
            index.register(match.start(), match.end(), draft, kind=kind)
