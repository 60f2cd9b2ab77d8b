"""Derived values beyond the evaluation table: the facts the derivations rest on, which
criteria words forbid a derivation, an age-conditional performance scale, and the
table's derived cases screened in SQL (DuckDB and PostgreSQL) with the same answers."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, compile_criterion, evaluate
from engine.readings import ckd_epi_2021, not_derived
from engine.rules import Trial
from engine.sql.loader import load_patients
from engine.sql.registry import create_duckdb

from .conftest import table
from .sql_support import (disagreements, postgres_statuses, python_statuses, required_postgres_url,
                          rows_from_patients, sql_statuses)

AS_OF = date(2026, 11, 1)


def test_the_female_ckd_epi_equation_is_the_lower_at_every_creatinine():
    """readings.ckd_epi and its SQL twin take the female value as the low end and the male
    value as the high end for a patient whose sex is neither: true by 6% or more."""
    for creatinine in [0.01 * k for k in range(1, 2001)]:
        for age in (18, 40, 65, 100):
            female, male = ckd_epi_2021(creatinine, age, "female"), ckd_epi_2021(creatinine, age, "male")
            assert female * 1.06 < male, (creatinine, age)


@pytest.mark.parametrize("text, refused", [
    ("eGFR ≥ 60 mL/min/1.73 m² (MDRD)", "MDRD"),
    ("MDRD GFR ≥ 60", "MDRD"),
    ("GFR ≥ 60 mL/min/1.73 m2 (Schwartz formula)", "Schwartz"),
    ("eGFR by CKD-EPI 2009 ≥ 60", "CKD-EPI 2009"),
    ("eGFR ≥ 60 (cystatin C)", "cystatin"),
    ("measured GFR ≥ 60", "measured"),
    ("GFR ≥ 60 by 24-hour urine collection", "24-hour"),
])
def test_a_criterion_naming_another_gfr_is_not_answered_by_ckd_epi(text, refused):
    assert refused in not_derived(text, {"egfr"})["egfr"]


@pytest.mark.parametrize("text", ["eGFR ≥ 60", "eGFR (CKD-EPI) ≥ 60", "eGFR (CKD-EPI 2021, race-free) ≥ 60",
                                  "measured or calculated GFR ≥ 60", "estimated or measured GFR ≥ 60"])
def test_ckd_epi_answers_an_estimated_gfr(text):
    assert "egfr" not in not_derived(text, {"egfr"})


def test_a_formula_word_refuses_only_the_gfr():
    assert not_derived("creatinine clearance ≥ 60 mL/min (MDRD)", {"creatinine clearance"}) == {}


def test_naming_both_performance_scales_refuses_only_the_mapping():
    assert set(not_derived("ECOG 0-1 or KPS ≥ 70 and CrCl ≥ 60", {"ecog", "karnofsky", "creatinine clearance"})) \
        == {"ecog", "karnofsky"}


# One scale per age group: the patient's age decides which threshold applies.
SCALE_BY_AGE = compile_criterion("Karnofsky ≥ 50 for patients > 16 years of age or Lansky ≥ 50 for patients ≤ 16")


@pytest.mark.parametrize("fields, status", [
    ({"age": 40, "observations": {"karnofsky": 60}}, "pass"),
    ({"age": 40, "observations": {"karnofsky": 40, "lansky": 90}}, "fail"),
    ({"age": 12, "observations": {"lansky": 60}}, "pass"),
    ({"age": 12, "observations": {"lansky": 40, "karnofsky": 90}}, "fail"),
    ({"age": 16, "observations": {"lansky": 50}}, "pass"),
    ({"age": 12, "observations": {"karnofsky": 80}}, "unknown"),   # Lansky is never mapped
    ({"observations": {"karnofsky": 80, "lansky": 80}}, "unknown"),  # no age: which scale applies?
])
def test_karnofsky_or_lansky_by_age(fields, status):
    out = evaluate(SCALE_BY_AGE, Patient.model_validate({"id": "P", **fields}), AS_OF)
    assert out.status == status, out.reason


# ------------------------------------------ the evaluation table's derived cases, in SQL
DERIVED = {"egfr", "absolute neutrophil count", "corrected calcium", "creatinine clearance", "bmi"}


def _derived_cases() -> tuple[Trial, list[Patient]]:
    """Every evaluation.yaml case on a derived value: its criterion in one trial and its
    patient in one registry (every patient is screened against every criterion)."""
    criteria, patients = {}, []
    for number, case in enumerate(table("evaluation.yaml")):
        criterion = compile_criterion(case["criterion"], case.get("section", "inclusion"))
        if criterion.analytes & DERIVED and "as_of" not in case and "recency_days" not in case:
            criteria.setdefault((criterion.text, criterion.section), criterion.model_copy(
                update={"id": f"c{len(criteria)}"}))
            patients.append(Patient.model_validate({**case.get("patient", {}), "id": f"P{number}"}))
    return Trial(id="DERIVED", criteria=tuple(criteria.values())), patients


def test_the_derived_cases_agree_on_duckdb(tmp_path):
    trial, profiles = _derived_cases()
    con = create_duckdb(str(tmp_path / "derived.duckdb"), rows_from_patients(profiles, AS_OF))
    expected = python_statuses(trial, load_patients(con), AS_OF)
    assert "pass" in expected.values() and "fail" in expected.values()
    got = sql_statuses(con.cursor(), trial, AS_OF)
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])


def test_the_derived_cases_agree_on_postgres(tmp_path):
    url = required_postgres_url()
    import duckdb
    trial, profiles = _derived_cases()
    path = str(tmp_path / "derived.duckdb")
    create_duckdb(path, rows_from_patients(profiles, AS_OF)).close()
    expected = python_statuses(trial, load_patients(duckdb.connect(path, read_only=True)), AS_OF)
    got = postgres_statuses(path, url, trial, AS_OF)
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])
