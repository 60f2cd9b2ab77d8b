"""Lab tables -> Patients: long CSV/Parquet, wide CSV, and a demographics table.

* **long**: one result a row, ``patient_id, test, value, unit, date, low, high``
  (``low``/``high``: the lab's reference range; column names configurable);
* **wide**: one row per patient and date, one column per test, with units in a
  second row (its ``patient_id`` cell empty or "unit") or in a mapping file;
* **demographics**: ``patient_id, sex, birth_date, age, weight_kg, height_cm``.

A table's kind is told from its header. Tables are joined on the patient id, so a
demographics table and lab tables given together make one profile per patient.
Every record (a long row, a wide cell, a demographics row) is counted as used or
skipped with its reason; a patient whose every lab record is skipped is kept, with no
labs, and named in the report. A value like "< 0.1" is a censored result.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat
from operator import attrgetter, is_, itemgetter
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..analytes import Analyte, catalogue
from ..documents import read_document
from ..errors import InputError
from ..patients import Patient, lab_fields
from .dates import iso_date
from .profile import ProfileBuilder, paused_gc
from .report import CodeSeen, LoadReport

LONG = ("patient_id", "test", "value", "unit", "date", "low", "high")
DEMOGRAPHICS = ("sex", "birth_date", "age", "weight_kg", "height_cm")
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet")
_NUMBER = re.compile(r"^(<=|>=|<|>|≤|≥)?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$")
_SIGN = {"≤": "<=", "≥": ">="}
_SEX = {"f": "female", "female": "female", "w": "female", "woman": "female", "m": "male",
        "male": "male", "man": "male", "o": "other", "other": "other", "u": "unknown",
        "unknown": "unknown", "": "unknown"}
_UNIT_ROW = ("", "unit", "units")


@dataclass
class TableOptions:
    """``columns`` renames: our name -> the table's column (e.g. {"test": "LabName"});
    ``mapping`` a wide table's columns -> {test, unit, low, high} (a dict or a YAML file)."""

    columns: dict[str, str] = field(default_factory=dict)
    mapping: Union[None, str, Path, dict] = None


def read_tables(paths: Union[str, Path, Iterable[Union[str, Path]]],
                options: Optional[TableOptions] = None,
                report: Optional[LoadReport] = None) -> Iterator[Patient]:
    """Every table read and joined on patient id; one Patient per id seen."""
    report = report if report is not None else LoadReport()
    options = options or TableOptions()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    builders: dict[str, ProfileBuilder] = {}
    with paused_gc():
        for path in map(Path, paths):
            with _opened(path) as (header, rows):
                _Table(path, header, options, builders, report).read(rows)
        patients = [b.build(report, origin=patient_id) for patient_id, b in builders.items()]
    yield from patients


def load_tables(paths, options: Optional[TableOptions] = None,
                report: Optional[LoadReport] = None) -> tuple[list[Patient], LoadReport]:
    report = report if report is not None else LoadReport()
    return list(read_tables(paths, options, report)), report


# ------------------------------------------------------------------ reading
@contextmanager
def _opened(path: Path):
    """(header, rows) of a CSV/TSV (strings) or Parquet file (typed values). The rows
    come from C iterators: a Python generator in between cost a frame switch a row."""
    if path.suffix.lower() == ".parquet":
        with _parquet(path) as table:
            yield table
        return
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read table: {exc}", str(path)) from None
    with handle:
        reader = csv.reader(handle, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            header = next(reader, None)
            if not header:
                raise InputError("the table is empty (no header row)", str(path))
            yield [h.strip() for h in header], reader
        except csv.Error as exc:
            raise InputError(f"cannot read table: {exc}", str(path), str(reader.line_num)) from None
        except UnicodeDecodeError as exc:    # raised as a block is decoded, ahead of the row
            after = f" (after line {reader.line_num})" if reader.line_num else ""
            raise InputError(f"cannot read table: {exc}{after}", str(path)) from None


@contextmanager
def _parquet(path: Path):
    """Parquet through DuckDB (one thread), fetched in chunks."""
    try:
        import duckdb
    except ImportError:
        raise InputError("reading Parquet needs the duckdb package", str(path)) from None
    con = duckdb.connect(config={"threads": 1})
    try:
        cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        chunks = iter(lambda: cursor.fetchmany(65536), [])
        yield [d[0] for d in cursor.description], chain.from_iterable(chunks)
    except duckdb.Error as exc:
        raise InputError(f"cannot read Parquet: {exc}", str(path)) from None
    finally:
        con.close()


class _Table:
    """One table: its kind, its columns, and a method per kind to read its rows."""

    def __init__(self, path: Path, header: list[str], options: TableOptions,
                 builders: dict[str, ProfileBuilder], report: LoadReport) -> None:
        self.path, self.name = path, path.name
        self.builders = builders
        self.report = report
        self.cat = catalogue()
        self.mapping = _mapping(options.mapping, path)
        names = {**{k: k for k in (*LONG, *DEMOGRAPHICS)}, **options.columns}
        if self.mapping.get("patient_id"):
            names["patient_id"] = self.mapping["patient_id"]
        if self.mapping.get("date"):
            names["date"] = self.mapping["date"]
        index = {h.lower(): i for i, h in enumerate(header)}
        self.col = {ours: index[theirs.lower()] for ours, theirs in names.items() if theirs.lower() in index}
        if "patient_id" not in self.col:
            raise InputError(f"no '{names['patient_id']}' column (the patient id); columns are: "
                             f"{', '.join(header)}", str(path))
        self.header = header
        self.kind = self._kind()
        # Text cells repeat down a column: each distinct test name, date and reference
        # range is read once per table.
        self._tests: dict[str, tuple[Optional[Analyte], CodeSeen]] = {}
        self._days: dict[str, dt.date] = {}
        self._ranges: dict[tuple, tuple[Optional[float], Optional[float]]] = {}
        # (test, unit, date, low, high cells, bound types) -> what _long adds for them
        # (_cleanly_read); the bound types are in the key as 1 == 1.0 == True.
        self._clean: dict[tuple, tuple] = {}

    def _kind(self) -> str:
        if "test" in self.col and "value" in self.col:
            return "long"
        ours = {i for key, i in self.col.items() if key in ("patient_id", *DEMOGRAPHICS)}
        if len(ours) > 1 and len(ours) == len(self.header):
            return "demographics"
        return "wide"

    def read(self, rows: Iterator) -> None:
        if self.kind == "long":
            self._long(rows)
        elif self.kind == "demographics":
            self._demographics(rows)
        else:
            self._wide(rows)

    def builder(self, patient_id) -> ProfileBuilder:
        found = self.builders.get(patient_id) if type(patient_id) is str else None
        if found is not None:       # an id as written, already clean
            return found
        key = str(patient_id).strip()
        found = self.builders.get(key)
        if found is None:
            found = self.builders[key] = ProfileBuilder(id=key, validate=False)
        return found

    def test(self, name: str) -> tuple[Optional[Analyte], CodeSeen]:
        """The analyte a test name means (None: not in the catalogue) and its counts."""
        known = self._tests.get(name)
        if known is None:
            analyte = self.cat.lookup(name) if name else None
            seen = self.report.code(name or "(no test name)", "", analyte.id if analyte else None)
            known = self._tests[name] = (analyte, seen)
        return known

    # ------------------------------------------------------------- long
    def _long(self, rows: Iterator) -> None:
        """A chunk of rows that are all plain (``_plain_chunk``) is added a column at a
        time; any other chunk a row at a time (``_rows``). Rows added without a check of
        their own are counted per kind at the end."""
        used: Counter = Counter()       # (test, unit) -> rows added without _result
        whole = _whole_rows(self.col)
        fields = _long_fields(self.col)
        lineno = 2
        for chunk in _chunks(rows):
            if whole is None or not self._plain_chunk(chunk, whole, used):
                self._rows(chunk, lineno, fields, used)
            lineno += len(chunk)
        for (name, unit), count in used.items():
            seen = self.test(name)[1]
            seen.count += count
            seen.used += count
            seen.units[unit or "(none)"] += count
            self.report.use("lab row", count)

    def _plain_chunk(self, chunk: list, whole: tuple, used: Counter) -> bool:
        """Adds a chunk whose rows are all whole, with a patient id as text, a plain number
        and cells read cleanly before (``_clean``), a column at a time: no Python call per
        row. False, having added nothing, for any other chunk."""
        cells, width = whole
        if min(map(len, chunk)) < width:
            return False
        ids, tests, values, units, dates, lows, highs = zip(*map(cells, chunk))
        if "" in ids or set(map(type, ids)) != {str}:
            return False
        numbers = _plain_numbers(values)
        if numbers is None:
            return False
        known = self._known(list(zip(tests, units, dates, lows, highs, map(type, lows), map(type, highs))))
        if () in known:
            return False
        fixed = list(map(itemgetter(5), known))     # (test, unit, date, reference_range) each
        labs = map(dict, map(zip, repeat(_LAB_FIELDS), zip(
            map(itemgetter(0), fixed), numbers, map(itemgetter(1), fixed), map(itemgetter(2), fixed),
            repeat(None), map(itemgetter(3), fixed), repeat("final"))))
        deque(map(list.append, map(attrgetter("labs"), self._builders_of(ids)), labs), 0)
        used.update(zip(map(itemgetter(0), known), map(itemgetter(1), known)))
        return True

    def _known(self, keys: list[tuple]) -> list[tuple]:
        """What ``_clean`` holds for each key, read (in row order) where it holds nothing yet."""
        clean = self._clean
        known = list(map(clean.get, keys))
        if None in known:
            for key in _first_of_each(compress(keys, map(is_, known, repeat(None)))):
                clean[key] = self._cleanly_read(*key[:5])
            known = list(map(clean.get, keys))
        return known

    def _builders_of(self, ids: tuple[str, ...]) -> list[ProfileBuilder]:
        """Each row's builder; new patients made in row order, as row-by-row reading makes them."""
        # all() rather than "None in": "in" compares each builder with None through the
        # dataclass's Python __eq__, a call per row; a builder is always true.
        builders = list(map(self.builders.get, ids))
        if not all(builders):
            for patient_id in _first_of_each(compress(ids, map(is_, builders, repeat(None)))):
                self.builder(patient_id)
            builders = list(map(self.builders.get, ids))
            if not all(builders):       # ids not as kept (spaces round them)
                builders = list(map(self.builder, ids))
        return builders

    def _rows(self, rows: list, first_line: int, fields, used: Counter) -> None:
        """Rows whose test, unit, date and range were read before without a skip or a note
        are added here; any other row goes through ``_result``, which checks and counts it
        cell by cell."""
        clean = self._clean
        for lineno, row in enumerate(rows, first_line):
            patient_id, test, value, unit, date, low, high = fields(row)
            if patient_id not in (None, ""):
                key = (test, unit, date, low, high, type(low), type(high))
                known = clean.get(key)
                if known is None:
                    known = clean[key] = self._cleanly_read(test, unit, date, low, high)
            else:
                known = ()
            if known:
                try:
                    number, comparator = _value(value)
                except _Skip:
                    pass
                else:
                    name, unit, day, lo, hi, _ = known
                    builder = self.builders.get(patient_id) if type(patient_id) is str else None
                    if builder is None:
                        builder = self.builder(patient_id)
                    builder.add_lab(name, number, unit, day, comparator, lo, hi)
                    used[name, unit] += 1
                    continue
            where = f"{self.name}:{lineno}"
            if patient_id in (None, ""):
                self.report.skip("lab row", "no patient id", where)
            else:
                self._result(patient_id, str(test or "").strip(), value, unit, date, low, high, where, "lab row")

    def _cleanly_read(self, test, unit, date, low, high):
        """(test, unit, date, low, high) as ``_result`` reads these cells when they
        raise no skip and make no note, and the (test, unit, date, reference_range) of
        the LabResult fields that ``add_lab`` makes of them; () otherwise, and for a bound
        0.0, which as a key is equal to -0.0."""
        name = str(test or "").strip()
        analyte = self.test(name)[0]
        unit = str(unit).strip() if unit not in (None, "") else None
        if analyte is None or (unit is None and not analyte.unit_optional) or _zero_float(low) or _zero_float(high):
            return ()
        try:
            day = self._date(date)
        except _Skip:
            return ()
        bounds = self._range_quietly(low, high)
        if bounds is None:
            return ()
        unit = unit or (analyte.unit if analyte.is_score else None)
        fields = lab_fields(name, 0.0, unit, day, None, *bounds)    # any value: only the others are kept
        return name, unit, day, *bounds, itemgetter("test", "unit", "date", "reference_range")(fields)

    def _result(self, patient_id, test: str, value, unit, date, low, high, where: str, kind: str) -> None:
        analyte, seen = self.test(test)
        seen.count += 1
        try:
            if analyte is None:
                raise _Skip("test not in the analyte catalogue" if test else "no test name")
            number, comparator = _value(value)
            unit = str(unit).strip() if unit not in (None, "") else None
            if unit is None and not analyte.unit_optional:
                raise _Skip("no unit")
            unit = unit or (analyte.unit if analyte.is_score else None)
            day = date if type(date) is dt.date else self._days.get(date) if type(date) is str else None
            if day is None:
                day = self._date(date)
            lo, hi = self._range(low, high)
        except _Skip as skip:
            seen.skipped[str(skip)] += 1
            self.report.skip(kind, str(skip), where)
            # The patient is kept (records in = records out), and said to have no usable lab
            # when none of theirs is used.
            self.builder(patient_id).skip_lab(str(skip))
            return
        seen.used += 1
        seen.units[unit or "(none)"] += 1
        self.builder(patient_id).add_lab(test, number, unit, day, comparator, lo, hi, "final", where)
        self.report.use(kind)

    def _date(self, cell) -> Optional[dt.date]:
        day = _day(cell)
        if day is not None and type(cell) is str:
            self._days[cell] = day
        return day

    def _range_quietly(self, low, high) -> Optional[tuple[Optional[float], Optional[float]]]:
        """The bounds, or None when reading them would make a note."""
        quiet = LoadReport()
        bounds = _bound(low, quiet), _bound(high, quiet)
        return None if quiet.notes else bounds

    def _range(self, low, high) -> tuple[Optional[float], Optional[float]]:
        """The reference range's bounds. A pair of text cells is read once per table;
        a pair that makes a note (not plain numbers) is read, and noted, every time."""
        remember = _text_or_blank(low) and _text_or_blank(high)
        if remember and (low, high) in self._ranges:
            return self._ranges[(low, high)]
        noted = self.report.notes.total()
        bounds = _bound(low, self.report), _bound(high, self.report)
        if remember and self.report.notes.total() == noted:
            self._ranges[(low, high)] = bounds
        return bounds

    # ------------------------------------------------------------- wide
    def _wide(self, rows: Iterator) -> None:
        fixed = {self.col["patient_id"], self.col.get("date")}
        columns = [(i, h) for i, h in enumerate(self.header) if i not in fixed]
        mapped = self.mapping.get("columns", {})
        units: dict[int, Optional[str]] = {i: (mapped.get(h) or {}).get("unit") for i, h in columns}
        id_col, date_col = self.col["patient_id"], self.col.get("date")
        first = True
        for lineno, row in enumerate(rows, 2):
            if first and str(row[id_col] or "").strip().lower() in _UNIT_ROW:
                units.update({i: (str(row[i]).strip() or None) if i < len(row) and row[i] is not None
                              else None for i, h in columns if not (mapped.get(h) or {}).get("unit")})
                first = False
                continue
            first = False
            patient_id = row[id_col] if id_col < len(row) else None
            date = row[date_col] if date_col is not None and date_col < len(row) else None
            for i, column in columns:
                cell = row[i] if i < len(row) else None
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    continue
                where = f"{self.name}:{lineno}:{column}"
                if patient_id in (None, ""):
                    self.report.skip("lab cell", "no patient id", where)
                    continue
                spec = mapped.get(column) or {}
                self._result(patient_id, str(spec.get("test") or column), cell, units.get(i), date,
                             spec.get("low"), spec.get("high"), where, "lab cell")

    # ----------------------------------------------------- demographics
    def _demographics(self, rows: Iterator) -> None:
        get = _getter(self.col)
        for lineno, row in enumerate(rows, 2):
            where = f"{self.name}:{lineno}"
            patient_id = get(row, "patient_id")
            if patient_id in (None, ""):
                self.report.skip("demographics row", "no patient id", where)
                continue
            b = self.builder(patient_id)
            sex = get(row, "sex")
            if sex is not None:
                b.sex = _SEX.get(str(sex).strip().lower(), "unknown")
                if str(sex).strip().lower() not in _SEX:
                    self.report.note(f"sex '{sex}' not recognised: recorded as unknown")
            b.birth_date = _note(lambda: _day(get(row, "birth_date")), self.report, "birth_date") or b.birth_date
            age = _note(lambda: _value(get(row, "age"), True)[0], self.report, "age")
            if age is not None and not 0 <= age <= 130:
                self.report.note("demographics age: not a number of years from 0 to 130: not used")
            elif age is not None:
                b.age = age
            for name in ("weight_kg", "height_cm"):
                number = _note(lambda: _value(get(row, name), True)[0], self.report, name)
                if number is not None and number > 0:
                    setattr(b, name, number)
            self.report.use("demographics row")


class _Skip(Exception):
    pass


def _getter(col: dict[str, int]):
    def get(row, name: str):
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else None
    return get


# The LabResult fields in the order of the model, as lab_fields gives them.
_LAB_FIELDS = ("test", "value", "unit", "date", "comparator", "reference_range", "status")
_CHUNK = 2048


def _chunks(rows: Iterator) -> Iterator[list]:
    """The rows a list at a time. The rows read before a read error are given before the
    error is raised, so they are counted as they are when read one at a time."""
    while True:
        chunk: list = []
        try:
            chunk.extend(islice(rows, _CHUNK))      # extend keeps what it read before an error
        except Exception:
            if chunk:
                yield chunk
            raise
        if not chunk:
            return
        yield chunk


def _first_of_each(items: Iterable) -> list:
    """The distinct items in the order they first come."""
    return list(dict.fromkeys(items))


def _plain_numbers(values: tuple) -> Optional[list]:
    """The numbers ``_value`` reads from a column of value cells when none has a
    comparator and none is skipped; None otherwise (then ``_value`` reads each cell).
    Text: whatever float() reads to a finite number without a "_" is what ``_value``
    reads. A non-finite number anywhere makes the sum non-finite."""
    types = set(map(type, values))
    if types == {str}:
        if "_" in "".join(values):
            return None
        try:
            numbers = list(map(float, values))
        except ValueError:
            return None
    elif types <= {float, int}:     # typed (Parquet) cells, taken as they are
        numbers = list(values)
    else:
        return None
    try:
        finite = math.isfinite(sum(numbers))
    except OverflowError:           # an int too large for a float
        return None
    return numbers if finite else None


def _whole_rows(col: dict[str, int]) -> Optional[tuple]:
    """(row -> its LONG cells, the row length that holds them all) for a table with every
    LONG column; None for a table without."""
    if any(name not in col for name in LONG):
        return None
    return itemgetter(*(col[name] for name in LONG)), max(col[name] for name in LONG) + 1


def _long_fields(col: dict[str, int]):
    """row -> its (patient_id, test, value, unit, date, low, high) cells; None for a
    column the table lacks or a cell a short row lacks. One C call a row when the
    table has every column and the row is whole."""
    get = _getter(col)

    def padded(row):
        return tuple(get(row, name) for name in LONG)
    if any(name not in col for name in LONG):
        return padded
    whole = itemgetter(*(col[name] for name in LONG))
    width = max(col[name] for name in LONG) + 1

    def fields(row):
        return whole(row) if len(row) >= width else padded(row)
    return fields


def _zero_float(cell) -> bool:
    return type(cell) is float and cell == 0


def _text_or_blank(cell) -> bool:
    # Only these are remembered: 1, 1.0 and True are equal as dict keys, but not as cells.
    return cell is None or type(cell) is str


def _value(cell, optional: bool = False) -> tuple[Optional[float], Optional[str]]:
    """A cell -> (number, comparator): 150, '150', '< 0.1', '≥5'."""
    if type(cell) is float or type(cell) is int:       # a typed (Parquet) cell
        if not math.isfinite(cell):
            raise _Skip("value is not a number")
        return cell, None
    if type(cell) is str:
        text = cell.strip()
        if text[:1].isdigit() or text[:1] in ("-", "+", "."):
            try:
                number = float(text)            # the common case, at C speed
            except ValueError:
                raise _Skip("value is not a number") from None
            if "_" in text or not math.isfinite(number):
                raise _Skip("value is not a number")
            return number, None
        cell = text
    if cell is None or cell == "":
        if optional:
            return None, None
        raise _Skip("no value")
    if isinstance(cell, bool):
        raise _Skip(f"value {cell!r} is not a number")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise _Skip("value is not a number")
        return cell, None
    match = _NUMBER.match(str(cell).strip())
    if not match:
        raise _Skip("value is not a number")
    sign = match.group(1)
    return float(match.group(2)), _SIGN.get(sign, sign) if sign else None


def _day(cell) -> Optional[dt.date]:
    if cell is None or isinstance(cell, dt.datetime):
        return cell.date() if cell is not None else None
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    day = iso_date(text, "T ")
    if day is None:
        raise _Skip("date is not YYYY-MM-DD")
    return day


def _bound(cell, report: LoadReport) -> Optional[float]:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    try:
        number, comparator = _value(cell)
    except _Skip:
        number, comparator = None, "bad"
    if comparator:
        report.note("reference range bound is not a plain number: range not used")
        return None
    return number


def _note(read, report: LoadReport, name: str):
    try:
        return read()
    except _Skip as skip:
        report.note(f"demographics {name}: {skip}: not used")
        return None


def _mapping(spec, table: Path) -> dict:
    """A wide table's column mapping: {"patient_id"?, "date"?, "columns": {col: {test, unit}}}."""
    if spec is None:
        return {}
    data = spec if isinstance(spec, dict) else read_document(Path(spec))
    if not isinstance(data, dict):
        raise InputError("a column mapping must be a mapping", str(spec))
    columns = data.get("columns", {k: v for k, v in data.items() if k not in ("patient_id", "date")})
    for column, entry in columns.items():
        if isinstance(entry, str):
            columns[column] = {"test": entry}
        elif not isinstance(entry, dict) or not set(entry) <= {"test", "unit", "low", "high"}:
            raise InputError(f"column '{column}': expected {{test, unit, low, high}}", str(spec))
    return {**{k: data[k] for k in ("patient_id", "date") if k in data}, "columns": columns}


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


__all__ = ["TableOptions", "is_table", "load_tables", "read_tables"]
