"""Scope notes: cohort-only criteria and criteria that apply only with a condition."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, compile_criterion, load_trial
from engine.cohorts import declared_cohort
from engine.errors import CohortError
from engine.rules import Trial
from engine.screen import screen

from .conftest import ROOT, case_ids, table

AS_OF = date(2026, 11, 1)


def _trial(*texts: str, cohorts=()) -> Trial:
    criteria = tuple(compile_criterion(t, id=f"inc-{i:02d}") for i, t in enumerate(texts, 1))
    return Trial(id="NCT0SCOPE", criteria=criteria, cohorts=cohorts)


def _patient(**profile) -> Patient:
    return Patient.model_validate({"id": "S", **profile})


HBA1C = {"labs": [{"test": "HbA1c", "value": 7.0, "unit": "%", "date": date(2026, 10, 20)}]}


def test_cohort_note_is_read_and_kept_off_the_tree():
    crit = compile_criterion("A1C ≥ 8.0% (DSME cohort only)")
    assert crit.cohort == "DSME cohort" and crit.evaluable


def test_criterion_of_another_cohort_is_not_applicable():
    trial = _trial("A1C ≥ 8.0% (phase II only)", cohorts=("phase I", "phase II"))
    result = screen(trial, _patient(**HBA1C), AS_OF, cohort="phase I")
    assert result.outcomes[0].status == "pass"
    assert "not applicable: only for the phase II cohort" in result.outcomes[0].reason


def test_criterion_of_the_screened_cohort_or_of_no_cohort_applies():
    for cohort in ("phase II", None):
        result = screen(_trial("A1C ≥ 8.0% (phase II only)"), _patient(**HBA1C), AS_OF, cohort=cohort)
        assert result.outcomes[0].status == "fail", cohort


COHORTS = table("cohorts.yaml")


@pytest.mark.parametrize("case", COHORTS, ids=case_ids(COHORTS))
def test_cohort_given_is_a_declared_one_or_refused(case):
    declared = tuple(case["declared"])
    if case.get("refused"):
        with pytest.raises(CohortError) as raised:
            declared_cohort("NCT0SCOPE", declared, case["given"])
        assert all(c in str(raised.value) for c in declared) and repr(case["given"]) in str(raised.value)
    else:
        assert declared_cohort("NCT0SCOPE", declared, case["given"]) == case["means"]


def test_undeclared_cohort_is_refused_by_screen():
    """Not "not applicable, counted as met" for every cohort-scoped criterion."""
    trial = _trial("A1C ≥ 8.0% (phase II only)", cohorts=("phase I", "phase II"))
    with pytest.raises(CohortError, match=r"'phase 3' is not one of trial NCT0SCOPE's cohorts \(phase I, phase II\)"):
        screen(trial, _patient(**HBA1C), AS_OF, cohort="phase 3")
    with pytest.raises(CohortError, match=r"\(phase II\)"):   # cohorts named only by scope notes
        screen(_trial("A1C ≥ 8.0% (phase II only)"), _patient(**HBA1C), AS_OF, cohort="phase 3")


def test_arabic_numbered_cohort_screens_as_the_declared_roman_one():
    seed = load_trial(ROOT / "rules" / "NCT00699491.yaml")
    patient = _patient(**HBA1C)
    as_roman, as_arabic = (screen(seed, patient, AS_OF, cohort=c) for c in ("phase II", "phase 2"))
    assert as_arabic == as_roman
    assert any("only for the phase I cohort (screening for phase II)" in o.reason for o in as_arabic.outcomes)


def test_scope_note_with_arabic_numeral_is_the_declared_cohort():
    trial = _trial("A1C ≥ 8.0% (phase 2 only)", cohorts=("phase I", "phase II"))
    assert screen(trial, _patient(**HBA1C), AS_OF, cohort="phase II").outcomes[0].status == "fail"


def test_check_warns_of_a_scope_note_naming_no_declared_cohort():
    from engine.rules import problems, trial_from_dict
    trial = trial_from_dict({"trial": "NCT0SCOPE", "cohorts": ["phase I", "phase II"], "criteria": [
        {"id": "inc-01", "section": "inclusion", "text": "A1C ≥ 8.0% (phase 2 only)"},
        {"id": "inc-02", "section": "inclusion", "text": "A1C ≥ 7.0% (phase 3 only)"}]}, "t.yaml")
    warned = [m for s, m in problems(trial) if "is not one of the trial's cohorts" in m]
    assert warned == ["t.yaml:0: inc-02: warning: cohort 'phase 3' is not one of the trial's cohorts "
                      "(phase I, phase II)"]


def test_trial_without_cohorts_ignores_the_cohort():
    assert screen(_trial("A1C ≥ 8.0%"), _patient(**HBA1C), AS_OF, cohort="phase 3").outcomes[0].status == "fail"


ALP = {"labs": [{"test": "ALP", "value": 700, "unit": "U/L", "date": date(2026, 10, 20),
                 "reference_range": {"low": 40, "high": 120}}]}


def test_applies_if_condition_absent_is_not_applicable():
    trial = _trial("Alkaline phosphatase ≤ 5 x ULN for patients with bone metastases")
    patient = _patient(conditions=[{"name": "bone metastases", "status": "absent"}], **ALP)
    assert screen(trial, patient, AS_OF).outcomes[0].status == "pass"


def test_applies_if_condition_present_applies():
    trial = _trial("Alkaline phosphatase ≤ 5 x ULN for patients with bone metastases")
    assert screen(trial, _patient(conditions=["bone metastases"], **ALP), AS_OF).outcomes[0].status == "fail"


def test_applies_if_condition_unknown_and_failing_is_unknown():
    trial = _trial("Alkaline phosphatase ≤ 5 x ULN for patients with bone metastases")
    out = screen(trial, _patient(**ALP), AS_OF).outcomes[0]
    assert out.status == "unknown" and any("bone metastases" in m for m in out.missing)


def test_condition_after_a_second_threshold_is_that_threshold_s_not_the_line_s():
    """It used to scope the whole line: a patient without bone metastases passed whatever
    the value."""
    trial = _trial("Alkaline phosphatase ≤ 2.5 x ULN or ≤ 5 x ULN for patients with bone metastases")
    patient = _patient(conditions=[{"name": "bone metastases", "status": "absent"}], **ALP)
    assert screen(trial, patient, AS_OF).outcomes[0].status == "fail"
    assert screen(trial, _patient(conditions=["bone metastases"], **ALP), AS_OF).outcomes[0].status == "fail"
    assert trial.criteria[0].applies_if is None


def test_condition_written_first_scopes_the_criterion():
    for text in ("In patients with bone metastases, alkaline phosphatase ≤ 5 x ULN",
                 "Diabetic subjects with HbA1c > 8%"):
        crit = compile_criterion(text)
        assert crit.evaluable and crit.applies_if in ("bone metastases", "diabetes mellitus"), text
    patient = _patient(conditions=[{"name": "bone metastases", "status": "absent"}], **ALP)
    trial = _trial("In patients with bone metastases, alkaline phosphatase ≤ 5 x ULN")
    assert screen(trial, patient, AS_OF).outcomes[0].status == "pass"


QTC = {"observations": {}, "labs": [{"test": "QTc", "value": 460, "unit": "ms", "date": date(2026, 10, 20)}]}


def test_threshold_by_sex_applies_the_patients_own():
    trial = _trial("QTc ≤ 450 ms for men or ≤ 470 ms for women")
    assert screen(trial, _patient(sex="female", **QTC), AS_OF).outcomes[0].status == "pass"
    assert screen(trial, _patient(sex="male", **QTC), AS_OF).outcomes[0].status == "fail"
    assert screen(trial, _patient(**QTC), AS_OF).outcomes[0].status == "unknown"


def test_seed_trial_names_its_cohorts():
    assert set(load_trial(ROOT / "rules" / "NCT00699491.yaml").cohorts) == {"phase I", "phase II"}
