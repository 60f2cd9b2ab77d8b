"""The committed Synthea bundles (patients/synthea/, made by scripts/make_synthea.py):
they load through the validated FHIR path, agree with the raw JSON read independently,
read the same through the bulk NDJSON path, and screen against every rules file."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from engine import load_patient, load_trial, screen
from engine.adapters import LoadReport, load_ndjson, patient_from_bundle
from engine.cli import EXIT_OK, main

from .conftest import ROOT

FOLDER = ROOT / "patients" / "synthea"
BUNDLES = sorted(FOLDER.glob("*.json"))
RULES = sorted((ROOT / "rules").glob("*.yaml"))
AS_OF = date(2026, 11, 1)


@lru_cache(maxsize=None)
def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def loaded(path: Path):
    report = LoadReport()
    return patient_from_bundle(raw(path), str(path), report), report


@lru_cache(maxsize=1)
def trials():
    return [load_trial(p) for p in RULES]


def test_the_committed_set_is_big_enough_and_small():
    assert len(BUNDLES) >= 20
    assert sum(p.stat().st_size for p in BUNDLES) < 5_000_000


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_every_bundle_loads_with_demographics_and_results(path):
    patient, report = loaded(path)
    person = next(e["resource"] for e in raw(path)["entry"] if e["resource"]["resourceType"] == "Patient")
    assert patient.id == person["id"] and patient.sex == person["gender"]
    assert patient.birth_date == date.fromisoformat(person["birthDate"])
    assert patient.labs and patient.conditions
    assert report.balanced and report.read == len(raw(path)["entry"])
    assert load_patient(path).model_dump() == patient.model_dump()


def _values(bundle: dict, loinc: str) -> list[tuple[str, float]]:
    """(date, value) of every final result with this LOINC code, panels included: read
    straight from the JSON, independently of the adapter."""
    found = []
    for entry in bundle["entry"]:
        res = entry["resource"]
        if res["resourceType"] != "Observation" or res["status"] not in ("final", "amended", "corrected"):
            continue
        for part in [res, *res.get("component", [])]:
            if any(c["code"] == loinc for c in part["code"]["coding"]) and "valueQuantity" in part:
                found.append((res["effectiveDateTime"][:10], part["valueQuantity"]["value"]))
    return sorted(found)


@pytest.mark.parametrize("analyte,loinc", [("platelets", "777-3"), ("hemoglobin", "718-7"),
                                           ("systolic blood pressure", "8480-6"), ("weight", "29463-7")])
def test_values_agree_with_the_raw_json(analyte, loinc):
    checked = 0
    for path in BUNDLES:
        patient, _ = loaded(path)
        expected = _values(raw(path), loinc)
        got = sorted((m.date.isoformat(), m.value) for m in patient.measurements(analyte))
        assert got == expected, path.name
        checked += len(expected)
    assert checked > 20


def test_bulk_ndjson_reads_the_same_profiles(tmp_path):
    lines = [json.dumps(e["resource"]) for path in BUNDLES for e in raw(path)["entry"]]
    (tmp_path / "all.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    patients, report = load_ndjson(tmp_path / "all.ndjson")
    assert report.read == len(lines) and report.balanced and len(patients) == len(BUNDLES)
    for patient in patients:
        validated = next(loaded(p)[0] for p in BUNDLES if loaded(p)[0].id == patient.id)
        assert patient.model_dump() == validated.model_dump()


def _last_lab(patient) -> date:
    return max(lab.date for lab in patient.labs if lab.date)


@pytest.mark.parametrize("when", ["reference date", "each patient's last result"])
def test_every_rules_file_screens_every_synthea_patient(when):
    statuses = {"pass": 0, "fail": 0, "unknown": 0}
    for path in BUNDLES:
        patient, _ = loaded(path)
        as_of = AS_OF if when == "reference date" else _last_lab(patient)
        for trial in trials():
            result = screen(trial, patient, as_of)
            assert len(result.outcomes) == len(trial.criteria)
            assert result.verdict in ("eligible", "eligible pending review", "needs data", "not eligible")
            for o in result.outcomes:
                statuses[o.status] += 1
                if o.status == "pass" and o.evidence:
                    assert all(e.observed for e in o.evidence)
    assert statuses["pass"] > 0 and statuses["unknown"] > 0
    if when == "each patient's last result":
        assert statuses["fail"] > 0


def test_hemoglobin_criterion_matches_the_value_on_the_day_it_was_drawn():
    trial = next(t for t in trials() if t.id == "NCT00699491")
    criterion = next(c for c in trial.criteria if c.text == "Hemoglobin ≥ 8.5 g/dL")
    checked = 0
    for path in BUNDLES:
        patient, _ = loaded(path)
        results = _values(raw(path), "718-7")
        if not results:
            continue
        day, value = results[-1]
        outcome = next(o for o in screen(trial, patient, date.fromisoformat(day)).outcomes
                       if o.criterion_id == criterion.id)
        assert outcome.status == ("pass" if value >= 8.5 else "fail"), outcome.reason
        checked += 1
    assert checked >= 5


def test_cli_screens_the_synthea_bundles(capsys):
    args = ["screen", *map(str, RULES), *map(str, BUNDLES), "--as-of", "2026-11-01", "--json"]
    assert main(args) == EXIT_OK
    results = json.loads(capsys.readouterr().out)
    assert len(results) == len(BUNDLES) * len(RULES)


def test_profile_report_coverage_on_the_synthea_bundles(capsys):
    assert main(["profile-report", str(FOLDER), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    mapped = {c["code"] for c in data["codes"] if c["analyte"]}
    assert {"777-3", "718-7", "6690-2", "38483-4", "8480-6", "8462-4", "29463-7"} <= mapped
    numeric = data["coverage"]["numeric"]
    assert numeric["used"] / numeric["seen"] > 0.6
    assert data["read"] == data["used"] + sum(data["skipped"].values())
