"""Patient profiles: validation names the field; bad units and names never pass."""
from __future__ import annotations

import re
from datetime import date

import pytest

from engine import InputError, Patient, compile_criterion, evaluate, load_decisions, load_patient, load_trial, screen
from engine.patients import patient_from_dict
from engine.review import decisions_beside, for_trial

from .conftest import ROOT, case_ids, sample_profiles, table

LAB = {"test": "platelets", "value": 150, "unit": "10*9/L", "date": "2026-10-28"}


def test_non_numeric_value_names_the_field():
    with pytest.raises(InputError, match=r"labs\.0\.value"):
        patient_from_dict({"id": "X", "labs": [{**LAB, "value": "high"}]}, "p.yaml")


def test_boolean_is_not_a_number():
    with pytest.raises(InputError, match=r"labs\.0\.value"):
        patient_from_dict({"id": "X", "labs": [{**LAB, "value": False}]})


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("field,lab", [
    ("labs.0.value", '{"test": "platelets", "value": %s, "unit": "/uL"}'),
    ("labs.0.reference_range.high",
     '{"test": "platelets", "value": 150, "unit": "10*9/L", "reference_range": {"high": %s}}'),
])
def test_non_finite_number_is_refused_naming_the_field(tmp_path, number, field, lab):
    """JSON readers take NaN, Infinity and 1e400 (which overflows to Infinity) as numbers;
    none is a result."""
    path = tmp_path / "p.json"
    path.write_text('{"id": "X", "labs": [%s]}' % (lab % number), encoding="utf-8")
    with pytest.raises(InputError, match=rf"p\.json: {re.escape(field)}\b.*finite"):
        load_patient(path)


def test_unknown_field_and_bad_sex_are_named():
    with pytest.raises(InputError) as info:
        patient_from_dict({"id": "X", "sex": "F", "lbas": []}, "p.yaml")
    assert "sex" in str(info.value) and "lbas" in str(info.value) and "p.yaml" in str(info.value)


@pytest.mark.parametrize("written,number", [("III", 3), ("class II", 2), ("NYHA functional class IV", 4),
                                            ({"value": "i", "date": "2026-10-01"}, 1)])
def test_a_class_as_written_is_its_number_on_the_scale(written, number):
    observed = patient_from_dict({"id": "X", "observations": {"NYHA class": written}}).observations["NYHA class"]
    assert (observed if isinstance(observed, int) else observed.value) == number


@pytest.mark.parametrize("written", ["V", "ECOG II", "severe"])
def test_a_class_the_scale_does_not_have_is_refused_naming_the_scale(written):
    with pytest.raises(InputError) as info:
        patient_from_dict({"id": "X", "observations": {"nyha": written}}, "p.yaml")
    message = str(info.value)
    assert message.startswith("p.yaml: observations") and "nyha" in message and "(I, II, III, IV)" in message
    assert "\n" not in message


AGES = table("ages.yaml")


@pytest.mark.parametrize("case", AGES, ids=case_ids(AGES))
def test_age_with_a_fraction_or_a_unit(case):
    if "error" not in case:
        assert patient_from_dict({"id": "X", "age": case["age"]}).age is not None
        return
    with pytest.raises(InputError) as info:
        patient_from_dict({"id": "X", "age": case["age"]}, "p.yaml")
    assert str(info.value).startswith("p.yaml: " + case["error"]) and "\n" not in str(info.value)


def test_age_is_written_back_as_given():
    for age in (49, 0.5, {"value": 6, "unit": "months"}):
        assert patient_from_dict({"id": "X", "age": age}).model_dump(mode="json")["age"] == age


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"id: [x\n", "invalid YAML"),
    (b"- a\n- b\n", "mapping"), (b"\xff\xfe\xfa", "UTF-8"),
])
def test_unreadable_patient_files(tmp_path, content, expected):
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected):
        load_patient(path)


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"id": "X",\n "labs": [}', encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.json:2:\d+"):
        load_patient(path)


def test_unknown_unit_in_patient_data_is_unknown_with_reason():
    patient = Patient.model_validate({"id": "X", "labs": [{**LAB, "unit": "bananas/L"}]})
    out = evaluate(compile_criterion("Platelets ≥ 100,000/μL"), patient, date(2026, 11, 1))
    assert out.status == "unknown" and "'bananas/L'" in out.reason


def test_unrecognised_test_is_reported_and_never_used():
    patient = Patient.model_validate({"id": "X", "labs": [{**LAB, "test": "plateletz"}]})
    assert patient.unmapped_tests == ["plateletz"]
    out = evaluate(compile_criterion("Platelets ≥ 100,000/μL"), patient, date(2026, 11, 1))
    assert out.status == "unknown"


def test_loinc_code_and_alias_both_find_the_analyte():
    patient = Patient.model_validate({"id": "X", "labs": [{**LAB, "test": "777-3"},
                                                          {**LAB, "test": "PLT", "value": 90}]})
    assert len(patient.measurements("platelets")) == 2


def test_every_sample_patient_loads():
    files = sample_profiles()
    assert len(files) >= 8
    for path in files:
        patient = load_patient(path)
        assert patient.unmapped_tests == [], path


SAMPLES = table("sample_verdicts.yaml")


@pytest.mark.parametrize("case", SAMPLES, ids=case_ids(SAMPLES))
def test_sample_patient_shows_its_row(case):
    patient = load_patient(ROOT / "patients" / case["patient"])
    if "reviewed" in case:
        decisions = load_decisions(decisions_beside(ROOT / "patients" / case["patient"])).decisions
        verdicts = {trial_id: screen(load_trial(ROOT / "rules" / f"{trial_id}.yaml"), patient, date(2026, 11, 1),
                                     decisions=for_trial(decisions, trial_id)).verdict for trial_id in case["reviewed"]}
        assert verdicts == case["reviewed"]
        return
    if "criterion" in case:
        out = evaluate(compile_criterion(case["criterion"], strict=True), patient, date(2026, 11, 1))
        assert (out.status, out.reason) == (case["status"], case["reason"])
        return
    for trial_id in case["trials"]:
        result = screen(load_trial(ROOT / "rules" / f"{trial_id}.yaml"), patient, date(2026, 11, 1))
        assert result.verdict == case["verdict"] and set(case["failed"]) <= set(result.failed), trial_id
        first = next(o for o in result.outcomes if o.criterion_id == case["failed"][0])
        assert first.reason == case["reason"], trial_id
