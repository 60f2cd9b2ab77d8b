"""The screening log as a PDF: its HTML printed by headless Chromium.

Chromium's own printing does what the log needs with no package: the @page margin boxes
("Page x of y") and the table head repeated on every page. The command line is enough
(``--print-to-pdf``); Playwright would add a package and a second way to the same PDF.
The browser is ``$ELIG_CHROMIUM`` or the first of the usual names on PATH.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import EngineError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MISSING = ("--format pdf needs the Chromium browser: install it (Debian, Ubuntu: apt-get install chromium) "
           "or set ELIG_CHROMIUM to its path")
# Headless, offline and without a profile of the user's: a print job, nothing else.
FLAGS = ("--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--no-pdf-header-footer")
PRINT_SECONDS = 120


class PdfError(EngineError):
    """The PDF could not be made (no browser, or the browser failed); nothing was written."""


def find_browser() -> str:
    """The Chromium to print with, or PdfError saying what to install."""
    chosen = os.environ.get("ELIG_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            raise PdfError(f"ELIG_CHROMIUM={chosen}: no such file; {MISSING}")
        return chosen
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(MISSING)


def html_to_pdf(html: str, browser: Optional[str] = None) -> bytes:
    """The PDF of the HTML document ``html`` (self-contained: no file or address it links
    to is fetched)."""
    browser = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="elig-log-") as work:
        page, pdf = Path(work) / "log.html", Path(work) / "log.pdf"
        page.write_text(html, encoding="utf-8")
        command = [browser, *FLAGS, *_sandbox(), f"--user-data-dir={Path(work) / 'profile'}", f"--print-to-pdf={pdf}",
                   page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium ({browser}) did not finish printing within {PRINT_SECONDS} s") from None
        except OSError as exc:
            raise PdfError(f"Chromium ({browser}) could not be started: {exc.strerror or exc}") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            said = [line for line in done.stderr.splitlines() if line.strip()]
            raise PdfError(f"Chromium ({browser}) printed no PDF (exit {done.returncode})"
                           + (f": {said[-1].strip()}" if said else ""))
        return pdf.read_bytes()


def _sandbox() -> tuple[str, ...]:
    """Chromium's sandbox refuses to start as root (containers, CI): only there is it
    turned off; the page printed is the engine's own, escaped, with nothing fetched."""
    return ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()
