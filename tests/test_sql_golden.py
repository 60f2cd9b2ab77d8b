"""Golden files: the screening query of tests/golden/trial.yaml in each dialect.

A change to the compiler (or to the analyte, unit or concept tables it reads) shows up
here as a diff of the generated SQL. After checking the diff, regenerate with

    ELIG_UPDATE_GOLDEN=1 python -m pytest -q tests/test_sql_golden.py

The DuckDB and PostgreSQL files are also run on their real engines (a registry of the
sample patients), and every file parses back in its own dialect.
"""
from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from engine import load_patient, load_trial
from engine.sql import DIALECTS, to_sql
from engine.sql.compiler import compile_shared
from engine.sql.registry import copy_to_postgres, create_duckdb

from .conftest import ROOT, sample_profiles
from .sql_support import required_postgres_url, rows_from_patients

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 11, 1)
TRIAL = load_trial(GOLDEN / "trial.yaml")


def _golden(dialect: str) -> Path:
    return GOLDEN / f"trial.{dialect}.sql"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_sql_matches_the_golden_file(dialect):
    sql = to_sql(TRIAL, dialect, AS_OF) + "\n"
    path = _golden(dialect)
    if os.environ.get("ELIG_UPDATE_GOLDEN"):
        path.write_text(sql, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with ELIG_UPDATE_GOLDEN=1"
    assert sql == path.read_text(encoding="utf-8"), \
        f"{path.name} differs from the generated SQL; check the diff, then ELIG_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_golden_file_parses_in_its_dialect(dialect):
    sqlglot.parse_one(_golden(dialect).read_text(encoding="utf-8"), read=dialect)


def test_portable_core_has_no_engine_only_constructs():
    """What sqlglot would pass to PostgreSQL unchanged and silently (REFERENCE.md)."""
    for dialect in ("postgres", "spark", "bigquery", "snowflake"):
        sql = _golden(dialect).read_text(encoding="utf-8").upper()
        for construct in ("ARG_MAX", "ARG_MIN", "GROUP BY ALL", "QUALIFY", "ENUM(", "MAX_BY"):
            assert construct not in sql, f"{construct} in the {dialect} query"
    assert "MATERIALIZED" not in _golden("spark").read_text(encoding="utf-8").upper()


def _samples(path: str) -> str:
    profiles = [load_patient(p) for p in sample_profiles()]
    create_duckdb(path, rows_from_patients(profiles, AS_OF)).close()
    return path


def test_duckdb_golden_runs_on_duckdb(tmp_path):
    import duckdb
    con = duckdb.connect(_samples(str(tmp_path / "r.duckdb")), read_only=True)
    rows = con.execute(_golden("duckdb").read_text(encoding="utf-8")).fetchall()
    assert len(rows) == len(sample_profiles())


def test_postgres_golden_runs_on_postgres(tmp_path):
    url = required_postgres_url()
    import psycopg
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(_samples(str(tmp_path / "r.duckdb")), url, schema)
    try:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'SET search_path TO "{schema}"')
            rows = con.execute(_golden("postgres").read_text(encoding="utf-8")).fetchall()
            assert len(rows) == len(sample_profiles())
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_staged_row_carries_only_columns_some_trial_reads():
    """Columns no layer reads are dropped down to the staged row: its joins and its
    write cost per column (a result's own LLN, say, where no criterion compares with it)."""
    trials = [load_trial(path) for path in sorted((ROOT / "rules").glob("*.yaml"))]
    stages, compiled = compile_shared(trials, "staged", "duckdb", AS_OF)
    base = next(cte.this for cte in stages[-1][1].find_all(exp.CTE) if cte.alias == "base")
    staged = {e.alias_or_name for e in base.expressions}
    read = {c.name for trial in compiled for c in trial.query.find_all(exp.Column)}
    assert staged <= read
    assert "x_platelets__v" in staged and "x_platelets__rlo" not in staged
