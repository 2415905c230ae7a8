"""Timeline stage: time expressions resolved against the publication time, and dated events."""

from storyline.timeline.calendar import zone_for_dateline
from storyline.timeline.events import (
    find_events,
    group_events,
    merge_events,
    speaker_record,
    story_timeline,
)
from storyline.timeline.expressions import find_times, resolve

__all__ = [
    "find_times",
    "resolve",
    "zone_for_dateline",
    "find_events",
    "group_events",
    "merge_events",
    "story_timeline",
    "speaker_record",
]
