"""The R5 EvidenceVariable (and ResearchStudy) in FHIR R4, and back.

R4's EvidenceVariable has no linkId, definitionByTypeAndValue, definitionByCombination,
timeFromEvent or characteristic note, and its ResearchStudy no recruitment. They are
carried by HL7's official cross-version extensions ("Extensions for Using Data Elements
from FHIR R5 in FHIR R4", https://hl7.org/fhir/uv/xver-r5.r4/): the R5 element
``<Resource>.<path>`` is the extension
``http://hl7.org/fhir/5.0/StructureDefinition/extension-<Resource>.<path>`` (for example
extension-EvidenceVariable.characteristic.definitionByCombination), and a complex
element's children are its sub-extensions, each with the child's name as url ("code",
"threshold", "characteristic", "type", "value", "event", "range" ...). What R4 has
(description, exclude, definitionExpression) stays in R4's own elements; R4's required
``definition[x]`` holds the expression, else the coded type, else the text. R4 models are
fhir.resources' R4B package (the two agree on every element written here).
"""
from __future__ import annotations

from fhir.resources.R4B.evidencevariable import EvidenceVariable as EvidenceVariableR4
from fhir.resources.R4B.researchstudy import ResearchStudy as ResearchStudyR4

XVER = "http://hl7.org/fhir/5.0/StructureDefinition/extension-"
CHARACTERISTIC = XVER + "EvidenceVariable.characteristic."
RECRUITMENT = XVER + "ResearchStudy.recruitment"
# Native in R4: kept as they are at the top level of a characteristic.
_NATIVE = ("description", "exclude", "definitionExpression")
_SIMPLE = {"linkId": "valueId", "description": "valueString", "exclude": "valueBoolean",
           "definitionExpression": "valueExpression", "note": "valueAnnotation", "code": "valueCode",
           "threshold": "valuePositiveInt", "type": "valueCodeableConcept", "quantity": "valueQuantity",
           "range": "valueRange", "eventCodeableConcept": "valueCodeableConcept"}
_SUB_NAME = {"eventCodeableConcept": "event"}
_COMPLEX = ("definitionByTypeAndValue", "definitionByCombination", "timeFromEvent", "characteristic")


def evidence_variable_r4(resource: dict) -> dict:
    """An R5 EvidenceVariable dict as R4, validated by the R4 models."""
    r4 = {k: v for k, v in resource.items() if k not in ("characteristic", "actual", "relatedArtifact")}
    r4["characteristic"] = [characteristic_r4(c) for c in resource["characteristic"]]
    if "relatedArtifact" in resource:
        r4["relatedArtifact"] = [{"type": a["type"], "label": a.get("label"), "url": a["document"]["url"]}
                                 for a in resource["relatedArtifact"]]
    EvidenceVariableR4.model_validate(r4)
    return r4


def research_study_r4(study: dict) -> dict:
    r4 = {k: v for k, v in study.items() if k != "recruitment"}
    r4["extension"] = [{"url": RECRUITMENT, "extension": [
        {"url": "eligibility", "valueReference": study["recruitment"]["eligibility"]}]}]
    ResearchStudyR4.model_validate(r4)
    return r4


def characteristic_r4(characteristic: dict) -> dict:
    r4 = {k: characteristic[k] for k in _NATIVE if k in characteristic}
    extensions = list(characteristic.get("extension") or ())
    for name, value in characteristic.items():
        if name not in (*_NATIVE, "extension"):
            extensions += [{**e, "url": CHARACTERISTIC + name} for e in _sub_extensions(name, value)]
    if "definitionExpression" not in r4:
        typed = characteristic.get("definitionByTypeAndValue", {}).get("type")
        r4["definitionCodeableConcept"] = typed or {"text": characteristic.get("description") or "see extensions"}
    r4["extension"] = extensions
    return r4


def _sub_extensions(name: str, value) -> list[dict]:
    """The R5 element ``name`` (a list is repeated) as extensions whose url is its name."""
    if isinstance(value, list):
        return [e for item in value for e in _sub_extensions(name, item)]
    url = _SUB_NAME.get(name, name)
    if name in _SIMPLE:
        return [{"url": url, _SIMPLE[name]: value}]
    if name.startswith("value"):  # value[x] of definitionByTypeAndValue: url "value"
        return [{"url": "value", name: value}]
    if name in _COMPLEX:
        parts = list(value.get("extension") or ())
        for child, item in value.items():
            if child != "extension":
                parts += _sub_extensions(child, item)
        return [{"url": url, "extension": parts}]
    raise ValueError(f"no R4 form for the R5 element {name}")


def evidence_variable_r5(resource: dict) -> dict:
    """An R4 EvidenceVariable with the cross-version extensions, as the R5 dict the reader reads."""
    r5 = {k: v for k, v in resource.items() if k != "characteristic"}
    r5["characteristic"] = [characteristic_r5(c) for c in resource.get("characteristic") or ()]
    return r5


def characteristic_r5(characteristic: dict) -> dict:
    r5 = {k: characteristic[k] for k in _NATIVE if k in characteristic}
    carried, others = {}, []
    for element in characteristic.get("extension") or ():
        url = element.get("url", "")
        if url.startswith(CHARACTERISTIC):
            _add(carried, url[len(CHARACTERISTIC):], _from_sub_extension(element))
        else:
            others.append(element)
    if not carried and "definitionCodeableConcept" in characteristic:
        r5["definitionCodeableConcept"] = characteristic["definitionCodeableConcept"]
    return {**r5, **carried, **({"extension": others} if others else {})}


_REPEATED = ("note", "timeFromEvent", "characteristic")


def _add(into: dict, name: str, value) -> None:
    if name in _REPEATED:
        into.setdefault(name, []).append(value)
    else:
        into[name] = value


def _from_sub_extension(element: dict):
    """A sub-extension's value: its value[x], or a complex element rebuilt from its parts."""
    value_key = next((k for k in element if k.startswith("value")), None)
    if value_key is not None:
        return element[value_key]
    built, others = {}, []
    for part in element.get("extension") or ():
        url = part.get("url", "")
        if "/" in url:
            others.append(part)
        elif url == "value":
            key = next(k for k in part if k.startswith("value"))
            built[key] = part[key]
        else:
            _add(built, "eventCodeableConcept" if url == "event" else url, _from_sub_extension(part))
    if others:
        built["extension"] = others
    return built
