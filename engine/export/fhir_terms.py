"""The code systems, extension URLs and expression languages the FHIR EvidenceVariable
export writes and its import reads: one place, so the two never drift apart.

The engine's own URLs sit under ``ENGINE_BASE``, a placeholder namespace (the project has
no registered domain yet); README.md "Standards export" documents each of them.
"""
from __future__ import annotations

from typing import Optional

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
GENDER = "http://hl7.org/fhir/administrative-gender"
SEX_LOINC = "46098-0"

ENGINE_BASE = "http://elig.example.org/fhir"
ANALYTE_SYSTEM = f"{ENGINE_BASE}/CodeSystem/analyte"
CONCEPT_SYSTEM = f"{ENGINE_BASE}/CodeSystem/concept"
EVENT_SYSTEM = f"{ENGINE_BASE}/CodeSystem/event"
SCREENING = {"coding": [{"system": EVENT_SYSTEM, "code": "screening", "display": "Screening date"}]}


def extension_url(name: str) -> str:
    return f"{ENGINE_BASE}/StructureDefinition/{name}"


# A characteristic the engine does not evaluate (valueString: why); the criterion's text
# is its description.
NOT_EVALUABLE = extension_url("not-machine-evaluable")
# The criterion a sub-bullet stands under (valueId: the parent's linkId).
PARENT = extension_url("parent-criterion")
# The same threshold restated in another unit, as the text writes it (valueQuantity).
RESTATED = extension_url("restated-quantity")
# A washout that is longer or shorter for some members (sub-extensions text, concept, days).
WASHOUT_EXCEPTION = extension_url("washout-exception")
# On a timeFromEvent: the window is the trial's default lab recency, not the criterion's own.
DEFAULT_WINDOW = extension_url("default-recency-window")
# On the EvidenceVariable: the trial's default lab recency (valueInteger, days) and cohorts.
LAB_RECENCY = extension_url("lab-recency-days")
COHORT = extension_url("cohort")

# definitionExpression languages: the engine's canonical criterion text (what a rules
# file's ``expr:`` holds), and its predicate tree as JSON where no flat text exists.
EXPR_LANGUAGE = "text/x-elig-expr"
TREE_LANGUAGE = "application/x-elig-tree+json"


def extension(url: str, **value) -> dict:
    return {"url": url, **value}


def find_extension(element: dict, url: str) -> Optional[dict]:
    return next((e for e in element.get("extension") or () if e.get("url") == url), None)


def days(value: float) -> dict:
    """A UCUM quantity of days."""
    return {"value": value, "unit": "days", "system": UCUM, "code": "d"}
