"""Order this next: the ranking on hand-made patients (next_orders.yaml), and the panels."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, screen
from engine.analytes import catalogue
from engine.next_order import next_orders, panels
from engine.rules import trial_from_dict

from .conftest import case_ids, table

ROWS = table("next_orders.yaml")
AS_OF = date(2026, 11, 1)


def _ranked(row):
    trials = [trial_from_dict(t) for t in row["trials"]]
    patient = Patient.model_validate({"id": "P-1", **row["patient"]})
    return next_orders(patient, trials, [screen(t, patient, AS_OF) for t in trials])


@pytest.mark.parametrize("row", ROWS, ids=case_ids(ROWS))
def test_ranking(row):
    got = [{"label": o.label, "settles": list(o.settles_criteria)} for o in _ranked(row)]
    assert got == row["orders"]


def test_the_order_codes_are_loinc_and_the_members_known():
    cat = catalogue()
    for panel in panels():
        assert panel.loinc.split("-")[0].isdigit() and panel.source.startswith("https://loinc.org/")
        assert all(m in cat.by_id for m in panel.members)
