"""CDS Hooks 2.0 patient-view against a real server: discovery, cards from the Synthea
bundles' prefetch, 412 without prefetch or an allowed FHIR server, fetching from an
allowed one, and `elig serve` started as a real process answering a hook call."""
from __future__ import annotations

import os
import posixpath
import re
import signal
import subprocess
import sys
import time
from datetime import date

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from engine import screen
from engine.adapters.fhir import patient_from_resources
from engine.analytes import catalogue
from engine.cds_hooks import SUMMARY_MAX, card, needed_loinc
from engine.nodes import leaves
from engine.evaluate import Outcome
from engine.logic import Truth
from engine.screen import ScreenResult

from .service_support import (ROOT, SCREENING_DATE, SYNTHEA, Server, bundle, hook_request, loinc_codes, resources, searchset,
                              server, trials)

URL = "/cds-services/trial-eligibility"


@pytest.fixture(scope="module")
def api():
    with httpx.Client(base_url=server().url, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def templates(api):
    return api.get("/cds-services").json()["services"][0]["prefetch"]


def test_discovery(api, templates):
    service = api.get("/cds-services").json()["services"][0]
    assert service["hook"] == "patient-view" and service["id"] == "trial-eligibility"
    assert set(templates) >= {"patient", "observations", "conditions", "medications"}
    assert templates["patient"] == "Patient/{{context.patientId}}"
    assert templates["observations"].startswith("Observation?patient={{context.patientId}}&code=")
    codes = loinc_codes(templates["observations"])
    cat = catalogue()
    named = {leaf.analyte for t in trials() for c in t.criteria for leaf in leaves(c.tree)} - {"age"}
    for analyte in named:                       # every analyte the trials name, by its LOINC codes
        assert set(cat[analyte].loinc) <= codes, analyte
    assert {"777-3", "718-7", "751-8", "2160-0", "89247-1", "29463-7"} <= codes   # + weight for CrCl
    assert codes == set(needed_loinc(trials()))


@pytest.mark.parametrize("path", SYNTHEA, ids=[p.stem for p in SYNTHEA])
def test_cards_from_synthea_prefetch(api, templates, path):
    data = bundle(path)
    request = hook_request(data, templates)
    response = api.post(URL, json=request)
    assert response.status_code == 200, response.text
    got = response.json()["cards"]
    patient = patient_from_resources(list(request["prefetch"].values()))
    results = [screen(t, patient, SCREENING_DATE) for t in trials()]
    expected = [r for r in results if r.verdict != "not eligible"]
    assert [c["summary"].split(": ")[0].split()[-1] for c in got] == [r.trial_id for r in expected]
    for c, result in zip(got, expected):
        assert len(c["summary"]) < 140 and c["indicator"] in ("info", "warning")
        assert c["source"]["label"] and c["links"][0]["url"] == f"https://clinicaltrials.gov/study/{result.trial_id}"
        assert c["links"][0]["type"] == "absolute"
        assert c["summary"] == result.headline
        if result.unknown:
            assert c["indicator"] == "warning" and c["summary"].startswith("Needs data for ")
            assert "**To obtain:**" in c["detail"] and "**Unknown (data missing):**" in c["detail"]
        if result.manual:
            assert "**Needs manual review:**" in c["detail"]


def result(**fields) -> ScreenResult:
    base = dict(trial_id="NCT00699491", patient_id="p", as_of=date(2026, 11, 1), verdict="needs data",
                outcomes=(), coverage=(19, 45))
    return ScreenResult(**{**base, **fields})


def outcomes(status: str, n: int, evaluable: bool = True) -> tuple[Outcome, ...]:
    met = {"pass": Truth.TRUE, "unknown": Truth.UNKNOWN}[status]
    return tuple(Outcome(criterion_id=f"{status}-{i}", status=status, met=met, reason="r", evaluable=evaluable)
                 for i in range(n))


def test_card_rules():
    """The card says what the CLI and the page say: the result's headline."""
    trial = next(t for t in trials() if t.id == "NCT00699491")
    assert card(result(verdict="not eligible", failed=("inc-12",)), trial) is None
    eligible = card(result(verdict="eligible", outcomes=outcomes("pass", 19)), trial)
    assert eligible.indicator == "info" and eligible.summary == "Eligible for NCT00699491: all 19 criteria met."
    review_only = card(result(verdict="eligible pending review", manual=("unknown-0",),
                              outcomes=outcomes("pass", 19) + outcomes("unknown", 1, evaluable=False)), trial)
    assert review_only.indicator == "info"
    assert review_only.summary == ("Eligible pending review for NCT00699491: all 19 machine-checkable criteria "
                                   "met; 1 criterion needs a person's review.")
    missing = card(result(unknown=("unknown-0", "unknown-1"), manual=("inc-01",),
                          outcomes=outcomes("pass", 17) + outcomes("unknown", 2),
                          to_resolve=("Platelets (a result within 28 days)", "Hemoglobin (a result within 28 days)",
                                      "body weight")), trial)
    assert missing.indicator == "warning"
    assert missing.summary == ("Needs data for NCT00699491: 17 of 19 machine-checkable criteria met, 2 unknown "
                               "(obtain 3 items); 1 criterion needs a person's review.")
    long_id = trial.model_copy(update={"id": "X" * 200, "source": ""})
    clipped = card(result(trial_id="X" * 200, unknown=("a",), to_resolve=("b",)), long_id)
    assert len(clipped.summary) <= SUMMARY_MAX and clipped.links == []


def test_missing_prefetch_is_412(api, templates):
    request = hook_request(bundle(SYNTHEA[0]), templates)
    del request["prefetch"]["observations"]
    body = api.post(URL, json=request).json()
    assert body["status"] == 412 and "observations" in body["detail"]
    request["fhirServer"] = "http://127.0.0.1:9/fhir"     # not one the service may query
    assert api.post(URL, json=request).status_code == 412
    no_prefetch = {k: v for k, v in request.items() if k != "prefetch"}
    assert api.post(URL, json=no_prefetch).status_code == 412
    empty_patient = hook_request(bundle(SYNTHEA[0]), templates)
    empty_patient["prefetch"]["patient"] = None
    assert api.post(URL, json=empty_patient).status_code == 412


def test_null_prefetch_means_no_data(api, templates):
    request = hook_request(bundle(SYNTHEA[0]), templates)
    for key in ("observations", "conditions", "medications"):
        request["prefetch"][key] = None
    response = api.post(URL, json=request)
    assert response.status_code == 200
    assert all(c["indicator"] == "warning" for c in response.json()["cards"])


@pytest.mark.parametrize("change,status", [
    (lambda r: r.update(hook="order-select"), 400),
    (lambda r: r["context"].update(patientId="../Patient/x"), 422),
    (lambda r: r["context"].update(patientId="someone-else"), 422),
    (lambda r: r.update(hookInstance=5), 422),
    (lambda r: r["context"].pop("userId"), 422),
    (lambda r: r["prefetch"].update(observations=[1, 2]), 422),
    (lambda r: r["prefetch"].update(conditions={"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Condition", "subject": {"reference": 7}}}]}), 422),
], ids=["wrong-hook", "patient-id-path", "patient-mismatch", "hookInstance-number", "no-userId",
        "prefetch-not-object", "invalid-resource"])
def test_bad_hook_calls(api, templates, change, status):
    request = hook_request(bundle(SYNTHEA[1]), templates)
    change(request)
    response = api.post(URL, json=request)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


class FakeFhir:
    """A FHIR server on loopback answering the prefetch queries from one bundle, two
    resources a page, and requiring the bearer token. Every path asked for is recorded
    (as the server decoded it), those outside /fhir/ too. With ``escape``, the first
    Observation page's next link is that path on the same host."""

    def __init__(self, data: dict, escape: str = "") -> None:
        self.data, self.seen, self.escape = data, [], escape
        routes = [Route("/fhir/Patient/{pid}", self.read), Route("/fhir/{kind}", self.search),
                  Route("/{anything:path}", self.elsewhere)]
        self.server = Server(Starlette(routes=routes))
        self.base = f"{self.server.url}/fhir"

    def authorised(self, request: Request) -> bool:
        self.seen.append(request.url.path)
        return request.headers.get("authorization") == "Bearer token-123"

    async def read(self, request: Request):
        if not self.authorised(request):
            return JSONResponse({}, 401)
        patient = resources(self.data, "Patient")[0]
        return JSONResponse(patient if request.path_params["pid"] == patient["id"] else {}, 200)

    async def search(self, request: Request):
        if not self.authorised(request):
            return JSONResponse({}, 401)
        kind, params = request.path_params["kind"], request.query_params
        found = resources(self.data, kind)
        if kind == "Observation":
            codes = {c.split("|")[1] for c in params["code"].split(",")}
            found = [o for o in found if any(c.get("code") in codes for c in o["code"].get("coding", []))]
        page = int(params.get("page", 0))
        answer = searchset(found[page * 2:page * 2 + 2])
        if self.escape and kind == "Observation":
            answer["link"] = [{"relation": "next", "url": f"{self.server.url}{self.escape}"}]
        elif page * 2 + 2 < len(found):
            answer["link"] = [{"relation": "next", "url": f"{self.base}/{kind}?patient={params['patient']}"
                                                          f"&page={page + 1}" + (f"&code={params['code']}" if "code" in params else "")}]
        return JSONResponse(answer)

    async def elsewhere(self, request: Request):
        self.authorised(request)
        return JSONResponse({"resourceType": "Bundle", "type": "searchset", "entry": []})


def test_fetches_missing_prefetch_from_an_allowed_fhir_server(templates):
    data = bundle(SYNTHEA[0])
    fhir = FakeFhir(data)
    try:
        allowed = server(fhir_servers=(fhir.base,))
        request = hook_request(data, templates, fhirServer=fhir.base, fhirAuthorization={
            "access_token": "token-123", "token_type": "Bearer", "expires_in": 300,
            "scope": "patient/*.read", "subject": "elig"})
        with_prefetch = httpx.post(f"{allowed.url}{URL}", json=request, timeout=120).json()
        del request["prefetch"]
        fetched = httpx.post(f"{allowed.url}{URL}", json=request, timeout=120)
        assert fetched.status_code == 200, fetched.text
        assert without_uuids(fetched.json()["cards"]) == without_uuids(with_prefetch["cards"])
        assert any(p.endswith("/Observation") for p in fhir.seen) and len(fhir.seen) > 5   # pages followed
        request["fhirAuthorization"]["access_token"] = "wrong"
        assert httpx.post(f"{allowed.url}{URL}", json=request, timeout=120).status_code == 412
    finally:
        fhir.server.stop()


def without_uuids(found):
    """A card's and its suggestions' uuids are new on every call."""
    if isinstance(found, list):
        return [without_uuids(item) for item in found]
    if isinstance(found, dict):
        return {k: without_uuids(v) for k, v in found.items() if k != "uuid"}
    return found


def authorised_call(data: dict, templates: dict, fhir: FakeFhir) -> dict:
    request = hook_request(data, templates, fhirServer=fhir.base, fhirAuthorization={
        "access_token": "token-123", "token_type": "Bearer", "expires_in": 300,
        "scope": "patient/*.read", "subject": "elig"})
    del request["prefetch"]
    return request


@pytest.mark.parametrize("escape", ["/fhir/../admin/secret", "/fhir/%2e%2e/admin/secret", "/fhir/.%2E/admin/secret",
                                    "/fhir/Observation/..%2F..%2Fadmin/secret", "/fhirx/Observation"])
def test_search_paging_never_leaves_the_fhir_server(templates, escape):
    """A next link out of the allowed base, dot segments written plain or percent-encoded,
    is never asked for (the bearer token goes nowhere else), and the call is a 412: a
    patient is not screened on part of the record."""
    data = bundle(SYNTHEA[0])
    fhir = FakeFhir(data, escape)
    try:
        allowed = server(fhir_servers=(fhir.base,))
        response = httpx.post(f"{allowed.url}{URL}", json=authorised_call(data, templates, fhir), timeout=120)
        assert "/fhir/Observation" in fhir.seen
        assert all(posixpath.normpath(p).startswith("/fhir/") for p in fhir.seen), fhir.seen
        assert response.status_code == 412 and "next page" in response.json()["detail"], response.text[:300]
    finally:
        fhir.server.stop()


def test_elig_serve_process_answers_a_hook_call(templates):
    """`elig serve` as a real process (what a fresh clone runs), then a CDS client call."""
    command = [sys.executable, "-c", "from engine.cli import run; run()", "serve", "--port", "0", "--rules", "rules"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "ELIG_API_KEY": ""})
    try:
        url = None
        deadline = time.monotonic() + 180
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
            found = re.search(r"listening on (http://\S+?) ", line)
            url = found.group(1) if found else None
        assert url, "elig serve did not report its address"
        assert httpx.get(f"{url}/cds-services", timeout=60).json()["services"][0]["prefetch"] == templates
        response = httpx.post(f"{url}{URL}", json=hook_request(bundle(SYNTHEA[0]), templates), timeout=60)
        assert response.status_code == 200 and response.json()["cards"]
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
    assert process.returncode == 0
