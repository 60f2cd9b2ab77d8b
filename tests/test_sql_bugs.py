"""Python evaluator bugs found by the SQL agreement tests, each with its example.

Cockcroft-Gault and BMI with a zero or censored input, a weight in pounds, or a
weight in a unit that is not a mass: the evaluator answers unknown (or converts)
instead of crashing or computing with the wrong number.
"""
from __future__ import annotations

from datetime import date

from engine import Patient, compile_criterion, evaluate

AS_OF = date(2026, 11, 1)
DAY = date(2026, 10, 30)


def _patient(**fields) -> Patient:
    return Patient.model_validate({"id": "B", **fields})


def test_creatinine_of_zero_does_not_crash_cockcroft_gault():
    patient = _patient(sex="male", birth_date="1960-01-01", weight_kg=70,
                       labs=[{"test": "creatinine", "value": 0, "unit": "mg/dL", "date": DAY}])
    out = evaluate(compile_criterion("Creatinine clearance ≥ 60 mL/min"), patient, AS_OF)
    assert out.status in ("unknown", "pass")


def test_cockcroft_gault_converts_a_weight_in_pounds():
    # 154.3 lb = 70 kg. Male, 66 years, creatinine 1.2: CrCl = 74 x 70 / 86.4 = 60.0 mL/min in kg
    # terms; with the pound figure taken as kg it is 132 mL/min, a pass at >= 100.
    patient = _patient(sex="male", birth_date="1960-06-30",
                       labs=[{"test": "creatinine", "value": 1.2, "unit": "mg/dL", "date": DAY},
                             {"test": "weight", "value": 154.3, "unit": "[lb_av]", "date": DAY}])
    out = evaluate(compile_criterion("Creatinine clearance ≥ 100 mL/min"), patient, AS_OF)
    assert out.status == "fail", out.reason


def test_bmi_with_an_unconvertible_weight_is_unknown():
    patient = _patient(height_cm=170, labs=[{"test": "weight", "value": 70, "unit": "mg/dL", "date": DAY}])
    out = evaluate(compile_criterion("BMI ≤ 30 kg/m2"), patient, AS_OF)
    assert out.status == "unknown"


def test_bmi_with_a_censored_height_does_not_crash():
    patient = _patient(weight_kg=70, labs=[{"test": "height", "value": 170, "comparator": "<", "unit": "cm",
                                           "date": DAY}])
    out = evaluate(compile_criterion("BMI ≤ 30 kg/m2"), patient, AS_OF)
    assert out.status == "unknown"
