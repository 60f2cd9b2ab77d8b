"""The registry schema: the OMOP CDM v5.4 tables (and columns) the SQL back end reads.

Only the columns screening needs are listed; a real OMOP database has more and that
is fine. ``create_tables`` writes these tables (for the synthetic registry, the tests
and loading PostgreSQL); ``ddl`` gives the statements for any sqlglot dialect.
"""
from __future__ import annotations

from typing import Optional

from sqlglot import exp

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (
        ("person_id", "BIGINT"), ("gender_concept_id", "INT"), ("year_of_birth", "INT"),
        ("month_of_birth", "INT"), ("day_of_birth", "INT"), ("birth_datetime", "TIMESTAMP"),
        ("race_concept_id", "INT"), ("ethnicity_concept_id", "INT"),
        ("person_source_value", "VARCHAR"), ("gender_source_value", "VARCHAR"),
    ),
    "measurement": (
        ("measurement_id", "BIGINT"), ("person_id", "BIGINT"), ("measurement_concept_id", "INT"),
        ("measurement_date", "DATE"), ("measurement_datetime", "TIMESTAMP"),
        ("measurement_type_concept_id", "INT"), ("operator_concept_id", "INT"),
        ("value_as_number", "DOUBLE"), ("value_as_concept_id", "INT"), ("unit_concept_id", "INT"),
        ("range_low", "DOUBLE"), ("range_high", "DOUBLE"), ("measurement_source_value", "VARCHAR"),
        ("unit_source_value", "VARCHAR"), ("value_source_value", "VARCHAR"),
    ),
    "observation": (
        ("observation_id", "BIGINT"), ("person_id", "BIGINT"), ("observation_concept_id", "INT"),
        ("observation_date", "DATE"), ("observation_datetime", "TIMESTAMP"),
        ("observation_type_concept_id", "INT"), ("value_as_number", "DOUBLE"),
        ("value_as_string", "VARCHAR"), ("value_as_concept_id", "INT"), ("unit_concept_id", "INT"),
        ("observation_source_value", "VARCHAR"), ("unit_source_value", "VARCHAR"),
    ),
    "condition_occurrence": (
        ("condition_occurrence_id", "BIGINT"), ("person_id", "BIGINT"),
        ("condition_concept_id", "INT"), ("condition_start_date", "DATE"),
        ("condition_end_date", "DATE"), ("condition_type_concept_id", "INT"),
        ("condition_status_concept_id", "INT"), ("condition_source_value", "VARCHAR"),
    ),
    "drug_exposure": (
        ("drug_exposure_id", "BIGINT"), ("person_id", "BIGINT"), ("drug_concept_id", "INT"),
        ("drug_exposure_start_date", "DATE"), ("drug_exposure_end_date", "DATE"),
        ("drug_type_concept_id", "INT"), ("drug_source_value", "VARCHAR"),
    ),
    "procedure_occurrence": (
        ("procedure_occurrence_id", "BIGINT"), ("person_id", "BIGINT"), ("procedure_concept_id", "INT"),
        ("procedure_date", "DATE"), ("procedure_type_concept_id", "INT"),
        ("procedure_source_value", "VARCHAR"),
    ),
}

# Tables every registry must have; drug_exposure and procedure_occurrence are read
# only by trials that ask about treatments or procedures.
REQUIRED = ("person", "measurement", "observation", "condition_occurrence")


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def ddl(dialect: str = "duckdb", schema: Optional[str] = None) -> list[str]:
    """CREATE TABLE statements for every registry table, in ``dialect``."""
    statements = []
    for table, cols in TABLES.items():
        defs = [exp.ColumnDef(this=exp.to_identifier(name), kind=exp.DataType.build(kind))
                for name, kind in cols]
        target = exp.Schema(this=exp.table_(table, db=schema), expressions=defs)
        statements.append(exp.Create(this=target, kind="TABLE").sql(dialect=dialect))
    return statements


def quoted_table(table: str, schema: Optional[str], dialect: str) -> str:
    return exp.table_(table, db=schema).sql(dialect=dialect)

