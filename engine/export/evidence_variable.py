"""A trial -> one FHIR R5 EvidenceVariable: a characteristic per criterion.

Each criterion's characteristic has ``linkId`` = the criterion id, ``description`` = its
text, ``exclude`` = true for an exclusion criterion (nothing else sets ``exclude`` at the
top, so the section survives a round trip), and its tree below: a coded threshold as
``definitionByTypeAndValue`` (LOINC type, UCUM ``valueQuantity`` with its comparator, or
``valueRange``), AND / OR as ``definitionByCombination`` (all-of / any-of), NOT as a
nested characteristic with ``exclude``, recency windows and washouts as ``timeFromEvent``
counted from the screening date. What the core elements cannot say (multiples of ULN or
LLN, "within normal limits", values the engine derives, conditional thresholds, listed
scores) goes into ``definitionExpression`` in the engine's canonical ``expr`` (or, where
no flat text exists, its tree as JSON); text the engine does not read exports as text
only, flagged not machine-evaluable. One method per node kind, ``<kind>_fhir``, as the
SQL compiler has ``<kind>_sql``.
"""
from __future__ import annotations

import json

from fhir.resources.evidencevariable import EvidenceVariable
from fhir.resources.researchstudy import ResearchStudy

from ..analytes import catalogue
from ..concepts import SYSTEMS, concepts
from ..criteria import Criterion
from ..explain import canonical
from ..nodes import Node
from ..rules import Trial
from .fhir_terms import (ANALYTE_SYSTEM, COHORT, CONCEPT_SYSTEM, DEFAULT_WINDOW, EXPR_LANGUAGE, GENDER,
                         LAB_RECENCY, LOINC, NOT_EVALUABLE, PARENT, RESTATED, SCREENING, SEX_LOINC,
                         TREE_LANGUAGE, UCUM, WASHOUT_EXCEPTION, days, extension)

COMPARATOR = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": None}
# A washout "op D days since each course" holds when no course lies where the days since
# it fail the comparison: the comparator of those courses' time from screening (negative).
VIOLATING = {">=": ">", ">": ">=", "<=": "<", "<": "<="}


def to_evidence_variable(trial: Trial) -> dict:
    """The trial's criteria as an R5 EvidenceVariable (a JSON-ready dict), validated by
    fhir.resources."""
    resource = {
        "resourceType": "EvidenceVariable",
        "id": _fhir_id(trial.id),
        "extension": [extension(LAB_RECENCY, valueInteger=trial.recency_days)]
        + [extension(COHORT, valueString=c) for c in trial.cohorts],
        "identifier": [{"system": "https://clinicaltrials.gov", "value": trial.id}],
        "name": _fhir_id(trial.id).replace("-", "_"),
        "title": trial.title or f"Eligibility criteria of {trial.id}",
        "status": "draft",
        "description": f"Eligibility criteria of {trial.id}, one characteristic per criterion (linkId = "
                       "the criterion id in the rules file).",
        "actual": False,
        "characteristic": [criterion_characteristic(c, trial.recency_days) for c in trial.criteria],
    }
    if trial.source.startswith(("https://", "http://")):
        resource["relatedArtifact"] = [{"type": "derived-from", "label": "Trial record",
                                        "document": {"url": trial.source}}]
    EvidenceVariable.model_validate(resource)
    return resource


def research_study(trial: Trial, evidence_variable: dict) -> dict:
    """An R5 ResearchStudy whose recruitment.eligibility references the EvidenceVariable."""
    study = {"resourceType": "ResearchStudy", "id": evidence_variable["id"] + "-study",
             "identifier": evidence_variable["identifier"], "title": trial.title or trial.id,
             "status": "active",
             "recruitment": {"eligibility": {"reference": f"EvidenceVariable/{evidence_variable['id']}"}}}
    ResearchStudy.model_validate(study)
    return study


def criterion_characteristic(criterion: Criterion, recency_days: int) -> dict:
    """The criterion's characteristic: its id, text and section, then its tree."""
    head = {"linkId": criterion.id, "description": criterion.text,
            "exclude": criterion.section == "exclusion"}
    if criterion.note:
        head["note"] = [{"text": criterion.note}]
    extensions = [extension(PARENT, valueId=criterion.parent)] if criterion.parent else []
    if criterion.tree.kind == "manual":
        extensions.append(extension(NOT_EVALUABLE, valueString=criterion.tree.reason))
        return {**head, "extension": extensions}
    body = _ToFhir(recency_days).characteristic(criterion.tree)
    if body.get("exclude"):  # a negation at the root: kept apart from the section's exclude
        body = {"definitionByCombination": {"code": "at-least", "threshold": 1, "characteristic": [body]}}
    extensions += body.pop("extension", [])
    return {**head, **body, **({"extension": extensions} if extensions else {})}


class _ToFhir:
    def __init__(self, recency_days: int) -> None:
        self.recency_days = recency_days

    def characteristic(self, node: Node) -> dict:
        return getattr(self, f"{node.kind}_fhir")(node)

    def compare_fhir(self, node) -> dict:
        if node.relative_to:  # a multiple of a limit of normal: no coded value says it
            return _expression(node)
        quantity = _quantity(node.value, node.unit, node.unit_text)
        if COMPARATOR[node.op]:
            quantity["comparator"] = COMPARATOR[node.op]
        found = self._by_type_and_value(node, valueQuantity=quantity)
        if node.restated:
            found["extension"] = [extension(RESTATED, valueQuantity=_quantity(
                node.restated.value, node.restated.unit, node.restated.unit_text))]
        return found

    def between_fhir(self, node) -> dict:
        low, high = (_quantity(v, node.unit, node.unit_text) for v in (node.low, node.high))
        return self._by_type_and_value(node, valueRange={"low": low, "high": high})

    def one_of_fhir(self, node) -> dict:
        return _expression(node)

    def normal_fhir(self, node) -> dict:
        return _expression(node)

    def sex_fhir(self, node) -> dict:
        parts = [{"definitionByTypeAndValue": {
            "type": {"coding": [{"system": LOINC, "code": SEX_LOINC, "display": "Sex"}]},
            "valueCodeableConcept": {"coding": [{"system": GENDER, "code": sex}]}}} for sex in node.allowed]
        return parts[0] if len(parts) == 1 else _combination("any-of", parts)

    def has_fhir(self, node) -> dict:
        found = _concept_characteristic(node.concept, node.text)
        if node.timing == "ever":
            found["timeFromEvent"] = [{"eventCodeableConcept": SCREENING, "range": {"high": days(0)}}]
        elif node.timing == "window":
            found["timeFromEvent"] = [_window(node.within_days)]
        return found

    def since_fhir(self, node) -> dict:
        if node.op not in VIOLATING:
            return _expression(node)
        found = _concept_characteristic(node.concept, node.text)
        found["exclude"] = True
        found["timeFromEvent"] = [{"eventCodeableConcept": SCREENING,
                                   "quantity": {**days(-node.days), "comparator": VIOLATING[node.op]}}]
        if node.exceptions:
            found["extension"] = [_washout_exception(w) for w in node.exceptions]
        return found

    def all_fhir(self, node) -> dict:
        return _combination("all-of", [self.characteristic(c) for c in node.children])

    def any_fhir(self, node) -> dict:
        return _combination("any-of", [self.characteristic(c) for c in node.children])

    def not_fhir(self, node) -> dict:
        inner = self.characteristic(node.child)
        if inner.get("exclude"):  # a double negation: the inner one wrapped, so both are kept
            inner = {"definitionByCombination": {"code": "at-least", "threshold": 1, "characteristic": [inner]}}
        return {**inner, "exclude": True}

    def conditional_fhir(self, node) -> dict:
        return _expression(node)

    def manual_fhir(self, node) -> dict:
        return {"description": node.reason, "extension": [extension(NOT_EVALUABLE, valueString=node.reason)]}

    def _by_type_and_value(self, node, **value) -> dict:
        analyte = catalogue()[node.analyte]
        found = {"definitionByTypeAndValue": {"type": _analyte_concept(analyte, node.name), **value}}
        if node.within_days is not None:
            found["timeFromEvent"] = [_window(node.within_days)]
        elif analyte.source != "patient":
            found["timeFromEvent"] = [{**_window(self.recency_days),
                                       "extension": [extension(DEFAULT_WINDOW, valueBoolean=True)]}]
        if analyte.derived:  # the coded value for others; the engine's reading says how it derives it
            found["definitionExpression"] = _expression(node)["definitionExpression"]
        return found


def _analyte_concept(analyte, name: str) -> dict:
    codings = [{"system": LOINC, "code": code} for code in analyte.loinc]
    codings.append({"system": ANALYTE_SYSTEM, "code": analyte.id, "display": analyte.display})
    return {"coding": codings, "text": name}


def _concept_characteristic(concept_id: str, text: str) -> dict:
    """A condition, treatment or procedure that is present: its codes, and the words."""
    codings = []
    if concept_id:
        for code_set in concepts()[concept_id].codes:
            codings += [{"system": SYSTEMS[code_set.system], "code": code, "display": display}
                        for code, display in code_set.codes.items()]
        codings.append({"system": CONCEPT_SYSTEM, "code": concept_id})
    concept = {**({"coding": codings} if codings else {}), **({"text": text} if text else {})}
    return {"definitionByTypeAndValue": {"type": concept, "valueBoolean": True}}


def _quantity(value: float, unit_code, unit_text) -> dict:
    quantity = {"value": value}
    if unit_text:
        quantity["unit"] = unit_text
    if unit_code:
        quantity.update(system=UCUM, code=unit_code)
    return quantity


def _window(within_days: int) -> dict:
    return {"eventCodeableConcept": SCREENING, "range": {"low": days(-within_days), "high": days(0)}}


def _washout_exception(washout) -> dict:
    parts = [extension("text", valueString=washout.text), extension("days", valueInteger=washout.days)]
    if washout.concept:
        parts.append(extension("concept", valueCode=washout.concept))
    return extension(WASHOUT_EXCEPTION, extension=parts)


def _combination(code: str, parts: list[dict]) -> dict:
    return {"definitionByCombination": {"code": code, "characteristic": parts}}


def _expression(node: Node) -> dict:
    """The engine's canonical text for the node, or its tree as JSON where none exists."""
    text = canonical(node)
    if text is not None:
        return {"definitionExpression": {"language": EXPR_LANGUAGE, "expression": text}}
    tree = json.dumps(_without_spans(node.model_dump(mode="json")), ensure_ascii=False, separators=(",", ":"))
    return {"definitionExpression": {"language": TREE_LANGUAGE, "expression": tree}}


def _without_spans(value):
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items() if k != "span"}
    if isinstance(value, list):
        return [_without_spans(v) for v in value]
    return value


def _fhir_id(text: str) -> str:
    """A FHIR id ([A-Za-z0-9-.]{1,64}) for a trial id."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-.") else "-" for ch in text)
    return cleaned[:64] or "trial"
