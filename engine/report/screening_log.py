"""The screening log: one patient's screening, per trial, as a document a site files.

Every page names the patient (name, birth date, MRN when the record has them, else the
id), the trial, the version of its rules and the screening date, and is numbered "Page x
of y"; each criterion is one row with its status, value, reason and a space for the
reviewer's decision; each trial ends with screener and signature lines. The HTML prints
as it is in Chromium (``engine/static/screening-log.css``: the running head is the table
head, which the browser repeats on every page; the page numbers are @page margin boxes),
and ``engine.report.pdf`` turns it into a PDF.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Iterable, Literal, Mapping, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict

from .. import __version__
from ..evaluate import Outcome
from ..patients import Patient
from ..review import Decision
from ..rules import Trial, rules_version
from ..screen import ScreenResult

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "screening-log.css"
# The stylesheet's address when the log is served beside the page (engine/webpage.py).
SERVED_STYLESHEET = "/ui/static/screening-log.css"
SECTION_HEADINGS = {"inclusion": "Inclusion criteria", "exclusion": "Exclusion criteria",
                    "uncertain": "Criteria of an uncertain section"}
# The words of the page's badges: a criterion no rule reads needs a person ("Review").
STATUS_WORDS = {"pass": "✔ Pass", "fail": "✘ Fail", "unknown": "? Unknown", "review": "✎ Review"}


class PatientIdentity(BaseModel):
    """Who the log is about, as the record names the patient."""
    model_config = ConfigDict(frozen=True)
    id: str
    name: Optional[str] = None
    birth_date: Optional[date] = None
    mrn: Optional[str] = None

    @classmethod
    def of(cls, patient: Patient) -> PatientIdentity:
        return cls(id=patient.id, name=patient.name, birth_date=patient.birth_date, mrn=patient.mrn)

    @property
    def line(self) -> str:
        """"Jane Doe · born 1961-05-02 · MRN 12345"; the patient id stands in for a
        missing MRN, so every page carries an identifier."""
        parts = [self.name or f"Patient {self.id}"]
        if self.birth_date:
            parts.append(f"born {self.birth_date.isoformat()}")
        if self.mrn:
            parts.append(f"MRN {self.mrn}")
        elif self.name:
            parts.append(f"patient id {self.id}")
        return " · ".join(parts)


class LogRow(BaseModel):
    """One criterion's line of the log."""
    model_config = ConfigDict(frozen=True)
    criterion_id: str
    text: str
    status: Literal["pass", "fail", "unknown", "review"]
    value: str
    reason: str
    decision: Optional[Decision] = None

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def needs_decision(self) -> bool:
        """Unknown and review rows get boxes to tick when no decision is recorded."""
        return self.decision is None and self.status in ("unknown", "review")


def log_rows(result: ScreenResult) -> list[tuple[str, list[LogRow]]]:
    """The result's criteria in file order, a heading wherever the section changes (a
    sub-bullet stays under its parent line): [(heading, rows)]."""
    return [(SECTION_HEADINGS.get(section, section), [_row(o) for o in run])
            for section, run in groupby(result.outcomes, key=lambda o: o.section)]


def _row(outcome: Outcome) -> LogRow:
    review = not outcome.evaluable and outcome.status == "unknown"
    return LogRow(criterion_id=outcome.criterion_id, text=outcome.text,
                  status="review" if review else outcome.status,
                  value="; ".join(e.observed for e in outcome.evidence),
                  # The parser's words ("no threshold the engine can read") stay in the JSON; a
                  # person's decision on a criterion the engine could not read is its reason,
                  # printed once, in the decision column.
                  reason="" if review or (outcome.decision and not outcome.evaluable) else outcome.reason,
                  decision=outcome.decision)


def _tally(result: ScreenResult) -> str:
    """"19 pass · 0 fail · 0 unknown · 26 need a person's review"."""
    decided = [o for o in result.outcomes if o.criterion_id not in result.manual]
    counts = {s: sum(1 for o in decided if o.status == s) for s in ("pass", "fail", "unknown")}
    review = len(result.manual)
    return (f"{counts['pass']} pass · {counts['fail']} fail · {counts['unknown']} unknown · "
            f"{review} {'needs' if review == 1 else 'need'} a person's review")


def screening_log_html(patient: PatientIdentity, results: Iterable[ScreenResult], trials: Mapping[str, Trial],
                       stylesheet_href: Optional[str] = None) -> str:
    """The log of one patient's ``results`` (each of a trial in ``trials``), as a whole
    HTML document, with the reviewer's decisions the results hold. The stylesheet is written into the document unless ``stylesheet_href`` names where
    it is served (a page whose Content-Security-Policy refuses inline styles)."""
    sections = []
    for result in results:
        trial = trials[result.trial_id]
        sections.append({"result": result, "title": result.trial_title or trial.title,
                         "version": rules_version(trial), "rules_file": Path(trial.path).name if trial.path else "",
                         "tally": _tally(result), "sections": log_rows(result)})
    screened = sorted({s["result"].as_of for s in sections})
    return _template().render(
        patient=patient, trials=sections, engine_version=__version__,
        screened=", ".join(d.isoformat() for d in screened),
        stylesheet_href=stylesheet_href, stylesheet=None if stylesheet_href else STYLESHEET.read_text("utf-8"))


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("screening_log.html.j2")
