"""criterion text -> predicate tree, from the hand-written tests/data/grammar.yaml."""
from __future__ import annotations

import pytest

from engine import compile_criterion
from engine.explain import compact

from .conftest import case_ids, table

CASES = table("grammar.yaml")


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES, "text"))
def test_reading(case):
    criterion = compile_criterion(case["text"], case.get("section", "inclusion"))
    assert compact(criterion.tree) == case["tree"]


def test_table_is_large_enough():
    assert len(CASES) >= 100
