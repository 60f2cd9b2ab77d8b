"""FHIR R4 resources (as parsed JSON) -> entries of one patient's profile.

One function per resource type (Observations: ``fhir_observation``). Each either adds to a ProfileBuilder or raises
``Skip`` (the record is fine but not usable: unknown code, no unit, refuted...) or
``Malformed`` (a field the standard requires is missing or has an impossible value).
The validated per-patient path turns Malformed into an InputError; the bulk path
counts it as a skip naming the field. Nothing here guesses: an Observation whose
code, unit or value cannot be read exactly is skipped and counted, never used.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Optional

from ..errors import got, shown
from ..patients import ConditionEntry, MedicationEntry, ProcedureEntry
from .dates import iso_date
from .profile import PendingMedication, ProfileBuilder
from .report import LoadReport

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
# HL7 v2 table 0203, identifier type "MR": the medical record number.
IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203"

_SEMANTIC_TAG = re.compile(r"\s+\((disorder|finding|situation|procedure|morphologic abnormality|"
                           r"event|regime/therapy|observable entity|qualifier value|person)\)$")


class Skip(Exception):
    """A well-formed record the screening cannot use; the message is the counted reason."""


class Malformed(Exception):
    """A record that breaks the FHIR standard: ``field`` names where."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# ------------------------------------------------------------------ helpers
def fhir_date(value, field: str) -> Optional[dt.date]:
    """A FHIR date/dateTime as written (local date, no time-zone shift). A partial date
    (year or year-month) is no date: recency cannot be checked from it."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Malformed(field, f"expected a date{got(value)}")
    if len(value) in (4, 7) and value[:4].isdigit():
        return None
    day = iso_date(value)
    if day is None:
        raise Malformed(field, f"{shown(value)} is not a date")
    return day


def effective_date(res: dict, prefix: str = "effective") -> Optional[dt.date]:
    moment, instant, period_field = _DATE_FIELDS[prefix]
    if moment in res:
        return fhir_date(res[moment], moment)
    if instant in res:
        return fhir_date(res[instant], instant)
    period = res.get(period_field)
    if isinstance(period, dict):
        return fhir_date(period.get("start"), f"{period_field}.start") or \
            fhir_date(period.get("end"), f"{period_field}.end")
    return None


# The [x] fields of a date, named once (not per record): 'effective' -> effectiveDateTime ...
_DATE_FIELDS = {prefix: (f"{prefix}DateTime", f"{prefix}Instant", f"{prefix}Period")
                for prefix in ("effective", "onset", "abatement", "performed")}


def codings_of(concept, field: str) -> list[dict]:
    if concept is None:
        return []
    if not isinstance(concept, dict):
        raise Malformed(field, "expected a CodeableConcept")
    codings = concept.get("coding") or []
    if not isinstance(codings, list):
        raise Malformed(f"{field}.coding", "expected a list")
    return [c for c in codings if isinstance(c, dict)]


def first_code(res: dict, field: str) -> Optional[str]:
    codings = codings_of(res.get(field), field)
    return codings[0].get("code") if codings else None


def display_name(concept: dict, codings: list[dict]) -> str:
    text = concept.get("text") if isinstance(concept, dict) else None
    if not text:
        text = next((c.get("display") for c in codings if c.get("display")), None)
    if not text:
        text = next((c.get("code") for c in codings if c.get("code")), "")
    return _SEMANTIC_TAG.sub("", str(text)).strip()


def system_code(codings: list[dict], preferred: tuple[str, ...] = (SNOMED,)) -> Optional[str]:
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
    if not isinstance(text, str):
        return None
    return _patient_in(text, ref.get("type") in (None, "Patient"))


@lru_cache(maxsize=65536)
def _patient_in(text: str, typed_patient: bool) -> Optional[str]:
    # A subject reference repeats on every resource of a patient: each is read once.
    if not text.startswith("urn:") and "/" in text:
        parts = text.split("/")
        if "_history" in parts:
            parts = parts[:parts.index("_history")]
        if len(parts) < 2 or parts[-2] != "Patient":
            return None
    elif not typed_patient:
        return None
    return reference_id({"reference": text})


# ---------------------------------------------------------------- condition
CONDITION_PRESENT = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
UNCONFIRMED = {"unconfirmed", "provisional", "differential"}


def condition(res: dict, b: ProfileBuilder, where: str, report: LoadReport) -> None:
    """Confirmed (or unstated) -> present; refuted -> an explicit absent; entered-in-error
    and unconfirmed diagnoses are not used (the condition stays unknown, never absent)."""
    verification = first_code(res, "verificationStatus")
    clinical = first_code(res, "clinicalStatus")
    if verification == "entered-in-error":
        raise Skip("verification status entered-in-error")
    if verification in UNCONFIRMED:
        raise Skip(f"verification status {verification} (not confirmed)")
    if clinical is not None and clinical not in CONDITION_PRESENT:
        raise Malformed("clinicalStatus", f"{shown(clinical)} is not a condition clinical status")
    codings = codings_of(res.get("code"), "code")
    name = display_name(res.get("code") or {}, codings)
    if not name:
        raise Skip("condition without a code or text")
    onset = effective_date(res, "onset")
    recorded = fhir_date(res.get("recordedDate"), "recordedDate")
    if verification == "refuted":
        b.conditions.append(_condition_entry(name, codings, "absent", recorded or onset, None))
        return
    end = effective_date(res, "abatement")
    if clinical in ("inactive", "remission", "resolved") and end is None:
        report.note(f"condition {clinical} without an abatement date: recorded as present")
    b.conditions.append(_condition_entry(name, codings, "present", onset or recorded, end))


def _condition_entry(name, codings, status, date, end) -> ConditionEntry:
    return ConditionEntry(name=name, code=system_code(codings, (SNOMED,)), status=status, date=date, end=end)


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
        raise Malformed("status", f"{shown(status)} is not a {kind} status" if status else "missing")
    start, end = _medication_dates(res, kind)
    mapped = MEDICATION_STATUS[kind][status]
    if "medicationCodeableConcept" in res:
        codings = codings_of(res["medicationCodeableConcept"], "medicationCodeableConcept")
        name = display_name(res["medicationCodeableConcept"], codings)
        if not name:
            raise Skip("medication without a code or text")
        b.medications.append(MedicationEntry(name=name, code=system_code(codings, (RXNORM,)), status=mapped,
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
        return fhir_date(res.get("authoredOn"), "authoredOn"), None
    if kind == "MedicationDispense":
        return fhir_date(res.get("whenHandedOver"), "whenHandedOver"), None
    if "effectiveDateTime" in res:
        day = fhir_date(res["effectiveDateTime"], "effectiveDateTime")
        return day, day if kind == "MedicationAdministration" else None
    period = res.get("effectivePeriod")
    if isinstance(period, dict):
        return (fhir_date(period.get("start"), "effectivePeriod.start"),
                fhir_date(period.get("end"), "effectivePeriod.end"))
    return None, None


def _medication_key(reference: str) -> str:
    return reference_id({"reference": reference}) or reference


def medication_definition(res: dict) -> tuple[str, Optional[str]]:
    """A Medication resource -> (name, 'system|code') for references to it."""
    codings = codings_of(res.get("code"), "code")
    name = display_name(res.get("code") or {}, codings)
    if not name:
        raise Skip("Medication without a code or text")
    return name, system_code(codings, (RXNORM,))


# ---------------------------------------------------------------- procedure
PROCEDURE_DONE = {"completed", "in-progress", "stopped"}
PROCEDURE_STATUSES = PROCEDURE_DONE | {"preparation", "not-done", "on-hold", "entered-in-error", "unknown"}


def procedure(res: dict, b: ProfileBuilder, where: str) -> None:
    status = res.get("status")
    if status not in PROCEDURE_STATUSES:
        raise Malformed("status", f"{shown(status)} is not a Procedure status" if status else "missing")
    if status not in PROCEDURE_DONE:
        raise Skip(f"status {status}")
    codings = codings_of(res.get("code"), "code")
    name = display_name(res.get("code") or {}, codings)
    if not name:
        raise Skip("procedure without a code or text")
    b.procedures.append(ProcedureEntry(name=name, code=system_code(codings, (SNOMED,)),
                                       date=effective_date(res, "performed")))


# ------------------------------------------------------------------ patient
SEXES = {"female", "male", "other", "unknown"}


def patient(res: dict, b: ProfileBuilder, report: LoadReport) -> None:
    # Read before anything is set: a malformed name or identifier skips the whole record.
    name, mrn = human_name(res.get("name") or []), medical_record_number(res.get("identifier") or [])
    gender = res.get("gender")
    if gender is not None and gender not in SEXES:
        raise Malformed("gender", f"{shown(gender)} is not an administrative gender")
    b.sex = gender or "unknown"
    birth = res.get("birthDate")
    b.birth_date = fhir_date(birth, "birthDate")
    if birth and b.birth_date is None:
        report.note("partial birthDate (year or month only): age not computed from it")
    b.name, b.mrn = name, mrn


# A name in use now, the official one first; an old or temporary name is not the patient's name.
_NAME_USES = ("official", "usual", None, "nickname")


def human_name(names) -> Optional[str]:
    """The patient's name as a person reads it: its ``text``, else given names then family.
    Read here, not only in the checked path: bulk NDJSON lines are mapped unchecked."""
    current = [n for n in _records(names, "name") if n.get("use") in _NAME_USES]
    for name in sorted(current, key=lambda n: _NAME_USES.index(n.get("use"))):
        if name.get("text"):
            return _text(name["text"], "name.text")
        given = _records(name.get("given") or [], "name.given", str)
        written = " ".join([*given, _text(name.get("family") or "", "name.family")]).strip()
        if written:
            return written
    return None


def medical_record_number(identifiers) -> Optional[str]:
    """The value of the identifier typed MR (medical record number), if the record has one."""
    for identifier in _records(identifiers, "identifier"):
        kind = identifier.get("type") or {}
        if not isinstance(kind, dict):
            raise Malformed("identifier.type", "expected a CodeableConcept")
        codings = _records(kind.get("coding") or [], "identifier.type.coding")
        typed_mr = any(c.get("system") == IDENTIFIER_TYPES and c.get("code") == "MR" for c in codings)
        if typed_mr and identifier.get("use") != "old" and identifier.get("value"):
            return _text(identifier["value"], "identifier.value")
    return None


def _records(items, field: str, kind: type = dict) -> list:
    if not isinstance(items, list) or not all(isinstance(i, kind) for i in items):
        raise Malformed(field, f"expected a list of {'objects' if kind is dict else 'strings'}")
    return items


def _text(value, field: str) -> str:
    if not isinstance(value, str):
        raise Malformed(field, "expected a string")
    return value


SUBJECT_FIELD = {"Observation": "subject", "Condition": "subject", "Procedure": "subject",
                 "MedicationRequest": "subject", "MedicationStatement": "subject",
                 "MedicationAdministration": "subject", "MedicationDispense": "subject"}
