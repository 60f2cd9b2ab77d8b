"""The HTTP API against a real uvicorn server on loopback: the same JSON as
`elig screen --json`, strict requests, documented 4xx (never 500), problem+json, the
API key, CORS, the body limit, and logs without patient data."""
from __future__ import annotations

import json
import logging
import re
import time
from datetime import date

import httpx
import pytest
import yaml

import engine.service
from engine import Decision, load_decisions, screen
from engine.cli import main
from engine.patients import load_patient

from .conftest import case_ids, table
from engine.service import ServiceSettings, create_app
from engine.webpage import SHIPPED_SAMPLES

from .service_support import AS_OF, ROOT, RULES, SCREENING_DATE, SYNTHEA, Server, bundle, server, trials

PROBLEM = "application/problem+json"
P01 = ROOT / "patients" / "p01-eligible-conventional.yaml"
P01_DECISIONS = ROOT / "patients" / "p01-eligible-conventional.decisions.yaml"


@pytest.fixture(scope="module")
def api():
    with httpx.Client(base_url=server().url, timeout=120) as client:
        yield client


def native(path=P01) -> dict:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def is_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def test_health_and_openapi(api):
    assert api.get("/health").json() == {"status": "ok", "version": engine.__version__, "trials": 3}
    doc = api.get("/openapi.json").json()
    assert {"/screen", "/explain", "/trials", "/trials/{trial_id}", "/health", "/cds-services",
            "/cds-services/trial-eligibility"} <= set(doc["paths"])
    assert "/" not in doc["paths"]
    for operations in doc["paths"].values():
        for operation in operations.values():
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == [PROBLEM]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_nothing_from_the_internet(api, page):
    """Swagger UI and ReDoc come from the service itself (fastapi-offline), so /docs works
    offline: the page names no other host, and every file it loads is served."""
    html = api.get(page)
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    assert not re.search(r"(https?:)?//[a-z0-9.-]+", html.text, re.I), html.text
    loaded = re.findall(r"""(?:src|href)=["']([^"']+)""", html.text)
    kinds = {api.get(path).headers["content-type"].split(";")[0] for path in loaded}
    assert "text/javascript" in kinds and (page == "/redoc" or "text/css" in kinds)
    assert all(api.get(path).status_code == 200 for path in loaded)


def test_trials_with_coverage(api):
    listed = {t["id"]: t for t in api.get("/trials").json()}
    assert set(listed) == {t.id for t in trials()}
    for trial in trials():
        evaluable, total = trial.coverage
        assert listed[trial.id]["coverage"] == {"evaluable": evaluable, "total": total}
        detail = api.get(f"/trials/{trial.id}").json()
        assert [c["id"] for c in detail["criteria"]] == [c.id for c in trial.criteria]
        assert sum(c["evaluable"] for c in detail["criteria"]) == evaluable
    body = is_problem(api.get("/trials/NCT99999999"), 404)
    assert "NCT00699491" in body["detail"]


def cli_json(capsys, patient_path) -> list:
    code = main(["screen", str(RULES), str(patient_path), "--as-of", AS_OF, "--json"])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def p01_decisions() -> list[dict]:
    """p01's review decisions (the file beside its profile, which `elig screen` reads) as JSON."""
    return json.loads(json.dumps([d.model_dump() for d in load_decisions(P01_DECISIONS).decisions], default=str))


@pytest.mark.parametrize("patient_path", [P01, SYNTHEA[0]], ids=["native", "fhir-bundle"])
def test_screen_is_the_cli_json(api, capsys, patient_path):
    patient = native(patient_path) if patient_path.suffix == ".yaml" else bundle(patient_path)
    decisions = p01_decisions() if patient_path == P01 else []
    response = api.post("/screen", json={"patient": patient, "as_of": AS_OF, "decisions": decisions})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json(capsys, patient_path)


def test_screen_json_says_the_verdict_in_one_sentence(api):
    """The service gives the headline the CLI and the CDS card show, and each failure with
    its value and threshold; its OpenAPI document names both."""
    low_platelets = native(ROOT / "patients" / "p02-low-platelets.yaml")
    body = {"patient": low_platelets, "as_of": AS_OF, "trials": ["NCT00699491"]}
    [result] = api.post("/screen", json=body).json()
    assert result["verdict"] == "not eligible"
    assert result["headline"].startswith("Not eligible for NCT00699491: fails ")
    assert result["failures"][0] == ("inc-12: Platelets 85 ×10^9/L on 2026-10-29 (= 85,000/µL) "
                                     "does not meet ≥ 100,000/µL")
    [result] = api.post("/screen", json={"patient": native(), "as_of": AS_OF, "trials": ["NCT00699491"]}).json()
    assert (result["verdict"], result["failures"]) == ("eligible pending review", [])
    assert result["headline"].startswith("Eligible pending review for NCT00699491: all 19 machine-checkable "
                                         "criteria met; ")
    missing = native(ROOT / "patients" / "p04-missing-albumin.yaml")
    [result] = api.post("/screen", json={"patient": missing, "as_of": AS_OF, "trials": ["NCT00699491"]}).json()
    assert (result["verdict"], result["failures"]) == ("needs data", [])
    assert result["headline"].startswith("Needs data for NCT00699491: ")
    assert " machine-checkable criteria met, " in result["headline"]
    schema = api.get("/openapi.json").json()["components"]["schemas"]["ScreenResult"]
    assert {"headline", "failures"} <= set(schema["properties"])
    assert schema["properties"]["verdict"]["enum"] == ["eligible", "eligible pending review", "needs data",
                                                       "not eligible"]


def test_screen_with_decisions_round_trips_them_and_changes_the_verdict(api):
    decisions = p01_decisions()
    body = {"patient": native(), "as_of": AS_OF, "trials": ["NCT00699491"], "decisions": decisions}
    response = api.post("/screen", json=body)
    assert response.status_code == 200, response.text
    [result] = response.json()
    assert result["verdict"] == "eligible" and result["decisions"] == decisions
    assert result["headline"] == ("Eligible for NCT00699491: all 19 machine-checkable criteria met; "
                                  "26 settled by review (Sample Coordinator, 2026-10-30).")
    settled = {o["criterion_id"]: o["decision"] for o in result["outcomes"] if o["decision"]}
    assert settled == {d["criterion"]: d for d in decisions}
    [pending] = api.post("/screen", json={**body, "decisions": decisions[1:]}).json()
    assert pending["verdict"] == "eligible pending review" and pending["manual"] == ["inc-01"]
    refused = {**decisions[0], "outcome": "not met", "note": "cytology only"}
    [failed] = api.post("/screen", json={**body, "decisions": [refused, *decisions[1:]]}).json()
    assert failed["failures"] == ["inc-01: reviewed: not met (Sample Coordinator, 2026-10-30): cytology only"]


@pytest.mark.parametrize("change, message", [
    ({"trial": "NCT00349206"}, "body.decisions.0: decision for trial NCT00349206: not among the trials screened"),
    ({"criterion": "inc-99"}, "body.decisions.0: decision for trial NCT00699491: no criterion 'inc-99'"),
    ({"criterion": "inc-12"}, "body.decisions.0: decision for trial NCT00699491, criterion inc-12: the engine "
                              "decides it from the patient's data"),
    ({"decided": 20261030}, "body.decisions.0.decided: Value error, expected a date as YYYY-MM-DD"),
    ({"decided": None}, "body.decisions.0.decided"),
    ({"outcome": "yes"}, "body.decisions.0.outcome: Input should be 'met', 'not met' or 'not applicable'"),
    ({"reviewer": ""}, "body.decisions.0.reviewer"),
    ({"signed": True}, "body.decisions.0.signed: Extra inputs are not permitted"),
], ids=["trial not screened", "unknown criterion", "machine-decided", "date as a number", "no date",
        "bad outcome", "no reviewer", "unknown field"])
def test_a_decision_that_cannot_settle_is_a_422_naming_it(api, change, message):
    decision = {**p01_decisions()[0], **change}
    if change.get("decided", "") is None:
        del decision["decided"]
    body = {"patient": native(), "as_of": AS_OF, "trials": ["NCT00699491"], "decisions": [decision]}
    problem = is_problem(api.post("/screen", json=body), 422)
    assert message in problem["detail"], problem["detail"]
    assert "Pathology report" not in json.dumps(problem)      # a note is never echoed


def test_screen_named_trials_and_cohort(api):
    body = {"patient": native(), "as_of": AS_OF, "trials": ["NCT00699491", "NCT00699491"], "cohort": "phase II"}
    results = api.post("/screen", json=body).json()
    expected = screen(next(t for t in trials() if t.id == "NCT00699491"), load_patient(P01),
                      date.fromisoformat(AS_OF), "phase II")
    assert results == [json.loads(expected.model_dump_json())]


def test_screen_arabic_cohort_is_the_declared_roman_one(api):
    body = {"patient": native(), "as_of": AS_OF, "trials": ["NCT00699491"]}
    assert api.post("/screen", json={**body, "cohort": "phase 2"}).json() == \
        api.post("/screen", json={**body, "cohort": "phase II"}).json()


def test_screen_undeclared_cohort_names_the_declared_ones(api):
    body = {"patient": native(), "as_of": AS_OF, "cohort": "phase 3"}
    problem = is_problem(api.post("/screen", json=body), 422)
    assert problem["errors"] == [{"loc": ["body", "cohort"], "msg": problem["detail"].removeprefix("body.cohort: "),
                                  "type": "value_error",
                                  "ctx": {"trial": "NCT00699491", "cohorts": ["phase II", "phase I"]}}]


@pytest.mark.parametrize("age,counted", [(49.0, "age 49 years (as recorded)"),
                                         (17.5, "age 17.5 years (as recorded: 17 years completed)")])
def test_screen_age_with_a_fraction(api, age, counted):
    body = {"patient": {"id": "P-AGE", "age": age}, "as_of": AS_OF, "trials": ["NCT00699491"]}
    response = api.post("/screen", json=body)
    assert response.status_code == 200, response.text
    outcome = next(o for o in response.json()[0]["outcomes"] if o["criterion_id"] == "age")
    assert counted in outcome["reason"] and outcome["status"] == ("pass" if age >= 18 else "fail")


def test_screen_unknown_trial(api):
    body = is_problem(api.post("/screen", json={"patient": native(), "trials": ["NCT00699491", "NOPE-1"]}), 404)
    assert "NOPE-1" in body["detail"]


def test_explain(api):
    reading = api.post("/explain", json={"text": "Platelets ≥ 100,000/μL"}).json()
    assert reading["evaluable"] and reading["canonical"] == "platelets >= 100000 /µL"
    assert reading["words"] == "Platelets ≥ 100,000/µL" and reading["tree"]["kind"] == "compare"
    manual = api.post("/explain", json={"text": "Tumor must be accessible to biopsy", "section": "exclusion"}).json()
    assert not manual["evaluable"] and "manual review" in manual["words"]
    error = is_problem(api.post("/explain", json={"text": "Platelets ≥≥ 100", "strict": True}), 422)
    assert error["column"] == 11 and error["detail"].splitlines()[-2].endswith("^")


BAD_JSON = [
    ("/screen", b'{"patient": {"id": "x"', 400),
    ("/screen", b"[1, 2]", 422),
    ("/screen", b"{}", 422),
    ("/screen", b'{"patient": {"id": "x", "weight_kg": false}}', 422),
    ("/screen", b'{"patient": {"id": "x", "labs": [{"test": "PLT", "value": false, "unit": "10*9/L"}]}}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "as_of": 20261101}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "as_of": "2026-02-30"}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "as_of": true}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "trials": "NCT00699491"}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "trials": []}', 422),
    ("/screen", b'{"patient": {"id": "x"}, "colour": "blue"}', 422),
    ("/screen", b'{"patient": {"resourceType": "Bundle", "type": "collection", "entry": '
                b'[{"resource": {"resourceType": "Observation", "status": 7}}]}}', 422),
    ("/screen", b'{"patient": {"resourceType": "Observation"}}', 422),
    ("/screen", b'{"patient": "P-1"}', 422),
    ("/explain", b'{"text": ""}', 422),
    ("/explain", b'{"text": "ECOG 0-1", "strict": "false"}', 422),
    ("/explain", b'{"text": "ECOG 0-1", "strict": 0}', 422),
    ("/explain", b'{"text": "ECOG 0-1", "section": "both"}', 422),
    ("/explain", json.dumps({"text": "x" * 5000}).encode(), 422),
    ("/explain", b"\xff\xfe\x00garbage", 400),
]


@pytest.mark.parametrize("path,content,status", BAD_JSON, ids=[f"{p}:{c[:40]!r}" for p, c, _ in BAD_JSON])
def test_bad_requests_get_documented_4xx(api, path, content, status):
    is_problem(api.post(path, content=content, headers={"content-type": "application/json"}), status)


ERRORS = table("service_errors.yaml")


@pytest.mark.parametrize("case", ERRORS, ids=case_ids(ERRORS))
def test_errors_name_the_field_never_the_value(api, case):
    """Lone surrogates (JSON's "\\ud800") in a body are a 422 naming the field, never a
    500; no validation error carries the patient's value back."""
    content = json.dumps(case["body"]).encode()        # ASCII: a lone surrogate travels escaped
    response = api.post(case.get("route", "/screen"), content=content,
                        headers={"content-type": "application/json"})
    body = is_problem(response, 422)
    assert case["field"] in body["detail"], body["detail"]
    if "secret" in case:
        assert case["secret"] not in response.text


def test_wrong_content_type_routes_and_methods(api):
    is_problem(api.post("/screen", content=b"patient=1", headers={"content-type": "text/plain"}), 422)
    is_problem(api.get("/nope"), 404)
    response = api.delete("/screen")
    is_problem(response, 405)
    assert response.headers["allow"] == "POST"


def test_body_limit():
    small = server(max_body_bytes=10_000)
    with httpx.Client(base_url=small.url, timeout=60) as client:
        big = json.dumps({"patient": {"id": "x", "labs": [{"test": "PLT", "value": 1}] * 2000}}).encode()
        body = is_problem(client.post("/screen", content=big, headers={"content-type": "application/json"}), 413)
        assert "10000" in body["detail"]

        def chunks():       # no Content-Length: the limit is counted as the body streams in
            for _ in range(8):
                yield b" " * 4000
        is_problem(client.post("/screen", content=chunks(), headers={"content-type": "application/json"}), 413)
        assert client.post("/screen", json={"patient": native(), "as_of": AS_OF}).status_code == 200


def test_api_key_guards_everything_but_health_and_the_page_files():
    guarded = server(api_key="s3cret-key")
    with httpx.Client(base_url=guarded.url, timeout=60) as client:
        assert client.get("/health").status_code == 200
        assert client.get("/").status_code == 200 and client.get("/ui/static/app.js").status_code == 200
        for path in ("/trials", "/openapi.json", "/docs", "/docs/assets/swagger-ui.css", "/redoc",
                     "/cds-services", "/nope", "/ui/samples", "/ui/static/../samples", "/ui/staticx"):
            response = client.get(path)
            is_problem(response, 401)
        is_problem(client.post("/screen", json={"patient": native()}), 401)
        is_problem(client.get("/trials", headers={"x-api-key": "wrong"}), 401)
        ok = {"x-api-key": "s3cret-key"}
        assert client.get("/trials", headers=ok).status_code == 200
        doc = client.get("/openapi.json", headers=ok).json()
        assert doc["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"


def test_the_page_offers_the_shipped_samples_only(tmp_path):
    """Real profiles kept beside the rules (patients/, sub-folders too) are never served;
    a samples folder is served only when named, and then its own files only."""
    (tmp_path / "rules").mkdir()
    kept = tmp_path / "patients"
    (kept / "site").mkdir(parents=True)
    (kept / "mrn-0042.yaml").write_text("# MRN-0042: a real profile\nid: MRN-0042\n", encoding="utf-8")
    (kept / "site" / "mrn-0043.json").write_text('{"id": "MRN-0043"}', encoding="utf-8")
    beside = Server(create_app(ServiceSettings(rules=tmp_path / "rules"), list(trials()),
                               today=lambda: SCREENING_DATE))
    try:
        listing = httpx.get(f"{beside.url}/ui/samples", timeout=60)
        assert [s["name"] for s in listing.json()] == list(SHIPPED_SAMPLES)
        assert "MRN-004" not in listing.text
        assert all((ROOT / "patients" / name).is_file() for name in SHIPPED_SAMPLES)
        for name in ("mrn-0042.yaml", "site/mrn-0043.json"):
            assert httpx.get(f"{beside.url}/ui/samples/{name}", timeout=60).status_code == 404
    finally:
        beside.stop()
    named = server(samples=kept)
    assert [s["name"] for s in httpx.get(f"{named.url}/ui/samples", timeout=60).json()] == ["mrn-0042.yaml"]
    assert "MRN-0042" in httpx.get(f"{named.url}/ui/samples/mrn-0042.yaml", timeout=60).json()["text"]
    assert httpx.get(f"{named.url}/ui/samples/site/mrn-0043.json", timeout=60).status_code == 404


def test_the_page_offers_the_decisions_shipped_beside_a_sample(api, tmp_path):
    """The three shipped decisions files, read as `elig screen` reads them; no other file.
    In a named samples folder, a decisions file is offered beside its profile, never as a
    patient, and one that cannot be read is a 422 naming its line, not its folder."""
    listing = {s["name"]: s.get("decisions") for s in api.get("/ui/samples").json()}
    assert {name: file for name, file in listing.items() if file} == {
        "p01-eligible-conventional.yaml": "p01-eligible-conventional.decisions.yaml",
        "p13-myeloma.yaml": "p13-myeloma.decisions.yaml", "p14-melanoma.yaml": "p14-melanoma.decisions.yaml"}
    answer = api.get("/ui/samples/p01-eligible-conventional.yaml/decisions").json()
    shipped = load_decisions(P01_DECISIONS)
    assert answer["patient"] == shipped.patient == "P01-ELIGIBLE-US"
    assert [Decision.model_validate(d) for d in answer["decisions"]] == list(shipped.decisions)
    for name in ("p02-low-platelets.yaml", "p01-eligible-conventional.decisions.yaml", "nope.yaml"):
        assert api.get(f"/ui/samples/{name}/decisions").status_code == 404
    assert api.get("/ui/samples/p01-eligible-conventional.decisions.yaml").status_code == 404

    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "d-1.yaml").write_text("id: D-1\n", encoding="utf-8")
    (folder / "d-1.decisions.yaml").write_text(
        "patient: D-1\ndecisions:\n  - {trial: NCT00699491, criterion: inc-01, outcome: maybe}\n", encoding="utf-8")
    demo = server(samples=folder)
    assert httpx.get(f"{demo.url}/ui/samples", timeout=60).json() == [
        {"name": "d-1.yaml", "kind": "native", "label": "d-1", "decisions": "d-1.decisions.yaml"}]
    refused = is_problem(httpx.get(f"{demo.url}/ui/samples/d-1.yaml/decisions", timeout=60), 422)
    assert refused["detail"].startswith("d-1.decisions.yaml:3:") and "decisions.0" in refused["detail"]
    assert str(tmp_path) not in refused["detail"]


def test_the_page_writes_a_review_as_a_decisions_file(api, tmp_path):
    """POST /ui/decisions-file: the page's Export decisions; elig screen reads the file back."""
    shipped = load_decisions(P01_DECISIONS)
    body = {"patient": shipped.patient, "as_of": AS_OF, "decisions": [d.model_dump(mode="json") for d in shipped.decisions]}
    answer = api.post("/ui/decisions-file", json=body)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/yaml")
    path = tmp_path / "p01-eligible-conventional.decisions.yaml"
    path.write_text(answer.text, encoding="utf-8")
    read = load_decisions(path)
    assert (read.patient, read.decisions) == (shipped.patient, shipped.decisions)
    odd = {**body, "patient": "P-1\nreviewer: X # not a comment"}
    path.write_text(api.post("/ui/decisions-file", json=odd).text, encoding="utf-8")
    assert load_decisions(path).patient == odd["patient"]
    is_problem(api.post("/ui/decisions-file", json={**body, "decisions": []}), 422)
    is_problem(api.post("/ui/decisions-file", json={**body, "decisions": [{**body["decisions"][0], "decided": "30/10/2026"}]}), 422)
    assert "/ui/decisions-file" not in api.get("/openapi.json").json()["paths"]


def test_cors_off_unless_configured(api):
    preflight = {"origin": "https://ehr.example", "access-control-request-method": "POST"}
    assert "access-control-allow-origin" not in api.options("/screen", headers=preflight).headers
    assert "access-control-allow-origin" not in api.get("/health", headers={"origin": "https://ehr.example"}).headers
    allowed = server(cors_origins=("https://ehr.example",))
    with httpx.Client(base_url=allowed.url, timeout=60) as client:
        response = client.options("/screen", headers=preflight)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://ehr.example"
        other = client.options("/screen", headers={**preflight, "origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def service_log(caplog, count: int) -> str:
    deadline = time.monotonic() + 5     # the access line is written after the response
    while time.monotonic() < deadline:
        lines = [r.getMessage() for r in caplog.records if r.name == "engine.service"]
        if len(lines) >= count:
            return "\n".join(lines)
        time.sleep(0.02)
    raise AssertionError(f"expected {count} service log lines, got {lines}")


def test_logs_never_hold_patient_data(api, caplog):
    caplog.set_level(logging.INFO, logger="engine.service")
    secret = native()
    secret["id"] = "MRN-0042-SECRET"
    assert api.post("/screen", json={"patient": secret, "as_of": AS_OF}).status_code == 200
    bad = {**secret, "weight_kg": "MRN-0042-SECRET"}
    assert api.post("/screen", json={"patient": bad}).status_code == 422
    assert api.get("/trials/MRN-0042-SECRET?name=MRN-0042-SECRET").status_code == 404
    text = service_log(caplog, 3)
    assert "MRN-0042-SECRET" not in text
    ref = f"patient={engine.service.patient_ref('MRN-0042-SECRET')}"
    assert ref in text
    logged = text.replace(ref, "")   # the keyed hash may hold any digits
    for lab in secret["labs"]:       # no lab value (a duration is "N.Nms")
        assert not re.search(rf"(?<![\d.]){re.escape(str(lab['value']))}(?![\d.]|ms)", logged), lab["test"]
    assert "/trials/{trial_id} 404" in text


def test_internal_error_is_a_problem_without_trace(api, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="engine.service")

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom with MRN-0042-SECRET")
    monkeypatch.setattr(engine.service, "screen", broken)
    body = is_problem(api.post("/screen", json={"patient": native(), "as_of": AS_OF}), 500)
    assert "boom" not in json.dumps(body) and "MRN" not in json.dumps(body)
    text = service_log(caplog, 2)
    assert "RuntimeError" in text and "boom" not in text and "MRN-0042" not in text


def test_serve_command_errors(capsys, tmp_path):
    busy = server().url.rsplit(":", 1)[1]
    assert main(["serve", "--port", busy]) == 1
    assert "port is in use" in capsys.readouterr().err
    assert main(["serve", "--port", "0", "--rules", str(tmp_path / "missing")]) == 1
    assert "rules folder not found" in capsys.readouterr().err
    assert main(["serve", "--port", "0", "--rules", str(RULES), "--samples", str(tmp_path / "missing")]) == 1
    assert "samples folder not found" in capsys.readouterr().err
    (tmp_path / "bad.yaml").write_text("trial: NCT1\ncriteria:\n  - {id: a, section: sideways, text: x}\n")
    assert main(["serve", "--port", "0", "--rules", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:3" in err and "Traceback" not in err
