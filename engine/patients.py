"""The patient profile, and the one rule for picking "the value to use".

A profile is validated once when it is loaded (every bad field is named by its
path, e.g. ``labs.3.value``) and indexed by analyte when first asked, so evaluating a
criterion is a dictionary look-up and a scan of that analyte's results, newest first.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping, Optional, Union, get_args

from pydantic import (AllowInfNan, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, Strict,
                      ValidationError, field_serializer, model_validator)

from .analytes import catalogue
from .documents import MAX_INPUT_BYTES, read_document
from .errors import InputError, values_shown
from .units import to_ucum
from .trusted import trusted, trusted_many

# NaN and ±Infinity (JSON's 1e400 reads as Infinity) are no result: refused, naming the field.
Number = Annotated[float, Strict(), AllowInfNan(False)] | Annotated[int, Strict()]
Comparator = Literal["<", "<=", ">", ">="]
LabStatus = Literal["final", "preliminary"]
CompleteList = Literal["conditions", "medications", "procedures"]
COMPLETE_LISTS: tuple[str, ...] = get_args(CompleteList)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
LAB_STATUSES: tuple[str, ...] = get_args(LabStatus)


class ReferenceRange(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    low: Optional[Number] = None
    high: Optional[Number] = None


class LabResult(BaseModel):
    """One result as reported: ``value`` in ``unit`` on ``date``.

    ``comparator`` marks a censored result ("< 0.1"): the true value lies beyond it.
    """

    model_config = ConfigDict(defer_build=True, extra="forbid")
    test: str
    value: Number
    unit: Optional[str] = None
    date: Optional[dt.date] = None
    comparator: Optional[Comparator] = None
    reference_range: Optional[ReferenceRange] = None
    # A preliminary result is shown as such in every reason that uses it.
    status: LabStatus = "final"


class Observed(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    value: Number
    date: Optional[dt.date] = None


class ConditionEntry(BaseModel):
    """A diagnosis or state; ``status: absent`` records that it was ruled out
    ("no brain metastases", "pregnancy test negative") on ``date``."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    name: str
    code: Optional[str] = None          # "system|code", e.g. "http://snomed.info/sct|94381002"
    status: Literal["present", "absent"] = "present"
    date: Optional[dt.date] = None      # onset, or when it was ruled out
    end: Optional[dt.date] = None       # resolved / abated


class MedicationEntry(BaseModel):
    """A drug or drug class the patient takes or took, with its dates."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    name: str
    code: Optional[str] = None          # "system|code", e.g. RxNorm
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None       # None: ongoing (if status is active)
    status: Literal["active", "completed", "stopped", "unknown"] = "unknown"


class ProcedureEntry(BaseModel):
    """A procedure (surgery, radiotherapy, transfusion ...) and when it happened."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    name: str
    code: Optional[str] = None
    date: Optional[dt.date] = None


def declared_complete(patient: "Patient", lists) -> "Patient":
    """The profile with ``lists`` (names from COMPLETE_LISTS) added to those it declares
    complete (``--complete``, a request's ``complete``)."""
    wanted = sorted(set(patient.complete) | set(lists))
    return patient if wanted == sorted(patient.complete) else patient.model_copy(update={"complete": wanted})


AgeUnit = Literal["years", "months", "weeks", "days"]
# The analyte catalogue's age units (UCUM), and the oldest age a profile may record in each.
AGE_UNIT_CODES: dict[str, str] = {"years": "a", "months": "mo", "weeks": "wk", "days": "d"}
MAX_AGE = {"years": 130, "months": 130 * 12, "weeks": 130 * 53, "days": 130 * 366}


class RecordedAge(BaseModel):
    """An age recorded without a birth date, in ``unit``: ``age: 49.5`` (years) or an
    infant's ``age: {value: 6, unit: months}``. The patient is at least ``value`` old and
    not yet the next whole unit."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    value: Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]   # strict: 49 is accepted, "49" not
    unit: AgeUnit = "years"

    @model_validator(mode="after")
    def _possible(self) -> "RecordedAge":
        if self.value > MAX_AGE[self.unit]:
            raise ValueError(f"expected an age of at most {MAX_AGE[self.unit]} {self.unit}"
                             + ("" if self.unit == "years" else " (130 years)"))
        return self

    @field_serializer("value")
    def _whole_as_int(self, value: float) -> Union[int, float]:
        return int(value) if value.is_integer() else value


def _age_in_years(value: Any) -> Any:
    """A bare number is an age in years."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"value": value}
    if not isinstance(value, (dict, RecordedAge)):
        raise ValueError("expected an age in years (a number) or {value: 6, unit: months}")
    return value


# A class as a record writes it: "III", "class III", "NYHA functional class III".
_CLASS_WRITTEN = re.compile(r"(?:(?P<name>.+?)\s+)??(?:(?:functional\s+)?class\s+)?(?P<numeral>[a-z]+)", re.I)


def _classes_as_numbers(observations: Any) -> Any:
    """An observation given as a class of its scale, as written ("III", "NYHA class III";
    analytes.yaml, classes), is the class's number on the scale."""
    if not isinstance(observations, dict) or not any(
            isinstance(entry, str) or isinstance(entry, dict) and isinstance(entry.get("value"), str)
            for entry in observations.values()):
        return observations
    return {name: _class_number(name, entry) for name, entry in observations.items()}


def _class_number(name: Any, entry: Any) -> Any:
    """The entry with a class written in words as its number; any other entry as given (its
    own validation says what is wrong with it)."""
    if isinstance(entry, dict) and isinstance(entry.get("value"), str):
        return {**entry, "value": _class_number(name, entry["value"])}
    analyte = catalogue().lookup(name) if isinstance(entry, str) and isinstance(name, str) else None
    numbers = {written.upper(): number for written, number in (analyte.classes if analyte else {}).items()
               if isinstance(number, int)}  # a class of several points ("Child-Pugh B") is no one value
    if not numbers:
        return entry
    written = _CLASS_WRITTEN.fullmatch(entry.strip())
    if written and written["numeral"].upper() in numbers and \
            (not written["name"] or catalogue().lookup(written["name"]) is analyte):
        return numbers[written["numeral"].upper()]
    raise ValueError(f"{name}: expected a number or a class of the {analyte.display} ({', '.join(numbers)})")


class Measurement(BaseModel):
    """A result bound to its analyte, with its unit as a UCUM code (None: unknown)."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    analyte: str
    value: float
    unit_text: Optional[str]
    unit: Optional[str]
    date: Optional[dt.date]
    comparator: Optional[Comparator] = None
    low: Optional[float] = None
    high: Optional[float] = None
    origin: str = "lab"
    status: LabStatus = "final"


class Patient(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    id: str
    # Who the patient is, for the screening log a site files; screening never reads them.
    name: Optional[str] = Field(default=None, min_length=1)
    mrn: Optional[str] = Field(default=None, min_length=1)
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    birth_date: Optional[date] = None
    age: Optional[Annotated[RecordedAge, BeforeValidator(_age_in_years)]] = None
    weight_kg: Optional[Number] = Field(default=None, gt=0)
    height_cm: Optional[Number] = Field(default=None, gt=0)
    labs: list[LabResult] = []
    observations: Annotated[dict[str, Union[Observed, Number]], BeforeValidator(_classes_as_numbers)] = {}
    conditions: list[Union[ConditionEntry, str]] = []
    medications: list[Union[MedicationEntry, str]] = []
    procedures: list[Union[ProcedureEntry, str]] = []
    # The lists the source holds whole (an EHR problem list, every dispensed drug): no
    # matching record in them is evidence of absence. Left out: silence is unknown.
    complete: list[CompleteList] = []

    # Built on first use (``_LabIndex``): a criterion asks about a few analytes, a bulk
    # load makes profiles with many, and making every result's Measurement up front was
    # most of a bulk load's time.
    _lab_index: Optional["_LabIndex"] = PrivateAttr(default=None)
    # An OMOP registry's patient (engine.sql.loader): what its vocabulary resolves the coded
    # concepts to, for its records coded by OMOP concept id (None: no vocabulary given).
    _omop_concepts: Optional[Mapping[str, frozenset[int]]] = PrivateAttr(default=None)

    @field_serializer("age")
    def _age_as_written(self, age: Optional[RecordedAge]):
        """An age in years is written back as a number, as it is given."""
        if age is None or age.unit != "years":
            return age
        return int(age.value) if age.value.is_integer() else age.value

    def measurements(self, analyte: str) -> list[Measurement]:
        """This analyte's results, newest first (undated last)."""
        return self._indexed().measurements(analyte)

    @property
    def unmapped_tests(self) -> list[str]:
        """Lab tests no analyte matched: never used, reported."""
        return list(self._indexed().unmapped)

    def with_results(self, fresh: list[LabResult]) -> "Patient":
        """This profile with more results (a what-if: "order next" tries a result not yet
        taken). The copy's lab index is this one's with only the new results' analytes
        grouped again: the rest is shared, not rebuilt."""
        copy = self.model_copy(update={"labs": [*self.labs, *fresh]})
        copy._lab_index = self._indexed().adding(fresh)
        return copy

    def _indexed(self) -> "_LabIndex":
        # Threads sharing a profile may each group it; each stores a whole index, so no
        # thread sees a half-built one, and the copies are equal.
        index = self._lab_index
        if index is None:
            index = self._lab_index = _LabIndex(self)
        return index


def lab_result(test, value, unit, day, comparator=None, low=None, high=None, status="final",
               validate: bool = False) -> LabResult:
    """A LabResult. In bulk loads (``validate`` False) values that are plainly of the
    field types are taken as they are: pydantic validation of every result was most of
    the load time. Anything else goes through the model, which refuses it naming the
    field, so both ways accept the same values and build equal results."""
    if validate or not _plain_lab(test, value, unit, day, comparator, low, high, status):
        rng = {"low": low, "high": high} if low is not None or high is not None else None
        return LabResult(test=test, value=value, unit=unit, date=day, comparator=comparator,
                         reference_range=rng, status=status)
    return trusted(LabResult, lab_fields(test, value, unit, day, comparator, low, high, status))


def lab_fields(test, value, unit, day, comparator=None, low=None, high=None, status="final") -> dict:
    """The fields (``__dict__``) of ``lab_result(...)``, checked the same way, for a bulk
    reader that makes its LabResults a list at a time (``lab_results``). One function, not
    three: it runs once per result of a bulk load."""
    if not _plain_lab(test, value, unit, day, comparator, low, high, status):
        return lab_result(test, value, unit, day, comparator, low, high, status, validate=True).__dict__
    return {"test": test, "value": value, "unit": unit, "date": day, "comparator": comparator,
            "reference_range": shared_range(low, high), "status": status}


def shared_range(low, high) -> Optional[ReferenceRange]:
    """The LabResult reference_range of these bounds (None for none), one object per
    distinct pair; bounds not plainly numbers go through the model's validation."""
    if low is None and high is None:
        return None
    if not ((low is None or type(low) in _NUMBER_TYPES) and (high is None or type(high) in _NUMBER_TYPES)):
        return ReferenceRange(low=low, high=high)
    key = (low, high, type(low), type(high))
    rng = _RANGES.get(key)
    return rng if rng is not None else _new_range(key)


def lab_results(fields: list[dict]) -> list[LabResult]:
    """LabResults from ``lab_fields`` dicts (every field given, as lab_result gives them)."""
    return trusted_many(LabResult, fields)


# A bulk load meets the same few reference ranges over and over: one ReferenceRange each
# (the engine never changes a profile once built). The key holds the types, 1 == 1.0 as
# dict keys; a zero bound is not shared, as 0.0 == -0.0 and both must stay as written.
_RANGES: dict[tuple, ReferenceRange] = {}
_MAX_RANGES = 100_000


def _new_range(key: tuple) -> ReferenceRange:
    low, high = key[0], key[1]
    rng = trusted(ReferenceRange, {"low": low, "high": high})
    if low != 0 and high != 0:
        if len(_RANGES) >= _MAX_RANGES:
            _RANGES.clear()
        _RANGES[key] = rng
    return rng


_NUMBER_TYPES = (float, int)    # exact types: a bool is an int, but never a value


def _finite(number) -> bool:
    """NaN and infinities go to the model, which refuses them naming the field."""
    return type(number) is int or math.isfinite(number)


def _plain_lab(test, value, unit, day, comparator, low, high, status) -> bool:
    """Every value exactly of its LabResult field's type: nothing for pydantic to
    convert or refuse. A subset of what the model accepts (tests/test_bulk_load.py checks it)."""
    return (type(test) is str and type(value) in _NUMBER_TYPES and _finite(value)
            and (unit is None or type(unit) is str)
            and (day is None or type(day) is dt.date)
            and (comparator is None or (type(comparator) is str and comparator in COMPARATORS))
            and (low is None or (type(low) in _NUMBER_TYPES and _finite(low)))
            and (high is None or (type(high) in _NUMBER_TYPES and _finite(high)))
            and type(status) is str and status in LAB_STATUSES)


class _LabIndex:
    """A profile's results grouped by analyte in the order given, each analyte's made
    Measurements, newest first, when it is first asked for."""

    def __init__(self, patient: Patient) -> None:
        cat = catalogue()
        targets: dict[str, Optional[tuple[str, Optional[str]]]] = {}    # test -> _target
        # analyte -> (date, a lab's fields or an observation's Measurement) in profile order
        self.dated: dict[str, list[tuple[Optional[dt.date], Union[dict, Measurement]]]] = {}
        self.unmapped: list[str] = []
        self.built: dict[str, list[Measurement]] = {}
        for lab in patient.labs:
            fields = lab.__dict__       # read once: each pydantic attribute read is slow
            test = fields["test"]
            if test not in targets:
                targets[test] = _target(cat.lookup(test))
            target = targets[test]
            if target is None:
                self.unmapped.append(test)
                continue
            self.dated.setdefault(target[0], []).append((fields["date"], fields))
        for name, entry in patient.observations.items():
            analyte = cat.lookup(name)
            if analyte is None:
                self.unmapped.append(name)
                continue
            observed = entry if isinstance(entry, Observed) else Observed(value=entry)
            self.dated.setdefault(analyte.id, []).append((observed.date, Measurement(
                analyte=analyte.id, value=observed.value, unit_text=None, unit=analyte.unit,
                date=observed.date, origin="observation")))

    def adding(self, fresh: list[LabResult]) -> "_LabIndex":
        """A new index: this one's groups, and the fresh results after each analyte's own."""
        made = object.__new__(_LabIndex)
        made.dated, made.unmapped, made.built = dict(self.dated), list(self.unmapped), dict(self.built)
        for lab in fresh:
            target = _target(catalogue().lookup(lab.test))
            if target is None:
                made.unmapped.append(lab.test)
                continue
            made.dated[target[0]] = [*made.dated.get(target[0], ()), (lab.date, lab.__dict__)]
            made.built.pop(target[0], None)
        return made

    def measurements(self, analyte: str) -> list[Measurement]:
        built = self.built.get(analyte)
        if built is None:
            dated = self.dated.get(analyte)
            if dated is None:
                return []
            # setdefault: a thread that built the same list meanwhile keeps its own
            built = self.built.setdefault(analyte, self._made(analyte, _newest_first(dated)))
        return built

    def _made(self, analyte: str, entries: list) -> list[Measurement]:
        """Each lab's fields made a Measurement, all in one ``trusted_many`` call (one
        Python call per result was most of the cost); observations are made already."""
        unit_if_none = _target(catalogue()[analyte])[1]
        made = iter(trusted_many(Measurement, [_measurement_fields(entry, analyte, unit_if_none)
                                               for entry in entries if type(entry) is dict]))
        return [next(made) if type(entry) is dict else entry for entry in entries]


def _target(analyte) -> Optional[tuple[str, Optional[str]]]:
    """(analyte id, the unit of a result given without one) of a test, None if unknown."""
    if analyte is None:
        return None
    return analyte.id, (analyte.unit if analyte.unit_optional else None)


def _newest_first(dated: list[tuple[Optional[dt.date], object]]) -> list:
    """Newest first, undated last; results of the same day keep their order. Sorted on
    the (date, entry) pairs with a C key: no Python call or model read per result."""
    known = [pair for pair in dated if pair[0] is not None]
    known.sort(key=_FIRST, reverse=True)
    newest = [m for _, m in known]
    if len(known) < len(dated):
        newest += [m for day, m in dated if day is None]
    return newest


_FIRST = itemgetter(0)


def _measurement_fields(fields: dict, analyte: str, unit_if_none: Optional[str]) -> dict:
    """A validated lab's fields -> its Measurement's fields, with the float conversion
    Measurement's validation would make (the Measurement is built without revalidation)."""
    value, unit, rng = fields["value"], fields["unit"], fields["reference_range"]
    low, high = (rng.low, rng.high) if rng else (None, None)
    return {"analyte": analyte, "value": float(value), "unit_text": unit,
            "unit": to_ucum(unit) if unit else unit_if_none, "date": fields["date"],
            "comparator": fields["comparator"],
            "low": None if low is None else float(low), "high": None if high is None else float(high),
            "origin": "lab", "status": fields["status"]}


def load_patient(path: Union[str, Path], max_bytes: int = MAX_INPUT_BYTES) -> Patient:
    """A native profile (YAML or JSON) or a FHIR R4 Bundle (JSON, told apart by its
    ``resourceType``), of at most ``max_bytes``; errors name the file and field."""
    path = Path(path)
    data = read_document(path, max_bytes)
    if not isinstance(data, dict):
        raise InputError("a patient profile must be a mapping of fields", str(path))
    if "resourceType" in data:
        from .adapters.fhir import patient_from_fhir_document
        return patient_from_fhir_document(data, str(path))
    return patient_from_dict(data, str(path))


def patient_from_dict(data: dict, origin: str = "") -> Patient:
    try:
        return Patient.model_validate(data)
    except ValidationError as exc:
        raise InputError(_describe(exc), origin) from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:8]:
        loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith(("function-", "union[")))
        got = error.get("input")
        shown = f" (got {got!r})" if values_shown() and not isinstance(got, (dict, list)) else ""
        parts.append(f"{loc}: {error['msg']}{shown}")
    more = len(exc.errors()) - 8
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
