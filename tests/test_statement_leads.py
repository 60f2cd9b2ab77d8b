"""Leads of statement lines as data (engine/data/lexicon.yaml statement_leads), and the
reason a line gets when it names a concept the table lacks (tests/data/statement_leads.yaml)."""
from __future__ import annotations

import pytest

from engine import compile_criterion
from engine.documents import load_yaml
from engine.nodes import statements

from .conftest import DATA

CASES = load_yaml((DATA / "statement_leads.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["line"][:50] for c in CASES])
def test_statement_line(case):
    criterion = compile_criterion(case["line"], case.get("section", "exclusion"))
    if "read" in case:
        assert criterion.evaluable, criterion.tree
        got = sorted([s.concept, s.timing, s.within_days] for s in statements(criterion.tree))
        assert got == sorted(case["read"])
        return
    assert not criterion.evaluable
    reasons = " ".join(m.reason for m in _manual_parts(criterion.tree))
    if case["unread"] is None:
        assert "concept table" not in reasons, reasons
    else:
        assert f"'{case['unread']}' is no condition, treatment or procedure the concept table names" in reasons


def _manual_parts(node):
    if node.kind == "manual":
        yield node
    for child in getattr(node, "children", ()):
        yield from _manual_parts(child)


# Written for the test: an exclusion that names an absence is left to a person (either
# reading of it can be wrong); the same words in an inclusion are read as written.
@pytest.mark.parametrize("line", ["No anticoagulants", "Not pregnant", "No prior radiotherapy",
                                  "No known HIV infection and no hepatitis B"])
def test_an_exclusion_naming_an_absence_is_left_to_a_person(line):
    from engine.criteria import EXCLUDED_ABSENCE
    excluded = compile_criterion(line, "exclusion")
    assert excluded.tree.kind == "manual" and EXCLUDED_ABSENCE in excluded.tree.reason
    assert compile_criterion(line, "inclusion").tree.kind in ("not", "all")
