"""The real criteria corpora, read where they are (../shared/corpus), against their hand
readings: the annotated corpus the grammar was grown on, and the two splits of the Chia
sample (tests/data/chia/: growth, which rules may be written from, and measure, which
they never are).

No line of any of them may be read wrongly: a wrong reading is worse than manual review.
The floors on exact readings guard against a change that quietly sends readable lines to
review; they are today's counts, raised as the reader grows (benchmarks/corpus_eval.py
prints the shares).
"""
from __future__ import annotations

import pytest

from engine import compile_criterion
from engine.corpus import judge

from .corpus_support import SPLITS, annotated, chia_split, chia_split_ids, require_corpus

EXACT_FLOORS = {"annotated": 198, "growth": 90, "measure": 66}


def _rows(name: str) -> list[dict]:
    require_corpus()
    return annotated() if name == "annotated" else chia_split(name)


def _compile(row):
    section = "exclusion" if row["section"] == "exclusion" else "inclusion"
    return compile_criterion(row["text"], section)


@pytest.mark.parametrize("name", ["annotated", *SPLITS])
def test_never_read_wrongly(name):
    wrong = [row["id"] for row in _rows(name) if judge(row, _compile(row)) == "wrong"]
    assert wrong == []


@pytest.mark.parametrize("name", ["annotated", *SPLITS])
def test_reads_enough_exactly(name):
    exact = sum(judge(row, _compile(row)) == "exact" for row in _rows(name))
    assert exact >= EXACT_FLOORS[name], f"only {exact} {name} lines read exactly"


def test_the_splits_are_apart_and_whole():
    """The measure split shares no trial with the growth split, and each table holds every
    line the seeded sample drew (scripts/sample_chia.py)."""
    from scripts.sample_chia import samples, split_of
    require_corpus()
    drawn = samples(240, 20261207)
    for split in SPLITS:
        assert chia_split_ids(split) == set(drawn[split])
        assert {split_of(line_id.split("-")[0]) for line_id in chia_split_ids(split)} == {split}


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


def test_the_project_holds_no_copy_of_the_corpus_text():
    """Tables hold ids and readings; the text stays in ../shared."""
    from .conftest import DATA
    require_corpus()
    texts = {row["text"] for name in SPLITS for row in chia_split(name) if len(row["text"]) > 40}
    for path in DATA.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".json", ".jsonl", ".txt"):
            content = path.read_text("utf-8", errors="replace")
            assert not any(text in content for text in texts), path
