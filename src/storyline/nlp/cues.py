"""Word lists of attribution cues: speech verbs, verbs of stated belief, and their forms.

``SPEECH_LEMMAS`` are verbs that introduce words someone said or wrote. ``ATTRIBUTION_LEMMAS``
adds verbs that report a position, a belief or a characterisation ("polls show that",
"she believes", "pounding Trump as a 'con artist'"); the list was chosen by hand among the
most frequent cue words of the PolNeAR training split (counts of cue head words, kept when
at least about ten cues used them and the word is a verb of saying, thinking or judging).
``CUE_FORMS`` matches the inflected forms of both lists in raw text, so a sentence can be
picked for parsing before any tagging.
"""

from __future__ import annotations

import re

__all__ = ["SPEECH_LEMMAS", "ATTRIBUTION_LEMMAS", "DIRECT_LEMMAS", "CUE_FORMS", "word_forms"]

SPEECH_LEMMAS = frozenset(
    """say tell add state explain announce claim argue warn stress insist note write ask
    reply respond answer declare assert acknowledge admit suggest describe report confirm
    deny predict recall remark comment tweet post emphasize emphasise urge point continue
    testify accuse promise vow complain criticize criticise quip joke concede conclude contend
    maintain observe reiterate reaffirm highlight echo call tout blast slam praise lament
    boast brag charge allege counter retort shout yell whisper mutter recount caution
    threaten pledge demand hint concur agree disagree dismiss reject decry question wonder
    believe think feel hope fear estimate indicate signal sing chant read""".split()
)

ATTRIBUTION_LEMMAS = SPEECH_LEMMAS | frozenset(
    """show find reveal seem appear expect know want seek plan support endorse back oppose
    favor favour prefer criticize criticise attack defend blame mock ridicule pound hammer
    denounce condemn applaud laud thank cite quote mention refer reference discuss talk speak
    propose offer express view consider deem regard label dub brand portray characterize
    characterise compare identify list name repeat assure remind imply worry decline refuse
    rail lash rip knock tar paint liken welcome embrace advocate recommend learn understand
    remember recognize recognise determine decide rule""".split()
)

DIRECT_LEMMAS = SPEECH_LEMMAS | frozenset(
    """exclaim bark beam boom gush exhort react interject muse opine confess fume marvel snap
    scoff sigh plead chime retweet cry laugh assure""".split()
)
"""Verbs that introduce a quotation beside them ('"We won!" she beamed.') but rarely indirect
speech: read only in sentences that hold a quotation (parsed anyway), never to pick sentences."""

_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "know": ("knew", "known"),
    "find": ("found",),
    "show": ("shown",),
    "seek": ("sought",),
    "speak": ("spoke", "spoken"),
    "feel": ("felt",),
    "read": ("read",),
    "sing": ("sang", "sung"),
    "understand": ("understood",),
    "lash": ("lashed",),
    "rip": ("ripped", "ripping", "rips"),
    "slam": ("slammed", "slamming", "slams"),
    "admit": ("admitted", "admitting", "admits"),
    "quip": ("quipped", "quipping", "quips"),
    "snap": ("snapped", "snapping", "snaps"),
    "shoot": ("shot",),
    "strike": ("struck",),
    "hit": ("hitting",),
    "tar": ("tarred", "tarring", "tars"),
}


def word_forms(lemma: str) -> set[str]:
    """Return the usual inflected forms of a regular or listed irregular English verb."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "o")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


CUE_FORMS = re.compile(
    r"\b(?:according to|"
    + "|".join(sorted({f for lemma in ATTRIBUTION_LEMMAS for f in word_forms(lemma)}, key=len)[::-1])
    + r")\b",
    re.IGNORECASE,
)
