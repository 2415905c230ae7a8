"""How faithfully one report of a quote reproduces the fullest version of the same words.

Both texts are reduced to words the same way (``normal_words``): lowercase, straight
marks, contractions expanded ("We're" → "we are", "ball's" → "ball is"), punctuation
dropped. An ellipsis or a bracketed insertion ("[the president]") is an honest editorial
gap: the words it stands for may differ without the quote counting as altered. Only the
stretch both reports cover is compared, so a faithful excerpt is never "altered".

A text that holds quotation marks is compared by its spoken words only (``spoken``): the
stretches inside the marks, so an attribution inside a quote ('"We are ready," said the
minister. "Nobody should doubt it."') or the reported words around a partial quote are
not taken for words of the speaker.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from storyline.quotes.find import QUOTE_CHARS, find_marked

__all__ = ["Fidelity", "compare", "normal_words", "surface_words", "spoken", "GAP"]

GAP = "\x00gap"  # stands for an ellipsis or a bracketed insertion in a word list

_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": " ... ",
    }
)
_WHOLE = {
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'m", " am"))
_HAS_AFTER = {"been", "got", "gotten", "had"}  # "he's been" is "he has been"
_ATTACHED_BRACKET = re.compile(r"\[(\w{1,3})\](?=\w)|(?<=\w)\[(\w{1,3})\]")
_GAP_MARK = re.compile(r"\.\s*\.\s*\.|\[[^\]]*\]|\(\.\.\.\)")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Fidelity:
    """The verdict on one report: identical, orthographic (spelling only) or altered."""

    status: str  # identical | orthographic | altered
    diff: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def spoken(text: str) -> str:
    """Return the words inside the quotation marks of a text, or the whole text if it has none.

    Curly and straight marks both count; a paragraph that reopens a running quotation with
    a repeated opening mark continues it, and a mark never closed runs to the end.
    """
    stretches = []
    for mark in find_marked(text):
        inner = text[mark.start + 1 : mark.end - 1 if mark.closed else mark.end]
        inner = " ".join(inner.translate({ord(c): " " for c in QUOTE_CHARS}).split())
        if inner:
            stretches.append(inner)
    return " ".join(stretches) if stretches else text


def _straighten(text: str) -> str:
    """Return the text in NFKC with straight quote marks, plain dashes and '...' ellipses."""
    text = unicodedata.normalize("NFKC", text.translate(_MARKS))
    # "[W]e" and "lie[s]" are capitalisation or grammar fixes, not insertions: keep letters
    return _ATTACHED_BRACKET.sub(lambda m: m.group(1) or m.group(2), text)


def _expand(word: str, following: str | None) -> list[str]:
    """Return the words a (lowercase, straight-apostrophe) token stands for."""
    word = word.strip("'")
    if word in _WHOLE:
        return _WHOLE[word].split()
    for suffix, full in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)] + full).split()
    if word.endswith("'s") and len(word) > 2:
        return [word[:-2], "has" if following in _HAS_AFTER else "is"]
    if word.endswith("'d") and len(word) > 2:
        return [word[:-2], "had" if following in _HAS_AFTER else "would"]
    return [word.replace("'", "")] if word else []


def normal_words(text: str, gaps: bool = False) -> list[str]:
    """Return the quote's words for matching; with ``gaps`` an ellipsis or [insertion] is GAP."""
    words: list[str] = []
    for i, piece in enumerate(_GAP_MARK.split(_straighten(text).lower())):
        if i and gaps and (not words or words[-1] != GAP):
            words.append(GAP)
        tokens = _WORD.findall(piece)
        for j, token in enumerate(tokens):
            words.extend(_expand(token, tokens[j + 1] if j + 1 < len(tokens) else None))
    while gaps and words and words[-1] == GAP:
        words.pop()
    if gaps and words and words[0] == GAP:
        words.pop(0)
    return [w for w in words if w]


def surface_words(text: str) -> list[str]:
    """Return the words as printed (case and apostrophes kept), marks straightened."""
    return _WORD.findall(_straighten(text))


def _is_run(short: list[str], long: list[str]) -> bool:
    """Return whether ``short`` occurs as a contiguous run inside ``long``."""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _inner_ops(a: list[str], b: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Return the word-diff operations inside the stretch both lists cover."""
    ops = [op for op in Indel.opcodes(a, b)]
    merged: list[tuple[str, list[str], list[str]]] = []
    for op in ops:
        tag, wa, wb = op.tag, a[op.src_start : op.src_end], b[op.dest_start : op.dest_end]
        if merged and merged[-1][0] != "equal" and tag != "equal":
            _, pa, pb = merged[-1]
            merged[-1] = ("replace", pa + wa, pb + wb)
        else:
            merged.append((tag, wa, wb))
    # words one report has beyond the other's ends are outside the overlap, not changes
    while merged and merged[0][0] != "equal" and (not merged[0][1] or not merged[0][2]):
        merged.pop(0)
    while merged and merged[-1][0] != "equal" and (not merged[-1][1] or not merged[-1][2]):
        merged.pop()
    return [_label(tag, wa, wb) for tag, wa, wb in merged if tag != "equal"]


def _label(tag: str, wa: list[str], wb: list[str]) -> tuple[str, list[str], list[str]]:
    """Return the operation named for what happened: elided, replace, insert or delete."""
    if GAP in wb:
        return ("elided", wa, [w for w in wb if w != GAP])
    if not wa:
        return ("insert", wa, wb)
    if not wb:
        return ("delete", wa, wb)
    return ("replace", wa, wb)


def compare(fullest: str, other: str) -> Fidelity:
    """Return how faithfully ``other`` reproduces the spoken words of ``fullest`` where they overlap.

    Both texts are reduced to their spoken words first (see ``spoken``).
    """
    fullest, other = spoken(fullest), spoken(other)
    a, b = normal_words(fullest), normal_words(other, gaps=True)
    diff = _inner_ops(a, b)
    if not any(w != GAP for w in b) or not a:
        return Fidelity("altered" if a or b else "identical", diff)
    if any(op != "elided" for op, _, _ in diff):
        return Fidelity("altered", diff)
    if not diff and GAP not in b and _is_run(surface_words(other), surface_words(fullest)):
        return Fidelity("identical", [])
    return Fidelity("orthographic", diff)
