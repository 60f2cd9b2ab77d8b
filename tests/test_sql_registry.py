"""A fixed 10,000-patient synthetic registry screened by Python, DuckDB and PostgreSQL.

The registry (engine/sql/synthetic.py, seed 7) mixes units, ranges present and absent,
censored, missing, stale and future results, conditions, drugs and procedures. Every
patient x criterion status of the three seed trials must be the same in all three.
PostgreSQL runs against the real server of ELIG_TEST_POSTGRES_URL (.ci/run starts one);
outside CI the PostgreSQL tests skip when no server is configured, in CI they fail.
"""
from __future__ import annotations

import uuid
from datetime import date

import pytest

from engine import load_patient, load_trial
from engine.sql.batch import run_batch
from engine.sql.loader import load_patients
from engine.sql.registry import copy_to_postgres, create_duckdb, parse
from engine.sql.synthetic import generate

from .conftest import ROOT, sample_profiles
from .sql_support import (disagreements, output_statuses, python_statuses, python_statuses_parallel,
                          required_postgres_url, rows_from_patients, sql_statuses)

AS_OF = date(2026, 11, 1)
RULES = sorted(str(p) for p in (ROOT / "rules").glob("*.yaml"))
PATIENTS = sample_profiles()


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("registry") / "registry.duckdb")
    counts = generate(path, 10_000, seed=7, as_of=AS_OF)
    assert counts["person"] == 10_000 and counts["measurement"] > 150_000
    return path


@pytest.fixture(scope="module")
def duckdb_results(registry, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "results.parquet"
    trials = [load_trial(r) for r in RULES]
    results = run_batch(trials, parse(registry), str(out), AS_OF).results
    assert all(r.persons == r.rows == 10_000 for r in results)  # records in = records out
    found = {}
    for trial, result in zip(trials, results):
        found.update(output_statuses(result.output, trial))
    return found


@pytest.fixture(scope="module")
def postgres():
    return required_postgres_url()


def test_python_and_duckdb_agree_on_the_10k_registry(registry, duckdb_results):
    expected = python_statuses_parallel(registry, RULES, AS_OF)
    assert len(expected) == len(duckdb_results) == 10_000 * sum(len(load_trial(r).criteria) for r in RULES)
    assert not disagreements(expected, duckdb_results), "\n".join(disagreements(expected, duckdb_results)[:20])
    statuses = set(expected.values())
    assert statuses == {"pass", "fail", "unknown"}


def test_postgres_agrees_with_duckdb_on_the_10k_registry(registry, duckdb_results, postgres, tmp_path):
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(registry, postgres, schema)
    try:
        trials = [load_trial(r) for r in RULES]
        results = run_batch(trials, parse(postgres, schema), str(tmp_path / "pg.parquet"), AS_OF).results
        assert all(r.persons == r.rows == 10_000 for r in results)
        found = {}
        for trial, result in zip(trials, results):
            found.update(output_statuses(result.output, trial))
        assert not disagreements(duckdb_results, found), "\n".join(disagreements(duckdb_results, found)[:20])
    finally:
        import psycopg
        with psycopg.connect(postgres, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _sample_registry(path: str):
    """The hand-written sample profiles (patients/*.yaml), written as OMOP rows."""
    profiles = [load_patient(p) for p in PATIENTS]
    return create_duckdb(path, rows_from_patients(profiles, AS_OF))


def test_sample_patients_agree_on_duckdb(tmp_path):
    con = _sample_registry(str(tmp_path / "samples.duckdb"))
    patients = load_patients(con)
    for rules in RULES:
        trial = load_trial(rules)
        expected = python_statuses(trial, patients, AS_OF)
        assert not disagreements(expected, sql_statuses(con.cursor(), trial, AS_OF))


def test_sample_patients_agree_on_postgres(tmp_path, postgres):
    import psycopg
    path = str(tmp_path / "samples.duckdb")
    _sample_registry(path).close()
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(path, postgres, schema)
    try:
        import duckdb
        patients = load_patients(duckdb.connect(path, read_only=True))
        with psycopg.connect(postgres, autocommit=True) as con:
            con.execute("SET jit = off")
            for rules in RULES:
                trial = load_trial(rules)
                got = sql_statuses(con.cursor(), trial, AS_OF, dialect="postgres", schema=schema)
                expected = python_statuses(trial, patients, AS_OF)
                assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])
    finally:
        with psycopg.connect(postgres, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_folder_of_parquet_files_is_a_registry(registry, tmp_path, duckdb_results):
    import duckdb
    folder = tmp_path / "omop"
    folder.mkdir()
    con = duckdb.connect(registry, read_only=True)
    for table in ("person", "measurement", "observation", "condition_occurrence", "drug_exposure",
                  "procedure_occurrence"):
        target = str(folder / f"{table}.parquet")
        con.execute(f"COPY (SELECT * FROM {table} WHERE person_id <= 500) TO '{target}' (FORMAT parquet)")
    trial = load_trial(RULES[0])
    [result] = run_batch([trial], parse(str(folder)), str(tmp_path / "out.csv"), AS_OF).results
    assert result.persons == result.rows == 500
    found = output_statuses(result.output, trial)
    assert all(duckdb_results[key] == status for key, status in found.items())


def test_staging_in_person_ranges_gives_the_same_rows(registry, tmp_path, duckdb_results, monkeypatch):
    """A memory limit too small for the staging joins at once: the per-person table is
    built in ranges of person_id, with exactly the rows and statuses of one statement."""
    from engine.sql import runners
    statements = []
    run = runners.DuckDBRunner._run
    monkeypatch.setattr(runners.DuckDBRunner, "_run", lambda self, statement, progress: (
        statements.append(statement), run(self, statement, progress))[1])
    monkeypatch.setattr(runners.DuckDBRunner, "_memory_limit", lambda self: 6e6)  # bytes
    trials = [load_trial(r) for r in RULES]
    results = run_batch(trials, parse(registry), str(tmp_path / "ranged.parquet"), AS_OF).results
    assert sum(s.startswith('INSERT INTO "elig_stage"') for s in statements) >= 2
    assert all(r.persons == r.rows == 10_000 for r in results)
    found = {}
    for trial, result in zip(trials, results):
        found.update(output_statuses(result.output, trial))
    assert found == duckdb_results
