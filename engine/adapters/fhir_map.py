"""FHIR R4 resources (as parsed JSON) -> entries of one patient's profile.

One function per resource type. Each either adds to a ProfileBuilder or raises
``Skip`` (the record is fine but not usable: unknown code, no unit, refuted...) or
``Malformed`` (a field the standard requires is missing or has an impossible value).
The validated per-patient path turns Malformed into an InputError; the bulk path
counts it as a skip naming the field. Nothing here guesses: an Observation whose
code, unit or value cannot be read exactly is skipped and counted, never used.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, partial
from typing import Callable, Optional

from ..analytes import Analyte, catalogue
from ..patients import ConditionEntry, MedicationEntry, ProcedureEntry
from ..units import to_ucum
from .profile import PendingMedication, ProfileBuilder
from .report import LoadReport

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"

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
_SEMANTIC_TAG = re.compile(r"\s+\((disorder|finding|situation|procedure|morphologic abnormality|"
                           r"event|regime/therapy|observable entity|qualifier value|person)\)$")
_INTEGER = re.compile(r"^\s*\d{1,3}\s*$")


class Skip(Exception):
    """A well-formed record the screening cannot use; the message is the counted reason."""


class Malformed(Exception):
    """A record that breaks the FHIR standard: ``field`` names where."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# ------------------------------------------------------------------ helpers
def _date(value, field: str) -> Optional[dt.date]:
    """A FHIR date/dateTime as written (local date, no time-zone shift). A partial date
    (year or year-month) is no date: recency cannot be checked from it."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Malformed(field, f"expected a date, got {value!r}")
    if len(value) < 10:
        if len(value) in (4, 7) and value[:4].isdigit():
            return None
        raise Malformed(field, f"'{value}' is not a date")
    day = _iso_day(value[:10])
    if day is None or value[4] != "-" or (len(value) > 10 and value[10] != "T"):
        raise Malformed(field, f"'{value}' is not a date")
    return day


@lru_cache(maxsize=65536)
def _iso_day(text: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _effective(res: dict, prefix: str = "effective") -> Optional[dt.date]:
    if f"{prefix}DateTime" in res:
        return _date(res[f"{prefix}DateTime"], f"{prefix}DateTime")
    if f"{prefix}Instant" in res:
        return _date(res[f"{prefix}Instant"], f"{prefix}Instant")
    period = res.get(f"{prefix}Period")
    if isinstance(period, dict):
        return _date(period.get("start"), f"{prefix}Period.start") or \
            _date(period.get("end"), f"{prefix}Period.end")
    return None


def _codings(concept, field: str) -> list[dict]:
    if concept is None:
        return []
    if not isinstance(concept, dict):
        raise Malformed(field, "expected a CodeableConcept")
    codings = concept.get("coding") or []
    if not isinstance(codings, list):
        raise Malformed(f"{field}.coding", "expected a list")
    return [c for c in codings if isinstance(c, dict)]


def _status_code(res: dict, field: str) -> Optional[str]:
    codings = _codings(res.get(field), field)
    return codings[0].get("code") if codings else None


def _name(concept: dict, codings: list[dict]) -> str:
    text = concept.get("text") if isinstance(concept, dict) else None
    if not text:
        text = next((c.get("display") for c in codings if c.get("display")), None)
    if not text:
        text = next((c.get("code") for c in codings if c.get("code")), "")
    return _SEMANTIC_TAG.sub("", str(text)).strip()


def _code(codings: list[dict], preferred: tuple[str, ...] = (SNOMED,)) -> Optional[str]:
    """'system|code' of the preferred system's coding, else of the first coding."""
    ranked = sorted((c for c in codings if c.get("code")),
                    key=lambda c: preferred.index(c.get("system")) if c.get("system") in preferred
                    else len(preferred))
    if not ranked:
        return None
    first = ranked[0]
    return f"{first.get('system', '')}|{first['code']}"


def reference_id(ref) -> Optional[str]:
    """'Patient/123', '.../Patient/123/_history/2' or 'urn:uuid:123' -> '123'."""
    if not isinstance(ref, dict):
        return None
    text = ref.get("reference")
    if not isinstance(text, str) or not text or text.startswith("#"):
        return None
    if text.startswith(("urn:uuid:", "urn:oid:")):
        return text[9:] if text.startswith("urn:uuid:") else text[8:]
    parts = text.split("/")
    if "_history" in parts:
        parts = parts[:parts.index("_history")]
    return parts[-1] if len(parts) >= 2 else None


def patient_reference(ref) -> Optional[str]:
    """The patient id a subject reference points at; None when it points elsewhere
    (a Group, a Device) or nowhere."""
    if not isinstance(ref, dict):
        return None
    text = ref.get("reference")
    if isinstance(text, str) and not text.startswith("urn:") and "/" in text:
        parts = text.split("/")
        if "_history" in parts:
            parts = parts[:parts.index("_history")]
        if len(parts) < 2 or parts[-2] != "Patient":
            return None
    elif ref.get("type") not in (None, "Patient"):
        return None
    return reference_id(ref)


# -------------------------------------------------------------- observation
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
        date = _effective(res)
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
            value, comparator, unit, unit_field = self._number(part, field, analyte)
            unit = self._unit(unit, analyte)
            seen.units[unit or "(none)"] += 1
            low, high = self._range(part.get("referenceRange"), f"{field}referenceRange", unit)
        except Skip as skip:
            seen.skipped[str(skip)] += 1
            raise
        seen.used += 1
        b.add_lab(seen.code, value, unit, date, comparator, low, high,
                  "final" if status in FINAL else "preliminary", where)

    def _analyte(self, part: dict, field: str, category: str, numeric: bool):
        codings = _codings(part.get("code"), f"{field}code")
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
            (f"{first.get('system', '')}|{first.get('code', '')}" if first else _name(part.get("code"), []))
        seen = self.report.code(key, first.get("display", "") or _name(part.get("code") or {}, codings))
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
        """(value, comparator, unit as written, field) from whichever value[x] is present."""
        if "valueQuantity" in part:
            q = part["valueQuantity"]
            if not isinstance(q, dict):
                raise Malformed(f"{field}valueQuantity", "expected a Quantity")
            value = q.get("value")
            if value is None:
                raise Skip("quantity without a value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                value = _decimal(value, f"{field}valueQuantity.value")
            comparator = q.get("comparator")
            if comparator == "ad":
                raise Skip("comparator 'ad' (sufficient amount) is not a threshold")
            if comparator is not None and comparator not in COMPARATORS:
                raise Malformed(f"{field}valueQuantity.comparator", f"'{comparator}' is not a comparator")
            unit = q.get("code") if q.get("system") == UCUM and q.get("code") else (q.get("unit") or q.get("code"))
            return value, comparator, unit, f"{field}valueQuantity"
        if "valueInteger" in part:
            value = part["valueInteger"]
            if isinstance(value, bool) or not isinstance(value, int):
                raise Malformed(f"{field}valueInteger", f"expected an integer, got {value!r}")
            return value, None, None, f"{field}valueInteger"
        if "valueCodeableConcept" in part and analyte.id in SCORE_ANSWERS:
            for coding in _codings(part["valueCodeableConcept"], f"{field}valueCodeableConcept"):
                if coding.get("system") == LOINC and coding.get("code") in SCORE_ANSWERS[analyte.id]:
                    return SCORE_ANSWERS[analyte.id][coding["code"]], None, None, field
            raise Skip("coded value not on the scale's LOINC answer list")
        if "valueString" in part and analyte.is_score and _INTEGER.match(str(part["valueString"])):
            return int(part["valueString"]), None, None, f"{field}valueString"
        if "dataAbsentReason" in part:
            reason = _status_code(part, "dataAbsentReason") or "given"
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
            if "type" in rng and _status_code(rng, "type") not in (None, "normal"):
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
        codings = _codings(categories[0], "category[0]")
        return str(codings[0].get("code", "")) if codings else ""
    return ""


def _quantity_unit(q: dict) -> Optional[str]:
    return q.get("code") if q.get("system") == UCUM and q.get("code") else (q.get("unit") or q.get("code"))


def _decimal(value, field: str) -> float:
    if isinstance(value, bool):
        raise Malformed(field, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        raise Malformed(field, f"expected a number, got {value!r}") from None


# ---------------------------------------------------------------- condition
CONDITION_PRESENT = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
UNCONFIRMED = {"unconfirmed", "provisional", "differential"}


def condition(res: dict, b: ProfileBuilder, where: str, report: LoadReport) -> None:
    """Confirmed (or unstated) -> present; refuted -> an explicit absent; entered-in-error
    and unconfirmed diagnoses are not used (the condition stays unknown, never absent)."""
    verification = _status_code(res, "verificationStatus")
    clinical = _status_code(res, "clinicalStatus")
    if verification == "entered-in-error":
        raise Skip("verification status entered-in-error")
    if verification in UNCONFIRMED:
        raise Skip(f"verification status {verification} (not confirmed)")
    if clinical is not None and clinical not in CONDITION_PRESENT:
        raise Malformed("clinicalStatus", f"'{clinical}' is not a condition clinical status")
    codings = _codings(res.get("code"), "code")
    name = _name(res.get("code") or {}, codings)
    if not name:
        raise Skip("condition without a code or text")
    onset = _effective(res, "onset")
    recorded = _date(res.get("recordedDate"), "recordedDate")
    if verification == "refuted":
        b.conditions.append(_condition_entry(name, codings, "absent", recorded or onset, None))
        return
    end = _effective(res, "abatement")
    if clinical in ("inactive", "remission", "resolved") and end is None:
        report.note(f"condition {clinical} without an abatement date: recorded as present")
    b.conditions.append(_condition_entry(name, codings, "present", onset or recorded, end))


def _condition_entry(name, codings, status, date, end) -> ConditionEntry:
    return ConditionEntry(name=name, code=_code(codings, (SNOMED,)), status=status, date=date, end=end)


# -------------------------------------------------------------- medications
MEDICATION_STATUS = {
    "MedicationRequest": {"active": "active", "on-hold": "unknown", "completed": "completed",
                          "stopped": "stopped", "unknown": "unknown"},
    "MedicationStatement": {"active": "active", "on-hold": "unknown", "completed": "completed",
                            "stopped": "stopped", "unknown": "unknown"},
    "MedicationAdministration": {"in-progress": "active", "on-hold": "unknown",
                                 "completed": "completed", "stopped": "stopped", "unknown": "unknown"},
    "MedicationDispense": {"completed": "completed", "in-progress": "active", "on-hold": "unknown",
                           "stopped": "stopped", "unknown": "unknown"},
}
MEDICATION_NOT_TAKEN = {"cancelled", "entered-in-error", "draft", "not-taken", "intended", "not-done",
                        "preparation", "declined"}
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def medication(res: dict, b: ProfileBuilder, where: str) -> None:
    kind = res["resourceType"]
    status = res.get("status")
    if status in MEDICATION_NOT_TAKEN:
        raise Skip(f"status {status}")
    if status not in MEDICATION_STATUS[kind]:
        raise Malformed("status", f"{status!r} is not a {kind} status" if status else "missing")
    start, end = _medication_dates(res, kind)
    mapped = MEDICATION_STATUS[kind][status]
    if "medicationCodeableConcept" in res:
        codings = _codings(res["medicationCodeableConcept"], "medicationCodeableConcept")
        name = _name(res["medicationCodeableConcept"], codings)
        if not name:
            raise Skip("medication without a code or text")
        b.medications.append(MedicationEntry(name=name, code=_code(codings, (RXNORM,)), status=mapped,
                                             start=start, end=end))
        return
    ref = res.get("medicationReference")
    if isinstance(ref, dict) and (ref.get("reference") or ref.get("display")):
        b.pending.append(PendingMedication(_medication_key(ref.get("reference") or ""),
                                           ref.get("display") or "", mapped, start, end, where))
        return
    raise Malformed("medication[x]", "missing (medicationCodeableConcept or medicationReference)")


def _medication_dates(res: dict, kind: str):
    if kind == "MedicationRequest":
        return _date(res.get("authoredOn"), "authoredOn"), None
    if kind == "MedicationDispense":
        return _date(res.get("whenHandedOver"), "whenHandedOver"), None
    if "effectiveDateTime" in res:
        day = _date(res["effectiveDateTime"], "effectiveDateTime")
        return day, day if kind == "MedicationAdministration" else None
    period = res.get("effectivePeriod")
    if isinstance(period, dict):
        return _date(period.get("start"), "effectivePeriod.start"), _date(period.get("end"), "effectivePeriod.end")
    return None, None


def _medication_key(reference: str) -> str:
    return reference_id({"reference": reference}) or reference


def medication_definition(res: dict) -> tuple[str, Optional[str]]:
    """A Medication resource -> (name, 'system|code') for references to it."""
    codings = _codings(res.get("code"), "code")
    name = _name(res.get("code") or {}, codings)
    if not name:
        raise Skip("Medication without a code or text")
    return name, _code(codings, (RXNORM,))


# ---------------------------------------------------------------- procedure
PROCEDURE_DONE = {"completed", "in-progress", "stopped"}
PROCEDURE_STATUSES = PROCEDURE_DONE | {"preparation", "not-done", "on-hold", "entered-in-error", "unknown"}


def procedure(res: dict, b: ProfileBuilder, where: str) -> None:
    status = res.get("status")
    if status not in PROCEDURE_STATUSES:
        raise Malformed("status", f"{status!r} is not a Procedure status" if status else "missing")
    if status not in PROCEDURE_DONE:
        raise Skip(f"status {status}")
    codings = _codings(res.get("code"), "code")
    name = _name(res.get("code") or {}, codings)
    if not name:
        raise Skip("procedure without a code or text")
    b.procedures.append(ProcedureEntry(name=name, code=_code(codings, (SNOMED,)),
                                       date=_effective(res, "performed")))


# ------------------------------------------------------------------ patient
SEXES = {"female", "male", "other", "unknown"}


def patient(res: dict, b: ProfileBuilder, report: LoadReport) -> None:
    gender = res.get("gender")
    if gender is not None and gender not in SEXES:
        raise Malformed("gender", f"'{gender}' is not an administrative gender")
    b.sex = gender or "unknown"
    birth = res.get("birthDate")
    b.birth_date = _date(birth, "birthDate")
    if birth and b.birth_date is None:
        report.note("partial birthDate (year or month only): age not computed from it")


Handler = Callable[[dict, ProfileBuilder, str], None]


def handlers(report: LoadReport) -> dict[str, Handler]:
    """resourceType -> mapping function, for every type the profile uses."""
    table: dict[str, Handler] = {"Observation": ObservationMapper(report),
                                 "Condition": partial(condition, report=report), "Procedure": procedure}
    for kind in MEDICATION_STATUS:
        table[kind] = medication
    return table


SUBJECT_FIELD = {"Observation": "subject", "Condition": "subject", "Procedure": "subject",
                 "MedicationRequest": "subject", "MedicationStatement": "subject",
                 "MedicationAdministration": "subject", "MedicationDispense": "subject"}
