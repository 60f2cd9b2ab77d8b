"""Named conditions, states, treatments and drug classes (data/concepts.yaml).

Two ways to name a concept: ``find`` looks for any synonym inside a longer phrase
("LFT elevations due to liver metastases"), for conditional thresholds and for chart
entries ("Temsirolimus 25 mg IV" is an mTOR inhibitor); ``exact`` accepts only a
phrase that is itself a synonym, once qualifiers that only say when ("known",
"prior", "concurrent" ...) are taken off, so a criterion about "uncontrolled brain
metastases" is never read as one about brain metastases.

A chart record is matched by its code first (``matches``): a record coded in a system the
concept lists codes for (SNOMED CT, ICD-10-CM, RxNorm) stands for it only when its code is
in the set, whatever its display says ("Past pregnancy history of miscarriage" is no
pregnancy); a record with no code, or a code in a system the concept has no codes for,
falls back to its name.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict, model_validator

from .cache import prepared
from .documents import load_yaml


class Currency(BaseModel):
    """How long a record of a state stays true without a newer one, and the condition
    names that end it (matched whole, see ``ends``)."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    lasts_days: int
    ended_by: tuple[str, ...] = ()

    def ends(self, name: str) -> bool:
        return key(name) in {key(e) for e in self.ended_by}


# The FHIR system URIs a record's code ("system|code") is read in, and the label a reason uses.
SYSTEMS = {"SNOMED": "http://snomed.info/sct", "ICD-10-CM": "http://hl7.org/fhir/sid/icd-10-cm",
           "RxNorm": "http://www.nlm.nih.gov/research/umls/rxnorm"}
# The system of an OMOP registry row's concept id (engine.sql.loader writes "<OMOP>|201826"):
# this engine's own name, as no published FHIR system names OMOP concept ids.
OMOP = "urn:elig:omop-concept-id"
LABELS = {**{uri: label for label, uri in SYSTEMS.items()}, OMOP: "OMOP"}
# engine concept id -> the OMOP standard concept ids its codes resolve to (engine.sql.codes)
ConceptIds = Mapping[str, frozenset[int]]


class CodeSet(BaseModel):
    """The codes that identify a concept in one system (code -> display as the source
    writes it), and where they come from. ICD-10-CM codes and blocks ("E08-E13") stand for
    all their descendants in the ICD-10-CM tree; SNOMED CT and RxNorm codes only for
    themselves (the descendants that count are listed), except in an OMOP registry whose
    vocabulary is given: there the standard concepts they map to count with every
    descendant (concept_ancestor)."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    system: Literal["SNOMED", "ICD-10-CM", "RxNorm"]
    source: str
    codes: dict[str, str]
    # Codes that records carry only below them (a drug class's ingredients, under which
    # records carry products such as "10 ML oxaliplatin 5 MG/ML Injection"), listed as far as
    # verified: read only through an OMOP vocabulary's concept_ancestor, and in addition to
    # the names (a row under them is a member; any other row still by its name).
    via_vocabulary: bool = False


class Concept(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    id: str
    kind: Literal["condition", "medication", "procedure"]
    synonyms: tuple[str, ...]
    members: tuple[str, ...] = ()
    sex: Optional[Literal["female", "male"]] = None
    current: Optional[Currency] = None
    # Is silence on a list declared complete evidence of absence? Not for a state whose
    # absence must be shown recently (pregnancy: a recent negative test).
    absent_when_unlisted: bool = True
    codes: tuple[CodeSet, ...] = ()
    # Why a concept has no codes and is matched by name only.
    name_only: Optional[str] = None
    # Does a condition happen on a day (a stroke), so that its record's date places it
    # in a window? Treatments and procedures are placed by their courses' dates. A
    # procedure done on a day (a surgery) is asked about only with a time: "current" says
    # nothing of it (read/statements.py).
    event: bool = False
    # The concept this one is a kind of (concepts.yaml ``broader``), and, on a broader
    # concept, what settles a record of it for one of its kinds.
    broader: Optional[str] = None
    narrowed_by: Optional[str] = None

    @model_validator(mode="after")
    def _coded_or_says_why(self) -> "Concept":
        if bool(self.codes) == bool(self.name_only):
            raise ValueError(f"{self.id}: give either codes or name_only (why it has none)")
        return self

    @property
    def coded(self) -> bool:
        """Does a coded record stand for it by its code alone (not only by a name)?"""
        return any(not s.via_vocabulary for s in self.codes)

    @property
    def placed_by_date(self) -> bool:
        """Can a window on this concept ("within 6 months") be read from records' dates?"""
        return self.kind != "condition" or self.event


_NOT_KEY_CHARS = re.compile(r"[^\w']+")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    return " ".join(_NOT_KEY_CHARS.sub(" ", text.lower().replace("’", "'")).split())


class Concepts:
    def __init__(self, entries: list[Concept]) -> None:
        self.by_id = {c.id: c for c in entries}
        for c in entries:
            broader = self.by_id.get(c.broader) if c.broader else None
            if c.broader and (broader is None or broader.kind != c.kind or not broader.narrowed_by):
                raise ValueError(f"{c.id}: broader '{c.broader}' must be a concept of the same kind "
                                 "that says what narrows it (narrowed_by)")
        self._exact = {key(s): c.id for c in entries for s in (c.id, *c.synonyms)}
        # Longest first, so "liver metastases" wins over a shorter overlap.
        pairs = [(key(s), c.id) for c in entries for s in (c.id, *c.synonyms, *c.members)]
        self._by_length = sorted(pairs, key=lambda p: -len(p[0]))
        self._names = {c.id: tuple(f" {key(s)} " for s in (c.id, *c.synonyms, *c.members))
                       for c in entries}
        self.ids = frozenset(self.by_id)
        self._codes = {c.id: {SYSTEMS[s.system]: frozenset(map(_icd_key, s.codes)) if s.system == "ICD-10-CM"
                              else frozenset(s.codes) for s in c.codes if not s.via_vocabulary}
                       for c in entries}

    def __getitem__(self, concept_id: str) -> Concept:
        return self.by_id[concept_id]

    def siblings(self, concept_id: str) -> tuple[str, ...]:
        """The other kinds of the concept's broader one (type 1 diabetes for type 2)."""
        broader = self.by_id[concept_id].broader
        return tuple(c.id for c in self.by_id.values() if broader and c.broader == broader and c.id != concept_id)

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

    def matches(self, concept_id: str, name: str, code: Optional[str], omop: Optional[ConceptIds] = None) -> bool:
        """Does a chart record stand for this concept: by its code when the concept has
        codes in its system, else by its name? ``omop``: the registry vocabulary's
        resolution, for rows coded by OMOP concept id."""
        by_code = self.code_matches(concept_id, code, omop)
        return self.names(concept_id, name) if by_code is None else by_code

    def code_matches(self, concept_id: str, code: Optional[str], omop: Optional[ConceptIds] = None) -> Optional[bool]:
        """Is the record's code one of the concept's (None: no code, or a system the
        concept has no codes for, so the name decides)? An OMOP concept id the vocabulary
        cannot settle is no match (``unreadable`` says so)."""
        system, value = split_code(code)
        if system == OMOP and value:
            concept = self.by_id[concept_id]
            under = omop is not None and value.isdigit() and int(value) in omop.get(concept_id, ())
            if not concept.coded:  # no codes, or codes that only add to the names
                return True if under else None
            return under
        known = self._codes[concept_id].get(system)
        if known is None or not value:
            return None
        if LABELS[system] != "ICD-10-CM":
            return value in known
        lineage = icd10cm_lineage(value)
        return None if lineage is None else not known.isdisjoint(lineage)

    def unreadable(self, concept_id: str, code: Optional[str], omop: Optional[ConceptIds]) -> bool:
        """Is the record coded by an OMOP concept id that no vocabulary resolves for this
        coded concept (none given, or one holding none of its codes)?"""
        system, value = split_code(code)
        return system == OMOP and bool(value) and self.by_id[concept_id].coded and \
            (omop is None or concept_id not in omop)


def split_code(code: Optional[str]) -> tuple[str, str]:
    """'system|code' -> (system, code); ('', '') when there is none."""
    system, _, value = (code or "").rpartition("|")
    return system, value.strip()


def code_label(code: str) -> str:
    """'http://snomed.info/sct|77386006' -> 'SNOMED 77386006', as a reason names it."""
    system, value = split_code(code)
    return f"{LABELS.get(system, system)} {value}"


@lru_cache(maxsize=4096)
def icd10cm_lineage(code: str) -> Optional[frozenset[str]]:
    """An ICD-10-CM code with its ancestors (categories, blocks, chapter), dotless; None
    when it is no ICD-10-CM code. The tree loads on first use (about 2 s): only a record
    coded in ICD-10-CM needs it."""
    with warnings.catch_warnings():  # its data loads through importlib.resources calls since deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd10cm
    if not icd10cm.is_valid_item(code):
        return None
    return frozenset(map(_icd_key, (code, *icd10cm.get_ancestors(code))))


def _icd_key(code: str) -> str:
    """ICD-10-CM codes are written with or without the dot ("O09.511", "O09511")."""
    return code.replace(".", "").upper()


@lru_cache(maxsize=1)
def concepts() -> Concepts:
    """concepts.yaml, kept ready in the cache folder (rebuilt when the file or this module
    changes)."""
    data = resources.files("engine").joinpath("data").joinpath("concepts.yaml").read_bytes()
    return prepared("concepts", (data, Path(__file__).read_bytes()),
                    lambda: Concepts([Concept.model_validate(entry) for entry in load_yaml(data.decode("utf-8"))]))
