"""One patient's FHIR resources checked for what screening reads, without the full models.

Validating every resource through ``fhir.resources.R4B`` costs ≈ 0.1 ms a resource, most
of a Bundle's time in the service, while screening reads a few fields of each. This
checks, per resource type the profile uses:

- every top-level field is one the type declares, the fields it requires are given, and a
  choice (``value[x]``, ``effective[x]`` ...) is given once: all three read from the
  fhir.resources models (once a type), not copied by hand;
- the fields screening reads have their FHIR types (codes, codings, quantities,
  references, periods, ids; no text empty), decoded with msgspec, and a quantity's value
  is a finite number (written as a number, or as text the models read as one).

Dates are read with the mapper's own reader (``fhir_map.fhir_date``); the values of
statuses are checked by the mapper itself (``fhir_map``, ``fhir_observation``). The full models stay selectable
(``validation="full"``, ``ELIG_FHIR_VALIDATION=full``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from math import isfinite
from typing import Annotated, NamedTuple, Optional, Union

import msgspec
from msgspec import Meta, Struct

from .fhir_map import Malformed, fhir_date

_CODE_PATTERN = r"^[^\s]+(\s[^\s]+)*$"
_ID_PATTERN = r"^[A-Za-z0-9\-.]{1,64}$"
Code = Annotated[str, Meta(pattern=_CODE_PATTERN)]
Text = Annotated[str, Meta(min_length=1)]      # no FHIR string or date is empty (a uri may be)
Id = Annotated[str, Meta(pattern=_ID_PATTERN)]
# msgspec names a pattern by its regex, backslashes doubled: the message says what it means.
_PATTERN_MEANS = {pattern.replace("\\", "\\\\"): means for pattern, means in (
    (_CODE_PATTERN, "a FHIR code (text without leading, trailing or repeated spaces)"),
    (_ID_PATTERN, "a FHIR id (1 to 64 letters, digits, '-' or '.')"))}
_NOT_FINITE = "expected a finite number"
_NOT_A_NUMBER = "expected a number"


# Every field is optional here (required ones are checked from the models), and fields
# not declared are passed over: only the types of the fields read are checked.
class _Coding(Struct):
    system: Optional[str] = None
    code: Optional[Code] = None
    display: Optional[Text] = None


class _Concept(Struct):
    coding: Optional[list[_Coding]] = None
    text: Optional[Text] = None


class _Reference(Struct):
    reference: Optional[Text] = None
    type: Optional[str] = None
    display: Optional[Text] = None


class _Period(Struct):
    start: Optional[Text] = None
    end: Optional[Text] = None


class _Quantity(Struct):
    # A number as text ("1.5") too: the models and the mapper read it as the number.
    value: Optional[Union[int, float, Text]] = None
    comparator: Optional[Code] = None
    unit: Optional[Text] = None
    system: Optional[str] = None
    code: Optional[Code] = None

    def __post_init__(self) -> None:
        value = self.value
        if type(value) is str:
            try:
                value = float(value)
            except ValueError:
                raise ValueError(_NOT_A_NUMBER) from None
        # msgspec accepts NaN and infinities as floats; no result or limit is one.
        if type(value) is float and not isfinite(value):
            raise ValueError(_NOT_FINITE)


class _ReferenceRange(Struct):
    low: Optional[_Quantity] = None
    high: Optional[_Quantity] = None
    type: Optional[_Concept] = None


class _Valued(Struct):
    """An Observation or one of its components: a code and a value."""
    code: Optional[_Concept] = None
    valueQuantity: Optional[_Quantity] = None
    valueInteger: Optional[int] = None
    valueCodeableConcept: Optional[_Concept] = None
    valueString: Optional[Text] = None
    dataAbsentReason: Optional[_Concept] = None
    referenceRange: Optional[list[_ReferenceRange]] = None


class _Component(_Valued):
    pass


class _Observation(_Valued):
    id: Optional[Id] = None
    status: Optional[Code] = None
    subject: Optional[_Reference] = None
    category: Optional[list[_Concept]] = None
    effectiveDateTime: Optional[Text] = None
    effectiveInstant: Optional[Text] = None
    effectivePeriod: Optional[_Period] = None
    component: Optional[list[_Component]] = None


class _Condition(Struct):
    id: Optional[Id] = None
    subject: Optional[_Reference] = None
    clinicalStatus: Optional[_Concept] = None
    verificationStatus: Optional[_Concept] = None
    code: Optional[_Concept] = None
    onsetDateTime: Optional[Text] = None
    onsetPeriod: Optional[_Period] = None
    abatementDateTime: Optional[Text] = None
    abatementPeriod: Optional[_Period] = None
    recordedDate: Optional[Text] = None


class _Procedure(Struct):
    id: Optional[Id] = None
    status: Optional[Code] = None
    subject: Optional[_Reference] = None
    code: Optional[_Concept] = None
    performedDateTime: Optional[Text] = None
    performedPeriod: Optional[_Period] = None


class _MedicationUse(Struct):
    """MedicationRequest, -Statement, -Administration and -Dispense."""
    id: Optional[Id] = None
    status: Optional[Code] = None
    subject: Optional[_Reference] = None
    medicationCodeableConcept: Optional[_Concept] = None
    medicationReference: Optional[_Reference] = None
    authoredOn: Optional[Text] = None
    whenHandedOver: Optional[Text] = None
    effectiveDateTime: Optional[Text] = None
    effectivePeriod: Optional[_Period] = None


class _Medication(Struct):
    id: Optional[Id] = None
    code: Optional[_Concept] = None


class _HumanName(Struct):
    use: Optional[Code] = None
    text: Optional[Text] = None
    family: Optional[Text] = None
    given: Optional[list[Text]] = None


class _Identifier(Struct):
    use: Optional[Code] = None
    type: Optional[_Concept] = None
    system: Optional[str] = None
    value: Optional[Text] = None


class _Patient(Struct):
    id: Optional[Id] = None
    gender: Optional[Code] = None
    birthDate: Optional[Text] = None
    name: Optional[list[_HumanName]] = None
    identifier: Optional[list[_Identifier]] = None


class _Bundle(Struct):
    """The Bundle itself, its entries apart (each resource is checked on its own)."""
    type: Optional[Code] = None


READ_FIELDS = {"Bundle": _Bundle, "Patient": _Patient, "Observation": _Observation, "Condition": _Condition,
               "Procedure": _Procedure, "MedicationRequest": _MedicationUse, "MedicationStatement": _MedicationUse,
               "MedicationAdministration": _MedicationUse, "MedicationDispense": _MedicationUse,
               "Medication": _Medication}


class _Shape(NamedTuple):
    """What the fhir.resources model of a type declares of its top-level fields."""

    fields: frozenset[str]              # as spelled in JSON, '_status' extensions too
    required: tuple[str, ...]
    choice_of: dict[str, str]           # 'valueQuantity' -> 'value'
    choices_required: tuple[str, ...]   # 'medication' (medication[x] must be given)


@lru_cache(maxsize=None)
def shape(kind: str) -> _Shape:
    from fhir.resources.R4B import get_fhir_model_class
    fields = get_fhir_model_class(kind).model_fields.values()
    extra = [f.json_schema_extra or {} for f in fields]
    return _Shape(frozenset({"resourceType", *(f.alias for f in fields)}),
                  tuple(f.alias for f, x in zip(fields, extra) if f.is_required() or x.get("element_required")),
                  {f.alias: x["one_of_many"] for f, x in zip(fields, extra) if x.get("one_of_many")},
                  tuple(sorted({x["one_of_many"] for x in extra if x.get("one_of_many_required")})))


def check(resource: dict, kind: str) -> None:
    """Raises Malformed naming the field of the first problem found in ``resource`` (of a
    type in READ_FIELDS)."""
    declared = shape(kind)
    chosen: dict[str, str] = {}
    for name, value in resource.items():
        if name not in declared.fields:
            raise Malformed(name, "Extra inputs are not permitted")
        prefix = declared.choice_of.get(name)
        if prefix is not None and value is not None:
            if prefix in chosen:
                raise Malformed(f"{prefix}[x]", f"one value only ({chosen[prefix]} and {name} given)")
            chosen[prefix] = name
    for name in declared.required:
        if resource.get(name) is None:
            raise Malformed(name, "Field required")
    for prefix in declared.choices_required:
        if prefix not in chosen:
            choices = ", ".join(name for name, of in declared.choice_of.items() if of == prefix)
            raise Malformed(f"{prefix}[x]", f"Field required (one of {choices})")
    try:
        msgspec.convert(resource, READ_FIELDS[kind])
    except msgspec.ValidationError as exc:
        raise _malformed(str(exc)) from None
    _check_dates(resource)


# Dates are read as the mapper reads them, also where it would not (a record skipped for
# its status): the models refuse a malformed date wherever it is.
_DATES = ("effectiveDateTime", "effectiveInstant", "onsetDateTime", "abatementDateTime", "recordedDate",
          "performedDateTime", "authoredOn", "whenHandedOver", "birthDate")
_PERIODS = ("effectivePeriod", "onsetPeriod", "abatementPeriod", "performedPeriod")


def _check_dates(resource: dict) -> None:
    for name in _DATES:
        fhir_date(resource.get(name), name)
    for name in _PERIODS:
        period = resource.get(name)
        if period:      # a Period, msgspec checked
            fhir_date(period.get("start"), f"{name}.start")
            fhir_date(period.get("end"), f"{name}.end")


_AT = re.compile(r"^(?P<message>.*) - at `\$\.?(?P<path>.*)`$", re.DOTALL)
_REGEX = re.compile(r"matching regex '(?P<pattern>.*)'$")


def _malformed(text: str) -> Malformed:
    """msgspec's "Expected `str | null`, got `int` - at `$.code.coding[0].code`" as a
    Malformed: the field path, and what was expected in words (msgspec never quotes the
    value it refuses here: no pattern or enum error of a declared field does)."""
    found = _AT.match(text)
    message, path = (found["message"], found["path"]) if found else (text, "")
    if message in (_NOT_FINITE, _NOT_A_NUMBER):     # raised by _Quantity, of its value
        path += ".value"
    pattern = _REGEX.search(message)
    if pattern and pattern["pattern"] in _PATTERN_MEANS:
        message = "expected " + _PATTERN_MEANS[pattern["pattern"]]
    message = message.replace("`", "").replace(" | null", "")
    return Malformed(path or "resource", message[:1].lower() + message[1:])
