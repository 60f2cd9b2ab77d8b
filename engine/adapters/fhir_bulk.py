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

from collections import Counter
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
from .report import CodeSeen, LoadReport

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


class FastObservations:
    """``read(line, ...)`` maps a lab Observation line of the common shape and returns
    True, or returns False, having changed nothing, for the general path to map it.
    The per-code counts of the lines it maps are added by ``count_used``, once a file."""

    def __init__(self, mapper: ObservationMapper, builders: dict[str, ProfileBuilder],
                 report: LoadReport) -> None:
        self.mapper, self.builders, self.report = mapper, builders, report
        self._subjects: dict[bytes, object] = {}
        self._dates: dict[str, object] = {}
        self._codes: dict[bytes, object] = {}
        self._seen: dict[str, CodeSeen] = {}            # LOINC code -> the report's counts
        self._categories: dict[bytes, object] = {}
        self._ranges: dict[Optional[str], dict[bytes, object]] = {}     # per result unit
        # (code, unit) of each line mapped since the last count: a tuple a line is cheaper
        # than the five counters the general path bumps, and Counter tallies them in C.
        self._used: list[tuple[str, Optional[str]]] = []
        self._other_unit_ranges = 0

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
        patient_id = self._subjects.get(text) or _read(self._subjects, text, _subject)
        date = self._dates.get(obs.effectiveDateTime, _UNREAD)
        if date is _UNREAD:
            date = _read(self._dates, obs.effectiveDateTime, _date)
        category = ""
        if obs.category:
            text = bytes(obs.category)
            category = self._categories.get(text)
            if category is None:
                category = _read(self._categories, text, _category_of)
        text = bytes(obs.code)
        coding = self._codes.get(text) or _read(self._codes, text, self._catalogued_coding)
        value = q.value
        if patient_id is _GENERAL or date is _GENERAL or category is _GENERAL or coding is _GENERAL \
                or (type(value) is int and value not in _INT_RANGE):
            return False
        comparator = q.comparator
        if comparator is not None and comparator not in COMPARATORS:
            return False
        unit = q.code if unit_key(q.system, q.code, q.unit) == "code" else q.unit
        code, display, analyte = coding
        if not unit:
            try:
                unit = _unit_not_given(analyte)
            except Skip:
                return False
        bounds = _NO_RANGE
        if obs.referenceRange:
            text, ranges = bytes(obs.referenceRange), self._ranges.setdefault(unit, {})
            bounds = ranges.get(text) or _read(ranges, text, _reference_range, unit)
        if bounds is _GENERAL:
            return False
        # What the general path does with a used lab Observation, in the same order, but for
        # the counts (count_used): the first display and category still come first. Inline,
        # as the cache hits are: a call with these arguments was a tenth of a line's cost.
        builder = self.builders.get(patient_id)
        if builder is None:
            builder = self.builders[patient_id] = ProfileBuilder(id=patient_id, validate=False)
        seen = self._seen.get(code) or self._first_seen(code)
        if not seen.display:
            seen.display = display
        if not seen.category:
            seen.category = category
        reference_range, other_unit = bounds
        if other_unit:
            self._other_unit_ranges += 1
        # lab_fields's dict: every value is of its field's type here (msgspec checked
        # them, the cached parts were read by the general path's functions).
        fields = {"test": seen.code, "value": value, "unit": unit, "date": date, "comparator": comparator,
                  "reference_range": reference_range, "status": lab_status}
        if lab_status == "final":       # the common case, without a call: nothing to note
            builder.labs.append(fields)
        else:
            builder.add_lab_fields(fields, f"{name}:{lineno}")
        self._used.append((code, unit))
        return True

    def _first_seen(self, code: str) -> CodeSeen:
        """The report's counts of a catalogued code, looked up when a line first uses it."""
        seen = self._seen[code] = self.mapper.catalogued(code)[1]
        return seen

    def count_used(self) -> None:
        """Adds to the report what the lines mapped since the last call count, per code
        and unit, as the general path counts each line."""
        report = self.report
        for (code, unit), lines in Counter(self._used).items():
            _, seen = self.mapper.catalogued(code)
            seen.numeric += lines
            seen.count += lines
            seen.used += lines
            seen.units[unit or "(none)"] += lines
            report.use("Observation", lines)
        self._used = []
        if self._other_unit_ranges:
            report.note(OTHER_UNIT_RANGE, self._other_unit_ranges)
            self._other_unit_ranges = 0

    def _catalogued_coding(self, concept: bytes):
        """(code, display, analyte) of the first LOINC coding the catalogue holds, as the
        general path finds it; _GENERAL when there is none or the concept is malformed."""
        concept = loads(concept)
        codings = (concept.get("coding") or []) if isinstance(concept, dict) else None
        if not isinstance(codings, list):
            return _GENERAL
        cat = self.mapper.cat
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


def _subject(reference: bytes):
    patient_id = fm.patient_reference(loads(reference))
    return _GENERAL if patient_id is None else patient_id


def _category_of(categories: bytes) -> str:
    return _category({"category": loads(categories)})


def _date(effective: str):
    return fm.fhir_date(effective, "effectiveDateTime")


def _reference_range(ranges: bytes, unit: Optional[str]):
    """(the lab's shared ReferenceRange, stated in another unit)."""
    ranges = loads(ranges)
    if not ranges:
        return _NO_RANGE
    low, high, other_unit = reference_range(ranges, "referenceRange", unit)
    return shared_range(low, high), other_unit
