"""Quotes stage: who said what in one article, and the entities that say it.

    analyse_article(article)  -> (entities, quotes)
    analyse_many(articles)    -> the same for a stream, batched through ``nlp.pipe``
    merge_entities(entities)  -> canonical entities across articles + id map

NER runs over the whole text; the parser runs only over the sentences that hold a quotation
mark or a speech cue (see ``find.candidate_chunks``), which keeps the analysis cheaper than
the full spaCy pipeline.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from storyline.model import Article, Entity, Quote
from storyline.nlp.coref import link_mentions
from storyline.nlp.entities import build_index
from storyline.nlp.merge import merge_entities
from storyline.nlp.model import entity_nlp, parse_nlp
from storyline.quotes.attribute import Chunk, build_quotes
from storyline.quotes.find import candidate_chunks, find_marked

__all__ = ["analyse_article", "analyse_many", "merge_entities"]

Result = tuple[tuple[Entity, ...], tuple[Quote, ...]]


def analyse_article(article: Article, doc: Doc | None = None) -> Result:
    """Return the entities and quotes of one article.

    ``doc`` may be a spaCy Doc of ``article.text`` made elsewhere: its entities are used, and
    its parse too when it has one (otherwise the quote-bearing sentences are parsed here).
    """
    text = article.text
    if doc is not None and doc.text == text:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        if doc.has_annotation("DEP"):
            return _finish(article, ents, [Chunk(0, doc)])
        return _finish(article, ents, _parse_chunks(text, candidate_chunks(text)))
    ent_doc = entity_nlp()(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in ent_doc.ents]
    return _finish(article, ents, _parse_chunks(text, candidate_chunks(text)))


def _parse_chunks(text: str, spans: list[tuple[int, int]], batch_size: int = 64) -> list[Chunk]:
    """Return the parsed chunks of text for the given (start, end) spans."""
    docs = parse_nlp().pipe((text[s:e] for s, e in spans), batch_size=batch_size)
    return [Chunk(s, d) for (s, _), d in zip(spans, docs, strict=True)]


def _finish(article: Article, ents: list[tuple[int, int, str]], chunks: list[Chunk]) -> Result:
    """Return entities and quotes from NER spans and parsed chunks."""
    index = build_index(article.text, ents)
    link_mentions(index, [(m.start, m.end) for m in find_marked(article.text)])
    quotes = build_quotes(article, chunks, index)
    entities, _ = index.entities(article.id)
    return entities, quotes


def _analyse_batch(articles: list[Article], batch_size: int = 32) -> list[Result]:
    """Return the analysis of a batch of articles, NER and parser each run as one pipe."""
    texts = [a.text for a in articles]
    ent_docs = list(entity_nlp().pipe(texts, batch_size=batch_size))
    spans = [candidate_chunks(t) for t in texts]
    flat = [(i, s, e) for i, sp in enumerate(spans) for s, e in sp]
    docs = parse_nlp().pipe((texts[i][s:e] for i, s, e in flat), batch_size=batch_size * 4)
    chunks: list[list[Chunk]] = [[] for _ in articles]
    for (i, s, _), d in zip(flat, docs, strict=True):
        chunks[i].append(Chunk(s, d))
    results = []
    for article, ent_doc, article_chunks in zip(articles, ent_docs, chunks, strict=True):
        ents = [(e.start_char, e.end_char, e.label_) for e in ent_doc.ents]
        results.append(_finish(article, ents, article_chunks))
    return results


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Yield lists of ``size`` articles."""
    stream = iter(articles)
    while batch := list(islice(stream, size)):
        yield batch


def analyse_many(
    articles: Iterable[Article], n_process: int = 1, batch_size: int = 32
) -> Iterator[Result]:
    """Yield (entities, quotes) for each article, in order, batching the spaCy calls.

    With ``n_process`` > 1 batches are spread over worker processes, each of which loads the
    model once.
    """
    batches = _batches(articles, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from _analyse_batch(batch, batch_size)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with context.Pool(n_process) as pool:
        for results in pool.imap(_analyse_batch, batches):
            yield from results
