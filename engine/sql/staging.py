"""The data half of the query: registry tables -> one wide row per person.

    cmap/smap/fac  VALUES: concept -> analyte, LOINC -> analyte, unit factors
    res            measurement + observation rows of the analytes the trial asks about,
                   dated within the widest recency window, value present
    ranked         ROW_NUMBER() per person and analyte: newest first, then table, then id
                   (the order the OMOP loader lists a patient's labs in)
    lab            the newest row of each analyte, pivoted by conditional aggregation,
                   with its unit factors (joined from the factor table)
    hc / hm / hp   per person, what condition_occurrence / drug_exposure /
                   procedure_occurrence records say about the concepts asked about
    base           person LEFT JOIN lab LEFT JOIN the history CTEs

Only portable SQL: ROW_NUMBER windows and conditional aggregates, no ARG_MAX, no
GROUP BY ALL, no alias references, so the same tree runs on DuckDB, PostgreSQL and Spark.
Restricting rows to the widest window before ranking is exact: if the newest result is
within the window it is also the newest within it, and if it is not, nothing is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from sqlglot import exp

from ..concepts import concepts, key
from .expr import Expr, any_of, all_of, case, col, in_, is_null, not_null, null, num, text
from .factors import factor_rows
from .vocab import NO_UNIT, Vocabulary

ID = "person_id"


def slug(name: str) -> str:
    """An identifier-safe stem for an analyte or concept name."""
    return "x_" + re.sub(r"\W+", "_", name.lower()).strip("_")


def date_literal(day: date) -> Expr:
    return exp.cast(text(day.isoformat()), exp.DataType.build("date"))


@dataclass
class Needs:
    """What the compiled criteria read: filled while compiling, used to build staging."""

    as_of: date
    targets: dict[str, list[str]] = field(default_factory=dict)   # analyte -> units compared in
    windows: set[int] = field(default_factory=set)
    # (concept id, what, days) -> column; what: ever | current | window | past | last
    history: dict[tuple[str, str, int], str] = field(default_factory=dict)

    def analyte(self, analyte: str, window: int) -> None:
        self.targets.setdefault(analyte, [])
        self.windows.add(window)

    def target(self, analyte: str, unit: str) -> int:
        units = self.targets.setdefault(analyte, [])
        if unit not in units:
            units.append(unit)
        return units.index(unit)

    def record(self, concept: str, what: str, days: int = 0) -> exp.Column:
        """A per-person fact about a concept's records (see Staging.history)."""
        key = (concept, what, days)
        if key not in self.history:
            self.history[key] = f"{slug(concept)}__{what}{days if what == 'window' else ''}"
        return col(self.history[key])

    def kinds(self) -> list[str]:
        return sorted({concepts()[c].kind for c, _, _ in self.history})

    def since(self, window: int) -> date:
        return self.as_of - timedelta(days=window)


class Staging:
    def __init__(self, needs: Needs, vocab: Vocabulary, schema: Optional[str],
                 source_values: bool = True, dialect: str = "duckdb") -> None:
        self.needs = needs
        self.dialect = dialect
        self.vocab = vocab
        self.schema = schema
        self.source_values = source_values
        self.width = max((len(u) for u in needs.targets.values()), default=0)

    def table(self, name: str, alias: str) -> exp.Table:
        return exp.table_(name, db=self.schema, alias=alias)

    # ------------------------------------------------------------ VALUES
    def _values(self, rows: list[tuple], names: list[str], alias: str) -> exp.Select:
        values = exp.values([tuple(_literal(v) for v in row) for row in rows], alias=alias,
                            columns=names)
        return exp.select(*[col(n) for n in names]).from_(values)

    def concept_map(self) -> exp.Select:
        rows = sorted(self.vocab.concepts.items())
        return self._values(rows, ["concept_id", "analyte"], "v")

    def source_map(self) -> exp.Select:
        rows = sorted(self.vocab.loinc.items())
        return self._values(rows, ["code", "analyte"], "v")

    def factor_table(self) -> exp.Select:
        names = ["analyte", "unit_key"] + [f"f{i}" for i in range(self.width)]
        rows = [(a, key, *(fs + [None] * (self.width - len(fs))))
                for a, key, fs in factor_rows(self.needs.targets, self.vocab)]
        return self._values(rows, names, "v")

    # --------------------------------------------------------------- rows
    def _rows(self, table: str, alias: str, prefix: str, rank: int, extra: dict[str, Expr]) -> exp.Select:
        t = alias
        analyte: Expr = col("analyte", "cm")
        query = exp.select().from_(self.table(table, t)).join(
            exp.table_("cmap", alias="cm"), on=exp.EQ(this=col("concept_id", "cm"),
                                                 expression=col(f"{prefix}_concept_id", t)),
            join_type="left")
        if self.source_values:
            query = query.join(exp.table_("smap", alias="sm"),
                               on=exp.EQ(this=col("code", "sm"), expression=col(f"{prefix}_source_value", t)),
                               join_type="left")
            analyte = exp.Coalesce(this=analyte, expressions=[col("analyte", "sm")])
        day = col(f"{prefix}_date", t)
        unit = exp.Coalesce(this=exp.Nullif(this=col("unit_concept_id", t), expression=num(0)),
                            expressions=[num(NO_UNIT)])
        wanted = sorted(self.needs.targets)
        since = self.needs.since(max(self.needs.windows))
        fields = {ID: col(ID, t), "analyte": analyte, "d": day,
                  "v": exp.cast(col("value_as_number", t), exp.DataType.build("double")),
                  "uk": unit, **extra, "src": num(rank), "seq": col(f"{prefix}_id", t)}
        return query.select(*[exp.alias_(e, k, quoted=True) for k, e in fields.items()]).where(
            exp.and_(in_(analyte.copy(), [text(a) for a in wanted]),
                     exp.GTE(this=day.copy(), expression=date_literal(since)),
                     exp.LTE(this=day.copy(), expression=date_literal(self.needs.as_of)),
                     not_null(col("value_as_number", t))))

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
        order = exp.Order(expressions=[exp.Ordered(this=col("d"), desc=True, nulls_first=False),
                                       exp.Ordered(this=col("src")), exp.Ordered(this=col("seq"))])
        window = exp.Window(this=exp.RowNumber(), partition_by=[col(ID), col("analyte")], order=order)
        return exp.select(exp.Star(), exp.alias_(window, "rn", quoted=True)).from_("res")

    def lab(self) -> exp.Select:
        """The newest row of each analyte, one column per (analyte, field)."""
        top = exp.select(*[col(c, "r") for c in (ID, "analyte", "d", "v", "opc", "rlo", "rhi")],
                         exp.alias_(exp.case().when(not_null(col("analyte", "f")), num(1)), "known", quoted=True),
                         *[col(f"f{i}", "f") for i in range(self.width)]).from_(
            exp.table_("ranked", alias="r")).join(
            exp.table_("fac", alias="f"),
            on=exp.and_(exp.EQ(this=col("analyte", "f"), expression=col("analyte", "r")),
                        exp.EQ(this=col("unit_key", "f"), expression=col("uk", "r"))),
            join_type="left").where(exp.EQ(this=col("rn", "r"), expression=num(1)))
        pivots = []
        for analyte, units in sorted(self.needs.targets.items()):
            fields = ["d", "v", "opc", "rlo", "rhi", "known"] + [f"f{i}" for i in range(len(units))]
            for name in fields:
                picked = case([(exp.EQ(this=col("analyte"), expression=text(analyte)), col(name))])
                pivots.append(exp.alias_(exp.Max(this=picked), f"{slug(analyte)}__{name}", quoted=True))
        return exp.select(col(ID), *pivots).from_(exp.paren(top).as_("t")).group_by(col(ID))

    # ------------------------------------------------------------ history
    def history(self, kind: str) -> exp.Select:
        """Per person, what the records of one kind say about each concept asked about.

        history.History in SQL: a record stands for a concept when its name contains
        one of the concept's synonyms or member names as whole words; ``ever``: one
        started on or before the screening date; ``current``: and not ended before it;
        ``window<N>``: and last dated within N days; ``past`` / ``last``: last dated
        on or before the screening date, and the latest such date.
        """
        table, name, start, end = HISTORY_TABLES[kind]
        r = "h"
        key = exp.Concat(expressions=[text(" "), _word_key(col(name, r), self.dialect), text(" ")], safe=True)
        first = col(start, r)
        finish = exp.Coalesce(this=col(end, r), expressions=[first.copy()]) if kind == "medication" else \
            (col(end, r) if end else first.copy())
        rows = exp.select(col(ID, r), exp.alias_(key, "k", quoted=True), exp.alias_(first, "s", quoted=True),
                          exp.alias_(finish, "e", quoted=True)).from_(self.table(table, r))
        as_of = date_literal(self.needs.as_of)
        s_, e_ = col("s"), col("e")
        last = exp.Coalesce(this=e_.copy(), expressions=[s_.copy()])
        started = exp.paren(exp.or_(is_null(s_.copy()), exp.LTE(this=s_.copy(), expression=as_of.copy())))
        flags = []
        for (concept, what, days), column in self.needs.history.items():
            if concepts()[concept].kind != kind:
                continue
            match = exp.paren(any_of([exp.GT(this=exp.StrPosition(this=col("k"), substr=text(f" {phrase} ")),
                                             expression=num(0)) for phrase in _phrases(concept)]))
            when = {"ever": [match, started],
                    "current": [match, started, exp.paren(exp.or_(is_null(e_.copy()),
                                                                  exp.GTE(this=e_.copy(), expression=as_of.copy())))],
                    "window": [match, started, exp.paren(exp.or_(is_null(last.copy()), exp.GTE(
                        this=last.copy(), expression=date_literal(self.needs.since(days)))))],
                    "past": [match, exp.LTE(this=last.copy(), expression=as_of.copy())],
                    "last": [match, exp.LTE(this=last.copy(), expression=as_of.copy())]}[what]
            value = last.copy() if what == "last" else num(1)
            flags.append(exp.alias_(exp.Max(this=case([(all_of(when), value)])), column, quoted=True))
        return exp.select(col(ID), *flags).from_(exp.paren(rows).as_("hr")).group_by(col(ID))

    def base(self) -> exp.Select:
        person = [col(c, "p") for c in ("gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth")]
        query = exp.select(col(ID, "p"), *person).from_(self.table("person", "p"))
        if self.needs.targets:
            query = query.select(*[col(f"{slug(a)}__{n}", "l") for a, units in sorted(self.needs.targets.items())
                                   for n in ["d", "v", "opc", "rlo", "rhi", "known"]
                                   + [f"f{i}" for i in range(len(units))]])
            query = query.join(exp.table_("lab", alias="l"),
                               on=exp.EQ(this=col(ID, "l"), expression=col(ID, "p")), join_type="left")
        for kind in self.needs.kinds():
            alias = HISTORY_CTE[kind]
            query = query.select(*[col(c, alias) for (concept, _, _), c in self.needs.history.items()
                                   if concepts()[concept].kind == kind])
            query = query.join(exp.table_(alias, alias=alias),
                               on=exp.EQ(this=col(ID, alias), expression=col(ID, "p")), join_type="left")
        return query

    def ctes(self) -> list[tuple[str, exp.Expression]]:
        found: list[tuple[str, exp.Expression]] = []
        if self.needs.targets:
            found.append(("cmap", self.concept_map()))
            if self.source_values:
                found.append(("smap", self.source_map()))
            found += [("fac", self.factor_table()), ("res", self.results()), ("ranked", self.ranked()),
                      ("lab", self.lab())]
        for kind in self.needs.kinds():
            found.append((HISTORY_CTE[kind], self.history(kind)))
        found.append(("base", self.base()))
        return found


# record kind -> (table, name column, start date column, end date column)
HISTORY_TABLES = {
    "condition": ("condition_occurrence", "condition_source_value", "condition_start_date", "condition_end_date"),
    "medication": ("drug_exposure", "drug_source_value", "drug_exposure_start_date", "drug_exposure_end_date"),
    "procedure": ("procedure_occurrence", "procedure_source_value", "procedure_date", None),
}
HISTORY_CTE = {"condition": "hc", "medication": "hm", "procedure": "hp"}


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

