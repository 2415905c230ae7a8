"""Features of the lines of a plain-text page dump, for the line classifier in ``textdump``.

Every function is pure Python and cheap: a page of a few hundred lines takes well under a
millisecond per feature. Features are floats named in ``LINE_FEATURES`` (one line alone) and
``CONTEXT_FEATURES`` (the line among its neighbours); empty lines are never passed in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

__all__ = [
    "CONTEXT_FEATURES",
    "LINE_FEATURES",
    "context_features",
    "feature_rows",
    "is_byline",
    "is_caption",
    "is_dateline_stamp",
    "is_signoff",
    "line_features",
    "word_count",
    "normalise",
]

# Frequent function words of the languages news dumps come in; density of these separates
# prose from menus better than length alone (jusText's main cue).
STOP_WORDS = frozenset(
    """a about after all also an and any are as at be because been before being but by can
    could did do does during each even for from had has have he her his how i if in into is
    it its just may me more most my no not now of on one only or other our out over said says
    she should so some such than that the their them then there these they this those through
    to up us was we were what when where which while who will with would you your
    de la le les des du et est un une pour dans que qui sur pas il elle au aux
    der die das und ist nicht mit den dem ein eine zu von auf für sich
    el los las y en por con para del una es se lo al como
    il di che e per non con una sono della nel
    и в не на что с по как это он она из у за от
    yang dan di ini itu dengan untuk dari dalam tidak akan""".split()
)
WORD = re.compile(r"\w+(?:['’]\w+)*")
# Chinese, Japanese and Korean scripts write no spaces: count two such characters as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CJK_END = re.compile(r"[。！？」』）]$")
COMMENT_HEAD = re.compile(
    r"\b(?:said|says|wrote|writes|replied|commented)\s*:\s*$|^\W*\d+\s+comments?\b|"
    r"^\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|^rating:|"
    r"^(?:leave a (?:reply|comment)|post a comment|comments?|reply|\d+ responses? to\b)",
    re.I,
)
PUNCT = re.compile(r"[^\w\s]")
DIGIT = re.compile(r"\d")
# Teaser lists glue a headline to its summary: "Steakhouse InTroyA party of six left".
GLUED = re.compile(r"[a-z.!?)’'][A-Z][a-z]")
SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*$|[.!?]\s*\([^()]{1,40}\)$""")
QUOTE = re.compile(r"[\"“”«»„]|(?:^|\s)['‘]\w")
URL_OR_MAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w+|\.(?:com|org|net|co\.\w+)\b", re.I)
MENU_WORDS = re.compile(
    r"\b(?:subscribe|subscription|sign ?in|sign ?up|log ?in|log ?out|newsletters?|cookies?|"
    r"privacy|terms of (?:use|service|sale)|copyright|all rights reserved|advertis\w*|"
    r"follow us|share (?:this|on)|facebook|twitter|instagram|linkedin|whatsapp|pinterest|"
    r"youtube|read more|related|most (?:popular|read|viewed)|latest (?:news|stories)|"
    r"trending|comments?|contact us|about us|home ?page|menu|skip to|back to top|go to|"
    r"click here|more stories|recommended|sponsored|loading|print|tags?|topics|sections?|"
    r"download|app store|google play|editor'?s pick|feedback|next article|previous article|"
    r"site ?map|careers|rss|e-?mail|search)\b",
    re.I,
)
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", re.I)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"  # English months
DATE = re.compile(
    rf"\b\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\b|\b\d{{1,2}}:\d{{2}}\b|"
    rf"\b{MONTH}\s+\d{{1,2}}\b,?(?:\s+\d{{4}})?|\b\d{{1,2}}\s+{MONTH}\s+\d{{4}}\b|"
    rf"\b(?:published|updated|posted|written|last modified)\b\s*:?",
    re.I,
)
STAMP_START = re.compile(
    r"^\W*(?:published|updated|posted|written|last (?:modified|updated)|date|datum)\b", re.I
)
BYLINE = re.compile(
    r"^(?:by|written by|posted by|story by|words by|reporting by|von|par|por|oleh)\s+"
    r"[\w@.'’-]",
    re.I,
)
EMAIL_SIGN = re.compile(r"\(?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?\s*$")
REPORTING_BY = re.compile(
    r"^\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|edited) by\b", re.I
)
# "Name Surname, Outlet News." or "Name Surname, KBS World Radio News." at a body's end.
SIGNOFF = re.compile(
    r"^[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){0,3},\s+(?:[A-Z][\w&.'’-]*\s*){1,6}"
    r"(?:News|Radio|Press|Times|Post|Herald|Report|Reports|TV|Agency|Correspondent)\.?$"
)
CAPTION_START = re.compile(
    r"^(?:photo|image|picture|pictured|caption|credit|file photo|above|below|top|left|right)"
    r"\s*(?::|\.\.\.|by\b|-|—)",
    re.I,
)
CAPTION_CUE = re.compile(
    r"\b(?:this (?:\w+ )?(?:photo|picture|image|file photo|handout photo)|"
    r"(?:combined|file|handout|undated|provided|released) (?:photo|picture|image)|"
    r"photo (?:shows|taken|provided|released|courtesy)|in this (?:\w+ )*photo|"
    r"(?:getty images|ap photo|afp photo|reuters/|shutterstock)\b)",
    re.I,
)
POSITION_MARK = re.compile(
    r"\((?:[RLC]|[Rr]ight|[Ll]eft|[Cc]ent(?:er|re)|2nd [LlRr]\w*|[Ff]ront)\)"
)
CREDIT_END = re.compile(r"\((?:[A-Z][\w.&/-]*(?:[ -][A-Z][\w.&/-]*){0,3})\)\s*$")

LINE_FEATURES = (
    "log_words",
    "log_chars",
    "stop_density",
    "punct_density",
    "sentence_end",
    "starts_upper",
    "title_case",
    "all_caps",
    "quote",
    "digit_ratio",
    "comma_rate",
    "url_or_mail",
    "menu_words",
    "copyright",
    "date",
    "byline",
    "caption",
    "comment_head",
    "glued",
    "long",
    "very_short",
    "template",
    "repeated",
    "position",
    "position_sq",
)
CONTEXT_FEATURES = (
    "prev_log_words",
    "next_log_words",
    "prev_sentence_end",
    "next_sentence_end",
    "window3_long",
    "window8_long",
    "window8_stop",
    "window8_menu",
    "log_gap_to_long",
    "before_first_long",
    "after_last_long",
    "after_comment_head",
)


def normalise(line: str) -> str:
    """Return a line folded for comparison: case-folded, digits as 0, spaces collapsed."""
    return re.sub(r"\d", "0", " ".join(line.split()).casefold())


def is_byline(line: str) -> bool:
    """Return whether a line is a byline, an e-mail sign-off or a reporting credit."""
    words = len(line.split())
    if words > 14:
        return False
    return bool(BYLINE.match(line) or REPORTING_BY.match(line) or EMAIL_SIGN.search(line))


def is_dateline_stamp(line: str) -> bool:
    """Return whether a short line is a publication stamp: a date, a time, "Updated: ..."."""
    if len(line.split()) > 14 or not DATE.search(line):
        return False
    if STAMP_START.match(line):
        return True
    rest = WORD.findall(DATE.sub(" ", line))
    return sum(1 for word in rest if not word.isdigit()) <= 2


def is_signoff(line: str) -> bool:
    """Return whether a line is a reporter's sign-off such as ``Name, KBS World Radio News.``."""
    return len(line.split()) <= 12 and bool(SIGNOFF.match(line.strip()))


def is_caption(line: str) -> bool:
    """Return whether a line reads as a photo caption or a photo credit."""
    text = line.strip()
    if CAPTION_START.match(text):
        return len(text.split()) <= 60
    if CAPTION_CUE.search(text, 0, 400):
        return True
    return bool(CREDIT_END.search(text[-48:]) and POSITION_MARK.search(text))


def word_count(line: str) -> tuple[list[str], float]:
    """Return the words of a line and its length in words, CJK characters counted as halves."""
    cjk = len(CJK.findall(line))
    if not cjk:
        words = WORD.findall(line)
        return words, float(len(words))
    words = WORD.findall(CJK.sub(" ", line))
    return words, len(words) + cjk / 2


def line_features(line: str, index: int, count: int, template: bool, repeated: bool) -> list[float]:
    """Return the ``LINE_FEATURES`` of one non-empty line at ``index`` of ``count`` lines."""
    words, n_words = word_count(line)
    n_chars = len(line)
    n_punct = len(PUNCT.findall(line))
    stops = sum(1 for word in words if word.casefold() in STOP_WORDS)
    capital = sum(1 for word in words if word[:1].isupper())
    digits = len(DIGIT.findall(line))
    position = index / max(1, count - 1)
    tail = line[-48:]  # end-anchored patterns only need the tail; long lines stay cheap
    ends = SENTENCE_END.search(tail) or CJK_END.search(tail)
    return [
        math.log1p(n_words),
        math.log1p(n_chars),
        stops / len(words) if words else 0.0,
        n_punct / n_chars,
        1.0 if ends else 0.0,
        1.0 if line[:1].isupper() or line[:1] in "\"“«‘'(" else 0.0,
        capital / len(words) if words else 0.0,
        1.0 if line.isupper() else 0.0,
        1.0 if QUOTE.search(line) else 0.0,
        digits / n_chars,
        line.count(",") / (n_words + 1),
        1.0 if URL_OR_MAIL.search(line) else 0.0,
        min(3.0, len(MENU_WORDS.findall(line, 0, 300))) / (1.0 + math.log1p(n_words)),
        1.0 if COPYRIGHT.search(line) else 0.0,
        1.0 if is_dateline_stamp(line) else 0.0,
        1.0 if is_byline(line) else 0.0,
        1.0 if is_caption(line) else 0.0,
        1.0 if COMMENT_HEAD.search(line) else 0.0,
        len(GLUED.findall(line)) / (1.0 + n_words),
        1.0 if n_words >= 15 else 0.0,
        1.0 if n_words <= 3 else 0.0,
        1.0 if template else 0.0,
        1.0 if repeated else 0.0,
        position,
        position * position,
    ]


def _window_mean(values: Sequence[float], index: int, radius: int) -> float:
    """Return the mean of ``values`` within ``radius`` of ``index``, the line itself left out."""
    low, high = max(0, index - radius), min(len(values), index + radius + 1)
    total = sum(values[low:high]) - values[index]
    return total / max(1, high - low - 1)


def context_features(rows: Sequence[Sequence[float]]) -> list[list[float]]:
    """Return the ``CONTEXT_FEATURES`` of every line from the line features of the page."""
    at = {name: i for i, name in enumerate(LINE_FEATURES)}
    log_words = [row[at["log_words"]] for row in rows]
    ends = [row[at["sentence_end"]] for row in rows]
    long = [row[at["long"]] for row in rows]
    stop = [row[at["stop_density"]] for row in rows]
    menu = [row[at["menu_words"]] for row in rows]
    longs = [i for i, flag in enumerate(long) if flag]
    first, last = (longs[0], longs[-1]) if longs else (len(rows), -1)
    gaps = _gaps_to_flagged(long)
    heads = [i for i, row in enumerate(rows) if row[at["comment_head"]]]
    first_head = heads[0] if heads else len(rows)
    out = []
    for i in range(len(rows)):
        out.append(
            [
                log_words[i - 1] if i else 0.0,
                log_words[i + 1] if i + 1 < len(rows) else 0.0,
                ends[i - 1] if i else 0.0,
                ends[i + 1] if i + 1 < len(rows) else 0.0,
                _window_mean(long, i, 3),
                _window_mean(long, i, 8),
                _window_mean(stop, i, 8),
                _window_mean(menu, i, 8),
                math.log1p(gaps[i]),
                1.0 if i < first else 0.0,
                1.0 if i > last else 0.0,
                1.0 if i > first_head else 0.0,
            ]
        )
    return out


def _gaps_to_flagged(flags: Sequence[float]) -> list[int]:
    """Return, for every position, the distance to the nearest flagged position (or len)."""
    size = len(flags)
    gaps = [size] * size
    last = -size
    for i, flag in enumerate(flags):
        if flag:
            last = i
        gaps[i] = i - last
    last = 2 * size
    for i in range(size - 1, -1, -1):
        if flags[i]:
            last = i
        gaps[i] = min(gaps[i], last - i, size)
    return gaps


def feature_rows(lines: Sequence[str], template: frozenset[str]) -> list[list[float]]:
    """Return ``LINE_FEATURES + CONTEXT_FEATURES`` for every line of a page (no empty lines)."""
    folded = [normalise(line) for line in lines]
    counts = Counter(folded)
    rows = [
        line_features(line, i, len(lines), key in template, counts[key] > 1)
        for i, (line, key) in enumerate(zip(lines, folded, strict=True))
    ]
    return [row + extra for row, extra in zip(rows, context_features(rows), strict=True)]
