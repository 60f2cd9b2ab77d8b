"""`elig funnel --one-lab-away` on a generated registry: per lab, the patients one missing
lab from eligible pending review, counted in SQL on DuckDB and PostgreSQL, agreeing with
the Python evaluator (engine.next_order.one_lab_away) on the same patients."""
from __future__ import annotations

import json
import uuid
from datetime import date

import duckdb
import pytest

from engine.cli import main
from engine.next_order import one_lab_away
from engine.rules import load_trial
from engine.sql.loader import load_patients
from engine.sql.registry import copy_to_postgres
from engine.sql.synthetic import generate

from .sql_support import required_postgres_url

AS_OF = date(2026, 11, 1)
# Lab criteria only (and one for a person), so that a lab is often all a patient lacks:
# on the seed trials the generated patients also lack records no lab gives (pregnancy ...).
LABS_TRIAL = """\
trial: NCT-LABS
title: Laboratory criteria only
criteria:
  - {id: inc-01, section: inclusion, text: "Platelets ≥ 100,000/μL"}
  - {id: inc-02, section: inclusion, text: "Hemoglobin ≥ 9 g/dL"}
  - {id: inc-03, section: inclusion, text: "ANC ≥ 1,500/μL"}
  - {id: inc-04, section: inclusion, text: "Total bilirubin ≤ 1.5 × ULN"}
  - {id: inc-05, section: inclusion, text: "Creatinine ≤ 1.5 mg/dL or creatinine clearance ≥ 60 mL/min"}
  - {id: inc-06, section: inclusion, text: "Willing to return for follow-up visits"}
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one-lab")
    path = str(folder / "registry.duckdb")
    generate(path, 600, seed=11, as_of=AS_OF)
    rules = folder / "NCT-LABS.yaml"
    rules.write_text(LABS_TRIAL, encoding="utf-8")
    return path, rules


@pytest.fixture(scope="module")
def expected(registry):
    path, rules = registry
    with duckdb.connect(path, read_only=True) as con:
        patients = load_patients(con)
    return one_lab_away(load_trial(rules), patients, AS_OF)


def _sql_counts(rules, registry_arg: str, capsys, *extra: str) -> dict[str, int]:
    code = main(["funnel", str(rules), "--registry", registry_arg, "--as-of", AS_OF.isoformat(),
                 "--one-lab-away", "--json", *extra])
    assert code == 0
    return json.loads(capsys.readouterr().out)["one_lab_away"]


def test_python_counts_patients_one_lab_away(expected):
    """Not a vacuous agreement: several labs bring patients to eligible pending review, and
    the WBC alone brings nobody (the ANC needs the differential too)."""
    assert sum(1 for n in expected.values() if n > 0) >= 4
    assert expected["white blood cell count"] == 0


def test_duckdb_agrees_with_python(registry, expected, capsys):
    path, rules = registry
    assert _sql_counts(rules, path, capsys) == expected


def test_postgres_agrees_with_python(registry, expected, capsys):
    url = required_postgres_url()
    path, rules = registry
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(path, url, schema)
    try:
        assert _sql_counts(rules, url, capsys, "--schema", schema) == expected
    finally:
        import psycopg
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_the_table_lists_each_lab(registry, expected, capsys):
    path, rules = registry
    assert main(["funnel", str(rules), "--registry", path, "--as-of", AS_OF.isoformat(), "--one-lab-away"]) == 0
    out = capsys.readouterr().out
    assert "patients one missing lab from eligible pending review" in out
    rows = [line.split("│") for line in out.splitlines() if line.count("│") == 3]
    assert {cells[1].strip(): cells[2].strip() for cells in rows} == {lab: f"{n:,}" for lab, n in expected.items()}
