"""A registry's OMOP vocabulary -> the standard concept ids each coded concept stands for.

concepts.yaml names a concept by source codes (SNOMED CT, ICD-10-CM, RxNorm); an OMOP
registry records standard concept ids (``condition_concept_id`` ...). The user's vocabulary
links the two: a code's row in ``concept``, the standard concepts it 'Maps to' in
``concept_relationship`` (a standard concept stands for itself), and every descendant of
those in ``concept_ancestor`` (a type 2 diabetes under diabetes mellitus, a paclitaxel
product under the ingredient). The resolution runs once, in Python, and both back ends
read it: the SQL compiler compiles the ids in, the OMOP loader gives them to its patients.

The vocabulary is a DuckDB file, a folder of files (``concept.csv`` or ``CONCEPT.csv`` as
Athena ships them, tab-separated; ``.parquet`` too), or a ``postgresql://`` URL.
"""
from __future__ import annotations

import warnings
from importlib import metadata, resources
from pathlib import Path
from typing import Optional

from ..cache import prepared
from ..concepts import ConceptIds, concepts
from ..errors import EngineError

TABLES = ("concept", "concept_relationship", "concept_ancestor")
# The columns read, per table (Athena's vocabulary tables have these and more).
COLUMNS = {"concept": ("concept_id", "vocabulary_id", "concept_code", "standard_concept"),
           "concept_relationship": ("concept_id_1", "concept_id_2", "relationship_id", "invalid_reason"),
           "concept_ancestor": ("ancestor_concept_id", "descendant_concept_id")}
# concepts.yaml's systems as OMOP names its vocabularies (concept.vocabulary_id)
VOCABULARY_IDS = {"SNOMED": "SNOMED", "ICD-10-CM": "ICD10CM", "RxNorm": "RxNorm"}


class VocabularyError(EngineError):
    """A vocabulary that cannot be opened or lacks a table or column the resolution reads."""


def source_codes() -> list[tuple[str, str, str]]:
    """(engine concept, vocabulary_id, concept_code) for every code of concepts.yaml. An
    ICD-10-CM code or block stands for its descendants (concepts.py), so they are listed
    too, dotted as OMOP writes them ("E11.9"); a block ("E08-E13") is no OMOP concept.
    Walking the ICD-10-CM tree takes seconds, so the list is kept in the cache folder,
    rebuilt when concepts.yaml, this module or simple-icd-10-cm changes."""
    data = resources.files("engine").joinpath("data").joinpath("concepts.yaml").read_bytes()
    tree = metadata.version("simple-icd-10-cm").encode()
    return prepared("source-codes", (data, Path(__file__).read_bytes(), tree), _source_codes)


def _source_codes() -> list[tuple[str, str, str]]:
    with warnings.catch_warnings():  # its data loads through importlib.resources calls since deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd10cm
    found = []
    for concept in concepts().by_id.values():
        for code_set in concept.codes:
            vocabulary_id = VOCABULARY_IDS[code_set.system]
            for code in code_set.codes:
                codes = [code]
                if code_set.system == "ICD-10-CM":
                    codes = [c for c in (code, *icd10cm.get_descendants(code)) if not icd10cm.is_chapter_or_block(c)]
                found += [(concept.id, vocabulary_id, c) for c in codes]
    return sorted(set(found))


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def resolution_query(prefix: str = "") -> str:
    """Portable SQL (DuckDB, PostgreSQL): (engine concept, standard concept id) rows."""
    wanted = ",\n".join(f"({_text(a)}, {_text(b)}, {_text(c)})" for a, b, c in source_codes())
    return f"""
        WITH wanted(concept, vocabulary_id, concept_code) AS (VALUES {wanted}),
        src AS (SELECT w.concept, c.concept_id, c.standard_concept FROM wanted w
                JOIN {prefix}concept c ON c.vocabulary_id = w.vocabulary_id AND c.concept_code = w.concept_code),
        std AS (SELECT s.concept, r.concept_id_2 AS concept_id FROM src s
                JOIN {prefix}concept_relationship r ON r.concept_id_1 = s.concept_id
                WHERE r.relationship_id = 'Maps to' AND r.invalid_reason IS NULL
                UNION SELECT concept, concept_id FROM src WHERE standard_concept = 'S')
        SELECT concept, concept_id FROM std
        UNION SELECT std.concept, a.descendant_concept_id FROM std
        JOIN {prefix}concept_ancestor a ON a.ancestor_concept_id = std.concept_id"""


def resolve(connection, schema: Optional[str] = None) -> dict[str, frozenset[int]]:
    """The standard concept ids of every coded concept the vocabulary resolves (a concept
    none of whose codes it holds is left out: its rows stay unreadable)."""
    cursor = connection.cursor()
    cursor.execute(resolution_query(f"{schema}." if schema else ""))
    found: dict[str, set[int]] = {}
    for concept, concept_id in cursor.fetchall():
        if concept_id is not None:
            found.setdefault(concept, set()).add(int(concept_id))
    return {concept: frozenset(ids) for concept, ids in sorted(found.items())}


def load_vocabulary(location: str, schema: Optional[str] = None) -> ConceptIds:
    """Open the vocabulary at ``location``, check its tables, resolve the coded concepts."""
    if location.startswith(("postgresql://", "postgres://")):
        return _from_postgres(location, schema)
    path = Path(location)
    if path.is_dir():
        return _from_folder(path)
    if path.is_file():
        return _from_duckdb(path, schema)
    raise VocabularyError(f"vocabulary '{location}' not found: expected a .duckdb file, a folder of "
                          "concept / concept_relationship / concept_ancestor files, or a postgresql:// URL")


def _from_duckdb(path: Path, schema: Optional[str]) -> ConceptIds:
    import duckdb
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise VocabularyError(f"vocabulary {path}: cannot open it as a DuckDB file ({_first_line(exc)})") from None
    return _resolved(con, str(path), schema)


def _from_postgres(url: str, schema: Optional[str]) -> ConceptIds:
    import psycopg

    from .registry import _redact
    try:
        con = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise VocabularyError(f"vocabulary {_redact(url)}: cannot connect ({_first_line(exc)})") from None
    return _resolved(con, _redact(url), schema)


def _resolved(con, where: str, schema: Optional[str]) -> ConceptIds:
    """The concept ids, read through an open connection, which is closed after."""
    try:
        _check(con, where, schema)
        return resolve(con, schema)
    finally:
        con.close()


def _from_folder(folder: Path) -> ConceptIds:
    """Each table from its file (any case, .csv / .tsv / .parquet), only the columns read,
    as text but the ids: Athena's files are tab-separated, unquoted and hold quotes."""
    import duckdb
    con = duckdb.connect()
    files = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for table in TABLES:
        path = next((files[f"{table}{s}"] for s in (".csv", ".tsv", ".parquet") if f"{table}{s}" in files), None)
        if path is None:
            raise VocabularyError(f"vocabulary folder {folder}: no {table}.csv (or CONCEPT-style capitals, "
                                  f".tsv, .parquet); expected the tables {', '.join(TABLES)}")
        target = str(path.resolve()).replace("'", "''")
        if path.suffix == ".parquet":
            source = f"read_parquet('{target}')"
        else:
            with path.open(encoding="utf-8", errors="replace") as f:
                delimiter = "\\t" if "\t" in f.readline() else ","
            source = f"read_csv('{target}', delim='{delimiter}', header=true, quote='', all_varchar=true)"
        columns = ", ".join(f"CAST({c} AS BIGINT) AS {c}" if c.endswith(("concept_id", "_1", "_2")) else c
                            for c in COLUMNS[table])
        try:
            con.execute(f"CREATE VIEW {table} AS SELECT {columns} FROM {source}")
            con.execute(f"SELECT count(*) FROM {table}").fetchall()
        except duckdb.Error as exc:
            raise VocabularyError(f"vocabulary file {path}: {_first_line(exc)} (expected the columns "
                                  f"{', '.join(COLUMNS[table])})") from None
    try:
        return resolve(con)
    finally:
        con.close()


def _check(con, where: str, schema: Optional[str]) -> None:
    """Every table and column the resolution reads is there, or one line saying which is not."""
    cursor = con.cursor()
    clause = f" AND table_schema = '{schema}'" if schema else ""
    for table, columns in COLUMNS.items():
        cursor.execute("SELECT column_name FROM information_schema.columns "
                       f"WHERE lower(table_name) = '{table}'{clause}")
        found = {row[0].lower() for row in cursor.fetchall()}
        if not found:
            raise VocabularyError(f"vocabulary {where}: no table {table} (expected {', '.join(TABLES)})")
        missing = [c for c in columns if c not in found]
        if missing:
            raise VocabularyError(f"vocabulary {where}: table {table} lacks the column(s) {', '.join(missing)}")


def advice(unreadable: list[str], vocabulary_given: bool) -> str:
    """One line for the report: which coded concepts were left unknown where a record had a
    concept id, and what would settle them."""
    names = ", ".join(unreadable)
    if vocabulary_given:
        return (f"the vocabulary holds none of the codes of {names}: records with a concept id leave criteria "
                f"on them unknown (reason code <concept>:no_vocabulary)")
    return (f"criteria on {names} are unknown for patients with records coded by concept id (reason code "
            f"<concept>:no_vocabulary): give --vocabulary, the OMOP tables {', '.join(TABLES)} "
            "(a DuckDB file, a folder of Athena files, or a postgresql:// URL)")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
