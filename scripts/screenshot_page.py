"""Screenshots of the coordinator page for the docs (docs/screenshot-*.png).

    pip install -e '.[test]'          # playwright (the Python package only)
    apt-get install chromium          # Debian's browser: never `playwright install`
    python scripts/screenshot_page.py --today 2026-12-07 [--as-of 2026-11-01] [--out docs]

Starts the service on a free loopback port (uvicorn in a thread), drives Debian's
Chromium through the page with the shipped samples screened as of --as-of (the date they
were written for), and saves: the checklist for a sample patient, the "to resolve" list
for a FHIR Bundle, the batch view with its funnel (and on a 375 px phone) and its ranked
patients, the print
view, the page at 200% zoom, a sample screened at the page's default date, --today
(the browser's clock is set to it: the script never reads the real one), where the
banner says how stale the labs are, and a person's review: p14's first decision recorded
through the form, the form open on the next criterion.
"""
from __future__ import annotations

import argparse
import socket
from datetime import date, datetime
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-01"      # the shipped samples were written for this date


@contextmanager
def serving():
    import uvicorn
    sys.path.insert(0, str(ROOT))
    from engine.service import ServiceSettings, create_app
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(create_app(ServiceSettings(rules=ROOT / "rules")),
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def load(page, base: str, trials: list[str], sample: str = "", upload: str = "",
         as_of: str | None = AS_OF) -> None:
    """Screen a sample or a file; as_of=None keeps the page's default date (the browser's today)."""
    page.goto(base + "/")
    for trial in trials:
        page.check(f"#t-trial-{trial}")
    if sample:
        page.select_option("#sample", sample)
    else:
        page.set_input_files("#patient-file", str(ROOT / upload))
    page.wait_for_function("() => document.querySelector('#patient-text').value.length > 0")
    if as_of:
        page.fill("#as-of", as_of)
    page.click("#screen-button")
    page.wait_for_selector(".trial-result")


def review(page, base: str, as_of: str) -> None:
    """p14 for the melanoma trial: inc-01 decided through the form, the form open on inc-02."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    load(page, base, ["NCT00349206"], sample="p14-melanoma.yaml", as_of=as_of)
    for criterion, note in (("inc-01", "Pathology report 2025-05-19: metastatic melanoma, cutaneous primary, stage IV"),
                            ("inc-02", "Subcutaneous metastases palpable (clinic note 2026-10-23)")):
        row = page.locator(f"#c-NCT00349206--{criterion}")
        row.get_by_role("button", name=f"Record decision on {criterion}", exact=True).click()
        row.get_by_label("Met", exact=True).check()
        row.get_by_label("Note (what you checked, where)").fill(note)
        row.get_by_label("Reviewer").fill("Sample Coordinator")
        if criterion == "inc-01":
            row.get_by_role("button", name=f"Save the decision on {criterion}").click()
            row.locator(".decision").wait_for()
    page.evaluate("() => document.querySelector('#c-NCT00349206--inc-01').scrollIntoView()")
    page.evaluate("() => window.scrollBy(0, -120)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, required=True,
                        help="the browser's date (YYYY-MM-DD): the page's default screening date")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.fromisoformat(AS_OF),
                        help=f"the screening date set on the page (default {AS_OF})")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    out, as_of = args.out, args.as_of.isoformat()
    out.mkdir(parents=True, exist_ok=True)
    clock = datetime.combine(args.today, datetime.min.time()).replace(hour=9)
    from playwright.sync_api import sync_playwright
    with serving() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def new_page(**options):
            page = browser.new_page(**options)
            page.clock.set_fixed_time(clock)
            return page

        page = new_page(viewport={"width": 1280, "height": 1000})
        load(page, base, ["NCT00699491"], sample="p01-eligible-conventional.yaml", as_of=None)
        page.evaluate("() => document.querySelector('.results').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-today.png"), full_page=False)

        load(page, base, ["NCT00699491"], sample="p02-low-platelets.yaml", as_of=as_of)
        page.click("#c-NCT00699491--inc-13 .link-button")
        page.wait_for_selector("#c-NCT00699491--inc-13-explain h4")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(out / "screenshot-candidate.png"), full_page=False)
        page.evaluate("() => document.querySelector('#c-NCT00699491--inc-10').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-checklist.png"), full_page=False)

        load(page, base, ["NCT00349206", "NCT00699491"], upload="patients/synthea/synthea-22.json", as_of=as_of)
        page.evaluate("() => document.querySelector('.results').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-to-resolve.png"), full_page=False)

        page.goto(base + "/")
        page.click("#tab-batch")
        page.check("#b-trial-NCT00699491")
        page.click("#batch-example")
        page.wait_for_function("() => document.querySelector('#batch-text').value.length > 0")
        page.fill("#batch-as-of", as_of)
        page.click("#batch-button")
        page.wait_for_selector(".batch-trial")
        page.evaluate("() => document.querySelector('#batch-results').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-batch.png"), full_page=False)
        page.evaluate("() => document.querySelector('.batch-common').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-batch-ranked.png"), full_page=False)
        page.set_viewport_size({"width": 375, "height": 812})
        page.evaluate("() => document.querySelector('.funnel-figure').scrollIntoView()")
        page.screenshot(path=str(out / "screenshot-batch-phone.png"), full_page=False)
        page.set_viewport_size({"width": 1280, "height": 1000})

        load(page, base, ["NCT00699491"], sample="p01-eligible-conventional.yaml", as_of=as_of)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})     # A4 at 96 dpi
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(out / "screenshot-print.png"), full_page=False)
        page.emulate_media(media="screen")

        review(page, base, as_of)
        page.screenshot(path=str(out / "screenshot-review.png"), full_page=False)

        zoomed = new_page(viewport={"width": 640, "height": 900}, device_scale_factor=2)
        load(zoomed, base, ["NCT00699491"], sample="p04-missing-albumin.yaml", as_of=as_of)
        zoomed.screenshot(path=str(out / "screenshot-zoom-200.png"), full_page=False)
        browser.close()
    for path in sorted(out.glob("screenshot-*.png")):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
