"""FHIR R4 -> Patient: status rules, censored values, vitals, scores, conditions,
skipped records that never make a criterion pass, malformed input, bulk counts."""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from engine import InputError, compile_criterion, evaluate, load_patient
from engine.adapters import LoadReport, load_ndjson, patient_from_bundle, patient_from_resources
from engine.cli import EXIT_OK, main

from .conftest import ROOT, case_ids, table

AS_OF = date(2026, 11, 1)
PATIENT = {"resourceType": "Patient", "id": "pt-1", "gender": "female", "birthDate": "1960-03-15"}
CASES = table("fhir.yaml")
CONDITIONS = CASES["conditions"]


def observation(short: dict, i: int = 0) -> dict:
    """The test table's shorthand -> an R4 Observation."""
    res = {k: v for k, v in short.items() if k not in ("loinc", "quantity", "date", "components")}
    res.update(resourceType="Observation", id=f"o{i}", subject={"reference": "Patient/pt-1"})
    res.setdefault("status", "final")
    if "date" in short:
        res["effectiveDateTime"] = short["date"]
    _coded(res, short)
    if "components" in short:
        res["component"] = [_coded({}, part) for part in short["components"]]
    return res


def _coded(res: dict, short: dict) -> dict:
    if "loinc" in short:
        res["code"] = {"coding": [{"system": "http://loinc.org", "code": short["loinc"]}]}
    if "quantity" in short:
        value, unit, *comparator = short["quantity"]
        res["valueQuantity"] = {"value": value, "system": "http://unitsofmeasure.org", "code": unit,
                                "unit": unit, **({"comparator": comparator[0]} if comparator else {})}
    for key in ("valueQuantity", "valueInteger", "valueCodeableConcept", "valueString"):
        if key in short:
            res[key] = short[key]
    return res


def bundle(resources: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": "urn:uuid:pt-1", "resource": PATIENT}] +
                     [{"resource": r} for r in resources]}


def outcome(patient, text: str):
    return evaluate(compile_criterion(text), patient, AS_OF)


@pytest.mark.parametrize("case", CASES["observations"], ids=case_ids(CASES["observations"]))
def test_observation_table(case):
    report = LoadReport()
    patient = patient_from_bundle(bundle([observation(r, i) for i, r in enumerate(case["resources"])]),
                                  "case.json", report)
    out = outcome(patient, case["criterion"])
    assert out.status == case["status"], out.reason
    for fragment in case.get("reason", []):
        assert fragment in out.reason
    for fragment in case.get("not_in_reason", []):
        assert fragment not in out.reason
    assert dict(report.skipped) == case.get("skipped", {})
    assert report.balanced and report.read == 1 + len(case["resources"])


def condition(case: dict) -> dict:
    res = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/pt-1"},
           "code": case.get("code", {"text": "Liver metastases"}), "onsetDateTime": "2026-06-01"}
    systems = {"clinical": "condition-clinical", "verification": "condition-ver-status"}
    for key, field in (("clinical", "clinicalStatus"), ("verification", "verificationStatus")):
        if case.get(key):
            res[field] = {"coding": [{"system": f"http://terminology.hl7.org/CodeSystem/{systems[key]}",
                                      "code": case[key]}]}
    if case.get("abatement"):
        res["abatementDateTime"] = case["abatement"]
    return res


@pytest.mark.parametrize("case", CONDITIONS["cases"], ids=case_ids(CONDITIONS["cases"]))
def test_condition_status_table(case):
    labs = [observation(r, i) for i, r in enumerate(CONDITIONS["labs"])]
    report = LoadReport()
    patient = patient_from_bundle(bundle(labs + [condition(case)]), "case.json", report)
    out = outcome(patient, CONDITIONS["criterion"])
    assert out.status == case["status"], out.reason
    for fragment in case.get("reason", []):
        assert fragment in out.reason
    assert dict(report.skipped) == case.get("skipped", {})


def test_refuted_condition_is_recorded_absent():
    case = {"verification": "refuted"}
    patient = patient_from_bundle(bundle([condition(case)]))
    [entry] = patient.conditions
    assert entry.status == "absent" and entry.name == "Liver metastases"


def test_codes_and_dates_are_kept_on_conditions_medications_procedures():
    resources = [
        {"resourceType": "Condition", "id": "c", "subject": {"reference": "Patient/pt-1"},
         "code": {"coding": [{"system": "http://snomed.info/sct", "code": "94381002",
                              "display": "Secondary malignant neoplasm of liver (disorder)"}]},
         "onsetDateTime": "2026-01-02T10:00:00+01:00"},
        {"resourceType": "MedicationRequest", "id": "m", "status": "active", "intent": "order",
         "subject": {"reference": "Patient/pt-1"}, "authoredOn": "2026-09-01",
         "medicationReference": {"reference": "Medication/med-1"}},
        {"resourceType": "Medication", "id": "med-1", "code": {"coding": [
            {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "197361",
             "display": "Amlodipine 5 MG Oral Tablet"}]}},
        {"resourceType": "Procedure", "id": "p", "status": "completed", "subject": {"reference": "Patient/pt-1"},
         "code": {"text": "Liver biopsy"}, "performedPeriod": {"start": "2026-02-03"}},
        {"resourceType": "Procedure", "id": "p2", "status": "not-done", "subject": {"reference": "Patient/pt-1"},
         "code": {"text": "Colonoscopy"}},
    ]
    report = LoadReport()
    patient = patient_from_bundle(bundle(resources), "x.json", report)
    [cond], [med], [proc] = patient.conditions, patient.medications, patient.procedures
    assert (cond.name, cond.code, cond.date) == ("Secondary malignant neoplasm of liver",
                                                 "http://snomed.info/sct|94381002", date(2026, 1, 2))
    assert (med.name, med.status, med.start) == ("Amlodipine 5 MG Oral Tablet", "active", date(2026, 9, 1))
    assert med.code == "http://www.nlm.nih.gov/research/umls/rxnorm|197361"
    assert (proc.name, proc.date) == ("Liver biopsy", date(2026, 2, 3))
    assert report.skipped == {"status not-done": 1} and report.balanced


# ------------------------------------------------------------------ malformed
def _obs(**changes) -> dict:
    res = observation({"loinc": "777-3", "quantity": [150, "10*3/uL"], "date": "2026-10-28"}, 1)
    for key, value in changes.items():
        if value is None:
            res.pop(key, None)
        else:
            res[key] = value
    return res


@pytest.mark.parametrize("resource,fragments", [
    (_obs(valueQuantity={"value": "lots", "unit": "10*3/uL"}), ["entry 1 (Observation/o1)", "valueQuantity.value"]),
    (_obs(effectiveDateTime="2026-13-40"), ["entry 1 (Observation/o1)", "effectiveDateTime"]),
    (_obs(status=None), ["entry 1 (Observation/o1): status:", "required"]),
    (_obs(status="done"), ["Observation/o1", "status: 'done' is not an Observation status"]),
    (_obs(valueQuantity={"value": 1, "unit": "mg/dL", "comparator": "~"}), ["valueQuantity.comparator"]),
    (_obs(colour="blue"), ["Observation/o1", "colour", "Extra inputs"]),
    (_obs(resourceType="Observaton"), ["entry 1 (Observaton/o1)", "'Observaton' is not a FHIR R4 resource type"]),
    ({"id": "x"}, ["entry 1 (?/x)", "no resourceType"]),
    ({**PATIENT, "id": "pt-2"}, ["2 Patient resources"]),
    ({"resourceType": "Condition", "id": "c9", "subject": {"reference": "Patient/pt-1"},
      "code": {"text": "x"}, "clinicalStatus": {"coding": [{"code": "gone"}]}},
     ["entry 1 (Condition/c9)", "clinicalStatus"]),
])
@pytest.mark.parametrize("validation", ["fast", "full"])
def test_malformed_bundle_names_resource_and_field(resource, fragments, validation):
    with pytest.raises(InputError) as info:
        patient_from_bundle(bundle([resource]), "bad.json", validation=validation)
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)
    assert "bad.json" in str(info.value)


def test_resource_types_not_used_are_counted_not_validated():
    report = LoadReport()
    encounter = {"resourceType": "Encounter", "id": "e1", "status": "finished", "class": "not a Coding"}
    patient_from_bundle(bundle([encounter]), "x.json", report)
    assert report.skipped == {"resource type Encounter not used for screening": 1}


@pytest.mark.parametrize("data,fragment", [
    ({"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "x"}]}, "entry 0: no resource"),
    ({"resourceType": "Bundle", "type": 7}, "Bundle: type"),
    ({"resourceType": "Patient", "id": "p", "gender": "F"}, "expected a FHIR Bundle"),
])
@pytest.mark.parametrize("validation", ["fast", "full"])
def test_malformed_bundle_structure(data, fragment, validation):
    with pytest.raises(InputError, match=fragment):
        patient_from_bundle(data, validation=validation)


# ----------------------------------------------------- files, CLI, CDS prefetch
def test_load_patient_detects_a_bundle_file(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle([_obs()])), encoding="utf-8")
    patient = load_patient(path)
    assert patient.id == "pt-1" and patient.sex == "female" and len(patient.measurements("platelets")) == 1


def test_load_patient_names_the_file_of_a_bad_bundle(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle([_obs(status=None)])), encoding="utf-8")
    with pytest.raises(InputError, match=r"bundle\.json.*entry 1 \(Observation/o1\): status"):
        load_patient(path)


def test_prefetch_resources_and_searchset_bundles():
    search = {"resourceType": "Bundle", "type": "searchset",
              "entry": [{"resource": _obs()}, {"resource": _obs(id="o2", status="entered-in-error")}]}
    report = LoadReport()
    patient = patient_from_resources([PATIENT, search, None], "prefetch", report)
    assert patient.id == "pt-1" and len(patient.labs) == 1
    assert report.skipped == {"status entered-in-error": 1}


def test_resources_of_another_patient_are_skipped():
    other = _obs(subject={"reference": "Patient/someone-else"})
    report = LoadReport()
    patient = patient_from_bundle(bundle([other, _obs(id="o2")]), "x.json", report)
    assert len(patient.labs) == 1 and report.skipped == {"subject is another patient": 1}


def test_cli_screens_bundles_and_ndjson(tmp_path, capsys):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle([_obs()])), encoding="utf-8")
    bulk = tmp_path / "bulk.ndjson"
    bulk.write_text("\n".join(json.dumps(r) for r in [{**PATIENT, "id": "pt-9"}, _obs(
        subject={"reference": "Patient/pt-9"})]) + "\n", encoding="utf-8")
    code = main(["screen", str(ROOT / "rules" / "NCT00699491.yaml"), str(path), str(bulk),
                 "--as-of", "2026-11-01", "--json"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    results = json.loads(captured.out)
    assert sorted(r["patient_id"] for r in results) == ["pt-1", "pt-9"]
    assert "2 records read: 2 used, 0 skipped" in captured.err


def test_profile_report_lists_mapped_and_unmapped_codes(tmp_path, capsys):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle([_obs(), observation({"loinc": "32623-1", "quantity": [9, "fL"],
                                                           "date": "2026-10-28"}, 2)])), encoding="utf-8")
    assert main(["profile-report", str(path), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    codes = {c["code"]: c for c in data["codes"]}
    assert codes["777-3"]["analyte"] == "platelets" and codes["777-3"]["used"] == 1
    assert codes["32623-1"]["analyte"] is None and codes["32623-1"]["count"] == 1
    assert data["coverage"]["all"] == {"used": 1, "seen": 2, "codes_mapped": 1, "codes_seen": 2}
    assert main(["profile-report", str(path)]) == EXIT_OK
    text = capsys.readouterr().out
    assert "Codes not mapped (1)" in text and "32623-1" in text and "1 of 2 used (50.0%)" in text


# ----------------------------------------------------------------------- bulk
def test_ndjson_batch_counts_records_in_equals_records_out(tmp_path):
    good = [{**PATIENT, "id": f"p{i}"} for i in range(3)]
    good += [_obs(id=f"o{i}", subject={"reference": f"Patient/p{i % 3}"}) for i in range(6)]
    lines = [json.dumps(r) for r in good]
    lines.insert(2, '{"resourceType": "Observation", "id": "broken", ')               # not JSON
    lines.insert(4, json.dumps({"resourceType": "Encounter", "id": "e1"}))          # not used
    lines.insert(5, json.dumps(_obs(id="bad", subject={"reference": "Patient/p1"},
                                    valueQuantity={"value": "lots", "unit": "10*3/uL"})))
    lines.insert(6, json.dumps(_obs(id="nosubject", subject=None)))
    lines.insert(7, json.dumps([1, 2]))
    lines.insert(8, json.dumps(_obs(id="numunit", subject={"reference": "Patient/p2"},
                                    valueQuantity={"value": 5, "unit": 7})))
    lines.append("")
    (tmp_path / "Patient.ndjson").write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    (tmp_path / "Observation.ndjson").write_text("\n".join(lines[5:]) + "\n", encoding="utf-8")
    patients, report = load_ndjson(sorted(tmp_path.glob("*.ndjson")))
    assert report.read == 15 and report.used == 9 and report.balanced
    assert sorted(p.id for p in patients) == ["p0", "p1", "p2"] and report.patients == 3
    assert sum(len(p.labs) for p in patients) == 6
    assert report.skipped == {
        "line is not valid JSON": 1, "resource type Encounter not used for screening": 1,
        "malformed Observation.valueQuantity.value": 1, "no subject reference to a Patient": 1,
        "line is not a FHIR resource (no resourceType)": 1, "malformed Observation.valueQuantity.unit": 1}
    assert report.examples["line is not valid JSON"] == ["Patient.ndjson:3"]


def test_ndjson_preliminary_superseded_across_files_is_counted(tmp_path):
    rows = [PATIENT, _obs(id="f", effectiveDateTime="2026-10-20"),
            _obs(id="p", status="preliminary", effectiveDateTime="2026-10-28")]
    (tmp_path / "all.ndjson").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    [patient], report = load_ndjson(tmp_path / "all.ndjson")
    assert [lab.status for lab in patient.labs] == ["final"]
    assert report.used == 2 and report.skipped == {
        "preliminary result: a final result for the same test exists": 1} and report.balanced


def test_ndjson_does_not_change_its_input(tmp_path):
    resource = _obs()
    before = copy.deepcopy(resource)
    (tmp_path / "o.ndjson").write_text(json.dumps(resource), encoding="utf-8")
    load_ndjson(tmp_path / "o.ndjson")
    assert resource == before


def test_missing_ndjson_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        load_ndjson(tmp_path / "nope.ndjson")
