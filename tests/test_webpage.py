"""The coordinator page (engine/webpage.py, engine/static/) in a real browser.

Playwright drives Debian's Chromium (/usr/bin/chromium; never a downloaded browser)
against the real service, run by uvicorn on a free loopback port. Every screen is
checked against the library's own answer for the same patient. Screenshots go to
``$ELIG_SCREENSHOTS`` if set, else a pytest temp folder (printed at the end).

In CI (``CI=true``) these tests never skip: a missing browser is a failure. Elsewhere
they skip only when /usr/bin/chromium (or the playwright package) is missing.

axe-core (npm, pinned in package.json; ``npm ci`` puts it in node_modules/) checks every
view for accessibility; in CI a missing axe-core fails too. The browser's clock is fixed
at BROWSER_TODAY: the page defaults the screening date to the browser's today, and a test
never reads the real one.
"""
from __future__ import annotations

import html
import os
import re
import socket
import json
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime
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
# "Today" in the browser: five weeks after the samples were written, so their labs are stale.
BROWSER_TODAY = datetime(2026, 12, 7, 9, 30)
AXE = ROOT / "node_modules/axe-core/axe.min.js"
# Every rule axe has, the experimental ones too (label-content-name-mismatch is one).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]

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
    page.clock.set_fixed_time(BROWSER_TODAY)
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


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        message = "axe-core is not installed (npm ci, from package.json)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, source: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each.
    Loaded through the DevTools protocol (page.evaluate): the page's CSP forbids inline
    scripts, and the test must not weaken it."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate("() => {" + source + "\n}")
    found = page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
        .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + '): ' + v.nodes[0].target.join(' '))""", AXE_TAGS)
    return found


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
    expect(article.locator(".verdict-failures li")).to_have_text(
        [f"{o.criterion_id} {o.text}: {o.reason}" for o in expected.outcomes if o.status == "fail"])
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


def screen_sample(page, sample: str, *trials: str, as_of: str | None = AS_OF):
    """Screen a shipped sample; as_of=None keeps the page's own default date."""
    choose_trials(page, *trials)
    page.select_option("#sample", sample)
    page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
    if as_of:
        page.fill("#as-of", as_of)
    screened(page, count=len(trials))


@needs_browser
def test_failed_criteria_come_first_each_linked_to_its_row(page):
    from playwright.sync_api import expect
    screen_sample(page, "p02-low-platelets.yaml", TRIAL)
    banner = page.locator(f"#trial-{TRIAL} .verdict")
    order = banner.evaluate("b => [...b.children].map(c => c.className)")
    assert order.index("verdict-failures") < order.index("verdict-why") < order.index("tally")
    link = banner.locator(".verdict-failures li a")
    expect(link).to_have_text("inc-12")
    expect(banner.locator(".verdict-failures li")).to_contain_text("Platelets ≥ 100,000/μL")  # the criterion, not only its id
    link.click()
    assert page.evaluate("() => location.hash") == f"#c-{TRIAL}--inc-12"


@needs_browser
def test_to_resolve_is_quiet_where_it_cannot_change_the_verdict(page):
    """p10 is not eligible for the melanoma trial (AST/ALT) and needs data for the breast
    one: only the breast trial's items are listed loudly, across trials and on its own."""
    from playwright.sync_api import expect
    screen_sample(page, "p10-liver-mets-5x-uln.yaml", "NCT00349206", TRIAL)
    overall = page.locator("#resolve-all")
    expect(overall).to_be_visible()
    targets = overall.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets and all(t.startswith(f"#c-{TRIAL}--") for t in targets)
    expect(page.locator(f"#trial-{TRIAL} section.resolve")).to_be_visible()
    settled = page.locator("#trial-NCT00349206-resolve")
    expect(settled).to_have_class(re.compile("resolve-settled"))
    expect(settled.locator("summary")).to_contain_text("Not needed for this verdict")
    expect(settled.locator("section.resolve")).to_be_hidden()          # folded away until asked for


@needs_browser
def test_values_are_rounded_to_the_precision_of_the_criterion(page):
    """p10's creatinine clearance by Cockcroft-Gault is 80.2778 mL/min against "≥ 60
    mL/min": the reason says 80 mL/min; the evidence keeps the full value."""
    from playwright.sync_api import expect
    screen_sample(page, "p10-liver-mets-5x-uln.yaml", TRIAL)
    row = page.locator(f"#c-{TRIAL}--inc-15")
    expect(row.locator(".reason")).to_contain_text("80 mL/min meets ≥ 60")
    expect(row.locator(".reason")).not_to_contain_text("80.2778")
    expect(row.locator("table.evidence td[data-label=converted]")).to_contain_text(["80.2778 mL/min"])


@needs_browser
def test_rounding_never_lands_on_the_threshold(page):
    from playwright.sync_api import expect
    choose_trials(page, TRIAL)
    page.fill("#patient-text", "id: R-1\nsex: female\nage: 50\nlabs:\n"
                               "  - {test: CrCl, value: 59.96, unit: mL/min, date: 2026-10-30}\n"
                               "  - {test: Creatinine, value: 2.0, unit: mg/dL, date: 2026-10-30, "
                               "reference_range: {low: 0.5, high: 1.1}}\n")
    page.fill("#as-of", AS_OF)
    screened(page)
    expect(page.locator(f"#c-{TRIAL}--inc-15 .reason")).to_contain_text("59.96 mL/min on 2026-10-30 does not meet ≥ 60 mL/min")


@needs_browser
def test_each_row_of_a_conditional_threshold_names_its_branch(page):
    """p15: liver metastases unrecorded, so inc-14 shows AST and ALT against 5 × ULN (with
    them) and against 3 × ULN (without): each row says which."""
    from playwright.sync_api import expect
    screen_sample(page, "p15-liver-mets-unrecorded.yaml", TRIAL)
    table = page.locator(f"#c-{TRIAL}--inc-14 table.evidence")
    expect(table.locator("th").first).to_have_text("Branch")
    expect(table.locator("td[data-label=branch]")).to_have_text(
        ["with liver metastases"] * 2 + ["without liver metastases"] * 2)
    expect(table.locator("td[data-label=threshold]").nth(0)).to_contain_text("5 × ULN")
    expect(table.locator("td[data-label=threshold]").nth(2)).to_contain_text("3 × ULN")


@needs_browser
def test_stale_labs_are_said_plainly_at_the_default_date(page):
    """The page's default date is the browser's today (fixed here at 2026-12-07), shown as
    ISO text: p01's labs, written for 2026-11-01, are all older than the 28-day window."""
    from playwright.sync_api import expect
    date_box = page.locator("#as-of")
    assert date_box.get_attribute("type") == "text"     # a date input shows the locale's 12/07/2026
    expect(date_box).to_have_value("2026-12-07")
    expect(page.locator("#batch-as-of")).to_have_value("2026-12-07")
    screen_sample(page, "p01-eligible-conventional.yaml", TRIAL, as_of=None)
    dates = [lab.date for lab in load_patient(ROOT / "patients/p01-eligible-conventional.yaml").labs if lab.date]
    newest = (BROWSER_TODAY.date() - max(dates)).days
    expect(page.locator(f"#trial-{TRIAL} .verdict-stale")).to_have_text(
        f"Stale labs: {len(dates)} labs are older than the 28-day window; the newest is {newest} days old.")
    page.fill("#as-of", AS_OF)
    screened(page)
    expect(page.locator(f"#trial-{TRIAL} .verdict-stale")).to_have_count(0)


@needs_browser
def test_a_screening_date_not_in_iso_form_is_refused(page):
    from playwright.sync_api import expect
    choose_trials(page, TRIAL)
    page.select_option("#sample", "p01-eligible-conventional.yaml")
    page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
    page.fill("#as-of", "12/07/2026")
    page.click("#screen-button")
    expect(page.locator("#screen-error")).to_contain_text("YYYY-MM-DD")
    expect(page.locator(".trial-result")).to_have_count(0)


@needs_browser
def test_fhir_patient_is_shown_by_name_and_identifier(page):
    from playwright.sync_api import expect
    bundle = json.loads((ROOT / "patients/synthea/synthea-22.json").read_text(encoding="utf-8"))
    resource = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    uuid = resource["id"]
    resource["name"] = [{"use": "official", "family": "Lovelace", "given": ["Ada"]}]
    resource["identifier"] = [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                    "code": "MR"}]}, "value": "A-10815"}]
    choose_trials(page, TRIAL)
    page.fill("#patient-text", json.dumps(bundle))
    page.fill("#as-of", AS_OF)
    screened(page)
    for where in ("#patient-summary", "#results .patient-line"):
        expect(page.locator(where)).to_contain_text("Patient Ada Lovelace (MRN A-10815)")
        expect(page.locator(where)).not_to_contain_text(uuid)
    del resource["name"], resource["identifier"]
    page.fill("#patient-text", json.dumps(bundle))
    screened(page)
    expect(page.locator("#results .patient-line")).to_contain_text("no name or identifier in the Bundle")
    expect(page.locator("#results .patient-line")).not_to_contain_text(uuid)


@needs_browser
def test_sample_labels_are_whole_sentences(page):
    """A sample's label is its opening comment paragraph, whole, not its first line."""
    labels = page.locator("#sample option").evaluate_all(
        "options => Object.fromEntries(options.map(o => [o.value, o.textContent]))")
    native = {name: label for name, label in labels.items() if name.endswith(".yaml")}
    assert native and all(label.endswith(".") for label in native.values()), native
    assert native["p05-stale-hemoglobin.yaml"] == (
        'p05-stale-hemoglobin: a stale lab. The last hemoglobin (2026-09-15) is 47 days old, older than '
        'the 28-day window, so it is unknown with "days old".')


@needs_browser
def test_yaml_that_opens_like_json_is_reported_as_yaml(page):
    from playwright.sync_api import expect
    choose_trials(page, TRIAL)
    page.fill("#patient-text", "{id: P-1, sex: female, labs: [broken")
    page.fill("#as-of", AS_OF)
    page.click("#screen-button")
    expect(page.locator("#screen-error")).to_contain_text("invalid YAML at line 1")
    page.fill("#patient-text", "{id: P-1, sex: female, age: 50}")      # a YAML flow mapping is a profile
    screened(page)


WORDS_SPLIT_ACROSS_LINES = """cells => cells.flatMap(cell => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), split = [];
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const m of text.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
    return split;
  })"""


@needs_browser
@pytest.mark.parametrize("width", [1280, 900, 640])
def test_limits_and_thresholds_wrap_between_words_only(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    screen_sample(page, "p15-liver-mets-unrecorded.yaml", TRIAL)
    cells = page.locator("table.evidence td[data-label=limit], table.evidence td[data-label=threshold]")
    assert cells.count() > 4
    assert cells.evaluate_all(WORDS_SPLIT_ACROSS_LINES) == []


@needs_browser
def test_no_serious_accessibility_violation_in_the_candidate_view(page, axe_source):
    assert serious_violations(page, axe_source) == []                  # the empty form
    page.fill("#patient-text", "id: [broken")
    choose_trials(page, TRIAL)
    page.click("#screen-button")
    page.wait_for_selector("#screen-error p")
    assert serious_violations(page, axe_source) == []                  # an error shown
    page.select_option("#sample", "p15-liver-mets-unrecorded.yaml")
    page.wait_for_function("() => document.querySelector('#patient-text').value.startsWith('#')")
    choose_trials(page, "NCT00349206")
    page.fill("#as-of", AS_OF)
    screened(page, count=2)
    page.locator(f"#c-{TRIAL}--inc-12 .link-button").click()
    page.wait_for_selector(f"#c-{TRIAL}--inc-12-explain h4")
    page.locator("#trial-NCT00349206-resolve summary").click()
    assert serious_violations(page, axe_source) == []                  # two trials, one explained


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
    chart = section.locator("ol.funnel")
    assert chart.locator("li.step").count() == len(steps) + 1
    values = chart.locator("li.step .step-value").all_text_contents()
    assert values[0].startswith("4 remain")
    assert [int(v.split()[0]) for v in values[1:]] == [s["remaining"] for s in steps]
    anc = next(i for i, s in enumerate(steps) if s["criterion"] == "inc-10")
    assert "(−1)" in values[anc + 1]                      # B-3 leaves at the neutrophil count
    page.screenshot(path=str(shots / "batch-funnel.png"), full_page=True)

    section.get_by_role("button", name="Open checklist for B-2", exact=True).click()
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


SKIPPED_PATIENT_CSV = BATCH_CSV + """B-5,Frobnicase,12,U/L,2026-10-28,,
B-5,PLT,lots,K/uL,2026-10-28,150,400
"""


def screen_table(page, tmp_path, text: str):
    table = tmp_path / "labs.csv"
    table.write_text(text, encoding="utf-8")
    page.click("#tab-batch")
    choose_trials(page, TRIAL, prefix="b")
    page.set_input_files("#batch-file", str(table))
    page.fill("#batch-as-of", AS_OF)
    page.click("#batch-button")
    page.wait_for_selector(f"#batch-{TRIAL}")
    return table


@needs_browser
def test_batch_lists_patients_whose_rows_were_all_skipped_and_why(page, tmp_path):
    from playwright.sync_api import expect
    screen_table(page, tmp_path, SKIPPED_PATIENT_CSV)
    expect(page.locator(".skipped-patients li")).to_have_text(
        ["B-5: 1 test not in the analyte catalogue; 1 value is not a number"])
    reasons = page.locator(".skips").first
    expect(reasons.locator("li").first).to_be_visible()                 # not folded away
    expect(reasons).to_contain_text("test not in the analyte catalogue: 2")


@needs_browser
def test_ranked_rows_differ_by_what_matters(page, tmp_path):
    """What every patient lacks (history, pregnancy status: no lab table holds them) is
    said once; each row shows its failures with values and what it alone lacks; the
    manual count, the same for everyone, is said once too."""
    from playwright.sync_api import expect
    table = screen_table(page, tmp_path, BATCH_CSV)
    from engine.adapters.tables import load_tables
    patients, _ = load_tables([table])
    results = [screen(load_trial(ROOT / "rules" / f"{TRIAL}.yaml"), p, date(2026, 11, 1)) for p in patients]
    shared = set.intersection(*(set(r.to_resolve) for r in results))
    section = page.locator(f"#batch-{TRIAL}")
    expect(section.locator(".ranked thead th")).to_have_text(
        ["#", "Patient", "Verdict", "Failed", "Also to obtain", "Checklist"])
    expect(section.locator(".batch-common").last).to_contain_text(sorted(shared)[0])
    by_patient = {r.patient_id: r for r in results}
    for i, patient_id in enumerate(section.locator(".ranked tbody th").all_text_contents()):
        row = section.locator(".ranked tbody tr").nth(i)
        own = [item for item in by_patient[patient_id].to_resolve if item not in shared]
        if own:
            expect(row.locator("td.to-obtain li")).to_have_text(own)
        failures = [f"{o.criterion_id}: {o.reason}" for o in by_patient[patient_id].outcomes if o.status == "fail"]
        if failures:
            expect(row.locator("td.failed li")).to_have_text(failures)
        else:
            expect(row.locator("td.failed")).to_have_text("none")
    cells = section.locator(".ranked td.to-obtain").all_text_contents()
    assert len(set(cells)) > 1                                          # the rows tell patients apart


@needs_browser
def test_funnel_labels_are_whole_and_usable_on_a_phone(page, tmp_path):
    from playwright.sync_api import expect
    screen_table(page, tmp_path, BATCH_CSV)
    trial = load_trial(ROOT / "rules" / f"{TRIAL}.yaml")
    expect(page.locator(f"#batch-{TRIAL} .funnel .step-label")).to_have_text(
        ["All patients in the table"] + [f"{c.id}: {c.text}" for c in trial.criteria if c.evaluable])
    page.set_viewport_size({"width": 375, "height": 812})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    outside = page.locator(f"#batch-{TRIAL} .funnel .step-label, #batch-{TRIAL} .funnel .step-value").evaluate_all(
        "els => els.filter(e => e.getBoundingClientRect().right > window.innerWidth).map(e => e.textContent)")
    assert outside == []


@needs_browser
def test_no_serious_accessibility_violation_in_the_batch_view(page, tmp_path, axe_source):
    from playwright.sync_api import expect
    page.click("#tab-batch")
    page.click("#batch-button")
    expect(page.locator("#batch-error")).to_contain_text("choose at least one trial")
    assert serious_violations(page, axe_source) == []                  # an error shown
    screen_table(page, tmp_path, SKIPPED_PATIENT_CSV)
    # The visible words begin the accessible name (axe: label-content-name-mismatch).
    expect(page.get_by_role("button", name="Open checklist for B-1", exact=True)).to_have_count(1)
    assert serious_violations(page, axe_source) == []
    page.set_viewport_size({"width": 375, "height": 812})
    assert serious_violations(page, axe_source) == []


# --------------------------------------------------------------- a person's review
# Each seed trial's sample patient, eligible pending review on the samples' date, and the
# decisions file shipped beside it (README, Review).
SEED_REVIEWS = {"NCT00699491": "p01-eligible-conventional", "NCT00349206": "p14-melanoma",
                "NCT00398515": "p13-myeloma"}
OUTCOME_LABELS = {"met": "Met", "not met": "Not met", "not applicable": "Not applicable"}


def shipped_decisions(trial: str):
    from engine import load_decisions
    return load_decisions(ROOT / "patients" / f"{SEED_REVIEWS[trial]}.decisions.yaml")


def library_result(trial: str, decisions=()):
    return screen(load_trial(ROOT / "rules" / f"{trial}.yaml"),
                  load_patient(ROOT / "patients" / f"{SEED_REVIEWS[trial]}.yaml"), date(2026, 11, 1),
                  decisions=decisions)


def open_review_form(page, trial: str, criterion: str):
    row = page.locator(f"#c-{trial}--{criterion}")
    row.get_by_role("button", name=f"Record decision on {criterion}", exact=True).click()
    form = row.locator("form.review-form")
    form.wait_for(state="visible")
    return row, form


def record_on_page(page, decision, reviewer: str | None = None):
    """Record one decision through its criterion's form, as a coordinator would, and wait
    for the page to show it (the service has screened again with it)."""
    row, form = open_review_form(page, decision.trial, decision.criterion)
    form.get_by_label(OUTCOME_LABELS[decision.outcome], exact=True).check()
    form.get_by_label("Note (what you checked, where)").fill(decision.note)
    if reviewer is not None:
        form.get_by_label("Reviewer").fill(reviewer)
    form.get_by_label("Date decided (YYYY-MM-DD)").fill(decision.decided.isoformat())
    form.get_by_role("button", name=f"Save the decision on {decision.criterion}").click()
    row.locator(".decision").wait_for()
    return row


@needs_browser
@pytest.mark.parametrize("trial, by_form", [("NCT00699491", 3), ("NCT00349206", None), ("NCT00398515", 0)],
                         ids=["p01 breast: 3 by form, the rest loaded", "p14 melanoma: all by form",
                              "p13 myeloma: all loaded"])
def test_each_seed_sample_is_eligible_once_its_review_is_recorded_on_the_page(page, trial, by_form):
    """Issue 18's done-when: the sample goes from eligible pending review to eligible as its
    review decisions are recorded on the page, through the form or the sample's decisions
    file; every verdict and headline is the library's for the decisions recorded so far, and
    the screening log the Print button asks for carries them."""
    from playwright.sync_api import expect
    shipped = shipped_decisions(trial).decisions
    by_form = len(shipped) if by_form is None else by_form
    screen_sample(page, f"{SEED_REVIEWS[trial]}.yaml", trial)
    article = page.locator(f"#trial-{trial}")
    expect(article.locator(".verdict-label")).to_have_text("Eligible pending review")
    expect(article.locator(".verdict-why")).to_have_text(library_result(trial).headline)
    checks = {o.criterion_id: o.check for o in library_result(trial).outcomes if o.check}
    assert [d.criterion for d in shipped] == list(checks)                # one decision per criterion left to a person
    expect(article.locator(".to-check")).to_have_text(list(checks.values()))   # each says what to check

    for i, decision in enumerate(shipped[:by_form]):
        if i == 0:      # the form's date defaults to the screening date, not the browser's clock
            _, form = open_review_form(page, trial, decision.criterion)
            expect(form.get_by_label("Date decided (YYYY-MM-DD)")).to_have_value(AS_OF)
            form.get_by_role("button", name="Cancel").click()
        else:           # the reviewer's name is remembered for the session
            _, form = open_review_form(page, trial, decision.criterion)
            expect(form.get_by_label("Reviewer")).to_have_value(decision.reviewer)
            form.get_by_role("button", name="Cancel").click()
        row = record_on_page(page, decision, reviewer=decision.reviewer if i == 0 else None)
        expect(row.locator(".decision")).to_contain_text(f"{decision.reviewer}, {decision.decided.isoformat()}")
        expect(row.locator(".decision")).to_contain_text(decision.note)
        expected = library_result(trial, shipped[:i + 1])
        expect(article.locator(".verdict-why")).to_have_text(expected.headline)

    if by_form < len(shipped):
        page.get_by_role("button", name="Load its review decisions").click()
        kept = f"; {by_form} criteria already decided on this page kept as recorded" if by_form else ""
        expect(page.locator("#sample-review-status")).to_have_text(
            f"{len(shipped) - by_form} decisions loaded from {SEED_REVIEWS[trial]}.decisions.yaml{kept}. "
            "Screened again with them.")

    expected = library_result(trial, shipped)
    assert expected.verdict == "eligible"
    expect(article.locator(".verdict-label")).to_have_text("Eligible")
    expect(article.locator(".verdict-why")).to_have_text(expected.headline)
    expect(article.locator(".crit .decision")).to_have_count(len(shipped))
    expect(page.locator("#review-summary")).to_have_text(
        f"{len(shipped)} review decisions recorded for patient {expected.patient_id} ({trial}).")

    with page.expect_response("**/ui/screening-log") as answer:
        page.click("#print-button")
    sent = answer.value.request.post_data_json["decisions"]
    assert {(d["criterion"], d["outcome"], d["note"]) for d in sent} == \
        {(d.criterion, d.outcome, d.note) for d in shipped}
    assert shipped[-1].note in html.unescape(answer.value.text())        # the log prints the decisions


@needs_browser
def test_a_decision_can_be_changed_and_removed_and_not_met_on_an_inclusion_excludes(page):
    """p14, melanoma trial: inc-01 (an inclusion) recorded met keeps him eligible pending
    review; changed to not met, he is not eligible, the failure naming the review; removed,
    he is back where the data alone put him. All by keyboard."""
    from playwright.sync_api import expect
    trial = "NCT00349206"
    screen_sample(page, "p14-melanoma.yaml", trial)
    article = page.locator(f"#trial-{trial}")
    row = page.locator(f"#c-{trial}--inc-01")
    row.get_by_role("button", name="Record decision on inc-01").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_label("Met", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Pathology report 2025-05-19")
    page.keyboard.press("Tab")
    page.keyboard.type("A. Coordinator")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")                          # the date field submits the form
    expect(row.locator(".decision")).to_be_focused()
    expect(row.locator(".decision")).to_contain_text("Decision: met — A. Coordinator, 2026-11-01")
    expect(row.locator(".badge")).to_have_text("Pass")
    expect(article.locator(".verdict-label")).to_have_text("Eligible pending review")

    row.get_by_role("button", name="Change the decision on inc-01").click()
    expect(row.get_by_label("Met", exact=True)).to_be_focused()          # the outcome recorded
    page.keyboard.press("ArrowRight")                                     # the next radio: not met
    expect(row.get_by_label("Not met", exact=True)).to_be_checked()
    row.get_by_label("Note (what you checked, where)").fill("Choroidal primary")
    row.get_by_role("button", name="Save the decision on inc-01").click()
    expect(article.locator(".verdict-label")).to_have_text("Not eligible")
    from engine import Decision
    expected = library_result(trial, [Decision(trial=trial, criterion="inc-01", outcome="not met", note="Choroidal primary",
                                               reviewer="A. Coordinator", decided=date(2026, 11, 1))])
    expect(article.locator(".verdict-why")).to_have_text(expected.headline)
    expect(article.locator(".verdict-failures li")).to_contain_text("reviewed: not met (A. Coordinator, 2026-11-01)")
    expect(row.locator(".badge")).to_have_text("Fail")
    change = row.get_by_role("button", name="Change the decision on inc-01")
    change.click()
    expect(row.get_by_label("Not met", exact=True)).to_be_focused()      # the form opens on what was recorded
    row.get_by_role("button", name="Cancel").click()
    expect(change).to_be_focused()

    row.get_by_role("button", name="Remove the decision on inc-01").click()
    expect(article.locator(".verdict-label")).to_have_text("Eligible pending review")
    expect(row.get_by_role("button", name="Record decision on inc-01")).to_be_focused()
    expect(page.locator("#export-button")).to_be_disabled()


@needs_browser
def test_a_refused_decision_is_shown_beside_its_criterion(page, axe_source):
    """The service judges a decision (422 naming body.decisions.N and the field); the page
    shows its message beside the criterion, keeps the form, and records nothing."""
    from playwright.sync_api import expect
    trial = "NCT00349206"
    screen_sample(page, "p14-melanoma.yaml", trial)
    row, form = open_review_form(page, trial, "inc-02")
    assert serious_violations(page, axe_source) == []                  # the review form open
    form.get_by_label("Met", exact=True).check()
    form.get_by_label("Reviewer").fill("A. Coordinator")
    form.get_by_label("Date decided (YYYY-MM-DD)").fill("2026-02-30")
    form.get_by_role("button", name="Save the decision on inc-02").click()
    error = row.locator(".review-error")
    expect(error).to_have_text("Not saved: Date decided: expected a date as YYYY-MM-DD")
    expect(form).to_be_visible()
    expect(row.locator(".decision")).to_have_count(0)
    expect(page.locator("#export-button")).to_be_disabled()
    expect(page.locator(f"#trial-{trial} .verdict-label")).to_have_text("Eligible pending review")
    assert serious_violations(page, axe_source) == []                  # the error shown
    form.get_by_label("Reviewer").fill("")
    form.get_by_label("Date decided (YYYY-MM-DD)").fill(AS_OF)
    form.get_by_role("button", name="Save the decision on inc-02").click()
    expect(error).to_have_text("Not saved: Reviewer: expected the reviewer's name")
    form.get_by_label("Reviewer").fill("A. Coordinator")
    form.get_by_role("button", name="Save the decision on inc-02").click()
    expect(row.locator(".decision")).to_be_visible()
    assert serious_violations(page, axe_source) == []                  # a decision recorded


@needs_browser
def test_exported_decisions_read_back_as_recorded(page, tmp_path):
    """Export decisions downloads the file `elig screen` reads beside the profile: read by
    engine.review.load_decisions it holds exactly the decisions recorded on the page."""
    from engine import load_decisions
    trial = "NCT00349206"
    screen_sample(page, "p14-melanoma.yaml", trial)
    recorded = shipped_decisions(trial).decisions[:3]
    record_on_page(page, recorded[0], reviewer="Sample Coordinator")
    for decision in recorded[1:]:
        record_on_page(page, decision)
    with page.expect_download() as download:
        page.click("#export-button")
    assert download.value.suggested_filename == "p14-melanoma.decisions.yaml"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    read = load_decisions(path)
    assert read.patient == "P14-MELANOMA"
    assert read.decisions == tuple(recorded)
