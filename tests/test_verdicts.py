"""The four verdicts and their one-sentence headline, on hand-made patients (verdicts.yaml)."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, screen
from engine.rules import trial_from_dict

from .conftest import case_ids, table

ROWS = table("verdicts.yaml")


@pytest.mark.parametrize("row", ROWS, ids=case_ids(ROWS))
def test_verdict_and_headline(row):
    trial = trial_from_dict({"trial": "NCT-TEST", "criteria": row["criteria"]})
    patient = Patient.model_validate({"id": "P-1", "labs": row["labs"]})
    result = screen(trial, patient, date(2026, 11, 1))
    assert (result.verdict, result.headline) == (row["verdict"], row["headline"])
    assert list(result.failures) == row["failures"]
    if "to_resolve" in row:
        assert list(result.to_resolve) == row["to_resolve"]


def test_headline_and_failures_are_in_the_json():
    row = max(ROWS, key=lambda r: len(r["failures"]))
    trial = trial_from_dict({"trial": "NCT-TEST", "criteria": row["criteria"]})
    patient = Patient.model_validate({"id": "P-1", "labs": row["labs"]})
    dumped = screen(trial, patient, date(2026, 11, 1)).model_dump(mode="json")
    assert dumped["headline"] == row["headline"] and dumped["failures"] == row["failures"]
