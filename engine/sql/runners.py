"""Running compiled queries where the registry lives: DuckDB (embedded) and PostgreSQL.

A runner writes a query's rows to a Parquet or CSV file or to a table in the
registry's own database, and answers small aggregate queries (counts, funnels).
Progress is reported through a callback ``progress(fraction)`` so the command line
can draw a bar on stderr without the runner knowing about terminals.
"""
from __future__ import annotations

import math
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .registry import Registry, RegistryError, _first_line, check_tables, connect_duckdb

Progress = Optional[Callable[[float], None]]

# What one person costs the staging joins' hash tables in DuckDB, measured on the
# synthetic registry (about 650 bytes per person with ten results each) and doubled for
# margin; the joins may use half the memory limit, the rest is DuckDB's own.
JOIN_BYTES_PER_ROW, JOIN_BYTES_PER_PERSON, JOIN_MEMORY_SHARE = 130, 200, 0.5


@dataclass(frozen=True)
class Output:
    """Where rows go: a .parquet / .csv file, or ``table:<name>`` in the registry database."""

    target: str

    @property
    def table(self) -> Optional[str]:
        return self.target.split(":", 1)[1] if self.target.startswith("table:") else None

    @property
    def format(self) -> str:
        if self.table:
            return "table"
        suffix = Path(self.target).suffix.lower()
        if suffix in (".parquet", ".pq"):
            return "parquet"
        if suffix in (".csv", ".tsv"):
            return "csv"
        raise RegistryError(f"--out {self.target}: expected a .parquet or .csv file, or table:<name>")

    def for_trial(self, trial_id: str, several: bool) -> "Output":
        """One output per trial when several are screened: results.parquet -> results.<trial>.parquet."""
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in trial_id)
        if "{trial}" in self.target:
            return Output(self.target.replace("{trial}", safe))
        if not several:
            return self
        if self.table:
            return Output(f"table:{self.table}_{safe.lower().replace('-', '_')}")
        path = Path(self.target)
        return Output(str(path.with_name(f"{path.stem}.{safe}{path.suffix}")))


class DuckDBRunner:
    dialect = "duckdb"

    def __init__(self, registry: Registry, writable: bool = False, memory_limit: Optional[str] = None,
                 threads: Optional[int] = None, temp_directory: Optional[str] = None) -> None:
        self.registry = registry
        self.con, self.bad_rows = connect_duckdb(registry, read_only=not writable, memory_limit=memory_limit)
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        self.con.execute("SET preserve_insertion_order = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if temp_directory:
            self.con.execute(f"SET temp_directory = '{temp_directory}'")

    def tables(self) -> set[str]:
        rows = self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        return {r[0].lower() for r in rows}

    def check(self, tables) -> None:
        check_tables(self.tables(), self.registry)
        missing = [t for t in tables if t not in self.tables()]
        if missing:
            raise RegistryError(f"{self.registry.describe()} lacks the table(s) {', '.join(missing)} "
                                "that this trial's criteria read")

    def columns_of(self, table: str) -> Optional[set[str]]:
        """The columns of the table ``table:NAME`` would replace (None: there is none); names
        match without regard to case, as DuckDB's do."""
        rows = self.con.execute("SELECT column_name FROM information_schema.columns WHERE lower(table_name) = "
                                "lower(?) AND table_schema = current_schema() AND table_catalog = "
                                "current_database()", [table]).fetchall()
        return {r[0] for r in rows} or None

    def _run(self, statement: str, progress: Progress) -> None:
        """Execute with progress polled from this thread while DuckDB works in another."""
        failure: list[BaseException] = []

        def work() -> None:
            try:
                self.con.execute(statement)
            except BaseException as exc:  # re-raised in the caller's thread
                failure.append(exc)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            if progress is not None:
                try:
                    done = self.con.query_progress()
                except Exception:
                    done = -1
                if done >= 0:
                    progress(min(done, 100.0) / 100.0)
        if failure:
            raise RegistryError(f"the query failed on {self.registry.describe()}: {_first_line(failure[0])}")
        if progress is not None:
            progress(1.0)

    def stage(self, name: str, sql: str, progress: Progress = None) -> None:
        """A temporary table the trials' queries read (spills to disk when it must)."""
        self._run(f'CREATE OR REPLACE TEMP TABLE "{name}" AS {sql}', progress)

    def stage_by_person(self, name: str, sql: str, rows_table: Optional[str], progress: Progress = None) -> None:
        """``stage`` for the one-row-per-person table, built in ranges of person_id small
        enough that its joins' hash tables fit in the memory limit (they cannot spill):
        ``rows_table`` holds the rows those joins read, their count sets the range size."""
        persons = max(self.persons(), 1)
        rows = self.con.execute(f'SELECT count(*) FROM "{rows_table}"').fetchone()[0] if rows_table else 0
        per_person = JOIN_BYTES_PER_ROW * rows / persons + JOIN_BYTES_PER_PERSON
        ranges = math.ceil(persons * per_person / (self._memory_limit() * JOIN_MEMORY_SHARE))
        if ranges <= 1:
            self.stage(name, sql, progress)
            return
        quantiles = ", ".join(f"{i / ranges!r}" for i in range(1, ranges))
        schema = f'"{self.registry.schema}".' if self.registry.schema else ""
        edges = self.con.execute(f"SELECT quantile_disc(person_id, [{quantiles}]) FROM {schema}person").fetchone()[0]
        for i, (low, high) in enumerate(zip([None, *edges], [*edges, None])):
            within = " AND ".join(([] if low is None else [f"person_id > {int(low)}"]) +
                                  ([] if high is None else [f"person_id <= {int(high)}"]))
            part = f"SELECT * FROM ({sql}) AS staged WHERE {within}"
            statement = f'CREATE OR REPLACE TEMP TABLE "{name}" AS {part}' if i == 0 else \
                f'INSERT INTO "{name}" {part}'
            self._run(statement, (lambda f, i=i: progress((i + f) / ranges)) if progress else None)

    def _memory_limit(self) -> float:
        """DuckDB's memory limit in bytes ('5.5 GiB')."""
        shown = self.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        number, unit = re.fullmatch(r"([\d.]+)\s*([KMGTP]?i?B)", shown.strip()).groups()
        return float(number) * 1024 ** "BKMGTP".index(unit[0])

    def write(self, sql: str, output: Output, progress: Progress = None) -> None:
        if output.format == "table":
            self._run(f'CREATE OR REPLACE TABLE "{output.table}" AS {sql}', progress)
            return
        path = str(Path(output.target).resolve()).replace("'", "''")
        options = "FORMAT parquet, COMPRESSION zstd" if output.format == "parquet" else "FORMAT csv, HEADER"
        self._run(f"COPY ({sql}) TO '{path}' ({options})", progress)

    def query(self, sql: str, progress: Progress = None) -> list[tuple]:
        if progress is None:
            try:
                return self.con.execute(sql).fetchall()
            except Exception as exc:
                raise RegistryError(f"the query failed on {self.registry.describe()}: {_first_line(exc)}") from None
        self._run(f"CREATE OR REPLACE TEMP TABLE elig_query_result AS {sql}", progress)
        return self.con.execute("SELECT * FROM elig_query_result").fetchall()

    def count(self, output: Output) -> list[tuple]:
        """(verdict, patients) of a written output."""
        return self.con.execute(f"SELECT verdict, count(*) FROM {self.source(output)} GROUP BY verdict").fetchall()

    def source(self, output: Output) -> str:
        if output.format == "table":
            return f'"{output.table}"'
        path = str(Path(output.target).resolve()).replace("'", "''")
        return f"read_parquet('{path}')" if output.format == "parquet" else f"read_csv('{path}', header = true)"

    def persons(self) -> int:
        schema = f'"{self.registry.schema}".' if self.registry.schema else ""
        return self.con.execute(f"SELECT count(DISTINCT person_id) FROM {schema}person").fetchone()[0]

    def close(self) -> None:
        self.con.close()


class PostgresRunner:
    dialect = "postgres"

    def __init__(self, registry: Registry) -> None:
        import psycopg
        self.registry = registry
        self.bad_rows: list = []        # rows skipped while reading: none, the server typed them
        try:
            self.con = psycopg.connect(registry.location, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise RegistryError(f"cannot connect to {registry.describe()}: {_first_line(exc)}") from None
        # JIT compiling the screening query's long expressions costs more than it saves.
        self.con.execute("SET jit = off")

    def tables(self) -> set[str]:
        schema = self.registry.schema or "public"
        rows = self.con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                                (schema,)).fetchall()
        return {r[0].lower() for r in rows}

    def check(self, tables) -> None:
        present = self.tables()
        check_tables(present, self.registry)
        missing = [t for t in tables if t not in present]
        if missing:
            raise RegistryError(f"{self.registry.describe()} lacks the table(s) {', '.join(missing)} "
                                "that this trial's criteria read")

    def columns_of(self, table: str) -> Optional[set[str]]:
        """The columns of the table ``table:NAME`` would replace (None: there is none)."""
        import psycopg
        try:
            rows = self.con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                                    "AND table_schema = current_schema()", (table,)).fetchall()
        except psycopg.Error as exc:
            raise self._error(exc) from None
        return {r[0] for r in rows} or None

    def _error(self, exc: BaseException) -> RegistryError:
        return RegistryError(f"the query failed on {self.registry.describe()}: {_first_line(exc)}")

    def stage(self, name: str, sql: str, progress: Progress = None) -> None:
        import psycopg
        try:
            self.con.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.con.execute(f'CREATE TEMP TABLE "{name}" AS {sql}')
            self.con.execute(f'ANALYZE "{name}"')
        except psycopg.Error as exc:
            raise self._error(exc) from None
        if progress is not None:
            progress(1.0)

    def stage_by_person(self, name: str, sql: str, rows_table: Optional[str], progress: Progress = None) -> None:
        """PostgreSQL's hash joins spill to disk on their own (work_mem): one statement."""
        self.stage(name, sql, progress)

    def write(self, sql: str, output: Output, progress: Progress = None) -> None:
        import psycopg
        try:
            if output.format == "table":
                with self.con.transaction():
                    self.con.execute(f'DROP TABLE IF EXISTS "{output.table}"')
                    self.con.execute(f'CREATE TABLE "{output.table}" AS {sql}')
                return
            total = max(self.persons(), 1)
            if output.format == "csv":
                self._copy(sql, Path(output.target), total, progress)
                return
            with tempfile.TemporaryDirectory() as scratch:
                staged = Path(scratch) / "rows.csv"
                self._copy(sql, staged, total, progress)
                _csv_to_parquet(staged, Path(output.target))
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def _copy(self, sql: str, path: Path, total: int, progress: Progress) -> None:
        lines = 0
        last = time.monotonic()
        with self.con.cursor() as cursor, open(path, "wb") as handle:
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for block in copy:
                    handle.write(block)
                    lines += bytes(block).count(b"\n")
                    if progress is not None and time.monotonic() - last > 0.2:
                        progress(min(lines / total, 1.0))
                        last = time.monotonic()
        if progress is not None:
            progress(1.0)

    def query(self, sql: str, progress: Progress = None) -> list[tuple]:
        import psycopg
        try:
            return self.con.execute(sql).fetchall()
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def count(self, output: Output) -> list[tuple]:
        if output.format == "table":
            return self.query(f'SELECT verdict, count(*) FROM "{output.table}" GROUP BY verdict')
        import duckdb
        reader = "read_parquet" if output.format == "parquet" else "read_csv"
        path = str(Path(output.target).resolve()).replace("'", "''")
        return duckdb.sql(f"SELECT verdict, count(*) FROM {reader}('{path}') GROUP BY verdict").fetchall()

    def persons(self) -> int:
        schema = f'"{self.registry.schema}".' if self.registry.schema else ""
        return self.query(f"SELECT count(DISTINCT person_id) FROM {schema}person")[0][0]

    def close(self) -> None:
        self.con.close()


def _csv_to_parquet(source: Path, target: Path) -> None:
    import duckdb
    src = str(source).replace("'", "''")
    dst = str(target.resolve()).replace("'", "''")
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{src}', header = true, all_varchar = false)) "
               f"TO '{dst}' (FORMAT parquet, COMPRESSION zstd)")


def runner(registry: Registry, writable: bool = False, **options):
    if registry.kind == "postgres":
        return PostgresRunner(registry)
    return DuckDBRunner(registry, writable=writable, **options)
