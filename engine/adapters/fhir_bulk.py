"""Bulk NDJSON lab Observations of the common shape, decoded into typed structs.

Most lines of a bulk export are lab results of one shape: a status, a code, a subject,
a date, a valueQuantity and a reference range. Such a line is decoded with msgspec into
the structs below (types checked in C, only these fields read), and the parts that repeat
from line to line (the code, the category, the subject, the reference range) are kept
as raw JSON and read once per distinct spelling.

Everything else goes to the general mapper, from the line parsed as JSON: another
resource type, a status that is not used, a field the structs do not declare (unknown
fields are refused, so nothing the general path would check goes unread), a value of
another type, a code the catalogue lacks, a missing unit. The fast path decides before it
changes anything, so a line it hands over is mapped from scratch: both ways give the
same results, counts and errors (tests/test_bulk_load.py compares them).
"""
from __future__ import annotations

from typing import Callable, Optional, Union

import msgspec
from msgspec import Raw, Struct, UNSET, UnsetType
from orjson import loads

from . import fhir_map as fm
from ..patients import COMPARATORS, shared_range
from .fhir_observation import FINAL, LOINC, OTHER_UNIT_RANGE, ObservationMapper, _category, \
    _text, _unit_not_given, reference_range, unit_key
from .fhir_map import Malformed, Skip
from .profile import ProfileBuilder
from .report import LoadReport

# orjson reads an integer beyond 64 bits as a float, msgspec as an int: such a value is
# left to the general path, which reads it as orjson does.
_INT_RANGE = range(-2 ** 63, 2 ** 64)
_CACHE_SIZE = 65536     # distinct spellings kept per kind (subjects can be millions)
_EMPTY = Raw()
_GENERAL = object()     # a cached part the fast path does not map
_UNREAD = object()      # a date not in the cache (None is a date: a partial one)
_NO_RANGE = (None, False)
# The LabResult status of each Observation status used.
_LAB_STATUS = {**dict.fromkeys(FINAL, "final"), "preliminary": "preliminary"}


# gc=False: the structs hold only text, numbers, Raw parts and a list of text, nothing
# that could lead back to them (no cycle), and untracked ones are cheaper to make and free.
class _Reference(Struct, forbid_unknown_fields=True, gc=False):
    reference: Union[str, UnsetType] = UNSET
    type: Union[str, UnsetType] = UNSET
    display: Union[str, UnsetType] = UNSET


class _Meta(Struct, forbid_unknown_fields=True, gc=False):
    versionId: Union[str, UnsetType] = UNSET
    lastUpdated: Union[str, UnsetType] = UNSET
    source: Union[str, UnsetType] = UNSET
    profile: Union[list[str], UnsetType] = UNSET


class _Quantity(Struct, forbid_unknown_fields=True, gc=False):
    value: Union[int, float]
    comparator: Optional[str] = None    # null too: the general path reads it as no comparator
    unit: Union[str, UnsetType] = UNSET
    system: Union[str, UnsetType] = UNSET
    code: Union[str, UnsetType] = UNSET


class _Observation(Struct, forbid_unknown_fields=True, gc=False):
    """The fields read, and a few others that hold only text (a Synthea export's
    Observations carry them), checked as such; any other field: the general path."""

    resourceType: str
    status: str
    code: Raw
    subject: Raw
    effectiveDateTime: str
    valueQuantity: _Quantity
    category: Raw = _EMPTY
    referenceRange: Raw = _EMPTY
    id: Union[str, UnsetType] = UNSET
    meta: Union[_Meta, UnsetType] = UNSET
    encounter: Union[_Reference, UnsetType] = UNSET
    issued: Union[str, UnsetType] = UNSET


_decode = msgspec.json.Decoder(_Observation).decode
# RecursionError: msgspec's limit on nesting is Python's; UnicodeDecodeError: a text field.
_UNREADABLE = (msgspec.MsgspecError, RecursionError, UnicodeDecodeError)


class _Concept:
    """The parts of a line that repeat from line to line (its code, category and reference
    range, as spelled), read once: the coding, the category and, per unit as written, the
    _Use its lines make of them."""

    __slots__ = ("code", "display", "analyte", "category", "ranges", "uses")

    def __init__(self, coding: tuple, category: str, ranges: Optional[bytes]) -> None:
        self.code, self.display, self.analyte = coding
        self.category, self.ranges = category, ranges
        self.uses: dict = {}


class _Use:
    """What every used line of one concept spelling and unit has in common, and how many
    lines used it since the per-code counts were last added (count_used)."""

    __slots__ = ("code", "test", "unit", "reference_range", "other_unit", "lines")

    def __init__(self, code: str, test: str, unit: str, bounds: tuple) -> None:
        self.code, self.test, self.unit = code, test, unit
        self.reference_range, self.other_unit = bounds
        self.lines = 0


class FastObservations:
    """``read(line, ...)`` maps a lab Observation line of the common shape and returns
    True, or returns False, having changed nothing the general path would not change
    too, for the general path to map it. The per-code counts of the lines it maps are
    added by ``count_used``, once a file."""

    def __init__(self, mapper: ObservationMapper, builders: dict[str, ProfileBuilder],
                 report: LoadReport) -> None:
        self.mapper, self.builders, self.report = mapper, builders, report
        self._subjects: dict[bytes, object] = {}        # subject -> the patient's ProfileBuilder
        self._dates: dict[str, object] = {}
        self._concepts: dict[bytes, object] = {}
        # Every _Use made since the last count: a line adds one to its _Use, cheaper than
        # the five counters the general path bumps (count_used adds them up, once a file).
        self._uses: list[_Use] = []

    def read(self, line: bytes, name: str, lineno: int) -> bool:
        try:
            obs = _decode(line)
        except _UNREADABLE:
            return False
        lab_status, q = _LAB_STATUS.get(obs.status), obs.valueQuantity
        if obs.resourceType != "Observation" or lab_status is None:
            return False
        # The cache hits are looked up here, not in a function: this runs once per line.
        text = bytes(obs.subject)
        builder = self._subjects.get(text) or _read(self._subjects, text, self._builder)
        date = self._dates.get(obs.effectiveDateTime, _UNREAD)
        if date is _UNREAD:
            date = _read(self._dates, obs.effectiveDateTime, _date)
        # One key for the three parts, apart by a byte no JSON text holds.
        text = b"\0".join((obs.code, obs.category, obs.referenceRange))
        concept = self._concepts.get(text) or self._concept(text, obs)
        value = q.value
        if builder is _GENERAL or date is _GENERAL or concept is _GENERAL \
                or (type(value) is int and value not in _INT_RANGE):
            return False
        comparator = q.comparator
        if comparator is not None and comparator not in COMPARATORS:
            return False
        unit = q.code if unit_key(q.system, q.code, q.unit) == "code" else q.unit
        use = concept.uses.get(unit) or self._first_use(concept, unit)
        if use is _GENERAL:
            return False
        # lab_fields's dict: every value is of its field's type here (msgspec checked
        # them, the cached parts were read by the general path's functions).
        fields = {"test": use.test, "value": value, "unit": use.unit, "date": date, "comparator": comparator,
                  "reference_range": use.reference_range, "status": lab_status}
        if lab_status == "final":       # the common case, without a call: nothing to note
            builder.labs.append(fields)
        else:
            builder.add_lab_fields(fields, f"{name}:{lineno}")
        use.lines += 1
        return True

    def _concept(self, text: bytes, obs: _Observation):
        if len(self._concepts) >= _CACHE_SIZE:
            self.count_used()       # which forgets the concepts, and with them their uses
        return _read(self._concepts, text, _concept_of, obs, self.mapper.cat)

    def _builder(self, subject: bytes):
        """The ProfileBuilder of the patient a subject points at, made as the general path
        makes it for any Observation of a used status: first seen, first listed."""
        patient_id = fm.patient_reference(loads(subject))
        if patient_id is None:
            return _GENERAL
        builder = self.builders.get(patient_id)
        if builder is None:
            builder = self.builders[patient_id] = ProfileBuilder(id=patient_id, validate=False)
        return builder

    def _first_use(self, concept: _Concept, unit):
        """The _Use of a concept's lines in one unit as written, made when a line is first
        used with them: what the general path notes of a code's first used line (display,
        category) is noted here, as a later line of the same spelling would note the same."""
        given = unit
        if not unit:
            try:
                unit = _unit_not_given(concept.analyte)
            except Skip:
                concept.uses[given] = _GENERAL
                return _GENERAL
        bounds = _NO_RANGE
        if concept.ranges is not None:
            try:
                bounds = _reference_range(concept.ranges, unit)
            except (ValueError, Malformed):
                concept.uses[given] = _GENERAL
                return _GENERAL
        seen = self.mapper.catalogued(concept.code)[1]
        if not seen.display:
            seen.display = concept.display
        if not seen.category:
            seen.category = concept.category
        use = concept.uses[given] = _Use(concept.code, seen.code, unit, bounds)
        self._uses.append(use)
        return use

    def count_used(self) -> None:
        """Adds to the report what the lines mapped since the last call count, per code
        and unit, as the general path counts each line. The concepts read are forgotten,
        so that every _Use a later line adds to is a new one, on the list to be counted."""
        report, other_unit_ranges = self.report, 0
        for use in self._uses:
            lines = use.lines
            if not lines:
                continue
            _, seen = self.mapper.catalogued(use.code)
            seen.numeric += lines
            seen.count += lines
            seen.used += lines
            seen.units[use.unit or "(none)"] += lines
            report.use("Observation", lines)
            if use.other_unit:
                other_unit_ranges += lines
        self._uses, self._concepts = [], {}
        if other_unit_ranges:
            report.note(OTHER_UNIT_RANGE, other_unit_ranges)


def _concept_of(_key: bytes, obs: _Observation, cat):
    """The _Concept of a line's code, category and reference range; _GENERAL when the
    catalogue lacks the code or a part is malformed."""
    coding = _catalogued_coding(bytes(obs.code), cat)
    category = _category({"category": loads(bytes(obs.category))}) if obs.category else ""
    if coding is _GENERAL:
        return _GENERAL
    return _Concept(coding, category, bytes(obs.referenceRange) if obs.referenceRange else None)


def _catalogued_coding(concept: bytes, cat):
    """(code, display, analyte) of the first LOINC coding the catalogue holds, as the
    general path finds it; _GENERAL when there is none or the concept is malformed."""
    concept = loads(concept)
    codings = (concept.get("coding") or []) if isinstance(concept, dict) else None
    if not isinstance(codings, list):
        return _GENERAL
    for coding in codings:
        if not isinstance(coding, dict):
            continue
        code = coding.get("code")
        if code and coding.get("system") == LOINC:
            if type(code) is not str:
                return _GENERAL
            if code in cat.by_loinc:
                return code, _text(coding.get("display")), cat[cat.by_loinc[code]]
    return _GENERAL


def _read(cache: dict, text: bytes, read: Callable, *args):
    """``read(text, *args)`` of a raw JSON part, kept in ``cache``; _GENERAL when it is not
    valid JSON or ``read`` finds it malformed."""
    try:
        found = read(text, *args)
    except (ValueError, Malformed):     # orjson's JSONDecodeError is a ValueError
        found = _GENERAL
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[text] = found
    return found


def _date(effective: str):
    return fm.fhir_date(effective, "effectiveDateTime")


def _reference_range(ranges: bytes, unit: Optional[str]):
    """(the lab's shared ReferenceRange, stated in another unit)."""
    ranges = loads(ranges)
    if not ranges:
        return _NO_RANGE
    low, high, other_unit = reference_range(ranges, "referenceRange", unit)
    return shared_range(low, high), other_unit
