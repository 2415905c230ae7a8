"""Quotes of one article attributed: spans joined, speakers resolved, when and where filled.

The parse is read through ``storyline.nlp.syntax`` (cues, subjects, reported clauses) over
``Chunk``s, the parsed stretches of the article; names go through the entity index and the
coreference rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from storyline.model import Article, Quote, stable_id
from storyline.nlp.coref import PRONOUNS, resolve_mention, sentence_starts
from storyline.nlp.cues import ATTRIBUTION_LEMMAS
from storyline.nlp.dates import said_on
from storyline.nlp.entities import EntityDraft, EntityIndex
from storyline.nlp.names import split_title
from storyline.nlp.syntax import (
    Chunk,
    Cue,
    antecedent_of,
    chunk_at,
    coarse,
    cue_near,
    governing_cue,
    indirect_cues,
    is_speech_verb,
    lemma_of,
    quote_clause,
    reported_span,
    reporting_subject,
    setting_of,
    speaker_mention,
    subject_of,
)
from storyline.quotes.find import (
    QUOTE_CHARS,
    MarkSpan,
    SoundBite,
    Turn,
    bite_details,
    continuation,
    find_marked,
    find_sound_bites,
    find_turns,
    is_direct,
    looks_like_title,
    title_context,
)

__all__ = ["Chunk", "build_quotes"]

_ORG_WORDS = re.compile(
    r"\b(?:Department|Ministry|Office|House|Agency|Party|Committee|Council|Commission|"
    r"Institute|University|Times|News|Post|Journal|Press|Campaign|Court|Congress|Senate|"
    r"Bureau|Service|Association|Union|Foundation|Center|Centre|Group|Inc|Corp|Company)\b"
)


@dataclass
class _Draft:
    """A quote being assembled: span, kind, cue and the speaker's mention."""

    start: int
    end: int
    kind: str
    cue: Cue | None = None
    offset: int = 0
    speaker: EntityDraft | None = None
    speaker_text: str | None = None
    speaker_span: tuple[int, int] | None = None
    said_on: str | None = None
    venue: str | None = None
    fixed: bool = False  # a sound bite's line or a transcript turn: never joined
    aside: bool = False  # reported speech inside the attribution of a quotation


def build_quotes(article: Article, chunks: list[Chunk], index: EntityIndex) -> tuple[Quote, ...]:
    """Return the direct, partial and indirect quotes of an article, attributed."""
    text = article.text
    bites = find_sound_bites(text)
    drafts = [d for bite in bites for d in _bite_drafts(article, bite, index)]
    turns = find_turns(text)
    drafts += [_turn_draft(turn, index) for turn in turns]
    bite_spans = [(b.header_start, b.quote_end) for b in bites] + [
        (t.label_start - 1, t.end + 1) for t in turns
    ]
    marks = [
        m
        for m in find_marked(text)
        if not any(a <= m.start < b or a < m.end <= b for a, b in bite_spans)
    ]
    taken = [(m.start, m.end) for m in marks]
    for mark in marks:
        chunk = chunk_at(chunks, mark.start)
        draft = (
            _mark_draft(text, chunk, mark, taken, chunk_at(chunks, mark.end - 1)) if chunk else None
        )
        if draft is not None:
            drafts.append(draft)
    drafts = _merge(text, sorted(drafts, key=lambda d: (d.start, d.end)))
    drafts += _indirect(chunks, drafts)
    drafts.sort(key=lambda d: (d.start, d.end))
    starts = sentence_starts(text)
    prev: _Draft | None = None
    for draft in drafts:
        if draft.cue is None and draft.speaker_span is None:
            _colon_cue(text, chunks, draft, index, _follows(text, prev, draft))
        _attribute(article, draft, index, starts, taken)
        prev = draft
    _inherit(text, drafts)
    drafts = _join_same_speaker(text, drafts)
    _, ids = index.entities(article.id)
    return tuple(_quote(article, d, ids) for d in drafts if d.end > d.start)


def _mark_draft(
    text: str, chunk: Chunk, mark: MarkSpan, taken: list[tuple[int, int]], last: Chunk | None
) -> _Draft | None:
    """Return a direct or partial quote draft for a quotation, or None for a title or scare quote.

    ``last`` is the chunk holding the quotation's end (another one when it runs over paragraphs).
    """
    if is_direct(text, mark):
        if (
            last is not None
            and last is not chunk
            and (cue := cue_near(last, mark.start, mark.end, taken))
        ):
            chunk = last
        else:
            cue = cue_near(chunk, mark.start, mark.end, taken)
        end = continuation(text, mark, _cue_start(cue, chunk.offset))
        start = min(
            _fronted(text, cue, chunk.offset, mark.start),
            _colon_clause(text, cue, chunk.offset, mark.start),
        )
        kind = "direct" if end == mark.end and start == mark.start else "partial"
        return _Draft(start, end, kind, cue, chunk.offset)
    if looks_like_title(text, mark) and title_context(text, mark.start):
        return None
    cue = governing_cue(chunk, mark.start, mark.end, broad=True)
    words = len(text[mark.start : mark.end].split())
    if cue is None:
        if looks_like_title(text, mark):
            return None
        if words <= 3:
            # 'Eric Trump said, those donations paid for "sponsorships"': a word or two in
            # marks needs a speaker's verb before it in its sentence, the parse aside
            cue = _cue_before(chunk, mark.start)
            if cue is None:
                return None
            return _Draft(*_clause_around(text, cue, chunk, mark), "partial", cue, chunk.offset)
        cue = cue_near(chunk, mark.start, mark.end, taken) or governing_cue(
            chunk, mark.start, mark.end, loose=True
        )
        if cue is None:
            return None
    start, end = reported_span(cue, chunk.offset, mark.start, mark.end)
    start, end = _widen(quote_clause(cue, chunk.offset, mark.start, mark.end), start, end)
    start = min(start, _fronted(text, cue, chunk.offset, mark.start))
    return _Draft(start, end, "partial", cue, chunk.offset)


# verbs whose object before a colon is the person addressed, not words reported
_ADDRESSING = frozenset(
    "tell ask warn remind assure urge inform thank answer promise address greet".split()
)


def _colon_clause(text: str, cue: Cue | None, offset: int, start: int) -> int:
    """Return where the words begin when a cue's clause runs up to a colon before them.

    'Trump said that Muslims have two choices: "You leave or you fight."': the reported
    clause and the quotation are one content; 'He told reporters: "..."' is the quotation.
    """
    before = text[:start].rstrip()
    if cue is None or not before.endswith(":") or "\n" in text[len(before) : start]:
        return start
    verb, colon = cue.verb, len(before) - 1
    if offset + verb.idx >= colon:
        return start
    for child in verb.rights:
        edge = offset + child.right_edge.idx + len(child.right_edge.text)
        if offset + child.left_edge.idx >= colon:
            continue
        if (child.dep_ in ("ccomp", "xcomp", "advcl") and edge >= colon - 2) or (
            child.dep_ == "dobj" and coarse(child) == "NOUN" and lemma_of(verb) not in _ADDRESSING
        ):
            return min(start, offset + child.left_edge.idx)
    return start


def _token_at(chunk: Chunk, pos: int) -> Token | None:
    """Return the token of a chunk that holds the article character at ``pos``."""
    span = chunk.doc.char_span(pos - chunk.offset, pos - chunk.offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _cue_before(chunk: Chunk, start: int) -> Cue | None:
    """Return the speech verb with a named subject nearest before ``start`` in its sentence."""
    at = _token_at(chunk, start)
    if at is None:
        return None
    verbs = [t for t in at.sent if t.i < at.i and is_speech_verb(t)]
    for verb in reversed(verbs):
        subject = subject_of(verb)
        if subject is not None and coarse(subject) in ("PROPN", "PRON"):
            return Cue(verb, subject)
    return None


def _clause_around(text: str, cue: Cue, chunk: Chunk, mark: MarkSpan) -> tuple[int, int]:
    """Return the words after a cue up to the end of the quotation's clause (its sentence)."""
    verb = cue.verb
    start = chunk.offset + verb.idx + len(verb.text)
    sent = verb.sent
    end = max(mark.end, chunk.offset + sent.end_char)
    while start < mark.start and not text[start].isalnum() and text[start] not in QUOTE_CHARS:
        start += 1
    while end > mark.end and not text[end - 1].isalnum() and text[end - 1] not in QUOTE_CHARS:
        end -= 1
    return start, end


def _fronted(text: str, cue: Cue | None, offset: int, start: int) -> int:
    """Return where a quotation's words begin when a parenthetical cue splits them.

    'If the vote fails, she said, "we will try again."': the clause before the speaker
    belongs to the words reported; the quotation alone starts at ``start``.
    """
    if cue is None or cue.speaker is None:
        return start
    verb, speaker = cue.verb, cue.speaker
    verb_end = offset + verb.idx + len(verb.text)
    if not (
        speaker.i < verb.i
        and speaker.head.i == verb.i
        and re.fullmatch(r"\s*,\s*", text[verb_end:start])
    ):
        return start
    sent = verb.sent
    subject_at = offset + speaker.left_edge.idx
    head = text[offset + sent.start_char : subject_at]
    if (
        not re.search(r",\s*$", head)
        or len(head.split()) < 3
        or any(c in QUOTE_CHARS for c in head)
    ):
        return start
    return offset + sent.start_char


def _widen(span: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """Return [start, end) grown to cover ``span``."""
    return min(span[0], start), max(span[1], end)


def _merge(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Return drafts with overlapping spans joined and split quotes ('"A," he said, "B"') made one."""
    out: list[_Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if prev and draft.start < prev.end:
            prev.end = max(prev.end, draft.end)
            prev.kind = "partial" if "partial" in (prev.kind, draft.kind) else prev.kind
            prev.cue = prev.cue or draft.cue
            continue
        if prev and _split_pair(text, prev, draft):
            prev.end = draft.end
            continue
        out.append(draft)
    return out


def _split_pair(text: str, first: _Draft, second: _Draft) -> bool:
    """Return True when two quotes are one utterance split by its attribution.

    '"A," he said, "B."' and '"A?" Graham asked. "B."': the gap holds only the first
    quote's cue, and the second quote has no cue of its own (or the same one).
    """
    gap = text[first.end : second.start]
    if "\n" in gap or len(gap) > 160 or first.cue is None or first.kind != "direct":
        return False
    verb_at = first.offset + first.cue.verb.idx
    if not first.end <= verb_at < second.start:
        return False
    if second.cue is not None and not (
        second.cue.verb == first.cue.verb or _goes_on(second.cue.verb, first.cue.verb)
    ):
        return False
    if _other_cue_between(first, second.start):
        return False  # '"A," he said, as she asked, "B"': two cues, two attributions
    return not any(c in QUOTE_CHARS for c in gap)


def _goes_on(token: Token, verb: Token) -> bool:
    """Return True for a participle that carries on ``verb``'s speech ('he said, adding, "B"')."""
    return (
        token.head == verb
        and token.dep_ in ("advcl", "xcomp", "conj")
        and token.lower_.endswith("ing")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )


def _other_cue_between(first: _Draft, end: int) -> bool:
    """Return True when a speech verb other than ``first``'s cue lies between it and ``end``."""
    if first.cue is None:
        return False
    verb = first.cue.verb
    return any(
        first.end <= first.offset + token.idx < end
        and token != verb
        and is_speech_verb(token)
        and not _goes_on(token, verb)
        for token in verb.doc
    )


def _indirect(chunks: list[Chunk], drafts: list[_Draft]) -> list[_Draft]:
    """Return reported-speech drafts whose clause overlaps no quotation already found.

    A verb that already introduces a quotation introduces nothing else.
    """
    found: list[_Draft] = []
    used = {d.offset + d.cue.verb.idx for d in drafts if d.cue is not None}
    for chunk in chunks:
        for cue, span in indirect_cues(chunk):
            if chunk.offset + cue.verb.idx in used:
                continue
            start, end = chunk.offset + span.start_char, chunk.offset + span.end_char
            if any(d.start < end and start < d.end for d in (*drafts, *found)):
                continue
            draft = _Draft(start, end, "indirect", cue, chunk.offset)
            # '"A," Trump said, after outlets declared him the winner. "B."': reported speech
            # inside the attribution of a quotation does not part that speaker's words
            draft.aside = any(chunk.offset + a.idx in used for a in cue.verb.ancestors)
            found.append(draft)
    return found


def _attribute(
    article: Article,
    draft: _Draft,
    index: EntityIndex,
    starts: list[int],
    taken: list[tuple[int, int]],
) -> None:
    """Fill a draft's speaker, said_on and venue from its cue."""
    cue = draft.cue
    if cue is None and draft.speaker_span is None:
        _dash_speaker(article.text, draft, index)
    if cue is None or draft.speaker_span is not None:
        return
    venue, around = setting_of(cue.verb, draft.offset, (draft.start, draft.end))
    draft.venue = draft.venue or venue
    draft.said_on = draft.said_on or said_on(around, article.published)
    if cue.speaker is None:
        _name_by_cue(article.text, draft, index, taken)
        return
    start, end = speaker_mention(cue.speaker, draft.offset)
    if any(a <= start < b for a, b in taken):
        return  # a "subject" inside the quotation is no speaker
    mention = article.text[start:end]
    if (ante := antecedent_of(cue.speaker)) is not None:
        # 'Lee, who said' / 'a video that said': the pronoun is the mention, its antecedent
        # (or the maker of the thing it stands for) the speaker
        a_start, a_end = speaker_mention(ante, draft.offset)
        entity, _ = resolve_mention(index, article.text[a_start:a_end], a_start, starts)
    elif (entity := _reporter(article.text, cue.speaker, draft.offset, index, starts)) is not None:
        index.register(start, end, entity, "pronoun")
    else:
        entity, kind = resolve_mention(index, mention, start, starts)
        if entity is None and coarse(cue.speaker) == "PROPN":
            entity = _new_person(index, mention, start, end)
        elif entity is not None and kind != "name":
            index.register(start, end, entity, kind)
    draft.speaker, draft.speaker_text, draft.speaker_span = entity, mention, (start, end)


def _reporter(
    text: str, pronoun: Token, offset: int, index: EntityIndex, starts: list[int]
) -> EntityDraft | None:
    """Return the person reporting the clause a pronoun speaker is the subject of, when the
    pronoun can stand for them ('Benjamin said he believes "..."')."""
    outer = reporting_subject(pronoun)
    if outer is None:
        return None
    o_start, o_end = speaker_mention(outer, offset)
    entity, _ = resolve_mention(index, text[o_start:o_end], o_start, starts)
    gender = PRONOUNS.get(pronoun.lower_)
    if entity is None or entity.type != "PERSON" or entity.gender not in (None, gender):
        return None
    return entity


def _follows(text: str, prev: _Draft | None, draft: _Draft) -> bool:
    """Return True when ``draft`` is near enough to ``prev`` to take its speaker from it
    (the distance ``_inherit`` gives speakers over)."""
    if prev is None or prev.aside:
        return False
    gap = text[prev.end : draft.start]
    return gap.count("\n") <= 2 and len(gap) <= 200 and _paragraphs_between(gap) == 0


def _colon_cue(
    text: str, chunks: list[Chunk], draft: _Draft, index: EntityIndex, follows: bool = False
) -> None:
    """Give a quotation introduced by a colon the speaker of the words before the colon.

    'Caddell continued:' / 'The New York Times reports:' (a speech verb: its cue);
    'McConnell delivered a blunt message to Trump: "..."' (no speech verb: the subject of
    the clause, when it can speak); 'Said Ellis: "..."' (the cue before its subject);
    'Clinton: "..."' and 'TURNOUT UP - Michael McDonald: "..."' (a label: the name).
    """
    before = text[: draft.start].rstrip()
    if re.search(r"[.!?][\"”’)]*$", before) and draft.kind == "direct":
        if not follows:  # a quotation close after another one takes its speaker from it
            _sentence_cue(text, chunks, draft, len(before) - 1)
        return
    comma = before.endswith(",") and "\n" not in text[len(before) : draft.start]
    if not before.endswith(":") and not comma:
        return
    colon = len(before) - 1
    chunk = chunk_at(chunks, colon)
    if chunk is None:
        return
    at = _token_at(chunk, colon)
    if at is None or chunk.offset + at.idx != colon:
        return
    lead = [t for t in at.sent if t.i < at.i]
    cut = max(
        (
            t.i
            for t in lead
            if (t.text in _LABEL_BREAKS and t.whitespace_)
            or (t.is_space and "\n" in t.text)
            or t.text in QUOTE_CHARS
        ),
        default=-1,
    )
    lead = [t for t in lead if t.i > cut]
    if not lead:
        return
    verbs = [t for t in lead if is_speech_verb(t, ATTRIBUTION_LEMMAS)]
    if verbs:
        # 'As Breitbart News reported, ... was refusing to call it terrorism:' the source
        # named by "as" comes first, then a verb of saying, then one of belief
        verb = max(
            verbs,
            key=lambda t: (
                any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children),
                is_speech_verb(t),
                t.i,
            ),
        )
        draft.cue, draft.offset = Cue(verb, subject_of(verb)), chunk.offset
        return
    clause = [t for t in lead if coarse(t) in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    if not clause:
        _colon_label(text, draft, index, lead, chunk.offset, colon)
        return
    verb = next((t for t in clause if t.dep_ == "ROOT"), clause[0])
    subject = subject_of(verb)
    if subject is not None and _can_speak(subject) and (not comma or coarse(subject) == "PROPN"):
        # 'Clinton shared her worry with donors, "..."': after a comma only a name
        draft.cue, draft.offset = Cue(verb, subject), chunk.offset


def _sentence_cue(text: str, chunks: list[Chunk], draft: _Draft, stop: int) -> None:
    """Give a quotation the cue of the sentence before it when that cue reports nothing else.

    'Iowa State's Dianne Bystrom agreed. "..."' / 'Lau said in a statement. "..."': a verb
    of saying with no reported clause of its own introduces the words that follow.
    """
    if text[stop + 1 : draft.start].count("\n") > 2 or _DASH.match(text, draft.end):
        return  # far away, or signed after a dash ('"..." ― Edda Brekke')
    chunk = chunk_at(chunks, stop)
    if chunk is None:
        return
    at = _token_at(chunk, stop)
    if at is None:
        return
    sent = at.sent
    if any(t.text in QUOTE_CHARS for t in sent):
        return  # a quotation with its own cue: the next one inherits from it
    for verb in reversed(
        [t for t in sent if is_speech_verb(t) and t.dep_ in ("ROOT", "parataxis")]
    ):
        subject = subject_of(verb)
        if subject is None or coarse(subject) not in ("PROPN", "PRON", "NOUN"):
            continue
        if any(
            c.dep_ in ("ccomp", "xcomp", "parataxis", "advcl")
            or (c.dep_ == "dobj" and coarse(c) != "NOUN")
            for c in verb.children
        ):
            continue  # the verb reports a clause of its own
        draft.cue, draft.offset = Cue(verb, subject), chunk.offset
        return


# a headline or section label ends before the name that introduces a quotation
_LABEL_BREAKS = frozenset({"-", "--", "—", "–", "―", "|"})
_MUTE = frozenset(
    """it this that these those there here what which who whom whose something nothing
    anything everything one thing way point question answer problem implication reason
    result truth fact idea rule lesson goal message""".split()
)


def _can_speak(subject: Token) -> bool:
    """Return True for a subject that can introduce words: a name, a pronoun, a noun."""
    if subject.lower_ in _MUTE or lemma_of(subject) in _MUTE:
        return False
    return coarse(subject) in ("PROPN", "NOUN", "PRON")


def _colon_label(
    text: str, draft: _Draft, index: EntityIndex, label: list[Token], offset: int, colon: int
) -> None:
    """Attribute a quotation after a short label holding a name ('More from Jones:')."""
    start = offset + label[0].idx
    if len(label) > 6:
        return
    for s, e, entity in index.spans:
        if start <= s and e <= colon and entity.type in ("PERSON", "ORG"):
            draft.speaker, draft.speaker_text, draft.speaker_span = entity, text[s:e], (s, e)
            return
    name = text[start:colon].strip()
    if len(label) > 3 or not all(t.text[:1].isupper() for t in label):
        return
    # 'Voss: "..."': a name the tagger missed here, known from the article or a proper noun
    speaker = index.person_named(name, start)
    if speaker is None and all(coarse(t) == "PROPN" for t in label):
        speaker = _new_person(index, name, start, start + len(name))
    if speaker is not None:
        draft.speaker, draft.speaker_text = speaker, name
        draft.speaker_span = (start, start + len(name))


def _name_by_cue(
    text: str, draft: _Draft, index: EntityIndex, taken: list[tuple[int, int]]
) -> None:
    """Attribute a quote whose cue has no parsed subject to the name beside the cue.

    '"...," Vann R. Newkirk II, a writer, said.' and '"...," said Ann Lee, a doctor': the
    first person or organisation named between the quotation and the cue, or just after it.
    """
    assert draft.cue is not None
    verb_at = draft.offset + draft.cue.verb.idx
    if verb_at >= draft.end:
        lo, hi = draft.end, verb_at + len(draft.cue.verb.text) + 60
    else:
        lo, hi = max(0, verb_at - 120), verb_at
    stop = re.compile(r"[.!?](?=\s)|\n").search(text, lo, hi)
    hi = stop.start() if stop and verb_at >= draft.end else hi
    for start, end, entity in index.spans:
        if lo <= start < hi and entity.type in ("PERSON", "ORG"):
            if not any(a <= start < b for a, b in taken):
                draft.speaker, draft.speaker_text = entity, text[start:end]
                draft.speaker_span = (start, end)
                return


_DASH = re.compile(
    r"[ \t\xa0]*\n?[ \t\xa0]*[―—–-]{1,2}[ \t\xa0]*"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,4})"
)


def _dash_speaker(text: str, draft: _Draft, index: EntityIndex) -> None:
    """Attribute a quote signed after a dash: '"We can build a wall." ― Steve Quinlan'."""
    match = _DASH.match(text, draft.end)
    if not match:
        return
    start, end = match.span("name")
    name = text[start:end].rstrip(".")
    end = start + len(name)
    draft.speaker = index.covering(start, end) or _new_person(index, name, start, end)
    draft.speaker_text, draft.speaker_span = name, (start, end)


def _new_person(index: EntityIndex, mention: str, start: int, end: int) -> EntityDraft | None:
    """Return a new entity for a proper-noun speaker the tagger missed."""
    title, bare = split_title(mention)
    if not bare or not bare[0].isupper():
        return None
    kind = "ORG" if _ORG_WORDS.search(bare) else "PERSON"
    draft = EntityDraft(kind, bare)
    draft.add_role(title or None)
    index.drafts.append(draft)
    offset = article_offset = index.text.find(bare, start, end)
    index.register(offset if article_offset >= 0 else start, end, draft)
    return draft


def _inherit(text: str, drafts: list[_Draft]) -> None:
    """Give a direct quote with no speaker the speaker of the quote it directly follows."""
    main = [d for d in drafts if not d.aside]
    for prev, draft in zip(main, main[1:], strict=False):
        if draft.speaker is not None and draft.speaker is prev.speaker and _continues(draft):
            _same_occasion(draft, prev)
        if draft.speaker_span is not None or draft.kind != "direct" or prev.speaker_span is None:
            continue
        if not _follows(text, prev, draft):
            continue
        draft.speaker, draft.speaker_text, draft.speaker_span = (
            prev.speaker,
            prev.speaker_text,
            prev.speaker_span,
        )
        _same_occasion(draft, prev)


def _same_occasion(draft: _Draft, prev: _Draft) -> None:
    """Copy when and where from the quote this one continues."""
    draft.said_on = draft.said_on or prev.said_on
    draft.venue = draft.venue or prev.venue


def _join_same_speaker(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Return drafts with consecutive stretches of one speaker's words joined into one.

    '"A," Sen. Claire McCaskill said. "B."' is one attribution with two stretches of words,
    and so is a paragraph that is only a quotation, with no cue of its own, continuing the
    quote of the paragraph before it. A quotation after a clause of reported speech with
    no cue of its own ('X said the talks failed. "We tried."') continues that clause.
    """
    out: list[_Draft] = []
    for draft in drafts:
        prev = next((d for d in reversed(out) if not d.aside), None)
        if prev is not None and _continues_words(text, prev, draft):
            prev.end = draft.end
            prev.kind = "partial" if prev.kind == "indirect" else prev.kind
            continue
        out.append(draft)
    return out


def _continues_words(text: str, prev: _Draft, draft: _Draft) -> bool:
    """Return True when ``draft`` is more words of the attribution ``prev`` holds."""
    if (
        draft.kind != "direct"
        or draft.speaker_span is None
        or prev.fixed
        or draft.fixed
        or not (
            draft.speaker_span == prev.speaker_span
            or (draft.speaker is not None and draft.speaker is prev.speaker)
        )
    ):
        return False
    if draft.cue is not None and (prev.cue is None or draft.cue.verb != prev.cue.verb):
        return False
    gap = text[prev.end : draft.start]
    if _same_paragraph_gap(gap):
        return prev.kind != "indirect" or draft.cue is None
    return draft.cue is None and _next_paragraph_quote(text, gap, draft)


def _next_paragraph_quote(text: str, gap: str, draft: _Draft) -> bool:
    """Return True when ``draft`` is a whole paragraph right after the one ``gap`` starts in."""
    head, _, rest = gap.partition("\n")
    if rest.strip() or len(head) > 150 or any(c in QUOTE_CHARS for c in head):
        return False
    if head.rstrip().endswith(":"):
        return False  # 'He said:' introduces a quotation of its own
    line_end = text.find("\n", draft.end)
    return not text[draft.end : line_end if line_end >= 0 else len(text)].strip()


def _cue_start(cue: Cue | None, offset: int) -> int | None:
    """Return where an attribution clause begins: its subject or its verb, whichever is first."""
    if cue is None:
        return None
    start = offset + cue.verb.idx
    return min(start, offset + cue.speaker.left_edge.idx) if cue.speaker is not None else start


def _same_paragraph_gap(gap: str) -> bool:
    """Return True for a short gap inside one paragraph with no quotation in it but names.

    'told ABC's "Good Morning America." "B"': a title in the gap does not part the words.
    """
    if "\n" in gap or len(gap) > 250:
        return False
    bare = _NAME_IN_MARKS.sub("", gap)
    return not any(c in QUOTE_CHARS for c in bare)


# a short stretch in marks whose words are capitalised: a title or a name, not words spoken
_NAME_IN_MARKS = re.compile(
    r"[\"“‘']\s*[A-Z0-9][\w'’.&-]*(?:\s+(?:[A-Z0-9][\w'’.&-]*|of|the|and|with|a|in|on|for|to)){0,7}"
    r"[.,!?]?\s*[\"”’']"
)


def _continues(draft: _Draft) -> bool:
    """Return True when a quote's cue says it continues the previous one ("he added")."""
    return draft.cue is not None and lemma_of(draft.cue.verb) in ("add", "continue", "go")


def _paragraphs_between(gap: str) -> int:
    """Return how many whole paragraphs of text lie in a gap between two quotes."""
    lines = [line for line in gap.split("\n") if line.strip()]
    return max(0, len(lines) - 1) if "\n" in gap else 0


def _bite_drafts(article: Article, bite: SoundBite, index: EntityIndex) -> list[_Draft]:
    """Return the quoted lines after a sound-bite header, attributed to the header's speaker."""
    speaker = index.person_named(bite.speaker, bite.speaker_start)
    if speaker is None:
        speaker = _new_person(index, bite.speaker, bite.speaker_start, bite.speaker_end)
    day, venue = bite_details(bite.details, article.published)
    lines = re.finditer(r"[^\n]+", article.text[bite.quote_start : bite.quote_end])
    return [
        _Draft(
            bite.quote_start + line.start(),
            bite.quote_start + line.start() + len(line.group().rstrip()),
            "direct",
            speaker=speaker,
            speaker_text=bite.speaker,
            speaker_span=(bite.speaker_start, bite.speaker_end),
            said_on=day,
            venue=venue,
            fixed=True,
        )
        for line in lines
    ]


def _turn_draft(turn: Turn, index: EntityIndex) -> _Draft:
    """Return the words of a transcript turn, attributed to its label ("PENCE" → Mike Pence)."""
    speaker = index.person_named(turn.label.title(), turn.label_start)
    return _Draft(
        turn.start,
        turn.end,
        "direct",
        speaker=speaker,
        speaker_text=turn.label,
        speaker_span=(turn.label_start, turn.label_end),
        fixed=True,
    )


def _quote(article: Article, draft: _Draft, ids: dict[int, str]) -> Quote:
    """Return the frozen quote record of a draft."""
    entity = draft.speaker
    span = draft.speaker_span
    return Quote(
        id=stable_id("q", article.id, str(draft.start), str(draft.end)),
        article_id=article.id,
        text=article.text[draft.start : draft.end],
        kind=draft.kind,
        start=draft.start,
        end=draft.end,
        speaker=entity.name if entity else None,
        speaker_id=ids.get(id(entity)) if entity else None,
        cue=draft.cue.verb.text if draft.cue else None,
        said_on=draft.said_on,
        venue=draft.venue,
        speaker_start=span[0] if span else None,
        speaker_end=span[1] if span else None,
    )
