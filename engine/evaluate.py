"""Evaluates a compiled criterion for one patient: a method per node kind -> Outcome.

Each node gives a Kleene truth ("is the criterion's condition met?"), a reason a
coordinator can check by hand (observed value, unit, date, converted value,
threshold, which ULN and where it came from) and what would settle an unknown.
Only at the top is "met" turned into eligibility: an exclusion that is met fails.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from datetime import date
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict

from . import show
from .analytes import Analyte, catalogue
from .concepts import concepts
from .criteria import Criterion
from .logic import Truth
from .history import VOCABULARY_NEEDED, History, date_needed, named, unread_reason
from .nodes import Between, Compare, Conditional, Has, Manual, Node, Normal, OneOf, Sex, Since
from .patients import Patient
from .readings import DEFAULT_RECENCY_DAYS, Missing, Reading, Readings, compare_interval
from .review import Decision
from .units import BodySurfaceError, UnitError, comparable
from .trusted import trusted

Status = Literal["pass", "fail", "unknown"]


class Evidence(BaseModel):
    """One value the outcome rests on, as structured data."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    analyte: str
    observed: str
    date: Optional[dt.date] = None
    unit: Optional[str] = None
    value: Optional[float] = None
    compared_as: Optional[str] = None
    threshold: Optional[str] = None
    limit: Optional[str] = None
    limit_source: Optional[str] = None
    derivation: Optional[str] = None
    # Which branch of a conditional threshold the value was compared in ("with liver
    # metastases" / "without liver metastases"): both are shown while the condition is unknown.
    branch: Optional[str] = None


class Outcome(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    criterion_id: str = ""
    section: str = "inclusion"
    text: str = ""
    read_as: Optional[str] = None
    status: Status
    met: Truth
    reason: str
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    evaluable: bool = True
    # For a criterion left to a person: what to check, in a coordinator's words (the
    # engine's own reason, e.g. "no threshold the engine can read", stays in ``reason``),
    # and the person's decision once recorded (engine/review.py).
    check: Optional[str] = None
    decision: Optional[Decision] = None


@dataclass(frozen=True)
class Result:
    truth: Truth
    reason: str
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = field(default_factory=tuple)


class Evaluator:
    def __init__(self, patient: Patient, as_of: date, recency_days: int = DEFAULT_RECENCY_DAYS,
                 site_ranges: Optional[dict[str, tuple[Optional[float], Optional[float]]]] = None,
                 scale_mapping: Optional[str] = None) -> None:
        self.patient = patient
        self.readings = Readings(patient, as_of, recency_days, scale_mapping)
        self.site_ranges = site_ranges or {}
        self.history = History(patient, as_of, recency_days)
        self.cat = catalogue()
        self._not_derived: dict[str, str] = {}

    def criterion(self, tree: Node, refused: Optional[dict[str, str]] = None) -> Result:
        """Evaluate a whole criterion. ``refused``: the analytes its own words forbid
        deriving, with why (Criterion.not_derived, worked out once per criterion)."""
        self._not_derived = refused or {}
        try:
            return self.node(tree)
        finally:
            self._not_derived = {}

    def node(self, node: Node) -> Result:
        return getattr(self, node.kind if node.kind != "not" else "not_")(node)

    # ------------------------------------------------------------ structure
    def all(self, node) -> Result:
        results = [self.node(c) for c in node.children]
        truth = Truth.TRUE
        for r in results:
            truth = truth & r.truth
        return _combine(truth, results, "and")

    def any(self, node) -> Result:
        results = [self.node(c) for c in node.children]
        truth = Truth.FALSE
        for r in results:
            truth = truth | r.truth
        return _combine(truth, results, "or")

    def not_(self, node) -> Result:
        inner = self.node(node.child)
        if node.child.kind == "has":  # "No X": the finding about X says it plainly
            said = f"{inner.reason}, and the criterion asks for none" if inner.truth is Truth.TRUE \
                else inner.reason
            return Result(~inner.truth, said, inner.evidence, inner.missing)
        return Result(~inner.truth, f"not ({inner.reason})", inner.evidence, inner.missing)

    def manual(self, node: Manual) -> Result:
        return Result(Truth.UNKNOWN, node.reason, (), ())

    def has(self, node: Has) -> Result:
        found = self.history.has(concepts()[node.concept], node.timing, node.within_days)
        return Result(found.truth, found.reason, (), found.needed)

    def since(self, node: Since) -> Result:
        concept = concepts()[node.concept]
        found = self.history.courses(concept)
        if not isinstance(found, list):
            if found.truth is Truth.TRUE and node.op in ("<=", "<"):  # none at all is never "recent"
                return Result(Truth.FALSE, found.reason)
            return Result(found.truth, found.reason, (), found.needed)
        parts = []
        truth = Truth.TRUE
        needed: tuple[str, ...] = ()
        for days, entry in found:
            if days is None:  # an undated or unreadable course could be any number of days back
                truth = truth & Truth.UNKNOWN
                if self.history.matches(concept.id, entry):
                    parts.append(f"{entry.name} (undated): cannot be placed")
                    needed += (date_needed(entry),)
                else:
                    parts.append(unread_reason(concept, [entry]))
                    needed += (VOCABULARY_NEEDED,)
                continue
            required = next((w.days for w in node.exceptions
                              if self.history.matches(w.concept, entry)), node.days)
            ok = compare_interval(Reading(days, days, "d", ""), node.op, required)
            truth = truth & ok
            parts.append(f"{named(entry, concept)} ({_when(entry)}): {days} days before screening "
                         f"{_verdict(ok)} {show.OP_TEXT[node.op]} {required} days")
        return Result(truth, f"{concept.id}: " + "; ".join(parts), (),
                      needed if truth is Truth.UNKNOWN else ())

    def sex(self, node: Sex) -> Result:
        allowed = " or ".join(node.allowed)
        recorded = self.patient.sex
        if recorded in ("female", "male"):
            truth = Truth.of(recorded in node.allowed)
            return Result(truth, f"sex {recorded}: {'meets' if truth is Truth.TRUE else 'does not meet'} "
                                 f"the trial's sex {allowed}")
        said = "not recorded" if recorded == "unknown" else f"recorded as '{recorded}'"
        return Result(Truth.UNKNOWN, f"the criterion asks for sex {allowed}; sex is {said}", (),
                      ("sex",) if recorded == "unknown" else ())

    def conditional(self, node: Conditional) -> Result:
        name = node.condition or node.condition_text
        state = self._condition(node.condition)
        if state is not Truth.UNKNOWN:
            branch = self.node(node.when_true if state is Truth.TRUE else node.when_false)
            said = f"{name} recorded {'present' if state is Truth.TRUE else 'absent'}"
            evidence = _in_branch(branch.evidence, f"{'with' if state is Truth.TRUE else 'without'} {name}")
            return Result(branch.truth, f"{said}: {branch.reason}", evidence, branch.missing)
        with_it, without = self.node(node.when_true), self.node(node.when_false)
        evidence = _in_branch(with_it.evidence, f"with {name}") + _in_branch(without.evidence, f"without {name}")
        if with_it.truth is without.truth:
            return Result(with_it.truth, f"{without.reason} (the allowance for {name}, not "
                          "recorded, gives the same answer)", evidence,
                          with_it.missing + without.missing)
        return Result(Truth.UNKNOWN, f"depends on {name}, which is not recorded: "
                      f"without it {without.reason}; with it {with_it.reason}", evidence,
                      (f"whether the patient has {name}",) + with_it.missing + without.missing)

    def _condition(self, concept: str) -> Truth:
        """Does a conditional threshold's condition hold (liver metastases, nitrosoureas)?"""
        if not concept:
            return Truth.UNKNOWN
        return self.history.has(concepts()[concept], "ever", None).truth

    # --------------------------------------------------------------- leaves
    def _value(self, analyte: Analyte, node=None) -> Union[Reading, Missing]:
        window = getattr(node, "within_days", None)
        refused = self._not_derived.get(analyte.id)
        found = self.readings.get(analyte, refused is None, window)
        if refused and isinstance(found, Missing):
            return Missing(f"{found.reason} ({refused})", found.needed)
        return found

    def compare(self, node: Compare) -> Result:
        analyte = self.cat[node.analyte]
        reading = self._value(analyte, node)
        if isinstance(reading, Missing):
            return Result(Truth.UNKNOWN, reading.reason, (), reading.needed)
        if node.relative_to:
            return self._relative(node, analyte, reading)
        converted = self._convert(reading, node.unit, analyte, node.within_days)
        if isinstance(converted, Missing):
            return Result(Truth.UNKNOWN, converted.reason, (), converted.needed)
        truth = compare_interval(converted, node.op, node.value)
        threshold = f"{show.OP_TEXT[node.op]} {show.quantity(node.value, node.unit)}"
        if node.unit_text is None and not analyte.unit_optional:
            threshold += " (the criterion writes no unit; read as this one)"
        reason = f"{_observed(reading, converted)} {_verdict(truth)} {threshold}"
        return Result(truth, reason, (_evidence(analyte, reading, converted, threshold),),
                      _settles(truth, converted))

    def _relative(self, node: Compare, analyte: Analyte, reading: Reading) -> Result:
        limits = self._limits(analyte, reading, node.relative_to)
        if isinstance(limits, Missing):
            return Result(Truth.UNKNOWN, limits.reason, (), limits.needed)
        results = [self._against_limit(node, analyte, reading, limit) for limit in limits]
        if len(results) == 1:
            return results[0]
        return self._across_defaults(results, analyte, node.relative_to)

    def _across_defaults(self, results: list[Result], analyte: Analyte, side: str) -> Result:
        """A default limit that is several values (a span laboratories use, or one per sex
        when the sex is not recorded): an answer only where every one gives it."""
        evidence = tuple(e for r in results for e in r.evidence)
        defaults = analyte.default_limits(side, self.patient.sex)
        said = "not recorded" if self.patient.sex == "unknown" else f"recorded as '{self.patient.sex}'"
        first, last = results[0], results[-1]
        by_sex = {"female", "male"} & set(analyte.limit_span(side) or {})
        needs_sex = self.patient.sex not in ("female", "male") and (defaults.spread == "sex" or by_sex)
        if defaults.spread == "span":
            low, high = (show.quantity(v, analyte.unit) for v in defaults.span)
            because = f"no range with the result; the {side} laboratories report runs {low} to {high}" + \
                (f" for either sex (sex {said})" if needs_sex else "")
        else:
            because = f"sex {said}: the defaults differ by sex"
        if all(r.truth is first.truth for r in results):
            return Result(first.truth, f"{first.reason}; and {last.reason} ({because}: the same "
                          "answer at either end)", evidence)
        depends = f"the reporting lab's {side}" if defaults.spread == "span" else f"sex ({said})"
        return Result(Truth.UNKNOWN, f"depends on {depends}: {first.reason}; but "
                      f"{last.reason} ({because})", evidence,
                      (("sex",) if needs_sex else ()) +
                      (f"the reporting lab's reference range for {analyte.display} ({side})",))

    def _against_limit(self, node: Compare, analyte: Analyte, reading: Reading, limit) -> Result:
        limit_value, limit_unit, source = limit
        converted = self._convert(reading, limit_unit, analyte, node.within_days)
        if isinstance(converted, Missing):
            return Result(Truth.UNKNOWN, converted.reason, (), converted.needed)
        bound = comparable(node.value * limit_value)
        truth = compare_interval(converted, node.op, bound)
        named = f"{node.relative_to} {show.quantity(limit_value, limit_unit)} ({source})"
        multiple = f"{show.number(node.value)} × {named} = {show.quantity(bound, limit_unit)}" \
            if node.value != 1 else named
        threshold = f"{show.OP_TEXT[node.op]} {multiple}"
        reason = f"{_observed(reading, converted)} {_verdict(truth)} {threshold}"
        evidence = _evidence(analyte, reading, converted, threshold,
                             f"{node.relative_to} {show.quantity(limit_value, limit_unit)}", source)
        return Result(truth, reason, (evidence,), _settles(truth, reading))

    def between(self, node: Between) -> Result:
        analyte = self.cat[node.analyte]
        reading = self._value(analyte, node)
        if isinstance(reading, Missing):
            return Result(Truth.UNKNOWN, reading.reason, (), reading.needed)
        converted = self._convert(reading, node.unit, analyte, node.within_days)
        if isinstance(converted, Missing):
            return Result(Truth.UNKNOWN, converted.reason, (), converted.needed)
        truth = compare_interval(converted, ">=", node.low) & compare_interval(converted, "<=", node.high)
        threshold = f"in {show.number(node.low)}–{show.quantity(node.high, node.unit)}"
        reason = f"{_observed(reading, converted)} {_verdict(truth, 'is', 'is not')} {threshold}"
        return Result(truth, reason, (_evidence(analyte, reading, converted, threshold),),
                      _settles(truth, converted))

    def one_of(self, node: OneOf) -> Result:
        analyte = self.cat[node.analyte]
        reading = self._value(analyte, node)
        if isinstance(reading, Missing):
            return Result(Truth.UNKNOWN, reading.reason, (), reading.needed)
        possible = reading.values or ((reading.low,) if reading.is_point else None)
        if possible is None:
            inside = any(reading.low <= v <= reading.high for v in node.values)
            truth = Truth.UNKNOWN if inside else Truth.FALSE
        else:
            hits = [v in node.values for v in possible]
            truth = Truth.TRUE if all(hits) else Truth.FALSE if not any(hits) else Truth.UNKNOWN
        allowed = ", ".join(show.number(v) for v in node.values)
        reason = f"{_observed(reading, reading)} {_verdict(truth, 'is', 'is not')} one of {allowed}"
        return Result(truth, reason, (_evidence(analyte, reading, reading, f"one of {allowed}"),),
                      _settles(truth, reading))

    def normal(self, node: Normal) -> Result:
        analyte = self.cat[node.analyte]
        reading = self._value(analyte, node)
        if isinstance(reading, Missing):
            return Result(Truth.UNKNOWN, reading.reason, (), reading.needed)
        sides = {"range": ("LLN", "ULN"), "upper": ("ULN",), "lower": ("LLN",)}[analyte.normal_means]
        results = [self._relative(Compare(analyte=analyte.id, name=node.name,
                                          op="<=" if side == "ULN" else ">=", value=1.0,
                                          relative_to=side, within_days=node.within_days),
                                  analyte, reading)
                   for side in sides]
        truth = Truth.TRUE
        for r in results:
            truth = truth & r.truth
        combined = _combine(truth, results, "and")
        scope = {"upper": " (for this analyte, normal means at or below ULN)",
                 "lower": " (for this analyte, normal means at or above LLN)"}.get(analyte.normal_means, "")
        return Result(truth, combined.reason + scope, combined.evidence, combined.missing)

    # -------------------------------------------------------------- helpers
    def _convert(self, reading: Reading, unit: Optional[str], analyte: Analyte,
                 window: Optional[int] = None) -> Union[Reading, Missing]:
        if analyte.id == "age" and unit not in (None, "a"):
            return self.readings.age(analyte, unit)  # counted, not converted: 10 months is not 0 years
        try:
            return reading.to(unit or analyte.unit, analyte)
        except BodySurfaceError:
            return self.readings.across_body_surface(reading, unit or analyte.unit, analyte, window)
        except UnitError as exc:
            return Missing(f"{reading.text}: cannot be compared in {show.unit(unit)} ({exc})",
                           (f"{analyte.display} (a result in a convertible unit)",))

    def _limits(self, analyte: Analyte, reading: Reading, kind: str):
        """ULN/LLN: the lab's own range, then the site table, then the analyte default.

        A default is the two ends of the span laboratories use where the table has one
        (else one conventional limit); where it differs by sex and the profile does not say
        female or male, both sexes count: the caller accepts only an answer they agree on.
        """
        side = 1 if kind == "ULN" else 0
        m = reading.measurement
        own = (m.high if kind == "ULN" else m.low) if m else None
        if own is not None:
            return [(own, m.unit, "the lab's reference range")]
        site = self.site_ranges.get(analyte.id)
        if site is not None and site[side] is not None:
            return [(site[side], analyte.unit, "the site's reference table")]
        defaults = analyte.default_limits(kind, self.patient.sex)
        if defaults is not None:
            return [(value, analyte.unit, label) for value, label in zip(defaults.values, defaults.labels)]
        return Missing(f"{reading.text}: no {kind} for {analyte.display} (the result has no "
                       "reference range and the analyte table has no default)",
                       (f"{analyte.display} reference range ({kind})",))


def _when(entry) -> str:
    start = getattr(entry, "start", None) or getattr(entry, "date", None)
    end = getattr(entry, "end", None)
    return f"{start} to {end}" if start and end else str(end or start or "undated")


def _observed(reading: Reading, converted: Reading) -> str:
    """'Platelets 150 ×10^9/L on DATE (= 150,000/µL)'; a derived value ends with its result."""
    if reading.derivation and converted.text != reading.text:
        return converted.text   # converted with more than a factor: it says how
    if reading.derivation:
        result = reading.shown() if converted.unit == reading.unit else \
            f"{reading.shown()} (= {converted.shown()})"
        return f"{reading.text}; {result}"
    if converted.unit == reading.unit or converted.text != reading.text:
        return converted.text if converted.text != reading.text else reading.text
    joiner = "= " if converted.is_point else "i.e. "
    return f"{reading.text} ({joiner}{converted.shown()})"


def _settles(truth: Truth, reading: Reading) -> tuple[str, ...]:
    """What would settle an unknown: the compared reading's (an age counted in hours from a
    birth date is a new reading, not the age in years converted)."""
    return reading.settles if truth is Truth.UNKNOWN else ()


def _verdict(truth: Truth, yes: str = "meets", no: str = "does not meet") -> str:
    return {Truth.TRUE: yes, Truth.FALSE: no, Truth.UNKNOWN: f"may or may not {yes.rstrip('s') if yes == 'meets' else 'be'}"}[truth]


def _in_branch(evidence: tuple[Evidence, ...], branch: str) -> tuple[Evidence, ...]:
    return tuple(e.model_copy(update={"branch": branch}) for e in evidence)


def _evidence(analyte: Analyte, reading: Reading, converted: Reading, threshold: str,
              limit: Optional[str] = None, source: Optional[str] = None) -> Evidence:
    m = reading.measurement
    return trusted(Evidence, {
        "analyte": analyte.id, "observed": reading.text, "date": m.date if m else None,
        "unit": reading.unit, "value": reading.low if reading.is_point else None,
        "compared_as": converted.shown(), "threshold": threshold, "limit": limit,
        "limit_source": source, "derivation": reading.derivation})


def _combine(truth: Truth, results: list[Result], word: str) -> Result:
    """The reason of a combination names the children that decided it."""
    deciding = [r for r in results if r.truth is truth] or results
    if truth is Truth.UNKNOWN and word == "and":
        deciding = [r for r in results if r.truth is Truth.UNKNOWN]
    elif truth is Truth.UNKNOWN:
        deciding = results  # why no alternative settled it
    reason = f" {word} ".join(r.reason for r in deciding) if truth is not Truth.UNKNOWN else \
        "; ".join(r.reason for r in deciding)
    evidence = tuple(e for r in results for e in r.evidence)
    missing = tuple(dict.fromkeys(n for r in deciding for n in r.missing))
    return Result(truth, reason, evidence, missing)


def evaluate(criterion: Criterion, patient: Patient, as_of: Optional[date] = None, *,
             recency_days: int = DEFAULT_RECENCY_DAYS, evaluator: Optional[Evaluator] = None) -> Outcome:
    """Evaluate one criterion for one patient on the screening date (default: today)."""
    evaluator = evaluator or Evaluator(patient, as_of or date.today(), recency_days)
    result = evaluator.criterion(criterion.tree, criterion.not_derived)
    return outcome(criterion, result)


def outcome(criterion: Criterion, result: Result) -> Outcome:
    met = result.truth
    if met is Truth.UNKNOWN:
        status: Status = "unknown"
    elif criterion.section == "exclusion":
        status = "fail" if met is Truth.TRUE else "pass"
    else:
        status = "pass" if met is Truth.TRUE else "fail"
    reason = result.reason
    if criterion.section == "exclusion" and met is not Truth.UNKNOWN:
        reason = f"exclusion {'met' if met is Truth.TRUE else 'not met'}: {reason}"
    return trusted(Outcome, {
        "criterion_id": criterion.id, "section": criterion.section, "text": criterion.text,
        "read_as": criterion.expr, "status": status, "met": met, "reason": reason,
        "evidence": result.evidence, "missing": result.missing, "evaluable": criterion.evaluable,
        "check": criterion.check, "decision": None})
