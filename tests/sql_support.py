"""Helpers for the SQL back-end tests: profiles -> OMOP rows, statuses from both back ends."""
from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Iterable, Optional

from engine.analytes import catalogue
from engine.patients import ConditionEntry, MedicationEntry, Observed, Patient, ProcedureEntry
from engine.screen import screen
from engine.sql.compiler import compile_trial
from engine.sql.vocab import unit_concept, vocabulary

UNMAPPED_UNIT = 999_999_999
GENDER = {"female": 8532, "male": 8507, "other": 8521, "unknown": 0}


def postgres_url() -> Optional[str]:
    return os.environ.get("ELIG_TEST_POSTGRES_URL")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def required_postgres_url() -> str:
    """The test server's URL. None configured: the test skips, or fails in CI."""
    import pytest
    url = postgres_url()
    if not url:
        if in_ci():
            pytest.fail("CI must provide ELIG_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("no PostgreSQL server: set ELIG_TEST_POSTGRES_URL")
    return url


def _concept(analyte: str) -> tuple[int, Optional[str]]:
    vocab = vocabulary()
    for concept_id, name in sorted(vocab.concepts.items()):
        if name == analyte:
            return concept_id, None
    loinc = catalogue()[analyte].loinc
    return 0, (loinc[0] if loinc else None)


def _unit_id(text: Optional[str]) -> int:
    from engine.units import to_ucum
    if text is None:
        return 0
    code = to_ucum(text)
    found = unit_concept(code) if code else None
    return found if found is not None else UNMAPPED_UNIT


def rows_from_patients(patients: Iterable[Patient], as_of: date) -> dict[str, list[tuple]]:
    """Native profiles as OMOP rows (what an ETL would write); labs the vocabulary cannot
    name are left out. Profile weight/height become measurements dated the day before."""
    ops = {"<": 4171756, "<=": 4171754, ">": 4172704, ">=": 4171755}
    tables: dict[str, list[tuple]] = {"person": [], "measurement": [], "observation": [],
                                      "condition_occurrence": [], "drug_exposure": [],
                                      "procedure_occurrence": []}
    mid = cid = did = prid = 0
    cat = catalogue()
    for number, patient in enumerate(patients, start=1):
        b = patient.birth_date
        tables["person"].append((number, GENDER[patient.sex], b.year if b else None, b.month if b else None,
                                 b.day if b else None, None, 0, 0, patient.id, patient.sex))
        labs = [(lab.test, lab.value, lab.unit, lab.date, lab.comparator,
                 lab.reference_range.low if lab.reference_range else None,
                 lab.reference_range.high if lab.reference_range else None) for lab in patient.labs]
        for field, unit, analyte in (("weight_kg", "kg", "weight"), ("height_cm", "cm", "height")):
            value = getattr(patient, field)
            if value is not None:
                labs.append((analyte, value, unit, as_of - timedelta(days=1), None, None, None))
        for name, entry in patient.observations.items():
            observed = entry if isinstance(entry, Observed) else Observed(value=entry)
            if observed.date is not None:
                labs.append((name, observed.value, None, observed.date, None, None, None))
        for test, value, unit, day, comparator, low, high in labs:
            analyte = cat.lookup(test)
            if analyte is None:
                continue
            concept_id, source = _concept(analyte.id)
            if concept_id == 0 and source is None:
                continue
            mid += 1
            tables["measurement"].append((mid, number, concept_id, day, None, 32817, ops.get(comparator),
                                          float(value), None, _unit_id(unit), low, high, source or test,
                                          unit, None))
        for entry in patient.conditions:
            item = ConditionEntry(name=entry) if isinstance(entry, str) else entry
            if item.status == "present":
                cid += 1
                tables["condition_occurrence"].append((cid, number, 0, item.date, item.end, 32817, None,
                                                       item.name))
        for entry in patient.medications:
            item = MedicationEntry(name=entry) if isinstance(entry, str) else entry
            did += 1
            tables["drug_exposure"].append((did, number, 0, item.start, item.end, 32817, item.name))
        for entry in patient.procedures:
            item = ProcedureEntry(name=entry) if isinstance(entry, str) else entry
            prid += 1
            tables["procedure_occurrence"].append((prid, number, 0, item.date, 32817, item.name))
    return tables


def python_statuses(trial, patients: Iterable[Patient], as_of: date) -> dict[tuple[str, str], str]:
    found = {}
    for patient in patients:
        for outcome in screen(trial, patient, as_of).outcomes:
            found[(patient.id, outcome.criterion_id)] = outcome.status
    return found


def sql_statuses(cursor, trial, as_of: date, dialect: str = "duckdb", **options) -> dict[tuple[str, str], str]:
    compiled = compile_trial(trial, dialect, as_of, **options)
    cursor.execute(compiled.sql())
    names = [d[0] for d in cursor.description]
    found = {}
    for row in cursor.fetchall():
        record = dict(zip(names, row))
        for cid in compiled.criteria:
            found[(str(record["person_id"]), cid)] = record[cid]
    return found


def python_verdicts(trial, patients: Iterable[Patient], as_of: date) -> dict[str, str]:
    return {patient.id: screen(trial, patient, as_of).verdict for patient in patients}


def sql_verdicts(cursor, trial, as_of: date, dialect: str = "duckdb", **options) -> dict[str, str]:
    cursor.execute(compile_trial(trial, dialect, as_of, **options).sql())
    names = [d[0] for d in cursor.description]
    records = (dict(zip(names, row)) for row in cursor.fetchall())
    return {str(record["person_id"]): record["verdict"] for record in records}


def postgres_statuses(path: str, url: str, trial, as_of: date, **options) -> dict[tuple[str, str], str]:
    """sql_statuses on PostgreSQL: the DuckDB registry at path copied into a schema of its
    own, dropped afterwards."""
    import uuid

    import psycopg

    from engine.sql.registry import copy_to_postgres
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(path, url, schema)
    try:
        with psycopg.connect(url, autocommit=True) as con:
            return sql_statuses(con.cursor(), trial, as_of, dialect="postgres", schema=schema, **options)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def disagreements(expected: dict, got: dict) -> list[str]:
    keys = sorted(set(expected) | set(got))
    return [f"{k}: python={expected.get(k)} sql={got.get(k)}" for k in keys if expected.get(k) != got.get(k)]


def _screen_share(args) -> dict:
    """One worker's share of a registry (person_id % workers == share), screened in Python."""
    import duckdb
    from engine.rules import load_trial
    from engine.sql.loader import load_patients
    path, rule_files, as_of, share, workers = args
    con = duckdb.connect(path, read_only=True)
    patients = load_patients(con, where=f"person_id % {workers} = {share}")
    con.close()
    found = {}
    for rule_file in rule_files:
        trial = load_trial(rule_file)
        for (pid, cid), status in python_statuses(trial, patients, as_of).items():
            found[(trial.id, pid, cid)] = status
    return found


def python_statuses_parallel(path: str, rule_files: list[str], as_of: date, workers: int = 2) -> dict:
    """{(trial, person, criterion): status} from the Python evaluator, on ``workers`` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        found = {}
        for part in pool.map(_screen_share, [(path, rule_files, as_of, k, workers) for k in range(workers)]):
            found.update(part)
    return found


def output_statuses(path: str, trial) -> dict:
    """{(trial, person, criterion): status} from a batch output file (Parquet or CSV)."""
    import duckdb
    reader = "read_parquet" if path.endswith(".parquet") else "read_csv"
    rows = duckdb.sql(f"SELECT * FROM {reader}('{path}')")
    names = rows.columns
    found = {}
    for row in rows.fetchall():
        record = dict(zip(names, row))
        for criterion in trial.criteria:
            found[(trial.id, str(record["person_id"]), criterion.id)] = record[criterion.id]
    return found
