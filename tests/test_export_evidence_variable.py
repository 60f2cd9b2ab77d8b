"""FHIR EvidenceVariable export and import (engine/export/): what a criterion exports to,
resources valid for fhir.resources (R5, and R4 through the R4B models), and export ->
import giving the same trees for the seed trials, the annotated corpus and generated trees."""
from __future__ import annotations

import json
import pytest
import yaml
from fhir.resources.bundle import Bundle
from fhir.resources.evidencevariable import EvidenceVariable
from fhir.resources.R4B.bundle import Bundle as BundleR4
from fhir.resources.R4B.evidencevariable import EvidenceVariable as EvidenceVariableR4
from hypothesis import HealthCheck, given, settings, strategies as st

from engine import load_trial
from engine.analytes import catalogue
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from engine.concepts import concepts
from engine.criteria import Criterion, compile_criterion
from engine.export import ExportOptions, export, to_evidence_variable
from engine.export.evidence_variable_import import same_reading
from engine.export.evidence_variable_read import criteria_of
from engine.export.fhir_r4 import XVER, evidence_variable_r4, evidence_variable_r5
from engine.nodes import (AllOf, AnyOf, Between, Compare, Conditional, Has, Manual, Normal, Not, OneOf, Sex,
                          Since, Washout)
from engine.rules import Trial

from .conftest import ROOT, case_ids, table
from .corpus_support import annotated, missing_reason

SEEDS = sorted((ROOT / "rules").glob("*.yaml"))
CASES = table("evidence_variable.yaml")


def _trial(*criteria: Criterion) -> Trial:
    return Trial(id="NCT99999999", criteria=criteria)


def _subset(expected, actual) -> bool:
    """Every key and list item of ``expected`` is in ``actual`` (lists item by item, in order)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) >= len(expected) and \
            all(_subset(e, a) for e, a in zip(expected, actual))
    return expected == actual


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_a_criterion_exports_to_its_characteristic(case):
    criterion = compile_criterion(case["text"], case.get("section", "inclusion"), id="c1")
    resource = json.loads(json.dumps(to_evidence_variable(_trial(criterion))))
    characteristic = resource["characteristic"][0]
    assert _subset(case["expect"], characteristic), json.dumps(characteristic, ensure_ascii=False, indent=1)


def _same_criteria(original: Trial, read) -> None:
    assert [(c.id, c.section, c.parent, c.text) for c in original.criteria] == \
        [(c.id, c.section, c.parent, c.text) for c in read]
    for before, after in zip(original.criteria, read):
        assert same_reading(before.tree, after.tree), before.id


@pytest.mark.parametrize("version", ["R5", "R4"])
@pytest.mark.parametrize("rules", SEEDS, ids=lambda p: p.stem)
def test_seed_trial_exports_valid_and_imports_to_the_same_trees(rules, version, tmp_path):
    exported, imported = tmp_path / "ev.json", tmp_path / "back.yaml"
    assert main(["export", str(rules), "--format", "fhir-evidencevariable", "--fhir-version", version,
                 "-o", str(exported)]) == EXIT_OK
    resource = json.loads(exported.read_text("utf-8"))
    (EvidenceVariable if version == "R5" else EvidenceVariableR4).model_validate(resource)
    assert any(e["url"].startswith(XVER) for c in resource["characteristic"] for e in c.get("extension", ())) \
        == (version == "R4")
    assert main(["import", str(exported), "-o", str(imported)]) == EXIT_OK
    original, back = load_trial(rules), load_trial(imported)
    _same_criteria(original, back.criteria)
    assert (back.id, back.title, back.source, back.recency_days) == \
        (original.id, original.title, original.source, original.recency_days)


@pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")
@pytest.mark.parametrize("version", ["R5", "R4"])
def test_every_annotated_corpus_line_round_trips(version, tmp_path):
    rows = annotated()
    criteria = tuple(compile_criterion(r["text"], "exclusion" if r["section"] == "exclusion" else "inclusion",
                                       id=r["id"]) for r in rows)
    trial = _trial(*criteria)
    document = export(trial, "fhir-evidencevariable", ExportOptions(fhir_version=version))
    exported = tmp_path / "corpus.json"
    exported.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert main(["import", str(exported), "-o", str(tmp_path / "corpus.yaml")]) == EXIT_OK
    _same_criteria(trial, load_trial(tmp_path / "corpus.yaml").criteria)


# ---------------------------------------------------------------- generated trees

_LIMIT_ANALYTES = ("ast", "alt", "total bilirubin", "creatinine", "inr")
_NICE = st.sampled_from([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 10.0, 60.0, 100.0, 350.0])
_OPS = st.sampled_from([">=", ">", "<=", "<"])
_WINDOW = st.none() | st.integers(1, 365)
_CONCEPT = st.sampled_from(sorted(concepts().ids))
_CODED = sorted(a.id for a in catalogue().by_id.values() if a.loinc and not a.derived)


@st.composite
def _coded_compare(draw):
    analyte = catalogue()[draw(st.sampled_from(_CODED))]
    value = draw(st.floats(-1e6, 1e6, allow_nan=False) | _NICE)
    return Compare(analyte=analyte.id, name=draw(st.text(min_size=1, max_size=12)), op=draw(_OPS | st.just("==")),
                   value=value, unit=analyte.unit, within_days=draw(_WINDOW))


_LEAVES = st.one_of(
    _coded_compare(),
    st.builds(lambda a, op, v, lim, w: Compare(analyte=a, name=a, op=op, value=v, relative_to=lim, within_days=w),
              st.sampled_from(_LIMIT_ANALYTES), _OPS, _NICE, st.sampled_from(["ULN", "LLN"]), _WINDOW),
    st.builds(lambda op, v: Compare(analyte="creatinine clearance", name="CrCl", op=op, value=v, unit="mL/min"),
              _OPS, _NICE),
    st.builds(lambda low, span: Between(analyte="ecog", name="ECOG", low=low, high=low + span, unit="{score}"),
              st.integers(0, 2), st.integers(0, 2)),
    st.builds(lambda vs: OneOf(analyte="ecog", name="ECOG", values=tuple(vs)),
              st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), min_size=1, max_size=3, unique=True)),
    st.builds(lambda a: Normal(analyte=a, name=a), st.sampled_from(_LIMIT_ANALYTES)),
    st.builds(lambda s: Sex(allowed=tuple(s)), st.lists(st.sampled_from(["female", "male"]), min_size=1,
                                                         max_size=2, unique=True)),
    st.builds(lambda c, t, w: Has(concept=c, text=c or "an unnamed condition", timing=t, within_days=w if t == "window" else None),
              _CONCEPT | st.just(""), st.sampled_from(["current", "ever", "window"]), st.integers(1, 400)),
    st.builds(lambda c, op, d, ex: Since(concept=c, text=c or "an unnamed treatment", op=op, days=d,
                                         exceptions=tuple(Washout(text=e, concept=e, days=d * 2) for e in ex)),
              _CONCEPT | st.just(""), _OPS, st.integers(1, 365), st.lists(_CONCEPT, max_size=2, unique=True)),
    st.builds(lambda r: Manual(reason=r), st.text(min_size=1, max_size=30)),
)

_TREES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.builds(lambda cs: AllOf(children=tuple(cs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda cs: AnyOf(children=tuple(cs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda c: Not(child=c), inner),
    st.builds(lambda c, t, f: Conditional(condition=c, condition_text=c, when_true=t, when_false=f),
              _CONCEPT, inner, inner),
), max_leaves=6)


def _sexes_merged(node):
    """The tree with an OR of sexes as the one Sex node an import reads it as (the same test)."""
    if node.kind == "any" and all(c.kind == "sex" for c in node.children):
        return Sex(allowed=tuple(dict.fromkeys(s for c in node.children for s in c.allowed)))
    if node.kind in ("all", "any"):
        return type(node)(children=tuple(_sexes_merged(c) for c in node.children))
    if node.kind == "not":
        return Not(child=_sexes_merged(node.child))
    return node  # a conditional travels whole, as its tree


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees=st.lists(_TREES, min_size=1, max_size=3), sections=st.lists(st.booleans(), min_size=3, max_size=3))
def test_generated_trees_round_trip_through_r5_and_r4(trees, sections):
    criteria = tuple(Criterion(id=f"c{i}", section="exclusion" if sections[i] else "inclusion", text=f"line {i}",
                               tree=tree) for i, tree in enumerate(trees))
    resource = json.loads(json.dumps(to_evidence_variable(_trial(*criteria))))
    r4 = json.loads(json.dumps(evidence_variable_r4(resource)))
    EvidenceVariable.model_validate(resource)
    EvidenceVariableR4.model_validate(r4)
    for read in (criteria_of(resource), criteria_of(evidence_variable_r5(r4))):
        assert [(c.id, c.section, c.text) for c in read] == [(c.id, c.section, c.text) for c in criteria]
        for before, after in zip(criteria, read):
            assert same_reading(_sexes_merged(before.tree), after.tree)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("version,model", [("R5", Bundle), ("R4", BundleR4)])
def test_with_study_adds_a_research_study_that_points_at_the_evidence_variable(version, model, tmp_path, capsys):
    assert main(["export", str(SEEDS[0]), "--format", "fhir-evidencevariable", "--fhir-version", version,
                 "--with-study"]) == EXIT_OK
    bundle = json.loads(capsys.readouterr().out)
    model.model_validate(bundle)
    evidence, study = (e["resource"] for e in bundle["entry"])
    reference = f"EvidenceVariable/{evidence['id']}"
    if version == "R5":
        assert study["recruitment"]["eligibility"]["reference"] == reference
    else:
        [recruitment] = study["extension"]
        assert recruitment["url"] == XVER + "ResearchStudy.recruitment"
        assert recruitment["extension"] == [{"url": "eligibility", "valueReference": {"reference": reference}}]
    exported = tmp_path / "bundle.json"
    exported.write_text(json.dumps(bundle), "utf-8")
    assert main(["import", str(exported), "-o", str(tmp_path / "back.yaml")]) == EXIT_OK
    _same_criteria(load_trial(SEEDS[0]), load_trial(tmp_path / "back.yaml").criteria)


def test_export_never_overwrites_unasked(tmp_path, capsys):
    output = tmp_path / "ev.json"
    output.write_text("mine", "utf-8")
    assert main(["export", str(SEEDS[0]), "--format", "fhir-evidencevariable", "-o", str(output)]) == EXIT_USAGE
    assert output.read_text("utf-8") == "mine" and "already exists" in capsys.readouterr().err
    assert main(["export", str(SEEDS[0]), "--format", "fhir-evidencevariable", "-o", str(output),
                 "--overwrite"]) == EXIT_OK
    assert json.loads(output.read_text("utf-8"))["resourceType"] == "EvidenceVariable"


@pytest.mark.parametrize("args,message", [
    (["--format", "ohdsi-nonsense"], "--format: expected one of"),
    (["--format", "fhir-evidencevariable", "--fhir-version", "R3"], "--fhir-version: expected R5 or R4"),
])
def test_export_usage_errors_are_one_line(args, message, capsys):
    assert main(["export", str(SEEDS[0]), *args]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def _exported() -> dict:
    return export(load_trial(ROOT / "rules" / "NCT00699491.yaml"), "fhir-evidencevariable")


def test_import_of_an_invalid_evidence_variable_names_the_field_not_the_value(tmp_path, capsys):
    resource = _exported()
    resource["characteristic"][3]["exclude"] = "PATIENT-SECRET-42"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(resource), "utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "out.yaml")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "characteristic.3.exclude" in err and "not a valid FHIR R5 EvidenceVariable" in err
    assert "PATIENT-SECRET-42" not in err and "Traceback" not in err
    assert not (tmp_path / "out.yaml").exists()


def test_import_of_an_evidence_variable_keeps_an_existing_rules_file(tmp_path, capsys):
    exported, output = tmp_path / "ev.json", tmp_path / "rules.yaml"
    exported.write_text(json.dumps(_exported()), "utf-8")
    output.write_text("trial: X\ncriteria: [{id: a, text: 'Platelets > 1', expr: 'platelets > 2 /uL'}]\n", "utf-8")
    assert main(["import", str(exported), "-o", str(output)]) == EXIT_USAGE
    assert "already exists" in capsys.readouterr().err
    assert yaml.safe_load(output.read_text("utf-8"))["trial"] == "X"


def test_a_reading_the_text_does_not_give_is_written_as_expr(tmp_path):
    """An EvidenceVariable written elsewhere: its coded threshold wins over a text that says
    something else, through an expr: override the rules file keeps."""
    resource = _exported()
    platelets = next(c for c in resource["characteristic"] if c["linkId"] == "inc-12")
    platelets["definitionByTypeAndValue"]["valueQuantity"]["value"] = 75000
    exported = tmp_path / "ev.json"
    exported.write_text(json.dumps(resource), "utf-8")
    assert main(["import", str(exported), "-o", str(tmp_path / "back.yaml")]) == EXIT_OK
    entry = next(c for c in yaml.safe_load((tmp_path / "back.yaml").read_text("utf-8"))["criteria"]
                 if c["id"] == "inc-12")
    assert entry["expr"] == "platelets >= 75000 /µL"
    assert load_trial(tmp_path / "back.yaml").criterion("inc-12").tree.value == 75000


def test_an_incomplete_definition_leaves_its_criterion_to_the_text_and_keeps_the_rest(tmp_path, capsys):
    resource = _exported()
    by_id = {c["linkId"]: c for c in resource["characteristic"]}
    del by_id["inc-12"]["definitionByTypeAndValue"]["valueQuantity"]["value"]
    by_id["inc-15"]["definitionByCombination"]["characteristic"] = []   # an empty all-of must not pass
    exported = tmp_path / "ev.json"
    exported.write_text(json.dumps(resource), "utf-8")
    assert main(["import", str(exported), "-o", str(tmp_path / "back.yaml")]) == EXIT_OK
    err = capsys.readouterr().err
    assert "inc-12: its definition is incomplete (no value)" in err
    assert "inc-15: its definition is incomplete" in err
    back, original = load_trial(tmp_path / "back.yaml"), load_trial(ROOT / "rules" / "NCT00699491.yaml")
    _same_criteria(original, back.criteria)   # the texts read as before, every other criterion kept


def test_a_criterion_of_uncertain_section_stays_undecided_after_a_round_trip(tmp_path):
    document = {"trial": "NCT99999998", "criteria": [
        {"id": "unc-01", "section": "uncertain", "text": "Platelets ≥ 100,000/μL"},
        {"id": "inc-01", "section": "inclusion", "text": "Platelets ≥ 100,000/μL"}]}
    rules, exported, back = tmp_path / "r.yaml", tmp_path / "ev.json", tmp_path / "back.yaml"
    rules.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    for version in ("R5", "R4"):
        assert main(["export", str(rules), "--format", "fhir-evidencevariable", "--fhir-version", version,
                     "-o", str(exported), "--overwrite"]) == EXIT_OK
        assert main(["import", str(exported), "-o", str(back), "--overwrite"]) == EXIT_OK
        sections = {c["id"]: c["section"] for c in yaml.safe_load(back.read_text("utf-8"))["criteria"]}
        assert sections == {"unc-01": "uncertain", "inc-01": "inclusion"}
        _same_criteria(load_trial(rules), load_trial(back).criteria)


def test_a_criterion_flagged_for_a_person_whose_text_reads_is_pointed_out(tmp_path, capsys):
    resource = _exported()
    flagged = next(c for c in resource["characteristic"] if c["linkId"] == "inc-01")
    flagged["description"] = "Platelets ≥ 100,000/μL"
    exported = tmp_path / "ev.json"
    exported.write_text(json.dumps(resource), "utf-8")
    assert main(["import", str(exported), "-o", str(tmp_path / "back.yaml")]) == EXIT_OK
    assert "inc-01: the EvidenceVariable leaves it to a person, but its text reads" in capsys.readouterr().err


def test_a_tree_expression_naming_what_the_engine_does_not_know_is_left_to_a_person():
    criterion = compile_criterion("AST and ALT ≤ 3 times ULN (5 times ULN if LFT elevations due to liver metastases)",
                                  id="c1")
    resource = json.loads(json.dumps(to_evidence_variable(_trial(criterion))))
    expression = resource["characteristic"][0]["definitionExpression"]
    assert criteria_of(resource)[0].tree.kind == "conditional"
    expression["expression"] = expression["expression"].replace('"ast"', '"astatine"')
    assert criteria_of(resource)[0].tree.kind == "manual"
