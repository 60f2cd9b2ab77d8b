"""screen(trial, patient): every criterion's outcome, the verdict, what to obtain."""
from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from .evaluate import Evaluator, Outcome, outcome
from .patients import Patient
from .rules import Trial

Verdict = Literal["eligible", "not eligible", "needs review"]


class ScreenResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    trial_id: str
    trial_title: str = ""
    patient_id: str
    as_of: date
    verdict: Verdict
    outcomes: tuple[Outcome, ...]
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    manual: tuple[str, ...] = ()
    to_resolve: tuple[str, ...] = ()
    coverage: tuple[int, int] = (0, 0)
    unmapped_tests: tuple[str, ...] = ()


def screen(trial: Trial, patient: Patient, as_of: Optional[date] = None) -> ScreenResult:
    """Evaluate every criterion of a trial for one patient on the screening date."""
    as_of = as_of or date.today()
    evaluator = Evaluator(patient, as_of, trial.recency_days)
    outcomes = tuple(outcome(c, evaluator.criterion(c.tree)) for c in trial.criteria)
    failed = tuple(o.criterion_id for o in outcomes if o.status == "fail")
    unknown = tuple(o.criterion_id for o in outcomes if o.status == "unknown" and o.evaluable)
    manual = tuple(o.criterion_id for o in outcomes if not o.evaluable)
    to_resolve = tuple(dict.fromkeys(item for o in outcomes if o.status == "unknown"
                                     for item in o.missing))
    return ScreenResult(
        trial_id=trial.id, trial_title=trial.title, patient_id=patient.id, as_of=as_of,
        verdict=_verdict(failed, unknown, manual), outcomes=outcomes, failed=failed,
        unknown=unknown, manual=manual, to_resolve=to_resolve, coverage=trial.coverage,
        unmapped_tests=tuple(patient.unmapped_tests))


def _verdict(failed, unknown, manual) -> Verdict:
    if failed:
        return "not eligible"
    if unknown or manual:
        return "needs review"
    return "eligible"
