"""Reading the dependency parse: speech verbs, their subjects, speaker phrases and venues."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from storyline.nlp.cues import ATTRIBUTION_LEMMAS, DIRECT_LEMMAS, SPEECH_LEMMAS, word_forms

__all__ = [
    "SPEECH_LEMMAS",
    "coarse",
    "lemma_of",
    "Chunk",
    "Cue",
    "chunk_at",
    "cue_near",
    "governing_cue",
    "reported_span",
    "quote_clause",
    "reporting_subject",
    "indirect_cues",
    "is_speech_verb",
    "subject_of",
    "antecedent_of",
    "speaker_mention",
    "setting_of",
]

QUOTE_CHARS = '"“”«»„'


_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday""".split()
)
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_VENUE_WORDS = re.compile(
    r"\b(?:interview|conference|briefing|statement|speech|show|program|programme|hearing|rally|"
    r"debate|tweet|post|appearance|address|broadcast|podcast|radio|television|tv|op-ed|"
    r"letter|forum|summit|meeting|session|remarks|news|this week|face the nation|meet the press)\b",
    re.I,
)


_FINE_TO_COARSE = {
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "NN": "NOUN",
    "NNS": "NOUN",
    "POS": "PART",
    "RP": "PART",
    "TO": "PART",
    "MD": "AUX",
    "PRP": "PRON",
    "PRP$": "PRON",
    "JJ": "ADJ",
}
_LEMMAS = {
    form: lemma
    for lemma in sorted(ATTRIBUTION_LEMMAS | DIRECT_LEMMAS | {"go", "label", "dub", "brand", "refer"})
    for form in word_forms(lemma)
}


def coarse(token: Token) -> str:
    """Return a token's universal part of speech, read from its fine tag when none is set."""
    if token.pos_:
        return token.pos_
    tag = token.tag_
    return "VERB" if tag.startswith("VB") else _FINE_TO_COARSE.get(tag, "X")


def lemma_of(token: Token) -> str:
    """Return a token's lemma: the tagger's when set, else ours for cue verbs, else the word."""
    return token.lemma_.lower() or _LEMMAS.get(token.lower_, token.lower_)


def is_speech_verb(token: Token, lemmas: frozenset[str] = SPEECH_LEMMAS) -> bool:
    """Return True for a speech verb (one of ``lemmas``), or "according" of "according to"."""
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.children)
    if coarse(token) not in ("VERB", "AUX") or token.dep_ == "amod":
        return False
    return lemma_of(token) in lemmas or (
        token.lower_ in _RETORTS and any(c.lower_ == "back" for c in token.children)
    )


# 'Trump shot back', 'she fired back', 'he wrote back': a retort speaks with its particle
_RETORTS = frozenset(
    form for lemma in ("shoot", "fire", "hit", "write", "snap", "strike") for form in word_forms(lemma)
)


def subject_of(verb: Token, quoted: Callable[[Token], bool] | None = None) -> Token | None:
    """Return the token naming who speaks: the subject, or the object of "according to".

    ``quoted`` tells which tokens lie inside quotation marks: a subject there is no speaker.
    A participle set off by a comma ("..., saying") belongs to the main clause, not to a
    relative clause the parser hung it on; "footage of Clinton asking" gives the name before
    the participle; 'Said Ellis:' the name after a sentence-initial cue.
    """
    if verb.lower_ == "according":
        for to in verb.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if (shown := _shown_speaking(verb)) is not None:
        return shown
    participle = verb.tag_ == "VBG" and doc_before(verb) in (",", "while", "before", "after")
    current = verb
    if _added_to_reported(verb):
        # 'Lee said it was too early but added, "..."': the parser joined "added" to the
        # reported clause; it goes with "said"
        current = verb.head.head
    for _ in range(8):
        if participle and current.i != verb.i and _relative_clause(current):
            outer = _clause_of(current.head)
            if outer is None:
                break
            current = outer
            continue
        subjects = [
            named
            for c in current.children
            if (c.dep_ in _SUBJECTS or _compound_subject(c))
            and not (quoted and quoted(c))
            and (named := _past_dateline(c)) is not None
        ]
        if subjects:
            # '― Trump boasted': a dash the tagger took for a noun is no subject
            subject = next((c for c in subjects if not c.is_punct), subjects[0])
            return (
                None
                if subject.lower_ in ("it", "that", "this", "which", "who")
                and subject.dep_ == "nsubjpass"
                else subject
            )
        if current.dep_ in ("acl", "relcl") and coarse(current.head) in ("PROPN", "NOUN"):
            return _antecedent(current.head, quoted)  # "Hillary Clinton asking, ..."
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp") and current.head.i != current.i:
            current = current.head
        else:
            break
    return _inverted_subject(verb)


def reporting_subject(pronoun: Token) -> Token | None:
    """Return the name reporting a clause whose subject is ``pronoun``: "Benjamin" of
    'Benjamin said he believes "..."' (the pronoun most often stands for that name)."""
    if pronoun.lower_ not in ("he", "she") or pronoun.dep_ not in _SUBJECTS:
        return None
    verb = pronoun.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ccomp" or not is_speech_verb(verb.head, ATTRIBUTION_LEMMAS):
        return None
    outer = subject_of(verb.head)
    return outer if outer is not None and coarse(outer) == "PROPN" else None


def _added_to_reported(verb: Token) -> bool:
    """Return True for a speech verb with no subject coordinated into a reported clause."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and head.dep_ == "ccomp"
        and is_speech_verb(verb)
        and is_speech_verb(head.head, ATTRIBUTION_LEMMAS)
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
    )


def _compound_subject(token: Token) -> bool:
    """Return True for a name the parser hung on a verb as a compound ('," Trump barked')."""
    return (
        token.dep_ == "compound"
        and coarse(token) == "PROPN"
        and token.i < token.head.i
        and coarse(token.head) == "VERB"
    )


def _relative_clause(verb: Token) -> bool:
    """Return True for the verb of a relative clause ("who said", "where they played")."""
    return verb.dep_ == "relcl" or any(
        c.lower_ in ("who", "which", "where", "whom") and c.i < verb.i for c in verb.children
    )


def _clause_of(token: Token) -> Token | None:
    """Return the verb of the clause a word belongs to (climbing nouns and prepositions)."""
    node = token
    for _ in range(4):
        if coarse(node) in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _shown_speaking(verb: Token) -> Token | None:
    """Return the name right before a participle cue after "of" ("footage of Clinton asking")."""
    if verb.tag_ != "VBG" or not verb.i:
        return None
    before = verb.doc[verb.i - 1]
    if coarse(before) == "PROPN" and before.dep_ == "pobj" and before.head.lower_ == "of":
        return before
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """Return the name after a cue that opens its sentence ('Said Ellis:', 'Continued Stone:')."""
    doc = verb.doc
    if not (verb.is_sent_start or verb.i == 0) or verb.i + 1 >= len(doc):
        return None
    name = doc[verb.i + 1]
    if coarse(name) != "PROPN":
        return None
    while name.dep_ == "compound" and name.head.i > name.i and coarse(name.head) == "PROPN":
        name = name.head
    return name


_RELATIVES = frozenset({"who", "that", "which"})
_PRODUCING = frozenset(
    form
    for lemma in """issue release send put post publish run air unveil launch hoist hold carry
    wear add pen sign tweet email text distribute circulate file approve pass adopt display
    write unfurl raise wave""".split()
    for form in word_forms(lemma)
)


def antecedent_of(subject: Token) -> Token | None:
    """Return who a relative pronoun subject stands for ("a video that said" → its maker)."""
    verb = subject.head
    if subject.lower_ not in _RELATIVES or verb.dep_ != "relcl" or verb.head.i == verb.i:
        return None
    if coarse(verb.head) not in ("PROPN", "NOUN"):
        return None
    return _antecedent(verb.head, None)


def _antecedent(noun: Token, quoted: Callable[[Token], bool] | None) -> Token:
    """Return who speaks through a noun a speech verb describes ("a statement saying ...").

    A thing one issued, sent or held ("X issued a statement saying", "X hoisted a sign that
    read", "an email to supporters stating") speaks for its maker: the subject of the verb
    it is the object of. An apposition speaks for the name it describes ("Lee, an aide who
    said"). Any other noun is the speaker itself.
    """
    if noun.dep_ == "appos" and coarse(noun.head) in ("PROPN", "NOUN"):
        return noun.head
    node = noun
    for _ in range(4):
        if node.dep_ not in ("dobj", "pobj", "dative", "prep") or node.head.i == node.i:
            return noun
        node = node.head
        if coarse(node) in ("VERB", "AUX"):
            break
    else:
        return noun
    if node.lower_ not in _PRODUCING:
        return noun
    maker = subject_of(node, quoted)
    return maker if maker is not None and maker.lower_ not in _RELATIVES else noun


def _past_dateline(subject: Token) -> Token | None:
    """Return a subject, or for a dateline's place the name it was hung on ('PARIS (AP) - X')."""
    if not _dateline(subject):
        return subject
    names = [c for c in subject.rights if c.dep_ == "appos" and doc_before(c) not in ("(",)]
    return names[-1] if names else None


def doc_before(token: Token) -> str:
    """Return the text of the token before ``token`` ('' at the start of its doc)."""
    return token.doc[token.i - 1].text if token.i else ""


def _dateline(token: Token) -> bool:
    """Return True for the place of a dateline taken for a subject ('LONDON (Reuters) - X said')."""
    doc = token.doc
    first = token.left_edge
    starts_line = first.i == 0 or "\n" in doc[first.i - 1].whitespace_ + doc[first.i - 1].text
    return (
        starts_line
        and all(t.text.isupper() or not t.is_alpha for t in doc[first.i : token.i + 1])
        and len(token.text) > 1
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text in ("(", ",", "-", "--", "—", "–")
    )


def speaker_mention(token: Token, offset: int) -> tuple[int, int]:
    """Return the article span of a speaker's noun phrase, without clauses or appositions."""
    keep = ("compound", "amod", "det", "poss", "nmod", "nummod", "case", "flat", "punct")
    left = token
    for child in token.lefts:
        if child.dep_ in keep:
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    while left.i < token.i and (
        left.is_punct or left.is_space or left.text in QUOTE_CHARS or is_speech_verb(left)
    ):
        left = token.doc[left.i + 1]  # '," Warren, ... told' and 'Said Ellis': mark, cue out
    right = token
    for child in token.rights:
        if child.dep_ in ("flat", "compound") or (
            child.dep_ == "prep" and child.lower_ == "of" and coarse(token) == "NOUN"
        ):
            right = child.right_edge
        else:
            break
    start = token.doc[left.i].idx
    end = right.idx + len(right.text)
    return offset + start, offset + end


def setting_of(verb: Token, offset: int, skip: tuple[int, int]) -> tuple[str | None, str]:
    """Return (venue, words around a speech verb): "in an interview with NBC News" → NBC News."""
    pieces: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("prep", "npadvmod", "advmod", "advcl", "tmod", "obl", "dative", "pobj"):
            pieces.extend(t for t in child.subtree if not (skip[0] <= offset + t.idx < skip[1]))
    venue = None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in (
            "in",
            "on",
            "during",
            "at",
            "to",
            "with",
            "via",
        ):
            venue = venue or _venue_in(child)
    around = " ".join(t.text for t in sorted(pieces, key=lambda t: t.i))
    return venue, around


def _venue_in(prep: Token) -> str | None:
    """Return the medium or occasion named in a prepositional phrase, or None."""
    phrase = prep.doc[prep.i + 1 : prep.right_edge.i + 1]
    if not _VENUE_WORDS.search(phrase.text) and not any(coarse(t) == "PROPN" for t in phrase):
        return None
    for token in phrase:
        if token.lower_ in _CALENDAR:
            continue
        if coarse(token) == "PROPN" and token.dep_ in (
            "pobj",
            "poss",
            "compound",
            "appos",
            "nsubj",
            "dobj",
        ):
            head = token
            while (
                coarse(head.head) == "PROPN"
                and head.head.i != head.i
                and head.head.i in range(phrase.start, phrase.end)
            ):
                head = head.head
            left = min(
                (t.i for t in head.subtree if coarse(t) in ("PROPN", "PART") or t.dep_ == "poss"),
                default=head.i,
            )
            right = max((t.i for t in head.subtree if coarse(t) == "PROPN"), default=head.i)
            text = head.doc[left : right + 1].text
            if _VENUE_WORDS.search(phrase.text) or len(text) > 2:
                return text.strip(" ,")
    nouns = [t for t in phrase if coarse(t) == "NOUN" and _VENUE_WORDS.search(t.text)]
    if nouns and prep.lower_ in ("in", "during", "at", "on"):
        noun = nouns[0]
        left = min((t.i for t in noun.lefts if t.dep_ in ("amod", "compound")), default=noun.i)
        return noun.doc[left : noun.i + 1].text
    return None


_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "oprd", "attr", "acomp", "advcl"})
_INDIRECT_LEMMAS = frozenset(
    """say tell add argue warn stress insist note explain announce state suggest acknowledge
    admit deny predict write report confirm contend maintain emphasize emphasise reiterate
    assert vow promise complain claim believe think declare testify recall caution
    concede conclude allege charge indicate signal fear hope show find reveal know expect
    feel worry understand remember recognize recognise learn decide determine rule estimate
    agree answer reply respond ask wonder question recount remark observe""".split()
)


@dataclass(frozen=True)
class Chunk:
    """A parsed stretch of an article: ``doc`` holds text[offset:offset + len(doc.text)]."""

    offset: int
    doc: Doc

    @cached_property  # Doc.text joins every token: computing it per quote was quadratic
    def end(self) -> int:
        return self.offset + len(self.doc.text)


@dataclass(frozen=True)
class Cue:
    """A speech verb (or "according to") and the token that names who speaks."""

    verb: Token
    speaker: Token | None


def chunk_at(chunks: list[Chunk], pos: int) -> Chunk | None:
    """Return the chunk that covers article offset ``pos``."""
    for chunk in chunks:
        if chunk.offset <= pos < chunk.end:
            return chunk
    return None


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")


def cue_near(chunk: Chunk, start: int, end: int, taken: list[tuple[int, int]]) -> Cue | None:
    """Return the speech cue for a direct quote at article [start, end), nearest after it first.

    Looks in the sentences the quote touches (and the next one when it opens in lower case),
    skipping tokens inside any quotation.
    """
    doc, off = chunk.doc, chunk.offset
    sents = [s for s in doc.sents if off + s.start_char < end and off + s.end_char > start]
    if not sents:
        return None
    last = sents[-1]
    if last.end < len(doc) and doc[last.end].is_lower and off + last.end_char <= end + 2:
        sents.append(doc[last.end].sent)
    elif (
        last.end < len(doc)
        and off + last.end_char <= end + 2
        and "\n" not in doc.text[last.end_char - 1 : doc[last.end].idx]
    ):
        # '"Why now?" Lee asked.': the parser split the attribution off after "?" or "!"
        sents.append(doc[last.end : min(last.end + 4, doc[last.end].sent.end)])

    def inside(token: Token) -> bool:
        return any(a <= off + token.idx < b for a, b in taken)

    best: tuple[float, Cue] | None = None
    for sent in sents:
        for token in sent:
            pos = off + token.idx
            if not is_speech_verb(token, DIRECT_LEMMAS) or any(a <= pos < b for a, b in taken):
                continue
            distance = pos - end if pos >= end else (start - pos) * 1.5 + 20
            if pos < start and re.fullmatch(
                r"\s*[,:]?\s*", doc.text[token.idx + len(token.text) : start - off]
            ):
                distance = 0  # "Trump boasted, "...": the verb right before the quote
            elif (
                pos < start
                and _SENTENCE_END.search(doc.text, token.idx, start - off)
                and any(is_speech_verb(a) and not inside(a) for a in token.ancestors)
            ):
                # '"A," Trump said, after outlets declared him the winner. "B."': in a sentence
                # before B, a verb inside another attribution is not the one that introduces B
                continue
            if best is None or distance < best[0]:
                best = (distance, Cue(token, subject_of(token, inside)))
    return best[1] if best else None


def governing_cue(
    chunk: Chunk, start: int, end: int, loose: bool = False, broad: bool = False
) -> Cue | None:
    """Return the speech verb that governs a partial quote: its outermost speech ancestor.

    ``broad`` falls back to the nearest verb of judging or belief ("pounding Trump as a
    'con artist'", "polls show"); ``loose`` then to the nearest verb with a subject.
    """
    doc, off = chunk.doc, chunk.offset
    span = doc.char_span(start - off, end - off, alignment_mode="expand")
    if span is None or not len(span):
        return None
    outermost = None
    for ancestor in span.root.ancestors:
        if not (start <= off + ancestor.idx < end) and is_speech_verb(ancestor):
            outermost = ancestor
    if outermost is None and broad:
        outermost = next(
            (
                a
                for a in span.root.ancestors
                if not (start <= off + a.idx < end) and is_speech_verb(a, ATTRIBUTION_LEMMAS)
            ),
            None,
        )
    if outermost is None and loose:
        # 'Reid has been pounding Trump as a "con artist"': the words are the subject's
        outermost = next(
            (a for a in span.root.ancestors if coarse(a) == "VERB" and subject_of(a) is not None), None
        )
    return Cue(outermost, subject_of(outermost)) if outermost is not None else None


def reported_span(cue: Cue, offset: int, start: int, end: int) -> tuple[int, int]:
    """Return the article span of the clause a cue reports, grown to cover [start, end)."""
    verb = cue.verb
    if verb.lower_ == "according":
        return _according_clause(verb, offset, start, end)
    side_right = offset + verb.idx < start
    parts = [
        c
        for c in verb.children
        if c.dep_ in _CONTENT_DEPS
        and (c.i > verb.i) == side_right
        and not (
            c.dep_ == "dobj"
            and lemma_of(verb) == "tell"
            and any(x.dep_ == "ccomp" for x in verb.children)
        )
    ]
    if lemma_of(verb) in ("describe", "call", "label", "dub", "brand", "refer"):
        parts += [c for c in verb.children if c.dep_ in ("prep", "oprd") and c.i > verb.i]
    if cue.speaker is not None:
        parts = [p for p in parts if not (p.left_edge.i <= cue.speaker.i <= p.right_edge.i)]
    if not parts:
        return start, end
    first = min(p.left_edge.i for p in parts)
    last = max(p.right_edge.i for p in parts)
    doc = verb.doc
    while last > first and doc[last].is_punct and doc[last].text not in QUOTE_CHARS:
        last -= 1
    s = offset + doc[first].idx
    e = offset + doc[last].idx + len(doc[last].text)
    return min(s, start), max(e, end)


_CLAUSE_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp", "conj", "csubj", "parataxis"}
)
_NAMING = frozenset({"call", "label", "dub", "brand", "describe", "name", "term", "deem"})


def quote_clause(cue: Cue, offset: int, start: int, end: int) -> tuple[int, int]:
    """Return the article span of the clause or phrase a partial quote at [start, end) sits in.

    Climbs from the quotation's head to the first clause that reaches past the marks (the
    complement "that the race 'is close'", a relative clause) or to the phrase the cue verb
    governs ("as 'a bad deal' and 'a disaster'"), and returns its extent without the cue, its
    speaker and the edge punctuation. 'what he calls the "cartel"': a naming verb with a
    free-relative object gives its whole clause. The span never shrinks below [start, end).
    """
    verb = cue.verb
    doc = verb.doc
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None or not len(span) or verb.lower_ == "according":
        return start, end
    if (
        lemma_of(verb) in _NAMING
        and any(c.lower_ == "what" for c in verb.children)
        and not (start <= offset + verb.idx < end)
    ):
        return _extent(verb, offset, start, end, cue.speaker, keep_verb=True)
    node = _head_word(span)
    while True:
        if node.head.i == verb.i:
            break
        if node.dep_ in _CLAUSE_DEPS and coarse(node) in ("VERB", "AUX"):
            lo, hi = node.left_edge, node.right_edge
            if offset + lo.idx < start or offset + hi.idx >= end:
                break
        if node.head.i == node.i:
            return start, end  # reached the sentence root: the quote is not in a clause of the cue
        node = node.head
    if node.i == verb.i:
        return start, end
    return _extent(node, offset, start, end, cue.speaker, exclude=verb)


def _head_word(span: Span) -> Token:
    """Return the highest word of a span (its root, not counting punctuation or spaces)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    tops = [t for t in words if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    return min(tops, key=lambda t: len(list(t.ancestors)), default=span.root)


def _extent(
    head: Token,
    offset: int,
    start: int,
    end: int,
    speaker: Token | None,
    exclude: Token | None = None,
    keep_verb: bool = False,
) -> tuple[int, int]:
    """Return the span of ``head``'s subtree less the children holding ``exclude`` or the
    speaker (unless ``keep_verb``), trimmed of punctuation at both ends, grown to [start, end)."""
    tokens = {t.i for t in head.subtree}
    for child in head.children:
        sub = {t.i for t in child.subtree}
        if (exclude is not None and exclude.i in sub) or (
            speaker is not None and speaker.i in sub and not keep_verb
        ):
            tokens -= sub
    if not tokens:
        return start, end
    doc = head.doc
    first = last = head.i  # the unbroken stretch around the head: "which" before a cue is out
    while first - 1 in tokens:
        first -= 1
    while last + 1 in tokens:
        last += 1
    while first < last and doc[first].is_punct and doc[first].text not in QUOTE_CHARS:
        first += 1
    while last > first and (
        (doc[last].is_punct and doc[last].text not in QUOTE_CHARS) or doc[last].is_space
    ):
        last -= 1
    s = offset + doc[first].idx
    e = offset + doc[last].idx + len(doc[last].text)
    return min(s, start), max(e, end)


def _according_clause(verb: Token, offset: int, start: int, end: int) -> tuple[int, int]:
    """Return the clause an "according to X" phrase attributes (the rest of its sentence)."""
    sent = verb.sent
    phrase = (verb.i, verb.right_edge.i)
    tokens = [t for t in sent if not (phrase[0] <= t.i <= phrase[1]) and not t.is_punct]
    before = [t for t in tokens if t.i < phrase[0]]
    after = [t for t in tokens if t.i > phrase[1]]
    side = after if len(after) >= len(before) else before
    if not side:
        return start, end
    s = offset + side[0].idx
    e = offset + side[-1].idx + len(side[-1].text)
    return min(s, start), max(e, end)


def indirect_cues(chunk: Chunk) -> list[tuple[Cue, Span]]:
    """Return speech verbs with a reported clause (no quotation inside) and that clause."""
    found = []
    for token in chunk.doc:
        if token.lower_ == "according" and is_speech_verb(token):
            cue = Cue(token, subject_of(token))
        elif coarse(token) == "VERB" and lemma_of(token) in _INDIRECT_LEMMAS:
            cue = Cue(token, subject_of(token))
            if not any(c.dep_ in ("ccomp", "parataxis") for c in token.children):
                continue
        else:
            continue
        if cue.speaker is None or cue.speaker.lower_ in ("it", "you", "i", "we"):
            continue
        s, e = reported_span(cue, chunk.offset, chunk.end, chunk.offset)
        if e - s > 12:
            found.append(
                (
                    cue,
                    chunk.doc.char_span(
                        s - chunk.offset, e - chunk.offset, alignment_mode="expand"
                    ),
                )
            )
    return [(c, s) for c, s in found if s is not None]
