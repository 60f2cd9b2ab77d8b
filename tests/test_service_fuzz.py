"""Schemathesis against the real server's OpenAPI document (bounded examples per
operation), and arbitrary bytes to every POST route: documented 4xx, never a 500."""
from __future__ import annotations

import json
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


# Text as JSON can carry it: any code point, lone surrogates included (the "\\ud800" escape
# decodes to one; it is not Unicode, so it can be neither screened nor written back).
LONE_SURROGATES = st.sampled_from(["\ud800", "\udfff", "P-\udc00", "\ud83d"])
TEXT = st.text(st.characters(exclude_categories=()), max_size=20) | LONE_SURROGATES
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                       max_leaves=12)
FIELDS = st.sampled_from(["id", "sex", "birth_date", "age", "weight_kg", "labs", "observations", "conditions",
                          "resourceType", "entry", "test", "value", "unit", "date"])
# A profile close enough to valid that its texts reach the engine (id, a lab's test and unit).
LAB = st.fixed_dictionaries({"test": TEXT | st.sampled_from(["platelets", "777-3", "ALT"]),
                             "value": st.integers(0, 500) | JSONISH},
                            optional={"unit": TEXT | st.sampled_from(["10*9/L", "U/L"]),
                                      "date": st.sampled_from(["2026-10-28"]) | TEXT})
PROFILE = st.fixed_dictionaries({"id": TEXT | st.just("P-1")},
                                optional={"sex": TEXT | st.just("female"), "labs": st.lists(LAB, max_size=3),
                                          "observations": st.dictionaries(TEXT, JSONISH, max_size=2)})


@given(patient=PROFILE | st.dictionaries(FIELDS | TEXT, JSONISH, max_size=6), as_of=st.none() | JSONISH)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_arbitrary_patients_never_500(client, patient, as_of):
    body = {"patient": patient} if as_of is None else {"patient": patient, "as_of": as_of}
    # ASCII JSON, as client libraries write it: a lone surrogate travels as its "\\ud800" escape
    response = client.post("/screen", content=json.dumps(body), headers={"content-type": "application/json"})
    assert response.status_code in (200, 404, 422), response.text

