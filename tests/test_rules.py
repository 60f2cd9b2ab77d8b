"""Rules files: the seed trials load; every problem is reported with file and line."""
from __future__ import annotations

import pytest

from engine import RulesError, load_trial
from engine.rules import problems

from .conftest import ROOT

SEEDS = ["NCT00699491", "NCT00398515", "NCT00349206"]
# Every lab, age and performance-status line of the seeds is machine-evaluable, and so
# are the condition and treatment lines the concept table covers.
MUST_COMPILE = {
    "NCT00699491": ["age", "inc-05", "inc-10", "inc-11", "inc-12", "inc-13", "inc-14", "inc-15",
                    "inc-16", "inc-17", "inc-18", "inc-19",
                    "inc-07", "inc-08", "inc-27", "inc-28", "inc-36", "inc-26b", "inc-26c"],
    "NCT00398515": ["age", "inc-06", "inc-08", "inc-09", "inc-10", "inc-11", "inc-12", "inc-13",
                    "inc-14", "inc-15", "inc-16", "inc-23", "inc-30", "inc-22b", "inc-22c"],
    "NCT00349206": ["age", "inc-03", "inc-04", "inc-05", "inc-33", "inc-34", "inc-35", "inc-36",
                    "inc-37", "inc-38", "inc-06", "inc-07", "inc-18", "inc-25", "inc-11"],
}


@pytest.mark.parametrize("trial_id", SEEDS)
def test_seed_trial_loads_with_lab_age_and_ps_lines_evaluable(trial_id):
    trial = load_trial(ROOT / "rules" / f"{trial_id}.yaml")
    assert trial.id == trial_id
    evaluable = {c.id for c in trial.criteria if c.evaluable}
    assert evaluable == set(MUST_COMPILE[trial_id])
    assert not [m for s, m in problems(trial) if s == "error"]


def test_texts_are_kept_verbatim():
    trial = load_trial(ROOT / "rules" / "NCT00699491.yaml")
    assert trial.criterion("inc-12").text == "Platelets ≥ 100,000/μL"


def test_expr_override_is_used_and_the_text_problem_still_reported():
    trial = load_trial(ROOT / "rules" / "NCT00699491.yaml")
    albumin = trial.criterion("inc-18")
    assert albumin.expr == "albumin >= 3.4 g/dL" and albumin.tree.unit == "g/dL"
    notes = [m for s, m in problems(trial) if s == "override"]
    assert any("physiologically possible" in m and "inc-18" in m for m in notes)


def _write(tmp_path, body: str):
    path = tmp_path / "NCT0TEST.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_misspelled_analyte_names_file_line_and_suggestion(tmp_path):
    path = _write(tmp_path, "trial: NCT0TEST\ncriteria:\n  - id: inc-01\n    section: inclusion\n"
                            "    text: \"Hemoglobin >= 9 g/dL\"\n  - id: inc-02\n    section: inclusion\n"
                            "    text: \"Plateletts >= 100,000/uL\"\n")
    found = problems(load_trial(path))
    assert len(found) == 1
    severity, message = found[0]
    assert severity == "error"
    assert f"{path}:6: inc-02" in message and "did you mean platelets?" in message


def test_structural_problems_are_all_collected(tmp_path):
    path = _write(tmp_path, "trial: NCT0TEST\ncriteria:\n  - id: a\n    text: \"ECOG 0-1\"\n"
                            "  - id: a\n    text: \"ECOG 0-2\"\n  - id: b\n    section: both\n    text: x\n"
                            "  - id: c\n    parent: zz\n    text: \"ECOG 0-1\"\n"
                            "  - id: d\n    text: \"ECOG 0-1\"\n    expr: \"ECOG ≥≥ 1\"\n")
    with pytest.raises(RulesError) as info:
        load_trial(path)
    text = "\n".join(info.value.problems)
    assert f"{path}:5: duplicate id 'a'" in text
    assert "section must be inclusion, exclusion or uncertain" in text
    assert "parent 'zz' is not a criterion id" in text
    assert "d: expr does not compile" in text and "^" in text
    assert len(info.value.problems) == 4


def test_review_person_leaves_a_readable_criterion_to_a_person(tmp_path):
    path = _write(tmp_path, "trial: NCT0TEST\ncriteria:\n  - id: inc-01\n    text: \"Platelets ≥ 100,000/μL\"\n"
                            "    review: person\n  - id: inc-02\n    text: \"Platelets ≥ 100,000/μL\"\n")
    trial = load_trial(path)
    marked, plain = trial.criterion("inc-01"), trial.criterion("inc-02")
    assert not marked.evaluable and plain.evaluable and trial.coverage == (1, 2)
    assert marked.tree.reason == "settled by a person: the rules file marks it 'review: person'"
    assert marked.check == "Check the lab report: platelets ≥ 100,000/μL"


@pytest.mark.parametrize("entry, expected", [
    ("    review: engine\n", "NCT0TEST.yaml:3: inc-01: review must be 'person'"),
    ("    review: person\n    expr: \"platelets >= 100 10*9/L\"\n", "'review: person' and 'expr' together"),
    ("    reveiw: person\n", "NCT0TEST.yaml:3: unknown key(s) reveiw; expected expr, id, note, origin, parent, review"),
], ids=["another value", "with an expr", "a misspelled key"])
def test_a_bad_review_mark_is_refused_naming_file_and_line(tmp_path, entry, expected):
    path = _write(tmp_path, "trial: NCT0TEST\ncriteria:\n  - id: inc-01\n    text: \"Platelets ≥ 100,000/μL\"\n"
                  + entry)
    with pytest.raises(RulesError) as info:
        load_trial(path)
    assert expected in str(info.value)


@pytest.mark.parametrize("body,expected", [
    ("", "the file is empty"),
    ("trial: [unclosed\n", "invalid YAML"),
    ("just a string\n", "not a rules file"),
])
def test_unreadable_rules_files(tmp_path, body, expected):
    from engine import InputError
    with pytest.raises(InputError, match=expected):
        load_trial(_write(tmp_path, body))


@pytest.mark.parametrize("trial_id,child", [("NCT00699491", "inc-26b"), ("NCT00398515", "inc-22b")])
def test_sub_bullets_of_a_negated_parent_are_exclusions(trial_id, child):
    """'No uncontrolled illness including: - Symptomatic congestive heart failure' must
    never be read as requiring heart failure."""
    criterion = load_trial(ROOT / "rules" / f"{trial_id}.yaml").criterion(child)
    assert criterion.section == "exclusion" and "its parent says" in criterion.note


def test_an_item_of_a_judged_negated_parent_that_says_no_judgement_of_its_own_needs_a_person(tmp_path):
    """'No uncontrolled illness including: - Cardiac arrhythmia' asks about an uncontrolled
    arrhythmia: read as any arrhythmia it would fail a patient whose rhythm is controlled."""
    trial = load_trial(_write(tmp_path, "trial: NCT0TEST\ncriteria:\n" + (
        "  - id: inc-1\n    section: inclusion\n    text: \"No uncontrolled illness including any of the following:\"\n"
        "  - id: inc-1a\n    section: inclusion\n    parent: inc-1\n    text: \"Cardiac arrhythmia\"\n"
        "  - id: inc-1b\n    section: inclusion\n    parent: inc-1\n    text: \"Symptomatic congestive heart failure\"\n")))
    judged = trial.criterion("inc-1a").tree
    assert judged.kind == "manual" and "its parent asks whether it is uncontrolled" in judged.reason
    assert trial.criterion("inc-1b").section == "exclusion"       # says its own judgement: read


def test_sub_bullets_of_exceptions_and_scoring_lists_need_a_person():
    from engine.rules import parent_reading
    assert parent_reading(["No other prior malignancy except for the following:"]) == "manual"
    assert parent_reading(["The following are considered major criteria:",
                           "Meets ≥ 1 major AND 1 minor criterion"]) == "manual"
    assert parent_reading(["Adequate organ function, defined as:"]) == "standalone"
    assert parent_reading(["No uncontrolled illness including, but not limited to:"]) == "negated"


def test_a_child_of_a_scoring_list_read_in_part_is_still_no_requirement_alone():
    """'Bone marrow plasmacytosis 10-29%' is one minor criterion of '≥ 3 minor': read whole or
    in part, it must not fail a patient who meets the major criteria instead."""
    trial = load_trial(ROOT / "rules" / "NCT00398515.yaml")
    criterion = next(c for c in trial.criteria if c.id == "inc-02b1")
    assert criterion.tree.kind == "manual" and "read with its parent" in criterion.tree.reason
