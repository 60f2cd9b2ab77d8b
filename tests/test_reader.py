"""The island reader: thresholds read wherever they stand, every word accounted for.

Table rows (tests/data/reader.yaml) give a line's reading and how named parts of it must
be accounted for. The properties: no word of any line of any corpus, nor of arbitrary
text, is dropped unseen (each is in a reading, a harmless qualifier, or a part left for a
person, and such a part is in the tree); a reading with a part left for a person can
never pass a patient that its own words would not.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import compile_criterion
from engine.explain import compact
from engine.nodes import contains_manual
from engine.read.lexicon import MANUAL, words_of

from .conftest import case_ids, table
from .corpus_support import annotated, chia, require_corpus

CASES = table("reader.yaml")


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES, "text"))
def test_reading(case):
    criterion = compile_criterion(case["text"], case.get("section", "inclusion"))
    assert compact(criterion.tree) == case["tree"]
    for words, expected in case.get("words", {}).items():
        start = case["text"].index(words)
        covering = [a for a in criterion.accounting if a.start <= start and start + len(words) <= a.end]
        found = [f"{a.role}: {a.category}" if a.category else a.role for a in covering]
        assert found == [expected], (words, found)


def _unaccounted(text: str, section: str = "inclusion") -> list[str]:
    """Words of the line no account covers, or covered as left for a person while the
    tree has no part for a person (both would be a silent drop)."""
    criterion = compile_criterion(text, section)
    manual_in_tree = contains_manual(criterion.tree)
    problems = []
    for word, owners in words_of(text, criterion.accounting):
        if not owners:
            problems.append(f"{word!r} unaccounted")
        elif any(owner.role == MANUAL for owner in owners) and not manual_in_tree:
            problems.append(f"{word!r} left for a person, but the reading has no such part")
    return problems


def _section(row: dict) -> str:
    return "exclusion" if row["section"] == "exclusion" else "inclusion"


@pytest.mark.parametrize("corpus", ["annotated", "chia"])
def test_no_word_of_any_corpus_line_is_dropped(corpus):
    require_corpus()
    rows = annotated() if corpus == "annotated" else chia()
    dropped = {row["id"]: found for row in rows if (found := _unaccounted(row["text"], _section(row)))}
    assert dropped == {}


_CONDITIONS = st.sampled_from(["renal disease", "anaemia", "heart failure", "diabetes", "liver disease",
                               "thrombocytopenia", "hypertension", "renal insufficiency", "coagulopathy"])
_THRESHOLDS = st.sampled_from(["(Hb < 10 g/dL)", "(platelets < 50,000/µL)", "(creatinine > 2 mg/dL)",
                               "(HbA1c > 8%)", "(LVEF < 40%)", "(INR > 1.5)"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CONDITIONS, _CONDITIONS, st.sampled_from([" or ", " and/or ", ", "]), _THRESHOLDS)
def test_a_list_of_conditions_before_one_threshold_never_excludes_on_the_threshold_alone(first, second, joiner,
                                                                                          threshold):
    """In an exclusion, the first of two conditions joined as alternatives excludes on its
    own: the threshold after the list, which defines the last, cannot stand for both."""
    text = f"{first.capitalize()}{joiner}{second} {threshold}"
    criterion = compile_criterion(text, "exclusion")
    assert first == second or not criterion.evaluable, compact(criterion.tree)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CONDITIONS, _CONDITIONS, st.sampled_from([" and ", " with ", ", "]), _THRESHOLDS)
def test_a_list_of_conditions_before_one_threshold_never_includes_on_the_threshold_alone(first, second, joiner,
                                                                                          threshold):
    """In an inclusion, the first of two conditions joined as a conjunction must hold as
    well: the threshold after the list cannot pass a patient alone."""
    text = f"{first.capitalize()}{joiner}{second} {threshold}"
    criterion = compile_criterion(text, "inclusion")
    assert first == second or not criterion.evaluable, compact(criterion.tree)


_WORDS = st.sampled_from([
    "ANC", "platelets", "creatinine", "AST", "ALT", "hemoglobin", "age", "QTc", "with", "without", "or",
    "and", "unless", "if", "liver", "metastases", "≥", "<", ">", "≤", "1.5", "100,000", "x", "ULN", "mg/dL",
    "/µL", "(", ")", ":", ";", ",", "Hematology", "adequate", "renal", "function", "defined", "as", "by",
    "MUGA", "at", "screening", "within", "14", "days", "no", "history", "of", "normal", "patients",
    "allowed", "provided", "the", "greater", "than", "years", "old", "\\>=", "＜", "9,5", "D.", "5.2.3"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=18).map(" ".join), st.sampled_from(["inclusion", "exclusion"]))
def test_no_word_of_any_text_is_dropped(text, section):
    assert _unaccounted(text, section) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=18).map(" ".join))
def test_a_part_left_for_a_person_never_passes_an_exclusion_alone(text):
    """An exclusion with an unread part can be 'not met' only through a cue that narrows
    it (an exception or a condition: 'unless ...') or a conjunct ('with ...'): never
    through a part with no cue, which must be joined so that it can only exclude."""
    criterion = compile_criterion(text, "exclusion")
    unread = [a for a in criterion.accounting if a.role == MANUAL]
    if unread and all(a.category in ("unclassified", "label") for a in unread):
        assert criterion.tree.kind in ("any", "manual"), compact(criterion.tree)
