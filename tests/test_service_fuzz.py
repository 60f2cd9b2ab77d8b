"""Schemathesis against the real server's OpenAPI document (bounded examples per
operation), and arbitrary bytes to every POST route: documented 4xx, never a 500."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .service_support import server

POSTS = ("/screen", "/explain", "/cds-services/trial-eligibility")


OPERATIONS = [("GET", "/health"), ("GET", "/trials"), ("GET", "/trials/{trial_id}"), ("POST", "/screen"),
              ("POST", "/explain"), ("GET", "/cds-services"), ("POST", "/cds-services/trial-eligibility")]


# Bodies whose content is checked beyond what JSON Schema can say (a FHIR Bundle validated
# by fhir.resources, a patient profile, a criterion read strictly, a CDS prefetch): a
# schema-valid body may still be a 422 (or 400/412 for a CDS call), so the "schema-valid
# data is accepted" check does not apply to them. Every other check does.
CONTENT_CHECKED = {("POST", "/screen"), ("POST", "/explain"), ("POST", "/cds-services/trial-eligibility")}


@pytest.fixture(scope="module")
def api_schema():
    return schemathesis.openapi.from_url(f"{server().url}/openapi.json")


def test_every_operation_is_fuzzed(api_schema):
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


# Driven through schemathesis' strategies rather than its pytest plugin (whose lazy
# loader does not run under pytest 9): the same generation and the same checks.
@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_openapi_conformance(api_schema, method, path):
    operation = api_schema[path][method]
    excluded = [positive_data_acceptance] if (method, path) in CONTENT_CHECKED else []

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(case):
        case.call_and_validate(excluded_checks=excluded)
    check()


def test_schemathesis_run(tmp_path):
    """The schemathesis command line, every phase (examples, coverage, fuzzing, stateful),
    bounded and seeded so CI is reproducible."""
    command = [str(Path(sys.executable).parent / "schemathesis"), "run", f"{server().url}/openapi.json",
               "--max-examples", "25", "--seed", "20261101", "--exclude-checks", "positive_data_acceptance",
               "--no-color"]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "7 passed" in run.stdout and "failed" not in run.stdout.split("SUMMARY")[-1]


@pytest.fixture(scope="module")
def client():
    with httpx.Client(base_url=server().url, timeout=60) as http:
        yield http


@given(path=st.sampled_from(POSTS), content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
       content_type=st.sampled_from(["application/json", "text/plain", "application/fhir+json", ""]))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_arbitrary_bodies_are_4xx(client, path, content, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post(path, content=content, headers=headers)
    assert response.status_code in (400, 413, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                    max_size=4), max_leaves=12)
FIELDS = st.sampled_from(["id", "sex", "birth_date", "age", "weight_kg", "labs", "observations", "conditions",
                          "resourceType", "entry", "test", "value", "unit", "date"])


@given(patient=st.dictionaries(FIELDS, JSONISH, max_size=6), as_of=st.none() | JSONISH)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_arbitrary_patients_never_500(client, patient, as_of):
    body = {"patient": patient} if as_of is None else {"patient": patient, "as_of": as_of}
    response = client.post("/screen", json=body)
    assert response.status_code in (200, 404, 422), response.text
