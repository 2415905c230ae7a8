"""Entities of one article: named mentions grouped under a canonical name, with roles.

``EntityIndex`` is the working table the quote attribution and the coreference rules share:
it answers "which entity is named at this offset" and "which people were named before it",
and turns into frozen ``Entity`` records at the end.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.model import Entity, Mention, stable_id
from storyline.nlp.names import (
    clean_name,
    gender_of_role,
    name_tokens,
    role_after,
    role_before,
    short_form_of,
    split_title,
)

__all__ = ["EntityDraft", "EntityIndex", "build_index", "KEPT_LABELS"]

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_NOT_NAMES = frozenset({"he", "she", "it", "they", "we", "i", "you", "moon", "sun", "state"})


@dataclass
class EntityDraft:
    """An entity while the article is being read: mentions and roles still accumulate."""

    type: str
    name: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None

    def add(self, mention: Mention) -> None:
        """Record a mention and its surface text as an alias when it differs from the name."""
        if all(m.start != mention.start for m in self.mentions):
            self.mentions.append(mention)
        alias = clean_name(mention.text) if mention.kind == "name" else _lower_first(mention.text)
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def add_role(self, role: str | None) -> None:
        """Record a role once, and the gender it implies when none is known yet."""
        if role and role not in self.roles:
            self.roles.append(role)
            self.gender = self.gender or gender_of_role(role)


@dataclass
class EntityIndex:
    """Entities of one article and their mentions sorted by offset."""

    text: str
    drafts: list[EntityDraft] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, EntityDraft]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def register(self, start: int, end: int, draft: EntityDraft, kind: str = "name") -> None:
        """Add a mention of ``draft`` at text[start:end]."""
        if any(s == start and e == end for s, e, _ in self.spans):
            return
        draft.add(Mention(start, end, self.text[start:end], kind))
        pos = bisect.bisect_left(self.starts, start)
        self.starts.insert(pos, start)
        self.spans.insert(pos, (start, end, draft))
        self.kinds.insert(pos, kind)

    def at(self, start: int, end: int) -> EntityDraft | None:
        """Return the entity whose mention covers most of text[start:end], if any."""
        pos = bisect.bisect_right(self.starts, end) - 1
        best, best_overlap = None, 0
        while pos >= 0 and self.spans[pos][0] > start - 200:
            s, e, draft = self.spans[pos]
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = draft, overlap
            pos -= 1
        return best

    def covering(self, start: int, end: int) -> EntityDraft | None:
        """Return the entity named by the last word of text[start:end] (the phrase's head)."""
        pos = bisect.bisect_right(self.starts, end) - 1
        while pos >= 0 and self.spans[pos][0] > start - 200:
            s, e, draft = self.spans[pos]
            if s >= start and s < end and e >= end - 1 and self.kinds[pos] == "name":
                return draft
            pos -= 1
        return None

    def named_before(
        self,
        pos: int,
        types: frozenset[str] = frozenset({"PERSON"}),
        kinds: tuple[str, ...] = ("name",),
    ) -> list[tuple[int, int, EntityDraft]]:
        """Return mentions of the given types and kinds that end before ``pos``, nearest last."""
        cut = bisect.bisect_left(self.starts, pos)
        return [
            span
            for span, kind in zip(self.spans[:cut], self.kinds[:cut], strict=True)
            if span[2].type in types and span[1] <= pos and kind in kinds
        ]

    def person_named(self, name: str, near: int) -> EntityDraft | None:
        """Return the person a (possibly partial) name refers to, nearest mention first."""
        title, bare = split_title(name)
        candidates = [d for d in self.drafts if d.type == "PERSON" and _same_person(bare, d.name)]
        if not candidates:
            return None
        return min(candidates, key=lambda d: _distance(d, near))

    def entities(self, article_id: str) -> tuple[tuple[Entity, ...], dict[int, str]]:
        """Return frozen entities and a map from draft identity to entity id."""
        out, ids = [], {}
        for draft in self.drafts:
            if not draft.mentions:
                continue
            entity_id = stable_id("e", article_id, draft.type, draft.name)
            ids[id(draft)] = entity_id
            mentions = tuple(sorted(draft.mentions, key=lambda m: m.start))
            out.append(
                Entity(
                    entity_id,
                    draft.name,
                    draft.type,
                    tuple(draft.roles),
                    tuple(draft.aliases),
                    mentions,
                )
            )
        return tuple(out), ids


def _lower_first(text: str) -> str:
    """Return a pronoun or description with its sentence-initial capital dropped."""
    first, _, rest = text.partition(" ")
    return (first.lower() + (" " + rest if rest else "")) if first in {"He", "She", "The"} else text


def _same_person(name: str, full: str) -> bool:
    """Return True when ``name`` is ``full`` or a short form of it."""
    return name_tokens(name) == name_tokens(full) or short_form_of(name, full)


def _distance(draft: EntityDraft, pos: int) -> int:
    """Return how far the nearest mention of a draft is from ``pos`` (preceding ones first)."""
    before = [pos - m.end for m in draft.mentions if m.end <= pos]
    if before:
        return min(before)
    return 100_000 + min((m.start - pos for m in draft.mentions), default=0)


# 'Said Okafor:' / 'Continued Stone:': a sentence-initial cue the tagger took into the name
_CUE_WORD = re.compile(
    r"^(?:Said|Says|Added|Adds|Continued|Continues|Stated|States|Asked|Asks|Wrote|Writes|"
    r"Explained|Noted|Argued|Replied|Recalled|Warned|Insisted)\s+(?=[A-Z])"
)


def build_index(text: str, ents: Iterable[tuple[int, int, str]]) -> EntityIndex:
    """Return the entity index of an article from NER spans (start, end, label)."""
    index = EntityIndex(text)
    named = []
    for start, end, label in ents:
        if label not in KEPT_LABELS:
            continue
        while (more := re.match(r"-[^\W\d_]+", text[end : end + 30])) is not None:
            end += more.end()  # "Moon Jae" + "-in"
        title, bare = (
            split_title(text[start:end]) if label == "PERSON" else ("", clean_name(text[start:end]))
        )
        bare = _CUE_WORD.sub("", bare) if label == "PERSON" else bare
        if not bare or bare.lower() in _NOT_NAMES or not any(c.isupper() for c in bare):
            continue
        offset = text.find(bare, start, end)
        named.append((offset if offset >= 0 else start, end, label, title, bare))
    named = [_relabel(text, item) for item in named]
    people = _person_names(named)
    genders = _name_genders(text, named)
    for start, end, label, title, bare in named:
        if label != "PERSON" and any(short_form_of(bare, full) for full in people):
            label = "PERSON"  # a surname the tagger took for a place or an organisation
        people_here = people
        if (gender := _courtesy_gender(text, start) or genders.get(bare)) is not None:
            # "Mr. Obama" is not "the first lady, Michelle Obama"
            people_here = [n for n in people if genders.get(n) in (None, gender)]
        draft = _draft_for(index, label, bare, start, people_here)
        index.register(start, min(end, start + len(bare)), draft)
        if label == "PERSON":
            draft.add_role(
                title if title and title.lower() not in {"mr.", "mr", "ms.", "mrs."} else None
            )
            draft.add_role(role_before(text, start))
            draft.add_role(role_after(text, end))
            draft.gender = draft.gender or gender_of_role(title)
    return index


_PERSON_TITLE = re.compile(
    r"\b(?:Mayor|Senator|Sen\.|Rep\.|Gov\.|Governor|President|Minister|Secretary|Mr\.|Mrs\.|Ms\.|"
    r"Dr\.|spokesman|spokeswoman|Chancellor|Ambassador|Judge|General|Director|Chairman|Chairwoman)\s*$"
)
_ORG_NAME = re.compile(
    r"\b(?:Department|Ministry|Office|Agency|Party|Committee|Council|Bank|Inc|Corp|Group)\b"
)


def _relabel(text: str, item: tuple[int, int, str, str, str]) -> tuple[int, int, str, str, str]:
    """Return a mention relabelled PERSON when a personal title precedes a two-word name."""
    start, end, label, title, bare = item
    if (
        label in ("ORG", "GPE", "NORP")
        and 2 <= len(bare.split()) <= 3
        and not _ORG_NAME.search(bare)
    ):
        if _PERSON_TITLE.search(text[max(0, start - 20) : start]):
            return start, end, "PERSON", title, bare
    return item


_COURTESY = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s+$")


def _name_genders(text: str, named: list[tuple[int, int, str, str, str]]) -> dict[str, str]:
    """Return the gender titles give person names: a full name by its title or a role just
    before it ("the first lady, Michelle Obama"), a bare surname by its courtesy titles ("Mr.
    Obama", none when both "Mr." and "Mrs." are used)."""
    found: dict[str, set[str]] = {}
    for start, _, label, title, bare in named:
        if label != "PERSON":
            continue
        if len(name_tokens(bare)) > 1:
            before = text[max(0, start - 40) : start].split("\n")[-1].split(".")[-1]
            gender = gender_of_role(title) or gender_of_role(before)
        else:
            gender = gender_of_role(title) or _courtesy_gender(text, start)
        if gender is not None:
            found.setdefault(bare, set()).add(gender)
    return {name: next(iter(seen)) for name, seen in found.items() if len(seen) == 1}


def _courtesy_gender(text: str, start: int) -> str | None:
    """Return the gender of a courtesy title right before a name ("Mr. ", "Mrs. ")."""
    courtesy = _COURTESY.search(text[max(0, start - 8) : start])
    return gender_of_role(courtesy.group()) if courtesy else None


def _person_names(named: list[tuple[int, int, str, str, str]]) -> list[str]:
    """Return the full person names of an article, longest first."""
    names = {bare for _, _, label, _, bare in named if label == "PERSON"}
    return sorted(names, key=lambda n: (-len(name_tokens(n)), -len(n)))


def _draft_for(
    index: EntityIndex, label: str, bare: str, start: int, people: list[str]
) -> EntityDraft:
    """Return the draft a name mention belongs to, creating it when it is new."""
    if label == "PERSON":
        fulls = [n for n in people if n != bare and short_form_of(bare, n)]
        if fulls:
            drafts = [d for d in index.drafts if d.type == "PERSON" and d.name in fulls]
            if drafts:
                return min(drafts, key=lambda d: _distance(d, start))
            bare = fulls[0]
    key = name_tokens(bare)
    for draft in index.drafts:
        if (draft.type == label or {draft.type, label} <= {"GPE", "LOC"}) and name_tokens(
            draft.name
        ) == key:
            return draft
    draft = EntityDraft(label, bare)
    index.drafts.append(draft)
    return draft
