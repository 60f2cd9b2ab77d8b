"""The bulk fast path builds exactly what validation builds.

The bulk readers (NDJSON, tables) build lab results without running pydantic over
every field (``engine.patients.lab_result``) and build the per-analyte index the same
way. Nothing may change by it: the fast builder accepts exactly what the model accepts
and builds equal results; a bulk profile re-validated through the model is identical,
index included; the Synthea bundles, the benchmark's inputs and random Observations
(malformed ones too) read the same in bulk as through the validated per-patient path;
and a bad record is counted with its file, line and field, never raised.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import importlib.util
import json
import tempfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engine import InputError
from engine.adapters import LoadReport, load_ndjson, load_tables, patient_from_bundle
from engine.adapters.dates import iso_date
from engine.analytes import catalogue
from engine.patients import Measurement, Patient, lab_result

from .conftest import ROOT

LOINC, UCUM = "http://loinc.org", "http://unitsofmeasure.org"
PATIENT = {"resourceType": "Patient", "id": "pt-1", "gender": "female", "birthDate": "1960-03-15"}
SLOW = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def everything(patient: Patient) -> str:
    """A profile as text, with its per-analyte index and unmapped tests (model_dump
    leaves those out), and with types: 150 and 150.0 differ here."""
    index = {a: [m.model_dump() for m in patient.measurements(a)] for a in catalogue().by_id}
    return json.dumps({"profile": patient.model_dump(), "index": index, "unmapped": patient.unmapped_tests},
                      sort_keys=True, default=repr)


def revalidated(patient: Patient) -> Patient:
    """The profile through the model's validation, each index entry included (the index
    is built without validation, by the same code for every profile)."""
    for analyte in catalogue().by_id:
        for m in patient.measurements(analyte):
            assert typed(Measurement.model_validate(m.model_dump())) == typed(m)
    return Patient.model_validate(patient.model_dump())


def typed(model) -> str:
    return json.dumps(model.model_dump(), sort_keys=True, default=repr)


def counts(report: LoadReport) -> dict:
    """The report without its examples (they name the entry or the file line)."""
    return {k: v for k, v in report.to_dict().items() if k != "examples"}


def bundle(resources: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def write_ndjson(path: Path, resources: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in resources) + "\n", encoding="utf-8")
    return path


JSON_JUNK = st.one_of(st.integers(-3, 3), st.booleans(), st.text(max_size=3), st.just([1]), st.just({}))


def mostly(valid, junk=JSON_JUNK, one_in: int = 15):
    """The valid strategy, and junk one time in ``one_in``. (Hypothesis favours the
    simplest choice, 0, so 0 must be the valid one.)"""
    return st.integers(0, one_in - 1).flatmap(lambda n: junk if n == one_in - 1 else valid)


# ------------------------------------------------------------ the lab builder
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3), st.just([1]), st.just({}),
                 st.datetimes(), st.decimals(allow_nan=False, places=2, max_value=10**6, min_value=-10**6),
                 st.floats(allow_nan=True, allow_infinity=True))
NUMBER = mostly(st.floats(-1e9, 1e9) | st.integers(-10**9, 10**9), JUNK, 6)
TEXT = mostly(st.sampled_from(["777-3", "platelets", "mg/dL", "10*9/L", ""]), JUNK, 6)


@settings(max_examples=800, deadline=None)
@given(test=TEXT, value=NUMBER, unit=st.none() | TEXT, day=st.none() | mostly(st.dates(), JUNK, 6),
       comparator=st.none() | mostly(st.sampled_from(["<", "<=", ">", ">="]), JUNK, 6),
       low=st.none() | NUMBER, high=st.none() | NUMBER,
       status=mostly(st.sampled_from(["final", "preliminary"]), JUNK, 6))
def test_the_fast_lab_builder_accepts_and_builds_what_the_model_does(test, value, unit, day, comparator,
                                                                     low, high, status):
    args = (test, value, unit, day, comparator, low, high, status)
    try:
        expected = lab_result(*args, validate=True)
    except ValidationError as refused:
        with pytest.raises(ValidationError) as fast:
            lab_result(*args)
        assert fast.value.errors() == refused.errors()
        return
    built = lab_result(*args)
    assert json.dumps(built.model_dump(), default=repr) == json.dumps(expected.model_dump(), default=repr)
    assert built.model_fields_set == expected.model_fields_set


# ------------------------------------------------------------------- Synthea
@lru_cache(maxsize=1)
def synthea() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "patients" / "synthea").glob("*.json"))]


def test_synthea_reads_the_same_in_bulk_as_through_the_validated_bundles(tmp_path):
    path = write_ndjson(tmp_path / "all.ndjson", [e["resource"] for b in synthea() for e in b["entry"]])
    patients, _ = load_ndjson(path)
    validated = {p.id: p for p in (patient_from_bundle(b) for b in synthea())}
    assert sorted(p.id for p in patients) == sorted(validated)
    for patient in patients:
        assert everything(patient) == everything(validated[patient.id]) == everything(revalidated(patient))


# ------------------------------------------------------- the benchmark's inputs
def load_bench():
    spec = importlib.util.spec_from_file_location("load_bench", ROOT / "benchmarks" / "load_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_inputs(tmp_path_factory):
    return load_bench().write_inputs(tmp_path_factory.mktemp("bench"), results=3000, patients=40)


def test_benchmark_inputs_read_the_same_in_every_format_and_validated(bench_inputs):
    read = {"NDJSON": load_ndjson(bench_inputs["NDJSON"])[0],
            "CSV": load_tables([bench_inputs["CSV"]])[0], "Parquet": load_tables([bench_inputs["Parquet"]])[0]}
    for patients in read.values():
        assert sum(len(p.labs) for p in patients) == 3000
        for patient in patients:
            assert everything(patient) == everything(revalidated(patient))
    by_id = {name: {p.id: p for p in patients} for name, patients in read.items()}
    for patient in read["NDJSON"]:      # tables read numbers as written ("150" is 150.0): equal, not same type
        assert patient.labs == by_id["CSV"][patient.id].labs == by_id["Parquet"][patient.id].labs


def test_benchmark_ndjson_reads_as_the_validated_bundles(bench_inputs):
    resources = [json.loads(line) for line in bench_inputs["NDJSON"].read_text(encoding="utf-8").splitlines()]
    per_patient = defaultdict(list)
    for resource in resources:
        subject = resource["id"] if resource["resourceType"] == "Patient" else resource["subject"]["reference"][8:]
        per_patient[subject].append(resource)
    bulk = {p.id: p for p in load_ndjson(bench_inputs["NDJSON"])[0]}
    for patient_id in list(per_patient)[:10]:        # fhir.resources validation is slow: a sample
        assert everything(patient_from_bundle(bundle(per_patient[patient_id]))) == everything(bulk[patient_id])


# ------------------------------------------------------ random Observations
# Junk (JSON of the wrong kind) in one field in 15: most bundles pass validation, so
# the two paths are compared on many results.


UNIT = st.sampled_from(["10*3/uL", "10*9/L", "g/dL", "mg/dL", "bananas"])
CODING = st.fixed_dictionaries(
    {"system": mostly(st.sampled_from([LOINC, LOINC, "http://local.example"])),
     "code": mostly(st.sampled_from(["777-3", "718-7", "1975-2", "89247-1", "32623-1"]))},
    optional={"display": mostly(st.text("abc xyz-", min_size=1, max_size=8))})
CONCEPT = mostly(st.fixed_dictionaries({"coding": mostly(st.lists(CODING, min_size=1, max_size=2))},
                                      optional={"text": st.text("abc xyz-", min_size=1, max_size=8)}))
QUANTITY = mostly(st.fixed_dictionaries(
    {"value": mostly(st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-10**6, 10**6)),
     "code": mostly(UNIT), "system": mostly(st.just(UCUM))},
    optional={"unit": mostly(UNIT)}))
RESULT = st.builds(lambda q, c: {**q, **c} if isinstance(q, dict) else q, QUANTITY,
                   st.fixed_dictionaries({}, optional={"comparator": st.sampled_from(["<", "<=", ">", ">=", "ad"])}))
RANGE = mostly(st.fixed_dictionaries({}, optional={"low": QUANTITY, "high": QUANTITY, "type": CONCEPT,
                                                  "appliesTo": st.just([{"text": "children"}])}))
VALUE = st.one_of(
    st.fixed_dictionaries({"valueQuantity": RESULT}),
    st.fixed_dictionaries({"valueQuantity": RESULT}),
    st.fixed_dictionaries({"valueInteger": mostly(st.integers(-5, 200))}),
    st.fixed_dictionaries({"valueString": mostly(st.sampled_from(["3", " 2 ", "high"]))}),
    st.fixed_dictionaries({"valueCodeableConcept": st.just({"coding": [{"system": LOINC, "code": "LA9623-5"}]})
                           | CONCEPT}),
    st.fixed_dictionaries({"dataAbsentReason": CONCEPT}),
    st.just({}))
PART = st.fixed_dictionaries({"code": CONCEPT},
                             optional={"referenceRange": mostly(st.lists(RANGE, min_size=1, max_size=2))})
OBSERVATION = st.builds(
    lambda part, value, more: {**part, **value, **more}, PART, VALUE,
    st.fixed_dictionaries(
        {"status": mostly(st.sampled_from(["final", "final", "amended", "preliminary", "cancelled",
                                           "entered-in-error", "registered", "unknown"]),
                          st.sampled_from(["done", "FINAL"]) | JSON_JUNK)},
        optional={"effectiveDateTime": mostly(st.sampled_from(["2026-10-28", "2026-10-28T08:30:00+02:00",
                                                               "2026-10"]),
                                              st.sampled_from(["2026-13-40", "20261028", "28/10/2026"]) | JSON_JUNK),
                  "category": mostly(st.just([{"coding": [{"code": "laboratory"}]}])),
                  "component": mostly(st.lists(st.builds(lambda p, v: {**p, **v}, PART, VALUE), min_size=1,
                                                max_size=2))}))


@SLOW
@given(st.lists(OBSERVATION, min_size=1, max_size=3))
def test_random_observations_read_the_same_in_bulk_as_validated(observations):
    resources = [PATIENT] + [{**o, "resourceType": "Observation", "id": f"o{i}",
                              "subject": {"reference": "Patient/pt-1"}} for i, o in enumerate(observations)]
    with tempfile.TemporaryDirectory() as tmp:
        [fast], bulk_report = load_ndjson(write_ndjson(Path(tmp) / "bulk.ndjson", resources))
    assert bulk_report.balanced and bulk_report.read == len(resources)
    assert everything(fast) == everything(revalidated(fast))
    report = LoadReport()
    try:
        validated = patient_from_bundle(bundle(resources), "case.json", report)
    except InputError:      # the validated path refuses the whole bundle; bulk counted each record
        return
    assert everything(fast) == everything(validated)
    assert counts(bulk_report) == counts(report)


CELL = st.sampled_from(["150", " 4.5 ", "< 0.1", "≥5", "x", "", "1_000", "nan", "1e3"])


@SLOW
@given(st.lists(st.tuples(st.sampled_from(["P1", " P1", "P2", ""]),
                          st.sampled_from(["platelets", "777-3", "ALT", "ecog", "zzz", ""]), CELL,
                          st.sampled_from(["10*9/L", "U/L", "", "mg/dL"]),
                          st.sampled_from(["2026-10-28", "2026-10-28T08:00", "2026-10-28 08:00", "28/10/2026",
                                           "20261028", ""]), CELL, CELL), min_size=1, max_size=8))
def test_random_table_rows_read_as_validated(rows):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labs.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([("patient_id", "test", "value", "unit", "date", "low", "high"), *rows])
        patients, report = load_tables([path])
    assert report.balanced and report.read == len(rows)
    assert report.used == sum(len(p.labs) for p in patients)
    for patient in patients:
        assert everything(patient) == everything(revalidated(patient))


# ------------------------------------------------------- where a bad record is
def test_a_bad_record_is_named_by_file_line_and_field(tmp_path):
    bad = {"resourceType": "Observation", "id": "o1", "status": "final", "subject": {"reference": "Patient/pt-1"},
           "code": {"coding": [{"system": LOINC, "code": "777-3"}]},
           "valueQuantity": {"value": "lots", "unit": "10*3/uL"}}
    _, report = load_ndjson(write_ndjson(tmp_path / "bulk.ndjson", [PATIENT, bad]))
    assert report.skipped == {"malformed Observation.valueQuantity.value": 1}
    assert report.examples["malformed Observation.valueQuantity.value"] == [
        "bulk.ndjson:2: expected a number, got 'lots'"]


def test_a_damaged_gzip_file_is_an_input_error(tmp_path):
    path = tmp_path / "bulk.ndjson.gz"
    path.write_bytes(gzip.compress(json.dumps(PATIENT).encode())[:-12])
    with pytest.raises(InputError, match="bulk.ndjson.gz.*cannot read file"):
        load_ndjson(path)


def test_a_table_that_stops_being_utf8_is_an_input_error_with_its_line(tmp_path):
    path = tmp_path / "labs.csv"
    rows = "".join(f"P1,platelets,{150 + i},10*9/L,2026-10-28\n" for i in range(5000))
    path.write_bytes(b"patient_id,test,value,unit,date\n" + rows.encode() + b"P1,platelets,\xff,10*9/L,2026-10-28\n")
    with pytest.raises(InputError, match=r"labs\.csv: cannot read table: .* \(after line (\d+)\)") as info:
        load_tables([path])
    assert int(info.value.args[0].rsplit(" ", 1)[-1].rstrip(")")) <= 5001


# -------------------------------------------------------------------- dates
@pytest.mark.parametrize("text,marks,expected", [
    ("2026-10-28", "T", dt.date(2026, 10, 28)),
    ("2026-10-28T08:30:00+02:00", "T", dt.date(2026, 10, 28)),    # the date as written, no shift
    ("2026-10-28 08:30", "T", None),
    ("2026-10-28 08:30", "T ", dt.date(2026, 10, 28)),
    ("20261028", "T", None),             # fromisoformat reads it; a lab date is written YYYY-MM-DD
    ("2026-W44-3", "T", None),
    ("2026-02-30", "T", None),
    ("2026-10-2", "T", None),
    ("", "T", None),
])
def test_iso_date(text, marks, expected):
    assert iso_date(text, marks) == expected
