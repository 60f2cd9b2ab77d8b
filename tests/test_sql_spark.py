"""Spark SQL smoke test: the compiled query runs in pyspark local mode with DuckDB's answers.

Needs the ``spark`` extra (pyspark) and a Java runtime; CI installs both. Outside CI the
test skips when either is missing; in CI it fails instead.
"""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from engine import load_trial
from engine.sql.synthetic import generate

from .conftest import ROOT
from .sql_support import disagreements, in_ci, sql_statuses

AS_OF = date(2026, 11, 1)


def _spark_or_skip():
    try:
        import pyspark  # noqa: F401
        missing = None if shutil.which("java") else "no java on PATH"
    except ImportError:
        missing = "pyspark is not installed (pip install -e '.[spark]')"
    if missing:
        if in_ci():
            pytest.fail(f"CI must run the Spark smoke test: {missing}")
        pytest.skip(missing)


def test_spark_sql_gives_duckdbs_answers(tmp_path):
    _spark_or_skip()
    import duckdb
    from engine.sql import spark as engine_spark
    path = str(tmp_path / "registry.duckdb")
    generate(path, 400, seed=11, as_of=AS_OF)
    folder = tmp_path / "omop"
    folder.mkdir()
    con = duckdb.connect(path, read_only=True)
    for table in ("person", "measurement", "observation", "condition_occurrence", "drug_exposure",
                  "procedure_occurrence"):
        con.execute(f"COPY {table} TO '{folder / (table + '.parquet')}' (FORMAT parquet)")
    trial = load_trial(ROOT / "rules" / "NCT00699491.yaml")  # units, ULN, CG, conditional, history
    expected = sql_statuses(con.cursor(), trial, AS_OF)
    spark = engine_spark.session()
    try:
        assert set(engine_spark.register_folder(spark, str(folder))) >= {"person", "measurement"}
        rows = engine_spark.run(spark, trial, AS_OF).collect()
    finally:
        spark.stop()
    got = {(str(r["person_id"]), c.id): r[c.id] for r in rows for c in trial.criteria}
    assert len(rows) == 400
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])
