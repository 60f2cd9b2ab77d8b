"""The data-quality report of a registry run: rows read per table, rows skipped and why,
persons in = rows out.

Reasons a row is skipped: a CSV row that cannot be read with the OMOP column types (a
``value_as_number`` that is no number, a row with an extra column ...); a row without a
``person_id``; a row of a person the ``person`` table does not hold; a second ``person``
row of one ``person_id`` (merged into one patient: staging.Staging.persons). Records in =
records out: per table, rows read = rows kept + rows skipped.

The bad CSV rows are listed with file, line, column, what was expected and the value.
The value is patient data: it goes only into the report file written beside the output
(``write``), never into ``lines`` (stderr) nor logs.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .schema import TABLES, quoted_table

UNREADABLE = "unreadable CSV rows"
NO_PERSON_ID = "without person_id"
UNKNOWN_PERSON = "person_id not in person"
DUPLICATE_PERSON = "duplicate person_id, merged into one patient"
SHOWN_BAD_ROWS = 10          # on stderr; the report file lists them all

# DuckDB's CSV reject kinds -> what the row should have had.
_EXPECTED = {"TOO MANY COLUMNS": "{width} columns, as in the header", "MISSING COLUMNS": "{width} columns, "
             "as in the header", "UNQUOTED VALUE": "a value quoted as the rest of the file",
             "INVALID ENCODING": "UTF-8 text", "INVALID UNICODE": "UTF-8 text",
             "LINE SIZE OVER MAXIMUM": "a shorter line (DuckDB's max_line_size)"}
_TYPES = {"BIGINT": "an integer", "INT": "an integer", "DOUBLE": "a number", "DATE": "a date (YYYY-MM-DD)",
          "TIMESTAMP": "a date and time (YYYY-MM-DD hh:mm:ss)", "VARCHAR": "text"}


@dataclass(frozen=True)
class BadRow:
    """One CSV row skipped; ``value`` is patient data (report file only)."""

    file: str
    line: int
    column: str                  # its name, else its number (a column beyond the header's)
    expected: str
    value: str

    def describe(self) -> str:
        """The stderr line: where and what was expected, never the value."""
        return f"{self.file} line {self.line}, column {self.column}: expected {self.expected}; row skipped"


def bad_row(file: str, delimiter: str, types: dict[str, str], width: int, line: int, column_idx: Optional[int],
            column_name: Optional[str], error_type: str, csv_line: str) -> BadRow:
    """A row of DuckDB's rejects table as a BadRow: for a value that is not of its column's
    type, that cell (read from the rejected line with the csv module), else the whole line."""
    if error_type == "CAST" and column_name is not None:
        cells = next(csv.reader([csv_line], delimiter=delimiter), [])
        value = cells[column_idx - 1] if column_idx and column_idx <= len(cells) else csv_line
        return BadRow(file, line, column_name, _TYPES.get(types.get(column_name, ""), "a value of its OMOP type"),
                      value)
    expected = _EXPECTED.get(error_type, "a row DuckDB's CSV reader can read").format(width=width)
    return BadRow(file, line, column_name or str(column_idx), expected, csv_line)


@dataclass
class TableCount:
    table: str
    source: str                  # the file of a folder registry, else the table's name
    read: int = 0
    skipped: Counter = field(default_factory=Counter)

    @property
    def kept(self) -> int:
        return self.read - sum(self.skipped.values())

    def line(self) -> str:
        why = ", ".join(f"{n:,} {reason}" for reason, n in self.skipped.items() if n)
        return f"{self.source}: {self.read:,} rows read, {self.kept:,} kept" + (f"; skipped: {why}" if why else "")

    def as_dict(self) -> dict:
        return {"table": self.table, "source": self.source, "rows_read": self.read, "rows_kept": self.kept,
                "rows_skipped": {reason: n for reason, n in self.skipped.items() if n}}


@dataclass
class Quality:
    registry: str
    tables: list[TableCount]
    bad_rows: list[BadRow]
    outputs: list[tuple[str, str, int]] = field(default_factory=list)   # (trial, output, rows out)

    @property
    def persons(self) -> int:
        """Patients in: the distinct person_id values of the person table."""
        return next(t.kept for t in self.tables if t.table == "person")

    def lines(self, report: Optional[str] = None) -> list[str]:
        """The summary for stderr: counts, and where the bad rows are, never their values."""
        found = [f"data quality of {self.registry}" + (f" (report: {report})" if report else "") + ":"]
        found += [f"  {t.line()}" for t in self.tables]
        found += [f"  {row.describe()}" for row in self.bad_rows[:SHOWN_BAD_ROWS]]
        if len(self.bad_rows) > SHOWN_BAD_ROWS:
            more = len(self.bad_rows) - SHOWN_BAD_ROWS
            found.append(f"  ... and {more:,} more unreadable rows" + (f", listed in {report}" if report else ""))
        if self.bad_rows and not report:
            found.append("  (--report FILE lists the unreadable rows with their values)")
        found += [f"  persons in {self.persons:,} = rows out {rows:,} ({trial})" if rows == self.persons else
                  f"  persons in {self.persons:,} != rows out {rows:,} ({trial})" for trial, _, rows in self.outputs]
        return found

    def as_dict(self) -> dict:
        return {"registry": self.registry, "persons": self.persons,
                "tables": [t.as_dict() for t in self.tables],
                "outputs": [{"trial": trial, "output": output, "rows_out": rows}
                            for trial, output, rows in self.outputs],
                "bad_rows": [row.__dict__ for row in self.bad_rows]}

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def measure(engine, registry) -> Quality:
    """Count, in the registry's database, what each OMOP table present holds and what
    screening cannot use (``engine``: a runner; the CSV rows it skipped while reading the
    registry are ``engine.bad_rows``)."""
    tables = [t for t in TABLES if t in engine.tables()]
    sources, bad_rows, schema = registry.sources(), engine.bad_rows, registry.schema
    person = quoted_table("person", schema, engine.dialect)
    unreadable = Counter(_table_of(file, sources) for file, _ in {(row.file, row.line) for row in bad_rows})
    counts = []
    for table in tables:
        count = TableCount(table, sources.get(table, table))
        count.skipped[UNREADABLE] = unreadable[table]
        if table == "person":
            rows, with_id, distinct = _numbers(engine.query(
                f"SELECT COUNT(*), COUNT(person_id), COUNT(DISTINCT person_id) FROM {person}"))
            count.skipped.update({NO_PERSON_ID: rows - with_id, DUPLICATE_PERSON: with_id - distinct})
        else:
            rows, no_id, unknown = _numbers(engine.query(
                f"SELECT COUNT(*), COUNT(*) - COUNT(t.person_id), SUM(CASE WHEN t.person_id IS NOT NULL AND "
                f"p.person_id IS NULL THEN 1 ELSE 0 END) FROM {quoted_table(table, schema, engine.dialect)} AS t "
                f"LEFT JOIN (SELECT DISTINCT person_id FROM {person}) AS p ON p.person_id = t.person_id"))
            count.skipped.update({NO_PERSON_ID: no_id, UNKNOWN_PERSON: unknown})
        count.read = rows + unreadable[table]
        counts.append(count)
    return Quality(registry.describe(), counts, bad_rows)


def _numbers(rows: list[tuple]) -> list[int]:
    """One row of counts as ints (a SUM over no rows is NULL; PostgreSQL's is a Decimal)."""
    return [int(v or 0) for v in rows[0]]


def _table_of(file: str, sources: dict[str, str]) -> Optional[str]:
    return next((table for table, source in sources.items() if source == file), None)
