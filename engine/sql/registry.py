"""Opening a registry: a DuckDB file, a folder of Parquet/CSV files, or a postgresql:// URL.

Every failure is a RegistryError with a sentence a data manager can act on (missing
file, missing table, unreachable server), never a driver traceback. A folder's CSV files
are read with the OMOP column types (schema.py); a row that does not fit them is skipped
and reported (quality.py), the rest is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..errors import EngineError
from .quality import BadRow, bad_row
from .schema import REQUIRED, TABLES, ddl

SUFFIXES = (".parquet", ".csv", ".csv.gz", ".tsv")


class RegistryError(EngineError):
    """A registry that cannot be opened or lacks a table screening needs."""


@dataclass(frozen=True)
class Registry:
    """Where the registry is: ``kind`` is duckdb, folder or postgres."""

    kind: str
    location: str
    schema: Optional[str] = None

    @property
    def dialect(self) -> str:
        return "postgres" if self.kind == "postgres" else "duckdb"

    def describe(self) -> str:
        return {"duckdb": "DuckDB file", "folder": "folder", "postgres": "PostgreSQL"}[self.kind] + \
            f" {self.location if self.kind != 'postgres' else _redact(self.location)}"

    def sources(self) -> dict[str, str]:
        """The file each table of a folder registry is read from (none for a database)."""
        if self.kind != "folder":
            return {}
        return {table: str(path) for table, path in folder_sources(Path(self.location)).items()}

    def table_of(self, path: Path) -> Optional[str]:
        """What the registry reads ``path`` as (a table, the database), if it reads it at all:
        a file name of the folder's own tables counts even before the file exists."""
        path = path.resolve()
        if self.kind == "duckdb":
            return "database file" if path == Path(self.location).resolve() else None
        if self.kind != "folder":
            return None
        folder = Path(self.location).resolve()
        for table in TABLES:
            if (path.parent == folder and path.name in {table + suffix for suffix in SUFFIXES}) or \
                    path.is_relative_to(folder / table):
                return f"{table} table"
        return None


def parse(location: str, schema: Optional[str] = None) -> Registry:
    if location.startswith(("postgresql://", "postgres://")):
        return Registry("postgres", location, schema)
    path = Path(location)
    if path.is_dir():
        return Registry("folder", str(path), schema)
    if path.is_file():
        return Registry("duckdb", str(path), schema)
    raise RegistryError(f"registry '{location}' not found: expected a .duckdb file, a folder of "
                        "Parquet/CSV files, or a postgresql:// URL")


def _redact(url: str) -> str:
    """A URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"


# ----------------------------------------------------------------- DuckDB
def connect_duckdb(registry: Registry, read_only: bool = True,
                   memory_limit: Optional[str] = None) -> tuple[object, list[BadRow]]:
    """A DuckDB connection on which the registry's tables are visible by their OMOP names,
    and the CSV rows of a folder registry that could not be read (skipped)."""
    import duckdb
    config = {"memory_limit": memory_limit} if memory_limit else {}
    bad: list[BadRow] = []
    try:
        if registry.kind == "duckdb":
            con = duckdb.connect(registry.location, read_only=read_only, config=config)
        else:
            con = duckdb.connect(config=config)
            bad = _folder_tables(con, Path(registry.location))
    except duckdb.Error as exc:
        raise RegistryError(f"cannot open {registry.describe()}: {_first_line(exc)}") from None
    check_tables(_duckdb_tables(con, registry.schema), registry)
    return con, bad


def folder_sources(folder: Path) -> dict[str, Path]:
    """The file (or folder of Parquet files) each OMOP table of a folder registry is read from."""
    found = {}
    for table in TABLES:
        files = [folder / f"{table}{suffix}" for suffix in SUFFIXES if (folder / f"{table}{suffix}").is_file()]
        if files:
            found[table] = files[0]
        elif (folder / table).is_dir():
            found[table] = folder / table
    return found


def _folder_tables(con, folder: Path) -> list[BadRow]:
    """Parquet files as views (they carry their types); each CSV file read once, into a
    temporary table, returning the rows it could not read."""
    bad = []
    for table, source in folder_sources(folder).items():
        if source.is_dir():
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet(\'{_sql_path(source)}/**/*.parquet\')')
        elif source.name.endswith(".parquet"):
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet(\'{_sql_path(source)}\')')
        else:
            bad += _read_csv(con, table, source)
    return bad


def _read_csv(con, table: str, source: Path) -> list[BadRow]:
    """One CSV file as a temporary table with the OMOP column types (columns this engine
    does not know stay text), not types sniffed from a sample: that makes an all-empty
    column text, and the query fails later. A row that does not fit (a value that is not
    of its column's type, a column too many) is skipped and returned, through DuckDB's
    rejects table: the rest is read. Read once: DuckDB casts only the columns a query
    reads, so scans of a view would each skip different rows."""
    delimiter = "\t" if source.name.lower().endswith(".tsv") else ","
    reader = f"read_csv('{_sql_path(source)}', header = true, delim = '{delimiter}', all_varchar = true"
    header = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}, ignore_errors = true)").fetchall()]
    omop = dict(TABLES[table])
    types = {name: omop[name.lower()] for name in header if name.lower() in omop}
    struct = ", ".join(f"'{_sql_text(name)}': '{kind}'" for name, kind in types.items())
    con.execute(f'CREATE TEMP TABLE "{table}" AS SELECT * FROM {reader}, types = {{{struct}}}, '
                "store_rejects = true, rejects_table = 'elig_rejects', rejects_scan = 'elig_rejects_scans')")
    rejected = con.execute("SELECT line, column_idx, column_name, error_type, csv_line FROM elig_rejects "
                           "ORDER BY line, column_idx").fetchall()
    con.execute("DROP TABLE elig_rejects; DROP TABLE elig_rejects_scans")
    return [bad_row(str(source), delimiter, types, len(header), *row) for row in rejected]


def _sql_path(path: Path) -> str:
    return _sql_text(str(path))


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def _duckdb_tables(con, schema: Optional[str]) -> set[str]:
    rows = con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
    return {name.lower() for s, name in rows if schema is None or s == schema}


def check_tables(present: Iterable[str], registry: Registry) -> None:
    missing = [t for t in REQUIRED if t not in set(present)]
    if missing:
        raise RegistryError(f"{registry.describe()} lacks the OMOP table(s) {', '.join(missing)} "
                            f"(needed: {', '.join(REQUIRED)})")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def create_duckdb(path: str, tables: dict[str, list[tuple]], schema: Optional[str] = None):
    """A DuckDB registry with the OMOP tables, filled from rows in TABLES column order."""
    import duckdb
    con = duckdb.connect(path)
    if schema:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    for statement in ddl("duckdb", schema):
        con.execute(statement)
    fill(con, tables, schema, "?")
    return con


def fill(con, tables: dict[str, list[tuple]], schema: Optional[str], marker: str) -> None:
    prefix = f'"{schema}".' if schema else ""
    for table, rows in tables.items():
        if rows:
            width = len(TABLES[table])
            con.executemany(f'INSERT INTO {prefix}"{table}" VALUES ({", ".join([marker] * width)})', rows)


def copy_to_postgres(source: str, url: str, schema: str) -> None:
    """Copy the OMOP tables of a DuckDB registry into ``schema`` of a PostgreSQL database
    (created or replaced), through COPY: for tests and for trying the PostgreSQL path."""
    import duckdb
    import psycopg
    from .schema import TABLES, ddl
    local = duckdb.connect(source, read_only=True)
    present = _duckdb_tables(local, None)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.execute(f'CREATE SCHEMA "{schema}"')
        for statement in ddl("postgres", schema):
            con.execute(statement)
        for table in TABLES:
            if table not in present:
                continue
            columns = ", ".join(f'"{c}"' for c, _ in TABLES[table])
            rows = local.execute(f"SELECT {columns} FROM {table}")
            with con.cursor() as cursor, cursor.copy(f'COPY "{schema}"."{table}" ({columns}) FROM STDIN') as copy:
                while batch := rows.fetchmany(50_000):
                    for row in batch:
                        copy.write_row(row)
            con.execute(f'ANALYZE "{schema}"."{table}"')
    local.close()
