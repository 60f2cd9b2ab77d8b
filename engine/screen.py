"""screen(trial, patient): every criterion's outcome, the verdict, what to obtain."""
from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, computed_field

from .cohorts import declared_cohort, same_cohort
from .concepts import concepts
from .criteria import Criterion
from .evaluate import Evaluator, Outcome, Result, outcome
from .logic import Truth
from .patients import Patient
from .rules import Trial

# Best first. "eligible pending review": every machine-checkable criterion met, only a
# person's review left; "needs data": no criterion fails but a machine-checkable one is
# unknown until something is obtained. (Both were "needs review" before.)
Verdict = Literal["eligible", "eligible pending review", "needs data", "not eligible"]
VERDICTS: tuple[Verdict, ...] = ("eligible", "eligible pending review", "needs data", "not eligible")


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
    # The record lists declared complete (no matching record in them is evidence of absence).
    complete: tuple[str, ...] = ()

    @computed_field
    @property
    def headline(self) -> str:
        """The verdict in one sentence, saying how close: the words the CLI, the service,
        the CDS card and the page all show."""
        checkable = [o for o in self.outcomes if o.evaluable]
        met = sum(1 for o in checkable if o.status == "pass")
        review = f"{_count(len(self.manual), 'criterion needs', 'criteria need')} a person's review"
        lead = f"{self.verdict.capitalize()} for {self.trial_id}"
        if self.verdict == "not eligible":
            return f"{lead}: fails {_count(len(self.failed), 'criterion', 'criteria')} ({', '.join(self.failed)})."
        if self.verdict == "needs data":
            obtain = f" (obtain {_count(len(self.to_resolve), 'item', 'items')})" if self.to_resolve else ""
            return (f"{lead}: {met} of {len(checkable)} machine-checkable criteria met, "
                    f"{len(self.unknown)} unknown{obtain}" + (f"; {review}." if self.manual else "."))
        if self.verdict == "eligible pending review":
            return f"{lead}: {_all_met(len(checkable), 'machine-checkable ')}; {review}."
        return f"{lead}: {_all_met(len(self.outcomes))}."

    @computed_field
    @property
    def failures(self) -> tuple[str, ...]:
        """Each failed criterion on one line: its id, then the value against the threshold."""
        return tuple(f"{o.criterion_id}: {o.reason}" for o in self.outcomes if o.status == "fail")


def screen(trial: Trial, patient: Patient, as_of: Optional[date] = None,
           cohort: Optional[str] = None) -> ScreenResult:
    """Evaluate every criterion of a trial for one patient on the screening date.

    ``cohort`` (e.g. "phase II") skips criteria scoped to another cohort; without it,
    scoped criteria are evaluated (they might apply). A cohort the trial does not declare
    raises ``CohortError`` naming the declared ones ("phase 2" is "phase II").
    """
    cohort = declared_cohort(trial.id, trial.declared_cohorts, cohort)
    as_of = as_of or date.today()
    evaluator = Evaluator(patient, as_of, trial.recency_days)
    outcomes = tuple(evaluate_scoped(c, evaluator, cohort, trial.declared_cohorts) for c in trial.criteria)
    failed = tuple(o.criterion_id for o in outcomes if o.status == "fail")
    unknown = tuple(o.criterion_id for o in outcomes if o.status == "unknown" and o.evaluable)
    manual = tuple(o.criterion_id for o in outcomes if not o.evaluable)
    to_resolve = tuple(dict.fromkeys(item for o in outcomes if o.status == "unknown"
                                     for item in o.missing))
    return ScreenResult(
        trial_id=trial.id, trial_title=trial.title, patient_id=patient.id, as_of=as_of,
        verdict=_verdict(failed, unknown, manual), outcomes=outcomes, failed=failed,
        unknown=unknown, manual=manual, to_resolve=to_resolve, coverage=trial.coverage,
        unmapped_tests=tuple(patient.unmapped_tests), complete=tuple(sorted(patient.complete)))


def evaluate_scoped(criterion: Criterion, evaluator: Evaluator, cohort: Optional[str],
                    declared: tuple[str, ...] = ()) -> Outcome:
    """A criterion's outcome, honouring its scope (cohort, or a condition it applies to)."""
    if criterion.cohort and cohort and not same_cohort(criterion.cohort, cohort, declared):
        return outcome(criterion, Result(Truth.FALSE if criterion.section == "exclusion" else Truth.TRUE,
                                         f"not applicable: only for the {criterion.cohort} cohort "
                                         f"(screening for {cohort})"))
    result = evaluator.criterion(criterion.tree, criterion.not_derived)
    if criterion.applies_if:
        result = _applies_if(criterion, evaluator, result)
    return outcome(criterion, result)


def _applies_if(criterion: Criterion, evaluator: Evaluator, result: Result) -> Result:
    """"... for patients with X": not applicable without X; unknown X leaves only a
    result that holds either way."""
    applies = evaluator.history.has(concepts()[criterion.applies_if], "current", None)
    neutral = Truth.FALSE if criterion.section == "exclusion" else Truth.TRUE
    if applies.truth is Truth.FALSE:
        return Result(neutral, f"not applicable: only for patients with {criterion.applies_if} "
                               f"({applies.reason})")
    if applies.truth is Truth.TRUE or result.truth is neutral:
        return result
    return Result(Truth.UNKNOWN, f"applies only to patients with {criterion.applies_if}, which is "
                                 f"not recorded; if it applies: {result.reason}", result.evidence,
                  (f"whether the patient has {criterion.applies_if}",) + result.missing)


def _verdict(failed, unknown, manual) -> Verdict:
    if failed:
        return "not eligible"
    if unknown:
        return "needs data"
    if manual:
        return "eligible pending review"
    return "eligible"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _all_met(n: int, kind: str = "") -> str:
    if n == 0:
        return f"no {kind}criteria"
    return f"its one {kind}criterion met" if n == 1 else f"all {n} {kind}criteria met"
