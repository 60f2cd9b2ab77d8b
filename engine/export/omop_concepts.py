"""The OMOP concepts an export names, read from the user's own vocabulary.

The `concept` table of a DuckDB file or a PostgreSQL database, or a CSV of it (Athena's
CONCEPT.csv is tab-separated; the delimiter is detected). Only the rows asked for are
read: the LOINC codes of the analytes exported and the unit and gender concept ids the
engine knows (engine/sql/omop.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import EngineError

COLUMNS = ("concept_id", "concept_name", "domain_id", "vocabulary_id", "concept_class_id",
           "standard_concept", "concept_code", "invalid_reason")


class VocabularyError(EngineError):
    """A vocabulary that cannot be read, or has no `concept` table."""


@dataclass(frozen=True)
class Concepts:
    by_id: dict[int, dict]
    by_loinc: dict[str, dict]


def read_concepts(source: str, loinc_codes: Iterable[str], concept_ids: Iterable[int]) -> Concepts:
    """The concept rows of ``loinc_codes`` (vocabulary LOINC) and of ``concept_ids``."""
    codes, ids = sorted(set(loinc_codes)), sorted({int(i) for i in concept_ids})
    if source.startswith(("postgresql://", "postgres://")):
        rows = _postgres_rows(source, codes, ids)
    else:
        rows = _duckdb_rows(Path(source), codes, ids)
    found = [dict(zip(COLUMNS, row)) for row in rows]
    for row in found:
        row["concept_id"] = int(row["concept_id"])
    return Concepts(by_id={r["concept_id"]: r for r in found},
                    by_loinc={r["concept_code"]: r for r in found if r["vocabulary_id"] == "LOINC"})


_WHERE = "(vocabulary_id = 'LOINC' AND concept_code IN (SELECT unnest(?))) OR concept_id IN (SELECT unnest(?))"


def _duckdb_rows(path: Path, codes: list[str], ids: list[int]) -> list[tuple]:
    import duckdb
    if not path.is_file():
        raise VocabularyError(f"{path}: no such vocabulary file (expected a DuckDB file, a CSV of "
                              "the OMOP concept table or a postgresql:// URL)")
    csv = path.suffix.lower() in (".csv", ".tsv") or path.name.lower().endswith(".csv.gz")
    try:
        con = duckdb.connect() if csv else duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise VocabularyError(f"{path}: cannot be opened as a DuckDB file ({_first_line(exc)})") from None
    table = "read_csv(?, header = true, all_varchar = true, quote = '')" if csv else "concept"
    params = [str(path)] if csv else []
    query = f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE " + _WHERE.replace(
        "concept_id IN", "CAST(concept_id AS BIGINT) IN")
    try:
        return con.execute(query, [*params, codes, ids]).fetchall()
    except duckdb.Error as exc:
        raise VocabularyError(f"{path}: no readable OMOP concept table ({_first_line(exc)}); expected "
                              f"the columns {', '.join(COLUMNS)}") from None
    finally:
        con.close()


def _postgres_rows(url: str, codes: list[str], ids: list[int]) -> list[tuple]:
    import psycopg
    query = (f"SELECT {', '.join(COLUMNS)} FROM concept WHERE (vocabulary_id = 'LOINC' AND "
             "concept_code = ANY(%s)) OR concept_id = ANY(%s)")
    try:
        with psycopg.connect(url, connect_timeout=10) as con:
            return con.execute(query, (codes, ids)).fetchall()
    except psycopg.Error as exc:
        raise VocabularyError(f"PostgreSQL vocabulary: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
