"""Conditions, treatments and procedures read from real criteria, measured (issue 17, item 5).

The Chia statement sample (scripts/sample_chia.py --kind statement --per-split 200 --seed
20261209), hand-annotated per split in tests/data/chia/statements-<split>.yaml: growth,
which concepts and leads may be chosen from, and measure, annotated apart, blind to the
engine (tested here once its file is there). No line may be read wrongly: a wrong
reading is worse than manual review; the floors on exact readings are today's counts,
raised as the table grows (benchmarks/statements_eval.py prints the shares). Then the
Synthea bundles: every record a reason names by its code is in the bundle with that code.
"""
from __future__ import annotations

import json
import re
import warnings
from datetime import date
from functools import lru_cache

import pytest

from engine import compile_criterion, load_patient, load_trial, screen
from engine.concepts import SYSTEMS
from engine.corpus import judge_statements

from .conftest import ROOT
from .corpus_support import SPLITS, require_corpus, statement_split, statement_table

with warnings.catch_warnings():  # its data loads through importlib.resources calls since deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd10cm

EXACT_FLOORS = {"growth": 28, "measure": 15}
WRONG_CEILINGS = {"growth": 0, "measure": 0}
SAMPLE = {"per_split": 200, "seed": 20261209, "kind": "statement"}
PRESENT = [s for s in SPLITS if statement_table(s).is_file()]


def _judged(split: str) -> dict[str, str]:
    return {row["id"]: judge_statements(row, compile_criterion(
        row["text"], "exclusion" if row["section"] == "exclusion" else "inclusion")) for row in _rows(split)}


@lru_cache(maxsize=2)
def _judgements(split: str) -> tuple[tuple[str, str], ...]:
    return tuple(_judged(split).items())


def _rows(split: str) -> list[dict]:
    require_corpus()
    return statement_split(split)


def _floor(table: dict, split: str) -> int:
    if split not in table:
        pytest.skip(f"no figure set for {split} yet: benchmarks/statements_eval.py prints it")
    return table[split]


@pytest.mark.parametrize("split", PRESENT)
def test_never_read_wrongly(split):
    wrong = [line for line, verdict in _judgements(split) if verdict == "wrong"]
    assert len(wrong) <= _floor(WRONG_CEILINGS, split), wrong


@pytest.mark.parametrize("split", PRESENT)
def test_reads_enough_exactly(split):
    exact = sum(verdict == "exact" for _, verdict in _judgements(split))
    assert exact >= _floor(EXACT_FLOORS, split), f"only {exact} {split} statement lines read exactly"


@pytest.mark.parametrize("split", PRESENT)
def test_the_table_is_the_seeded_sample_and_well_formed(split):
    """Every line the seeded sample drew, no other, of its split's trials; each annotation
    in the format (codes checked with simple-icd-10-cm), its words a short span of the line."""
    from scripts.sample_chia import samples, split_of
    rows = _rows(split)
    assert [r["id"] for r in rows] == samples(**SAMPLE)[split]
    assert {split_of(r["nct"]) for r in rows} == {split}
    for row in rows:
        assert row["evaluable"] == bool(row["statements"]) and (row["names"] or not row["evaluable"]), row["id"]
        assert row["logic"] in ("single", "any", "all")
        # A line left to a person may still say how its parts combine ("any" of a list).
        assert not row["evaluable"] or (row["logic"] == "single") == (len(row["statements"]) < 2), row["id"]
        for s in row["statements"]:
            assert s["words"] in row["text"] and len(s["words"]) <= 80, row["id"]
            assert s["kind"] in ("condition", "medication", "procedure"), row["id"]
            assert s["when"] in ("current", "ever", "window"), row["id"]
            assert (s["when"] == "window") == (s["within_days"] is not None), row["id"]
            code = s["icd10cm"]
            assert code is None or (s["kind"] == "condition" and icd10cm.is_valid_item(code)), row["id"]


def test_the_project_holds_no_copy_of_the_statement_lines():
    """Tables hold ids, readings and short spans; the text stays in ../shared."""
    from .conftest import DATA
    texts = {row["text"] for split in PRESENT for row in _rows(split) if len(row["text"]) > 40}
    for path in DATA.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".json", ".jsonl", ".txt"):
            content = path.read_text("utf-8", errors="replace")
            assert not any(text in content for text in texts), path


ANNOTATION = {"id": "x", "names": True, "evaluable": True, "logic": "single", "statements": [
    {"words": "HIV infection", "kind": "condition", "concept": "HIV infection", "icd10cm": "B20",
     "when": "current", "within_days": None, "negated": False}]}


def _with(**changes) -> dict:
    return {**ANNOTATION, "statements": [{**ANNOTATION["statements"][0], **changes}]}


@pytest.mark.parametrize("line, section, annotation, verdict", [
    ("Known HIV infection", "exclusion", ANNOTATION, "exact"),
    # The annotated code lies within the concept's codes (descendants count), whatever the words.
    ("Known HIV infection", "exclusion", _with(concept="HIV disease", words="HIV+", icd10cm="B20"), "exact"),
    ("Known HIV infection", "exclusion", _with(when="ever"), "wrong"),
    ("Known HIV infection", "exclusion", _with(concept="hepatitis b", words="HBV", icd10cm="B16"), "wrong"),
    ("Known HIV infection", "exclusion", {**ANNOTATION, "evaluable": False, "statements": []}, "wrong"),
    ("No known HIV infection", "inclusion", _with(negated=True), "exact"),
    ("No known HIV infection", "inclusion", ANNOTATION, "wrong"),
    ("History of stroke within 6 months", "exclusion",
     _with(concept="stroke", words="stroke", icd10cm="I63", when="window", within_days=182), "exact"),
    ("History of stroke within 6 months", "exclusion",
     _with(concept="stroke", words="stroke", icd10cm="I63", when="window", within_days=183), "wrong"),
    ("Known HIV infection or hepatitis B", "exclusion", {**ANNOTATION, "logic": "all", "statements": [
        *ANNOTATION["statements"],
        {**ANNOTATION["statements"][0], "concept": "hepatitis b", "words": "hepatitis B", "icd10cm": "B16"}]},
     "wrong"),
    # In an "any" list one concept may stand for several annotated ones it matches each by code.
    ("Current alcohol abuse or alcohol dependence", "exclusion", {**ANNOTATION, "logic": "any", "statements": [
        {**ANNOTATION["statements"][0], "concept": "alcohol abuse", "words": "alcohol abuse", "icd10cm": "F10.1"},
        {**ANNOTATION["statements"][0], "concept": "alcohol dependence", "words": "alcohol dependence",
         "icd10cm": "F10.2"}]}, "exact"),
    ("Current alcohol abuse or alcohol dependence", "exclusion", {**ANNOTATION, "logic": "any", "statements": [
        {**ANNOTATION["statements"][0], "concept": "alcohol abuse", "words": "alcohol abuse", "icd10cm": "F10.1"},
        {**ANNOTATION["statements"][0], "concept": "opioid dependence", "words": "opioid dependence",
         "icd10cm": "F11.2"}]}, "wrong"),
    ("Platelets ≥ 100,000/μL", "inclusion", {**ANNOTATION, "names": False, "evaluable": False, "statements": []},
     "unannotated"),
    ("Informed consent", "inclusion", {**ANNOTATION, "names": False, "evaluable": False, "statements": []}, "manual"),
])
def test_judge_statements(line, section, annotation, verdict):
    assert judge_statements(annotation, compile_criterion(line, section)) == verdict


# ------------------------------------------------------------------------------ Synthea
AS_OF = date(2026, 11, 1)
# "Chronic hepatitis C (SNOMED 128302006) on 2017-10-07": the record a reason names.
_NAMED = re.compile(r"(?:^|[:;,] )(?P<name>[^:;,()]+?) \((?P<label>SNOMED|ICD-10-CM|RxNorm) (?P<code>[^)\s]+)\)"
                    r"(?: on (?P<day>\d{4}-\d{2}-\d{2}))?")
BUNDLES = sorted((ROOT / "patients" / "synthea").glob("*.json"))


# SNOMED CT displays end in a semantic tag the reason leaves out: "Normal pregnancy (finding)".
_SEMANTIC_TAG = re.compile(r"\s*\((?:finding|disorder|procedure|situation|morphologic abnormality)\)$")


def _codings(value):
    """Every (system, code, display) in a resource, its CodeableConcepts' texts as displays."""
    if isinstance(value, dict):
        for coding in value.get("coding", []):
            for name in (coding.get("display"), value.get("text")):
                yield coding.get("system"), coding.get("code"), _SEMANTIC_TAG.sub("", name or "")
        for child in value.values():
            yield from _codings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _codings(child)


def test_every_code_a_reason_names_is_in_the_bundle():
    """Each match by code (the reason names the record: 'name (SNOMED code) on day') is a
    resource of the bundle with that system, code and name, dated that day."""
    trials = [load_trial(p) for p in sorted((ROOT / "rules").glob("*.yaml"))]
    checked = 0
    for path in BUNDLES:
        resources = [e["resource"] for e in json.loads(path.read_text("utf-8"))["entry"]]
        patient = load_patient(path)
        for trial in trials:
            for outcome in screen(trial, patient, AS_OF).outcomes:
                for named in _NAMED.finditer(outcome.reason):
                    system, code = SYSTEMS[named["label"]], named["code"]
                    holders = [r for r in resources if (system, code, named["name"]) in set(_codings(r))]
                    assert holders, f"{path.name}: {named.group()} is in no resource"
                    if named["day"]:
                        assert any(named["day"] in json.dumps(r) for r in holders), f"{path.name}: {named.group()}"
                    checked += 1
    assert checked >= 20


def test_synthea_condition_and_treatment_outcomes_decided():
    """The share of condition and treatment outcomes the seed trials decide on the
    bundles (benchmarks/statements_eval.py prints it): today's count is the floor."""
    from benchmarks.statements_eval import synthea_decided
    decided, total = synthea_decided()
    assert total > 0 and decided >= 64, f"{decided} of {total}"
