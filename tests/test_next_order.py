"""Order this next: the ranking on hand-made patients (next_orders.yaml), the panels, and the
CDS Hooks card that suggests the order (a real HTTP call, checked against the CDS Hooks 2.0
card schema written from the specification, tests/data/cds_hooks_2.0_cards.schema.json)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import jsonschema
import pytest
import yaml
from fhir.resources.R4B.servicerequest import ServiceRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import LabResult, Patient, load_patient, load_trial, screen
from engine.adapters.fhir import patient_from_resources
from engine.analytes import catalogue
from engine.cli import EXIT_OK, main
from engine import next_orders
from engine.next_order import panels
from engine.rules import trial_from_dict

from .conftest import ROOT, case_ids, table
from .service_support import SCREENING_DATE, SYNTHEA, bundle, hook_request, server
from .service_support import trials as service_trials

ROWS = table("next_orders.yaml")
AS_OF = date(2026, 11, 1)


def _ranked(row):
    trials = [trial_from_dict(t) for t in row["trials"]]
    patient = Patient.model_validate({"id": "P-1", **row["patient"]})
    return next_orders(patient, trials, [screen(t, patient, AS_OF) for t in trials])


@pytest.mark.parametrize("row", ROWS, ids=case_ids(ROWS))
def test_ranking(row):
    got = [{"label": o.label, "settles": list(o.settles_criteria)} for o in _ranked(row)]
    assert got == row["orders"]


def test_the_order_codes_are_loinc_and_the_members_known():
    cat = catalogue()
    for panel in panels():
        assert panel.loinc.split("-")[0].isdigit() and panel.source.startswith("https://loinc.org/")
        assert all(m in cat.by_id for m in panel.members)


# ------------------------------------------------------------- the CDS Hooks card
CARD_SCHEMA = json.loads((Path(__file__).parent / "data" / "cds_hooks_2.0_cards.schema.json").read_text())


@pytest.fixture(scope="module")
def answered():
    """A real patient-view call for a Synthea patient whose record lacks recent labs."""
    with httpx.Client(base_url=server().url, timeout=120) as client:
        templates = client.get("/cds-services").json()["services"][0]["prefetch"]
        request = hook_request(bundle(SYNTHEA[0]), templates)
        response = client.post("/cds-services/trial-eligibility", json=request)
    assert response.status_code == 200, response.text
    return request, response.json()


def test_the_cds_answer_is_valid_against_the_cds_hooks_2_card_schema(answered):
    _, body = answered
    jsonschema.Draft202012Validator(CARD_SCHEMA).validate(body)
    assert any(card["suggestions"] for card in body["cards"])


def test_a_needs_data_card_suggests_the_best_order_as_a_loinc_coded_service_request(answered):
    request, body = answered
    patient = patient_from_resources(list(request["prefetch"].values()))
    trials = list(service_trials())
    best = next_orders(patient, trials, [screen(t, patient, SCREENING_DATE) for t in trials])[0]
    card = next(c for c in body["cards"] if c["summary"].startswith("Needs data for "))
    first = card["suggestions"][0]
    assert first["label"] == best.label and card["selectionBehavior"] == "any"
    assert len({s["uuid"] for c in body["cards"] for s in c.get("suggestions", [])}) == \
        sum(len(c.get("suggestions", [])) for c in body["cards"])        # one uuid per suggestion
    action = first["actions"][0]
    assert action["type"] == "create"
    order = ServiceRequest.model_validate(action["resource"])
    assert (order.status, order.intent) == ("draft", "proposal")
    assert [(c.system, c.code) for c in order.code.coding] == [("http://loinc.org", best.loinc)]
    assert order.subject.reference == f"Patient/{request['context']['patientId']}"


def test_the_schema_refuses_what_the_specification_refuses():
    """The schema file is not a formality: suggestions without selectionBehavior, and a
    create action without its resource, are refused."""
    card = {"summary": "s", "indicator": "info", "source": {"label": "l"},
            "suggestions": [{"label": "x", "uuid": "u", "actions": [{"type": "create", "description": "d"}]}]}
    validator = jsonschema.Draft202012Validator(CARD_SCHEMA)
    messages = sorted(e.message for e in validator.iter_errors({"cards": [card]}))
    assert messages == ["'resource' is a required property", "'selectionBehavior' is a dependency of 'suggestions'"]


def test_elig_screen_puts_the_orders_at_the_top_of_to_resolve(capsys):
    patient = ROOT / "patients" / "p04-missing-albumin.yaml"
    assert main(["screen", str(ROOT / "rules" / "NCT00699491.yaml"), str(patient), "--as-of", "2026-11-01"]) == EXIT_OK
    text = capsys.readouterr().out
    assert ("  to resolve:\n    - Order Hepatic function panel: settles 1 criterion in 1 of 1 open trials "
            "(LOINC 24325-3; here inc-18)\n    - obtain ") in text


def test_the_page_to_resolve_list_starts_with_the_orders():
    """POST /ui/resolve with the screened patient: "Order next" heads each list."""
    profile = json.loads(json.dumps(yaml.safe_load(
        (ROOT / "patients" / "p20-default-limits.yaml").read_text(encoding="utf-8")), default=str))
    with httpx.Client(base_url=server().url, timeout=120) as client:
        results = client.post("/screen", json={"patient": profile, "as_of": "2026-11-01"}).json()
        answer = client.post("/ui/resolve", json={"results": results, "patient": profile,
                                                  "as_of": "2026-11-01"}).json()
        without = client.post("/ui/resolve", json={"results": results}).json()
    patient = Patient.model_validate(profile)
    trials = list(service_trials())
    best = next_orders(patient, trials, [screen(t, patient, AS_OF) for t in trials])[0]
    first = answer["all"][0]
    assert first["group"] == "order" and first["items"][0]["label"] == best.label
    assert first["items"][0]["details"] == [f"LOINC {best.loinc}"]
    for trial_id, groups in answer["by_trial"].items():
        refs = [c for item in groups[0]["items"] for c in item["criteria"]]
        assert groups[0]["group"] == "order" and {c["trial_id"] for c in refs} == {trial_id}
    assert answer["all"][1:] == without["all"]          # the rest of the list is as before


# ------------------------------------------------ what "settles" promises, checked at random
SAMPLES = ("p04-missing-albumin.yaml", "p05-stale-hemoglobin.yaml", "p18-impossible-values.yaml",
           "p19-states-in-time.yaml", "p20-default-limits.yaml")


@pytest.fixture(scope="module")
def seed_orders():
    trials = [load_trial(path) for path in sorted((ROOT / "rules").glob("*.yaml"))]
    found = []
    for name in SAMPLES:
        patient = load_patient(ROOT / "patients" / name)
        for order in next_orders(patient, trials, [screen(t, patient, AS_OF) for t in trials]):
            found.append((patient, trials, order))
    assert len(found) >= 10
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_the_results_a_settled_criterion_is_decided(seed_orders, data):
    """Any results of an order's members the patient lacks (drawn across each analyte's
    plausible range, reported with its conventional range) decide every criterion the
    ranking says the order settles."""
    cat = catalogue()
    patient, trials, order = data.draw(st.sampled_from(seed_orders))
    fresh = []
    for analyte_id in order.analytes:
        analyte = cat[analyte_id]
        low, high = analyte.plausible.low, analyte.plausible.high
        value = data.draw(st.floats(low, high, allow_nan=False), label=analyte_id)
        rng = analyte.reference_range
        fresh.append(LabResult(test=analyte_id, value=value, unit=analyte.unit, date=AS_OF,
                               reference_range={"low": rng.low, "high": rng.high} if rng else None))
    by_id = {t.id: t for t in trials}
    after = {t.id: screen(t, patient.with_results(fresh), AS_OF) for t in trials}
    for ref in order.settles_criteria:
        trial_id, _, criterion_id = ref.rpartition(":")
        status = next(o.status for o in after[trial_id].outcomes if o.criterion_id == criterion_id)
        assert status != "unknown", (order.name, ref, [(f.test, f.value) for f in fresh])
    for trial_id in order.settles_trials:
        assert after[trial_id].verdict != "needs data", (order.name, trial_id)
    assert set(order.settles_trials) <= set(by_id)
