"""The value to use, in SQL: engine/readings.py rule for rule, as column expressions.

A *source* says how one kind of value is found for a person (a recorded result, the
age from the birth date, Cockcroft-Gault, CKD-EPI eGFR, ANC from WBC x neutrophils %,
Payne's corrected calcium, a mapped performance score, BMI) as expressions over the
wide ``base`` row. A *reading* is what a leaf asks for: the
recorded value, or when that is missing and derivation is allowed, the derived one.
Readings become columns of the ``rd`` CTE (``r<n>_<field>``), so leaves read them by
name and nothing is computed twice.

Every interval keeps the evaluator's shape: low, high (NULL = +infinity), open ends.
Converted ends stay unrounded: comparisons with a constant threshold use exact
precomputed bounds (expr.compare_constant); only a bound known at run time (k x the
result's own ULN) needs the ends rounded in SQL (``rounded``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlglot import exp

from ..analytes import Analyte, catalogue
from ..readings import CKD_EPI, scale_mappings
from ..units import absolute, per_body_surface
from .expr import (DOUBLE, Expr, add, all_of, any_of, case, col, div, false, in_, is_null, mul, not_,
                   not_null, null, num, round12, sub, true)
from .factors import EITHER_SURFACE, PLAUSIBLE_HIGH, PLAUSIBLE_LOW, conversion
from .staging import Needs, date_literal, slug
from .vocab import Vocabulary

BOOL = exp.DataType.build("boolean")


def _coalesce_false(value: Expr) -> Expr:
    return exp.Coalesce(this=value, expressions=[false()])


_mul, _div = mul, div


# Small integers where strings would cost per row: why a reading is missing, its source.
MISSING, UNIT, OK, IMPLAUSIBLE = 0, 1, 2, 3
SOURCES = {"rec": 0, "age": 1, "cg": 2, "map": 3, "bmi": 4, "egfr": 5, "anc": 6, "cca": 7, "bsa": 8}
GUARDED = ("low", "high", "own_low", "own_high", "months", "days")
# A reading's fields, and the field of its source when it has only one.
SINGLE = {"ok": "ok", "why": "why", "lo": "low", "hi": "high", "lo_open": "low_open", "hi_open": "high_open",
          "own_lo": "own_low", "own_hi": "own_high"}


class Source:
    """How one kind of value is found. Its fields are defined once (``defs``) and
    published as columns ``s<k>_<field>`` of the CTEs of its ``layer`` (1: recorded
    values and age, read from ``base``; 2: values derived from layer-1 columns): ``ok``
    in a CTE of its own, the other fields in the next one, guarded by the ``ok`` column;
    the attributes (``ok``, ``low`` ...) are references to those columns."""

    src = "rec"
    layer = 1
    FIELDS = ("ok", "why", "low", "high", "low_open", "high_open", "own_low", "own_high")

    def __init__(self, index: int) -> None:
        self.index = index
        self.defs: dict[str, Expr] = {}

    def publish(self, **defs: Expr) -> None:
        """Values are NULL when the source has none (``ok`` false): a reading then needs
        no guard of its own, and a missing value reads as unknown everywhere. The guard
        reads the published ``ok`` column: repeating its expression in every guarded
        field would evaluate it once per field."""
        self.ok = col(f"s{self.index}_ok")
        for name, definition in defs.items():
            setattr(self, name, col(f"s{self.index}_{name}"))
            if name in GUARDED and not _is_null(definition):
                definition = case([(self.ok.copy(), definition)])
            self.defs[name] = definition

    def ok_column(self) -> Expr:
        return exp.alias_(self.defs["ok"], f"s{self.index}_ok", quoted=True)

    def columns(self) -> list[Expr]:
        """Every field but ``ok`` (``ok_column``, published a layer before)."""
        return [exp.alias_(e, f"s{self.index}_{k}", quoted=True) for k, e in self.defs.items() if k != "ok"]

    def converted(self, unit: str, bsa: Optional["BodySurface"] = None) -> tuple[Expr, Expr]:
        """(low, high) in ``unit``, NULL when the unit cannot be converted. With ``bsa``, a
        clearance per 1.73 m² of body surface and an absolute one convert through it."""
        f = self.factor(unit)
        if bsa is not None:
            scale = _div(num(1.73), bsa.low.copy()) if per_body_surface(unit) else _div(bsa.low.copy(), num(1.73))
            f = exp.Coalesce(this=f, expressions=[_mul(self.factor(EITHER_SURFACE + unit), exp.paren(scale))])
        return _mul(self.low, f), _mul(self.high, f)

    def factor(self, unit: str) -> Expr:
        raise NotImplementedError

    def _constant_factor(self, source_unit: str, unit: str) -> Expr:
        found = conversion(source_unit, unit, self.analyte)
        return num(found) if found is not None else exp.cast(null(), DOUBLE)


class Recorded(Source):
    """The most recent result on or before the screening date, within the window."""

    def __init__(self, index: int, analyte: Analyte, window: int, needs: Needs, vocab: Vocabulary) -> None:
        super().__init__(index)
        self.analyte, self.needs = analyte, needs
        needs.analyte(analyte.id, window)
        stem = slug(analyte.id)
        self.col = lambda name: col(f"{stem}__{name}")
        fresh = exp.GTE(this=self.col("d"), expression=date_literal(needs.since(window)))
        ops = {op: [num(k) for k, v in vocab.operators.items() if v == op] for op in ("<", "<=", ">", ">=")}
        below, above = ops["<"] + ops["<="], ops[">"] + ops[">="]
        opc, value = self.col("opc"), self.col("v")
        possible = self._possible(value)
        self.publish(
            ok=_coalesce_false(all_of([fresh, not_null(self.col("known")), possible])),
            why=case([(all_of([fresh.copy(), not_(possible.copy())]), num(IMPLAUSIBLE)),
                      (fresh.copy(), num(UNIT))], num(MISSING)),
            low=case([(in_(opc.copy(), below), exp.cast(num(0), DOUBLE))], value.copy()),
            high=case([(in_(opc.copy(), above), exp.cast(null(), DOUBLE))], value.copy()),
            low_open=_coalesce_false(in_(opc.copy(), ops[">"])),
            high_open=_coalesce_false(in_(opc.copy(), ops["<"])),
            own_low=self.col("rlo"), own_high=self.col("rhi"))

    def factor(self, unit: str) -> Expr:
        return self.col(f"f{self.needs.target(self.analyte.id, unit)}")

    def converted(self, unit: str, bsa: Optional["BodySurface"] = None) -> tuple[Expr, Expr]:
        """Source.converted, plus the offset of an affine unit (HbA1c: IFCC mmol/mol, NGSP %)."""
        low, high = super().converted(unit, bsa)
        if not self.analyte.affine:
            return low, high
        offset = self.col(f"o{self.needs.target(self.analyte.id, unit)}")
        return add(low, offset), add(high, offset)

    def _possible(self, value: Expr) -> Expr:
        """readings.possible: the number as written within the plausible bounds in its unit."""
        if self.analyte.plausible is None:
            return true()
        low, high = self.factor(PLAUSIBLE_LOW), self.factor(PLAUSIBLE_HIGH)
        return all_of([exp.Coalesce(this=exp.GTE(this=value.copy(), expression=low), expressions=[true()]),
                       exp.Coalesce(this=exp.LTE(this=value.copy(), expression=high), expressions=[true()])])


class Age(Source):
    """Completed years (months, weeks, days) from OMOP's year/month/day of birth."""

    src = "age"

    def __init__(self, index: int, as_of: date) -> None:
        super().__init__(index)
        y, m, d = col("year_of_birth"), col("month_of_birth"), col("day_of_birth")
        before = case([(exp.LT(this=num(as_of.day), expression=d.copy()), num(1))], num(0))
        months = sub(add(_mul(sub(num(as_of.year), y), num(12)), sub(num(as_of.month), m)), before)
        days = sub(num(_days_from_civil_py(as_of)), _days_from_civil(y, m, d))
        self.publish(ok=_coalesce_false(_valid_date(y, m, d)), why=num(MISSING),
                     low=_floor_div(months, 12), high=_floor_div(months, 12),
                     low_open=false(), high_open=false(), own_low=exp.cast(null(), DOUBLE),
                     own_high=exp.cast(null(), DOUBLE), months=exp.cast(months, DOUBLE),
                     days=exp.cast(days, DOUBLE))

    def converted(self, unit: str, bsa: Optional["BodySurface"] = None) -> tuple[Expr, Expr]:
        if unit == "h":     # readings._age_in_hours: a day either side, no time of birth
            return _mul(sub(self.days.copy(), num(1)), num(24)), _mul(add(self.days.copy(), num(1)), num(24))
        value = {"a": self.low, "mo": self.months, "wk": _floor_div(self.days, 7),
                 "d": self.days}.get(unit)
        value = value.copy() if value is not None else exp.cast(null(), DOUBLE)
        return value, value.copy()


class CockcroftGault(Source):
    """CrCl (mL/min) = (140 - age) x weight / (72 x creatinine mg/dL), x 0.85 if female.

    As readings.cockcroft_gault: the weight converted to kg; no value (unknown) when the
    creatinine's upper end or the weight is not above 0.
    """

    src, layer = "cg", 2

    def __init__(self, index: int, analyte: Analyte, creatinine: Recorded, weight: Recorded, age: Age,
                 female: Expr, male: Expr) -> None:
        super().__init__(index)
        self.analyte = analyte
        f, kg = creatinine.factor("mg/dL"), weight.factor("kg")
        scr_lo, scr_hi = _mul(creatinine.low, f), _mul(creatinine.high, f)
        numerator = _mul(exp.paren(sub(num(140), age.low.copy())),
                         exp.paren(_mul(weight.low, kg)))
        base_low = case([(is_null(scr_hi.copy()), exp.cast(num(0), DOUBLE))],
                        _div(numerator, exp.paren(_mul(num(72), scr_hi))))
        base_high = case([(exp.GT(this=scr_lo.copy(), expression=num(0)),
                           _div(numerator, exp.paren(_mul(num(72), scr_lo))))], exp.cast(null(), DOUBLE))
        positive = exp.Coalesce(this=exp.GT(this=scr_hi.copy(), expression=num(0)), expressions=[true()])
        heavy = exp.GT(this=_mul(weight.low, kg), expression=num(0))
        self.publish(
            ok=_coalesce_false(all_of([creatinine.ok.copy(), weight.ok.copy(), age.ok.copy(),
                                       not_null(f.copy()), not_null(kg.copy()), positive, heavy])),
            why=num(MISSING),
            low=_mul(exp.paren(base_low), case([(male.copy(), num(1.0))], num(0.85))),
            high=_mul(exp.paren(base_high), case([(female.copy(), num(0.85))], num(1.0))),
            low_open=_coalesce_false(all_of([creatinine.high_open.copy(), not_(male.copy())])),
            high_open=false(), own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))

    def factor(self, unit: str) -> Expr:
        return self._constant_factor("mL/min", unit)


class CkdEpi(Source):
    """eGFR by CKD-EPI 2021, as readings.ckd_epi: creatinine in mg/dL, adults only; a person
    whose sex is neither female nor male gets the interval both sexes' equations span."""

    src, layer = "egfr", 2

    def __init__(self, index: int, analyte: Analyte, creatinine: Recorded, age: Age,
                 female: Expr, male: Expr) -> None:
        super().__init__(index)
        self.analyte = analyte
        scr_lo, scr_hi = _in_unit(creatinine, "mg/dL")
        # eGFR falls as creatinine rises, and is lower for women at every creatinine: the
        # low end is from the high creatinine (female unless male), the high end the reverse.
        low = case([(male.copy(), _ckd_epi(scr_hi, age.low, "male"))], _ckd_epi(scr_hi, age.low, "female"))
        high = case([(female.copy(), _ckd_epi(scr_lo, age.low, "female"))], _ckd_epi(scr_lo, age.low, "male"))
        positive = exp.Coalesce(this=exp.GT(this=scr_hi.copy(), expression=num(0)), expressions=[true()])
        adult = exp.GTE(this=age.low.copy(), expression=num(18))
        self.publish(
            ok=_coalesce_false(all_of([creatinine.ok.copy(), age.ok.copy(), not_null(scr_lo.copy()), positive,
                                       adult])),
            why=num(MISSING),
            low=low, high=high,
            low_open=creatinine.high_open.copy(), high_open=creatinine.low_open.copy(),
            own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))

    def factor(self, unit: str) -> Expr:
        return self._constant_factor(self.analyte.unit, unit)


class DifferentialAnc(Source):
    """ANC = WBC x neutrophils % / 100, as readings.anc_from_differential: segmented + band
    when both are recorded, else total neutrophils; every input of the same date."""

    src, layer = "anc", 2

    def __init__(self, index: int, analyte: Analyte, wbc: Recorded, segmented: Recorded, band: Recorded,
                 total: Recorded) -> None:
        super().__init__(index)
        self.analyte = analyte
        both = all_of([segmented.ok.copy(), band.ok.copy()])
        split = [_in_unit(segmented, "%"), _in_unit(band, "%")]
        whole = _in_unit(total, "%")
        pick = lambda parts, one: case([(both.copy(), parts)], one)  # noqa: E731
        share_lo = pick(add(split[0][0], split[1][0]), whole[0])
        share_hi = pick(add(split[0][1], split[1][1]), whole[1])
        share_lo_open = pick(any_of([segmented.low_open.copy(), band.low_open.copy()]), total.low_open.copy())
        share_hi_open = pick(any_of([segmented.high_open.copy(), band.high_open.copy()]), total.high_open.copy())
        same_day = pick(all_of([_same_day(wbc, segmented), _same_day(wbc, band)]), _same_day(wbc, total))
        share_ok = pick(all_of([not_null(split[0][0].copy()), not_null(split[1][0].copy())]),
                        all_of([total.ok.copy(), not_null(whole[0].copy())]))
        w_lo, w_hi = _in_unit(wbc, analyte.unit)
        self.publish(
            ok=_coalesce_false(all_of([wbc.ok.copy(), not_null(w_lo.copy()), share_ok, same_day])),
            why=num(MISSING),
            low=_div(_mul(w_lo, share_lo), num(100)),
            high=_div(_times(w_hi, share_hi), num(100)),
            low_open=_open_product(w_lo, share_lo, any_of([wbc.low_open.copy(), share_lo_open])),
            high_open=_open_product(w_hi, share_hi, any_of([wbc.high_open.copy(), share_hi_open])),
            own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))

    def factor(self, unit: str) -> Expr:
        return self._constant_factor(self.analyte.unit, unit)


class CorrectedCalcium(Source):
    """Payne: calcium (mg/dL) + 0.8 x (4.0 - albumin g/dL), as readings.payne_corrected_calcium:
    both of the same date; an albumin with no upper end gives no value."""

    src, layer = "cca", 2

    def __init__(self, index: int, analyte: Analyte, calcium: Recorded, albumin: Recorded) -> None:
        super().__init__(index)
        self.analyte = analyte
        ca_lo, ca_hi = _in_unit(calcium, "mg/dL")
        alb_lo, alb_hi = _in_unit(albumin, "g/dL")
        corrected = lambda ca, alb: add(ca, _mul(num(0.8), exp.paren(sub(num(4.0), alb))))  # noqa: E731
        self.publish(
            ok=_coalesce_false(all_of([calcium.ok.copy(), albumin.ok.copy(), not_null(ca_lo.copy()),
                                       not_null(alb_hi.copy()), _same_day(calcium, albumin)])),
            why=num(MISSING),
            low=corrected(ca_lo, alb_hi), high=corrected(ca_hi, alb_lo),
            low_open=any_of([calcium.low_open.copy(), albumin.high_open.copy()]),
            high_open=any_of([calcium.high_open.copy(), albumin.low_open.copy()]),
            own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))

    def factor(self, unit: str) -> Expr:
        return self._constant_factor("mg/dL", unit)


class MappedScale(Source):
    """ECOG from Karnofsky or Karnofsky from ECOG, through the default named mapping."""

    src, layer = "map", 2

    def __init__(self, index: int, analyte: Analyte, other: Recorded) -> None:
        super().__init__(index)
        mapping = scale_mappings()[scale_mappings()["default"]]
        self.analyte = analyte
        x = other.low
        pairs = {int(k): (float(lo), float(hi)) for k, (lo, hi) in mapping["pairs"].items()}
        if analyte.id == mapping["from"]:
            inside = {k: all_of([exp.LTE(this=num(lo), expression=x.copy()),
                                 exp.LTE(this=x.copy(), expression=num(hi))]) for k, (lo, hi) in pairs.items()}
            low = case([(inside[k], num(float(k))) for k in sorted(pairs)])
            high = case([(inside[k].copy(), num(float(k))) for k in sorted(pairs, reverse=True)])
        else:
            keyed = [(_truncates_to(x, k), k) for k in sorted(pairs)]
            low = case([(cond, num(pairs[k][0])) for cond, k in keyed])
            high = case([(cond.copy(), num(pairs[k][1])) for cond, k in keyed])
        self.publish(ok=_coalesce_false(all_of([other.ok.copy(), not_null(low.copy())])), why=num(MISSING),
                     low=low, high=high, low_open=false(), high_open=false(),
                     own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))
        self.step = 10 if analyte.id in ("karnofsky", "lansky") else 1
        self.outcomes = _mapping_outcomes(analyte.id == mapping["from"], pairs)

    def factor(self, unit: str) -> Expr:
        return self._constant_factor(self.analyte.unit, unit)


class BodyMassIndex(Source):
    src, layer = "bmi", 2

    def __init__(self, index: int, analyte: Analyte, weight: Recorded, height: Recorded) -> None:
        super().__init__(index)
        self.analyte = analyte
        kg, metres = weight.factor("kg"), height.factor("m")
        h = exp.paren(_mul(height.low, metres))
        value = _div(exp.paren(_mul(weight.low, kg)), exp.paren(_mul(h, h)))
        nonzero = exp.Coalesce(this=exp.GT(this=h.copy(), expression=num(0)), expressions=[false()])
        self.publish(ok=_coalesce_false(all_of([weight.ok.copy(), height.ok.copy(), not_null(kg.copy()),
                                                not_null(metres.copy()), nonzero])),
                     why=num(MISSING), low=value, high=value.copy(), low_open=false(), high_open=false(),
                     own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))

    def factor(self, unit: str) -> Expr:
        return self._constant_factor("kg/m2", unit)


class BodySurface(Source):
    """Mosteller BSA (m²) = sqrt(height cm x weight kg / 3600), as readings.across_body_surface:
    both recorded exactly (no censored value)."""

    src, layer = "bsa", 2

    def __init__(self, index: int, height: Recorded, weight: Recorded) -> None:
        super().__init__(index)
        cm, kg = height.factor("cm"), weight.factor("kg")
        area = exp.Sqrt(this=_div(exp.paren(_mul(exp.paren(_mul(height.low, cm)), exp.paren(_mul(weight.low, kg)))),
                                  num(3600)))
        exact = [all_of([exp.EQ(this=r.low.copy(), expression=r.high.copy()), not_(r.low_open.copy()),
                         not_(r.high_open.copy())]) for r in (height, weight)]
        self.publish(ok=_coalesce_false(all_of([height.ok.copy(), weight.ok.copy(), not_null(cm.copy()),
                                                not_null(kg.copy()), *exact])),
                     why=num(MISSING), low=area, high=area.copy(), low_open=false(), high_open=false(),
                     own_low=exp.cast(null(), DOUBLE), own_high=exp.cast(null(), DOUBLE))


@dataclass
class Reading:
    """A reading a leaf asks for: columns ``r<n>_*`` of the ``rd`` CTE."""

    index: int
    analyte: Analyte
    sources: list[Source]
    dialect: str
    units: list[str] = field(default_factory=list)
    needs_rounded: bool = False
    # A clearance's: converts per 1.73 m² of body surface to absolute and back.
    bsa: Optional[BodySurface] = None

    def name(self, field_name: str) -> str:
        return f"r{self.index}_{field_name}"

    def ref(self, field_name: str) -> Expr:
        if len(self.sources) == 1:  # one source: read its columns, no copy
            source = self.sources[0]
            if field_name in SINGLE:
                return getattr(source, SINGLE[field_name]).copy()
            if field_name == "src":
                return num(SOURCES[source.src])
        return col(self.name(field_name))

    def target(self, unit: str) -> tuple[exp.Column, exp.Column]:
        """(low, high) converted to ``unit``, unrounded (compare with expr.compare_constant);
        NULL when missing or unconvertible."""
        if unit not in self.units:
            self.units.append(unit)
        i = self.units.index(unit)
        return self.ref(f"t{i}_lo"), self.ref(f"t{i}_hi")

    def rounded(self) -> tuple[exp.Column, exp.Column]:
        """(low, high) in the reading's own unit, rounded as units.comparable rounds, for
        comparisons with a bound known only at run time (k x the result's own ULN)."""
        self.needs_rounded = True
        return self.ref("rlo"), self.ref("rhi")

    @property
    def src(self) -> Expr:
        return self.ref("src")

    def mapped_source(self) -> Optional[MappedScale]:
        return next((s for s in self.sources if isinstance(s, MappedScale)), None)

    # -------------------------------------------------------------- columns
    def _pick(self, attribute) -> Expr:
        """The first source that has a value wins (recorded before derived)."""
        return case([(s.ok.copy(), attribute(s).copy()) for s in self.sources])

    def raw_columns(self) -> list[Expr]:
        """Stage one (CTE ``rd0``): the chosen source's interval, unrounded."""
        sources = self.sources
        if len(sources) == 1:
            out = {}
            for i, unit in enumerate(self.units):
                out[f"t{i}_lo"], out[f"t{i}_hi"] = sources[0].converted(unit, self.bsa)
            return [exp.alias_(e, self.name(k), quoted=True) for k, e in out.items()]
        out: dict[str, Expr] = {
            "ok": any_of([s.ok.copy() for s in sources]) if len(sources) > 1 else sources[0].ok.copy(),
            "why": sources[0].why.copy() if len(sources) == 1 else
            case([(s.ok.copy(), num(OK)) for s in sources], sources[0].why.copy()),
            "src": self._pick(lambda s: num(SOURCES[s.src])),
            "lo": self._pick(lambda s: s.low),
            "hi": self._pick(lambda s: s.high),
            "lo_open": exp.Coalesce(this=self._pick(lambda s: s.low_open), expressions=[false()]),
            "hi_open": exp.Coalesce(this=self._pick(lambda s: s.high_open), expressions=[false()]),
            "own_lo": self._pick(lambda s: s.own_low),
            "own_hi": self._pick(lambda s: s.own_high),
        }
        for i, unit in enumerate(self.units):
            out[f"t{i}_lo"] = case([(s.ok.copy(), s.converted(unit, self.bsa)[0]) for s in sources])
            out[f"t{i}_hi"] = case([(s.ok.copy(), s.converted(unit, self.bsa)[1]) for s in sources])
        return [exp.alias_(e, self.name(k), quoted=True) for k, e in out.items()]

    def rounded_columns(self) -> list[Expr]:
        """Stage two (CTE ``rd``): the ends rounded as units.comparable rounds them."""
        if not self.needs_rounded:
            return []
        out = {"rlo": round12(self.ref("lo"), self.dialect), "rhi": round12(self.ref("hi"), self.dialect)}
        return [exp.alias_(e, self.name(k), quoted=True) for k, e in out.items()]

    def point(self) -> Expr:
        """readings.Reading.is_point, on the unrounded ends."""
        return _coalesce_false(all_of([exp.EQ(this=self.ref("lo"), expression=self.ref("hi")),
                                       not_(self.ref("lo_open")), not_(self.ref("hi_open"))]))


def _is_null(value: Expr) -> bool:
    """A NULL constant (cast or not): it needs no guard."""
    while isinstance(value, exp.Cast):
        value = value.this
    return isinstance(value, exp.Null)


def _in_unit(source: Recorded, unit: str) -> tuple[Expr, Expr]:
    """A recorded source's (low, high) in ``unit``: NULL when it cannot be converted."""
    f = source.factor(unit)
    return _mul(source.low, f), _mul(source.high, f)


def _same_day(a: Recorded, b: Recorded) -> Expr:
    """Two results of one draw: the same date."""
    return exp.EQ(this=a.col("d"), expression=b.col("d"))


def _ckd_epi(scr: Expr, age: Expr, sex: str) -> Expr:
    """readings.ckd_epi_2021: NULL (+infinity) for a creatinine not above 0, and 0 for an
    unbounded one (NULL)."""
    kappa, alpha, sex_factor = CKD_EPI[sex]
    ratio = _div(scr, num(kappa))
    exponent = case([(exp.LT(this=ratio.copy(), expression=num(1)), num(alpha))], num(-1.2))
    value = _mul(_mul(num(142), exp.Pow(this=ratio, expression=exponent)),
                 exp.Pow(this=num(0.9938), expression=age.copy()))
    if sex_factor != 1:
        value = _mul(value, num(sex_factor))
    return case([(is_null(scr.copy()), exp.cast(num(0), DOUBLE)),
                 (exp.GT(this=scr.copy(), expression=num(0)), value)], exp.cast(null(), DOUBLE))


def _times(a: Expr, b: Expr) -> Expr:
    """readings._times: a x b for upper ends (NULL = +infinity), where a zero end gives 0."""
    zero = any_of([exp.EQ(this=a.copy(), expression=num(0)), exp.EQ(this=b.copy(), expression=num(0))])
    return case([(zero, exp.cast(num(0), DOUBLE))], _mul(a, b))


def _open_product(a: Expr, b: Expr, either_open: Expr) -> Expr:
    """An end of a product of two non-negative intervals is open when an input's end is
    and neither end is 0 (a zero factor pins the product)."""
    positive = all_of([exp.GT(this=a.copy(), expression=num(0)), exp.GT(this=b.copy(), expression=num(0))])
    return _coalesce_false(all_of([exp.paren(either_open), positive]))


def _valid_date(y: Expr, m: Expr, d: Expr) -> Expr:
    """A calendar date Python's datetime.date accepts (year 1-9999)."""
    leap = any_of([exp.paren(all_of([exp.EQ(this=exp.Mod(this=y.copy(), expression=num(4)), expression=num(0)),
                                     exp.NEQ(this=exp.Mod(this=y.copy(), expression=num(100)), expression=num(0))])),
                   exp.EQ(this=exp.Mod(this=y.copy(), expression=num(400)), expression=num(0))])
    days = case([(in_(m.copy(), [num(i) for i in (1, 3, 5, 7, 8, 10, 12)]), num(31)),
                 (in_(m.copy(), [num(i) for i in (4, 6, 9, 11)]), num(30)),
                 (leap, num(29))], num(28))
    return all_of([exp.Between(this=y.copy(), low=num(1), high=num(9999)),
                   exp.Between(this=m.copy(), low=num(1), high=num(12)),
                   exp.Between(this=d.copy(), low=num(1), high=days)])


def _floor_div(value: Expr, by: int) -> Expr:
    """Python's // for integers: floor of a real division (SQL's integer / truncates)."""
    return exp.Floor(this=_div(exp.cast(value.copy(), DOUBLE), num(by)))


def _days_from_civil(y: Expr, m: Expr, d: Expr) -> Expr:
    """Days since 1970-01-01 of a (year, month, day), by integer arithmetic (H. Hinnant)."""
    yy = sub(y, case([(exp.LTE(this=m.copy(), expression=num(2)), num(1))], num(0)))
    era = _floor_div(yy, 400)
    yoe = sub(yy, _mul(era, num(400)))
    mp = add(m, case([(exp.GT(this=m.copy(), expression=num(2)), num(-3))], num(9)))
    doy = add(_floor_div(add(_mul(num(153), mp), num(2)), 5), sub(d, num(1)))
    doe = add(sub(add(_mul(yoe, num(365)), _floor_div(yoe, 4)), _floor_div(yoe, 100)), doy)
    return exp.paren(sub(add(_mul(era, num(146097)), doe), num(719468)))


def _days_from_civil_py(day: date) -> int:
    return (day - date(1970, 1, 1)).days


def _truncates_to(x: Expr, k: int) -> Expr:
    """int(x) == k, as Python's int() truncates toward zero."""
    if k > 0:
        return all_of([exp.GTE(this=x.copy(), expression=num(k)), exp.LT(this=x.copy(), expression=num(k + 1))])
    if k < 0:
        return all_of([exp.GT(this=x.copy(), expression=num(k - 1)), exp.LTE(this=x.copy(), expression=num(k))])
    return all_of([exp.GT(this=x.copy(), expression=num(-1)), exp.LT(this=x.copy(), expression=num(1))])


def _mapping_outcomes(from_ranges: bool, pairs: dict[int, tuple[float, float]]) -> list[tuple[float, float]]:
    """Every (low, high) a mapped score can take, so one_of can be decided per outcome."""
    if not from_ranges:
        return sorted(set(pairs.values()))
    points = sorted({v for lo, hi in pairs.values() for v in (lo, hi)})
    probes = points + [(a + b) / 2 for a, b in zip(points, points[1:])]
    found = set()
    for x in probes:
        keys = [k for k, (lo, hi) in pairs.items() if lo <= x <= hi]
        if keys:
            found.add((float(min(keys)), float(max(keys))))
    return sorted(found)


class Readings:
    """Builds and caches readings per (analyte, window, derive), registering their needs."""

    def __init__(self, needs: Needs, vocab: Vocabulary, dialect: str) -> None:
        self.needs, self.vocab, self.dialect = needs, vocab, dialect
        self.cat = catalogue()
        self._cache: dict[tuple[str, int, bool], Reading] = {}
        self._sources_by_key: dict[tuple, Source] = {}
        sex = col("gender_concept_id")
        self.female = _coalesce_false(in_(sex.copy(), [num(k) for k, v in vocab.genders.items() if v == "female"]))
        self.male = _coalesce_false(in_(sex.copy(), [num(k) for k, v in vocab.genders.items() if v == "male"]))

    def _source(self, key: tuple, build) -> Source:
        if key not in self._sources_by_key:
            self._sources_by_key[key] = build(len(self._sources_by_key))
        return self._sources_by_key[key]

    def age(self) -> Age:
        return self._source(("age",), lambda i: Age(i, self.needs.as_of))

    def recorded(self, analyte_id: str, window: int) -> Recorded:
        return self._source(("rec", analyte_id, window),
                            lambda i: Recorded(i, self.cat[analyte_id], window, self.needs, self.vocab))

    def get(self, analyte_id: str, window: int, derive: bool) -> Reading:
        key = (analyte_id, window, derive)
        if key not in self._cache:
            analyte = self.cat[analyte_id]
            sources = self._sources(analyte_id, window, derive)
            bsa = self._body_surface(window) if absolute(analyte.unit) == "mL/min" else None
            self._cache[key] = Reading(len(self._cache), analyte, sources, self.dialect, bsa=bsa)
        return self._cache[key]

    def _sources(self, analyte_id: str, window: int, derive: bool) -> list[Source]:
        if analyte_id == "age":
            return [self.age()]
        sources: list[Source] = [self.recorded(analyte_id, window)]
        derived = _DERIVED.get(analyte_id)
        if derive and derived:
            sources.append(derived(self, self.cat[analyte_id], window))
        return sources

    # One method per derived value. Inputs first: a source's index is taken when it is
    # built, after its inputs'.
    def _cockcroft_gault(self, analyte: Analyte, window: int) -> Source:
        inputs = (self.recorded("creatinine", window), self.recorded("weight", window), self.age())
        return self._source(("cg", window), lambda i: CockcroftGault(i, analyte, *inputs, self.female, self.male))

    def _ckd_epi(self, analyte: Analyte, window: int) -> Source:
        inputs = (self.recorded("creatinine", window), self.age())
        return self._source(("egfr", window), lambda i: CkdEpi(i, analyte, *inputs, self.female, self.male))

    def _anc(self, analyte: Analyte, window: int) -> Source:
        inputs = tuple(self.recorded(a, window) for a in ("white blood cell count", "segmented neutrophil percentage",
                                                          "band neutrophil percentage", "neutrophil percentage"))
        return self._source(("anc", window), lambda i: DifferentialAnc(i, analyte, *inputs))

    def _corrected_calcium(self, analyte: Analyte, window: int) -> Source:
        inputs = (self.recorded("calcium", window), self.recorded("albumin", window))
        return self._source(("cca", window), lambda i: CorrectedCalcium(i, analyte, *inputs))

    def _mapped(self, analyte: Analyte, window: int) -> Source:
        mapping = scale_mappings()[scale_mappings()["default"]]
        other = self.recorded(mapping["to"] if analyte.id == mapping["from"] else mapping["from"], window)
        return self._source(("map", analyte.id, window), lambda i: MappedScale(i, analyte, other))

    def _body_surface(self, window: int) -> BodySurface:
        inputs = (self.recorded("height", window), self.recorded("weight", window))
        return self._source(("bsa", window), lambda i: BodySurface(i, *inputs))

    def _bmi(self, analyte: Analyte, window: int) -> Source:
        weight, height = self.recorded("weight", window), self.recorded("height", window)
        return self._source(("bmi", window), lambda i: BodyMassIndex(i, analyte, weight, height))

    def all(self) -> list[Reading]:
        return list(self._cache.values())

    def ok_columns(self, layer: int) -> list[Expr]:
        return [s.ok_column() for s in self._sources_by_key.values() if s.layer == layer]

    def source_columns(self, layer: int) -> list[Expr]:
        return [c for s in self._sources_by_key.values() if s.layer == layer for c in s.columns()]


# readings._DERIVATIONS, in SQL: analyte -> the method that builds its derived source.
_DERIVED = {
    "creatinine clearance": Readings._cockcroft_gault,
    "egfr": Readings._ckd_epi,
    "absolute neutrophil count": Readings._anc,
    "corrected calcium": Readings._corrected_calcium,
    "ecog": Readings._mapped,
    "karnofsky": Readings._mapped,
    "bmi": Readings._bmi,
}
