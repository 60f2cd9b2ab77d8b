"""The real criteria corpus (tests/data/corpus.jsonl, hand-annotated readings).

Every line is either read exactly as annotated or sent to manual review: a wrong
reading is worse than none. The floor on exact readings guards against a grammar
change that quietly sends readable lines to review.
"""
from __future__ import annotations

import json

import pytest

from engine import compile_criterion
from engine.corpus import judge

from .conftest import DATA

ROWS = [json.loads(line) for line in (DATA / "corpus.jsonl").read_text("utf-8").splitlines() if line]
EXACT_FLOOR = 198


def _compile(row):
    section = "exclusion" if row["section"] == "exclusion" else "inclusion"
    return compile_criterion(row["text"], section)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_never_read_wrongly(row):
    assert judge(row, _compile(row)) in ("exact", "manual", "unannotated")


def test_reads_enough_of_the_corpus_exactly():
    exact = sum(judge(row, _compile(row)) == "exact" for row in ROWS)
    assert exact >= EXACT_FLOOR, f"only {exact} corpus lines read exactly"


def test_judge_catches_a_wrong_reading():
    row = {"evaluable": True, "logic": "single", "predicates": [
        {"analyte": "platelets", "op": ">=", "value": 100000, "unit": "/uL", "relative_to": None,
         "condition": None}]}
    assert judge(row, compile_criterion("Platelets ≥ 100,000/μL")) == "exact"
    assert judge(row, compile_criterion("Platelets > 100,000/μL")) == "wrong"
    assert judge(row, compile_criterion("Platelets ≥ 10,000/μL")) == "wrong"
    assert judge(row, compile_criterion("Platelets ≥ 100 x 10^9/L")) == "wrong"
    assert judge({**row, "evaluable": False}, compile_criterion("Platelets ≥ 100,000/μL")) == "wrong"


def test_judge_reads_thresholds_by_sex_as_the_annotated_conditions():
    qtc = {"analyte": "qtc", "op": ">", "unit": "ms", "relative_to": None}
    row = {"evaluable": True, "logic": "complex", "expr": "IF male THEN P0 ELSE P1", "predicates": [
        {**qtc, "value": 450, "condition": "male"}, {**qtc, "value": 470, "condition": "female"}]}
    assert judge(row, compile_criterion("QTc > 450 ms for males or > 470 ms for females")) == "exact"
    assert judge(row, compile_criterion("QTc > 470 ms for males or > 450 ms for females")) == "wrong"
    assert judge(row, compile_criterion("QTc > 450 ms and QTc > 470 ms")) == "wrong"
