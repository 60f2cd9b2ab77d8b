"""FHIR Observations -> lab results: status, code, value, unit, reference range.

Only a LOINC code the analyte catalogue holds maps a result; a value is a number
(valueQuantity, valueInteger, or a scale's LOINC answer code), with its unit where
the analyte needs one. Anything else is skipped with its reason and counted per code,
which is what ``elig profile-report`` shows.

The mapper reads the JSON object in one pass (no fhir.resources model: the bulk
reader maps hundreds of thousands of results) and serves the validated per-patient
path and the bulk reader alike, so both apply the same rules.
"""
from __future__ import annotations

import re
from math import isfinite
from typing import NamedTuple, Optional

from ..analytes import Analyte, catalogue
from ..errors import got, shown
from ..patients import COMPARATORS
from ..units import to_ucum
from .fhir_map import LOINC, UCUM, Malformed, Skip, codings_of, display_name, effective_date, first_code
from .profile import ProfileBuilder
from .report import CodeSeen, LoadReport

OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                        "entered-in-error", "unknown"}
FINAL = {"final", "amended", "corrected"}
NOT_USED = {"entered-in-error": "status entered-in-error", "cancelled": "status cancelled",
            "registered": "status registered (no result yet)", "unknown": "status unknown"}
# LOINC answer lists: ECOG LL529-9 (answers of 89247-1), Karnofsky LL4986-7 (89243-0).
SCORE_ANSWERS = {
    "ecog": {"LA9622-7": 0, "LA9623-5": 1, "LA9624-3": 2, "LA9625-0": 3, "LA9626-8": 4,
             "LA9627-6": 5},
    "karnofsky": {"LA29175-9": 100, "LA29176-7": 90, "LA29177-5": 80, "LA29178-3": 70,
                  "LA29179-1": 60, "LA29180-9": 50, "LA29181-7": 40, "LA29182-5": 30,
                  "LA29183-3": 20, "LA29184-1": 10, "LA9627-6": 0},
}
_INTEGER = re.compile(r"^\s*\d{1,3}\s*$")


class _Paths(NamedTuple):
    """The field paths of one value (the Observation, or one of its components), for
    error messages: made once, not on every record."""

    code: str
    coding_code: str
    quantity: str
    integer: str
    answer: str
    ranges: str

    @classmethod
    def of(cls, prefix: str) -> "_Paths":
        return cls(f"{prefix}code", f"{prefix}code.coding.code", f"{prefix}valueQuantity",
                   f"{prefix}valueInteger", f"{prefix}valueCodeableConcept", f"{prefix}referenceRange")


_TOP = _Paths.of("")


class ObservationMapper:
    """Observation -> lab results (one per value: a panel's components each give one)."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.cat = catalogue()
        # LOINC code -> (analyte, its counts): each distinct code is looked up once.
        self._mapped: dict[str, tuple[Analyte, CodeSeen]] = {}

    def __call__(self, res: dict, b: ProfileBuilder, where: str) -> None:
        status = res.get("status")
        if type(status) is not str or status not in OBSERVATION_STATUSES:
            raise Malformed("status", "missing (an Observation must have a status)" if status is None
                            else f"{shown(status)} is not an Observation status")
        date = effective_date(res)
        category = _category(res)
        components = res.get("component")
        if not components:
            self._value(res, _TOP, status, date, b, where, category)
        else:
            # A panel (blood pressure) has only components; a result may carry its own value
            # and components too (a DLCO in mL/min/mmHg with its % of predicted): each part
            # that maps gives a result, and the record is used when one does.
            valued = any(k.startswith("value") for k in res)
            self._panel(res if valued else None, components, status, date, b, where, category)

    def _panel(self, valued: Optional[dict], components, status: str, date, b: ProfileBuilder, where: str,
               category: str) -> None:
        if not isinstance(components, list):
            raise Malformed("component", "expected a list")
        parts = [(i, part, _Paths.of(f"component[{i}].")) for i, part in enumerate(components)]
        if valued is not None:
            parts.insert(0, (None, valued, _TOP))
        used, reasons = 0, []
        for i, part, paths in parts:
            if not isinstance(part, dict):
                raise Malformed(f"component[{i}]", "expected an object")
            try:
                self._value(part, paths, status, date, b, where, category)
                used += 1
            except Skip as skip:
                reasons.append(str(skip))
        if not used:
            raise Skip(reasons[0] if reasons else "panel without components")

    def _value(self, part: dict, paths: _Paths, status: str, date, b: ProfileBuilder, where: str,
               category: str) -> None:
        numeric = "valueQuantity" in part or "valueInteger" in part
        analyte, seen = self._analyte(part, paths, category, numeric)
        seen.count += 1
        try:
            if status in NOT_USED:
                raise Skip(NOT_USED[status])
            value, comparator, unit = self._number(part, paths, analyte)
            if not unit:
                unit = _unit_not_given(analyte)
            seen.units[unit or "(none)"] += 1
            ranges = part.get("referenceRange")
            low, high = self._range(ranges, paths.ranges, unit) if ranges else (None, None)
        except Skip as skip:
            seen.skipped[str(skip)] += 1
            raise
        b.add_lab(seen.code, value, unit, date, comparator, low, high,
                  "final" if status in FINAL else "preliminary", where)
        seen.used += 1

    def _analyte(self, part: dict, paths: _Paths, category: str, numeric: bool) -> tuple[Analyte, CodeSeen]:
        """The analyte of the first LOINC coding the catalogue holds, with its counts;
        Skip (counted under the code) when there is none."""
        concept = part.get("code")
        codings = codings_of(concept, paths.code)
        if not codings and not concept:
            raise Malformed(paths.code, "missing (an Observation must have a code)")
        for coding in codings:
            code = coding.get("code")
            if code and coding.get("system") == LOINC:
                found = (self._mapped.get(code) if type(code) is str else None) or self._look_up(code, paths)
                if found:
                    analyte, seen = found
                    if not seen.display:
                        seen.display = _text(coding.get("display"))
                    seen.category = seen.category or category
                    seen.numeric += numeric
                    return analyte, seen
        loinc = [c for c in codings if c.get("system") == LOINC and c.get("code")]
        self._count_unmapped(part, codings, loinc, category, numeric)
        raise Skip("code not in the analyte catalogue" if loinc else "no LOINC code")

    def catalogued(self, code: str) -> tuple[Analyte, CodeSeen]:
        """The analyte and counts of a LOINC code the catalogue holds."""
        return self._mapped.get(code) or self._look_up(code, _TOP)

    def _look_up(self, code, paths: _Paths) -> Optional[tuple[Analyte, CodeSeen]]:
        if type(code) is not str:
            raise Malformed(paths.coding_code, f"expected a string{got(code)}")
        analyte_id = self.cat.by_loinc.get(code)
        if analyte_id is None:
            return None
        found = self._mapped[code] = (self.cat[analyte_id], self.report.code(code, "", analyte_id))
        return found

    def _count_unmapped(self, part: dict, codings: list[dict], loinc: list[dict], category: str,
                        numeric: bool) -> None:
        first = loinc[0] if loinc else (codings[0] if codings else {})
        key = first.get("code", "") if loinc else \
            (f"{first.get('system', '')}|{first.get('code', '')}" if first else display_name(part.get("code"), []))
        seen = self.report.code(key, _text(first.get("display")) or display_name(part.get("code") or {}, codings))
        seen.category = seen.category or category
        seen.count += 1
        seen.numeric += numeric
        seen.skipped["code not in the analyte catalogue" if loinc else "no LOINC code"] += 1

    @staticmethod
    def _number(part: dict, paths: _Paths, analyte: Analyte):
        """(value, comparator, unit as written) from whichever value[x] is present."""
        if "valueQuantity" in part:
            return _quantity(part["valueQuantity"], paths.quantity)
        if "valueInteger" in part:
            value = part["valueInteger"]
            if isinstance(value, bool) or not isinstance(value, int):
                raise Malformed(paths.integer, f"expected an integer{got(value)}")
            return value, None, None
        if "valueCodeableConcept" in part and analyte.id in SCORE_ANSWERS:
            answers = SCORE_ANSWERS[analyte.id]
            for coding in codings_of(part["valueCodeableConcept"], paths.answer):
                code = coding.get("code")
                if coding.get("system") == LOINC and type(code) is str and code in answers:
                    return answers[code], None, None
            raise Skip("coded value not on the scale's LOINC answer list")
        if "valueString" in part and analyte.is_score and _INTEGER.match(str(part["valueString"])):
            return int(part["valueString"]), None, None
        if "dataAbsentReason" in part:
            reason = first_code(part, "dataAbsentReason") or "given"
            raise Skip(f"no value (data absent: {reason})")
        kinds = [k for k in part if k.startswith("value")]
        raise Skip(f"{kinds[0]} is not a number" if kinds else "no value")

    def _range(self, ranges, field: str, unit: Optional[str]) -> tuple[Optional[float], Optional[float]]:
        low, high, other_unit = reference_range(ranges, field, unit)
        if other_unit:
            self.report.note(OTHER_UNIT_RANGE)
        return low, high


OTHER_UNIT_RANGE = "reference range in another unit than the result: not used"


def reference_range(ranges, field: str, unit: Optional[str]) -> tuple[Optional[float], Optional[float], bool]:
    """The lab's normal range (the first one for no particular age or population), used
    only when it is stated in the result's own unit: (low, high, stated in another unit)."""
    if not isinstance(ranges, list):
        raise Malformed(field, "expected a list")
    for rng in ranges:
        if not isinstance(rng, dict) or "appliesTo" in rng or "age" in rng:
            continue
        if "type" in rng and first_code(rng, "type") not in (None, "normal"):
            continue
        low = _bound(rng.get("low"), field, ".low", unit)
        high = _bound(rng.get("high"), field, ".high", unit)
        if low is _OTHER_UNIT or high is _OTHER_UNIT:
            return None, None, True
        if low is not None or high is not None:
            return low, high, False
    return None, None, False


_OTHER_UNIT = object()


def _unit_not_given(analyte: Analyte) -> Optional[str]:
    """A result without a unit: a score's own unit, None for a unitless analyte, else Skip."""
    if analyte.unit_optional:
        return analyte.unit if analyte.is_score else None
    raise Skip("no unit")


def _quantity(q, field: str):
    """A valueQuantity -> (value, comparator, unit as written)."""
    if not isinstance(q, dict):
        raise Malformed(field, "expected a Quantity")
    value = q.get("value")
    if value is None:
        raise Skip("quantity without a value")
    if type(value) is not float or not isfinite(value):
        value = _decimal(value, f"{field}.value")
    comparator = q.get("comparator")
    if comparator is not None:
        if comparator == "ad":
            raise Skip("comparator 'ad' (sufficient amount) is not a threshold")
        if comparator not in COMPARATORS:
            raise Malformed(f"{field}.comparator", f"{shown(comparator)} is not a comparator")
    return value, comparator, _quantity_unit(q, field)


def _quantity_unit(q: dict, field: str) -> Optional[str]:
    """The UCUM code when the quantity gives one, else the unit as displayed."""
    key = unit_key(q.get("system"), q.get("code"), q.get("unit"))
    unit = q.get(key)
    if unit and not isinstance(unit, str):
        raise Malformed(f"{field}.{key}", f"expected a string{got(unit)}")
    return unit


def unit_key(system, code, unit) -> str:
    """Which field of a Quantity holds its unit: the UCUM code when there is one, else
    the unit as displayed."""
    return "code" if system == UCUM and code else ("unit" if unit else "code")


def _bound(q, ranges: str, side: str, unit: Optional[str]):
    """One end of a reference range: its number, None, or _OTHER_UNIT."""
    if not isinstance(q, dict):
        return None
    value = q.get("value")
    if value is None:
        return None
    if unit is None or q.get("code") != unit or q.get("system") != UCUM:   # else: the result's own unit
        stated = _quantity_unit(q, ranges + side)
        if stated and unit and stated != unit and (to_ucum(stated) or stated) != (to_ucum(unit) or unit):
            return _OTHER_UNIT
    return value if type(value) is float and isfinite(value) else _decimal(value, f"{ranges}{side}.value")


def _category(res: dict) -> str:
    categories = res.get("category")
    if isinstance(categories, list) and categories:
        codings = codings_of(categories[0], "category[0]")
        return str(codings[0].get("code", "")) if codings else ""
    return ""


def _text(value) -> str:
    """A display as text: a coding's display that is not a string is not shown."""
    return value if isinstance(value, str) else ""


def _decimal(value, field: str) -> float:
    if isinstance(value, bool):
        raise Malformed(field, f"expected a number{got(value)}")
    try:
        number = value if isinstance(value, (int, float)) else float(str(value))
    except ValueError:
        raise Malformed(field, f"expected a number{got(value)}") from None
    if not isfinite(number):
        raise Malformed(field, f"expected a finite number{got(value)}")
    return number
