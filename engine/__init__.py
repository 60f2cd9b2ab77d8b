"""Clinical-trial eligibility screening engine.

The public API (library users and EHR integrations depend on it)::

    from engine import compile_criterion, load_trial, load_patient, evaluate, screen

    crit = compile_criterion("Platelets ≥ 100,000/μL")
    out = evaluate(crit, patient, as_of=date(2026, 11, 1))
    out.status   # "pass" | "fail" | "unknown"
    out.reason   # "Platelets 150 ×10^9/L on 2026-10-28 (= 150,000/µL) meets ≥ 100,000/µL"

    # a person's review settles a criterion the engine leaves to a person
    review = Decision(trial="NCT00699491", criterion="inc-01", outcome="met", note="pathology report",
                      reviewer="A. Coordinator", decided=date(2026, 10, 30))
    result = screen(trial, patient, date(2026, 11, 1), decisions=[review])
"""
from __future__ import annotations

from .criteria import Criterion, compile_criterion
from .errors import (CohortError, CriterionError, CriterionSyntaxError, EngineError, InputError,
                     ResolveError, RulesError)
from .evaluate import Evidence, Outcome, evaluate
from .explain import canonical, in_words
from .logic import Truth
from .next_order import Order, next_orders
from .patients import LabResult, Patient, load_patient
from .review import Decision, DecisionError, load_decisions
from .rules import Trial, load_trial
from .screen import ScreenResult, screen

__version__ = "0.1.0"

__all__ = [
    "CohortError", "Criterion", "CriterionError", "CriterionSyntaxError", "Decision", "DecisionError", "EngineError",
    "Evidence", "InputError", "LabResult", "Order", "Outcome", "Patient", "ResolveError", "RulesError", "ScreenResult",
    "Trial", "Truth", "canonical", "compile_criterion", "evaluate", "in_words", "load_decisions", "load_patient",
    "load_trial", "next_orders", "screen",
    "__version__",
]
__all__ += ["to_sql"]


def __getattr__(name: str):
    """``to_sql`` (engine/sql) loads sqlglot on first use, not on ``import engine``."""
    if name == "to_sql":
        from .sql.compiler import to_sql
        return to_sql
    raise AttributeError(f"module 'engine' has no attribute {name!r}")
