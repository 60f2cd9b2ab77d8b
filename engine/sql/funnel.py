"""``elig funnel``: which criteria cost the most patients (feasibility).

Per machine-evaluable criterion: how many patients pass, fail and are unknown, how
many it alone excludes, and the attrition funnel (how many are still not excluded
after each criterion in file order). Everything is counted inside the database with
conditional aggregates over the screening query. ``--what-if "inc-07: platelets >=
75000 /uL"`` screens again with that criterion's reading replaced and reports how many
more patients the relaxed threshold admits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlglot import exp

from ..concepts import ConceptIds
from ..criteria import compile_criterion
from ..errors import CriterionError, EngineError
from ..rules import Trial
from .compiler import compile_trial
from .expr import all_of, case, col, num, text


@dataclass(frozen=True)
class Step:
    criterion: str
    text: str
    section: str
    passed: int
    failed: int
    unknown: int
    only_cause: int        # patients this criterion alone excludes
    remaining: int         # patients not excluded by this or any earlier criterion


@dataclass(frozen=True)
class Funnel:
    trial_id: str
    patients: int
    steps: tuple[Step, ...]
    manual: int            # criteria that always need a person (not in the funnel)

    @property
    def remaining(self) -> int:
        return self.steps[-1].remaining if self.steps else self.patients

    def as_dict(self) -> dict:
        return {"trial": self.trial_id, "patients": self.patients, "manual_criteria": self.manual,
                "remaining": self.remaining, "steps": [s.__dict__ for s in self.steps]}


def funnel_query(trial: Trial, dialect: str, as_of: date, schema: Optional[str] = None,
                 concept_ids: Optional[ConceptIds] = None) -> tuple[exp.Select, list]:
    compiled = compile_trial(trial, dialect, as_of, schema=schema, concept_ids=concept_ids)
    steps = [c for c in trial.criteria if c.evaluable]
    total = lambda condition: exp.Sum(this=case([(condition, num(1))], num(0)))  # noqa: E731
    fails = lambda c: exp.EQ(this=col(c.id), expression=text("fail"))  # noqa: E731
    kept = lambda c: exp.NEQ(this=col(c.id), expression=text("fail"))  # noqa: E731
    columns = [exp.Count(this=exp.Star())]
    for i, c in enumerate(steps):
        columns += [total(exp.EQ(this=col(c.id), expression=text(status))) for status in ("pass", "fail", "unknown")]
        others = [kept(o) for o in steps if o is not c]
        columns.append(total(all_of([fails(c), *others])))
        columns.append(total(all_of([kept(s) for s in steps[:i + 1]])))
    query = exp.select(*columns).from_(exp.paren(compiled.query, copy=False).as_("screened"))
    return query, steps


def funnel(trial: Trial, engine, as_of: date, schema: Optional[str] = None, progress=None,
           concept_ids: Optional[ConceptIds] = None) -> Funnel:
    query, steps = funnel_query(trial, engine.dialect, as_of, schema, concept_ids)
    row = engine.query(query.sql(dialect=engine.dialect), progress)[0]
    patients, values = int(row[0]), [int(v or 0) for v in row[1:]]
    made = []
    for i, c in enumerate(steps):
        p, f, u, only, remaining = values[5 * i:5 * i + 5]
        made.append(Step(c.id, c.text, c.section, p, f, u, only, remaining))
    return Funnel(trial.id, patients, tuple(made), sum(not c.evaluable for c in trial.criteria))


def what_if(trial: Trial, change: str) -> Trial:
    """The trial with one criterion read differently: ``"inc-07: platelets >= 75000 /uL"``."""
    criterion_id, sep, expr = change.partition(":")
    criterion_id, expr = criterion_id.strip(), expr.strip()
    if not sep or not criterion_id or not expr:
        raise EngineError(f"--what-if {change!r}: expected 'CRITERION-ID: expression', "
                          "e.g. 'inc-07: platelets >= 75000 /uL'")
    try:
        original = trial.criterion(criterion_id)
    except KeyError:
        known = ", ".join(c.id for c in trial.criteria if c.evaluable)
        raise EngineError(f"--what-if: {trial.id} has no criterion '{criterion_id}' "
                          f"(machine-evaluable ones: {known})") from None
    try:
        relaxed = compile_criterion(original.text, original.section, id=original.id, expr=expr,
                                    parent=original.parent, note=f"what-if: {expr}")
    except CriterionError as exc:
        raise EngineError(f"--what-if {criterion_id}: {exc.render()}") from None
    criteria = tuple(relaxed if c.id == criterion_id else c for c in trial.criteria)
    return trial.model_copy(update={"criteria": criteria, "path": ""})
