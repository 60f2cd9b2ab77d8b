"""FHIR Observations -> lab results: status, code, value, unit, reference range.

Only a LOINC code the analyte catalogue holds maps a result; a value is a number
(valueQuantity, valueInteger, or a scale's LOINC answer code), with its unit where
the analyte needs one. Anything else is skipped with its reason and counted per code,
which is what ``elig profile-report`` shows.
"""
from __future__ import annotations

import math
import re
from typing import Optional

from ..analytes import Analyte, catalogue
from ..units import to_ucum
from .fhir_map import LOINC, UCUM, Malformed, Skip, codings_of, display_name, effective_date, first_code
from .profile import ProfileBuilder
from .report import LoadReport

OBSERVATION_STATUSES = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                        "entered-in-error", "unknown"}
FINAL = {"final", "amended", "corrected"}
COMPARATORS = {"<", "<=", ">", ">="}
# LOINC answer lists: ECOG LL529-9 (answers of 89247-1), Karnofsky LL4986-7 (89243-0).
SCORE_ANSWERS = {
    "ecog": {"LA9622-7": 0, "LA9623-5": 1, "LA9624-3": 2, "LA9625-0": 3, "LA9626-8": 4,
             "LA9627-6": 5},
    "karnofsky": {"LA29175-9": 100, "LA29176-7": 90, "LA29177-5": 80, "LA29178-3": 70,
                  "LA29179-1": 60, "LA29180-9": 50, "LA29181-7": 40, "LA29182-5": 30,
                  "LA29183-3": 20, "LA29184-1": 10, "LA9627-6": 0},
}
_INTEGER = re.compile(r"^\s*\d{1,3}\s*$")


class ObservationMapper:
    """Observation -> lab results (one per value: a panel's components each give one)."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.cat = catalogue()

    def __call__(self, res: dict, b: ProfileBuilder, where: str) -> None:
        status = res.get("status")
        if status is None:
            raise Malformed("status", "missing (an Observation must have a status)")
        if status not in OBSERVATION_STATUSES:
            raise Malformed("status", f"'{status}' is not an Observation status")
        date = effective_date(res)
        category = _category(res)
        components = res.get("component")
        if components and not any(k.startswith("value") for k in res):
            if not isinstance(components, list):
                raise Malformed("component", "expected a list")
            used, reasons = 0, []
            for i, part in enumerate(components):
                try:
                    self._value(part, f"component[{i}].", status, date, b, where, category)
                    used += 1
                except Skip as skip:
                    reasons.append(str(skip))
            if not used:
                raise Skip(reasons[0] if reasons else "panel without components")
            return
        self._value(res, "", status, date, b, where, category)

    def _value(self, part: dict, field: str, status: str, date, b: ProfileBuilder, where: str,
               category: str = "") -> None:
        if not isinstance(part, dict):
            raise Malformed(field.rstrip("."), "expected an object")
        numeric = "valueQuantity" in part or "valueInteger" in part
        analyte, seen = self._analyte(part, field, category, numeric)
        seen.count += 1
        try:
            self._check_status(status)
            value, comparator, unit = self._number(part, field, analyte)
            unit = self._unit(unit, analyte)
            seen.units[unit or "(none)"] += 1
            low, high = self._range(part.get("referenceRange"), f"{field}referenceRange", unit)
        except Skip as skip:
            seen.skipped[str(skip)] += 1
            raise
        b.add_lab(seen.code, value, unit, date, comparator, low, high,
                  "final" if status in FINAL else "preliminary", where)
        seen.used += 1

    def _analyte(self, part: dict, field: str, category: str, numeric: bool):
        codings = codings_of(part.get("code"), f"{field}code")
        if not codings and not part.get("code"):
            raise Malformed(f"{field}code", "missing (an Observation must have a code)")
        loinc = [c for c in codings if c.get("system") == LOINC and c.get("code")]
        for coding in loinc:
            analyte_id = self.cat.by_loinc.get(coding["code"])
            if analyte_id:
                seen = self.report.code(coding["code"], coding.get("display", ""), analyte_id)
                seen.category = seen.category or category
                seen.numeric += numeric
                return self.cat[analyte_id], seen
        first = loinc[0] if loinc else (codings[0] if codings else {})
        key = first.get("code", "") if loinc else \
            (f"{first.get('system', '')}|{first.get('code', '')}" if first else display_name(part.get("code"), []))
        seen = self.report.code(key, first.get("display", "") or display_name(part.get("code") or {}, codings))
        seen.category = seen.category or category
        seen.count += 1
        seen.numeric += numeric
        reason = "code not in the analyte catalogue" if loinc else "no LOINC code"
        seen.skipped[reason] += 1
        raise Skip(reason)

    @staticmethod
    def _check_status(status: str) -> None:
        if status in ("entered-in-error", "cancelled"):
            raise Skip(f"status {status}")
        if status == "registered":
            raise Skip("status registered (no result yet)")
        if status == "unknown":
            raise Skip("status unknown")

    def _number(self, part: dict, field: str, analyte: Analyte):
        """(value, comparator, unit as written) from whichever value[x] is present."""
        if "valueQuantity" in part:
            q = part["valueQuantity"]
            if not isinstance(q, dict):
                raise Malformed(f"{field}valueQuantity", "expected a Quantity")
            value = q.get("value")
            if value is None:
                raise Skip("quantity without a value")
            if type(value) is not float:
                value = _decimal(value, f"{field}valueQuantity.value")
            comparator = q.get("comparator")
            if comparator == "ad":
                raise Skip("comparator 'ad' (sufficient amount) is not a threshold")
            if comparator is not None and comparator not in COMPARATORS:
                raise Malformed(f"{field}valueQuantity.comparator", f"'{comparator}' is not a comparator")
            unit = q.get("code") if q.get("system") == UCUM and q.get("code") else (q.get("unit") or q.get("code"))
            return value, comparator, unit
        if "valueInteger" in part:
            value = part["valueInteger"]
            if isinstance(value, bool) or not isinstance(value, int):
                raise Malformed(f"{field}valueInteger", f"expected an integer, got {value!r}")
            return value, None, None
        if "valueCodeableConcept" in part and analyte.id in SCORE_ANSWERS:
            for coding in codings_of(part["valueCodeableConcept"], f"{field}valueCodeableConcept"):
                if coding.get("system") == LOINC and coding.get("code") in SCORE_ANSWERS[analyte.id]:
                    return SCORE_ANSWERS[analyte.id][coding["code"]], None, None
            raise Skip("coded value not on the scale's LOINC answer list")
        if "valueString" in part and analyte.is_score and _INTEGER.match(str(part["valueString"])):
            return int(part["valueString"]), None, None
        if "dataAbsentReason" in part:
            reason = first_code(part, "dataAbsentReason") or "given"
            raise Skip(f"no value (data absent: {reason})")
        kinds = [k for k in part if k.startswith("value")]
        raise Skip(f"{kinds[0]} is not a number" if kinds else "no value")

    @staticmethod
    def _unit(unit: Optional[str], analyte: Analyte) -> Optional[str]:
        if unit:
            return unit
        if analyte.unit_optional:
            return analyte.unit if analyte.is_score else None
        raise Skip("no unit")

    def _range(self, ranges, field: str, unit: Optional[str]) -> tuple[Optional[float], Optional[float]]:
        """The lab's normal range (the first one for no particular age or population),
        used only when it is stated in the result's own unit."""
        if not ranges:
            return None, None
        if not isinstance(ranges, list):
            raise Malformed(field, "expected a list")
        for rng in ranges:
            if not isinstance(rng, dict) or "appliesTo" in rng or "age" in rng:
                continue
            if "type" in rng and first_code(rng, "type") not in (None, "normal"):
                continue
            low, high = (self._bound(rng.get(side), f"{field}.{side}", unit) for side in ("low", "high"))
            if low is _OTHER_UNIT or high is _OTHER_UNIT:
                self.report.note("reference range in another unit than the result: not used")
                return None, None
            if low is not None or high is not None:
                return low, high
        return None, None

    @staticmethod
    def _bound(q, field: str, unit: Optional[str]):
        if not isinstance(q, dict) or q.get("value") is None:
            return None
        stated = _quantity_unit(q)
        if stated and unit and stated != unit and (to_ucum(stated) or stated) != (to_ucum(unit) or unit):
            return _OTHER_UNIT
        return _decimal(q["value"], f"{field}.value")


_OTHER_UNIT = object()


def _category(res: dict) -> str:
    categories = res.get("category")
    if isinstance(categories, list) and categories:
        codings = codings_of(categories[0], "category[0]")
        return str(codings[0].get("code", "")) if codings else ""
    return ""


def _quantity_unit(q: dict) -> Optional[str]:
    return q.get("code") if q.get("system") == UCUM and q.get("code") else (q.get("unit") or q.get("code"))


def _decimal(value, field: str) -> float:
    if isinstance(value, bool):
        raise Malformed(field, f"expected a number, got {value!r}")
    try:
        number = value if isinstance(value, (int, float)) else float(str(value))
    except ValueError:
        raise Malformed(field, f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise Malformed(field, f"expected a finite number, got {value!r}")
    return number
