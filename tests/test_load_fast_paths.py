"""The bulk readers' fast paths read exactly what their general paths read.

NDJSON lab Observations of the common shape are decoded into typed structs
(``engine.adapters.fhir_bulk``); long-table rows whose test, unit, date and range were
read before are added without reading those cells again (``tables._Table._long``). Each
is compared here with its general path (the fast one turned off) on random records,
malformed ones too: the same profiles, index included, and the same counts.
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.adapters import load_ndjson, load_tables
from engine.adapters.fhir import read_ndjson
from engine.adapters.report import LoadReport
from engine.errors import InputError
from engine.adapters.fhir_bulk import FastObservations
from engine.adapters.tables import _Table

from .test_bulk_load import CELL, CONCEPT, OBSERVATION, PATIENT, RANGE, RESULT, SLOW, counts, everything, mostly, \
    write_ndjson

# Text fields the fast decoder reads (as text) besides those the mapper uses, and one it does not.
EXTRA = st.fixed_dictionaries({}, optional={
    "meta": mostly(st.just({"profile": ["http://hl7.org/fhir/StructureDefinition/vitalsigns"]})),
    "issued": mostly(st.just("2026-10-28T09:00:00Z")),
    "encounter": mostly(st.just({"reference": "Encounter/e1"})),
    "note": st.just([{"text": "haemolysed"}])})
# Any Observation (test_bulk_load's), and ones of the shape the fast path reads, with junk
# in one field in 15 (so both paths meet it).
ANY_SHAPE = st.builds(lambda o, more, i: {**o, **more, "resourceType": "Observation", "id": f"o{i}",
                                         "subject": {"reference": "Patient/pt-1"}},
                      OBSERVATION, EXTRA, st.integers(0, 9))
LAB_SHAPE = st.builds(lambda o, more: {**o, **more}, st.fixed_dictionaries(
    {"resourceType": mostly(st.just("Observation")),
     "status": mostly(st.sampled_from(["final", "amended", "corrected", "preliminary", "cancelled"])),
     "code": CONCEPT, "subject": mostly(st.just({"reference": "Patient/pt-1"})),
     "effectiveDateTime": mostly(st.sampled_from(["2026-10-28", "2026-10-28T08:30:00+02:00", "2026-10"])),
     "valueQuantity": RESULT},
    optional={"category": mostly(st.just([{"coding": [{"code": "laboratory"}]}])),
              "referenceRange": mostly(st.lists(RANGE, min_size=1, max_size=2)),
              "id": mostly(st.just("o1"))}), EXTRA)
LINE = ANY_SHAPE | LAB_SHAPE


def read_both(tmp: Path, resources: list[dict], monkeypatch):
    path = write_ndjson(tmp / "bulk.ndjson", resources)
    fast = load_ndjson(path)
    with monkeypatch.context() as m:
        m.setattr(FastObservations, "read", lambda self, line, name, lineno: False)
        general = load_ndjson(path)
    return fast, general


@SLOW
@given(st.lists(LINE, min_size=1, max_size=6))
def test_fast_observations_read_as_the_general_mapper(tmp_path_factory, monkeypatch, observations):
    (fast, fast_report), (general, general_report) = read_both(
        tmp_path_factory.mktemp("nd"), [PATIENT, *observations], monkeypatch)
    assert [everything(p) for p in fast] == [everything(p) for p in general]
    assert counts(fast_report) == counts(general_report)
    assert fast_report.examples == general_report.examples


def test_the_common_shape_takes_the_fast_path(tmp_path, monkeypatch):
    line = {"resourceType": "Observation", "id": "o1", "status": "final", "subject": {"reference": "Patient/pt-1"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
            "effectiveDateTime": "2026-10-28", "valueQuantity": {"value": 150, "unit": "10*3/uL"},
            "referenceRange": [{"low": {"value": 150}, "high": {"value": 400}}]}
    taken = []
    real = FastObservations.read
    monkeypatch.setattr(FastObservations, "read", lambda self, *a: taken.append(real(self, *a)) or taken[-1])
    [patient], report = load_ndjson(write_ndjson(tmp_path / "bulk.ndjson", [PATIENT, line, {**line, "note": []}]))
    assert taken == [False, True, False]        # the Patient; the lab; a field it does not declare
    assert len(patient.labs) == 2 and patient.labs[0] == patient.labs[1] and report.used == 3


@pytest.mark.parametrize("value", ["1e400", "9" * 400, "18446744073709551616"])
def test_numbers_orjson_reads_otherwise_take_the_general_path(tmp_path, monkeypatch, value):
    line = ('{"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/pt-1"}, '
            '"code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]}, '
            '"effectiveDateTime": "2026-10-28", "valueQuantity": {"value": %s, "unit": "10*3/uL"}}' % value)
    (tmp_path / "bulk.ndjson").write_text(json.dumps(PATIENT) + "\n" + line + "\n", encoding="utf-8")
    fast = load_ndjson(tmp_path / "bulk.ndjson")
    with monkeypatch.context() as m:
        m.setattr(FastObservations, "read", lambda self, line, name, lineno: False)
        general = load_ndjson(tmp_path / "bulk.ndjson")
    assert [everything(p) for p in fast[0]] == [everything(p) for p in general[0]]
    assert counts(fast[1]) == counts(general[1])


@SLOW
@given(st.lists(st.tuples(st.sampled_from(["P1", " P1", "P2", ""]),
                          st.sampled_from(["platelets", "777-3", "ALT", "ecog", "zzz", ""]), CELL,
                          st.sampled_from(["10*9/L", "U/L", "", "mg/dL"]),
                          st.sampled_from(["2026-10-28", "2026-10-28T08:00", "28/10/2026", ""]), CELL, CELL),
                min_size=1, max_size=12))
def test_table_rows_read_as_cell_by_cell(tmp_path_factory, monkeypatch, rows):
    path = tmp_path_factory.mktemp("tb") / "labs.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("patient_id", "test", "value", "unit", "date", "low", "high"), *rows])
    fast, fast_report = load_tables([path])
    with monkeypatch.context() as m:
        m.setattr(_Table, "_cleanly_read", lambda self, *cells: ())
        general, general_report = load_tables([path])
    assert [everything(p) for p in fast] == [everything(p) for p in general]
    assert counts(fast_report) == counts(general_report)
    assert fast_report.examples == general_report.examples


def test_parquet_zero_bounds_keep_their_sign(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "labs.parquet"
    duckdb.connect().execute(
        "COPY (SELECT * FROM (VALUES ('P1', 'platelets', 150.0, '10*9/L', DATE '2026-10-28', 0.0::DOUBLE, 400.0), "
        "('P1', 'platelets', 160.0, '10*9/L', DATE '2026-10-28', -0.0::DOUBLE, 400.0)) "
        f"t(patient_id, test, value, unit, date, low, high)) TO '{path}' (FORMAT parquet)")
    [patient], _ = load_tables([path])
    assert [str(lab.reference_range.low) for lab in patient.labs] == ["0.0", "-0.0"]


LAB = {"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/pt-1"},
       "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
       "effectiveDateTime": "2026-10-28", "valueQuantity": {"value": 150, "unit": "10*3/uL"},
       "referenceRange": [{"low": {"value": 150, "unit": "g/L"}}]}


def test_codes_are_counted_per_file_as_line_by_line(tmp_path, monkeypatch):
    """The fast path counts a file's lines once at its end: over several files, with
    preliminary results and ranges in another unit, the counts are the general path's."""
    first = write_ndjson(tmp_path / "a.ndjson", [PATIENT, LAB, {**LAB, "status": "preliminary"}])
    second = write_ndjson(tmp_path / "b.ndjson", [{**LAB, "valueQuantity": {"value": 2, "unit": "10*9/L"}},
                                                  {**LAB, "status": "preliminary"}])
    fast = load_ndjson([first, second])
    with monkeypatch.context() as m:
        m.setattr(FastObservations, "read", lambda self, line, name, lineno: False)
        general = load_ndjson([first, second])
    assert [everything(p) for p in fast[0]] == [everything(p) for p in general[0]]
    assert counts(fast[1]) == counts(general[1]) and fast[1].examples == general[1].examples
    assert fast[1].codes["777-3"].count == 4 and fast[1].notes and fast[1].balanced


def test_a_damaged_file_leaves_the_counts_of_the_lines_read(tmp_path):
    good = write_ndjson(tmp_path / "a.ndjson", [PATIENT, LAB, LAB])
    damaged = tmp_path / "b.ndjson.gz"
    damaged.write_bytes(gzip.compress((json.dumps(LAB) + "\n").encode())[:-12])
    report = LoadReport()
    with pytest.raises(InputError):
        list(read_ndjson([good, damaged], report))
    assert report.codes["777-3"].count == 2 and report.used == 3 and report.balanced


def test_a_full_concept_cache_counts_the_lines_of_the_concepts_it_forgets(tmp_path, monkeypatch):
    """When the distinct code spellings outgrow the cache, the fast path adds up the
    counts of the lines read so far before forgetting them: nothing is lost or counted twice."""
    monkeypatch.setattr("engine.adapters.fhir_bulk._CACHE_SIZE", 2)
    spellings = [{"coding": [{"system": "http://loinc.org", "code": code, "display": display}]}
                 for code, display in [("777-3", "Platelets"), ("777-3", "PLT"), ("1742-6", "ALT"), ("718-7", "")]]
    lines = [{**LAB, "code": spellings[i % 4], "subject": {"reference": f"Patient/pt-{i % 3}"},
              "valueQuantity": {"value": 100 + i, "unit": ["10*3/uL", "10*9/L"][i % 2]}} for i in range(24)]
    path = write_ndjson(tmp_path / "bulk.ndjson", [PATIENT, *lines])
    fast = load_ndjson(path)
    with monkeypatch.context() as m:
        m.setattr(FastObservations, "read", lambda self, line, name, lineno: False)
        general = load_ndjson(path)
    assert [everything(p) for p in fast[0]] == [everything(p) for p in general[0]]
    assert counts(fast[1]) == counts(general[1]) and fast[1].examples == general[1].examples
    assert fast[1].codes["777-3"].count == 12 and fast[1].used == 25 and fast[1].balanced
