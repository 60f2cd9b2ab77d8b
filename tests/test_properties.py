"""Invariants, by hypothesis: the parser never crashes; boundaries hold in any unit."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from engine import Patient, compile_criterion, evaluate
from engine.criteria import Criterion
from engine.errors import CriterionError
from engine.parse import tree_parser
from engine.units import factor, to_ucum

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=200))
def test_non_strict_compile_never_raises(text):
    criterion = compile_criterion(text)
    assert isinstance(criterion, Criterion)


@FAST
@given(st.text(alphabet="≥≤<>=/ .,0123456789xX×^()-%µμ ULNandor", max_size=60))
def test_criterion_like_noise_never_raises(text):
    compile_criterion(text)


@FAST
@given(from_lark(tree_parser(), start="start"))
def test_grammar_sentences_compile_or_fail_cleanly(text):
    """Any sentence the grammar generates compiles, or fails with a CriterionError."""
    try:
        compile_criterion(text, strict=True)
    except CriterionError as exc:
        assert exc.message


# Each ASCII letter with a character that re, ignoring case, reads as the same letter.
_LOOKALIKES = {"s": "\u017f", "S": "\u017f", "k": "\u212a", "K": "\u212a", "i": "\u0131", "I": "\u0130"}


@FAST
@given(from_lark(tree_parser(), start="start"), st.randoms())
def test_grammar_sentences_with_lookalike_letters_compile_or_fail_cleanly(text, rng):
    """The lexer matches keywords spelled with the long s, dotless i or Kelvin sign; the
    line then compiles as the plain spelling does, or fails with a CriterionError."""
    swapped = "".join(_LOOKALIKES[c] if c in _LOOKALIKES and rng.random() < 0.5 else c for c in text)
    try:
        compile_criterion(swapped, strict=True)
    except CriterionError as exc:
        assert exc.message


# (analyte, threshold unit spelling, (low, high) plausible bounds in that unit: a threshold
#  strictly between them is read, one at either edge is refused as a unit typo;
#  other unit spellings of the same quantity)
BOUNDARY_CASES = [
    ("Platelets", "/μL", ("1000", "1999999"), ["/mm³", "10*9/L", "K/uL", "10*3/mm3", "/L"]),
    ("ANC", "/μL", ("10", "99999"), ["cells/mm³", "x10^9/L", "10*3/uL"]),
    ("Hemoglobin", "g/dL", ("1", "25"), ["g/L", "mg/dL"]),
    ("Creatinine", "mg/dL", ("0.1", "25"), ["µmol/L", "mmol/L", "mg/L"]),
    ("Glucose", "mg/dL", ("10", "1500"), ["mmol/L", "g/L"]),
    ("Calcium", "mg/dL", ("2", "20"), ["mmol/L", "mEq/L"]),
    ("Total bilirubin", "mg/dL", ("0.1", "50"), ["µmol/L"]),
    ("AST", "U/L", ("1", "9999"), ["IU/L"]),
]
MOLAR = {"Creatinine": (113.12, None), "Glucose": (180.16, None), "Calcium": (40.08, 2),
         "Total bilirubin": (584.66, None)}


@settings(max_examples=400, deadline=None)
@given(case=st.sampled_from(BOUNDARY_CASES), data=st.data())
def test_value_exactly_at_threshold_meets_it_in_any_unit(case, data):
    name, unit, (low, high), others = case
    value = data.draw(st.decimals(min_value=low, max_value=high, places=2, allow_nan=False)
                      .filter(lambda v: Decimal(low) < v < Decimal(high)))
    other = data.draw(st.sampled_from(others))
    molar_mass, valence = MOLAR.get(name, (None, None))
    observed = float(value) * factor(to_ucum(unit), to_ucum(other), molar_mass, valence)
    patient = Patient.model_validate({"id": "B", "labs": [
        {"test": name, "value": observed, "unit": other, "date": date(2026, 10, 30)}]})
    for op in ("≥", "≤"):
        criterion = compile_criterion(f"{name} {op} {value} {unit}", strict=True)
        out = evaluate(criterion, patient, date(2026, 11, 1))
        assert out.status == "pass", out.reason
    for op in (">", "<"):
        criterion = compile_criterion(f"{name} {op} {value} {unit}", strict=True)
        assert evaluate(criterion, patient, date(2026, 11, 1)).status == "fail"


AGE_UNITS = {"years": "a", "months": "mo", "weeks": "wk", "days": "d"}


@FAST
@example(as_of=date(2026, 3, 1), days_old=28, recorded="months", counted="d")    # February: 1 month, 28 days
@example(as_of=date(2026, 1, 31), days_old=30, recorded="months", counted="d")   # 0 months, 30 days
@example(as_of=date(2025, 1, 1), days_old=365, recorded="years", counted="d")    # 2024: 0 years, 365 days
@example(as_of=date(2025, 1, 1), days_old=365, recorded="years", counted="wk")
@given(as_of=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
       days_old=st.one_of(st.integers(0, 400), st.integers(0, 129 * 365)),
       recorded=st.sampled_from(sorted(AGE_UNITS)), counted=st.sampled_from(sorted(AGE_UNITS.values())))
def test_a_recorded_age_counts_what_the_birth_date_would(as_of, days_old, recorded, counted):
    """An age recorded in one unit and counted in another (a month being 28 to 31 days,
    a year 365 or 366) never excludes the count the birth date gives."""
    from datetime import timedelta

    from engine.analytes import catalogue
    from engine.readings import Readings
    age = catalogue()["age"]
    by_birth_date = Readings(Patient(id="B", birth_date=as_of - timedelta(days=days_old)), as_of)
    record = {"value": by_birth_date.age(age, AGE_UNITS[recorded]).low, "unit": recorded}
    counted_from_record = Readings(Patient.model_validate({"id": "R", "age": record}), as_of).age(age, counted)
    truth = by_birth_date.age(age, counted).low
    assert counted_from_record.low <= truth <= counted_from_record.high, (record, counted)
