"""``elig funnel``: which criteria cost the most patients (feasibility).

Per machine-evaluable criterion: how many patients pass, fail and are unknown, how
many it alone excludes, and the attrition funnel (how many are still not excluded
after each criterion in file order). Everything is counted inside the database with
conditional aggregates over the screening query. ``--what-if "inc-07: platelets >=
75000 /uL"`` screens again with that criterion's reading replaced and reports how many
more patients the relaxed threshold admits.

``--one-lab-away`` counts, per lab, the patients one missing lab from *eligible pending
review*: they need data, have no usable result of the lab, and screened again with one
normal result of it (the middle of its conventional range, dated the screening date,
added to their measurement rows) they are eligible pending review or eligible. Each
count is one query joining three screenings of the registry on person_id; the Python
evaluator's answer is ``engine.next_order.one_lab_away``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlglot import exp

from ..analytes import Analyte, catalogue
from ..concepts import ConceptIds
from ..criteria import compile_criterion
from ..errors import CriterionError, EngineError
from ..next_order import ONE_LAB_AWAY, normal_result, orderable_labs, presence_criterion
from ..rules import Trial
from .compiler import compile_trial
from .expr import all_of, case, col, in_, num, text
from .staging import ID
from .vocab import unit_concept, vocabulary


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


# The measurement columns the staging reads: what a tried result fills in.
_MEASURED = ("measurement_id", "person_id", "measurement_concept_id", "measurement_date", "operator_concept_id",
             "value_as_number", "unit_concept_id", "range_low", "range_high", "measurement_source_value")


def one_lab_away(trial: Trial, engine, as_of: date, schema: Optional[str] = None, progress=None,
                 concept_ids: Optional[ConceptIds] = None) -> dict[str, int]:
    """Per orderable lab (``orderable_labs``), the registry patients one missing lab from
    eligible pending review, counted in the database. A lab the registry's vocabulary
    cannot write (no concept or LOINC code, no unit concept for its unit) is left out."""
    labs = [lab for lab in orderable_labs(trial) if _coded(catalogue()[lab]) is not None]
    if not labs:
        return {}
    presence = trial.model_copy(update={"path": "", "criteria": tuple(
        presence_criterion(lab, i) for i, lab in enumerate(labs, 1))})
    # Screened once: each patient's verdict, and which labs they have a usable result of.
    base = compile_trial(trial, engine.dialect, as_of, schema=schema, concept_ids=concept_ids).query
    engine.stage("one_lab_base", exp.select(col(ID), col("verdict")).from_(
        exp.paren(base).as_("s")).sql(dialect=engine.dialect), progress)
    engine.stage("one_lab_has", compile_trial(presence, engine.dialect, as_of, schema=schema,
                                              concept_ids=concept_ids).sql(pretty=False), progress)
    last = exp.select(exp.Max(this=col("measurement_id"))).from_(exp.table_("measurement", db=schema))
    first_free = int(engine.query(last.sql(dialect=engine.dialect))[0][0] or 0) + 1
    counts = {}
    for i, lab in enumerate(labs, 1):
        screened = compile_trial(trial, engine.dialect, as_of, schema=schema, concept_ids=concept_ids)
        tried = _with_normal_result(screened.query, catalogue()[lab], as_of, schema, first_free)
        away = all_of([exp.EQ(this=col("verdict", "b"), expression=text("needs data")),
                       exp.EQ(this=col(f"has-{i:02d}", "h"), expression=text("unknown")),
                       in_(col("verdict", "w"), [text(v) for v in ONE_LAB_AWAY])])
        query = exp.select(exp.Sum(this=case([(away, num(1))], num(0)))).from_(
            exp.paren(tried).as_("w")).join(
            exp.table_("one_lab_base", alias="b"), on=exp.EQ(this=col(ID, "b"), expression=col(ID, "w"))).join(
            exp.table_("one_lab_has", alias="h"), on=exp.EQ(this=col(ID, "h"), expression=col(ID, "w")))
        counts[lab] = int(engine.query(query.sql(dialect=engine.dialect), progress)[0][0] or 0)
    return counts


def _coded(analyte: Analyte) -> Optional[tuple[int, Optional[str], int]]:
    """(concept id, LOINC source value, unit concept id) a registry row of it is written
    with, as an ETL would: the concept where omop.yaml maps one, else the LOINC code."""
    unit = unit_concept(analyte.unit)
    if unit is None:
        return None
    concept = next((c for c, a in sorted(vocabulary().concepts.items()) if a == analyte.id), None)
    if concept is not None:
        return concept, None, unit
    return (0, analyte.loinc[0], unit) if analyte.loinc else None


def _with_normal_result(query: exp.Select, analyte: Analyte, as_of: date, schema: Optional[str],
                        first_free: int) -> exp.Select:
    """The screening query reading, in place of the measurement table, its rows and one
    normal result of the analyte per person, numbered after every existing row (so a
    result of the same day already there stays first, as in the Python evaluator)."""
    concept, source, unit = _coded(analyte)
    lab = normal_result(analyte, as_of)
    dbl, whole = exp.DataType.build("double"), exp.DataType.build("bigint")
    tried = exp.select(
        exp.alias_(exp.Add(this=exp.cast(num(first_free), whole), expression=exp.cast(col(ID), whole)),
                   "measurement_id", quoted=True),
        col(ID), exp.alias_(exp.cast(num(concept), exp.DataType.build("int")), "measurement_concept_id", quoted=True),
        exp.alias_(exp.cast(text(as_of.isoformat()), exp.DataType.build("date")), "measurement_date", quoted=True),
        exp.alias_(exp.cast(exp.Null(), exp.DataType.build("int")), "operator_concept_id", quoted=True),
        *[exp.alias_(exp.cast(num(v), dbl), name, quoted=True) for v, name in (
            (lab.value, "value_as_number"),)],
        exp.alias_(exp.cast(num(unit), exp.DataType.build("int")), "unit_concept_id", quoted=True),
        *[exp.alias_(exp.cast(num(v), dbl), name, quoted=True) for v, name in (
            (lab.reference_range.low, "range_low"), (lab.reference_range.high, "range_high"))],
        exp.alias_(exp.cast(text(source) if source else exp.Null(), exp.DataType.build("varchar")),
                   "measurement_source_value", quoted=True)).from_(exp.table_("person", db=schema))
    rows = exp.union(exp.select(*[col(c) for c in _MEASURED]).from_(exp.table_("measurement", db=schema)),
                     tried, distinct=False)
    for table in list(query.find_all(exp.Table)):
        if table.name == "measurement":
            table.replace(exp.Subquery(this=rows.copy(), alias=exp.TableAlias(this=exp.to_identifier(table.alias))))
    return query
