"""FHIR R4 -> Patient: one patient's Bundle, a list of resources, or bulk NDJSON.

Per patient (a Bundle file, a CDS Hooks prefetch) every resource the profile uses is
checked first, and any error names the resource (entry index, type/id) and the field.
The check is ``fast`` by default (``fhir_check``: the types, references and codes of
what screening reads, and the fields and choices the type declares; several times
faster) or ``full`` (every field through the ``fhir.resources.R4B`` models), chosen by
the ``validation`` argument, else by ``$ELIG_FHIR_VALIDATION``. The bulk reader
(NDJSON, one resource a line) does not validate through fhir.resources (≈ 4,500
resources/s is too slow for a registry): it maps the JSON directly, and a line it
cannot use is counted as skipped with its reason, so one bad line never stops or drops
the rest.
"""
from __future__ import annotations

import gzip
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from pydantic import ValidationError

from ..errors import InputError, shown, values_shown
from ..patients import Patient
from . import fhir_map as fm
from .fhir_bulk import FastObservations
from .fhir_check import check
from .fhir_observation import ObservationMapper
from .profile import ProfileBuilder, paused_gc
from .report import LoadReport

try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback
    from json import loads as _loads

MAPPED_TYPES = frozenset({"Patient", "Medication", *fm.SUBJECT_FIELD})
VALIDATION_ENV = "ELIG_FHIR_VALIDATION"
VALIDATIONS = ("fast", "full")


# ---------------------------------------------------------------- per patient
def patient_from_bundle(bundle: dict, origin: str = "", report: Optional[LoadReport] = None,
                        validation: Optional[str] = None) -> Patient:
    """One patient's Bundle (parsed JSON) -> Patient. Raises InputError naming the
    entry, resource and field of the first problem. ``validation``: 'fast' or 'full'
    (None: $ELIG_FHIR_VALIDATION, else fast)."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise InputError("expected a FHIR Bundle (resourceType 'Bundle')", origin)
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise InputError("Bundle.entry: expected a list", origin)
    full = _full(validation)
    if full:
        _validate_bundle(bundle, entries, origin)
    else:
        _check("Bundle", {k: v for k, v in bundle.items() if k != "entry"}, "Bundle", origin)
    items = []
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            raise InputError(f"entry {i}: no resource", origin)
        url = entry.get("fullUrl")
        if not (url is None or isinstance(url, str)):    # read for the patient's references
            raise InputError(f"entry {i}: fullUrl: expected a string", origin)
        where = f"entry {i} ({_label(resource)})"
        _validate(resource, where, origin, full)
        items.append((resource, where, url))
    return _one_patient(items, origin, report if report is not None else LoadReport(), strict=True)


def patient_from_resources(resources: list[dict], origin: str = "",
                           report: Optional[LoadReport] = None, validation: Optional[str] = None) -> Patient:
    """A list of resource dicts (a CDS Hooks prefetch: Bundles in it are opened, and a
    None, a prefetch key with no data, is passed over) -> Patient."""
    items = []
    for i, resource in enumerate(resources):
        if resource is None:
            continue
        if isinstance(resource, dict) and resource.get("resourceType") == "Bundle":
            for j, entry in enumerate(resource.get("entry") or []):
                inner = entry.get("resource") if isinstance(entry, dict) else None
                if isinstance(inner, dict):
                    items.append((inner, f"resource {i} entry {j} ({_label(inner)})", entry.get("fullUrl")))
            continue
        if not isinstance(resource, dict):
            raise InputError(f"resource {i}: expected a FHIR resource (a JSON object)", origin)
        items.append((resource, f"resource {i} ({_label(resource)})", None))
    full = _full(validation)
    for resource, where, _ in items:
        _validate(resource, where, origin, full)
    return _one_patient(items, origin, report if report is not None else LoadReport(), strict=True)


def patient_from_fhir_document(data: dict, origin: str = "", report: Optional[LoadReport] = None,
                               validation: Optional[str] = None) -> Patient:
    """A FHIR JSON file: a Bundle, or a lone Patient resource."""
    kind = data.get("resourceType")
    if kind == "Bundle":
        return patient_from_bundle(data, origin, report, validation)
    if kind == "Patient":
        return patient_from_resources([data], origin, report, validation)
    raise InputError(f"resourceType {shown(kind)} is not a patient record (expected a Bundle)", origin)


def _label(resource: dict) -> str:
    """'Observation/o1'; where values are withheld, the type alone (an id may be a record number)."""
    kind = resource.get("resourceType", "?")
    if values_shown():
        return f"{kind}/{resource.get('id', '?')}"
    return kind if isinstance(kind, str) and kind in MAPPED_TYPES else "resource"


def _validate_bundle(bundle: dict, entries: list, origin: str) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError
    shell = {**bundle, "entry": [{k: v for k, v in e.items() if k != "resource"}
                                 for e in entries if isinstance(e, dict)]}
    if not shell["entry"]:
        del shell["entry"]
    try:
        Bundle.model_validate(shell)
    except ValidationError as exc:
        raise InputError(f"Bundle: {_fhir_errors(exc)}", origin) from None


def _full(validation: Optional[str]) -> bool:
    """Whether resources go through the full fhir.resources models."""
    chosen = validation or os.environ.get(VALIDATION_ENV) or "fast"
    if chosen not in VALIDATIONS:
        raise ValueError(f"FHIR validation {chosen!r}: expected one of {', '.join(VALIDATIONS)} "
                         f"(the validation argument or ${VALIDATION_ENV})")
    return chosen == "full"


def _check(kind: str, resource: dict, where: str, origin: str) -> None:
    try:
        check(resource, kind)
    except fm.Malformed as bad:
        raise InputError(f"{where}: {bad.field}: {bad.message}", origin) from None


def _validate(resource: dict, where: str, origin: str, full: bool) -> None:
    """The resource types the profile uses are checked (``full``: through the
    fhir.resources.R4B models); other types only to be FHIR types (they are counted,
    never read)."""
    kind = resource.get("resourceType")
    if not isinstance(kind, str):
        raise InputError(f"{where}: no resourceType", origin)
    if kind in MAPPED_TYPES and not full:
        _check(kind, resource, where, origin)
        return
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError
    try:
        model = get_fhir_model_class(kind)
    except (KeyError, ValueError):
        raise InputError(f"{where}: {shown(kind)} is not a FHIR R4 resource type", origin) from None
    if kind not in MAPPED_TYPES:
        return
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        raise InputError(f"{where}: {_fhir_errors(exc)}", origin) from None


def _fhir_errors(exc) -> str:
    parts = []
    for error in exc.errors()[:5]:
        field = ""
        for step in error["loc"]:
            field += f"[{step}]" if isinstance(step, int) else (f".{step}" if field else str(step))
        got = error.get("input")
        quoted = f" (got {got!r})" if values_shown() and not isinstance(got, (dict, list)) else ""
        parts.append(f"{field or 'resource'}: {error['msg']}{quoted}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _one_patient(items: list[tuple[dict, str, Optional[str]]], origin: str, report: LoadReport,
                 strict: bool) -> Patient:
    people = [(r, w, url) for r, w, url in items if r.get("resourceType") == "Patient"]
    if len(people) > 1:
        raise InputError(f"{len(people)} Patient resources ({', '.join(w for _, w, _ in people)}); "
                         "a patient's bundle holds one", origin)
    keys = set()
    if people:
        person, _, url = people[0]
        keys = {person.get("id"), fm.reference_id({"reference": url or ""})} - {None}
    builder = ProfileBuilder(id=_patient_id(people, items, origin))
    mapper = _Mapper(report, strict, origin)
    for resource, where, url in items:
        mapper.map(resource, builder, where, keys, url)
    return builder.build(report, mapper.medications, origin)


def _patient_id(people, items, origin: str) -> str:
    if people and people[0][0].get("id"):
        return str(people[0][0]["id"])
    for resource, _, _ in items:
        subject = fm.patient_reference(resource.get(fm.SUBJECT_FIELD.get(resource.get("resourceType"), "")))
        if subject:
            return subject
    return Path(origin).stem if origin else "unknown"


class _Mapper:
    """Maps one resource, counting it as used or skipped (or raising, when strict)."""

    def __init__(self, report: LoadReport, strict: bool, origin: str = "") -> None:
        self.report = report
        self.strict = strict
        self.origin = origin
        self.table = handlers(report)
        self.medications: dict[str, tuple[str, Optional[str]]] = {}   # id -> (name, code)

    def map(self, resource: dict, builder: Optional[ProfileBuilder], where: str, keys=frozenset(),
            url: Optional[str] = None) -> None:
        kind = resource.get("resourceType")
        try:
            if kind == "Patient":
                fm.patient(resource, builder, self.report)
            elif kind == "Medication":    # resolved when the patient is built, so order is free
                drug = fm.medication_definition(resource)
                for key in {resource.get("id"), fm.reference_id({"reference": url or ""})} - {None}:
                    self.medications[str(key)] = drug
            elif kind in self.table:
                if keys and fm.patient_reference(resource.get(fm.SUBJECT_FIELD[kind])) not in keys | {None}:
                    raise fm.Skip("subject is another patient")
                self.table[kind](resource, builder, where)
            else:
                self.report.skip(str(kind), f"resource type {kind} not used for screening",
                                 self._example(where))
                return
        except fm.Skip as skip:
            self.report.skip(kind, str(skip), self._example(where))
            return
        except (fm.Malformed, ValidationError) as exc:
            # ValidationError: a value the profile model refuses (a unit that is not text ...)
            bad = exc if isinstance(exc, fm.Malformed) else fm.Malformed(
                ".".join(map(str, exc.errors()[0]["loc"])) or kind, exc.errors()[0]["msg"])
            if self.strict:
                raise InputError(f"{where}: {bad.field}: {bad.message}", self.origin) from None
            self.report.skip(kind, f"malformed {kind}.{bad.field}", f"{where}: {bad.message}")
            return
        self.report.use(kind)

    def _example(self, where: str) -> str:
        """Where a skipped record is, for the report: the file too, when there is one."""
        return f"{Path(self.origin).name} {where}" if self.origin else where


def handlers(report: LoadReport) -> dict:
    """resourceType -> mapping function ``(resource, builder, where)``, per type used."""
    table = {"Observation": ObservationMapper(report), "Procedure": fm.procedure,
             "Condition": lambda res, b, where: fm.condition(res, b, where, report)}
    for kind in fm.MEDICATION_STATUS:
        table[kind] = fm.medication
    return table


# ---------------------------------------------------------------------- bulk
def read_ndjson(paths: Union[str, Path, Iterable[Union[str, Path]]],
                report: Optional[LoadReport] = None) -> Iterator[Patient]:
    """Bulk FHIR NDJSON (one resource a line, any resource types, any file order) ->
    one Patient per patient, after every file is read. ``report`` receives the counts."""
    report = report if report is not None else LoadReport()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    builders: dict[str, ProfileBuilder] = {}
    mapper = _Mapper(report, strict=False)
    fast = FastObservations(mapper.table["Observation"], builders, report)
    with paused_gc():
        for path in map(Path, paths):
            try:
                _read_lines(path, fast.read, builders, mapper, report)
            finally:    # the report holds what was read, also when a damaged file stops it
                fast.count_used()
        patients = [b.build(report, mapper.medications, patient_id) for patient_id, b in builders.items()]
    yield from patients


def _read_lines(path: Path, fast, builders: dict, mapper: _Mapper, report: LoadReport) -> None:
    """Each line of one file, by ``fast`` or else by the general path."""
    name = path.name
    with _opened(path) as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.isspace() and not fast(line, name, lineno):
                _bulk_line(line, name, lineno, builders, mapper, report)


def load_ndjson(paths, report: Optional[LoadReport] = None) -> tuple[list[Patient], LoadReport]:
    report = report if report is not None else LoadReport()
    return list(read_ndjson(paths, report)), report


@contextmanager
def _opened(path: Path):
    """The file, read as lines of bytes (gzip too). Iterated directly, not through a
    generator: that was a frame switch a line."""
    try:
        handle = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", str(path)) from None
    with handle:
        try:
            yield handle
        except (OSError, EOFError) as exc:      # a damaged gzip stream (BadGzipFile is an OSError)
            raise InputError(f"cannot read file: {exc}", str(path)) from None


def _bulk_line(line: bytes, name: str, lineno: int, builders: dict, mapper: _Mapper,
               report: LoadReport) -> None:
    where = f"{name}:{lineno}"
    try:
        resource = _loads(line)
    except ValueError:
        report.skip("(not JSON)", "line is not valid JSON", where)
        return
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        report.skip("(not a resource)", "line is not a FHIR resource (no resourceType)", where)
        return
    kind = resource["resourceType"]
    if kind == "Patient":
        patient_id = resource.get("id")
        if not isinstance(patient_id, str) or not patient_id:
            report.skip(kind, "Patient without an id", where)
            return
    elif kind == "Medication":
        mapper.map(resource, None, where)
        return
    elif kind in fm.SUBJECT_FIELD:
        patient_id = fm.patient_reference(resource.get(fm.SUBJECT_FIELD[kind]))
        if patient_id is None:
            report.skip(kind, "no subject reference to a Patient", where)
            return
    else:
        report.skip(kind, f"resource type {kind} not used for screening", where)
        return
    builder = builders.get(patient_id)
    if builder is None:
        builder = builders[patient_id] = ProfileBuilder(id=patient_id, validate=False)
    mapper.map(resource, builder, where)

