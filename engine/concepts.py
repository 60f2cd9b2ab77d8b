"""Named conditions, states, treatments and drug classes (data/concepts.yaml).

Two ways to name a concept: ``find`` looks for any synonym inside a longer phrase
("LFT elevations due to liver metastases"), for conditional thresholds and for chart
entries ("Temsirolimus 25 mg IV" is an mTOR inhibitor); ``exact`` accepts only a
phrase that is itself a synonym, once qualifiers that only say when ("known",
"prior", "concurrent" ...) are taken off, so a criterion about "uncontrolled brain
metastases" is never read as one about brain metastases.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from .documents import load_yaml


class Currency(BaseModel):
    """How long a record of a state stays true without a newer one, and the condition
    names that end it (matched whole, see ``ends``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    lasts_days: int
    ended_by: tuple[str, ...] = ()

    def ends(self, name: str) -> bool:
        return key(name) in {key(e) for e in self.ended_by}


class Concept(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    kind: Literal["condition", "medication", "procedure"]
    synonyms: tuple[str, ...]
    members: tuple[str, ...] = ()
    sex: Optional[Literal["female", "male"]] = None
    current: Optional[Currency] = None
    # Is silence on a list declared complete evidence of absence? Not for a state whose
    # absence must be shown recently (pregnancy: a recent negative test).
    absent_when_unlisted: bool = True
    # Does a condition happen on a day (a stroke), so that its record's date places it
    # in a window? Treatments and procedures are placed by their courses' dates.
    event: bool = False

    @property
    def placed_by_date(self) -> bool:
        """Can a window on this concept ("within 6 months") be read from records' dates?"""
        return self.kind != "condition" or self.event


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    return " ".join(re.sub(r"[^\w']+", " ", text.lower().replace("’", "'")).split())


class Concepts:
    def __init__(self, entries: list[Concept]) -> None:
        self.by_id = {c.id: c for c in entries}
        self._exact = {key(s): c.id for c in entries for s in (c.id, *c.synonyms)}
        # Longest first, so "liver metastases" wins over a shorter overlap.
        pairs = [(key(s), c.id) for c in entries for s in (c.id, *c.synonyms, *c.members)]
        self._by_length = sorted(pairs, key=lambda p: -len(p[0]))
        self._names = {c.id: tuple(f" {key(s)} " for s in (c.id, *c.synonyms, *c.members))
                       for c in entries}
        self.ids = frozenset(self.by_id)

    def __getitem__(self, concept_id: str) -> Concept:
        return self.by_id[concept_id]

    def find(self, text: str) -> Optional[str]:
        """The concept a phrase mentions, anywhere in it."""
        padded = f" {key(text)} "
        for synonym, concept in self._by_length:
            if f" {synonym} " in padded:
                return concept
        return None

    def exact(self, phrase: str) -> Optional[str]:
        """The concept a phrase *is* (a synonym, nothing more)."""
        return self._exact.get(key(phrase))

    def names(self, concept_id: str, text: str) -> bool:
        """Does a chart entry's name stand for this concept (a synonym or a member drug)?"""
        padded = f" {key(text)} "
        return any(name in padded for name in self._names[concept_id])


@lru_cache(maxsize=1)
def concepts() -> Concepts:
    text = resources.files("engine").joinpath("data").joinpath("concepts.yaml").read_text("utf-8")
    return Concepts([Concept.model_validate(entry) for entry in load_yaml(text)])
