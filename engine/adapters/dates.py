"""Calendar dates as written in patient data: one reading for FHIR and for tables.

A result's date is the local date as written ("2026-10-28T08:30:00+02:00" is 28
October): recency is counted in days, and shifting a time zone would move a result
drawn late in the evening to the next day.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Optional


def iso_date(text: str, time_marks: str = "T") -> Optional[dt.date]:
    """The date a text starts with, 'YYYY-MM-DD', optionally followed by one of
    ``time_marks`` and a time; None when the text is anything else."""
    if len(text) > 10 and text[10] not in time_marks:
        return None
    return _calendar_day(text[:10])


@lru_cache(maxsize=65536)
def _calendar_day(text: str) -> Optional[dt.date]:
    # Result dates repeat across a file: each spelling is parsed once. The shape is
    # checked first because fromisoformat also takes '20261028' and '2026-W44-3'.
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
