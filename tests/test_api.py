"""The public API of DESIGN.md, and the predicate tree's JSON round trip."""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import TypeAdapter

import engine
from engine import compile_criterion, evaluate, in_words
from engine.evaluate import Evaluator
from engine.explain import canonical, compact
from engine.nodes import NODE_KINDS, Node

from .conftest import table

TREE = TypeAdapter(Node)


def test_public_names():
    for name in ("compile_criterion", "load_trial", "load_patient", "evaluate", "screen", "Patient",
                 "Outcome", "Criterion", "Trial", "CohortError"):
        assert name in engine.__all__ and hasattr(engine, name)


def test_library_user_example():
    patient = engine.Patient.model_validate({"id": "P", "labs": [
        {"test": "platelets", "value": 150, "unit": "10*9/L", "date": date(2026, 10, 28)}]})
    out = evaluate(compile_criterion("Platelets ≥ 100,000/μL"), patient, as_of=date(2026, 11, 1))
    assert out.status == "pass"
    assert out.reason == "Platelets 150 ×10^9/L on 2026-10-28 (= 150,000/µL) meets ≥ 100,000/µL"
    assert out.evidence[0].compared_as == "150,000/µL"


def test_manual_review_by_default_and_syntax_error_when_strict():
    crit = compile_criterion("Tumor must be accessible to biopsy")
    assert not crit.evaluable and "needs manual review" in crit.tree.reason
    with pytest.raises(engine.CriterionSyntaxError) as info:
        compile_criterion("Platelets ≥≥ 100", strict=True)
    assert info.value.column == 11 and info.value.render().splitlines()[-2].endswith("^")


@pytest.mark.parametrize("case", table("grammar.yaml"), ids=lambda c: c["text"][:40])
def test_trees_round_trip_through_json(case):
    tree = compile_criterion(case["text"], case.get("section", "inclusion")).tree
    assert TREE.validate_json(TREE.dump_json(tree)) == tree


# Trees with a flat text form: no conditional, no score list, no nested group, no part
# left to manual review (its text was not read).
FLAT = [c for c in table("grammar.yaml")
        if "manual" not in c["tree"] and not c["tree"].startswith("if ") and " in {" not in c["tree"]
        and c["tree"].replace("(= ", "").count("(") <= 1]


@pytest.mark.parametrize("case", FLAT, ids=lambda c: c["text"][:40])
def test_canonical_form_reads_back_to_the_same_tree(case):
    tree = compile_criterion(case["text"], case.get("section", "inclusion")).tree
    form = canonical(tree)
    assert form is not None
    assert compact(compile_criterion(form, strict=True).tree) == compact(tree)


def test_every_node_kind_has_an_evaluator_and_a_reading():
    for kind in NODE_KINDS:
        method = "not_" if kind == "not" else kind
        assert callable(getattr(Evaluator, method)), kind
    assert in_words(compile_criterion("ECOG 0 or 2").tree).strip().startswith("ECOG")


def test_derived_facts_follow_the_tree():
    crit = compile_criterion("Platelets ≥ 100,000/μL")
    other = crit.with_tree(compile_criterion("ECOG 0-1").tree)
    assert crit.analytes == {"platelets"} and other.analytes == {"ecog"}
    assert not crit.with_tree(compile_criterion("Histologically confirmed").tree).evaluable


def test_did_you_mean_is_searched_only_when_asked_for(monkeypatch, capsys):
    """The search of every name for "did you mean" runs where a person reads the problems
    (hints=True: explain, check, the service's /explain), not for every line compiled."""
    import engine.analytes
    searched = []
    real = engine.analytes._suggest
    monkeypatch.setattr(engine.analytes, "_suggest", lambda cat, key: searched.append(key) or real(cat, key))
    plain = compile_criterion("Plateletts ≥ 100,000/μL")
    assert searched == [] and "did you mean" not in plain.tree.reason
    assert [p.severity for p in plain.problems] == ["info"]
    hinted = compile_criterion("Plateletts ≥ 100,000/μL", hints=True)
    assert searched and "did you mean platelets?" in hinted.tree.reason
    assert [p.severity for p in hinted.problems] == ["error"]
    assert plain.tree.kind == hinted.tree.kind == "manual"
    from engine.cli import EXIT_OK, main
    assert main(["explain", "Plateletts ≥ 100,000/μL"]) == EXIT_OK      # explain asks for it
    assert "did you mean platelets?" in capsys.readouterr().out
