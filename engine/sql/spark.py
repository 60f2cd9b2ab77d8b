"""Spark SQL (the ``spark`` extra): the same compiled query, run by pyspark.

    spark = session()                          # local[2] unless a master is given
    register_folder(spark, "omop/")            # person.parquet, measurement.parquet ...
    rows = run(spark, load_trial("rules/NCT00699491.yaml"), as_of=date(2026, 11, 1))

The screening query is one long projection chain; whole-stage code generation of it
exceeds the JVM's method size and Spark falls back with a wall of warnings, so it is
switched off for these queries.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

from ..rules import Trial
from .compiler import compile_trial
from .registry import SUFFIXES, RegistryError
from .schema import TABLES


def session(master: str = "local[2]", app: str = "elig"):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RegistryError("Spark needs the spark extra: pip install 'elig-engine[spark]'") from None
    spark = (SparkSession.builder.master(master).appName(app)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.codegen.wholeStage", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def register_folder(spark, folder: str) -> list[str]:
    """Temporary views named after the OMOP tables found in ``folder`` (Parquet or CSV)."""
    found = []
    for table in TABLES:
        for suffix in SUFFIXES:
            path = Path(folder) / f"{table}{suffix}"
            if path.is_file():
                reader = spark.read.parquet(str(path)) if suffix == ".parquet" else \
                    spark.read.option("header", True).option("inferSchema", True).csv(str(path))
                reader.createOrReplaceTempView(table)
                found.append(table)
                break
    return found


def run(spark, trial: Trial, as_of: Optional[date] = None, **options):
    """The trial's screening rows as a Spark DataFrame (one row per person)."""
    return spark.sql(compile_trial(trial, "spark", as_of, **options).sql(pretty=False))
