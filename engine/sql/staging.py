"""The data half of the query: registry tables -> one wide row per person.

    fac            VALUES: the unit factors (factors.py)
    res            measurement + observation rows of the analytes the trial asks about
                   (by concept, else by LOINC source value), dated within the widest
                   recency window, value present
    ranked         per person and analyte: newest first, then table, then id (the order
                   the OMOP loader lists a patient's labs in); ROW_NUMBER, or on DuckDB
                   LAG per analyte (the first row of each person)
    latest         the newest row of each (person, analyte), with its unit factors
    hc / hm / hp   per person, what condition_occurrence / drug_exposure /
                   procedure_occurrence records say about the concepts asked about
    base           person (one row per person_id: persons) LEFT JOIN latest (once per
                   analyte) LEFT JOIN the history CTEs, with only the columns the compiled
                   trials read (Needs.columns)

Only portable SQL: ROW_NUMBER and LAG windows and conditional aggregates, no ARG_MAX, no
GROUP BY ALL, no alias references, so the same tree runs on DuckDB, PostgreSQL and Spark.
Restricting rows to the widest window before ranking is exact: if the newest result is
within the window it is also the newest within it, and if it is not, nothing is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from typing import Optional

from sqlglot import exp

from ..analytes import catalogue
from ..concepts import ConceptIds, concepts, key
from .expr import Expr, all_of, any_of, case, col, false, in_, is_null, not_, not_null, null, num, text
from .factors import factor_rows
from .vocab import NO_UNIT, Vocabulary

ID = "person_id"


def slug(name: str) -> str:
    """An identifier-safe stem for an analyte or concept name."""
    return "x_" + re.sub(r"\W+", "_", name.lower()).strip("_")


def code(analyte: str) -> int:
    """A small integer key per analyte (its place in the analyte table): ranking and joining
    on an integer is cheaper than on the analyte's name."""
    return _codes()[analyte]


@lru_cache(maxsize=1)
def _codes() -> dict[str, int]:
    return {a: i for i, a in enumerate(catalogue().by_id)}


def _padded(values: list, width: int) -> list:
    return values + [None] * (width - len(values))


def date_literal(day: date) -> Expr:
    return exp.cast(text(day.isoformat()), exp.DataType.build("date"))


@dataclass
class Needs:
    """What the compiled criteria read: filled while compiling, used to build staging."""

    as_of: date
    targets: dict[str, list[str]] = field(default_factory=dict)   # analyte -> units compared in
    windows: set[int] = field(default_factory=set)
    # (concept id, what, *details) -> column; what: ever | current | window | past | undated | since
    # | unread | sibling | unsaid
    history: dict[tuple, str] = field(default_factory=dict)
    # the base columns the compiled trials read (None until one is compiled: all of them)
    columns: Optional[set[str]] = None

    def read(self, names: set[str]) -> None:
        """Add the columns one compiled trial reads (compiler._prune)."""
        self.columns = (self.columns or set()) | names

    def analyte(self, analyte: str, window: int) -> None:
        self.targets.setdefault(analyte, [])
        self.windows.add(window)

    def target(self, analyte: str, unit: str) -> int:
        units = self.targets.setdefault(analyte, [])
        if unit not in units:
            units.append(unit)
        return units.index(unit)

    def record(self, concept: str, what: str, *details) -> exp.Column:
        """A per-person fact about a concept's records (see Staging.history)."""
        spec = (concept, what, *details)
        if spec not in self.history:
            self.history[spec] = f"{slug(concept)}__{what}{len(self.history)}"
        return col(self.history[spec])

    def kinds(self) -> list[str]:
        return sorted({concepts()[spec[0]].kind for spec in self.history})

    def since(self, window: int) -> date:
        return self.as_of - timedelta(days=window)


class Staging:
    def __init__(self, needs: Needs, vocab: Vocabulary, schema: Optional[str],
                 source_values: bool = True, dialect: str = "duckdb",
                 concept_ids: Optional[ConceptIds] = None) -> None:
        self.needs = needs
        self.concept_ids = concept_ids
        self.dialect = dialect
        self.vocab = vocab
        self.schema = schema
        self.source_values = source_values
        self.width = max((len(u) for u in needs.targets.values()), default=0)
        # Offset columns (o0 ...) only when an analyte asked about converts with one: other
        # queries keep their shape.
        self.offsets = any(catalogue()[a].affine for a in needs.targets)
        self._source_map = source_values and any(vocab.loinc.get(c) in needs.targets for c in vocab.loinc)

    def table(self, name: str, alias: str) -> exp.Table:
        return exp.table_(name, db=self.schema, alias=alias)

    # ------------------------------------------------------------ VALUES
    def _values(self, rows: list[tuple], names: list[str], alias: str) -> exp.Select:
        values = exp.values([tuple(_literal(v) for v in row) for row in rows], alias=alias,
                            columns=names)
        return exp.select(*[col(n) for n in names]).from_(values)

    def factor_table(self) -> exp.Select:
        names = ["analyte", "unit_key"] + self._factor_columns()
        rows = [(code(a), unit_key, *_padded(fs, self.width), *(_padded(offsets, self.width) if self.offsets else []))
                for a, unit_key, fs, offsets in factor_rows(self.needs.targets, self.vocab)]
        return self._values(rows, names, "v")

    def _factor_columns(self) -> list[str]:
        return [f"f{i}" for i in range(self.width)] + [f"o{i}" for i in range(self.width if self.offsets else 0)]

    # --------------------------------------------------------------- rows
    def _analyte(self, concept: Expr, source: Expr) -> Expr:
        """vocab.analyte in SQL: the code of the analyte a row's concept names, else the one
        its LOINC source value names, for the analytes asked about (NULL for the rest).
        A CASE on each row is cheaper than joining two maps to every measurement."""
        wanted = sorted(self.needs.targets)
        by_concept = {a: sorted(k for k, x in self.vocab.concepts.items() if x == a) for a in wanted}
        whens = [(in_(concept.copy(), [num(k) for k in ids]), num(code(a))) for a, ids in by_concept.items() if ids]
        if self._source_map:
            others = sorted(k for k, x in self.vocab.concepts.items() if x not in self.needs.targets)
            if others:  # a concept naming another analyte keeps that analyte
                whens.append((in_(concept.copy(), [num(k) for k in others]), exp.cast(null(), exp.DataType.build("int"))))
            by_code = {a: sorted(k for k, x in self.vocab.loinc.items() if x == a) for a in wanted}
            whens += [(in_(source.copy(), [text(k) for k in ids]), num(code(a))) for a, ids in by_code.items() if ids]
        return case(whens)

    def _rows(self, table: str, alias: str, prefix: str, rank: int, extra: dict[str, Expr]) -> exp.Select:
        t = alias
        analyte = self._analyte(col(f"{prefix}_concept_id", t), col(f"{prefix}_source_value", t))
        day = col(f"{prefix}_date", t)
        unit = exp.Coalesce(this=exp.Nullif(this=col("unit_concept_id", t), expression=num(0)),
                            expressions=[num(NO_UNIT)])
        since = self.needs.since(max(self.needs.windows))
        fields = {ID: col(ID, t), "analyte": analyte, "d": day,
                  "v": exp.cast(col("value_as_number", t), exp.DataType.build("double")),
                  "uk": unit, **extra, "src": num(rank), "seq": col(f"{prefix}_id", t)}
        rows = exp.select(*[exp.alias_(e, k, quoted=True) for k, e in fields.items()]).from_(
            self.table(table, t)).where(
            exp.and_(exp.GTE(this=day.copy(), expression=date_literal(since)),
                     exp.LTE(this=day.copy(), expression=date_literal(self.needs.as_of)),
                     not_null(col("value_as_number", t))))
        return exp.select(exp.Star()).from_(exp.paren(rows).as_(f"{table}_rows")).where(not_null(col("analyte")))

    def results(self) -> exp.Expression:
        dbl = exp.DataType.build("double")
        measured = self._rows("measurement", "m", "measurement", 0, {
            "opc": col("operator_concept_id", "m"),
            "rlo": exp.cast(col("range_low", "m"), dbl), "rhi": exp.cast(col("range_high", "m"), dbl)})
        observed = self._rows("observation", "o", "observation", 1, {
            "opc": exp.cast(null(), exp.DataType.build("int")),
            "rlo": exp.cast(null(), dbl), "rhi": exp.cast(null(), dbl)})
        return exp.union(measured, observed, distinct=False)

    def ranked(self) -> exp.Select:
        """Each row, ranked within its (person, analyte): newest first, then table, then id.

        DuckDB: per analyte, one sort by (person, rank), a row being the newest of its
        person when the row before it is another person's (LAG): a third cheaper than
        ROW_NUMBER over millions of one-row partitions, it spills to disk per analyte
        under a memory limit as well, and each analyte's rows come out together, the
        order the staged table wants. Elsewhere ROW_NUMBER."""
        newest = [exp.Ordered(this=col("d"), desc=True, nulls_first=False),
                  exp.Ordered(this=col("src")), exp.Ordered(this=col("seq"))]
        if self.dialect != "duckdb":
            window = exp.Window(this=exp.RowNumber(), partition_by=[col(ID), col("analyte")],
                                order=exp.Order(expressions=newest))
            return exp.select(exp.Star(), exp.alias_(window, "rn", quoted=True)).from_("res")
        before = exp.Window(this=exp.Anonymous(this="LAG", expressions=[col(ID)]), partition_by=[col("analyte")],
                            order=exp.Order(expressions=[exp.Ordered(this=col(ID)), *newest]))
        return exp.select(exp.Star(), exp.alias_(before, f"prev_{ID}", quoted=True)).from_("res")

    def _newest(self) -> Expr:
        """The rows ``ranked`` puts first in their (person, analyte)."""
        if self.dialect != "duckdb":
            return exp.EQ(this=col("rn"), expression=num(1))
        return exp.NullSafeNEQ(this=col(f"prev_{ID}"), expression=col(ID))

    def latest(self) -> exp.Select:
        """The newest row of each (person, analyte), with its unit factors joined."""
        ranked = exp.paren(exp.select(exp.Star()).from_("ranked").where(self._newest())).as_("r")
        return exp.select(*[col(c, "r") for c in (ID, "analyte", "d", "v", "opc", "rlo", "rhi")],
                          exp.alias_(case([(not_null(col("analyte", "f")), num(1))]), "known", quoted=True),
                          *[col(name, "f") for name in self._factor_columns()]).from_(ranked).join(
            exp.table_("fac", alias="f"),
            on=exp.and_(exp.EQ(this=col("analyte", "f"), expression=col("analyte", "r")),
                        exp.EQ(this=col("unit_key", "f"), expression=col("uk", "r"))),
            join_type="left")

    def _fields(self, analyte: str, units: list[str]) -> list[str]:
        offsets = [f"o{i}" for i in range(len(units))] if catalogue()[analyte].affine else []
        return ["d", "v", "opc", "rlo", "rhi", "known"] + [f"f{i}" for i in range(len(units))] + offsets

    # ------------------------------------------------------------ history
    def history(self, kind: str) -> exp.Select:
        """Per person, what the records of one kind say about each concept asked about.

        history.History in SQL: a record stands for a concept by its concept id when it has
        one and the concept has codes (``_stands_for``), else when its name contains one of
        the concept's synonyms or member names as whole words; ``ever``: one
        started on or before the screening date; ``current``: and not ended before it
        (a state: and still true, see ``_still_true``); ``window``: and last dated within
        N days (an undated one cannot be placed); ``past``: one last dated on or before
        the screening date; ``undated``: one with no date at all; ``since``: every
        dated course far enough back (2), one not (0), an undated one (1): MIN over them;
        ``unread``: a record coded by a concept id no vocabulary resolves for the concept;
        ``sibling``, ``unsaid``: one started on or before the screening date that is a
        sibling's record, or the broader concept's alone (``_kind_of_broader``).
        """
        table, name, start, end = HISTORY_TABLES[kind]
        r = "h"
        named = self._named(kind)
        enders = self._enders(kind)
        unread = self._unread(kind)
        first = col(start, r)
        finish = exp.Coalesce(this=col(end, r), expressions=[first.copy()]) if kind == "medication" else \
            (col(end, r) if end else first.copy())
        self._match = {c: col(f"m{i}") for i, c in enumerate(named)}
        concept_id = col(HISTORY_CONCEPT[kind], r)
        flags = [exp.alias_(self._stands_for(c, concept_id, col(f"m{i}", "n")), f"m{i}", quoted=True)
                 for i, c in enumerate(named)]
        flags += [exp.alias_(exp.Coalesce(this=col(f"x{i}", "n"), expressions=[false()]), f"x{i}", quoted=True)
                  for i in range(len(enders))]
        if unread:  # a coded row is unread for each of them alike
            flags.append(exp.alias_(_coded(concept_id), "u", quoted=True))
        flagged = exp.select(col(ID, r), exp.alias_(first, "s", quoted=True), exp.alias_(finish, "e", quoted=True),
                             *flags).from_(self.table(table, r)).join(
            exp.table_(f"{HISTORY_CTE[kind]}n", alias="n"), on=exp.EQ(this=col(name, "n"), expression=col(name, r)),
            join_type="left")
        rows = exp.select(exp.Star()).from_(exp.paren(flagged).as_("hf")).where(
            any_of([col(f.alias) for f in flags]))
        if enders and kind == "condition":
            rows = exp.union(rows, self._ending_procedures(len(named), enders, bool(unread)), distinct=False)
        as_of = date_literal(self.needs.as_of)
        s_, e_ = col("s"), col("e")
        if enders:  # per record, the newest dated record (of this person) that ends the state
            ended = [exp.alias_(exp.Window(this=exp.Max(this=case([(all_of([col(f"x{i}"), exp.LTE(
                this=s_.copy(), expression=as_of.copy())]), s_.copy())])), partition_by=[col(ID)]),
                f"xe{i}", quoted=True) for i in range(len(enders))]
            rows = exp.select(exp.Star(), *ended).from_(exp.paren(rows).as_("hx"))
        last = exp.Coalesce(this=e_.copy(), expressions=[s_.copy()])
        started = exp.paren(exp.or_(is_null(s_.copy()), exp.LTE(this=s_.copy(), expression=as_of.copy())))
        flags = []
        for spec, column in self.needs.history.items():
            concept, what = spec[0], spec[1]
            if concepts()[concept].kind != kind:
                continue
            match = self._match[concept]
            if what == "since":
                value = case([(is_null(last.copy()), num(1))], self._course(spec, last))
                when = [match, exp.paren(exp.or_(is_null(last.copy()), exp.LTE(this=last.copy(),
                                                                                expression=as_of.copy())))]
            else:
                value = num(1)
                if what == "ever":
                    when = [match, started]
                elif what == "current":
                    when = [match, started, exp.paren(exp.or_(is_null(e_.copy()),
                                                              exp.GTE(this=e_.copy(), expression=as_of.copy()))),
                            *self._still_true(concept, enders)]
                elif what == "window":
                    when = [match, started, exp.paren(any_of([
                        all_of([not_null(last.copy()),
                                exp.GTE(this=last.copy(), expression=date_literal(self.needs.since(spec[2])))]),
                        *self._ongoing(concept, enders)]))]
                elif what == "undated":
                    when = [match, is_null(last.copy())]
                elif what == "unread":
                    when = [col("u")]
                elif what in ("sibling", "unsaid"):
                    when = [*self._kind_of_broader(concept, what), started]
                else:  # past (a state's record: over before the window, see _over_before)
                    when = [match, exp.LTE(this=last.copy(), expression=as_of.copy()), *self._over_before(spec)]
            aggregate = exp.Min if what == "since" else exp.Max
            flags.append(exp.alias_(aggregate(this=case([(all_of(when), value)])), column, quoted=True))
        return exp.select(col(ID), *flags).from_(exp.paren(rows).as_("hr")).group_by(col(ID))

    def _named(self, kind: str) -> list[str]:
        """The concepts of this kind the compiled criteria ask about (and their exceptions,
        and the broader concept and siblings of a kind of one)."""
        wanted = [spec for spec in self.needs.history if concepts()[spec[0]].kind == kind]
        kin = [c for spec in wanted if spec[1] in ("sibling", "unsaid")
               for c in (concepts()[spec[0]].broader, *concepts().siblings(spec[0]))]
        return list(dict.fromkeys([spec[0] for spec in wanted] + kin +
                                  [c for spec in wanted if spec[1] == "since" for c, _ in spec[4]]))

    def _kind_of_broader(self, concept: str, what: str) -> list[Expr]:
        """history.History._kind_of_broader, per record: not the concept itself, and a
        sibling's (``sibling``) or the broader concept's (``unsaid``: it counts only when no
        sibling's record does, as the compiler asks ``sibling`` first)."""
        itself = not_(self._match[concept].copy())
        if what == "sibling":
            siblings = [self._match[s].copy() for s in concepts().siblings(concept)]
            return [itself, exp.paren(any_of(siblings)) if siblings else false()]
        return [itself, self._match[concepts()[concept].broader].copy()]

    def _unread(self, kind: str) -> list[str]:
        """The coded concepts of this kind whose coded records no vocabulary resolves."""
        return list(dict.fromkeys(spec[0] for spec in self.needs.history
                                  if spec[1] == "unread" and concepts()[spec[0]].kind == kind))

    def _stands_for(self, concept_id: str, row_concept: Expr, by_name: Expr) -> Expr:
        """concepts.matches for a registry row: a coded row (concept id not 0) by its id among
        the standard concepts the vocabulary resolves the concept to (none: no match, the
        row is unread), a row without one by its name; a concept without codes by name, and
        one whose codes only add to its names (via_vocabulary) by either."""
        by_name = exp.Coalesce(this=by_name, expressions=[false()])
        ids = sorted((self.concept_ids or {}).get(concept_id, ()))
        under = in_(row_concept.copy(), [num(i) for i in ids])
        if not concepts()[concept_id].coded:
            return exp.or_(by_name, exp.paren(all_of([_coded(row_concept), under]))) if ids else by_name
        return case([(_coded(row_concept), under)], by_name)

    def _enders(self, kind: str) -> list[str]:
        """The states asked about as current whose records other records end (concepts.yaml)."""
        return list(dict.fromkeys(spec[0] for spec in self.needs.history if spec[1] in ("current", "window")
                                  and concepts()[spec[0]].kind == kind == "condition"
                                  and concepts()[spec[0]].current and concepts()[spec[0]].current.ended_by))

    def history_tables(self) -> list[str]:
        """The record tables the history CTEs read: one per kind asked about, and the
        procedures whenever a state that a procedure may end is asked about."""
        kinds = self.needs.kinds()
        tables = [HISTORY_TABLES[k][0] for k in kinds]
        if "condition" in kinds and "procedure" not in kinds and self._enders("condition"):
            tables.append(HISTORY_TABLES["procedure"][0])
        return tables

    def _ending_procedures(self, n_named: int, enders: list[str], unread: bool) -> exp.Select:
        """history.History._still_true: a procedure named exactly as a record that ends a
        state (a caesarean section, a termination) ends it as a condition record would.
        The rows stand for no concept (m* false); only their x* flags and dates count."""
        table, name, start, _ = HISTORY_TABLES["procedure"]
        distinct = exp.select(col(name)).distinct().from_(self.table(table, "t")).where(not_null(col(name)))
        key = exp.Concat(expressions=[text(" "), _word_key(col(name), self.dialect), text(" ")], safe=True)
        keyed = exp.select(col(name), exp.alias_(key, "k", quoted=True)).from_(exp.paren(distinct).as_("d"))
        flagged = exp.select(col(name), *[exp.alias_(_ends(c), f"x{i}", quoted=True) for i, c in enumerate(enders)]
                             ).from_(exp.paren(keyed).as_("kd"))
        flags = [col(f"x{i}", "pn") for i in range(len(enders))]
        return exp.select(col(ID, "pr"), exp.alias_(col(start, "pr"), "s", quoted=True),
                          exp.alias_(col(start, "pr"), "e", quoted=True),
                          *[exp.alias_(false(), f"m{i}", quoted=True) for i in range(n_named)], *flags,
                          *([exp.alias_(false(), "u", quoted=True)] if unread else [])
                          ).from_(self.table(table, "pr")).join(
            exp.paren(flagged).as_("pn"), on=exp.EQ(this=col(name, "pn"), expression=col(name, "pr"))
        ).where(any_of([f.copy() for f in flags]))

    def _still_true(self, concept: str, enders: list[str]) -> list[Expr]:
        """history.History._still_true: a dated record of a state with no end date counts
        only within its span, and only if no ending record is dated on or after it."""
        rule = concepts()[concept].current
        if rule is None:
            return []
        s_, e_ = col("s"), col("e")
        found = [exp.paren(any_of([not_null(e_.copy()), is_null(s_.copy()), exp.GTE(
            this=s_.copy(), expression=date_literal(self.needs.since(rule.lasts_days)))]))]
        if concept in enders:
            ended = col(f"xe{enders.index(concept)}")
            found.append(exp.paren(any_of([is_null(ended.copy()), is_null(s_.copy()),
                                           exp.LT(this=ended.copy(), expression=s_.copy())])))
        return found

    def _ongoing(self, concept: str, enders: list[str]) -> list[Expr]:
        """history.History._ongoing: a state's record with no end date, still current."""
        if concepts()[concept].current is None:
            return []
        return [all_of([is_null(col("e")), *self._still_true(concept, enders)])]

    def _over_before(self, spec: tuple) -> list[Expr]:
        """history.History._over_before: a state's record with no end date is over before
        a window of N days only when its longest span ends before the window starts."""
        rule = concepts()[spec[0]].current
        if rule is None:
            return []
        return [exp.paren(exp.or_(not_null(col("e")), exp.LT(this=col("s"), expression=date_literal(
            self.needs.since(spec[2] + rule.lasts_days)))))]

    def names(self, kind: str) -> exp.Select:
        """Which concepts each distinct record name stands for (CTE hcn / hmn / hpn).

        Matching is done once per distinct name (a registry has few), and the CTE is
        materialized so the optimizer cannot push the matching down to every record.
        """
        table, name, _, _ = HISTORY_TABLES[kind]
        named = self._named(kind)
        enders = self._enders(kind)
        distinct = exp.select(col(name)).distinct().from_(self.table(table, "t")).where(not_null(col(name)))
        key = exp.Concat(expressions=[text(" "), _word_key(col(name), self.dialect), text(" ")], safe=True)
        keyed = exp.select(col(name), exp.alias_(key, "k", quoted=True)).from_(exp.paren(distinct).as_("d"))
        return exp.select(col(name), *[exp.alias_(_names(c), f"m{i}", quoted=True) for i, c in enumerate(named)],
                          *[exp.alias_(_ends(c), f"x{i}", quoted=True) for i, c in enumerate(enders)]
                          ).from_(exp.paren(keyed).as_("kd"))

    def _course(self, spec: tuple, last: Expr) -> Expr:
        """2 when a dated course meets ``days op required`` (required: the first exception
        naming the record, else the node's days), else 0; MIN over courses = all of them."""
        _, _, op, days, exceptions = spec
        compare = {">=": exp.LTE, ">": exp.LT, "<=": exp.GTE, "<": exp.GT, "==": exp.EQ}[op]
        meets = lambda n: case([(compare(this=last.copy(), expression=date_literal(self.needs.since(n))),  # noqa: E731
                                 num(2))], num(0))
        return case([(self._match[c].copy(), meets(n)) for c, n in exceptions], meets(days))

    def persons(self, columns: list[str]) -> exp.Select:
        """One row per patient: per person_id of the person table, ``columns`` as its rows
        agree on them. A row without a person_id is no patient, and the rows of a duplicated
        person_id are one patient whose fields they disagree on (or leave empty) are unknown,
        never one of them picked at random (quality.py counts both)."""
        def agreed(name: str) -> Expr:
            value = col(name)
            same = all_of([exp.EQ(this=exp.Min(this=value.copy()), expression=exp.Max(this=value.copy())),
                           exp.EQ(this=exp.Count(this=value.copy()), expression=exp.Count(this=exp.Star()))])
            return case([(same, exp.Min(this=value.copy()))])
        return exp.select(col(ID), *[exp.alias_(agreed(c), c, quoted=True) for c in columns]).from_(
            self.table("person", "pr")).where(not_null(col(ID))).group_by(col(ID))

    def base(self, latest: str = "latest") -> exp.Select:
        """One row per person: its newest result of each analyte joined in by analyte
        (one hash join each: cheaper than pivoting by conditional aggregation) from
        ``latest``, the CTE or a staged table (latest_table)."""
        read = self.needs.columns
        person = [c for c in ("gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth")
                  if read is None or c in read]
        query = exp.select(col(ID, "p"), *[col(c, "p") for c in person]).from_(
            exp.paren(self.persons(person)).as_("p"))
        for i, (analyte, units) in enumerate(sorted(self.needs.targets.items())):  # in place: no copy per join
            alias = f"l{i}"
            fields = {f"{slug(analyte)}__{n}": n for n in self._fields(analyte, units)}
            fields = {name: n for name, n in fields.items() if read is None or name in read}
            if not fields:
                continue
            query = query.select(*[exp.alias_(col(n, alias), name, quoted=True) for name, n in fields.items()],
                                 copy=False)
            query = query.join(exp.table_(latest, alias=alias), join_type="left", copy=False, on=exp.and_(
                exp.EQ(this=col(ID, alias), expression=col(ID, "p")),
                exp.EQ(this=col("analyte", alias), expression=num(code(analyte)))))
        for kind in self.needs.kinds():
            alias = HISTORY_CTE[kind]
            query = query.select(*[col(c, alias) for spec, c in self.needs.history.items()
                                   if concepts()[spec[0]].kind == kind])
            query = query.join(exp.table_(alias, alias=alias),
                               on=exp.EQ(this=col(ID, alias), expression=col(ID, "p")), join_type="left")
        return query

    def _result_ctes(self) -> list[tuple[str, exp.Expression]]:
        if not self.needs.targets:
            return []
        return [("fac", self.factor_table()), ("res", self.results()), ("ranked", self.ranked()),
                ("latest", self.latest())]

    def ctes(self, latest_table: Optional[str] = None) -> list[tuple[str, exp.Expression]]:
        """The CTEs of the staging query; with ``latest_table``, the results come from that
        staged table (latest_table()) instead of CTEs of their own."""
        found = [] if latest_table else self._result_ctes()
        for kind in self.needs.kinds():
            found.append((f"{HISTORY_CTE[kind]}n", self.names(kind)))
            found.append((HISTORY_CTE[kind], self.history(kind)))
        found.append(("base", self.base(latest_table or "latest")))
        return found

    def latest_table(self) -> Optional[exp.Select]:
        """The newest result of each (person, analyte) as a query of its own: staged as a
        table sorted by analyte, each analyte's join in ``base`` reads only its own rows
        (DuckDB skips the other row groups by their min/max), where a CTE is scanned whole
        once per analyte. On DuckDB each analyte's rows are together already (``ranked``);
        an ORDER BY would sort them again. None when no criterion reads a result."""
        if not self.needs.targets:
            return None
        query = exp.select(exp.Star()).from_("latest")
        for name, body in self._result_ctes():
            query = query.with_(name, as_=body, copy=False)
        return query


# record kind -> (table, name column, start date column, end date column)
HISTORY_TABLES = {
    "condition": ("condition_occurrence", "condition_source_value", "condition_start_date", "condition_end_date"),
    "medication": ("drug_exposure", "drug_source_value", "drug_exposure_start_date", "drug_exposure_end_date"),
    "procedure": ("procedure_occurrence", "procedure_source_value", "procedure_date", None),
}
HISTORY_CTE = {"condition": "hc", "medication": "hm", "procedure": "hp"}
HISTORY_CONCEPT = {"condition": "condition_concept_id", "medication": "drug_concept_id",
                   "procedure": "procedure_concept_id"}


def _coded(concept_id: Expr) -> Expr:
    """A row coded by a concept id: OMOP's 0 (or NULL) is no standard concept."""
    return exp.NEQ(this=exp.Coalesce(this=concept_id.copy(), expressions=[num(0)]), expression=num(0))


def _names(concept_id: str) -> Expr:
    """Does the record's padded key ``k`` contain a name of the concept (concepts.names)?"""
    return exp.Coalesce(this=exp.paren(any_of([exp.GT(this=exp.StrPosition(this=col("k"), substr=text(f" {phrase} ")),
                                                      expression=num(0)) for phrase in _phrases(concept_id)])),
                        expressions=[false()])


def _ends(concept_id: str) -> Expr:
    """Is the record's padded key ``k`` exactly a name that ends the state (Currency.ends)?"""
    names = dict.fromkeys(key(e) for e in concepts()[concept_id].current.ended_by)
    return exp.Coalesce(this=exp.paren(any_of([exp.EQ(this=col("k"), expression=text(f" {n} ")) for n in names])),
                        expressions=[false()])


def _phrases(concept_id: str) -> list[str]:
    """The whole-word phrases that name a concept in a record (concepts.names)."""
    concept = concepts()[concept_id]
    return list(dict.fromkeys(key(s) for s in (concept.id, *concept.synonyms, *concept.members)))


# Python's \w (Unicode letters, digits, underscore), in each engine's regex flavour.
_NON_WORD = {"duckdb": r"[^\pL\pN_']+", "bigquery": r"[^\pL\pN_']+", "spark": r"[^\p{L}\p{N}_']+",
             "postgres": r"[^[:alnum:]_']+", "snowflake": r"[^[:alnum:]_']+"}


def _word_key(name: Expr, dialect: str) -> Expr:
    """concepts._key in SQL: lower case, runs of non-word characters to one space, trimmed."""
    lowered = exp.Lower(this=exp.Anonymous(this="REPLACE", expressions=[name, text("\u2019"), text("'")]))
    words = exp.RegexpReplace(this=lowered, expression=text(_NON_WORD[dialect]), replacement=text(" "))
    if dialect in ("duckdb", "postgres"):
        words.set("modifiers", text("g"))  # replace every match, as Python's re.sub does
    return exp.Trim(this=words)


def _literal(value) -> Expr:
    if value is None:
        return exp.cast(null(), exp.DataType.build("double"))
    if isinstance(value, str):
        return text(value)
    return num(value)

