"""A cohort name given for screening, matched to the trial's declared cohorts.

An undeclared name is refused (``CohortError``, naming the declared ones): screening
for a cohort the trial does not have would mark every cohort-scoped criterion "not
applicable" and count it as met. Case, spacing and numerals are not meaningful in a
cohort's name ("phase 2" is "Phase II"); anything else is.
"""
from __future__ import annotations

import re
from typing import Optional

from .errors import CohortError

# Roman numerals as trials number phases, parts and cohorts; "Ib" / "IIa" keep their letter.
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5",
         "vi": "6", "vii": "7", "viii": "8", "ix": "9", "x": "10"}
_NUMBERED = re.compile(r"^(?P<roman>[ivx]+)(?P<sub>[ab]?)$")
_TOKEN = re.compile(r"[a-z0-9]+")


def _letters_are_labels(declared: tuple[str, ...]) -> bool:
    """Cohorts lettered "Arm A", "Arm B": there an "I", "V" or "X" is a letter too."""
    return any(len(token) == 1 and token not in ROMAN
               for name in declared for token in _TOKEN.findall(name.lower()) if token.isalpha())


def cohort_key(name: str, letters_are_labels: bool = False) -> tuple[str, ...]:
    """The name's words, lower case, roman numerals as arabic ones."""
    key = []
    for token in _TOKEN.findall(name.lower()):
        numbered = _NUMBERED.match(token)
        if numbered and numbered["roman"] in ROMAN and not (letters_are_labels and len(token) == 1):
            token = ROMAN[numbered["roman"]] + numbered["sub"]
        key.append(token)
    return tuple(key)


def declared_cohort(trial_id: str, declared: tuple[str, ...], name: Optional[str]) -> Optional[str]:
    """The declared cohort ``name`` means (as the trial spells it); None when no cohort is
    asked for or the trial has none (then no criterion is cohort-scoped)."""
    if name is None or not declared:
        return None
    letters = _letters_are_labels(declared)
    wanted = cohort_key(name, letters)
    matches = [c for c in declared if cohort_key(c, letters) == wanted]
    if len(matches) != 1:
        raise CohortError(trial_id, name, declared)
    return matches[0]


def same_cohort(scope: str, cohort: str, declared: tuple[str, ...]) -> bool:
    """Whether a criterion scoped to ``scope`` ("(phase II only)") is for ``cohort``."""
    letters = _letters_are_labels(declared)
    return cohort_key(scope, letters) == cohort_key(cohort, letters)
