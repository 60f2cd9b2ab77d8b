"""A person's review: decisions settle criteria left to a person and change the verdict
(review.yaml); each such criterion says what to check (review_checks.yaml); decision files."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engine import (Decision, DecisionError, InputError, Patient, compile_criterion, load_decisions, load_patient,
                    load_trial, screen)
from engine.rules import trial_from_dict

from .conftest import ROOT, case_ids, table

ROWS = table("review.yaml")
CHECKS = table("review_checks.yaml")
AS_OF = date(2026, 11, 1)


def _screened(row):
    trial = trial_from_dict({"trial": "NCT-TEST", "criteria": row["criteria"]})
    patient = Patient.model_validate({"id": "P-1", "labs": row["labs"]})
    decisions = [Decision.model_validate({"trial": "NCT-TEST", **d}) for d in row["decisions"]]
    return screen(trial, patient, AS_OF, decisions=decisions)


@pytest.mark.parametrize("row", [r for r in ROWS if "verdict" in r], ids=case_ids([r for r in ROWS if "verdict" in r]))
def test_decisions_give_the_verdict(row):
    result = _screened(row)
    assert (result.verdict, result.headline) == (row["verdict"], row["headline"])
    assert list(result.failures) == row["failures"]
    if "manual" in row:
        assert list(result.manual) == row["manual"]


@pytest.mark.parametrize("row", [r for r in ROWS if "error" in r], ids=case_ids([r for r in ROWS if "error" in r]))
def test_decisions_that_cannot_settle_are_refused(row):
    with pytest.raises(DecisionError) as info:
        _screened(row)
    assert row["error"] in str(info.value)


def test_the_decisions_are_in_the_result_json():
    row = ROWS[0]
    dumped = _screened(row).model_dump(mode="json")
    assert dumped["reviewed"] == ["inc-02", "exc-01"] and dumped["manual"] == []
    assert dumped["decisions"][0] == {"trial": "NCT-TEST", "criterion": "inc-02", "outcome": "met",
                                      "note": "pathology report 2026-09-12", "reviewer": "A. Coordinator",
                                      "decided": "2026-10-30"}
    settled = next(o for o in dumped["outcomes"] if o["criterion_id"] == "inc-02")
    assert settled["status"] == "pass" and settled["decision"]["reviewer"] == "A. Coordinator"
    assert settled["check"] == "Check the pathology report: histologically confirmed diagnosis of breast cancer"


def test_the_decision_date_is_required_never_today():
    fields = {"trial": "NCT-TEST", "criterion": "inc-02", "outcome": "met", "reviewer": "A. Coordinator"}
    with pytest.raises(ValidationError, match="decided"):
        Decision.model_validate(fields)
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        Decision.model_validate({**fields, "decided": 20261030})
    with pytest.raises(ValidationError, match="reviewer"):
        Decision.model_validate({**fields, "reviewer": " ", "decided": "2026-10-30"})


@pytest.mark.parametrize("row", CHECKS, ids=case_ids(CHECKS, "text"))
def test_what_a_person_checks(row):
    criterion = compile_criterion(row["text"], row.get("section", "inclusion"))
    assert criterion.check == row["check"]


def test_a_machine_decided_criterion_has_no_check():
    assert compile_criterion("Platelets ≥ 100,000/μL").check is None


DECISIONS = """\
patient: P-1
reviewer: A. Coordinator
decided: 2026-10-30
decisions:
  - {trial: NCT-TEST, criterion: inc-02, outcome: met, note: pathology report}
  - trial: NCT-TEST
    criterion: exc-01
    outcome: not met
    reviewer: B. Nurse
"""


def test_a_decisions_file_gives_each_decision_the_file_defaults(tmp_path):
    path = tmp_path / "p1.decisions.yaml"
    path.write_text(DECISIONS, encoding="utf-8")
    read = load_decisions(path)
    assert read.patient == "P-1"
    assert [(d.criterion, d.reviewer, d.decided) for d in read.decisions] == [
        ("inc-02", "A. Coordinator", date(2026, 10, 30)), ("exc-01", "B. Nurse", date(2026, 10, 30))]


@pytest.mark.parametrize("text, message", [
    (DECISIONS.replace("outcome: not met", "outcome: maybe"), ":8:5: decisions.1.outcome: expected one of met"),
    (DECISIONS.replace("decided: 2026-10-30\n", ""), ":4:5: decisions.0.decided: missing: expected a date"),
    (DECISIONS.replace("note: pathology report}", "note: [pathology report}"), ":5:"),
    (DECISIONS.replace("patient: P-1\n", ""), "patient: expected the id"),
    (DECISIONS.replace("reviewer: B. Nurse", "reviwer: B. Nurse"), ":9:5: decisions.1.reviwer: unknown key"),
], ids=["bad outcome", "no date", "bad YAML", "no patient", "unknown key"])
def test_a_bad_decisions_file_names_file_line_and_column(tmp_path, text, message):
    path = tmp_path / "p1.decisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert str(path) in str(info.value) and message in str(info.value)
    assert "maybe" not in str(info.value)


P01 = ROOT / "patients" / "p01-eligible-conventional.yaml"
BREAST = ROOT / "rules" / "NCT00699491.yaml"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_review_of_p01_gives_the_verdict_its_decisions_say(data):
    """p01 meets every machine-checkable criterion of the breast trial: whatever a person
    decides, a failing decision makes her not eligible, a review with every criterion decided
    and none failing eligible, and anything less leaves it pending review."""
    trial, patient = _p01()
    left = [c for c in trial.criteria if not c.evaluable]
    chosen = data.draw(st.lists(st.sampled_from(left), unique_by=lambda c: c.id))
    outcomes = data.draw(st.lists(st.sampled_from(["met", "not met", "not applicable"]),
                                  min_size=len(chosen), max_size=len(chosen)))
    decisions = [Decision(trial=trial.id, criterion=c.id, outcome=o, reviewer="R", decided=date(2026, 10, 30))
                 for c, o in zip(chosen, outcomes)]
    result = screen(trial, patient, AS_OF, decisions=decisions)
    failing = {c.id for c, o in zip(chosen, outcomes) if o == ("not met" if c.section == "inclusion" else "met")}
    expected = "not eligible" if failing else "eligible" if len(chosen) == len(left) else "eligible pending review"
    assert result.verdict == expected
    assert set(result.failed) == failing and len(result.manual) == len(left) - len(chosen)


@lru_cache(maxsize=1)
def _p01():
    return load_trial(BREAST), load_patient(P01)
