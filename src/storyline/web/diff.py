"""Word diffs for display: one report of a quote against its fullest version, word by word.

The words are compared the way ``quotes.fidelity`` compares them (case, curly marks and
contractions do not count), but shown as the outlet printed them. A replacement that only
changes spelling ("We are" → "We're") is marked ``spelling``, not as a change of words.
Words the fullest version has beyond either end of this report are an excerpt's edges,
shown as one ``cut`` mark rather than as deletions.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from ..quotes.fidelity import normal_words

__all__ = ["word_diff", "bare"]

_MARKS = "\"'“”‘’«»„‚ \n\t"


def bare(text: str) -> str:
    """Return a quote's text without the quotation marks around it."""
    return text.strip().strip(_MARKS).strip()


@lru_cache(maxsize=1 << 16)  # words recur across a cluster's versions and its pages
def _key(word: str) -> str:
    """Return the comparison key of one printed word."""
    return " ".join(normal_words(word)) or word


def word_diff(fullest: str, version: str) -> list[dict[str, str]]:
    """Return the version's words as runs: equal, insert, delete, spelling or cut.

    Each run is ``{"op": …, "text": …}``; a ``spelling`` run also has ``"was"``, the
    fullest version's words it stands for.
    """
    a, b = bare(fullest).split(), bare(version).split()
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    runs: list[dict[str, str]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        edge = index == 0 or index == len(ops) - 1
        if tag == "equal":
            runs.append({"op": "equal", "text": new})
        elif tag == "delete" and edge:
            runs.append({"op": "cut", "text": "…"})
        elif tag == "delete":
            runs.append({"op": "delete", "text": old})
        elif tag == "insert":
            runs.append({"op": "insert", "text": new})
        elif " ".join(ka[i1:i2]) == " ".join(kb[j1:j2]):
            runs.append({"op": "spelling", "text": new, "was": old})
        else:
            runs.extend(({"op": "delete", "text": old}, {"op": "insert", "text": new}))
    return runs
