"""Registry-scale screening: a trial compiled to one SQL query (sqlglot), run where the data is.

    from engine import load_trial, to_sql
    sql = to_sql(load_trial("rules/NCT00699491.yaml"), dialect="duckdb", as_of=date(2026, 11, 1))

Modules: ``vocab`` (OMOP concepts, units), ``schema`` (OMOP tables), ``factors`` (the unit
factor table), ``staging`` (registry rows -> one wide row per person), ``values`` (the
value to use), ``compiler`` (one ``<kind>_sql`` method per node kind), ``loader``
(OMOP rows -> Patient, for the Python side of agreement), ``registry`` / ``runners``
(DuckDB, PostgreSQL), ``spark`` (Spark SQL), ``batch`` (output files and tables),
``outputs`` (what a run may write), ``quality`` (the data-quality report), ``funnel`` /
``charts`` (feasibility), ``commands`` (``elig batch`` / ``elig funnel``).

The compiler (and sqlglot) load on first use, so ``import engine`` stays light.
"""
from __future__ import annotations

__all__ = ["DIALECTS", "CompiledTrial", "SQLCompileError", "compile_trial", "to_sql"]


def __getattr__(name: str):
    if name in __all__:
        from . import compiler
        return getattr(compiler, name)
    raise AttributeError(f"module 'engine.sql' has no attribute {name!r}")
