"""screen(trial, patient): every criterion's outcome, the verdict, what to obtain."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, computed_field

from .cohorts import declared_cohort, same_cohort
from .concepts import concepts
from .criteria import Criterion
from .evaluate import Evaluator, Outcome, Result, outcome
from .logic import Truth
from .patients import Patient
from .review import Decision, by_whom, decisions_for, settles
from .review import in_words as review_words
from .rules import Trial

# Best first. "eligible pending review": every machine-checkable criterion met, only a
# person's review left; "needs data": no criterion fails but a machine-checkable one is
# unknown until something is obtained. (Both were "needs review" before.)
Verdict = Literal["eligible", "eligible pending review", "needs data", "not eligible"]
VERDICTS: tuple[Verdict, ...] = ("eligible", "eligible pending review", "needs data", "not eligible")


class ScreenResult(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    trial_id: str
    trial_title: str = ""
    patient_id: str
    as_of: date
    verdict: Verdict
    outcomes: tuple[Outcome, ...]
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    # Criteria left to a person that no decision has reviewed yet.
    manual: tuple[str, ...] = ()
    # Criteria a person's decision settled, and the decisions given for this trial (who,
    # when, note: exported with the result).
    reviewed: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    to_resolve: tuple[str, ...] = ()
    coverage: tuple[int, int] = (0, 0)
    unmapped_tests: tuple[str, ...] = ()
    # The record lists declared complete (no matching record in them is evidence of absence).
    complete: tuple[str, ...] = ()

    @computed_field
    @property
    def headline(self) -> str:
        """The verdict in one sentence, saying how close: the words the CLI, the service,
        the CDS card and the page all show. Criteria a person settled are counted, with
        who settled them and when."""
        checkable = [o for o in self.outcomes if o.evaluable]
        met = sum(1 for o in checkable if o.status == "pass")
        review = f"{_count(len(self.manual), 'criterion needs', 'criteria need')} a person's review"
        reviewed = f"{len(self.reviewed)} settled by review ({by_whom(d for d in self.decisions if d.criterion in self.reviewed)})" if self.reviewed else ""
        lead = f"{self.verdict.capitalize()} for {self.trial_id}"
        if self.verdict == "not eligible":
            failed = f"{lead}: fails {_count(len(self.failed), 'criterion', 'criteria')} ({', '.join(self.failed)})"
            return _sentence(failed, reviewed)
        if self.verdict == "needs data":
            obtain = f" (obtain {_count(len(self.to_resolve), 'item', 'items')})" if self.to_resolve else ""
            return _sentence(f"{lead}: {met} of {len(checkable)} machine-checkable criteria met, "
                             f"{len(self.unknown)} unknown{obtain}", reviewed, review if self.manual else "")
        if self.verdict == "eligible pending review":
            return _sentence(f"{lead}: {_all_met(len(checkable), 'machine-checkable ')}", reviewed, review)
        if self.reviewed:
            return _sentence(f"{lead}: {_all_met(len(checkable), 'machine-checkable ')}", reviewed)
        return _sentence(f"{lead}: {_all_met(len(self.outcomes))}")

    @computed_field
    @property
    def failures(self) -> tuple[str, ...]:
        """Each failed criterion on one line: its id, then the value against the threshold."""
        return tuple(f"{o.criterion_id}: {o.reason}" for o in self.outcomes if o.status == "fail")


def screen(trial: Trial, patient: Patient, as_of: Optional[date] = None,
           cohort: Optional[str] = None, decisions: Iterable[Decision] = ()) -> ScreenResult:
    """Evaluate every criterion of a trial for one patient on the screening date.

    ``cohort`` (e.g. "phase II") skips criteria scoped to another cohort; without it,
    scoped criteria are evaluated (they might apply). A cohort the trial does not declare
    raises ``CohortError`` naming the declared ones ("phase 2" is "phase II").
    ``decisions``: a person's review of this trial's criteria left to a person (each
    settles its criterion; see engine/review.py). One for another trial, an unknown
    criterion or one the engine decides from data raises ``DecisionError`` naming it.
    """
    cohort = declared_cohort(trial.id, trial.declared_cohorts, cohort)
    decided = decisions_for(trial, decisions)
    as_of = as_of or date.today()
    evaluator = Evaluator(patient, as_of, trial.recency_days)
    outcomes = tuple(evaluate_scoped(c, evaluator, cohort, trial.declared_cohorts) for c in trial.criteria)
    # Settled by a person: those the engine left unknown (what the engine read decides the others).
    reviewed = tuple(o.criterion_id for o in outcomes if o.criterion_id in decided and o.status == "unknown")
    outcomes = tuple(_with_decision(o, decided[o.criterion_id]) if o.criterion_id in decided else o
                     for o in outcomes)
    failed = tuple(o.criterion_id for o in outcomes if o.status == "fail")
    unknown = tuple(o.criterion_id for o in outcomes if o.status == "unknown" and o.evaluable)
    manual = tuple(o.criterion_id for o in outcomes if not o.evaluable and o.criterion_id not in decided)
    to_resolve = tuple(dict.fromkeys(item for o in outcomes if o.status == "unknown"
                                     for item in o.missing))
    return ScreenResult(
        trial_id=trial.id, trial_title=trial.title, patient_id=patient.id, as_of=as_of,
        verdict=_verdict(failed, unknown, manual), outcomes=outcomes, failed=failed,
        unknown=unknown, manual=manual, reviewed=reviewed, decisions=tuple(decided.values()),
        to_resolve=to_resolve, coverage=trial.coverage,
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


def _with_decision(found: Outcome, decision: Decision) -> Outcome:
    """The outcome with a person's decision. One the engine left unknown is settled by it;
    one that what the engine read already decides (a criterion read in part, a cohort's
    scope) keeps that status, and the reason says whether the decision disagrees."""
    status = settles(decision, found.section)
    if found.status != "unknown":
        said = "" if status == found.status else \
            " (disagrees with what the engine read from the record, which decides: check the record)"
        return found.model_copy(update={"decision": decision,
                                        "reason": f"{found.reason}; {review_words(decision)}{said}"})
    if decision.outcome == "not applicable":
        met = Truth.FALSE if found.section == "exclusion" else Truth.TRUE
    else:
        met = Truth.TRUE if decision.outcome == "met" else Truth.FALSE
    return found.model_copy(update={"decision": decision, "status": status, "met": met,
                                    "reason": review_words(decision)})


def _sentence(*clauses: str) -> str:
    return "; ".join(c for c in clauses if c) + "."


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
