"""Find quotation spans, sound-bite headers and the stretches of text worth parsing.

Everything here works on the raw article text with regular expressions and character
scans, so it is cheap enough to run on every paragraph before any parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.nlp.cues import SPEECH_LEMMAS
from storyline.nlp.dates import said_on

__all__ = [
    "MarkSpan",
    "SoundBite",
    "paragraphs",
    "sentences",
    "find_marked",
    "find_sound_bites",
    "find_turns",
    "Turn",
    "candidate_chunks",
    "looks_like_title",
    "is_direct",
    "continuation",
    "bite_details",
    "title_context",
    "has_cue",
    "SPEECH_LEMMAS",
    "QUOTE_CHARS",
]

QUOTE_CHARS = '"“”«»„'
OPENERS = "“«„"
CLOSERS = "”»"

_CUE_WORDS = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|according to|"
    r"stat(?:e|es|ed)|explain(?:s|ed)?|announc(?:e|es|ed)|claim(?:s|ed)?|argu(?:e|es|ed)|"
    r"warn(?:s|ed)?|stress(?:es|ed)?|insist(?:s|ed)?|not(?:e|es|ed)|wr(?:ite|ites|ote)|"
    r"ask(?:s|ed)?|repl(?:y|ies|ied)|respond(?:s|ed)?|declar(?:e|es|ed)|asserted|"
    r"acknowledg(?:e|es|ed)|admit(?:s|ted)?|suggest(?:s|ed)?|describ(?:e|es|ed)|"
    r"confirm(?:s|ed)?|den(?:y|ies|ied)|tweet(?:s|ed)?|emphasi[sz](?:e|es|ed)|urg(?:e|es|ed)|"
    r"pointed out|recall(?:s|ed)?|called|calls|reiterat(?:e|es|ed)|reaffirm(?:s|ed)?|"
    r"vow(?:s|ed)?|promis(?:e|es|ed)|accus(?:e|es|ed)|predict(?:s|ed)?|concede[sd]?|"
    r"contend(?:s|ed)?|complain(?:s|ed)?|believ(?:e|es|ed)|think(?:s)?|thought|hop(?:e|es|ed)|"
    r"echo(?:es|ed)|highlight(?:s|ed)?|charg(?:e|es|ed)|alleg(?:e|es|ed)|blast(?:s|ed)|"
    r"slamm?(?:s|ed)?|prais(?:e|es|ed)|touted|dismiss(?:es|ed)|reject(?:s|ed)?)\b",
    re.IGNORECASE,
)
# Verbs of belief and finding that report a clause ("polls show that", "she believes"):
# cheap to look for, so sentences with them are parsed for indirect attributions.
_BELIEF_WORDS = re.compile(
    r"\b(?:show(?:s|ed|n)?|f(?:ound|inds?)|reveal(?:s|ed)?|kn(?:ow|ows|ew)|expect(?:s|ed)?|"
    r"fe(?:el|els|lt)|worr(?:y|ies|ied)|underst(?:and|ands|ood)|learn(?:s|ed)?|"
    r"remember(?:s|ed)?|decid(?:e|es|ed)|estimat(?:e|es|ed)|agree[sd]?)\b",
    re.IGNORECASE,
)
_SOUND_BITE = re.compile(
    r"^[ \t]*\[\s*(?:sound ?bite|soundbite|sot)\s*:\s*(?P<body>[^\]\n]+)\]", re.I | re.M
)
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.:&-]*|of|the|and|a|an|in|on|at|to|for|with|or|&)$")
_TITLE_LEFT = re.compile(
    r"(?:'s|’s|\b(?:book|show|program|programme|film|movie|series|song|album|titled|"
    r"entitled|dubbed|named|nicknamed|newspaper|magazine|column|ship|vessel|episode|"
    r"operation|campaign|slogan|hashtag|the|on|of))\s*$",
    re.I,
)


@dataclass(frozen=True)
class MarkSpan:
    """A stretch between quotation marks: ``start``/``end`` include the marks."""

    start: int
    end: int
    closed: bool = True  # False when a paragraph ended before a closing mark


@dataclass(frozen=True)
class SoundBite:
    """A transcript header ``[Sound bite: SPEAKER (DATE, VENUE)]`` and the quote after it."""

    header_start: int
    header_end: int
    speaker: str
    speaker_start: int
    speaker_end: int
    details: str  # what the parentheses hold: date, venue, translation note
    quote_start: int
    quote_end: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every non-blank line, whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((match.start() + lead, match.start() + lead + len(stripped)))
    return spans


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return sentence spans in text[start:end], never splitting inside quotation marks."""
    spans, begin, depth = [], start, 0
    marks = _mark_positions(text, start, end)
    for match in _SENT_END.finditer(text, start, end):
        cut = match.start()
        depth = sum(1 for pos in marks if pos < cut) % 2
        if depth == 0 and not _is_abbreviation(text, begin, cut):
            spans.append((begin, cut))
            begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


def _mark_positions(text: str, start: int, end: int) -> list[int]:
    """Return the positions of double quotation marks in a stretch (openers and closers)."""
    return [i for i in range(start, end) if text[i] in QUOTE_CHARS]


def _is_abbreviation(text: str, begin: int, cut: int) -> bool:
    """Return True when the full stop before ``cut`` ends a title or an initial, not a sentence."""
    word = re.search(r"(\S+)\s*$", text[begin:cut])
    token = word.group(1).rstrip('"”’)') if word else ""
    return bool(
        re.fullmatch(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|U\.S|[A-Z])\.", token)
    )


def find_marked(text: str) -> list[MarkSpan]:
    """Return every quotation in text, joining a quote that runs over several paragraphs.

    A paragraph that ends inside an open quotation continues into the next paragraph when
    that one starts with an opening mark (the newspaper convention); otherwise the
    quotation is closed at the end of its paragraph.
    """
    found: list[MarkSpan] = []
    text = _mask_markup(text)
    paras = paragraphs(text)
    open_at: int | None = None
    for index, (start, end) in enumerate(paras):
        spans, dangling = _marks_in_paragraph(text, start, end, open_at)
        found.extend(spans)
        open_at = None
        if dangling is not None:
            nxt = paras[index + 1][0] if index + 1 < len(paras) else None
            if nxt is not None and text[nxt] in OPENERS + '"':
                open_at = dangling
            else:
                found.append(MarkSpan(dangling, end, closed=False))
    return [span for span in found if span.end - span.start > 2]


# a markup tag left in scraped text ('<tweet author="X" id="1">'): its attribute values
# are not quotations
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]{0,300})?/?>")


def _mask_markup(text: str) -> str:
    """Return text with the quotation marks inside markup tags blanked (same length)."""
    if "<" not in text:
        return text
    return _MARKUP_TAG.sub(
        lambda m: "".join(" " if c in QUOTE_CHARS else c for c in m.group()), text
    )


def _marks_in_paragraph(
    text: str, start: int, end: int, carried: int | None
) -> tuple[list[MarkSpan], int | None]:
    """Return the closed quotations of one paragraph and where a still-open one began."""
    spans: list[MarkSpan] = []
    open_at = carried
    for i in range(start, end):
        char = text[i]
        if char not in QUOTE_CHARS or (carried is not None and i == start):
            continue  # the repeated opening mark of a continued paragraph is no closer
        if open_at is None and (char in OPENERS or (char in '"”' and _opens(text, i, start))):
            open_at = i
        elif open_at is not None and (
            _closes(text[open_at], char)
            or (char == "”" and '"' not in text[i + 1 : end])  # '"A,” he said': typo closer
        ):
            spans.append(MarkSpan(open_at, i + 1))
            open_at = None
    return spans, open_at


def _closes(opener: str, char: str) -> bool:
    """Return True when ``char`` closes a quotation opened by ``opener`` (a straight quote
    only closes a straight one, so a curly quotation nested in it stays inside)."""
    if opener == '"':
        return char == '"'
    return char in CLOSERS or char == '"'


def _opens(text: str, i: int, para_start: int) -> bool:
    """Return True when a straight quote (or a ” typed for “) at ``i`` opens a quotation."""
    if text[i] == "”":  # a closing mark opens only where a word follows it
        return (
            (i == para_start or text[i - 1].isspace())
            and i + 1 < len(text)
            and text[i + 1].isalnum()
        )
    return i == para_start or not text[i - 1].isalnum() or text[i - 1] in "([{—–-:"


@dataclass(frozen=True)
class Turn:
    """A transcript paragraph ``PENCE: words``: the label names the speaker."""

    label: str
    label_start: int
    label_end: int
    start: int
    end: int


_TURN = re.compile(
    r"^[ \t]*[\"“]?(?P<label>[A-Z][A-Z.'’ -]{1,30}[A-Z.]):[ \t]+(?P<body>\S[^\n]*)$", re.M
)


def find_turns(text: str) -> list[Turn]:
    """Return transcript turns: paragraphs that open with an upper-case name and a colon."""
    turns = []
    for match in _TURN.finditer(text):
        body_end = match.end("body")
        while body_end > match.start("body") and text[body_end - 1] in QUOTE_CHARS + " ":
            body_end -= 1  # an unclosed mark repeated at each paragraph of the transcript
        if match.group("label").strip() in (
            "UPDATE",
            "NOTE",
            "EDITOR'S NOTE",
            "WATCH",
            "READ MORE",
        ):
            continue
        turns.append(
            Turn(
                match.group("label"),
                match.start("label"),
                match.end("label"),
                match.start("body"),
                body_end,
            )
        )
    return turns


def find_sound_bites(text: str) -> list[SoundBite]:
    """Return sound-bite headers with the span of the quoted lines that follow each one."""
    bites = []
    for match in _SOUND_BITE.finditer(text):
        body = match.group("body").strip()
        body_start = match.start("body") + (
            len(match.group("body")) - len(match.group("body").lstrip())
        )
        paren = body.find("(")
        speaker = body[:paren].strip() if paren > 0 else body
        details = body[paren + 1 :].rstrip(")").strip() if paren > 0 else ""
        quote = _lines_after(text, match.end())
        if quote is None:
            continue
        bites.append(
            SoundBite(
                header_start=match.start(),
                header_end=match.end(),
                speaker=speaker,
                speaker_start=body_start,
                speaker_end=body_start + len(speaker),
                details=details,
                quote_start=quote[0],
                quote_end=quote[1],
            )
        )
    return bites


def _lines_after(text: str, pos: int) -> tuple[int, int] | None:
    """Return the span of the consecutive lines after ``pos`` that open with a quote mark."""
    start = end = None
    cursor = pos
    for line in text[pos:].split("\n"):
        body = line.strip()
        lead = len(line) - len(line.lstrip())
        line_start, cursor = cursor, cursor + len(line) + 1
        if not body:
            if start is not None:
                break
            continue
        if body[0] not in QUOTE_CHARS:
            break
        start = line_start + lead if start is None else start
        end = line_start + lead + len(body)
    return (start, end) if start is not None and end is not None else None


def looks_like_title(text: str, span: MarkSpan) -> bool:
    """Return True for a name in quotation marks (a show, a book, a nickname), not speech."""
    inner = text[span.start + 1 : span.end - 1].strip(" ,.")
    words = inner.split()
    if not words or len(words) > 8 or re.search(r"[,.!?;]\s", inner):
        return False
    capitalised = all(_TITLE_WORD.match(w) for w in words) and words[0][0].isupper()
    left = text[max(0, span.start - 30) : span.start]
    return capitalised and (len(words) <= 4 or bool(_TITLE_LEFT.search(left)))


def title_context(text: str, start: int) -> bool:
    """Return True when the words before ``start`` announce a title ("ABC's", "the book")."""
    return bool(_TITLE_LEFT.search(text[max(0, start - 30) : start]))


def has_cue(text: str, start: int, end: int) -> bool:
    """Return True when text[start:end] contains a speech verb or "according to"."""
    return _CUE_WORDS.search(text, start, end) is not None or (
        _BELIEF_WORDS.search(text, start, end) is not None
    )


def candidate_chunks(text: str) -> list[tuple[int, int]]:
    """Return the stretches worth parsing: runs of sentences with a quote mark or a cue.

    The sentence before a candidate is kept when it ends with a colon (``He said:``).
    """
    chunks: list[tuple[int, int]] = []
    paras = paragraphs(text)
    for index, (start, end) in enumerate(paras):
        sents = sentences(text, start, end)
        keep = [_is_candidate(text, s, e) for s, e in sents]
        for i in range(len(sents) - 1):
            if keep[i + 1] and text[sents[i][0] : sents[i][1]].rstrip().endswith(":"):
                keep[i] = True
        if index + 1 < len(paras) and _introduces(text, end, paras[index + 1][0]):
            keep[-1] = True  # 'The Times reports:' before a quoted paragraph
        chunks.extend(_runs(sents, keep))
    return chunks


def _introduces(text: str, end: int, next_start: int) -> bool:
    """Return True when a paragraph ending at ``end`` with a colon precedes a quotation."""
    return text[end - 1] == ":" and text[next_start] in QUOTE_CHARS


def _is_candidate(text: str, start: int, end: int) -> bool:
    """Return True when a sentence holds a quotation mark or a speech cue."""
    return any(c in QUOTE_CHARS for c in text[start:end]) or has_cue(text, start, end)


def _runs(sents: list[tuple[int, int]], keep: list[bool]) -> Iterator[tuple[int, int]]:
    """Yield merged spans of consecutive kept sentences."""
    run: tuple[int, int] | None = None
    for (start, end), wanted in zip(sents, keep, strict=True):
        if wanted:
            run = (run[0], end) if run else (start, end)
        elif run:
            yield run
            run = None
    if run:
        yield run


_ATTRIBUTION_STARTS = frozenset(
    "he she they we i it the a an according adding says said and".split()
)
_SPEECH_WORD = re.compile(
    r"(?:say|said|says|add|told|tell|ask|wrote|writes|explain|continu|repl|respond|recall|note|insist|argu|warn|stress)"
)


def is_direct(text: str, mark: MarkSpan) -> bool:
    """Return True when a quotation opens its sentence or follows "said:" / "said,"."""
    line_start = max(text.rfind("\n", 0, mark.start) + 1, mark.start - 2000)  # bounded: no O(n²)
    before = text[line_start : mark.start]
    cut = max((m.end() for m in re.finditer(r"[.!?][\"”’)]*\s+", before)), default=0)
    pre = before[cut:].strip()
    inner = text[mark.start + 1 : mark.end].lstrip()
    if not pre or pre.endswith(":"):
        return True
    if re.search(r"\bthat,$", pre):
        return False
    return pre.endswith(",") and inner[:1].isupper() and len(inner.split()) > 3


def continuation(text: str, mark: MarkSpan, cue_start: int | None) -> int:
    """Return where a quote's content ends: past the closing mark when the sentence goes on.

    '"You squeezed employees to the breaking point" to drive up the stock price, she said'
    reports the words after the mark too (a mixed quote), up to the attribution.
    """
    stop = re.compile(r"[.!?](?=\s|$)|\n").search(text, mark.end)
    stop_at = stop.start() if stop else len(text)
    tail = text[mark.end : stop_at]
    first = re.match(r"\s+([a-z$0-9][\w'’-]*)", tail)
    if not first or first.group(1) in _ATTRIBUTION_STARTS or _SPEECH_WORD.match(first.group(1)):
        return mark.end
    if cue_start is not None and mark.end <= cue_start < stop_at:
        stop_at = cue_start
    return mark.end + len(text[mark.end : stop_at].rstrip(" ,;:―—–-"))


def bite_details(details: str, published: str | None) -> tuple[str | None, str | None]:
    """Return (said_on, venue) from a header's parentheses: "May 23, ABC's This Week"."""
    day, venue = None, None
    for part in re.split(r"[,/;]", details):
        part = part.strip()
        if not part or "translat" in part.lower():
            continue
        found = re.match(r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})\b", part)
        if found and day is None:
            day = said_on(found.group(), published)
            part = part[found.end() :].strip()
        if part and venue is None:
            venue = part
    return day, venue
