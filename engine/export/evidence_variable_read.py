"""A FHIR R5 EvidenceVariable -> the engine's criteria (id, section, text and tree each).

The inverse of evidence_variable.py, read from the FHIR elements themselves (codes,
quantities, combinations, timeFromEvent), so that an EvidenceVariable written by hand or by
another tool reads too: an analyte is found by the engine's analyte code or else by its
LOINC code, a condition by the engine's concept code or else by its SNOMED CT / ICD-10-CM
codes. A part the engine cannot read becomes a manual-review node that says why, never an
error: one unreadable characteristic never stops the others.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from pydantic import TypeAdapter, ValidationError

from ..analytes import catalogue
from ..concepts import LABELS, concepts
from ..criteria import compile_criterion
from ..errors import CriterionError
from ..nodes import (LEAF_KINDS, AllOf, AnyOf, Between, Compare, Has, Manual, Node, Not, Quantity, Sex, Since,
                     Washout, statements)
from .evidence_variable import COMPARATOR, VIOLATING
from .fhir_terms import (ANALYTE_SYSTEM, CONCEPT_SYSTEM, DEFAULT_WINDOW, EXPR_LANGUAGE, GENDER, LOINC,
                         NOT_EVALUABLE, PARENT, RESTATED, SEX_LOINC, TREE_LANGUAGE, WASHOUT_EXCEPTION,
                         find_extension)

OP_OF = {fhir: op for op, fhir in COMPARATOR.items() if fhir} | {None: "=="}
SINCE_OP = {violating: op for op, violating in VIOLATING.items()}
NO_DEFINITION = "needs manual review: the characteristic has no definition the engine reads"
_NODE = TypeAdapter(Node)


@dataclass(frozen=True)
class ReadCriterion:
    id: str
    section: str
    text: str
    tree: Node
    parent: Optional[str] = None
    note: Optional[str] = None
    # Why the definition could not be read at all (the criterion is then its text only).
    problem: Optional[str] = None


def criteria_of(resource: dict) -> list[ReadCriterion]:
    """One criterion per top-level characteristic (linkId = id, else its position)."""
    return [_criterion(c, index) for index, c in enumerate(resource.get("characteristic") or ())]


def _criterion(characteristic: dict, index: int) -> ReadCriterion:
    parent = find_extension(characteristic, PARENT)
    notes = [n.get("text", "") for n in characteristic.get("note") or ()]
    body = {k: v for k, v in characteristic.items() if k not in ("linkId", "description", "exclude", "note")}
    body["extension"] = [e for e in characteristic.get("extension") or () if e.get("url") != PARENT]
    text = characteristic.get("description") or f"characteristic {index + 1}"
    problem = None
    try:
        tree = node_of(body)
    except (KeyError, TypeError, ValueError) as exc:  # a definition with a part missing or of the wrong kind
        problem = f"its definition is incomplete ({_missing(exc)})"
        tree = Manual(reason=f"needs manual review: {problem}")
    return ReadCriterion(id=characteristic.get("linkId") or f"c{index + 1:02d}",
                         section="exclusion" if characteristic.get("exclude") else "inclusion",
                         text=text, tree=tree, parent=parent.get("valueId") if parent else None,
                         note="\n".join(notes) or None, problem=problem)


def _missing(exc: Exception) -> str:
    """What was missing or wrong, by element name, never quoting a value."""
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]}"
    if isinstance(exc, ValidationError):
        return "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()[:2])
    return "an element of the wrong kind"


def node_of(characteristic: dict) -> Node:
    """The tree a (nested) characteristic says."""
    washout = _washout(characteristic)
    if washout is not None:
        return washout
    if characteristic.get("exclude"):
        return Not(child=node_of({**characteristic, "exclude": False}))
    flagged = find_extension(characteristic, NOT_EVALUABLE)
    if flagged:
        return Manual(reason=flagged.get("valueString") or NO_DEFINITION)
    if "definitionByCombination" in characteristic:
        return _combination(characteristic["definitionByCombination"])
    if "definitionByTypeAndValue" in characteristic:  # a derived value's expression only says how
        return _type_and_value(characteristic)
    expression = characteristic.get("definitionExpression") or {}
    if expression.get("language") in (EXPR_LANGUAGE, TREE_LANGUAGE):
        return _expression_node(expression)
    return Manual(reason=NO_DEFINITION)


def _expression_node(expression: dict) -> Node:
    text = expression.get("expression") or ""
    try:
        if expression["language"] == TREE_LANGUAGE:
            tree = _NODE.validate_python(json.loads(text))
            if _names_only_known(tree):
                return tree
            return Manual(reason="needs manual review: the expression's tree names an analyte or concept the "
                                 "engine does not know")
        return compile_criterion(text, strict=True).tree
    except (CriterionError, ValidationError, ValueError):
        return Manual(reason=f"needs manual review: the engine cannot read the expression ({expression['language']})")


def _names_only_known(tree: Node) -> bool:
    """A tree read as JSON is not resolved: its analytes and concepts must be the engine's."""
    known = concepts().ids
    return all(s.analyte in catalogue().by_id if s.kind in LEAF_KINDS else s.concept in known or not s.concept
               for s in statements(tree)) and \
        all(not getattr(n, "condition", "") or n.condition in known for n in _conditionals(tree))


def _conditionals(tree: Node):
    if tree.kind == "conditional":
        yield tree
        yield from _conditionals(tree.when_true)
        yield from _conditionals(tree.when_false)
    elif tree.kind in ("all", "any"):
        for child in tree.children:
            yield from _conditionals(child)
    elif tree.kind == "not":
        yield from _conditionals(tree.child)


def _combination(combination: dict) -> Node:
    parts = [node_of(c) for c in combination.get("characteristic") or ()]
    if not parts:  # an empty all-of would pass on no evidence
        raise KeyError("characteristic in definitionByCombination")
    code, threshold = combination.get("code"), combination.get("threshold")
    if code == "at-least" and threshold == 1 and len(parts) == 1:
        return parts[0]  # the wrapper that keeps a negation apart from the exclude around it
    if code == "all-of" or (code == "at-least" and threshold == len(parts)):
        return AllOf(children=tuple(parts))
    if code == "any-of" or (code == "at-least" and threshold == 1):
        if all(p.kind == "sex" for p in parts):  # "female or male": one Sex, as it was
            return Sex(allowed=tuple(dict.fromkeys(s for p in parts for s in p.allowed)))
        return AnyOf(children=tuple(parts))
    return Manual(reason=f"needs manual review: the combination '{code}' has no engine reading")


def _type_and_value(characteristic: dict) -> Node:
    definition = characteristic["definitionByTypeAndValue"]
    concept = definition.get("type") or {}
    codings = concept.get("coding") or ()
    if "valueBoolean" in definition:
        return _statement(characteristic, concept, definition["valueBoolean"])
    if any(c.get("system") == LOINC and c.get("code") == SEX_LOINC for c in codings):
        sexes = [c.get("code") for c in (definition.get("valueCodeableConcept") or {}).get("coding") or ()
                 if c.get("system") == GENDER]
        if sexes and all(s in ("female", "male") for s in sexes):
            return Sex(allowed=tuple(sexes))
    analyte = _analyte(codings)
    if analyte is None:
        return Manual(reason=f"needs manual review: '{concept.get('text') or 'a coded value'}' is not an "
                             f"analyte the engine knows")
    name = concept.get("text") or analyte
    within = _window_days(characteristic)
    if "valueQuantity" in definition:
        quantity = definition["valueQuantity"]
        restated = find_extension(characteristic, RESTATED)
        return Compare(analyte=analyte, name=name, op=OP_OF.get(quantity.get("comparator"), "=="),
                       value=quantity["value"], unit_text=quantity.get("unit"), unit=quantity.get("code"),
                       restated=_restated(restated["valueQuantity"]) if restated else None, within_days=within)
    if "valueRange" in definition:
        low, high = definition["valueRange"].get("low") or {}, definition["valueRange"].get("high") or {}
        if "value" in low and "value" in high:
            return Between(analyte=analyte, name=name, low=low["value"], high=high["value"],
                           unit_text=low.get("unit"), unit=low.get("code"), within_days=within)
    return Manual(reason=f"needs manual review: the value of '{name}' is not a quantity or a closed range")


def _statement(characteristic: dict, concept: dict, present: bool) -> Node:
    """A condition, treatment or procedure: present now, ever, in a window, or a washout."""
    concept_id, text = _concept(concept.get("coding") or ()), concept.get("text") or ""
    times = characteristic.get("timeFromEvent") or ()
    node: Node
    if not times:
        node = Has(concept=concept_id, text=text, timing="current")
    elif "range" in times[0] and "low" not in times[0]["range"]:
        node = Has(concept=concept_id, text=text, timing="ever")
    elif "range" in times[0]:
        node = Has(concept=concept_id, text=text, timing="window", within_days=-int(times[0]["range"]["low"]["value"]))
    else:
        return Manual(reason="needs manual review: a time from the screening date the engine does not read")
    return node if present else Not(child=node)


def _washout(characteristic: dict) -> Optional[Since]:
    """"op D days since each course": no course where the days since it fail that, i.e. an
    excluded treatment whose time from screening has the comparator VIOLATING[op]."""
    definition = characteristic.get("definitionByTypeAndValue") or {}
    times = characteristic.get("timeFromEvent") or ()
    quantity = times[0].get("quantity") if times else None
    if not (characteristic.get("exclude") and definition.get("valueBoolean") is True and quantity
            and quantity.get("comparator") in SINCE_OP and quantity.get("code") == "d"):
        return None
    concept = definition.get("type") or {}
    return Since(concept=_concept(concept.get("coding") or ()), text=concept.get("text") or "",
                 op=SINCE_OP[quantity["comparator"]], days=-int(quantity["value"]),
                 exceptions=tuple(_exception(e) for e in characteristic.get("extension") or ()
                                  if e.get("url") == WASHOUT_EXCEPTION))


def _exception(element: dict) -> Washout:
    parts = {e.get("url"): e for e in element.get("extension") or ()}
    return Washout(text=parts["text"]["valueString"], days=parts["days"]["valueInteger"],
                   concept=parts.get("concept", {}).get("valueCode", ""))


def _analyte(codings) -> Optional[str]:
    cat = catalogue()
    for coding in codings:
        if coding.get("system") == ANALYTE_SYSTEM and coding.get("code") in cat.by_id:
            return coding["code"]
    for coding in codings:
        if coding.get("system") == LOINC and coding.get("code") in cat.by_loinc:
            return cat.by_loinc[coding["code"]]
    return None


def _concept(codings) -> str:
    known = concepts()
    for coding in codings:
        if coding.get("system") == CONCEPT_SYSTEM and coding.get("code") in known.ids:
            return coding["code"]
    for coding in codings:
        label = LABELS.get(coding.get("system"))
        for concept_id in known.ids:
            if any(s.system == label and coding.get("code") in s.codes for s in known[concept_id].codes):
                return concept_id
    return ""


def _window_days(characteristic: dict) -> Optional[int]:
    for time in characteristic.get("timeFromEvent") or ():
        if find_extension(time, DEFAULT_WINDOW) is None and "low" in (time.get("range") or {}):
            return -int(time["range"]["low"]["value"])
    return None


def _restated(quantity: dict) -> Quantity:
    return Quantity(value=quantity["value"], unit_text=quantity.get("unit"), unit=quantity.get("code"))
