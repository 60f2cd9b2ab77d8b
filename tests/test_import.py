"""`elig import`: ClinicalTrials.gov records -> rules files that load and screen."""
from __future__ import annotations

import copy
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from engine import InputError, Patient, screen
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.ctgov import import_record
from engine.import_output import replaced_work

from .conftest import DATA, ROOT, case_ids, table

SEEDS = sorted((DATA / "seeds").glob("*.txt"))
MODERN = DATA / "ctgov" / "NCT99000001.json"
OLDER = DATA / "ctgov" / "NCT99000002.json"


def _criteria(document: dict) -> list[tuple]:
    return [(c["id"], c["section"], c.get("parent"), c["text"])
            for c in document["criteria"] if c.get("origin") != "structured"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:11])
def test_seed_pages_reimport_to_the_hand_checked_rules(seed):
    text, trial = import_record(seed)
    imported = yaml.safe_load(text)
    hand = yaml.safe_load((ROOT / "rules" / f"{imported['trial']}.yaml").read_text("utf-8"))
    assert _criteria(imported) == _criteria(hand)
    assert trial.coverage[0] >= 13


def test_reimport_is_identical():
    assert import_record(MODERN)[0] == import_record(MODERN)[0]


def test_modern_record_sections_nesting_and_structured_fields():
    document = yaml.safe_load(import_record(MODERN)[0])
    by_id = {c["id"]: c for c in document["criteria"]}
    assert by_id["age-min"]["expr"] == "age >= 18 years" and by_id["age-max"]["expr"] == "age <= 75 years"
    assert by_id["sex"]["expr"] == "female"
    assert by_id["inc-03b"] == {"id": "inc-03b", "section": "inclusion", "parent": "inc-03",
                                "text": "Platelets ≥ 100,000/μL"}
    assert [c["id"] for c in document["criteria"] if c["section"] == "exclusion"] == \
        ["exc-01", "exc-02", "exc-03", "exc-04", "exc-05"]
    assert import_record(MODERN)[0].splitlines()[1] == "# 13 of 15 criteria machine-evaluable; texts verbatim."


def test_single_list_record_keeps_negations_as_inclusion():
    document = yaml.safe_load(import_record(OLDER)[0])
    assert {c["section"] for c in document["criteria"]} == {"inclusion"}
    assert "sex" not in {c["id"] for c in document["criteria"]}  # "ALL" is no criterion


def _screen(record: Path, **profile):
    trial = import_record(record)[1]
    patient = Patient.model_validate({"id": "X", "sex": "female", "birth_date": date(1970, 1, 1), **profile})
    return {o.criterion_id: o for o in screen(trial, patient, date(2026, 11, 1)).outcomes}


def test_an_exclusion_that_is_met_makes_the_patient_ineligible():
    outcomes = _screen(MODERN, conditions=["brain metastases"],
                       labs=[{"test": "QTc", "value": 480, "unit": "ms", "date": date(2026, 10, 30)}])
    assert outcomes["exc-01"].status == "fail" and outcomes["exc-01"].met.value == "true"
    assert outcomes["exc-03"].status == "fail" and "exclusion met" in outcomes["exc-03"].reason


def test_an_exclusion_not_met_passes_and_silence_is_unknown():
    outcomes = _screen(MODERN, conditions=[{"name": "brain metastases", "status": "absent"}],
                       labs=[{"test": "QTc", "value": 440, "unit": "ms", "date": date(2026, 10, 30)}])
    assert outcomes["exc-01"].status == "pass" and outcomes["exc-03"].status == "pass"
    assert outcomes["exc-02"].status == "unknown"


def test_inclusion_written_as_a_negation_reads_as_one():
    outcomes = _screen(OLDER, conditions=["hepatitis C", {"name": "hepatitis B", "status": "absent"}])
    assert outcomes["inc-05"].status == "fail"


@pytest.mark.parametrize("content,expected", [
    ("", "empty"), ('{"protocolSection": {}}', "eligibilityCriteria is missing"),
    ('{"foo": 1}', "no protocolSection"), ("{not json", "invalid JSON"),
])
def test_bad_records_are_named(tmp_path, content, expected):
    path = tmp_path / "record.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected):
        import_record(path)


def test_cli_import_writes_a_rules_file_that_loads(tmp_path, capsys):
    out = tmp_path / "NCT99000001.yaml"
    assert main(["import", str(MODERN), "-o", str(out)]) == EXIT_OK
    assert "13 of 15 criteria machine-evaluable" in capsys.readouterr().err
    assert main(["check", str(out)]) == EXIT_OK
    assert main(["import", str(tmp_path / "missing.json")]) == EXIT_INPUT


OUTPUT_CASES = table("import_outputs.yaml")


def _make_existing(kind: str, output: Path, record: Path) -> None:
    if kind == "link":
        output.symlink_to(record.name)
    elif kind == "rules":
        output.write_bytes((ROOT / "rules" / "NCT00699491.yaml").read_bytes())
    elif kind in ("reimport", "corrected", "marked"):
        document = yaml.safe_load(import_record(record)[0])
        if kind == "corrected":
            next(c for c in document["criteria"] if c["id"] == "inc-02")["note"] = "checked against the protocol"
        if kind == "marked":
            next(c for c in document["criteria"] if c["id"] == "inc-02")["review"] = "person"
        output.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    elif kind == "not-rules":
        output.write_bytes((ROOT / "patients" / "p01-eligible-conventional.yaml").read_bytes())
    elif kind == "folder":
        output.mkdir()


@pytest.mark.parametrize("case", OUTPUT_CASES, ids=case_ids(OUTPUT_CASES))
def test_import_never_overwrites_without_asking_and_says_what_is_lost(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    record = Path("record.json")
    record.write_bytes(MODERN.read_bytes())
    output = Path(case["output"])
    if case.get("existing") not in (None, "record"):
        _make_existing(case["existing"], output, record)
    before = output.read_bytes() if output.is_file() else None
    code = main(["import", str(record), "-o", str(output), *case["args"]])
    err = capsys.readouterr().err
    assert code == case["code"], err
    for fragment in case["err"]:
        assert fragment in err
    for fragment in case.get("not_err", []):
        assert fragment not in err
    if case["code"] == 2:
        assert err.count("\n") == 1 and err.startswith("error: ")
    if case["written"]:
        assert output.read_text(encoding="utf-8") == import_record(record)[0]
    else:
        assert (output.read_bytes() if output.is_file() else None) == before
    assert record.read_bytes() == MODERN.read_bytes()


@settings(max_examples=40, deadline=None)
@given(edits=st.dictionaries(st.sampled_from([f"inc-{i:02d}" for i in range(1, 11)]),
                             st.tuples(st.sampled_from(["expr", "note"]), st.text(min_size=1, max_size=20)),
                             max_size=5))
def test_every_hand_correction_that_would_be_lost_is_named(edits):
    new = yaml.safe_load(import_record(MODERN)[0])
    old = copy.deepcopy(new)
    for criterion in old["criteria"]:
        if criterion["id"] in edits:
            key, value = edits[criterion["id"]]
            criterion[key] = value
    existing_ids = {c["id"] for c in old["criteria"]}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_text(yaml.safe_dump(old, allow_unicode=True), encoding="utf-8")
        losses = replaced_work(path, new)
    named = set(re.findall(r"inc-\d+", " ".join(losses)))
    assert named == set(edits) & existing_ids
    assert not any("holds trial" in loss for loss in losses)


def test_import_refuses_a_record_over_the_size_limit(tmp_path, capsys):
    record = tmp_path / "record.json"
    record.write_bytes(MODERN.read_bytes() + b" " * (1024 * 1024))
    assert main(["import", str(record), "--max-input-mb", "1"]) == EXIT_INPUT
    assert "larger than the input size limit of 1 MB" in capsys.readouterr().err
    assert main(["import", str(record), "--max-input-mb", "2"]) == EXIT_OK
