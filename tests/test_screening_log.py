"""The screening log a site files (`elig screen --format html|pdf`, engine/report/): the
PDF is printed by Debian's Chromium and read back with pypdf.

In CI (``CI=true``) the PDF tests never skip: a missing browser is a failure. Elsewhere
they skip only when /usr/bin/chromium is missing.
"""
from __future__ import annotations

import hashlib
import json
import math
from html import unescape
import os
import re
from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader

from engine import load_patient, load_trial, screen
from engine.adapters.fhir import load_ndjson, patient_from_bundle
from engine.cli import EXIT_OK, EXIT_USAGE, main
from engine.errors import InputError, values_withheld
from engine.report.screening_log import STYLESHEET, PatientIdentity, screening_log_html
from engine.review import Decision, decisions_beside, for_trial, load_decisions
from engine.rules import rules_version

from .conftest import ROOT
from .service_support import server

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
needs_browser = pytest.mark.skipif(not IN_CI and not CHROMIUM.exists(),
                                   reason="/usr/bin/chromium is not installed (apt-get install chromium)")
AS_OF = "2026-11-01"
RULES = ROOT / "rules"
P01 = ROOT / "patients" / "p01-eligible-conventional.yaml"
TRIALS = {t.id: t for t in (load_trial(p) for p in sorted(RULES.glob("*.yaml")))}
# "No more pages than the criteria need": at 10 pt, at least this many criteria a page, with
# the reviewer's decisions p01's decisions file records for the breast trial printed in place.
# (The print stylesheet before the log took 9 A4 pages at 7.8 pt, with no decision on them.)
CRITERIA_PER_PAGE = 14
MIN_POINTS = 10
P01_RESULT = screen(TRIALS["NCT00699491"], load_patient(P01), date.fromisoformat(AS_OF))


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, lines joined with spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def print_log(tmp: Path, patient: Path) -> Path:
    output = tmp / "log.pdf"
    assert main(["screen", str(RULES), str(patient), "--as-of", AS_OF, "--format", "pdf", "-o", str(output)]) == EXIT_OK
    return output


@pytest.fixture(scope="module")
def p01_log(tmp_path_factory) -> Path:
    return print_log(tmp_path_factory.mktemp("log"), P01)


def fhir_with_identity(tmp: Path) -> Path:
    """A committed Synthea bundle, its Patient given a name (and an old one) and an MRN."""
    bundle = json.loads((ROOT / "patients/synthea/synthea-01.json").read_text())
    person = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    person["name"] = [{"use": "old", "family": "Maiden", "given": ["Robin"]},
                      {"use": "official", "family": "Example", "given": ["Robin", "J."]}]
    person["identifier"] = [
        {"system": "urn:oid:2.16.840.1.113883.4.1", "value": "999-12-3456"},     # no type: not the MRN
        {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
         "system": "urn:example:mrn", "value": "MRN-4711"}]
    path = tmp / "synthea-named.json"
    path.write_text(json.dumps(bundle))
    return path


# ------------------------------------------------------------------ the PDF
@needs_browser
def test_every_page_names_the_patient_and_is_numbered(p01_log):
    pages = pdf_pages(p01_log)
    who = PatientIdentity.of(load_patient(P01)).line
    assert who == "Patient P01-ELIGIBLE-US · born 1968-03-14"
    for number, text in enumerate(pages, 1):
        assert who in text, number
        assert f"Page {number} of {len(pages)}" in text, number
        assert f"screened {AS_OF}" in text, number


@needs_browser
def test_pages_are_no_more_than_the_criteria_need(p01_log):
    pages = pdf_pages(p01_log)
    assert len(pages) <= sum(math.ceil(len(t.criteria) / CRITERIA_PER_PAGE) for t in TRIALS.values())
    assert any("Sample Coordinator, 2026-10-30" in text for text in pages)     # decisions printed
    for trial in TRIALS.values():
        own = [text for text in pages if f"{trial.id} · rules {Path(trial.path).name}" in text]
        assert 1 <= len(own) <= math.ceil(len(trial.criteria) / CRITERIA_PER_PAGE), trial.id


@needs_browser
def test_each_criterion_is_one_line_of_its_trial(p01_log):
    pages = pdf_pages(p01_log)
    patient = load_patient(P01)
    for trial in TRIALS.values():
        text = " ".join(t for t in pages if f"{trial.id} · rules" in t)
        decided = load_decisions(decisions_beside(P01)).decisions     # the CLI reads them too
        result = screen(trial, patient, date.fromisoformat(AS_OF), decisions=for_trial(decided, trial.id))
        assert result.headline in text
        for criterion in trial.criteria:
            start = " ".join(criterion.text.split()[:2])
            found = re.findall(rf"(?<![\w-]){re.escape(criterion.id)} {re.escape(start)}", text)
            assert len(found) == 1, (trial.id, criterion.id)


@needs_browser
def test_type_is_at_least_10_points(p01_log):
    sizes = set()

    def size(text, cm, tm, font, points):
        if text.strip():
            sizes.add(round(points * tm[3] * cm[3], 2))    # the font size in the page's units (pt)

    for page in PdfReader(p01_log).pages:
        page.extract_text(visitor_text=size)
    assert sizes and min(sizes) >= MIN_POINTS, sorted(sizes)


@needs_browser
def test_a_fhir_patient_is_named_with_the_mrn_on_every_page(tmp_path):
    bundle = fhir_with_identity(tmp_path)
    patient = load_patient(bundle)
    assert (patient.name, patient.mrn) == ("Robin J. Example", "MRN-4711")
    pages = pdf_pages(print_log(tmp_path, bundle))
    assert all("Robin J. Example · born 1984-12-06 · MRN MRN-4711" in text for text in pages)
    assert not any("Maiden" in text or "999-12-3456" in text for text in pages)


# ------------------------------------------------------------------ the HTML
def test_html_log_from_the_cli_on_stdout_and_to_a_file(capsys, tmp_path):
    assert main(["screen", str(RULES), str(P01), "--as-of", AS_OF, "--format", "html"]) == EXIT_OK
    html = capsys.readouterr().out
    assert html.startswith("<!doctype html>") and 'counter(page) " of " counter(pages)' in html
    tables = html.split('<table class="log"')[1:]
    assert len(tables) == len(TRIALS)
    for table, trial in zip(tables, TRIALS.values()):
        assert f"{trial.id} · rules" in table
        ids = re.findall(r'<span class="crit-id">([^<]+)</span>', table)
        assert ids == [c.id for c in trial.criteria]        # each once, in file order
    output = tmp_path / "log.html"
    assert main(["screen", str(RULES), str(P01), "--as-of", AS_OF, "--format", "html", "-o", str(output)]) == EXIT_OK
    assert output.read_text(encoding="utf-8") == html


def test_an_existing_file_or_an_input_is_never_overwritten_unless_asked(capsys, tmp_path):
    output = tmp_path / "log.html"
    output.write_text("a log filed earlier")
    args = ["screen", str(RULES), str(P01), "--as-of", AS_OF, "--format", "html", "-o", str(output)]
    assert main(args) == EXIT_USAGE
    assert f"{output}: exists; give --overwrite to replace it" in capsys.readouterr().err
    assert output.read_text() == "a log filed earlier"
    assert main(args + ["--overwrite"]) == EXIT_OK
    assert output.read_text(encoding="utf-8").startswith("<!doctype html>")
    profile = tmp_path / "p01.yaml"
    profile.write_text(P01.read_text())
    for named in (profile, tmp_path):           # the profile named, or in a folder read
        assert main(["screen", str(RULES), str(named), "--as-of", AS_OF, "--format", "html",
                     "-o", str(profile), "--overwrite"]) == EXIT_USAGE
        assert "is one of the inputs being read" in capsys.readouterr().err
        assert profile.read_text() == P01.read_text()


@pytest.mark.parametrize("chosen", [None, "/nowhere/chromium"])
def test_a_pdf_without_chromium_is_one_line_naming_what_to_install(capsys, tmp_path, monkeypatch, chosen):
    monkeypatch.setenv("PATH", str(tmp_path))
    if chosen:
        monkeypatch.setenv("ELIG_CHROMIUM", chosen)
    else:
        monkeypatch.delenv("ELIG_CHROMIUM", raising=False)
    output = tmp_path / "log.pdf"
    assert main(["screen", str(RULES), str(P01), "--as-of", AS_OF, "--format", "pdf", "-o", str(output)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install chromium" in err and "ELIG_CHROMIUM" in err
    assert not output.exists()


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "--format pdf writes a file: give -o FILE"),
    (["--format", "xml"], "--format: expected text, json, html or pdf; got 'xml'"),
    (["--json", "--format", "html"], "--json and --format html ask for two formats"),
    (["-o", "x.html"], "--output writes a screening log: give --format html or --format pdf"),
])
def test_log_options_that_do_not_fit_are_usage_errors(capsys, args, message):
    assert main(["screen", str(RULES), str(P01), "--as-of", AS_OF, *args]) == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_a_log_is_of_one_patient(capsys):
    assert main(["screen", str(RULES), str(ROOT / "patients"), "--as-of", AS_OF, "--format", "html"]) == EXIT_USAGE
    assert "a screening log is of one patient; got 20 patients" in capsys.readouterr().err


def test_a_recorded_decision_is_printed_in_place_of_the_boxes():
    patient = load_patient(P01)
    trial = TRIALS["NCT00699491"]
    decided = Decision(trial=trial.id, criterion="inc-01", outcome="met", reviewer="Sample Coordinator",
                       decided=date(2026, 11, 2), note="pathology report 2026-09-12")
    result = screen(trial, patient, date.fromisoformat(AS_OF), decisions=[decided])
    html = screening_log_html(PatientIdentity.of(patient), [result], TRIALS)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<span class="crit-id">([^<]+)</span>.*?</tr>', html, re.S)}
    assert "Met</strong>: pathology report 2026-09-12" in rows["inc-01"]
    assert "Sample Coordinator, 2026-11-02" in rows["inc-01"] and "☐" not in rows["inc-01"]
    assert "☐ met ☐ not met ☐ n/a" in rows["inc-02"]             # manual, not yet decided
    assert "☐" not in rows["inc-12"]                              # decided by the engine


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1), mrn=st.none() | st.text(min_size=1), patient_id=st.text(min_size=1))
def test_any_identity_is_shown_as_written_and_never_as_markup(name, mrn, patient_id):
    who = PatientIdentity(id=patient_id, name=name, mrn=mrn, birth_date=date(1960, 1, 2))
    html = screening_log_html(who, [P01_RESULT], TRIALS)
    heads = re.findall(r'<span class="who">(.*?)</span>', html, re.S)
    assert len(heads) == 1 and "<" not in heads[0] and unescape(heads[0]) == who.line


def test_the_identity_line_escapes_and_falls_back_to_the_id():
    named = PatientIdentity(id="P-9", name="<b>Ann</b> O'Neil", birth_date=date(1960, 1, 2))
    assert named.line == "<b>Ann</b> O'Neil · born 1960-01-02 · patient id P-9"
    assert PatientIdentity(id="P-9", mrn="42").line == "Patient P-9 · MRN 42"
    result = screen(TRIALS["NCT00699491"], load_patient(P01), date.fromisoformat(AS_OF))
    html = screening_log_html(named, [result], TRIALS)
    assert "<b>Ann</b>" not in html and "&lt;b&gt;Ann&lt;/b&gt; O&#39;Neil" in html


@pytest.mark.parametrize("validation", ["fast", "full"])
@pytest.mark.parametrize("field, value", [("name", "Robin Example"), ("name", [{"given": "Robin"}]),
                                          ("identifier", [{"value": 4711}])])
def test_a_malformed_name_or_identifier_is_refused_naming_the_field(tmp_path, field, value, validation):
    person = {"resourceType": "Patient", "id": "pt-1", field: value}
    with values_withheld(), pytest.raises(InputError) as info:
        patient_from_bundle({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": person}]},
                            "bad.json", validation=validation)
    assert f"entry 0 (Patient): {field}" in str(info.value)
    assert "4711" not in str(info.value) and "Robin" not in str(info.value)


def test_a_native_profile_may_name_the_patient(tmp_path):
    profile = tmp_path / "named.yaml"
    profile.write_text(P01.read_text() + "name: Alex Example\nmrn: '000123'\n")
    patient = load_patient(profile)
    assert PatientIdentity.of(patient).line == "Alex Example · born 1968-03-14 · MRN 000123"
    result = screen(TRIALS["NCT00699491"], patient, date.fromisoformat(AS_OF))
    assert result.model_dump() == screen(TRIALS["NCT00699491"], load_patient(P01), date.fromisoformat(AS_OF)).model_dump()


# ------------------------------------------------------------------ the service and the page
def test_the_service_gives_the_log_of_a_screening_request():
    request = {"patient": json.loads(json.dumps(yaml.safe_load(P01.read_text()), default=str)), "as_of": AS_OF,
               "trials": ["NCT00699491", "NCT00349206"]}
    with httpx.Client(base_url=server().url, timeout=120) as client:
        answer = client.post("/ui/screening-log", json=request)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
        assert "style-src 'self'" in answer.headers["content-security-policy"]
        html = answer.text
        assert '<link rel="stylesheet" href="/ui/static/screening-log.css">' in html and "<style>" not in html
        assert client.get("/ui/static/screening-log.css").text == STYLESHEET.read_text(encoding="utf-8")
        assert client.post("/ui/screening-log", json={**request, "trials": ["NCT99999999"]}).status_code == 404
        assert client.post("/ui/screening-log", json={**request, "patient": {"id": 3}}).status_code == 422
        assert client.get("/openapi.json").json()["paths"].keys().isdisjoint({"/ui/screening-log"})
    patient = load_patient(P01)
    results = [screen(TRIALS[t], patient, date.fromisoformat(AS_OF)) for t in request["trials"]]
    assert html == screening_log_html(PatientIdentity.of(patient), results, TRIALS,
                                      stylesheet_href="/ui/static/screening-log.css")
    with httpx.Client(base_url=server(api_key="k-123").url, timeout=120) as client:
        assert client.post("/ui/screening-log", json=request).status_code == 401
        assert client.post("/ui/screening-log", json=request, headers={"X-API-Key": "k-123"}).status_code == 200


@needs_browser
def test_the_page_prints_the_same_log():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server().url + "/")
            page.wait_for_selector("#t-trial-NCT00699491")
            page.check("#t-trial-NCT00699491")
            page.select_option("#sample", "p01-eligible-conventional.yaml")
            page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
            page.fill("#as-of", AS_OF)
            page.click("#screen-button")
            page.wait_for_selector(".trial-result")
            page.click("#print-button")
            log = page.frame_locator("#log-frame")
            log.locator("table.log").wait_for(state="attached")
            assert log.locator("table.log").count() == 1
            assert log.locator(".running .who").inner_text() == "Patient P01-ELIGIBLE-US · born 1968-03-14"
            assert log.locator(".crit-id").all_inner_texts() == [c.id for c in TRIALS["NCT00699491"].criteria]
            # The log's own stylesheet applies in the frame (the page's policy allows it): 10 pt type.
            assert log.locator("html").evaluate("h => getComputedStyle(h).fontSize") == "13.3333px"
            assert not errors, errors
        finally:
            browser.close()


def test_bulk_ndjson_patients_are_named_and_a_malformed_name_is_a_counted_skip(tmp_path):
    typed_mr = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}
    lines = [{"resourceType": "Patient", "id": "a", "gender": "female",
              "name": [{"family": "Example", "given": ["Robin"]}], "identifier": [{"type": typed_mr, "value": "M-1"}]},
             {"resourceType": "Patient", "id": "b", "gender": "female", "name": "Robin"},
             {"resourceType": "Patient", "id": "c", "gender": "female", "identifier": [{"type": "MR", "value": "M-2"}]}]
    path = tmp_path / "Patient.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    patients, report = load_ndjson([path])
    assert [(p.id, p.sex, p.name, p.mrn) for p in patients] == [
        ("a", "female", "Robin Example", "M-1"), ("b", "unknown", None, None), ("c", "unknown", None, None)]
    assert report.to_dict()["skipped"] == {"malformed Patient.name": 1, "malformed Patient.identifier.type": 1}


def test_the_rules_version_is_of_the_file_as_loaded(tmp_path, capsys):
    path = tmp_path / "NCT00699491.yaml"
    original = (RULES / "NCT00699491.yaml").read_bytes()
    path.write_bytes(original)
    trial = load_trial(path)
    path.write_bytes(original.replace(b"Platelets", b"Platelet count"))    # edited after loading
    assert rules_version(trial) == hashlib.sha256(original).hexdigest()[:12]
    html = screening_log_html(PatientIdentity.of(load_patient(P01)), [P01_RESULT], {trial.id: trial})
    assert f"version {hashlib.sha256(original).hexdigest()[:12]}" in html
