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

import numpy as np

__all__ = [
    "CONTEXT_FEATURES",
    "LINE_FEATURES",
    "content_words",
    "context_features",
    "feature_matrix",
    "caption_flags",
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
    r"^(?:\W*\d+\s+comments?\b|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|"
    r"rating:|leave a (?:reply|comment)\b|post a comment\b|\d+ responses? to\b|"
    r"(?:comments?|reply|replies)\s*(?:\(?\d+\)?)?\s*:?$)",
    re.I,
)
COMMENT_SAID = re.compile(r"\b(?:said|says|wrote|writes|replied|commented)\s*:\s*$", re.I)
PUNCT = re.compile(r"[^\w\s]")
DIGIT = re.compile(r"\d")
# Teaser lists glue a headline to its summary: "Steakhouse InTroyA party of six left".
GLUED = re.compile(r"[a-z.!?)’'][A-Z][a-z]")
SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*$|[.!?]\s*\([^()]{1,40}\)$""")
QUOTE = re.compile(r"[\"“”«»„]|(?:^|\s)['‘]\w")
URL_OR_MAIL = re.compile(r"https?://|www\.|@[\w-]+\.\w|\.(?:com|org|net|co\.\w+)\b", re.I)
# Words and word pairs of menus, share bars and footers, looked up among a line's words.
MENU_TERMS = frozenset(
    """subscribe subscription signin signup login logout newsletter newsletters cookie cookies
    privacy copyright facebook twitter instagram linkedin whatsapp pinterest youtube related
    trending comment comments homepage menu recommended sponsored loading print tag tags topics
    section sections download feedback sitemap careers rss email search""".split()
)
MENU_PAIRS = frozenset(
    tuple(pair.split("+"))
    for pair in """sign+in sign+up log+in log+out terms+of rights+reserved follow+us share+this
    share+on read+more most+popular most+read most+viewed latest+news latest+stories contact+us
    about+us home+page skip+to back+to go+to click+here more+stories app+store google+play
    editor's+pick editors+pick next+article previous+article site+map e+mail""".split()
)
MENU_REACH = 60  # words: menus say what they are up front
COPYRIGHT = re.compile(r"\(c\)\s*\d{4}")
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
CAPTION_WORDS = ("photo", "picture", "image", "getty", "reuters/", "shutterstock")
POSITION_MARK = re.compile(
    r"\((?:[RLC]|[Rr]ight|[Ll]eft|[Cc]ent(?:er|re)|2nd [LlRr]\w*|[Ff]ront)\)"
)
CREDIT_END = re.compile(r"\((?:[A-Z][\w.&/-]*(?:[ -][A-Z][\w.&/-]*){0,3})\)\s*$")
# "(Image: GETTY)", "Credit: Getty - Contributor", "[File: Reuters]": a photo's credit at the end.
CREDIT_TAIL = re.compile(
    r"\((?:image|photo|picture|pic|credit|source|video)s?(?: credit)?\s*:[^()]{1,80}\)$|"
    r"\bcredit(?:\s*:|\.\.\.|…)\s*\w[^.]{0,60}$|\[(?:file|photo|image|picture)s?\s*:[^\]]{1,60}\]$",
    re.I,
)
# "... in Braunau am Inn, Austria. Leonhard Foeger / Reuters file": a credit after a sentence.
CREDIT_SLASH = re.compile(
    r"[.!?)”\"]\s+[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){0,3}\s?/\s?[A-Z][\w&.-]*"
    r"(?:\s[A-Z][\w&.-]*){0,4}(?:\s(?:file|via getty images))?$"
)
# A credit on a line of its own, "(Image credit: NASA)", follows the caption it belongs to.
CREDIT_LINE = re.compile(
    r"^[(\[](?:image|photo|picture|pic|credit|source|video)s?(?: credit)?\s*:[^()]{1,80}[)\]]$",
    re.I,
)
MIN_CAPTION_WORDS = 4
# A gallery's captions are numbered: "2 of 4 A shopper looks at extension cords ...".
GALLERY = re.compile(r"^\d{1,3} of \d{1,3}\s+\S")
# Teaser cards glue a headline to its summary: "... At Troy SteakhouseA party of six left".
GLUED_START = re.compile(
    r"[a-z0-9?!](?:A|An|The|In|On|At|It|Its|This|That|These|For|If|When|After|As|With|He|"
    r"She|They|We|His|Her|What|How|Why|Who)\s"
)
TEASER_TAIL = re.compile(
    r"\b\d+\s+(?:comments?|replies|views?|shares?|likes?)$|"
    r"\b(?:\d+|an?)\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?)\s+ago$",
    re.I,
)
LIST_MARK = re.compile(r"^(?:[*•·▪►›»–-]\s|\d{1,2}[.)]\s|\(\d{1,2}\)\s|[a-z][.)]\s)")

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
    "title_like",
    "glued_headline",
    "teaser_tail",
    "ellipsis_end",
    "colon_end",
    "list_mark",
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
    "word_position",
    "word_share",
    "prev2_log_words",
    "next2_log_words",
    "window2_long",
    "window20_long",
    "window3_title",
    "since_colon",
    "comment_heads_before",
    "in_core",
    "before_core",
    "after_core",
    "colon_list",
    "breaks_from_core",
    "core_overlap",
    "core_overlap2",
    "page_overlap",
)


def normalise(line: str) -> str:
    """Return a line folded for comparison: case-folded, digits as 0, spaces collapsed."""
    return re.sub(r"\d", "0", " ".join(line.split()).casefold())


def is_byline(line: str) -> bool:
    """Return whether a line is a byline, an e-mail sign-off or a reporting credit."""
    words = len(line.split())
    if words > 14:
        # "By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated ...": a byline and stamp.
        return words <= 24 and bool(BYLINE.match(line)) and bool(DATE.search(line))
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
    head = text[:400].lower()
    if any(cue in head for cue in CAPTION_WORDS) and CAPTION_CUE.search(text, 0, 400):
        return True
    if GALLERY.match(text):
        return True
    end = text[-100:]
    if (end.endswith((")", "]")) or "redit" in end) and CREDIT_TAIL.search(end):
        return len(text.split()) <= 60
    if "/" in end and CREDIT_SLASH.search(end):
        return len(text.split()) <= 60
    return end.endswith(")") and bool(CREDIT_END.search(end) and POSITION_MARK.search(text))


def caption_flags(lines: Sequence[str], known: Sequence[bool] | None = None) -> list[bool]:
    """Return, for every line, whether it is a caption: ``is_caption`` (or ``known``), or
    the line just before a credit that stands on a line of its own."""
    flags = list(known) if known is not None else [is_caption(line) for line in lines]
    for k in range(len(lines) - 1):
        if not flags[k] and lines[k + 1].endswith((")", "]")) and CREDIT_LINE.match(lines[k + 1]):
            flags[k] = len(lines[k].split()) >= MIN_CAPTION_WORDS
    return flags


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
    folded = [word.lower() for word in words]
    low = line.lower()
    n_chars = len(line)
    n_punct = len(PUNCT.findall(line))
    stops = sum(map(STOP_WORDS.__contains__, folded))
    capital = sum(1 for word in words if word[:1].isupper())
    digits = len(DIGIT.findall(line))
    position = index / max(1, count - 1)
    tail = line[-48:]  # end-anchored patterns only need the tail; long lines stay cheap
    ends = SENTENCE_END.search(tail) or CJK_END.search(tail)
    menu = folded[:MENU_REACH]
    menu_hits = sum(map(MENU_TERMS.__contains__, menu)) + sum(
        map(MENU_PAIRS.__contains__, zip(menu, menu[1:], strict=False))
    )
    copyright = "©" in line or "copyright" in low or "rights reserved" in low
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
        1.0 if ("." in line or "@" in line) and URL_OR_MAIL.search(line) else 0.0,
        min(3.0, menu_hits + ("advertis" in low)) / (1.0 + math.log1p(n_words)),
        1.0 if copyright or ("(c)" in low and COPYRIGHT.search(low)) else 0.0,
        1.0 if is_dateline_stamp(line) else 0.0,
        1.0 if is_byline(line) else 0.0,
        1.0 if is_caption(line) else 0.0,
        1.0 if COMMENT_HEAD.match(line) or COMMENT_SAID.search(tail) else 0.0,
        len(GLUED.findall(line)) / (1.0 + n_words),
        1.0 if n_words >= 15 else 0.0,
        1.0 if n_words <= 3 else 0.0,
        1.0 if template else 0.0,
        1.0 if repeated else 0.0,
        position,
        position * position,
        1.0 if not ends and n_words >= 3 and capital >= 0.7 * len(words) else 0.0,
        1.0 if _glued_headline(line) else 0.0,
        1.0 if TEASER_TAIL.search(tail) else 0.0,
        1.0 if tail.endswith(("...", "…")) else 0.0,
        1.0 if tail.endswith((":", "：")) else 0.0,
        1.0 if LIST_MARK.match(line) else 0.0,
    ]


def _glued_headline(line: str) -> bool:
    """Return whether a headline in title case runs into a sentence with no space between."""
    for match in GLUED_START.finditer(line, 0, 300):
        head = line[: match.start() + 1].split()
        if len(head) >= 3:
            capital = sum(1 for word in head if word[:1].isupper() or not word[:1].isalpha())
            if capital >= 0.6 * len(head):
                return True
    return False


def context_features(
    rows: Sequence[Sequence[float]] | np.ndarray, vocab: Sequence[frozenset[str]] | None = None
) -> np.ndarray:
    """Return the ``CONTEXT_FEATURES`` of every line (one row each) from its line features.

    ``vocab`` holds each line's ``content_words``; without it the lines share no words.
    """
    x = np.asarray(rows, dtype=float).reshape(-1, len(LINE_FEATURES))
    size = len(x)
    col = {name: x[:, i] for i, name in enumerate(LINE_FEATURES)}
    log_words, ends, long = col["log_words"], col["sentence_end"], col["long"]
    words = np.expm1(log_words)
    index = np.arange(size)
    longs = np.flatnonzero(long)
    first, last = (longs[0], longs[-1]) if len(longs) else (size, -1)
    heads = col["comment_head"] > 0
    first_head = np.argmax(heads) if heads.any() else size
    # The core is where long lines of finished sentences cluster; teaser summaries cut
    # short ("...") do not count, or a long list of them would pass for the article.
    core_start, core_end = _core((long * ends * (1 - col["ellipsis_end"])).tolist())
    # Menu-like short lines ("Related", "Share this") passed on the way from the core.
    breaks = np.concatenate(
        [[0], np.cumsum((col["menu_words"] > 0) & (log_words <= SHORT_LOG_WORDS))]
    )
    crossed = np.where(
        index < core_start,
        breaks[core_start] - breaks[index + 1],
        np.where(index >= core_end, breaks[index] - breaks[core_end], 0),
    )
    colon = np.where(col["colon_end"] > 0, index, -100)
    last_colon = _before(np.maximum.accumulate(colon) if size else colon, -100)
    topics = _overlaps(vocab or [frozenset()] * size, core_start, core_end)
    total_words = max(1.0, float(words.sum()))
    columns = [
        _shift(log_words, 1),
        _shift(log_words, -1),
        _shift(ends, 1),
        _shift(ends, -1),
        _window(long, 3),
        _window(long, 8),
        _window(col["stop_density"], 8),
        _window(col["menu_words"], 8),
        np.log1p(_gaps_to_flagged(long.tolist())),
        index < first,
        index > last,
        index > first_head,
        _before(np.cumsum(words)) / total_words,
        words / total_words,
        _shift(log_words, 2),
        _shift(log_words, -2),
        _window(long, 2),
        _window(long, 20),
        _window(col["title_like"], 3),
        np.log1p(np.minimum(20, index - last_colon)),
        np.log1p(_before(np.cumsum(heads))),
        (index >= core_start) & (index < core_end),
        np.log1p(np.maximum(0, core_start - index)),
        np.log1p(np.maximum(0, index - core_end + 1)),
        _colon_lists(log_words, col["colon_end"], col["comment_head"]),
        np.log1p(crossed),
    ]
    return np.column_stack([*columns, topics]) if size else np.zeros((0, len(CONTEXT_FEATURES)))


def _shift(values: np.ndarray, by: int) -> np.ndarray:
    """Return values moved ``by`` places down (the previous line's) or up, zeros at the ends."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def _before(running: np.ndarray, start: float = 0.0) -> np.ndarray:
    """Return a running total as it stood before each line (``start`` before the first)."""
    return np.concatenate([[start], running[:-1]]) if len(running) else running


def _window(values: np.ndarray, radius: int) -> np.ndarray:
    """Return the mean within ``radius`` of each line, the line itself left out."""
    sums = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(len(values))
    low = np.maximum(0, index - radius)
    high = np.minimum(len(values), index + radius + 1)
    return (sums[high] - sums[low] - values) / np.maximum(1, high - low - 1)


def content_words(line: str) -> frozenset[str]:
    """Return the lower-cased words of a line that carry its topic (no stop words, 3+ letters)."""
    return frozenset(word for word in WORD.findall(line.lower()) if len(word) > 2) - STOP_WORDS


def _overlaps(
    vocab: Sequence[frozenset[str]], core_start: int, core_end: int
) -> list[tuple[float, float, float]]:
    """Return, per line, the share of its words found in the core (once, twice) and elsewhere.

    Body lines talk about what the article's core talks about; menus, teasers for other
    stories and comment boilerplate mostly do not.
    """
    core: Counter[str] = Counter()
    for words in vocab[core_start:core_end]:
        core.update(words)
    page: Counter[str] = Counter()
    for words in vocab:
        page.update(words)
    # Words seen in the core at least n times; a core line does not count its own words.
    seen = [frozenset(word for word, count in core.items() if count >= n) for n in (1, 2, 3)]
    repeated = frozenset(word for word, count in page.items() if count > 1)
    out = []
    for i, words in enumerate(vocab):
        if not words:
            out.append((0.0, 0.0, 0.0))
            continue
        once, twice = seen[1:] if core_start <= i < core_end else seen[:2]
        size = len(words)
        out.append(
            (len(words & once) / size, len(words & twice) / size, len(words & repeated) / size)
        )
    return out


SHORT_LOG_WORDS = math.log1p(5)
LIST_LOG_WORDS = math.log1p(40)
MIN_INTRO_LOG_WORDS = math.log1p(3)


def _colon_lists(log_words: np.ndarray, colon_end: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Return 1.0 for lines of a list introduced by a line ending in a colon ("dates:")."""
    flags = np.zeros(len(log_words))
    inside = False
    for i, (size, colon, is_head) in enumerate(
        zip(log_words.tolist(), colon_end.tolist(), head.tolist(), strict=True)
    ):
        if inside and size <= LIST_LOG_WORDS and not is_head:
            flags[i] = 1.0
        else:
            inside = False
        if colon and size >= MIN_INTRO_LOG_WORDS:
            inside = not is_head
    return flags


def _core(prose: Sequence[float]) -> tuple[int, int]:
    """Return the (start, end) of the stretch richest in prose lines: the article's core."""
    best, current, start, span = 0.0, 0.0, 0, (0, 0)
    for k, flag in enumerate(prose):
        value = 1.0 if flag else -0.35
        current, start = (value, k) if current <= 0 else (current + value, start)
        if current > best:
            best, span = current, (start, k + 1)
    return span


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


CAPTION = LINE_FEATURES.index("caption")
MARKER_REPEATS = 3
MARKER_LOG_WORDS = math.log1p(3)


def feature_rows(lines: Sequence[str], template: frozenset[str]) -> list[list[float]]:
    """Return ``LINE_FEATURES + CONTEXT_FEATURES`` for every line of a page (no empty lines)."""
    return feature_matrix(lines, template).tolist()  # type: ignore[no-any-return]


def feature_matrix(lines: Sequence[str], template: frozenset[str]) -> np.ndarray:
    """Return the features of ``feature_rows`` as one array, a row per line."""
    folded = [normalise(line) for line in lines]
    counts = Counter(folded)
    rows = np.array(
        [
            line_features(line, i, len(lines), key in template, counts[key] > 1)
            for i, (line, key) in enumerate(zip(lines, folded, strict=True))
        ],
        dtype=float,
    ).reshape(-1, len(LINE_FEATURES))
    rows[:, CAPTION] = caption_flags(lines, (rows[:, CAPTION] > 0).tolist())
    vocab = [content_words(line) for line in lines]
    context = context_features(rows, vocab)
    # Markers an outlet sprinkles between paragraphs ("Advertisement" eight times) are seen
    # through: the lines around them are judged by their neighbours without them.
    kept = [
        i
        for i, key in enumerate(folded)
        if counts[key] < MARKER_REPEATS or rows[i, 0] > MARKER_LOG_WORDS
    ]
    if len(kept) < len(rows):
        context[kept] = context_features(rows[kept], [vocab[i] for i in kept])
    return np.hstack([rows, context])
