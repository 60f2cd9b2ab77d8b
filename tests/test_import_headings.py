"""elig import of records as registries write them today: every heading style, Markdown
escapes, sub-headings, numbers left on lines; a heading it cannot place never makes its
criteria inclusion."""
from __future__ import annotations

import pytest
import yaml

from engine.ctgov import _run_together, import_record
from engine.explain import compact

from .conftest import DATA, table

CASES = table("import_headings.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c["record"] for c in CASES])
def test_sections_and_readings(case):
    text, trial = import_record(DATA / "ctgov" / case["record"])
    written = {c["id"]: c for c in yaml.safe_load(text)["criteria"]}
    read = {c.id: c for c in trial.criteria}
    for cid, (section, tree) in case["criteria"].items():
        assert written[cid]["section"] == section, cid
        assert compact(read[cid].tree) == tree, cid
    for cid, words in case.get("texts", {}).items():
        assert written[cid]["text"] == words


def test_an_unplaced_heading_is_said_and_its_criteria_need_review():
    text, trial = import_record(DATA / "ctgov" / "NCT99000004.json")
    assert "2 criteria under a heading the importer does not recognise" in text
    unplaced = [c for c in trial.criteria if c.id.startswith("unc-")]
    assert unplaced and all(not c.evaluable and "set its section" in c.tree.reason for c in unplaced)


@pytest.mark.parametrize("line, items", [
    ("WBC > 3000/mm3 11. Platelets >= 100,000/mm3 12. Total bilirubin <= 1.5 x ULN",
     ["WBC > 3000/mm3", "11. Platelets >= 100,000/mm3", "12. Total bilirubin <= 1.5 x ULN"]),
    ("1. ANC > 1500 2. Platelets > 100000", ["1. ANC > 1500", "2. Platelets > 100000"]),
    ("Age 18 to 65. Platelets > 100", ["Age 18 to 65. Platelets > 100"]),      # no run of numbers
    ("Hemoglobin > 9 g/dL 3. Platelets > 100 5. ANC > 1.5", ["Hemoglobin > 9 g/dL 3. Platelets > 100 5. ANC > 1.5"]),
])
def test_numbered_items_run_together_are_read_apart(line, items):
    assert _run_together(line) == items
