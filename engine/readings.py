"""The value to use for an analyte: measured, recorded or derived, or why there is none.

A Reading is an interval, not a number, so three cases share one comparison:
a plain result (a point), a censored result ("< 0.1": [0, 0.1)) and a value known
only within bounds (Karnofsky 80 read on the ECOG scale, Cockcroft-Gault for a
patient whose sex is not recorded). A comparison the whole interval satisfies is
met, one it entirely fails is not met, anything else is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Optional, Union

import yaml

from . import show
from .analytes import Analyte, catalogue
from .logic import Truth
from .patients import Measurement, Patient
from .units import UnitError, comparable, factor

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
        f = factor(self.unit, unit, analyte.molar_mass, analyte.valence)
        values = tuple(v * f for v in self.values) if self.values else None
        return Reading(self.low * f, self.high * f, unit, self.text, self.measurement,
                       self.low_open, self.high_open, self.derivation, self.inputs,
                       self.settles, values)

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


@lru_cache(maxsize=1)
def scale_mappings() -> dict:
    text = resources.files("engine").joinpath("data").joinpath("scales.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
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
        results = [m for m in self.patient.measurements(analyte.id)
                   if m.date is None or m.date <= self.as_of]
        if not results:
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
            return Missing(
                f"most recent {analyte.display} ({_shown(latest)} on {latest.date}) is "
                f"{age_days} days old; results older than {self.recency_days} days are not used",
                (f"{analyte.display} (a result within {self.recency_days} days; last was "
                 f"{age_days} days old)",))
        return self._reading(analyte, latest, f" on {latest.date}")

    def _reading(self, analyte: Analyte, m: Measurement, when: str) -> Union[Reading, Missing]:
        if m.unit is None:
            written = f"'{m.unit_text}'" if m.unit_text else "no unit"
            return Missing(f"the {analyte.display} result{when} has {written}, which the engine "
                           "cannot convert", (f"{analyte.display} (a result in a known unit)",))
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
            value = {"a": months // 12, "mo": months, "wk": days // 7, "d": days}.get(unit)
            if value is None:
                return Missing(f"age cannot be counted in {show.unit(unit)} from a birth date",
                               ("age in " + show.unit(unit),))
            return Reading(value, value, unit, f"age {show.quantity(value, unit)} (born {b})")
        if p.age is not None:
            if unit != "a":
                return Missing(f"age is recorded as {p.age} years; the criterion counts "
                               f"{show.unit(unit)}", ("birth date",))
            return Reading(p.age, p.age, "a", f"age {p.age} years (as recorded)")
        return Missing("no birth date or age on record", ("birth date",))

    def profile_number(self, analyte: Analyte) -> Union[Reading, Missing]:
        field_name, unit = {"weight": ("weight_kg", "kg"), "height": ("height_cm", "cm")}[analyte.id]
        value = getattr(self.patient, field_name)
        if value is None:
            found = self.recorded(analyte)
            return found if isinstance(found, Reading) else \
                Missing(f"no {analyte.display.lower()} on record", (analyte.display.lower(),))
        return Reading(value, value, unit, f"{analyte.display} {show.quantity(value, unit)} (profile)")

    # ------------------------------------------------------------- derived
    def cockcroft_gault(self, analyte: Analyte, measured: Missing) -> Union[Reading, Missing]:
        """CrCl (mL/min) = (140 − age) × weight / (72 × creatinine mg/dL), × 0.85 if female."""
        creatinine = self.cat["creatinine"]
        inputs = {"creatinine": self.get(creatinine), "age": self.get(self.cat["age"]),
                  "weight": self.get(self.cat["weight"])}
        lacking = [m for m in inputs.values() if isinstance(m, Missing)]
        if lacking:
            why = "; ".join(m.reason for m in lacking)
            needed = tuple(n for m in lacking for n in m.needed)
            return Missing(f"{measured.reason}, and Cockcroft-Gault cannot be computed: {why}",
                           (f"{analyte.display} (measured) or its inputs",) + needed)
        try:
            scr = inputs["creatinine"].to("mg/dL", creatinine)
        except UnitError as exc:
            return Missing(f"creatinine cannot be converted to mg/dL: {exc}", ())
        try:
            weight = inputs["weight"].to("kg", self.cat["weight"]).low
        except UnitError as exc:
            return Missing(f"body weight cannot be converted to kg: {exc}", ("body weight in kg",))
        age = inputs["age"].low
        if scr.high <= 0 or weight <= 0:
            return Missing(f"{inputs['creatinine'].text}: Cockcroft-Gault needs a creatinine and a "
                           "weight above 0", ("creatinine and body weight",))
        base_low = (140 - age) * weight / (72 * scr.high)
        base_high = (140 - age) * weight / (72 * scr.low) if scr.low > 0 else float("inf")
        sex = self.patient.sex
        low = base_low * (0.85 if sex != "male" else 1.0)
        high = base_high * (0.85 if sex == "female" else 1.0)
        sex_note = {"female": " × 0.85 (female)", "male": " (male)"}.get(
            sex, f" (sex {sex}: 0.85 factor may or may not apply)")
        formula = (f"Cockcroft-Gault = (140 − {age:g}) × {show.number(weight)} kg / "
                   f"(72 × {scr.shown()}){sex_note}")
        text = f"{analyte.display} not measured; {formula}, from {inputs['creatinine'].text}"
        return Reading(low, high, "mL/min", text, None, scr.high_open and sex != "male", False,
                       derivation="Cockcroft-Gault",
                       inputs=(inputs["creatinine"].text, inputs["age"].text, inputs["weight"].text),
                       settles=() if sex in ("female", "male") else ("sex (for Cockcroft-Gault)",))

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

    def bmi(self, analyte: Analyte, missing: Missing) -> Union[Reading, Missing]:
        weight, height = self.get(self.cat["weight"]), self.get(self.cat["height"])
        lacking = [m for m in (weight, height) if isinstance(m, Missing)]
        if lacking:
            return Missing(f"{missing.reason}, and BMI cannot be computed: "
                           + "; ".join(m.reason for m in lacking),
                           tuple(n for m in lacking for n in m.needed))
        try:
            h = height.to("m", self.cat["height"]).low
            kg = weight.to("kg", self.cat["weight"]).low
        except UnitError as exc:
            return Missing(f"BMI cannot be computed: {exc}", ("body weight in kg and height in cm",))
        if h <= 0:
            return Missing("BMI cannot be computed: height is not above 0", ("height",))
        value = kg / (h * h)
        text = f"BMI = {weight.text} / ({show.number(h)} m)²"
        return Reading(value, value, "kg/m2", text, derivation="BMI", inputs=(weight.text, height.text))


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
    "ecog": Readings.mapped_scale,
    "karnofsky": Readings.mapped_scale,
    "bmi": Readings.bmi,
}
