"""The coordinator page (engine/webpage.py, engine/static/) in a real browser.

Playwright drives Debian's Chromium (/usr/bin/chromium; never a downloaded browser)
against the real service, run by uvicorn on a free loopback port. Every screen is
checked against the library's own answer for the same patient. Screenshots go to
``$ELIG_SCREENSHOTS`` if set, else a pytest temp folder (printed at the end).

In CI (``CI=true``) these tests never skip: a missing browser is a failure. Elsewhere
they skip only when /usr/bin/chromium (or the playwright package) is missing.
"""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from engine import Patient, load_patient, load_trial, screen
from engine.patients import patient_from_dict
from engine.rules import trial_from_dict
from engine.webpage import ResultItems, classify, funnel, rank, resolve_groups, summarise

from .conftest import ROOT, table

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AS_OF = "2026-11-01"
TRIAL = "NCT00699491"

needs_browser = pytest.mark.skipif(not IN_CI and not CHROMIUM.exists(),
                                   reason="/usr/bin/chromium is not installed (apt-get install chromium)")


# --------------------------------------------------------------- no browser
def test_classify_groups_to_resolve_items_by_what_to_do():
    assert classify("Serum albumin (a result within 28 days)") == \
        ("lab", "albumin", "Serum albumin", "a result within 28 days")
    assert classify("Creatinine clearance (CrCl) (measured) or its inputs")[:3] == \
        ("lab", "creatinine clearance", "Creatinine clearance (CrCl)")
    assert classify("ECOG performance status (a result within 28 days)")[0] == "observation"
    assert classify("pregnancy status (record it present or absent)") == \
        ("record", "pregnancy status", "pregnancy status", "record it present or absent")
    assert classify("sex (for Cockcroft-Gault)")[:2] == classify("sex")[:2] == ("record", "sex")


def test_summary_shows_the_recorded_age_in_its_unit():
    for age, shown in ((49, "49 years"), (0.5, "0.5 years"), ({"value": 6, "unit": "months"}, "6 months")):
        assert summarise({}, patient_from_dict({"id": "X", "age": age}))["age"] == shown


def test_resolve_groups_deduplicate_across_trials():
    patient = load_patient(ROOT / "patients/p04-missing-albumin.yaml")
    results = [screen(load_trial(ROOT / "rules" / f"{t}.yaml"), patient, date(2026, 11, 1))
               for t in (TRIAL, "NCT00349206")]
    groups = resolve_groups([ResultItems.model_validate(r.model_dump(mode="json")) for r in results])
    labels = [item["label"] for g in groups for item in g["items"]]
    assert len(labels) == len(set(labels))
    pregnancy = next(i for g in groups for i in g["items"] if i["label"] == "pregnancy status")
    assert {c["trial_id"] for c in pregnancy["criteria"]} == {TRIAL, "NCT00349206"}
    assert groups[0]["title"] == "Labs to order" and groups[0]["items"][0]["label"] == "Serum albumin"


def test_funnel_counts_match_the_definition():
    trial = load_trial(ROOT / "rules" / f"{TRIAL}.yaml")
    patients = [load_patient(ROOT / "patients" / n) for n in
                ("p01-eligible-conventional.yaml", "p02-low-platelets.yaml", "p04-missing-albumin.yaml")]
    results = [screen(trial, p, date(2026, 11, 1)) for p in patients]
    f = funnel(trial, results)
    steps = {s["criterion"]: s for s in f["steps"]}
    assert [s["criterion"] for s in f["steps"]] == [c.id for c in trial.criteria if c.evaluable]
    assert steps["inc-12"]["failed"] == 1 and steps["inc-12"]["remaining"] == 2
    assert f["remaining"] == sum(r.verdict != "not eligible" for r in results)
    assert all(s["confirmed"] <= s["remaining"] for s in f["steps"])
    assert [r["patient_id"] for r in rank(results)][-1] == "P02-LOW-PLT"


def test_rank_puts_the_four_verdicts_best_first():
    """Eligible, eligible pending review, needs data, not eligible (verdicts.yaml's patients)."""
    rows = table("verdicts.yaml")
    results = [screen(trial_from_dict({"trial": "NCT-TEST", "criteria": row["criteria"]}),
                      Patient.model_validate({"id": row["verdict"], "labs": row["labs"]}), date(2026, 11, 1))
               for row in reversed(rows)]
    ranked = rank(results)
    assert list(dict.fromkeys(r["verdict"] for r in ranked)) == ["eligible", "eligible pending review",
                                                                  "needs data", "not eligible"]
    assert all(r["headline"].startswith(r["verdict"].capitalize() + " for NCT-TEST") for r in ranked)


# --------------------------------------------------------------- the server
@contextmanager
def serving(**settings):
    """The real service (create_app, as `elig serve` builds it) under uvicorn on a free
    loopback port, in a thread of this process."""
    import uvicorn
    from engine.service import ServiceSettings, create_app
    app = create_app(ServiceSettings(rules=ROOT / "rules", **settings))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def base_url():
    with serving() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if IN_CI:
        from playwright.sync_api import sync_playwright
    else:
        sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ["ELIG_SCREENSHOTS"]) if os.environ.get("ELIG_SCREENSHOTS") \
        else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nwebpage screenshots: {folder}")


@pytest.fixture
def page(browser, base_url):
    """A fresh page; fails the test on any script error or any request off the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    # A 4xx answer the page shows as a message is expected (the browser logs it too).
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" and not re.search(r"status of 4\d\d", m.text) else None)
    page.on("request", lambda r: problems.append(f"off-server request: {r.url}")
            if not r.url.startswith(base_url) else None)
    page.goto(base_url + "/")
    page.wait_for_selector(f"#t-trial-{TRIAL}")
    yield page
    context.close()
    assert not problems, problems


def choose_trials(page, *trials, prefix="t"):
    for trial in trials:
        page.check(f"#{prefix}-trial-{trial}")


def screened(page, count: int = 1):
    page.click("#screen-button")
    page.wait_for_selector(".trial-result")
    assert page.locator(".trial-result").count() == count


def kind(outcome) -> str:
    return "manual" if not outcome.evaluable and outcome.status == "unknown" else outcome.status


# --------------------------------------------------------------- candidate view
@needs_browser
def test_page_is_self_contained_and_labelled(page, base_url):
    from playwright.sync_api import expect
    expect(page).to_have_title("Eligibility screening")
    assert page.locator("#trial-list input[type=checkbox]").count() == 3
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
        .filter(c => !c.labels.length && !c.getAttribute('aria-label')).map(c => c.id || c.outerHTML)""")
    assert unlabelled == []
    response = page.request.get(base_url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", response.text())


@needs_browser
def test_sample_patient_checklist_matches_the_library(page, shots):
    from playwright.sync_api import expect
    choose_trials(page, TRIAL)
    page.select_option("#sample", "p02-low-platelets.yaml")
    expect(page.locator("#patient-text")).to_have_value(re.compile("P02-LOW-PLT"))
    page.fill("#as-of", AS_OF)
    screened(page)

    expected = screen(load_trial(ROOT / "rules" / f"{TRIAL}.yaml"),
                      load_patient(ROOT / "patients/p02-low-platelets.yaml"), date(2026, 11, 1))
    article = page.locator(f"#trial-{TRIAL}")
    expect(article.locator(".verdict-label")).to_have_text("Not eligible")
    expect(article.locator(".verdict-why")).to_have_text(expected.headline)      # the CLI's and CDS card's words
    expect(article.locator(".verdict-failures li")).to_have_text(list(expected.failures))
    rows = article.locator("li.crit")
    assert rows.count() == len(expected.outcomes)
    shown = page.evaluate("""() => [...document.querySelectorAll('li.crit')].map(r =>
        [r.id, [...r.classList].find(c => /^crit-(pass|fail|unknown|manual)$/.test(c)).slice(5),
         r.querySelector('.badge').textContent, r.querySelector('.badge use').getAttribute('href')])""")
    labels = {"pass": "Pass", "fail": "Fail", "unknown": "Unknown", "manual": "Manual review"}
    for (row_id, row_kind, badge, icon), outcome in zip(shown, expected.outcomes):
        assert row_id == f"c-{TRIAL}--{outcome.criterion_id}"
        assert row_kind == kind(outcome), outcome.criterion_id
        assert badge == labels[row_kind] and icon == f"#i-{row_kind}"   # text and icon, not colour alone

    platelets = page.locator(f"#c-{TRIAL}--inc-12")
    expect(platelets.locator(".source")).to_have_text("Platelets ≥ 100,000/μL")
    expect(platelets.locator(".reason")).to_contain_text("Platelets 85 ×10^9/L on 2026-10-29 (= 85,000/µL)")
    cells = platelets.locator("table.evidence tbody td")
    expect(cells).to_have_text(["Platelets 85 ×10^9/L", "2026-10-29", "85,000/µL", "≥ 100,000/µL"])
    bilirubin = page.locator(f"#c-{TRIAL}--inc-13 table.evidence")
    expect(bilirubin).to_contain_text("ULN")              # the ULN used, with its source

    platelets.get_by_role("button", name="How was this read?").click()
    explain = platelets.locator(".explain")
    expect(explain).to_be_visible()
    expect(explain.locator("pre").first).to_have_text("Platelets ≥ 100,000/µL")
    expect(explain).to_contain_text("platelets >= 100000")   # the canonical form

    page.check(f"#trial-{TRIAL}-hide")
    expect(page.locator(f"#c-{TRIAL}--age")).to_be_hidden()
    page.uncheck(f"#trial-{TRIAL}-hide")
    page.screenshot(path=str(shots / "candidate-checklist.png"), full_page=True)


@needs_browser
def test_fhir_bundle_upload_and_to_resolve(page, shots):
    from playwright.sync_api import expect
    bundle = ROOT / "patients/synthea/synthea-22.json"
    trials = ["NCT00349206", TRIAL]          # the order the page lists (and screens) them
    choose_trials(page, *trials)
    page.set_input_files("#patient-file", str(bundle))
    expect(page.locator("#patient-text")).to_have_value(re.compile('"resourceType"'))
    page.fill("#as-of", AS_OF)
    screened(page, count=2)
    expect(page.locator("#patient-summary")).to_contain_text("FHIR Bundle")

    patient = load_patient(bundle)
    results = [screen(load_trial(ROOT / "rules" / f"{t}.yaml"), patient, date(2026, 11, 1)) for t in trials]
    for result in results:
        banner = page.locator(f"#trial-{result.trial_id} .verdict-label")
        expect(banner).to_have_text(result.verdict.capitalize())
        expect(page.locator(f"#trial-{result.trial_id} .verdict-why")).to_have_text(result.headline)
    expected = resolve_groups([ResultItems.model_validate(r.model_dump(mode="json")) for r in results])
    overall = page.locator("section.resolve").first
    expect(overall.locator("h2")).to_have_text("To resolve, across the chosen trials")
    for group in expected:
        box = overall.locator(f".resolve-{group['group']}")
        expect(box.locator("h3")).to_have_text(f"{group['title']} ({len(group['items'])})")
        expect(box.locator("li > strong")).to_have_text([i["label"] for i in group["items"]])
    labs = overall.locator(".resolve-lab li > strong").all_text_contents()
    assert labs and len(labs) == len(set(labs))          # grouped and de-duplicated
    link = overall.locator(".resolve-lab li a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => location.hash") == target
    page.screenshot(path=str(shots / "fhir-to-resolve.png"), full_page=False)


@needs_browser
def test_keyboard_only_screening_and_errors(page):
    from playwright.sync_api import expect
    page.focus(f"#t-trial-{TRIAL}")
    page.keyboard.press("Space")
    expect(page.locator(f"#t-trial-{TRIAL}")).to_be_checked()
    page.fill("#as-of", AS_OF)                         # the lab below is recent on this date only
    page.focus("#patient-text")
    page.keyboard.insert_text("id: [broken")
    page.focus("#as-of")
    page.keyboard.press("Enter")                         # implicit submission of the form
    expect(page.locator("#screen-error")).to_contain_text("invalid YAML at line 1")
    page.fill("#patient-text", "id: K-1\nsex: female\nage: 50\nlabs:\n"
                               "  - {test: PLT, value: 150, unit: K/uL, date: 2026-10-30}\n")
    page.focus("#screen-button")
    page.keyboard.press("Enter")
    expect(page.locator(f"#c-{TRIAL}--inc-12 .badge")).to_have_text("Pass")
    expect(page.locator("#screen-error")).to_be_empty()
    page.focus("#tab-candidate")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-batch")).to_be_focused()
    expect(page.locator("#view-batch")).to_be_visible()
    expect(page.locator("#view-candidate")).to_be_hidden()


@needs_browser
def test_readable_at_200_percent_zoom(browser, base_url, shots):
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    page.goto(base_url + "/")
    choose_trials(page, TRIAL)
    page.select_option("#sample", "p04-missing-albumin.yaml")
    page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
    page.fill("#as-of", AS_OF)
    screened(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 200% zoom"
    columns = page.evaluate("""() => getComputedStyle(document.querySelector('li.crit'))
        .gridTemplateColumns.split(' ').length""")
    assert columns == 1                                    # the checklist reflows to one column
    page.screenshot(path=str(shots / "zoom-200.png"))
    context.close()


@needs_browser
def test_print_stylesheet_one_trial_per_page(page, shots):
    choose_trials(page, TRIAL, "NCT00349206")
    page.select_option("#sample", "p01-eligible-conventional.yaml")
    page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
    page.fill("#as-of", AS_OF)
    screened(page, count=2)
    page.emulate_media(media="print")
    style = page.evaluate("""() => ({
        form: getComputedStyle(document.querySelector('#screen-form')).display,
        header: getComputedStyle(document.querySelector('header.site')).display,
        breaks: [...document.querySelectorAll('.trial-result')].map(a => getComputedStyle(a).breakBefore),
        heads: [...document.querySelectorAll('.print-head')].map(h => getComputedStyle(h).display)})""")
    assert style["form"] == "none" and style["header"] == "none"
    assert style["breaks"] == ["auto", "page"]
    assert style["heads"] == ["block", "block"]
    page.screenshot(path=str(shots / "print-view.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2


# --------------------------------------------------------------- batch view
BATCH_CSV = """patient_id,test,value,unit,date,low,high
B-1,PLT,250,K/uL,2026-10-28,150,400
B-1,ANC,3.1,K/uL,2026-10-28,1.5,7.8
B-2,PLT,80,K/uL,2026-10-28,150,400
B-2,ANC,2.9,K/uL,2026-10-28,1.5,7.8
B-3,ANC,0.9,K/uL,2026-10-28,1.5,7.8
B-3,PLT,60,K/uL,2026-10-28,150,400
B-4,PLT,180,K/uL,2026-10-28,150,400
B-4,Frobnicase,12,U/L,2026-10-28,,
"""


@needs_browser
def test_batch_view_ranks_patients_and_draws_the_funnel(page, shots, tmp_path):
    from playwright.sync_api import expect
    table = tmp_path / "labs.csv"
    table.write_text(BATCH_CSV, encoding="utf-8")
    page.click("#tab-batch")
    choose_trials(page, TRIAL, prefix="b")
    page.set_input_files("#batch-file", str(table))
    expect(page.locator("#batch-files")).to_contain_text("labs.csv")
    page.fill("#batch-as-of", AS_OF)
    page.click("#batch-button")
    section = page.locator(f"#batch-{TRIAL}")
    expect(section).to_be_visible()
    expect(page.locator("#batch-results .patient-line")).to_contain_text("4 patients")
    expect(page.locator("#batch-results .patient-line")).to_contain_text("skipped: 1")

    from engine.adapters.tables import load_tables
    patients, _ = load_tables([table])
    trial = load_trial(ROOT / "rules" / f"{TRIAL}.yaml")
    results = [screen(trial, p, date(2026, 11, 1)) for p in patients]
    order = [r["patient_id"] for r in rank(results)]
    expect(section.locator(".ranked tbody th")).to_have_text(order)
    assert order[-2:] == ["B-2", "B-3"]                   # the two not eligible last, fewer fails first
    verdicts = {r.patient_id: r.verdict for r in results}
    expect(section.locator(".ranked tbody tr td:nth-child(3)")).to_have_text(
        [verdicts[p].capitalize() for p in order])
    headlines = {r.patient_id: r.headline for r in results}
    for i, p in enumerate(order):                         # the sentence behind each badge
        expect(section.locator(".ranked tbody tr td:nth-child(3)").nth(i)).to_have_attribute("title", headlines[p])

    steps = funnel(trial, results)["steps"]
    chart = section.locator("svg.funnel")
    expect(chart).to_have_attribute("role", "img")
    assert chart.locator("g.step").count() == len(steps) + 1
    values = chart.locator("g.step text.value").all_text_contents()
    assert values[0].startswith("4 remain")
    assert [int(v.split()[0]) for v in values[1:]] == [s["remaining"] for s in steps]
    anc = next(i for i, s in enumerate(steps) if s["criterion"] == "inc-10")
    assert "(−1)" in values[anc + 1]                      # B-3 leaves at the neutrophil count
    page.screenshot(path=str(shots / "batch-funnel.png"), full_page=True)

    section.get_by_role("button", name="Open the checklist for B-2").click()
    expect(page.locator("#view-candidate")).to_be_visible()
    expect(page.locator(f"#trial-{TRIAL} .verdict-label")).to_have_text("Not eligible")
    expect(page.locator(f"#c-{TRIAL}--inc-12 .badge")).to_have_text("Fail")


@needs_browser
def test_api_key_is_asked_for_and_sent(browser):
    """With an API key set, the page itself loads without it (a browser cannot send a
    header on navigation), asks for the key once and sends it on every call."""
    from playwright.sync_api import expect
    with serving(api_key="s3cret") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/")
        expect(page.locator("#key-form")).to_be_visible()
        expect(page.locator("#screen-error")).to_contain_text("API key")
        page.fill("#api-key", "s3cret")
        page.get_by_role("button", name="Use this key").click()
        expect(page.locator("#trial-list input[type=checkbox]")).to_have_count(3)
        expect(page.locator("#key-form")).to_be_hidden()
        context.close()
