"""Corpus-level entity merging: the same person named in every outlet becomes one entity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from storyline.model import Entity, stable_id
from storyline.nlp.names import name_tokens, short_form_of

__all__ = ["merge_entities"]


def merge_entities(entities: Iterable[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """Return canonical entities across articles and a map from per-article id to canonical id.

    Names are merged by type: a full name absorbs its short forms ("Blinken" joins
    "Antony Blinken") only when exactly one full name fits, so a lone "Kim" beside several
    Kims stays apart, and a name never joins an entity of another type ("Moon" the
    president is not the moon).
    """
    groups: dict[tuple[str, tuple[str, ...]], list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[(entity.type, tuple(name_tokens(entity.name)) or (entity.name.lower(),))].append(
            entity
        )
    fulls = _longest_first(groups)
    target: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]] = {}
    for key in fulls:
        kind, tokens = key
        candidates = [
            other
            for other in fulls
            if other[0] == kind and len(other[1]) > len(tokens) and _short_of(tokens, other[1])
        ]
        roots = {target.get(c, c) for c in candidates}
        target[key] = roots.pop() if len(roots) == 1 else key
    merged: dict[tuple[str, tuple[str, ...]], list[Entity]] = defaultdict(list)
    for key, members in groups.items():
        merged[target[key]].extend(members)
    canonical, mapping = [], {}
    for members in merged.values():
        entity = _combine(members)
        canonical.append(entity)
        for member in members:
            mapping[member.id] = entity.id
    return canonical, mapping


def _longest_first(
    groups: dict[tuple[str, tuple[str, ...]], list[Entity]],
) -> list[tuple[str, tuple[str, ...]]]:
    """Return group keys with the longest names first, so full names settle before short ones."""
    return sorted(groups, key=lambda k: (-len(k[1]), k))


def _short_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Return True when the words ``short`` can name the person called ``full``."""
    return short_form_of(" ".join(short), " ".join(full))


def _combine(members: list[Entity]) -> Entity:
    """Return one canonical entity from per-article entities of the same referent."""
    name = max((m.name for m in members), key=lambda n: (len(name_tokens(n)), len(n), n))
    roles = tuple(dict.fromkeys(role for m in members for role in m.roles))
    aliases = tuple(dict.fromkeys(a for m in members for a in (m.name, *m.aliases) if a != name))
    kind = members[0].type
    return Entity(stable_id("e", kind, name), name, kind, roles, aliases)
