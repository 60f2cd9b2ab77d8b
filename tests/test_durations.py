"""A condition or treatment with how long it has lasted (tests/data/durations.yaml): the
statement is read, the duration joined to it for a person, so the line is settled only
where the patient does not have what it names."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, compile_criterion, evaluate
from engine.nodes import statements
from engine.patients import declared_complete

from .conftest import table

CASES = table("durations.yaml")
AS_OF = date(2026, 11, 1)


@pytest.mark.parametrize("case", CASES, ids=[c["line"][:50] for c in CASES])
def test_duration_line(case):
    criterion = compile_criterion(case["line"], case.get("section", "exclusion"))
    manual_words = [criterion.text[a.start:a.end] for a in criterion.accounting if a.category == "duration"]
    if case.get("unread"):
        assert not any(True for _ in statements(criterion.tree)) and not manual_words, criterion.tree
        return
    assert not criterion.evaluable
    assert sorted([s.concept, s.timing] for s in statements(criterion.tree)) == sorted(case["read"])
    assert manual_words == [case["duration"]]
    assert criterion.tree.kind == "all"


@pytest.mark.parametrize("line, section", [
    ("Type 2 diabetes for at least 3 years", "inclusion"), ("Type 2 diabetes for at least 3 years", "exclusion"),
    ("Type 2 diabetes (more than 3 years)", "exclusion"), ("History of type 2 diabetes more than 3 years ago", "exclusion")])
def test_a_patient_without_the_condition_is_settled_and_one_with_it_is_left_to_a_person(line, section):
    criterion = compile_criterion(line, section)
    without = declared_complete(Patient.model_validate({"id": "P1", "conditions": [
        {"name": "Asthma", "date": "2015-01-01"}]}), ["conditions"])
    with_it = Patient.model_validate({"id": "P2", "conditions": [
        {"name": "Type 2 diabetes", "date": "2015-01-01"}]})
    assert evaluate(criterion, without, AS_OF).status == ("fail" if section == "inclusion" else "pass")
    assert evaluate(criterion, with_it, AS_OF).status == "unknown"
