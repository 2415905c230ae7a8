"""Properties of the finder on arbitrary text: it never raises and its offsets are exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.timeline import find_times, resolve

WORDS = st.sampled_from(
    "May June Feb. February 30 31 29 0 2021 1999 - , on last next Monday earlier ago two "
    "days week between and 11-13 yesterday in the will said 2021-02-30 13/45/2020".split()
)
ANCHORS = st.sampled_from([None, "2021-05-24T14:47:47+09:00", "2021-05-04", "not a date", ""])


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), anchor=ANCHORS)
def test_find_times_never_raises_on_arbitrary_text(text, anchor):
    for expr in find_times(text, anchor, "America/New_York"):
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start : expr.end] == expr.text


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(WORDS, max_size=12), anchor=ANCHORS, zone=st.sampled_from([None, "Nowhere/X"])
)
def test_date_like_word_salad_gives_exact_ordered_offsets(words, anchor, zone):
    text = " ".join(words)
    found = find_times(text, anchor, zone)
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@given(month=st.sampled_from(["February", "April", "June", "Sept."]), day=st.integers(29, 39))
def test_invalid_days_never_crash_and_never_resolve_to_impossible_dates(month, day):
    expr = resolve(f"{month} {day}, 2021", "2021-05-24")
    if expr is not None and expr.precision == "day" and expr.value:
        year, mon, dom = (int(p) for p in expr.value.split("/")[0].split("-"))
        assert dom <= 30 if mon in (4, 6, 9) else dom <= 29
