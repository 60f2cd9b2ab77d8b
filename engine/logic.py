"""Three-valued (Kleene) truth: the only logic the evaluator and SQL back end use.

``False AND unknown = False`` and ``True OR unknown = True``: a missing lab can never
turn a failed requirement into a pass, and a satisfied alternative is not held up by
a missing one. SQL's NULL logic is the same algebra.
"""
from __future__ import annotations

from enum import Enum
from typing import Iterable


class Truth(str, Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __invert__(self) -> "Truth":
        if self is Truth.UNKNOWN:
            return Truth.UNKNOWN
        return Truth.FALSE if self is Truth.TRUE else Truth.TRUE

    def __and__(self, other: "Truth") -> "Truth":
        if Truth.FALSE in (self, other):
            return Truth.FALSE
        if Truth.UNKNOWN in (self, other):
            return Truth.UNKNOWN
        return Truth.TRUE

    def __or__(self, other: "Truth") -> "Truth":
        if Truth.TRUE in (self, other):
            return Truth.TRUE
        if Truth.UNKNOWN in (self, other):
            return Truth.UNKNOWN
        return Truth.FALSE

    @classmethod
    def of(cls, value: bool) -> "Truth":
        return cls.TRUE if value else cls.FALSE


def all_of(values: Iterable[Truth]) -> Truth:
    result = Truth.TRUE
    for value in values:
        result = result & value
    return result


def any_of(values: Iterable[Truth]) -> Truth:
    result = Truth.FALSE
    for value in values:
        result = result | value
    return result
