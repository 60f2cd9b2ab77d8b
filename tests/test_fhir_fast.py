"""The fast FHIR check (the default) against the full fhir.resources models: the same
patient, counts and screening outcomes from every Synthea bundle, and the same refusals
of malformed resources, naming the entry, resource and field, never the value."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from engine import InputError, load_patient, screen
from engine.adapters import LoadReport, patient_from_bundle, patient_from_resources
from engine.errors import values_withheld

from . import test_bulk_load as bulk
from .conftest import case_ids, table
from .test_fhir import PATIENT, bundle
from .test_synthea import AS_OF, BUNDLES, raw, trials

MALFORMED = table("fhir.yaml")["malformed"]
VALIDATIONS = ["fast", "full"]


def _loaded(path: Path, validation: str):
    report = LoadReport()
    return patient_from_bundle(raw(path), str(path), report, validation), report.to_dict()


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
def test_every_synthea_bundle_gives_the_same_patient_and_outcomes(path):
    (fast, fast_report), (full, full_report) = (_loaded(path, v) for v in VALIDATIONS)
    assert fast.model_dump() == full.model_dump()
    assert fast_report == full_report
    for trial in trials():
        assert screen(trial, fast, AS_OF).model_dump() == screen(trial, full, AS_OF).model_dump()


@pytest.mark.parametrize("validation", VALIDATIONS)
@pytest.mark.parametrize("case", MALFORMED, ids=case_ids(MALFORMED))
def test_malformed_resource_is_refused_naming_entry_resource_and_field(case, validation):
    with pytest.raises(InputError) as info:
        patient_from_bundle(bundle([case["resource"]]), "bad.json", validation=validation)
    message = str(info.value)
    for fragment in ["bad.json", *case["error"]]:
        assert fragment in message, message
    if "secret" in case:
        with values_withheld(), pytest.raises(InputError) as info:
            patient_from_bundle(bundle([case["resource"]]), "bad.json", validation=validation)
        assert case["secret"] not in str(info.value), str(info.value)


@pytest.mark.parametrize("case", MALFORMED[:3], ids=case_ids(MALFORMED[:3]))
def test_a_cds_prefetch_is_checked_as_a_bundle_is(case):
    with pytest.raises(InputError, match=r"resource 1 \("):
        patient_from_resources([PATIENT, case["resource"]], "prefetch")


def test_an_unknown_validation_is_refused(monkeypatch):
    monkeypatch.setenv("ELIG_FHIR_VALIDATION", "quick")
    with pytest.raises(ValueError, match="ELIG_FHIR_VALIDATION"):
        patient_from_bundle(bundle([]))


def test_the_environment_selects_the_full_models(monkeypatch, tmp_path):
    """The full models refuse a field screening never reads; the fast check, the default
    of a Bundle file too, passes it."""
    resource = {"resourceType": "Observation", "id": "o1", "status": "final", "code": {"text": "x"},
                "encounter": {"reference": 42}}     # Observation.encounter: never read
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle([resource])), encoding="utf-8")
    assert load_patient(path).id == "pt-1"
    monkeypatch.setenv("ELIG_FHIR_VALIDATION", "full")
    with pytest.raises(InputError, match=r"bundle\.json: entry 1 \(Observation/o1\): encounter\.reference"):
        load_patient(path)


def _read(resources: list[dict], validation: str):
    """(error, None, None) or (None, patient, counts) of one validation."""
    report = LoadReport()
    try:
        patient = patient_from_bundle(bulk.bundle(resources), "case.json", report, validation)
    except InputError as exc:
        return str(exc), None, None
    return None, bulk.everything(patient), bulk.counts(report)


def _refused_or_read_alike(resources: list[dict]) -> None:
    """What the models refuse, the fast check refuses; what both accept reads the same.
    The fast check may refuse more, where the models coerce: a number where a date is
    expected (read as a timestamp), true where an integer is (read as 1)."""
    fast, full = _read(resources, "fast"), _read(resources, "full")
    if full[0] is not None:
        assert fast[0] is not None, full[0]
    elif fast[0] is None:
        assert fast[1:] == full[1:]


@bulk.SLOW
@given(st.lists(bulk.OBSERVATION, min_size=1, max_size=3))
def test_random_observations_are_refused_or_read_alike_by_both_checks(observations):
    """Random Observations, junk in one field in 15."""
    resources = [bulk.PATIENT] + [{**o, "resourceType": "Observation", "id": f"o{i}",
                                   "subject": {"reference": "Patient/pt-1"}} for i, o in enumerate(observations)]
    _refused_or_read_alike(resources)


DATE = bulk.mostly(st.sampled_from(["2026-10-28", "2026-10-28T08:30:00+02:00", "2026-10"]),
                   st.sampled_from(["2026-13-40", "20261028", ""]) | bulk.JSON_JUNK)
PERIOD = bulk.mostly(st.fixed_dictionaries({}, optional={"start": DATE, "end": DATE}))
SUBJECT = bulk.mostly(st.just({"reference": "Patient/pt-1"}))


def _status_concept(codes: list[str]):
    return bulk.mostly(st.builds(lambda code: {"coding": [{"code": code}]}, bulk.mostly(st.sampled_from(codes))))


def _status(codes: list[str]):
    return bulk.mostly(st.sampled_from(codes), st.sampled_from(["done", " active"]) | bulk.JSON_JUNK)


CONDITION = st.fixed_dictionaries(
    {"resourceType": st.just("Condition"), "subject": SUBJECT, "code": bulk.CONCEPT},
    optional={"clinicalStatus": _status_concept(["active", "resolved", "remission"]),
              "verificationStatus": _status_concept(["confirmed", "refuted", "provisional"]),
              "onsetDateTime": DATE, "abatementPeriod": PERIOD, "recordedDate": DATE})
PROCEDURE = st.fixed_dictionaries(
    {"resourceType": st.just("Procedure"), "subject": SUBJECT, "status": _status(["completed", "not-done"])},
    optional={"code": bulk.CONCEPT, "performedDateTime": DATE, "performedPeriod": PERIOD})
MEDICATION = st.one_of(
    st.fixed_dictionaries({"medicationCodeableConcept": bulk.CONCEPT}),
    st.fixed_dictionaries({"medicationReference": bulk.mostly(st.just({"reference": "Medication/med-1"}))}))
MEDICATION_USES = {
    "MedicationRequest": {"status": _status(["active", "completed", "cancelled"]), "intent": st.just("order"),
                          "authoredOn": DATE},
    "MedicationStatement": {"status": _status(["active", "stopped"]), "effectivePeriod": PERIOD},
    "MedicationAdministration": {"status": _status(["completed", "in-progress"]), "effectiveDateTime": DATE},
    "MedicationDispense": {"status": _status(["completed", "declined"]), "whenHandedOver": DATE},
}
MEDICATION_USE = st.one_of(*(
    st.builds(lambda fields, drug, kind=kind: {"resourceType": kind, "subject": {"reference": "Patient/pt-1"},
                                                **fields, **drug}, st.fixed_dictionaries(fields), MEDICATION)
    for kind, fields in MEDICATION_USES.items()))
DRUG = st.fixed_dictionaries({"resourceType": st.just("Medication"), "id": st.just("med-1"), "code": bulk.CONCEPT})


@bulk.SLOW
@given(st.lists(st.one_of(CONDITION, PROCEDURE, MEDICATION_USE, DRUG), min_size=1, max_size=4))
def test_random_conditions_procedures_and_medications_are_refused_or_read_alike(resources):
    resources = [bulk.PATIENT] + [{"id": f"r{i}", **r} for i, r in enumerate(resources)]
    _refused_or_read_alike(resources)
