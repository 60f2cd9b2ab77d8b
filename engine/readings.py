"""The value to use for an analyte: measured, recorded or derived, or why there is none.

A Reading is an interval, not a number, so three cases share one comparison:
a plain result (a point), a censored result ("< 0.1": [0, 0.1)) and a value known
only within bounds (Karnofsky 80 read on the ECOG scale, Cockcroft-Gault for a
patient whose sex is not recorded). A comparison the whole interval satisfies is
met, one it entirely fails is not met, anything else is unknown.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, AbstractSet, Optional, Union

from . import show
from .analytes import Analyte, catalogue
from .documents import load_yaml
from .logic import Truth
from .units import UnitError, absolute, comparable, factor, per_body_surface

if TYPE_CHECKING:   # the patient models are imported with a patient: compiling needs none
    from .patients import Measurement, Patient, RecordedAge

DEFAULT_RECENCY_DAYS = 28


@dataclass(frozen=True)
class Reading:
    low: float
    high: float
    unit: str
    text: str
    measurement: Optional[Measurement] = None
    low_open: bool = False
    high_open: bool = False
    derivation: Optional[str] = None
    inputs: tuple[str, ...] = ()
    # What would narrow an interval to a point (e.g. "sex" for Cockcroft-Gault).
    settles: tuple[str, ...] = ()
    # The discrete values an interval stands for (mapped scores: Karnofsky 70 or 80).
    values: Optional[tuple[float, ...]] = None

    @property
    def is_point(self) -> bool:
        return self.low == self.high and not (self.low_open or self.high_open)

    def to(self, unit: str, analyte: Analyte) -> "Reading":
        """The same reading in another unit (raises UnitError)."""
        if unit == self.unit:
            return self
        f, offset = analyte.conversion(self.unit, unit)
        values = tuple(v * f + offset for v in self.values) if self.values else None
        converted = Reading(self.low * f + offset, self.high * f + offset, unit, self.text, self.measurement,
                            self.low_open, self.high_open, self.derivation, self.inputs,
                            self.settles, values)
        equation = analyte.by_equation(self.unit, unit)
        if equation is None:
            return converted
        # Not a factor: the reason says which equation gave the number compared.
        return replace(converted, text=f"{self.text} (= {converted.shown()} by {equation})")

    def shown(self) -> str:
        if self.is_point:
            return show.quantity(self.low, self.unit)
        if self.values:
            return " or ".join(show.number(v) for v in self.values) + \
                (f" {show.unit(self.unit)}" if show.unit(self.unit) else "")
        if self.low_open or self.high_open or self.low == 0 or self.high == float("inf"):
            sign = "<" if self.high_open else "≤"
            return f"{sign} {show.quantity(self.high, self.unit)}" if self.low <= 0 else \
                f"{'>' if self.low_open else '≥'} {show.quantity(self.low, self.unit)}"
        return f"{show.number(self.low)}–{show.quantity(self.high, self.unit)}"


@dataclass(frozen=True)
class Missing:
    """No usable value, and exactly what is missing (for the reason and to-resolve list)."""

    reason: str
    needed: tuple[str, ...] = field(default_factory=tuple)


def compare_interval(reading: Reading, op: str, threshold: float) -> Truth:
    """Kleene truth of ``value op threshold`` for every value the reading allows."""
    lo, hi = comparable(reading.low), comparable(reading.high)
    t = comparable(threshold)
    lo_open, hi_open = reading.low_open, reading.high_open
    if op == ">=":
        if lo >= t:
            return Truth.TRUE
        return Truth.FALSE if hi < t or (hi == t and hi_open) else Truth.UNKNOWN
    if op == ">":
        if lo > t or (lo == t and lo_open):
            return Truth.TRUE
        return Truth.FALSE if hi <= t else Truth.UNKNOWN
    if op == "<=":
        if hi <= t:
            return Truth.TRUE
        return Truth.FALSE if lo > t or (lo == t and lo_open) else Truth.UNKNOWN
    if op == "<":
        if hi < t or (hi == t and hi_open):
            return Truth.TRUE
        return Truth.FALSE if lo >= t else Truth.UNKNOWN
    if lo == hi == t and reading.is_point:
        return Truth.TRUE
    return Truth.FALSE if t < lo or t > hi else Truth.UNKNOWN


# Words by which a criterion asks for a GFR other than CKD-EPI 2021's: another equation,
# the race-based 2009 one, or a measured GFR. CKD-EPI then does not stand in for it.
_OTHER_GFR = re.compile(
    r"\b(mdrd|schwartz|cockcroft|cystatin|ekfc|lund|mayo|ckd[\s-]*epi[\s(,]*2009|2009\s+ckd[\s-]*epi"
    r"|race(?![\s-]*free)|african[\s-]american|black"
    r"|(?<!calculated or )(?<!estimated or )measured(?!\s+or\s+(?:calculated|estimated))"
    r"|iohexol|iothalamate|inulin|radionuclide|isotop\w*|nuclear|dtpa|24[\s-]*h(?:ou)?r?)\b", re.I)

# Words by which a criterion asks for a creatinine clearance measured in timed urine,
# which Cockcroft-Gault's estimate does not stand in for ("measured or calculated" allows it).
_MEASURED_CLEARANCE = re.compile(
    r"\b((?<!calculated or )(?<!estimated or )measured(?!\s+or\s+(?:calculated|estimated))"
    r"|24[\s-]*h(?:ou)?r?|timed|urine\s+collection)\b", re.I)


def not_derived(text: str, named: AbstractSet[str]) -> dict[str, str]:
    """The analytes (of those the criterion ``named``) its own words forbid deriving, each
    with why: ECOG and Karnofsky when it names both (it has stated its own equivalence),
    eGFR when it names a GFR other than CKD-EPI 2021's, creatinine clearance when it asks
    for a measured one."""
    refused = {}
    if {"ecog", "karnofsky"} <= named:
        why = "the criterion names both ECOG and Karnofsky, so neither is mapped from the other"
        refused = dict.fromkeys(("ecog", "karnofsky"), why)
    other = _OTHER_GFR.search(text) if "egfr" in named else None
    if other:
        refused["egfr"] = (f"the criterion names {other.group(0)}: CKD-EPI 2021 is not computed "
                           "in its place")
    measured = _MEASURED_CLEARANCE.search(text) if "creatinine clearance" in named else None
    if measured:
        refused["creatinine clearance"] = (f"the criterion asks for a clearance '{measured.group(0)}': "
                                           "Cockcroft-Gault is not computed in its place")
    return refused


@lru_cache(maxsize=1)
def scale_mappings() -> dict:
    text = resources.files("engine").joinpath("data").joinpath("scales.yaml").read_text("utf-8")
    data = load_yaml(text)
    return {"default": data["default"], **{m["id"]: m for m in data["mappings"]}}


class Readings:
    """Finds the value to use for each analyte of one patient on one screening date."""

    def __init__(self, patient: Patient, as_of: date, recency_days: int = DEFAULT_RECENCY_DAYS,
                 scale_mapping: Optional[str] = None) -> None:
        self.patient = patient
        self.as_of = as_of
        self.recency_days = recency_days
        self.mapping = scale_mappings()[scale_mapping or scale_mappings()["default"]]
        self.cat = catalogue()
        self._cache: dict[tuple[str, bool, int], Union[Reading, Missing]] = {}

    def get(self, analyte: Analyte, derive: bool = True, within_days: Optional[int] = None
            ) -> Union[Reading, Missing]:
        """The value to use; ``derive=False`` refuses mapped or computed stand-ins;
        ``within_days`` is the criterion's own recency window, when it states one."""
        key = (analyte.id, derive, self.recency_days if within_days is None else within_days)
        if key not in self._cache:
            window = self.recency_days
            try:
                self.recency_days = key[2]
                self._cache[key] = self._find(analyte, derive)
            finally:
                self.recency_days = window
        return self._cache[key]

    def _find(self, analyte: Analyte, derive: bool) -> Union[Reading, Missing]:
        special = _PROFILE_FIELDS.get(analyte.id)
        if special:
            return special(self, analyte)
        found = self.recorded(analyte)
        derivation = _DERIVATIONS.get(analyte.id)
        if isinstance(found, Reading) or derivation is None or not derive:
            return found
        return derivation(self, analyte, found)

    # ------------------------------------------------------------ recorded
    def recorded(self, analyte: Analyte) -> Union[Reading, Missing]:
        """The most recent result on or before the screening date, if recent enough."""
        everything = self.patient.measurements(analyte.id)
        results = [m for m in everything if m.date is None or m.date <= self.as_of]
        if not results:
            if everything:  # newest first: the first is the latest of the later results
                return Missing(f"a later {analyte.display} result exists ({everything[0].date}, dated "
                               f"after the screening date {self.as_of}, so not used); none on or before it",
                               (f"{analyte.display} (a result within {self.recency_days} days "
                                "before the screening date)",))
            return Missing(f"no {analyte.display} result on record",
                           (f"{analyte.display} (a result within {self.recency_days} days)",))
        latest = results[0]
        if latest.date is None:
            if latest.origin == "lab":
                return Missing(f"the {analyte.display} result has no date, so its recency cannot "
                               "be checked", (f"{analyte.display} (a dated result)",))
            return self._reading(analyte, latest, " (undated)")
        age_days = (self.as_of - latest.date).days
        if age_days > self.recency_days:
            later = [m.date for m in everything if m.date is not None and m.date > self.as_of]
            also = f"; a later result ({later[0]}) is dated after the screening date, so not used either" \
                if later else ""
            return Missing(
                f"most recent {analyte.display} ({_shown(latest)} on {latest.date}) is "
                f"{age_days} days old; results older than {self.recency_days} days are not used{also}",
                (f"{analyte.display} (a result within {self.recency_days} days; last was "
                 f"{age_days} days old)",))
        return self._reading(analyte, latest, f" on {latest.date}")

    def _reading(self, analyte: Analyte, m: Measurement, when: str) -> Union[Reading, Missing]:
        if m.unit is None:
            written = f"'{m.unit_text}'" if m.unit_text else "no unit"
            return Missing(f"the {analyte.display} result{when} has {written}, which the engine "
                           "cannot convert", (f"{analyte.display} (a result in a known unit)",))
        if not possible(analyte, m.value, m.unit):
            return Missing(f"{_shown(m)}{when} is not a possible {analyte.display.lower()} (recorded "
                           "value needs checking)",
                           (f"{analyte.display} (the recorded value checked, or a new result)",))
        text = f"{analyte.display} {_shown(m)}{when}"
        if m.status == "preliminary":
            text += " (preliminary result; no final result on record)"
        if m.comparator in ("<", "<="):
            return Reading(0.0, m.value, m.unit, text, m, high_open=m.comparator == "<")
        if m.comparator in (">", ">="):
            return Reading(m.value, float("inf"), m.unit, text, m, low_open=m.comparator == ">")
        return Reading(m.value, m.value, m.unit, text, m)

    # ------------------------------------------------------------- profile
    def age(self, analyte: Analyte, unit: str = "a") -> Union[Reading, Missing]:
        """Age in completed years (or months, weeks, days), as eligibility counts it."""
        p = self.patient
        if p.birth_date:
            b, d = p.birth_date, self.as_of
            months = (d.year - b.year) * 12 + d.month - b.month - (d.day < b.day)
            days = (d - b).days
            if unit == "h":
                return _age_in_hours(days, b, d)
            value = {"a": months // 12, "mo": months, "wk": days // 7, "d": days}.get(unit)
            if value is None:
                return Missing(f"age cannot be counted in {show.unit(unit)} from a birth date",
                               ("age in " + show.unit(unit),))
            return Reading(value, value, unit, f"age {show.quantity(value, unit)} (born {b})")
        if p.age is not None:
            return _recorded_age(p.age, unit)
        return Missing("no birth date or age on record", ("birth date",))

    def profile_number(self, analyte: Analyte) -> Union[Reading, Missing]:
        field_name, unit = {"weight": ("weight_kg", "kg"), "height": ("height_cm", "cm")}[analyte.id]
        value = getattr(self.patient, field_name)
        if value is None:
            found = self.recorded(analyte)
            return found if isinstance(found, Reading) else \
                Missing(f"no {analyte.display.lower()} on record", (analyte.display.lower(),))
        return Reading(value, value, unit, f"{analyte.display} {show.quantity(value, unit)} (profile)")

    def _body_size(self, name: str, within_days: Optional[int]) -> Union[Reading, Missing]:
        """Height in cm or weight in kg for a body surface area; a result in a unit that is
        not a length or a mass is no size at all."""
        reading = self.get(self.cat[name], within_days=within_days)
        if isinstance(reading, Missing):
            return reading
        try:
            return reading.to("cm" if name == "height" else "kg", self.cat[name])
        except UnitError:
            return Missing(f"{reading.text} is not a {name} (its unit does not convert)",
                           (f"{name} in a unit of {'length' if name == 'height' else 'mass'}",))

    def across_body_surface(self, reading: Reading, unit: str, analyte: Analyte,
                            within_days: Optional[int] = None) -> Union[Reading, Missing]:
        """A clearance per 1.73 m² of body surface from an absolute one or the reverse,
        through the patient's body surface area (Mosteller: √(height cm × weight kg / 3600)),
        height and weight found as the clearance was (``within_days``)."""
        wanted = "per 1.73 m² of body surface" if per_body_surface(unit) else "absolute"
        found = {name: self._body_size(name, within_days) for name in ("height", "weight")}
        lacking = [m for m in found.values() if isinstance(m, Missing) or not m.is_point]
        if lacking:
            return Missing(f"{reading.text}: {show.unit(reading.unit)} and {show.unit(unit)} are not the "
                           f"same quantity, and the criterion's is {wanted}; they convert only through the "
                           "body surface area, which needs height and weight: "
                           + "; ".join(m.reason if isinstance(m, Missing) else f"{m.text} is not exact"
                                       for m in lacking),
                           ("height and weight (for the body surface area)",
                            f"{analyte.display} in {show.unit(unit)}"))
        height, weight = found["height"].low, found["weight"].low
        bsa = math.sqrt(height * weight / 3600)
        scale = 1.73 / bsa if per_body_surface(unit) else bsa / 1.73
        f = factor(absolute(reading.unit), absolute(unit), analyte.molar_mass, analyte.valence) * scale
        values = tuple(v * f for v in reading.values) if reading.values else None
        converted = Reading(reading.low * f, reading.high * f, unit, "", reading.measurement,
                            reading.low_open, reading.high_open, reading.derivation, reading.inputs,
                            reading.settles, values)
        measured = f"{reading.text}; {reading.shown()}" if reading.derivation else reading.text
        text = (f"{measured} (= {converted.shown()} through the body surface area: Mosteller BSA = "
                f"√({show.number(height)} cm × {show.number(weight)} kg / 3600) = {bsa:.2f} m², from "
                f"{found['height'].text} and {found['weight'].text})")
        return Reading(converted.low, converted.high, unit, text, reading.measurement, reading.low_open,
                       reading.high_open, reading.derivation, reading.inputs, reading.settles, values)

    # ------------------------------------------------------------- derived
    def cockcroft_gault(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """CrCl (mL/min) = (140 − age) × weight / (72 × creatinine mg/dL), × 0.85 if female."""
        found = self._inputs("Cockcroft-Gault", analyte, measured,
                             {"creatinine": "mg/dL", "age": "a", "weight": "kg"})
        if isinstance(found, Missing):
            return found
        scr, age, weight = found["creatinine"], found["age"].low, found["weight"].low
        if scr.high <= 0 or weight <= 0:
            return self._cannot("Cockcroft-Gault", analyte, measured,
                                f"{scr.text}: it needs a creatinine and a weight above 0",
                                ("creatinine and body weight",))
        base_low = (140 - age) * weight / (72 * scr.high)
        base_high = (140 - age) * weight / (72 * scr.low) if scr.low > 0 else float("inf")
        sex = self.patient.sex
        low = base_low * (0.85 if sex != "male" else 1.0)
        high = base_high * (0.85 if sex == "female" else 1.0)
        sex_note = {"female": " × 0.85 (female)", "male": " (male)"}.get(
            sex, f" (sex {sex}: 0.85 factor may or may not apply)")
        formula = (f"Cockcroft-Gault = (140 − {age:g}) × {show.number(weight)} kg / "
                   f"(72 × {scr.shown()}){sex_note}")
        text = f"{analyte.display} not measured; {formula}, from {scr.text}"
        return Reading(low, high, "mL/min", text, None, scr.high_open and sex != "male", False,
                       derivation="Cockcroft-Gault", inputs=_texts(found),
                       settles=() if sex in ("female", "male") else ("sex (for Cockcroft-Gault)",))

    def ckd_epi(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """eGFR by CKD-EPI 2021 (race-free) from creatinine, age and sex; adults only.

        A patient whose sex is not female or male gets both sexes' values as an interval;
        eGFR falls as creatinine rises, so a censored creatinine gives an interval too.
        """
        formula = "CKD-EPI 2021"
        found = self._inputs(formula, analyte, measured, {"creatinine": "mg/dL", "age": "a"})
        if isinstance(found, Missing):
            return found
        scr, age = found["creatinine"], found["age"]
        if age.low < 18:
            return self._cannot(formula, analyte, measured,
                                f"{age.text}: it is an equation for adults (18 years or older)")
        if scr.high <= 0:
            return self._cannot(formula, analyte, measured, f"{scr.text}: it needs a creatinine above 0",
                                ("creatinine",))
        sex = self.patient.sex
        sexes = (sex,) if sex in CKD_EPI else tuple(CKD_EPI)
        # The female equation gives the lower eGFR at every creatinine (by 6% or more), so
        # a sex recorded as neither spans the female low end to the male high end.
        low = ckd_epi_2021(scr.high, age.low, "male" if sex == "male" else "female")
        high = ckd_epi_2021(scr.low, age.low, "female" if sex == "female" else "male")
        equations = " or ".join(_ckd_epi_equation(s, age.low) for s in sexes)
        either = f"; sex {sex}: either may apply" if len(sexes) > 1 else ""
        text = (f"{analyte.display} not measured; CKD-EPI 2021 (race-free) = {equations} with "
                f"Scr {scr.shown()}{either}, from " + " and ".join(_texts(found)))
        return Reading(low, high, analyte.unit, text, None, scr.high_open, scr.low_open,
                       derivation=formula, inputs=_texts(found),
                       settles=() if len(sexes) == 1 else ("sex (for CKD-EPI eGFR)",))

    def anc_from_differential(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """ANC = WBC × neutrophils % / 100, the percentage being segmented + band neutrophils
        when both are recorded, else total neutrophils; every input from the same draw."""
        formula = "ANC from WBC × neutrophils %"
        parts = ("segmented neutrophil percentage", "band neutrophil percentage")
        if any(isinstance(self.get(self.cat[p]), Missing) for p in parts):
            parts = ("neutrophil percentage",)
        found = self._inputs(formula, analyte, measured,
                             {"white blood cell count": analyte.unit, **dict.fromkeys(parts, "%")})
        if isinstance(found, Missing):
            return found
        apart = self._apart(formula, analyte, measured, found)
        if apart:
            return apart
        wbc = found["white blood cell count"]
        share = _sum([found[p] for p in parts])
        low = wbc.low * share.low / 100
        high = _times(wbc.high, share.high) / 100
        # An end is open when an input's end is and the product moves with it (no zero factor).
        low_open = (wbc.low_open or share.low_open) and wbc.low > 0 and share.low > 0
        high_open = (wbc.high_open or share.high_open) and wbc.high > 0 and share.high > 0
        text = (f"{analyte.display} not measured; ANC = WBC × neutrophils % / 100 = {wbc.shown()} × "
                f"{share.text} / 100, from " + " and ".join(_texts(found)))
        return Reading(low, high, analyte.unit, text, None, low_open, high_open,
                       derivation=formula, inputs=_texts(found))

    def payne_corrected_calcium(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """Corrected calcium (mg/dL) = total calcium (mg/dL) + 0.8 × (4.0 − albumin g/dL),
        both from the same draw (Payne)."""
        formula = "Payne's correction"
        found = self._inputs(formula, analyte, measured, {"calcium": "mg/dL", "albumin": "g/dL"})
        if isinstance(found, Missing):
            return found
        apart = self._apart(formula, analyte, measured, found)
        if apart:
            return apart
        calcium, albumin = found["calcium"], found["albumin"]
        if albumin.high == float("inf"):
            return self._cannot(formula, analyte, measured,
                                f"{albumin.text} has no upper bound, so the correction has no lower one",
                                (f"{self.cat['albumin'].display} (an exact result)",))
        low = calcium.low + 0.8 * (4.0 - albumin.high)
        high = calcium.high + 0.8 * (4.0 - albumin.low)
        text = (f"{analyte.display} not measured; Payne: {calcium.shown()} + 0.8 × (4 g/dL − "
                f"{albumin.shown()}), from " + " and ".join(_texts(found)))
        return Reading(low, high, "mg/dL", text, None, calcium.low_open or albumin.high_open,
                       calcium.high_open or albumin.low_open, derivation="Payne", inputs=_texts(found))

    def _inputs(self, formula: str, analyte: Analyte, measured: Missing,
                units: dict[str, str]) -> Union[dict[str, Reading], Missing]:
        """The inputs of a derived value (analyte id -> the unit the formula takes it in),
        converted; or Missing naming every input that is missing."""
        found = {name: self.get(self.cat[name]) for name in units}
        lacking = [m for m in found.values() if isinstance(m, Missing)]
        if lacking:
            return self._cannot(formula, analyte, measured, "; ".join(m.reason for m in lacking),
                                tuple(n for m in lacking for n in m.needed))
        converted = {}
        for name, unit in units.items():
            try:
                converted[name] = found[name].to(unit, self.cat[name])
            except UnitError as exc:
                return self._cannot(formula, analyte, measured,
                                    f"{found[name].text} cannot be converted to {show.unit(unit)} ({exc})",
                                    (f"{self.cat[name].display} (a result in a convertible unit)",))
        return converted

    def _apart(self, formula: str, analyte: Analyte, measured: Missing,
               found: dict[str, Reading]) -> Optional[Missing]:
        """Missing when inputs that must come from one blood draw carry different dates."""
        days = {r.measurement.date if r.measurement else None for r in found.values()}
        if len(days) == 1 and None not in days:
            return None
        return self._cannot(formula, analyte, measured,
                            " and ".join(_texts(found)) + " are not from the same draw (same date)",
                            tuple(f"{self.cat[name].display} (from the same draw as the others)"
                                  for name in found))

    @staticmethod
    def _cannot(formula: str, analyte: Analyte, measured: Missing, why: str,
                needed: tuple[str, ...] = ()) -> Missing:
        """No derived value either: the measured value's absence, then the formula's."""
        return Missing(f"{measured.reason}, and {formula} cannot be computed: {why}",
                       (f"{analyte.display} (measured) or its inputs",) + needed)

    def mapped_scale(self, analyte: Analyte, missing: Missing) -> Union[Reading, Missing]:
        """ECOG from Karnofsky or Karnofsky from ECOG, through the named mapping."""
        m = self.mapping
        other = m["to"] if analyte.id == m["from"] else m["from"]
        source = self.recorded(self.cat[other])
        if isinstance(source, Missing):
            return Missing(f"{missing.reason}; no {self.cat[other].display} to map from either",
                           missing.needed)
        value = source.low
        if analyte.id == m["from"]:
            matches = [int(k) for k, (lo, hi) in m["pairs"].items() if lo <= value <= hi]
            if not matches:
                return Missing(f"{source.text} is not on the mapping '{m['id']}'", missing.needed)
            low, high = min(matches), max(matches)
        else:
            low, high = m["pairs"][int(value)] if int(value) in m["pairs"] else (None, None)
            if low is None:
                return Missing(f"{source.text} is not on the mapping '{m['id']}'", missing.needed)
        shown = show.number(low) if low == high else f"{show.number(low)}–{show.number(high)}"
        text = (f"{analyte.display} not recorded; {source.text} maps to {analyte.display} {shown} "
                f"(mapping '{m['id']}')")
        values = tuple(float(v) for v in range(int(low), int(high) + 1, _step(analyte.id)))
        return Reading(low, high, analyte.unit, text, None, derivation=f"mapping {m['id']}",
                       inputs=(source.text,), settles=(f"{analyte.display} assessment",),
                       values=values)

    def bmi(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """BMI (kg/m²) = weight / height²."""
        found = self._inputs("BMI", analyte, measured, {"weight": "kg", "height": "m"})
        if isinstance(found, Missing):
            return found
        weight, h = found["weight"], found["height"].low
        if h <= 0:
            return self._cannot("BMI", analyte, measured, "height is not above 0", ("height",))
        value = weight.low / (h * h)
        text = f"BMI = {weight.text} / ({show.number(h)} m)²"
        return Reading(value, value, "kg/m2", text, derivation="BMI", inputs=_texts(found))


def possible(analyte: Analyte, value: float, unit: str) -> bool:
    """Whether a number as written can be a result of this analyte: inside its plausible
    bounds (catalogue) expressed in the result's unit. A censored result's number ("< 0.1")
    is the lab's limit of measurement, checked as written."""
    low, high = plausible_bounds(analyte, unit)
    return (low is None or value >= low) and (high is None or value <= high)


def plausible_bounds(analyte: Analyte, unit: str) -> tuple[Optional[float], Optional[float]]:
    """The analyte's plausible bounds in ``unit`` (per 1.73 m² or not: they hold either
    way), widened by PLAUSIBLE_SLACK so that a bound itself, converted, stays possible;
    None for a side it has not, or both when the unit does not convert (the comparison then
    says why). The SQL back end reads the same numbers (sql/factors.py)."""
    bounds = analyte.plausible
    if bounds is None:
        return None, None
    try:
        f, offset = analyte.conversion(absolute(analyte.unit), absolute(unit))
    except UnitError:
        return None, None
    low = None if bounds.low is None else bounds.low * f + offset
    high = None if bounds.high is None else bounds.high * f + offset
    return (None if low is None else low - abs(low) * PLAUSIBLE_SLACK,
            None if high is None else high + abs(high) * PLAUSIBLE_SLACK)


# Relative. Converted values carry float noise: glucose 10 mg/dL (its plausible low) is
# 0.5550621669626999 mmol/L, below the bound converted and rounded (0.555062166963). A part
# in 10^9 is far below any difference between a possible and an impossible value.
PLAUSIBLE_SLACK = 1e-9


# CKD-EPI 2021 by sex: kappa, alpha, and the sex factor.
CKD_EPI = {"female": (0.7, -0.241, 1.012), "male": (0.9, -0.302, 1.0)}


# How many of the second unit make one of the first, exactly.
_WHOLE_AGE_UNITS = {("a", "mo"): 12, ("wk", "d"): 7}
# Otherwise each unit's shortest and longest length in days (a month is 28 to 31 days).
_AGE_UNIT_DAYS = {"d": (1, 1), "wk": (7, 7), "mo": (28, 31), "a": (365, 366)}


def _recorded_age(age: RecordedAge, unit: str) -> Union[Reading, Missing]:
    """An age recorded without a birth date, in completed units of ``unit``. The patient is
    at least ``age.value`` old and not yet the next whole unit: 49.5 years is 49 completed
    years, 0.5 years 6 to 11 completed months, 6 months 168 to 216 completed days."""
    from .patients import AGE_UNIT_CODES
    recorded = AGE_UNIT_CODES[age.unit]
    text = f"age {show.number(age.value)} {age.unit} (as recorded)"
    whole = math.floor(age.value)
    if unit == recorded:
        low = high = whole
    elif (recorded, unit) in _WHOLE_AGE_UNITS:
        per = _WHOLE_AGE_UNITS[recorded, unit]
        low, high = math.floor(age.value * per), (whole + 1) * per - 1
    elif (unit, recorded) in _WHOLE_AGE_UNITS:
        low = high = whole // _WHOLE_AGE_UNITS[unit, recorded]
    elif unit in _AGE_UNIT_DAYS:
        (shortest, longest), (unit_shortest, unit_longest) = _AGE_UNIT_DAYS[recorded], _AGE_UNIT_DAYS[unit]
        low = math.floor(age.value * shortest / unit_longest)
        high = math.ceil((whole + 1) * longest / unit_shortest) - 1
    else:
        return Missing(f"{text}; the criterion counts {show.unit(unit)}", ("birth date",))
    if unit != recorded or low != age.value:
        counted = show.quantity(low, unit) if low == high else f"{show.number(low)}–{show.quantity(high, unit)}"
        text = f"{text[:-1]}: {counted} completed)"
    return Reading(low, high, unit, text, settles=("birth date",) if low != high else ())


def _age_in_hours(days: int, born: date, as_of: date) -> Reading:
    """Age in hours from a birth date and a screening date: born any time on one day and
    screened any time on another, the hours lie within a day either side of the days
    between them. Enough to say a 3-day-old is past "12-36 hours of age"; a newborn
    closer to the limits stays unknown until the times of birth and screening are known.
    (The interval is closed: at its very ends the answer is unknown, never wrong.)"""
    low, high = (days - 1) * 24, (days + 1) * 24
    text = (f"born {born}, screened {as_of}, no time of birth on record: age "
            f"{show.number(max(low, 0))}–{show.quantity(high, 'h')}")
    return Reading(low, high, "h", text, settles=("time of birth",))


def ckd_epi_2021(creatinine_mg_dl: float, age: float, sex: str) -> float:
    """eGFR (mL/min/1.73 m²) = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age
    (× 1.012 if female). One of min and max is 1, so one power is taken; Scr 0 gives +∞."""
    if creatinine_mg_dl <= 0:
        return float("inf")
    kappa, alpha, sex_factor = CKD_EPI[sex]
    ratio = creatinine_mg_dl / kappa
    return 142 * ratio ** (alpha if ratio < 1 else -1.2) * 0.9938 ** age * sex_factor


def _ckd_epi_equation(sex: str, age: float) -> str:
    kappa, alpha, sex_factor = CKD_EPI[sex]
    times = f" × {sex_factor:g}" if sex_factor != 1 else ""
    return (f"142 × min(Scr/{kappa:g}, 1)^{alpha:g} × max(Scr/{kappa:g}, 1)^-1.2 × "
            f"0.9938^{age:g}{times} ({sex})")


def _texts(found: dict[str, Reading]) -> tuple[str, ...]:
    return tuple(r.text for r in found.values())


def _sum(parts: list[Reading]) -> Reading:
    """The sum of intervals (segmented + band neutrophils), with its terms as its text."""
    terms = " + ".join(p.shown() for p in parts)
    return Reading(sum(p.low for p in parts), sum(p.high for p in parts), parts[0].unit,
                   f"({terms})" if len(parts) > 1 else terms, None,
                   any(p.low_open for p in parts), any(p.high_open for p in parts))


def _times(a: float, b: float) -> float:
    """a × b for the upper ends of intervals: a zero end bounds the product at 0 even when
    the other is unbounded (0 × ∞ would be NaN)."""
    return 0.0 if a == 0 or b == 0 else a * b


def _step(scale: str) -> int:
    """Karnofsky moves in steps of 10; ECOG in steps of 1."""
    return 10 if scale in ("karnofsky", "lansky") else 1


def _shown(m: Measurement) -> str:
    prefix = f"{m.comparator} " if m.comparator else ""
    return prefix + show.quantity(m.value, m.unit) if m.unit else \
        f"{prefix}{show.number(m.value)} {m.unit_text or ''}".rstrip()


_PROFILE_FIELDS = {
    "age": Readings.age,
    "weight": Readings.profile_number,
    "height": Readings.profile_number,
}
_DERIVATIONS = {
    "creatinine clearance": Readings.cockcroft_gault,
    "egfr": Readings.ckd_epi,
    "absolute neutrophil count": Readings.anc_from_differential,
    "corrected calcium": Readings.payne_corrected_calcium,
    "ecog": Readings.mapped_scale,
    "karnofsky": Readings.mapped_scale,
    "bmi": Readings.bmi,
}
# The analytes the engine may compute or map when none is recorded (engine/export/circe.py
# leaves them out: a cohort language reads recorded values only).
DERIVABLE = frozenset(_DERIVATIONS)
