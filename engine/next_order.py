"""Order this next: which one laboratory order settles the most open questions for a patient.

For one patient across the loaded trials, each candidate order (a panel of
``engine/data/panels.yaml``, or one analyte that no panel reports) is tried by the engine
itself: each open trial's unknown criteria are evaluated again with a fresh result, dated
the screening date, of every member the patient lacks, at values on each side of every
threshold the criterion names (over the plausible range for the inputs of a derived value,
such as creatinine for a clearance), each result reported with the analyte's conventional
reference range, as a laboratory's report would carry one. A criterion is *settled* by an
order when every one of those results decides it (pass or fail); a trial is settled when
all its unknown criteria are. Only trials that need data are open: a trial the patient
already fails on decided criteria is not opened by a lab.

At registry scale (``elig funnel --one-lab-away``, engine/sql/funnel.py), ``one_lab_away``
counts the patients who need data and whom one normal result of one lab they lack would
make eligible pending review (or eligible): the answer the SQL back end must agree with.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product
from math import isfinite
from pathlib import Path
from typing import Iterable, Optional, Sequence

from pydantic import BaseModel, ConfigDict, computed_field

from .analytes import DERIVED_INPUTS, Analyte, catalogue
from .criteria import Criterion
from .documents import load_yaml
from .errors import EngineError
from .evaluate import Evaluator
from .nodes import Compare, leaves
from .patients import LabResult, Patient
from .readings import Missing, Readings
from .rules import Trial
from .screen import ScreenResult, evaluate_scoped, screen
from .units import UnitError, factor

PANELS_FILE = Path(__file__).parent / "data" / "panels.yaml"
GRID_POINTS = 9          # values tried across the plausible range of a derived value's input
ONE_LAB_AWAY = ("eligible pending review", "eligible")   # the verdicts a lab must bring


class Panel(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    id: str
    name: str
    loinc: str
    source: str
    members: tuple[str, ...]


class Order(BaseModel):
    """One order and what a result of it would settle, across the patient's open trials."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    name: str
    loinc: str
    members: tuple[str, ...]              # every analyte the order reports
    analytes: tuple[str, ...]             # the members the patient lacks
    settles_criteria: tuple[str, ...]     # "NCT00699491:inc-12", each decided whatever the result
    settles_trials: tuple[str, ...]       # open trials whose every unknown criterion it decides
    advances_trials: tuple[str, ...]      # open trials where it decides at least one criterion
    open_trials: int

    @computed_field
    @property
    def label(self) -> str:
        """"Order CBC with differential: settles 3 of 4 open trials"."""
        if self.settles_trials:
            return f"Order {self.name}: settles {len(self.settles_trials)} of {self.open_trials} open trials"
        n = len(self.settles_criteria)
        return (f"Order {self.name}: settles {n} {'criterion' if n == 1 else 'criteria'} in "
                f"{len(self.advances_trials)} of {self.open_trials} open trials")


@lru_cache(maxsize=1)
def panels() -> tuple[Panel, ...]:
    """The panels of engine/data/panels.yaml, each member checked against the catalogue."""
    cat = catalogue()
    made = tuple(Panel.model_validate(entry) for entry in load_yaml(PANELS_FILE.read_text(encoding="utf-8")))
    for panel in made:
        unknown = [m for m in panel.members if m not in cat.by_id]
        if unknown:
            raise EngineError(f"{PANELS_FILE.name}: panel {panel.id}: members not in the analyte "
                              f"catalogue: {', '.join(unknown)}")
    return made


def next_orders(patient: Patient, trials: Sequence[Trial], results: Sequence[ScreenResult],
                cohort: Optional[str] = None) -> tuple[Order, ...]:
    """The orders that would settle some open question, best first: most trials settled,
    then most criteria, then most trials advanced, then the smaller order. ``results`` are
    the patient's screens of ``trials`` (``screen()``), with the ``cohort`` they were
    screened for. An order that another settling at least as much with no more members
    beats is left out (the CBC with differential when the CBC settles as much)."""
    by_id = {r.trial_id: r for r in results}
    opened = [(t, by_id[t.id]) for t in trials if t.id in by_id and by_id[t.id].verdict == "needs data"]
    if not opened:
        return ()
    questions = [_Question(trial, criterion, lacking)
                 for trial, result in opened for lacking in (_lacking(patient, trial, result),)
                 for criterion in trial.criteria if criterion.id in result.unknown]
    lacking = set().union(*(q.lacking for q in questions))
    as_of = opened[0][1].as_of
    settled_cache: dict[tuple, bool] = {}
    made = []
    for name, loinc, members in _candidates(lacking):
        settles = [q for q in questions
                   if _settles(q, members, patient, as_of, cohort, settled_cache)]
        if not settles:
            continue
        advanced = tuple(dict.fromkeys(q.trial.id for q in settles))
        whole = tuple(t for t in advanced
                      if {q.criterion.id for q in settles if q.trial.id == t} == set(by_id[t].unknown))
        made.append(Order(name=name, loinc=loinc, members=members, analytes=tuple(m for m in members if m in lacking),
                          settles_criteria=tuple(f"{q.trial.id}:{q.criterion.id}" for q in settles),
                          settles_trials=whole, advances_trials=advanced, open_trials=len(opened)))
    made.sort(key=lambda o: (-len(o.settles_trials), -len(o.settles_criteria), -len(o.advances_trials),
                             len(o.members), o.name))
    return tuple(o for i, o in enumerate(made) if not any(_beats(b, o) for b in made[:i]))


def orders_for(patient: Patient, trials: Sequence[Trial], as_of, cohort: Optional[str] = None
               ) -> tuple[Order, ...]:
    """``next_orders`` screening the patient first."""
    return next_orders(patient, trials, [screen(t, patient, as_of, cohort) for t in trials], cohort)


def _beats(better: Order, other: Order) -> bool:
    return (set(other.settles_criteria) <= set(better.settles_criteria)
            and len(better.members) <= len(other.members))


class _Question:
    """One unknown criterion of an open trial and the analytes the patient lacks for it."""

    def __init__(self, trial: Trial, criterion: Criterion, lacking: frozenset[str]) -> None:
        self.trial, self.criterion = trial, criterion
        self.named = frozenset(leaf.analyte for leaf in leaves(criterion.tree))
        touched = self.named | {i for a in self.named for i in DERIVED_INPUTS.get(a, ())}
        self.lacking = frozenset(touched & lacking)


def _lacking(patient: Patient, trial: Trial, result: ScreenResult) -> frozenset[str]:
    """Analytes the trial's unknown criteria read (or derive from) that have no usable
    result: missing, too old for the trial or for the criterion's own window."""
    cat = catalogue()
    readings = Readings(patient, result.as_of, trial.recency_days)
    windows: dict[str, set] = {}
    for criterion in trial.criteria:
        if criterion.id not in result.unknown:
            continue
        for leaf in leaves(criterion.tree):
            for analyte in (leaf.analyte, *DERIVED_INPUTS.get(leaf.analyte, ())):
                windows.setdefault(analyte, {None}).add(getattr(leaf, "within_days", None))
    return frozenset(a for a, days in windows.items() if a in cat.by_id and a != "age"
                     and any(isinstance(readings.get(cat[a], True, d), Missing) for d in days))


def _candidates(lacking: set[str]) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    """(name, LOINC order code, members) of each order that reports something lacking: the
    panels, then each lacking laboratory analyte no panel reports (a derived value is
    ordered through its inputs)."""
    cat = catalogue()
    in_panels = set()
    for panel in panels():
        in_panels.update(panel.members)
        if lacking & set(panel.members):
            yield panel.name, panel.loinc, panel.members
    for analyte_id in sorted(lacking - in_panels):
        analyte = cat[analyte_id]
        if analyte.source == "lab" and not analyte.derived and analyte.loinc and analyte_id not in DERIVED_INPUTS:
            yield analyte.display, analyte.loinc[0], (analyte_id,)


def _settles(question: _Question, members: tuple[str, ...], patient: Patient, as_of,
             cohort: Optional[str], cache: dict) -> bool:
    """Whether every result of the order's members decides the criterion. A derived value's
    inputs are tried only where the order does not report the value itself (a CBC with
    differential reports the ANC: its WBC and neutrophil percentage change nothing)."""
    direct = question.named & set(members)
    inputs = {i for a in question.named - direct for i in DERIVED_INPUTS.get(a, ())}
    probed = tuple(sorted(question.lacking & set(members) & (direct | inputs)))
    if not probed:
        return False
    key = (question.trial.id, question.criterion.id, probed)
    if key not in cache:
        cache[key] = _decided_whatever(question, probed, patient, as_of, cohort)
    return cache[key]


def _decided_whatever(question: _Question, probed: tuple[str, ...], patient: Patient, as_of,
                      cohort: Optional[str]) -> bool:
    cat = catalogue()
    values = [_probe_values(cat[a], question.criterion, a in question.named) for a in probed]
    trial = question.trial
    for combination in product(*values):
        fresh = [_fresh_result(cat[a], v, as_of) for a, v in zip(probed, combination)]
        evaluator = Evaluator(patient.with_results(fresh), as_of, trial.recency_days)
        if evaluate_scoped(question.criterion, evaluator, cohort, trial.declared_cohorts).status == "unknown":
            return False
    return True


def _probe_values(analyte: Analyte, criterion: Criterion, direct: bool) -> list[float]:
    """Values in the analyte's unit: one between each two thresholds the criterion sets on
    it and one beyond each end (a value on a threshold decides each comparison as the
    values on one side of it do); for an input of a derived value (whose thresholds are on
    what it is derived into), a grid across the plausible range too."""
    low, high = _bounds(analyte)
    cuts = sorted(set(_thresholds(analyte, criterion)))
    points = set()
    if cuts:
        points.update((a + b) / 2 for a, b in zip(cuts, cuts[1:]))
        below = cuts[0] / 2 if cuts[0] > 0 else cuts[0] - 1
        above = cuts[-1] * 2 if cuts[-1] > 0 else cuts[-1] + 1
        points.update((max(below, low), min(above, high)))      # still a possible value
    if not direct or not cuts:
        points.update(_grid(low, high))
    return sorted(p for p in points if low <= p <= high)


def _bounds(analyte: Analyte) -> tuple[float, float]:
    rng = analyte.plausible or analyte.reference_range
    low = rng.low if rng and rng.low is not None else 0.0
    high = rng.high if rng and rng.high is not None else max(low * 100, 1000.0)
    return low, high


def _grid(low: float, high: float) -> list[float]:
    if low > 0:
        ratio = (high / low) ** (1 / (GRID_POINTS - 1))
        return [low * ratio ** i for i in range(GRID_POINTS)]
    step = (high - low) / (GRID_POINTS - 1)
    return [low + step * i for i in range(GRID_POINTS)]


def _thresholds(analyte: Analyte, criterion: Criterion) -> Iterable[float]:
    """The criterion's thresholds on this analyte, in its unit (a multiple of a limit of
    normal against the reference range the fresh result carries)."""
    rng = analyte.reference_range
    limit = {"ULN": rng.high if rng else None, "LLN": rng.low if rng else None}
    for leaf in leaves(criterion.tree):
        if leaf.analyte != analyte.id:
            continue
        if leaf.kind == "compare" and leaf.relative_to:
            if limit.get(leaf.relative_to) is not None:
                yield leaf.value * limit[leaf.relative_to]
        elif leaf.kind == "compare":
            yield from _in_unit(analyte, (leaf.value,), leaf.unit)
        elif leaf.kind == "between":
            yield from _in_unit(analyte, (leaf.low, leaf.high), leaf.unit)
        elif leaf.kind == "one_of":
            yield from leaf.values
        elif leaf.kind == "normal":
            yield from (v for v in limit.values() if v is not None)


def _in_unit(analyte: Analyte, values: tuple[float, ...], unit: Optional[str]) -> list[float]:
    try:
        scale = factor(unit or analyte.unit, analyte.unit, analyte.molar_mass, analyte.valence)
    except UnitError:      # a unit only convertible with more than a factor: the grid covers it
        return []
    return [v * scale for v in values if isfinite(v * scale)]


def _fresh_result(analyte: Analyte, value: float, as_of) -> LabResult:
    rng = analyte.reference_range
    reported = {"low": rng.low, "high": rng.high} if rng and (rng.low is not None or rng.high is not None) else None
    return LabResult(test=analyte.id, value=value, unit=analyte.unit, date=as_of, reference_range=reported)


# ---------------------------------------------------------------- registry scale
def orderable_labs(trial: Trial) -> tuple[str, ...]:
    """The analytes a laboratory reports that the trial's machine-checkable criteria read
    (or derive a value they read from), each with a reference range to take a normal
    result from; in the order the criteria name them."""
    cat = catalogue()
    named = [leaf.analyte for c in trial.criteria if c.evaluable for leaf in leaves(c.tree)]
    wanted = dict.fromkeys(a for n in named for a in (n, *DERIVED_INPUTS.get(n, ())) if a in cat.by_id)
    return tuple(a for a in wanted if cat[a].source == "lab" and not cat[a].derived and _normal(cat[a]) is not None)


def normal_result(analyte: Analyte, as_of) -> LabResult:
    """A result in the middle of the analyte's conventional range, with that range,
    dated the screening date: the lab "coming back normal"."""
    value, low, high = _normal(analyte)
    return LabResult(test=analyte.id, value=value, unit=analyte.unit, date=as_of,
                     reference_range={"low": low, "high": high})


def _normal(analyte: Analyte) -> Optional[tuple[float, float, float]]:
    rng = analyte.reference_range
    if rng is None or rng.low is None or rng.high is None:
        return None
    return (rng.low + rng.high) / 2, rng.low, rng.high


def presence_criterion(analyte_id: str, number: int) -> Criterion:
    """A criterion decided exactly when the patient has a usable result of the analyte
    (recent enough, convertible, plausible; derived where the analyte can be): any value
    passes it. Both back ends evaluate it, so "lacks the lab" means the same in both."""
    analyte = catalogue()[analyte_id]
    return Criterion(id=f"has-{number:02d}", text=f"a usable {analyte.display} result",
                     tree=Compare(analyte=analyte_id, name=analyte_id, op=">=", value=-1e12, unit=analyte.unit))


def one_lab_away(trial: Trial, patients: Iterable[Patient], as_of) -> dict[str, int]:
    """Per orderable lab: the patients who need data, lack that lab, and whom a normal
    result of it would make eligible pending review (or eligible)."""
    cat = catalogue()
    labs = orderable_labs(trial)
    presence = [presence_criterion(lab, i) for i, lab in enumerate(labs, 1)]
    counts = dict.fromkeys(labs, 0)
    for patient in patients:
        if screen(trial, patient, as_of).verdict != "needs data":
            continue
        evaluator = Evaluator(patient, as_of, trial.recency_days)
        for lab, has in zip(labs, presence):
            if evaluate_scoped(has, evaluator, None).status != "unknown":
                continue
            again = screen(trial, patient.with_results([normal_result(cat[lab], as_of)]), as_of)
            counts[lab] += again.verdict in ONE_LAB_AWAY
    return counts
