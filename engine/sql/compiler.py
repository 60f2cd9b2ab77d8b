"""A trial -> one SELECT: per person, every criterion's status and reason code, the verdict.

One ``<kind>_sql`` method per node kind (the evaluator's ``<kind>`` methods, in SQL),
in the spirit of sqlglot's generator. Each returns the node's Kleene truth (a SQL
boolean, NULL = unknown) and a short reason code ("platelets:low", "ast:no_uln",
"creatinine:missing", "condition:liver metastases"). Node values become columns of
layered CTEs (a node's truth two layers above its children's), so a parent and its
reason code read a child by name instead of repeating it.

A node kind without a ``<kind>_sql`` method is a compile-time SQLCompileError, never
silently wrong SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Optional

from sqlglot import exp

from ..analytes import Analyte, catalogue
from ..concepts import ConceptIds, concepts
from ..errors import EngineError
from ..history import listed_complete
from ..rules import Trial, rules_version
from ..screen import VERDICTS
from ..units import comparable
from .expr import (Expr, agree, agree_all, all_of, any_of, case, col, compare_constant, compare_interval, false, in_,
                   is_null, not_, num, round12, text, true, unknown)
from .staging import ID, Needs, Staging
from .values import IMPLAUSIBLE, SOURCES, UNIT, MappedScale, Reading, Readings
from .vocab import Vocabulary, vocabulary

DIALECTS = ("duckdb", "postgres", "spark", "bigquery", "snowflake")
STATUSES = ("pass", "fail", "unknown")
MATERIALIZE = ("src1", "src2", "rd0", "rd")
_MONOTONE = ("<", "<=", ">", ">=")   # comparisons whose truth moves one way as a limit grows
FIXED_COLUMNS = ("person_id", "trial_id", "verdict", "as_of", "engine_version", "rules_version")
# Output columns added since FIXED_COLUMNS (an output written before them is still one).
LATER_COLUMNS = ("complete_lists",)


class SQLCompileError(EngineError):
    """A tree the SQL back end cannot express (an unknown node kind, a bad dialect ...)."""


@dataclass(frozen=True)
class Ref:
    """A compiled node: its truth and reason-code columns, and the layer of its truth."""

    truth: exp.Column
    code: exp.Column
    height: int


@dataclass
class CompiledTrial:
    query: exp.Select
    dialect: str
    criteria: tuple[str, ...]          # criterion ids, in file order (status columns)
    trial_id: str
    rules_version: str
    tables: tuple[str, ...] = ()       # registry tables the query reads
    # coded concepts whose coded records the query cannot read (no vocabulary resolves them)
    unreadable: tuple[str, ...] = ()

    def sql(self, pretty: bool = True) -> str:
        return self.query.sql(dialect=self.dialect, pretty=pretty)


class Compiler:
    def __init__(self, trial: Trial, dialect: str = "duckdb", as_of: Optional[date] = None, *,
                 schema: Optional[str] = None, source_values: bool = True,
                 vocab: Optional[Vocabulary] = None, cohort: Optional[str] = None,
                 needs: Optional[Needs] = None, staged: Optional[str] = None,
                 complete: Iterable[str] = (), concept_ids: Optional[ConceptIds] = None) -> None:
        if dialect not in DIALECTS:
            raise SQLCompileError(f"unknown SQL dialect '{dialect}' (expected one of {', '.join(DIALECTS)})")
        self.trial, self.dialect = trial, dialect
        self.as_of = as_of or date.today()
        self.vocab = vocab or vocabulary()
        self.schema, self.source_values, self.cohort = schema, source_values, cohort
        # The record lists (conditions, medications, procedures) declared complete for every
        # person of the registry: no matching record in them is evidence of absence.
        self.complete = frozenset(complete)
        # The registry vocabulary's resolution of the coded concepts (engine.sql.codes); None:
        # no vocabulary, so a record coded by concept id cannot be read for them.
        self.concept_ids = concept_ids
        self._unreadable: set[str] = set()
        # ``needs`` shared by several compilers and ``staged``: the name of a table holding
        # their common staging (see compile_shared), so a batch stages the registry once.
        self.needs = needs or Needs(self.as_of)
        self.staged = staged
        self.readings = Readings(self.needs, self.vocab, dialect)
        self.cat = catalogue()
        self.layers: dict[int, list[Expr]] = {}
        self._count = 0
        self._reasons: dict[str, set[str]] = {}
        self._code_ids: dict[str, int] = {}
        self._criterion = ""
        self._not_derived: dict[str, str] = {}

    # ------------------------------------------------------------- plumbing
    def _column(self, layer: int, expression: Expr, kind: str) -> exp.Column:
        self._count += 1
        name = f"n{self._count}_{kind}"
        self.layers.setdefault(layer, []).append(exp.alias_(expression, name, quoted=True, copy=False))
        return col(name)

    def code(self, label: str) -> Expr:
        """A reason code, carried as a small integer through the layers (strings cost per
        row) and spelled out once per criterion at the end (``_reason``)."""
        number = self._code_ids.setdefault(label, len(self._code_ids))
        self._reasons.setdefault(self._criterion, set()).add(label)
        return num(number)

    def _reason(self, criterion_id: str, code: exp.Column) -> Expr:
        labels = sorted(self._reasons.get(criterion_id) or {"manual"})
        label = self._label(labels)
        return case([(exp.EQ(this=code.copy(), expression=num(self._code_ids[x])), label(text(x))) for x in labels])

    def _ref(self, height: int, truth: Expr, code: Callable[[exp.Column], Expr]) -> Ref:
        truth_col = self._column(2 * height, truth, "t")
        return Ref(truth_col, self._column(2 * height + 1, code(truth_col), "r"), height)

    def node(self, node) -> Ref:
        method = getattr(self, f"{node.kind}_sql", None)
        if method is None:
            raise SQLCompileError(f"{self.trial.id} {self._criterion}: the SQL back end cannot express "
                                  f"node kind '{node.kind}'; screen this trial with the Python evaluator")
        return method(node)

    def _analyte(self, node) -> Analyte:
        analyte = self.cat.by_id.get(node.analyte)
        if analyte is None:
            raise SQLCompileError(f"{self.trial.id} {self._criterion}: unresolved analyte "
                                  f"'{node.analyte or node.name}'")
        return analyte

    def _reading(self, node, analyte: Analyte) -> Reading:
        within = getattr(node, "within_days", None)
        window = self.trial.recency_days if within is None else within
        return self.readings.get(analyte.id, window, analyte.id not in self._not_derived)

    # ------------------------------------------------------------ structure
    def all_sql(self, node) -> Ref:
        kids = [self.node(c) for c in node.children]
        truth = all_of([exp.paren(k.truth.copy()) for k in kids])
        return self._ref(1 + max(k.height for k in kids), truth, lambda t: case([
            (not_(t.copy()), _first(kids, lambda k: not_(k.truth.copy()))),
            (is_null(t.copy()), _first(kids, lambda k: is_null(k.truth.copy())))], kids[0].code.copy()))

    def any_sql(self, node) -> Ref:
        kids = [self.node(c) for c in node.children]
        truth = any_of([exp.paren(k.truth.copy()) for k in kids])
        return self._ref(1 + max(k.height for k in kids), truth, lambda t: case([
            (t.copy(), _first(kids, lambda k: k.truth.copy())),
            (is_null(t.copy()), _first(kids, lambda k: is_null(k.truth.copy())))], kids[0].code.copy()))

    def not_sql(self, node) -> Ref:
        kid = self.node(node.child)
        return self._ref(kid.height + 1, not_(kid.truth.copy()), lambda t: kid.code.copy())

    def manual_sql(self, node) -> Ref:
        return self._ref(0, unknown(), lambda t: self.code("manual"))

    def conditional_sql(self, node) -> Ref:
        yes, no = self.node(node.when_true), self.node(node.when_false)
        height = 1 + max(yes.height, no.height)
        both = agree(yes.truth.copy(), no.truth.copy())
        name = node.condition or node.condition_text
        same = any_of([exp.EQ(this=yes.truth.copy(), expression=no.truth.copy()),
                       exp.paren(all_of([is_null(yes.truth.copy()), is_null(no.truth.copy())]))])
        if not node.condition:
            return self._ref(height, both, lambda t: case([(same, no.code.copy())], self.code(f"condition:{name}")))
        state = self._has(node.condition, "ever", None)
        truth = case([(state.copy(), yes.truth.copy()), (not_(state.copy()), no.truth.copy())], both)
        return self._ref(height, truth, lambda t: case([(state.copy(), yes.code.copy()),
                                                        (not_(state.copy()), no.code.copy()),
                                                        (same, no.code.copy())],
                                                       self.code(f"condition:{name}")))

    def has_sql(self, node) -> Ref:
        concept = self._concept(node)
        whens, otherwise = self._has_cases(concept.id, node.timing, node.within_days)
        truth = case([(when.copy(), truth.copy()) for when, truth, _ in whens], otherwise[0])
        return self._ref(0, truth, lambda t: case([(when.copy(), self.code(f"{concept.id}:{label}"))
                                                   for when, _, label in whens],
                                                  self.code(f"{concept.id}:{otherwise[1]}")))

    def since_sql(self, node) -> Ref:
        """Every dated course of the treatment far enough back (exceptions: their own days);
        an undated course leaves it open; none at all is unknown, unless the list is
        complete (then none is long enough ago, never recent). Days are compared as dates:
        ``days >= N`` is ``last <= as_of - N``."""
        concept = self._concept(node)
        exceptions = tuple((w.concept, w.days) for w in getattr(node, "exceptions", ()))
        courses = self.needs.record(concept.id, "since", node.op, node.days, exceptions)
        whens = [(exp.EQ(this=courses.copy(), expression=num(0)), false(),
                  "too_recent" if node.op in (">=", ">") else "too_long_ago"),
                 *self._unread(concept.id),
                 (exp.EQ(this=courses.copy(), expression=num(2)), true(), "ok"),
                 (exp.EQ(this=courses.copy(), expression=num(1)), unknown(), "undated")]
        if self._complete(concept.id):
            whens.append((is_null(courses.copy()), true() if node.op in (">=", ">") else false(),
                          "not_on_complete_list"))
        truth = case([(when.copy(), truth.copy()) for when, truth, _ in whens], unknown())
        return self._ref(0, truth, lambda t: case([(when.copy(), self.code(f"{concept.id}:{label}"))
                                                   for when, _, label in whens],
                                                  self.code(f"{concept.id}:not_recorded")))

    def _unread(self, concept_id: str) -> list[tuple[Expr, Expr, str]]:
        """history.History.unreadable: a record coded by a concept id no vocabulary resolves
        for a coded concept leaves the answer open (reason ``no_vocabulary``)."""
        concept = concepts()[concept_id]
        if not concept.coded or (self.concept_ids is not None and concept_id in self.concept_ids):
            return []
        self._unreadable.add(concept_id)
        unread = self.needs.record(concept_id, "unread")
        return [(exp.EQ(this=unread, expression=num(1)), unknown(), "no_vocabulary")]

    def _complete(self, concept_id: str) -> bool:
        return listed_complete(concepts()[concept_id], self.complete)

    def _concept(self, node):
        found = concepts().by_id.get(node.concept)
        if found is None:
            raise SQLCompileError(f"{self.trial.id} {self._criterion}: unresolved concept "
                                  f"'{node.concept or node.text}'")
        return found

    def _has(self, concept_id: str, timing: str, within_days: Optional[int]) -> Expr:
        whens, otherwise = self._has_cases(concept_id, timing, within_days)
        return case([(when.copy(), truth.copy()) for when, truth, _ in whens], otherwise[0])

    def _has_cases(self, concept_id: str, timing: str, within_days: Optional[int]):
        """history.History.has: a record in time; else ruled out by sex; else (a window)
        unknown for an undated record, ruled out by a last record outside the window; else,
        for a kind of a broader concept, ruled out by a sibling's record, unknown for a record
        of the broader one alone; else absent if the list is complete, unknown if not. (OMOP
        records nothing as absent.)
        As ([(when, truth, reason label)], (otherwise truth, label))."""
        concept = concepts()[concept_id]
        days = within_days or 0
        fact = self.needs.record(concept_id, timing, days) if timing == "window" else \
            self.needs.record(concept_id, timing)
        whens = [(exp.EQ(this=fact, expression=num(1)), true(), "recorded")]
        if concept.sex:
            other = self.readings.male if concept.sex == "female" else self.readings.female
            whens.append((other.copy(), false(), "ruled_out"))
        whens += self._unread(concept_id)
        if timing == "window":
            whens.append((exp.EQ(this=self.needs.record(concept_id, "undated"), expression=num(1)), unknown(),
                          "undated"))
            past = self.needs.record(concept_id, "past", days) if concept.current else \
                self.needs.record(concept_id, "past")
            whens.append((exp.EQ(this=past, expression=num(1)), false(), "ruled_out"))
        if concept.broader:  # history.History._kind_of_broader
            whens += [(exp.EQ(this=self.needs.record(concept_id, "sibling"), expression=num(1)), false(),
                       "other_kind"),
                      (exp.EQ(this=self.needs.record(concept_id, "unsaid"), expression=num(1)), unknown(),
                       "kind_unknown")]
        return whens, ((false(), "not_on_complete_list") if self._complete(concept_id) else
                       (unknown(), "not_recorded"))

    def sex_sql(self, node) -> Ref:
        female, male = self.readings.female, self.readings.male
        truth = case([(female.copy(), true() if "female" in node.allowed else false()),
                      (male.copy(), true() if "male" in node.allowed else false())], unknown())
        return self._ref(0, truth, lambda t: case([(t.copy(), self.code("sex:ok")), (not_(t.copy()), self.code("sex:other"))],
                                                  self.code("sex:missing")))

    # --------------------------------------------------------------- leaves
    def compare_sql(self, node) -> Ref:
        analyte = self._analyte(node)
        reading = self._reading(node, analyte)
        if node.relative_to:
            truth = self._relative(reading, analyte, node.relative_to, node.op, node.value)
            return self._ref(0, truth, lambda t: self._limit_code(t, reading, analyte, node.relative_to, node.op))
        lo, hi = reading.target(self._unit(node, analyte))
        truth = compare_constant(lo, hi, reading.ref("lo_open"), reading.ref("hi_open"), reading.point(),
                                 node.op, node.value)
        return self._ref(0, truth, lambda t: self._code(t, reading, analyte, _fail_word(node.op), lo))

    def between_sql(self, node) -> Ref:
        analyte = self._analyte(node)
        reading = self._reading(node, analyte)
        lo, hi = reading.target(self._unit(node, analyte))
        args = (lo, hi, reading.ref("lo_open"), reading.ref("hi_open"), reading.point())
        truth = all_of([compare_constant(*args, ">=", node.low), compare_constant(*args, "<=", node.high)])
        return self._ref(0, truth, lambda t: self._code(t, reading, analyte, "out", lo))

    def one_of_sql(self, node) -> Ref:
        analyte = self._analyte(node)
        reading = self._reading(node, analyte)
        low, high = reading.ref("lo"), reading.ref("hi")
        allowed = [num(float(v)) for v in node.values]
        inside = any_of([exp.paren(all_of([exp.LTE(this=low.copy(), expression=num(float(v))),
                                           exp.paren(any_of([is_null(high.copy()),
                                                             exp.LTE(this=num(float(v)), expression=high.copy())]))]))
                         for v in node.values])
        recorded = case([(reading.point(), in_(low.copy(), allowed)), (inside, unknown())], false())
        whens = [(not_(reading.ref("ok")), unknown())]
        mapped = reading.mapped_source()
        if mapped is not None:
            whens.append((exp.EQ(this=reading.src, expression=num(SOURCES["map"])), _mapped_one_of(mapped, node.values,
                                                                                          low, high)))
        truth = case(whens, recorded)
        return self._ref(0, truth, lambda t: self._code(t, reading, analyte, "other", low))

    def normal_sql(self, node) -> Ref:
        analyte = self._analyte(node)
        reading = self._reading(node, analyte)
        sides = {"range": ("LLN", "ULN"), "upper": ("ULN",), "lower": ("LLN",)}[analyte.normal_means]
        truths = [self._relative(reading, analyte, side, "<=" if side == "ULN" else ">=", 1.0) for side in sides]
        truth = all_of([exp.paren(t) for t in truths])
        return self._ref(0, truth, lambda t: self._limit_code(t, reading, analyte, sides[-1], None))

    # -------------------------------------------------------------- helpers
    def _unit(self, node, analyte: Analyte) -> str:
        return node.unit or analyte.unit

    def _relative(self, reading: Reading, analyte: Analyte, side: str, op: str, multiple: float) -> Expr:
        """ULN/LLN: the result's own range, else the analyte default (sex ranges both ways)."""
        own = reading.ref("own_hi" if side == "ULN" else "own_lo")
        args = (*reading.rounded(), reading.ref("lo_open"), reading.ref("hi_open"), reading.point())
        own_truth = compare_interval(*args, op, round12(exp.Mul(this=num(multiple), expression=own.copy()),
                                                        self.dialect))
        return case([(exp.Not(this=reading.ref("ok")), unknown()),
                     (exp.Not(this=is_null(own.copy())), own_truth)],
                    self._default_limit(reading, analyte, side, op, multiple))

    def _default_limit(self, reading: Reading, analyte: Analyte, side: str, op: str, multiple: float) -> Expr:
        """Analyte.default_limits for the person's sex: an answer only where every
        candidate limit (a span's two ends, or both sexes' defaults) gives it."""
        lo, hi = reading.target(analyte.unit)

        def against(value: float) -> Expr:
            return compare_constant(lo, hi, reading.ref("lo_open"), reading.ref("hi_open"), reading.point(),
                                    op, comparable(multiple * value))

        def under(sex: str) -> Expr:
            defaults = analyte.default_limits(side, sex)
            if defaults is None:
                return unknown()
            ends = sorted(set(defaults.values))
            if len(ends) == 1:
                return against(ends[0])
            if op not in _MONOTONE:
                return agree_all([against(value) for value in ends])
            # A comparison with a multiple of the limit moves one way as the limit grows: it
            # holds at every limit if it holds at the strictest, fails at every one if it
            # fails at the most lenient (Python's every-end agreement, in two tests).
            strict, lenient = (ends[0], ends[-1]) if op in ("<", "<=") else (ends[-1], ends[0])
            return case([(against(strict), true()), (not_(against(lenient)), false())], unknown())

        if len({getattr(analyte.default_limits(side, sex), "values", None)
                for sex in ("female", "male", "unknown")}) == 1:
            return under("unknown")   # the same for everyone: no test of the sex
        return case([(self.readings.female.copy(), under("female")),
                     (self.readings.male.copy(), under("male"))], under("unknown"))

    def _missing(self, reading: Reading, analyte: Analyte) -> tuple[Expr, Expr]:
        return (exp.Not(this=reading.ref("ok")),
                case([(exp.EQ(this=reading.ref("why"), expression=num(UNIT)), self.code(f"{analyte.id}:unit")),
                      (exp.EQ(this=reading.ref("why"), expression=num(IMPLAUSIBLE)),
                       self.code(f"{analyte.id}:implausible"))],
                     self.code(f"{analyte.id}:missing")))

    def _code(self, t: exp.Column, reading: Reading, analyte: Analyte, fail: str, converted: Expr) -> Expr:
        return case([self._missing(reading, analyte),
                     (is_null(converted.copy()), self.code(f"{analyte.id}:unit")),
                     (t.copy(), self.code(f"{analyte.id}:ok")),
                     (not_(t.copy()), self.code(f"{analyte.id}:{fail}"))], self.code(f"{analyte.id}:interval"))

    def _limit_code(self, t: exp.Column, reading: Reading, analyte: Analyte, side: str,
                    op: Optional[str]) -> Expr:
        fail = _fail_word(op) if op else "abnormal"
        whens = [self._missing(reading, analyte), (t.copy(), self.code(f"{analyte.id}:ok")),
                 (not_(t.copy()), self.code(f"{analyte.id}:{fail}"))]
        no_own = is_null(reading.ref("own_hi" if side == "ULN" else "own_lo"))
        spread = {sex: analyte.default_limits(side, sex) for sex in ("female", "male", "unknown")}
        if spread["unknown"] is None:
            whens.append((no_own.copy(), self.code(f"{analyte.id}:no_{side.lower()}")))
        elif spread["unknown"].spread == "span":
            whens.append((no_own.copy(), self.code(f"{analyte.id}:{side.lower()}_span")))
        elif spread["unknown"].spread == "sex":
            whens.append((all_of([no_own, exp.Not(this=exp.paren(any_of([self.readings.female.copy(),
                                                                          self.readings.male.copy()])))]),
                          self.code(f"{analyte.id}:sex")))
        return case(whens, self.code(f"{analyte.id}:interval"))

    # ---------------------------------------------------------------- query
    def criterion(self, criterion) -> Ref:
        self._criterion = criterion.id
        self._not_derived = criterion.not_derived
        try:
            neutral = false() if criterion.section == "exclusion" else true()
            cohort = getattr(criterion, "cohort", None)
            if cohort and self.cohort and cohort.lower() != self.cohort.lower():
                return self._ref(0, neutral, lambda t: self.code(f"cohort:{cohort}"))
            ref = self.node(criterion.tree)
            applies = getattr(criterion, "applies_if", None)
            return self._applies_if(ref, applies, neutral) if applies else ref
        finally:
            self._not_derived = {}

    def _applies_if(self, ref: Ref, concept_id: str, neutral: Expr) -> Ref:
        """screen._applies_if: not applicable without the condition; unknown condition
        leaves only a result that holds either way."""
        applies = self._has(concept_id, "current", None)
        truth = case([(not_(applies.copy()), neutral.copy()), (applies.copy(), ref.truth.copy()),
                      (exp.EQ(this=ref.truth.copy(), expression=neutral.copy()), ref.truth.copy())], unknown())
        return self._ref(ref.height + 1, truth, lambda t: case([(not_(applies.copy()), self.code(f"{concept_id}:not_applicable"))],
                                                               ref.code.copy()))

    def compile(self) -> CompiledTrial:
        ids = [c.id for c in self.trial.criteria]
        clash = set(ids) & set(FIXED_COLUMNS + LATER_COLUMNS) | {i for i in ids if ids.count(i) > 1}
        if clash:
            raise SQLCompileError(f"{self.trial.id}: criterion id(s) {', '.join(sorted(clash))} clash "
                                  "with output column names")
        roots = [(c, self.criterion(c)) for c in self.trial.criteria]
        readings = self.readings.all()
        raw = [c for r in readings for c in r.raw_columns()]  # registers every unit factor needed
        # (CTE, its columns): each layer is SELECT *, <columns> FROM the one below it
        layers = [(f"{part}{layer}", build(layer)) for layer in (1, 2)
                  for part, build in (("ok", self.readings.ok_columns), ("src", self.readings.source_columns))]
        layers += [("rd0", raw), ("rd", [c for r in readings for c in r.rounded_columns()])]
        layers += [(f"lv{layer}", self.layers[layer]) for layer in sorted(self.layers)]
        statuses = [exp.alias_(_status(ref.truth, c.section, self._label(STATUSES)), c.id, quoted=True)
                    for c, ref in roots]
        reasons = [exp.alias_(self._reason(c.id, ref.code), f"{c.id}_reason", quoted=True) for c, ref in roots]
        screened = [col(ID), *statuses, *reasons]
        self.needs.read(_prune(layers, _names(screened)))
        ctes = [] if self.staged else self.staging().ctes()
        previous = self.staged or "base"
        for name, columns in layers:
            if columns:
                ctes.append((name, exp.select(exp.Star(), *columns).from_(previous, copy=False)))
                previous = name
        ctes.append(("st", exp.select(*screened).from_(previous, copy=False)))
        query = exp.select(*self._outputs(roots)).from_("st", copy=False)
        for name, body in ctes:
            query = query.with_(name, as_=body, copy=False, materialized=self._fence(name))
        tables = ["person"] + (["measurement", "observation"] if self.needs.targets else []) + \
            self.staging().history_tables()
        return CompiledTrial(query, self.dialect, tuple(ids), self.trial.id, rules_version(self.trial),
                             tuple(tables), tuple(sorted(self._unreadable)))

    def staging(self) -> Staging:
        return Staging(self.needs, self.vocab, self.schema, self.source_values, self.dialect, self.concept_ids)

    def _label(self, values) -> Callable[[Expr], Expr]:
        """On DuckDB, labels (statuses, verdicts, reason codes) are ENUMs: written three times
        faster than strings, and read back as strings. Elsewhere plain strings."""
        if self.dialect != "duckdb":
            return lambda e: e
        kind = exp.DataType(this=exp.DType.ENUM, expressions=[text(v) for v in values])
        return lambda e: exp.cast(e, kind.copy())

    def _fence(self, name: str) -> Optional[bool]:
        """PostgreSQL inlines CTEs and then substitutes column definitions into the
        expressions that use them: layered CTEs would grow into one enormous expression
        (slow to plan, slower to JIT). MATERIALIZED keeps each layer a layer there. The
        record-name CTEs (hcn, hmn, hpn) are materialized on DuckDB too, or its optimizer
        pushes the name matching down to every record instead of every distinct name."""
        if self.dialect == "postgres" and (name in MATERIALIZE or name.startswith("lv")):
            return True
        if self.dialect in ("postgres", "duckdb") and name in ("hcn", "hmn", "hpn"):
            return True
        return None

    def _outputs(self, roots) -> list[Expr]:
        from .. import __version__
        failed = any_of([exp.EQ(this=col(c.id), expression=text("fail")) for c, _ in roots]) if roots else false()
        review = [exp.EQ(this=col(c.id), expression=text("unknown")) for c, _ in roots if c.evaluable]
        manual = any(not c.evaluable for c, _ in roots)
        label = self._label(VERDICTS)
        # The order of screen._verdict: a fail, then an unknown checkable criterion, then
        # criteria only a person can decide.
        verdict = case([(failed, label(text("not eligible"))),
                        (any_of(review) if review else false(), label(text("needs data"))),
                        (true() if manual else false(), label(text("eligible pending review")))],
                       label(text("eligible")))
        return [col(ID), exp.alias_(text(self.trial.id), "trial_id", quoted=True),
                exp.alias_(verdict, "verdict", quoted=True),
                *[col(c.id) for c, _ in roots], *[col(f"{c.id}_reason") for c, _ in roots],
                exp.alias_(exp.cast(text(self.as_of.isoformat()), exp.DataType.build("date")), "as_of", quoted=True),
                exp.alias_(text(__version__), "engine_version", quoted=True),
                exp.alias_(text(rules_version(self.trial)), "rules_version", quoted=True),
                exp.alias_(text(",".join(sorted(self.complete))), "complete_lists", quoted=True)]


def _status(truth: exp.Column, section: str, label: Callable[[Expr], Expr]) -> Expr:
    met, unmet = ("fail", "pass") if section == "exclusion" else ("pass", "fail")
    return case([(truth.copy(), label(text(met))), (not_(truth.copy()), label(text(unmet)))], label(text("unknown")))


def _names(columns: list[Expr]) -> set[str]:
    """The names of the columns these expressions read."""
    return {c.name for e in columns for c in e.find_all(exp.Column)}


def _prune(layers: list[tuple[str, list[Expr]]], needed: set[str]) -> set[str]:
    """Drop, from the last layer to the first, every column no later layer reads (a
    reading's unused fields, a source's limits no criterion compares with ...), in place.
    Returns the names of every column still read, those of ``base`` among them, so the
    staging carries only those: its joins and writes cost per column."""
    for index in range(len(layers) - 1, -1, -1):
        name, columns = layers[index]
        kept = [c for c in columns if c.alias_or_name in needed]
        needed |= _names(kept)
        layers[index] = (name, kept)
    return needed


def _first(kids: list[Ref], test: Callable[[Ref], Expr]) -> Expr:
    return case([(test(k), k.code.copy()) for k in kids])


def _fail_word(op: str) -> str:
    return {">=": "low", ">": "low", "<=": "high", "<": "high"}.get(op, "other")


def _mapped_one_of(mapped: MappedScale, values: tuple[float, ...], low: Expr, high: Expr) -> Expr:
    """one_of on a mapped score: every score the mapping allows must be listed to pass."""
    whens = []
    for lo, hi in mapped.outcomes:
        possible = [float(v) for v in range(int(lo), int(hi) + 1, mapped.step)]
        hits = [v in values for v in possible]
        truth = true() if all(hits) else false() if not any(hits) else unknown()
        whens.append((all_of([exp.EQ(this=low.copy(), expression=num(lo)),
                              exp.EQ(this=high.copy(), expression=num(hi))]), truth))
    return case(whens, unknown())


def compile_trial(trial: Trial, dialect: str = "duckdb", as_of: Optional[date] = None, **options) -> CompiledTrial:
    return Compiler(trial, dialect, as_of, **options).compile()


def compile_shared(trials: list[Trial], staged: str, dialect: str = "duckdb", as_of: Optional[date] = None,
                   **options) -> tuple[list[tuple[str, exp.Select]], list[CompiledTrial]]:
    """Several trials over one staging: (the tables to stage, in order, as (name, query) -
    the newest results ``<staged>_latest``, then ``staged``: one row per person with every
    analyte and record fact any of the trials reads - and each trial's query reading
    ``staged``). The registry is scanned and ranked once for all of them."""
    needs = Needs(as_of or date.today())
    compilers = [Compiler(t, dialect, as_of, needs=needs, staged=staged, **options) for t in trials]
    compiled = [c.compile() for c in compilers]
    staging = compilers[0].staging()
    stages = []
    latest = staging.latest_table()
    if latest is not None:
        stages.append((f"{staged}_latest", latest))
    query = exp.select(exp.Star()).from_("base")
    for name, body in staging.ctes(f"{staged}_latest" if latest is not None else None):
        query = query.with_(name, as_=body, copy=False, materialized=compilers[0]._fence(name))
    return stages + [(staged, query)], compiled


def to_sql(trial: Trial, dialect: str = "duckdb", as_of: Optional[date] = None, *, pretty: bool = True,
           **options) -> str:
    """The screening query for ``trial`` in ``dialect``: one row per person in the registry."""
    return compile_trial(trial, dialect, as_of, **options).sql(pretty=pretty)
