"""Split a plain-text page dump into article body, photo captions and boilerplate.

A crawler's text dump has one block per line: menus, cookie notices, "MOST POPULAR" lists and
footers around the article. Each line gets a score over its own features and its
neighbours' (``lines.feature_matrix``): the mean log-odds of a logistic model and of a few
hundred shallow boosted trees, both learned from labelled dumps and shipped as plain numbers
(``textdump_weights.json``, ``textdump_trees.json``) read with numpy. Then, as in jusText,
neighbours smooth the decision: a two-state path with a cost per body run keeps short lines
between body lines and drops runs of short menu lines, and only the main body region (with
nearby strong regions) is kept. Last, rules relabel what is article-shaped but not body: headline, byline
and date stamps, photo captions, repeated lines and a reporter's sign-off.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyline.extract.lines import (
    CONTEXT_FEATURES,
    LINE_FEATURES,
    caption_flags,
    feature_matrix,
    is_byline,
    is_dateline_stamp,
    is_signoff,
    normalise,
    word_count,
)

__all__ = [
    "BODY",
    "BOILERPLATE",
    "CAPTION",
    "DumpParts",
    "LineModel",
    "Trees",
    "label_lines",
    "line_scores",
    "split_page",
    "template_lines",
]

BODY, CAPTION, BOILERPLATE = "body", "caption", "boilerplate"
WEIGHTS = Path(__file__).with_name("textdump_weights.json")
TREES = Path(__file__).with_name("textdump_trees.json")
# Captions sit just above the body or inside it; further away they belong to teaser lists.
CAPTION_REACH = 6
MIN_CAPTION_WORDS = 6
MARKER_REPEATS, MARKER_WORDS = 3, 3


@dataclass(frozen=True)
class DumpParts:
    """A page dump's lines, each labelled ``body``, ``caption`` or ``boilerplate``."""

    lines: tuple[str, ...]
    labels: tuple[str, ...]

    def body(self) -> str:
        """Return the body lines joined as paragraphs separated by a blank line."""
        return "\n\n".join(line.strip() for line, label in self._pairs() if label == BODY)

    def captions(self) -> tuple[str, ...]:
        """Return the caption lines, a caption written twice on one line given once."""
        return tuple(_undouble(line.strip()) for line, label in self._pairs() if label == CAPTION)

    def boilerplate(self) -> tuple[str, ...]:
        """Return the non-empty boilerplate lines (menus, headline, byline, footers)."""
        return tuple(
            line.strip() for line, label in self._pairs() if label == BOILERPLATE and line.strip()
        )

    def _pairs(self) -> Iterable[tuple[str, str]]:
        return zip(self.lines, self.labels, strict=True)


@dataclass(frozen=True, eq=False)
class Trees:
    """A boosted ensemble of shallow regression trees over the line features, as node arrays.

    Node ``k`` sends a line left when ``feature[k]`` is at most ``threshold[k]``; a leaf
    points at itself on both sides and holds its share of the log-odds in ``value``.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    offset: float

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """Return the ensemble's body log-odds for every feature row."""
        x = features
        nodes = np.tile(self.roots, (len(x), 1))
        lines = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            left = x[lines, self.feature[nodes]] <= self.threshold[nodes]
            nodes = np.where(left, self.left[nodes], self.right[nodes])
        return self.offset + self.value[nodes].sum(axis=1)  # type: ignore[no-any-return]

    def to_json(self) -> dict[str, object]:
        """Return the ensemble as plain numbers, the form ``from_json`` reads."""
        return {
            "offset": self.offset,
            "depth": self.depth,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": [t if math.isfinite(t) else None for t in self.threshold.tolist()],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(v, 9) for v in self.value.tolist()],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Trees:
        """Return the ensemble that ``to_json`` wrote."""

        def numbers(name: str, kind: type) -> np.ndarray:
            values = data[name]
            assert isinstance(values, list)
            return np.asarray([math.inf if v is None else v for v in values], dtype=kind)

        return cls(
            feature=numbers("feature", int),
            threshold=numbers("threshold", float),
            left=numbers("left", int),
            right=numbers("right", int),
            value=numbers("value", float),
            roots=numbers("roots", int),
            depth=int(str(data["depth"])),
            offset=float(str(data["offset"])),
        )


@dataclass(frozen=True)
class LineModel:
    """The numbers of the line classifier: weights, bias and the smoothing settings.

    With ``trees``, a line's score is the mean of the logistic model's log-odds and theirs.
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float
    switch_cost: float
    keep_fraction: float
    max_gap: int
    trees: Trees | None = None

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        """Return the body log-odds of every feature row."""
        linear = features @ np.asarray(self.weights) + self.bias
        if self.trees is None:
            return linear  # type: ignore[no-any-return]
        return (linear + self.trees.log_odds(features)) / 2  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _model() -> LineModel:
    """Return the shipped line model, read once per process."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    names = LINE_FEATURES + CONTEXT_FEATURES
    trees = Trees.from_json(json.loads(TREES.read_text("utf-8"))) if TREES.is_file() else None
    return LineModel(
        weights=tuple(float(data["weights"][name]) for name in names),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        switch_cost=float(data["switch_cost"]),
        keep_fraction=float(data["keep_fraction"]),
        max_gap=int(data["max_gap"]),
        trees=trees,
    )


def template_lines(pages: Iterable[str], min_pages: int = 2) -> frozenset[str]:
    """Return the normalised lines found on at least ``min_pages`` of one outlet's pages."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({normalise(line) for line in page.splitlines() if line.strip()})
    return frozenset(line for line, count in seen.items() if count >= min_pages)


def line_scores(lines: Sequence[str], template: frozenset[str] = frozenset()) -> list[float]:
    """Return the body log-odds of every line (no empty lines) before any smoothing.

    An outlet's menu and footer lines (``template``) are never body, whatever the model says.
    """
    return _page_scores(lines, feature_matrix(lines, template), template).tolist()  # type: ignore[no-any-return]


def _page_scores(
    lines: Sequence[str],
    features: np.ndarray,
    template: frozenset[str],
    model: LineModel | None = None,
) -> np.ndarray:
    """Return the model's log-odds for the feature rows, template lines pinned far below."""
    scores = (model or _model()).log_odds(features)
    if template:
        pinned = [k for k, line in enumerate(lines) if _is_template(line, template)]
        scores[pinned] = TEMPLATE_SCORE
    return scores


def split_page(text: str, template_lines: frozenset[str] = frozenset()) -> DumpParts:
    """Return a page dump's lines labelled body, caption or boilerplate."""
    lines = tuple(line.rstrip() for line in text.splitlines())
    filled = [i for i, line in enumerate(lines) if line.strip()]
    labels = [BOILERPLATE] * len(lines)
    if not filled:
        return DumpParts(lines, tuple(labels))
    content = [lines[i].strip() for i in filled]
    features = feature_matrix(content, template_lines)
    scores = _page_scores(content, features, template_lines).tolist()
    # The caption, byline and stamp cues are features already: no need to match them twice.
    captions: list[bool] = (features[:, CAPTION_COLUMN] > 0).tolist()
    meta: list[bool] = np.any(features[:, META_COLUMNS] > 0, axis=1).tolist()
    cues = (captions, meta)
    for k, label in enumerate(label_lines(content, scores, cues=cues)):
        labels[filled[k]] = label
    return DumpParts(lines, tuple(labels))


TEMPLATE_MAX_WORDS = 12  # longer repeated lines may be a background paragraph an outlet reuses
TEMPLATE_SCORE = -50.0
CAPTION_COLUMN = LINE_FEATURES.index("caption")
META_COLUMNS = [LINE_FEATURES.index("byline"), LINE_FEATURES.index("date")]


def _is_template(line: str, template: frozenset[str]) -> bool:
    """Return whether a line is one of an outlet's menu or footer lines repeated across pages."""
    if not template or not (line in template or normalise(line) in template):
        return False
    return word_count(line)[1] <= TEMPLATE_MAX_WORDS or line[-1:] not in ".!?\"'”’"


def label_lines(
    content: Sequence[str],
    scores: Sequence[float],
    model: LineModel | None = None,
    cues: tuple[Sequence[bool], Sequence[bool]] | None = None,
) -> list[str]:
    """Return the label of every non-empty line from its score, smoothed and relabelled.

    ``cues`` are, per line, whether it reads as a caption and whether as a byline or a date
    stamp (``is_caption``; ``is_byline`` or ``is_dateline_stamp``), when already known.
    """
    model = model or _model()
    shifted = [score - model.threshold for score in scores]
    body = _main_region(shifted, _smooth(shifted, model.switch_cost), model)
    if cues is None:
        cues = (
            caption_flags(content),
            [is_byline(line) or is_dateline_stamp(line) for line in content],
        )
    return _relabel(content, body, *cues)


def _smooth(scores: Sequence[float], switch_cost: float) -> list[bool]:
    """Return the body flags that maximise the body lines' scores less a cost per body run.

    Each stretch of body lines pays ``switch_cost`` once, wherever it lies: a page's first or
    last line gains nothing from touching the edge, and a gap inside the body costs one run.
    """
    out_score, in_score = 0.0, -switch_cost
    back: list[tuple[bool, bool]] = []
    for score in scores:
        leave = in_score > out_score
        stay_in = in_score >= out_score - switch_cost
        new_out = in_score if leave else out_score
        new_in = (in_score if stay_in else out_score - switch_cost) + score
        back.append((leave, stay_in))  # whether the line before was body, for each state now
        out_score, in_score = new_out, new_in
    state = in_score > out_score
    flags = [False] * len(scores)
    for k in range(len(scores) - 1, -1, -1):
        flags[k] = state
        state = back[k][1] if state else back[k][0]
    return flags


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Return the (start, end) of every run of set flags."""
    runs, start = [], None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


def _best_run(scores: Sequence[float]) -> tuple[int, int]:
    """Return the (start, end) of the stretch of lines with the highest summed score."""
    best, current, start, span = -math.inf, 0.0, 0, (0, 0)
    for k, score in enumerate(scores):
        current, start = (score, k) if current <= 0 else (current + score, start)
        if current > best:
            best, span = current, (start, k + 1)
    return span


def _main_region(scores: Sequence[float], flags: list[bool], model: LineModel) -> list[bool]:
    """Return the flags of the main body region and of strong regions close to it."""
    runs = _runs(flags)
    if not runs:
        # Every line looks like boilerplate: keep the least unlikely stretch anyway,
        # since a page reaches the cleaner because it holds an article.
        start, end = _best_run([score + 2.0 for score in scores])
        return [start <= k < end for k in range(len(scores))]
    totals = [sum(scores[a:b]) for a, b in runs]
    best = max(range(len(runs)), key=totals.__getitem__)
    start, end = runs[best]
    for side in (range(best - 1, -1, -1), range(best + 1, len(runs))):
        for i in side:
            gap = runs[i][0] - end if runs[i][0] >= end else start - runs[i][1]
            if gap > model.max_gap:
                break
            # A weak run (a teaser, a stray line) is passed over, not a wall: the body may
            # go on beyond it, and it is kept only when stronger runs lie on both sides.
            if totals[i] >= model.keep_fraction * totals[best]:
                start, end = min(start, runs[i][0]), max(end, runs[i][1])
    return [flag and start <= k < end for k, flag in enumerate(flags)]


def _relabel(
    content: Sequence[str], body: Sequence[bool], captions: Sequence[bool], meta: Sequence[bool]
) -> list[str]:
    """Return final labels: captions, stamps, bylines, sign-offs and repeats out of the body."""
    inside = [k for k, flag in enumerate(body) if flag]
    first, last = (inside[0], inside[-1]) if inside else (0, -1)
    # A short line met again and again ("Advertisement") marks a slot between paragraphs.
    seen = Counter(content)
    labels = []
    for k, line in enumerate(content):
        near = first - CAPTION_REACH <= k <= last
        repeat = (k > 0 and content[k - 1] == line) or (
            seen[line] >= MARKER_REPEATS and len(line.split()) <= MARKER_WORDS
        )
        if near and (captions[k] or _doubled_sentence(content, k)):
            labels.append(BOILERPLATE if repeat else CAPTION)
        elif not body[k] or meta[k] or is_signoff(line):
            labels.append(BOILERPLATE)
        elif repeat:
            labels.append(BOILERPLATE)
        else:
            labels.append(BODY)
    return labels


def _doubled_sentence(content: Sequence[str], k: int) -> bool:
    """Return whether a line of a few words or more is repeated right before or after it.

    Text dumps give a photo's caption twice in a row (the image's alt text, then its
    caption); body paragraphs and menus do not repeat that way.
    """
    line = content[k]
    if len(line.split()) < MIN_CAPTION_WORDS:
        return False
    return (k > 0 and content[k - 1] == line) or (k + 1 < len(content) and content[k + 1] == line)


def _undouble(line: str) -> str:
    """Return a line written twice in a row ("A. A.") as one copy, else the line itself."""
    half = len(line) // 2
    for cut in (half, half + 1, half - 1):
        left, right = line[:cut].strip(), line[cut:].strip()
        if left and left == right:
            return left
    return line
