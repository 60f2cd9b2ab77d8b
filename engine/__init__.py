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

import sys
from importlib import import_module
from types import ModuleType

__version__ = "0.1.0"

# Each public name and the module that defines it. A name's module loads when the name is
# first asked for, not on ``import engine``: `elig --help` and the other commands then pay
# only for what they use (pydantic, lark, the catalogues, sqlglot).
_HOMES = {
    "Criterion": ".criteria", "compile_criterion": ".criteria",
    "CohortError": ".errors", "CriterionError": ".errors", "CriterionSyntaxError": ".errors",
    "EngineError": ".errors", "InputError": ".errors", "ResolveError": ".errors", "RulesError": ".errors",
    "Evidence": ".evaluate", "Outcome": ".evaluate", "evaluate": ".evaluate",
    "canonical": ".explain", "in_words": ".explain",
    "Truth": ".logic",
    "Order": ".next_order", "next_orders": ".next_order",
    "LabResult": ".patients", "Patient": ".patients", "load_patient": ".patients",
    "Decision": ".review", "DecisionError": ".review", "load_decisions": ".review",
    "Trial": ".rules", "load_trial": ".rules",
    "ScreenResult": ".screen", "screen": ".screen",
    "to_sql": ".sql.compiler",
}

__all__ = sorted(_HOMES) + ["__version__"]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


class _Package(ModuleType):
    """Importing a submodule sets the package's attribute of its name to it: for
    ``engine.evaluate`` and ``engine.screen`` that would hide the public functions of those
    names. The public name keeps its function, as when this package imported everything
    (the submodules stay importable by their full names)."""

    def __setattr__(self, name: str, value) -> None:
        if name in _HOMES and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
