"""Timeline stage: time expressions resolved against the publication time, and dated events."""

from storyline.timeline.calendar import zone_for_dateline
from storyline.timeline.events import (
    find_events,
    group_events,
    merge_events,
    story_timeline,
)
from storyline.timeline.expressions import find_times, resolve
from storyline.timeline.record import Statement, speaker_record, speaker_statements

__all__ = [
    "find_times",
    "resolve",
    "zone_for_dateline",
    "find_events",
    "group_events",
    "merge_events",
    "story_timeline",
    "speaker_record",
    "speaker_statements",
    "Statement",
]
