"""What real registries hold: CSV exports, bad rows, NULL and duplicated person ids.

A registry exported to CSV screens as the database it came from; a bad CSV row is
skipped, counted and reported (never its value on stderr) while the rest is screened;
person rows without an id or duplicated, and rows of persons the registry does not hold,
are counted in the data-quality report that `elig batch` and `elig funnel` print and
write beside their output. Persons in = rows out throughout.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import uuid
from datetime import date

import duckdb
import pytest

from engine import load_trial
from engine.cli import main
from engine.sql.batch import run_batch
from engine.sql.loader import load_patients
from engine.sql.registry import copy_to_postgres, parse
from engine.sql.schema import TABLES
from engine.sql.synthetic import generate

from .conftest import ROOT, case_ids, table
from .sql_support import required_postgres_url

TRIAL = str(ROOT / "rules" / "NCT00699491.yaml")
AS_OF = "2026-11-01"
PATIENTS = 2_000
BAD_ROWS = table("registry_rows.yaml")


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("quality") / "registry.duckdb")
    generate(path, PATIENTS, seed=3, as_of=date(2026, 11, 1))
    return path


@pytest.fixture(scope="module")
def exported(registry, tmp_path_factory):
    """The registry as CSV files, as DuckDB exports them (COPY ... (HEADER))."""
    folder = tmp_path_factory.mktemp("csv") / "omop"
    folder.mkdir()
    con = duckdb.connect(registry, read_only=True)
    for name in TABLES:
        con.execute(f"COPY {name} TO '{folder / f'{name}.csv'}' (HEADER)")
    con.close()
    return folder


@pytest.fixture(scope="module")
def expected(registry, tmp_path_factory):
    """The rows `elig batch` writes for the DuckDB registry itself."""
    out = tmp_path_factory.mktemp("expected") / "out.parquet"
    assert main(["batch", TRIAL, "--registry", registry, "--out", str(out), "--as-of", AS_OF]) == 0
    return _rows(out)


def _rows(path) -> dict[int, tuple]:
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY person_id").fetchall()
    return {row[0]: row for row in rows}


def _copy(registry: str, path) -> str:
    duckdb.sql(f"ATTACH '{registry}' AS src (READ_ONLY); ATTACH '{path}' AS dst; COPY FROM DATABASE src TO dst")
    duckdb.sql("DETACH src; DETACH dst")
    return str(path)


def test_a_csv_export_of_the_registry_screens_as_the_database_does(exported, expected, tmp_path, capsys):
    """All-empty columns (e.g. measurement_datetime) are read with their OMOP type, not
    sniffed as text: no COALESCE type error, the same rows as the database."""
    out = tmp_path / "out.parquet"
    assert main(["batch", TRIAL, "--registry", str(exported), "--out", str(out), "--as-of", AS_OF]) == 0
    assert _rows(out) == expected
    err = capsys.readouterr().err
    assert f"{exported / 'person.csv'}: {PATIENTS:,} rows read, {PATIENTS:,} kept" in err
    assert f"persons in {PATIENTS:,} = rows out {PATIENTS:,} (NCT00699491)" in err


def _write_bad_row(path, case: dict) -> tuple[str, str]:
    """Write ``case`` into line ``case['line']`` of a CSV file; (the bad cell, the line)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[case["line"] - 1]]))
    if "extra" in case:
        cells.append(case["extra"])
    else:
        cells[header.index(case["column"])] = case["value"]
    written = io.StringIO()
    csv.writer(written, lineterminator="\n").writerow(cells)
    lines[case["line"] - 1] = written.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    return case.get("value", case.get("extra")), written.getvalue().rstrip("\n")


@pytest.mark.parametrize("case", BAD_ROWS, ids=case_ids(BAD_ROWS))
def test_a_bad_csv_row_is_skipped_and_reported_and_the_rest_screened(exported, expected, tmp_path, capsys, case):
    folder = tmp_path / "omop"
    shutil.copytree(exported, folder)
    source = folder / f"{case['table']}.csv"
    rows_in_file = len(source.read_text(encoding="utf-8").splitlines()) - 1
    cell, line = _write_bad_row(source, case)
    out = tmp_path / "out.parquet"
    assert main(["batch", TRIAL, "--registry", str(folder), "--out", str(out), "--as-of", AS_OF, "--json"]) == 0
    captured = capsys.readouterr()
    column = case.get("column_reported", case.get("column"))
    assert f"{source} line {case['line']}, column {column}: expected {case['expected']}; row skipped" in captured.err
    assert "SECRET" not in captured.err + captured.out  # the value is patient data

    report = json.loads((tmp_path / "out.quality.json").read_text(encoding="utf-8"))
    value = cell if case["value_reported"] == "cell" else line
    assert report["bad_rows"] == [{"file": str(source), "line": case["line"], "column": column,
                                   "expected": case["expected"], "value": value}]
    counts = {t["table"]: t for t in report["tables"]}[case["table"]]
    assert counts["rows_read"] == rows_in_file
    assert counts["rows_skipped"]["unreadable CSV rows"] == 1 and counts["rows_kept"] == rows_in_file - 1

    # The rest is screened: only the bad row's patient may differ from the database's answers.
    got = _rows(out)
    [summary] = json.loads(captured.out)
    assert summary["patients_in"] == summary["rows_out"] == len(got) == report["persons"]
    differing = {pid for pid in expected.keys() | got.keys() if expected.get(pid) != got.get(pid)}
    assert len(differing) <= 1
    if case["table"] == "person":
        assert len(got) == PATIENTS - 1 and differing == set(expected) - set(got)


@pytest.fixture(scope="module")
def troubled(registry, tmp_path_factory):
    """The registry with what real ones hold: a person row without person_id, a duplicated
    person row (identical), a duplicated person with two birth years, measurements of a
    person_id the person table lacks and without one."""
    path = _copy(registry, tmp_path_factory.mktemp("troubled") / "registry.duckdb")
    con = duckdb.connect(path)
    con.execute("INSERT INTO person SELECT * REPLACE (NULL AS person_id) FROM person WHERE person_id = 1")
    con.execute("INSERT INTO person SELECT * FROM person WHERE person_id = 2")
    con.execute("INSERT INTO person SELECT * REPLACE (year_of_birth - 30 AS year_of_birth) FROM person "
                "WHERE person_id = 3")
    con.execute("INSERT INTO measurement SELECT * REPLACE (measurement_id + 10000000 AS measurement_id, "
                "987654 AS person_id) FROM measurement WHERE person_id = 5")
    con.execute("INSERT INTO measurement SELECT * REPLACE (measurement_id + 20000000 AS measurement_id, "
                "NULL AS person_id) FROM measurement WHERE person_id = 6")
    orphans, no_id = (con.execute(f"SELECT count(*) FROM measurement WHERE person_id = {p}").fetchall()[0][0]
                      for p in (5, 6))
    con.close()
    return path, orphans, no_id


def _check_troubled_report(report: dict, orphans: int, no_id: int) -> None:
    counts = {t["table"]: t for t in report["tables"]}
    assert counts["person"]["rows_read"] == PATIENTS + 3 and counts["person"]["rows_kept"] == PATIENTS
    assert counts["person"]["rows_skipped"] == {"without person_id": 1,
                                                "duplicate person_id, merged into one patient": 2}
    assert counts["measurement"]["rows_skipped"] == {"without person_id": no_id, "person_id not in person": orphans}
    assert report["persons"] == PATIENTS


def test_registry_problems_are_counted_and_every_person_screened_once(troubled, expected, tmp_path, capsys):
    path, orphans, no_id = troubled
    out = tmp_path / "out.parquet"
    assert main(["batch", TRIAL, "--registry", path, "--out", str(out), "--as-of", AS_OF]) == 0
    err = capsys.readouterr().err
    assert "person: 2,003 rows read, 2,000 kept; skipped: 1 without person_id, 2 duplicate person_id, " \
           "merged into one patient" in err
    assert f"persons in {PATIENTS:,} = rows out {PATIENTS:,} (NCT00699491)" in err
    report = json.loads((tmp_path / "out.quality.json").read_text(encoding="utf-8"))
    _check_troubled_report(report, orphans, no_id)
    assert report["outputs"] == [{"trial": "NCT00699491", "output": str(out), "rows_out": PATIENTS}]

    got = _rows(out)
    assert sorted(got) == list(range(1, PATIENTS + 1))          # no NULL person, none twice
    assert got[2] == expected[2]                                  # identical rows: the same patient
    age = duckdb.sql(f"SELECT age, age_reason FROM read_parquet('{out}') WHERE person_id = 3").fetchall()
    assert age == [("unknown", "age:missing")]                    # two birth years: age unknown

    # The OMOP -> Patient loader (the Python side of agreement) reads the same patients.
    patients = load_patients(duckdb.connect(path, read_only=True))
    assert [p.id for p in patients] == [str(i) for i in range(1, PATIENTS + 1)]
    assert patients[2].birth_date is None and patients[1].birth_date is not None


def test_funnel_prints_and_writes_the_data_quality_report(troubled, tmp_path, capsys):
    path, orphans, no_id = troubled
    html = tmp_path / "funnel.html"
    assert main(["funnel", TRIAL, "--registry", path, "--as-of", AS_OF, "--html", str(html), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["funnel"]["patients"] == PATIENTS
    assert "person: 2,003 rows read, 2,000 kept" in captured.err
    _check_troubled_report(json.loads((tmp_path / "funnel.quality.json").read_text(encoding="utf-8")), orphans, no_id)
    assert main(["funnel", TRIAL, "--registry", path, "--as-of", AS_OF, "--html", str(html)]) == 1
    assert f"{html} exists; --overwrite replaces it" in capsys.readouterr().err


def test_funnel_lists_bad_rows_only_in_a_report_file(exported, tmp_path, capsys):
    folder = tmp_path / "omop"
    shutil.copytree(exported, folder)
    _write_bad_row(folder / "measurement.csv", BAD_ROWS[0])
    assert main(["funnel", TRIAL, "--registry", str(folder), "--as-of", AS_OF]) == 0
    err = capsys.readouterr().err
    assert "line 40000, column value_as_number: expected a number; row skipped" in err and "SECRET" not in err
    assert "--report FILE lists the unreadable rows with their values" in err
    report = tmp_path / "quality.json"
    assert main(["funnel", TRIAL, "--registry", str(folder), "--as-of", AS_OF, "--report", str(report)]) == 0
    assert json.loads(report.read_text(encoding="utf-8"))["bad_rows"][0]["value"] == "SECRET<7.2"


def test_the_report_never_replaces_a_rules_file(registry, tmp_path, capsys):
    rules = tmp_path / "trial.yaml"
    shutil.copy(TRIAL, rules)
    before = rules.read_bytes()
    assert main(["funnel", str(rules), "--registry", registry, "--as-of", AS_OF, "--report", str(rules),
                 "--overwrite"]) == 1
    assert "this is an input of the run" in capsys.readouterr().err
    assert rules.read_bytes() == before


def test_postgres_counts_registry_problems_and_keeps_its_tables(troubled, tmp_path):
    url = required_postgres_url()
    path, orphans, no_id = troubled
    schema = f"elig_{uuid.uuid4().hex[:8]}"
    copy_to_postgres(path, url, schema)
    import psycopg
    try:
        trial = load_trial(TRIAL)
        run = run_batch([trial], parse(url, schema), str(tmp_path / "pg.parquet"), date(2026, 11, 1),
                        report=tmp_path / "pg.quality.json")
        assert [(r.persons, r.rows) for r in run.results] == [(PATIENTS, PATIENTS)]
        _check_troubled_report(run.quality.as_dict(), orphans, no_id)
        rows = _rows(tmp_path / "pg.parquet")
        assert sorted(rows) == list(range(1, PATIENTS + 1))
        from engine.errors import EngineError
        with pytest.raises(EngineError, match="the registry's OMOP table person"):
            run_batch([trial], parse(url, schema), "table:person", date(2026, 11, 1))
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'SET search_path TO "{schema}"')
            con.execute("CREATE TABLE notes (person_id bigint, note text)")
        with pytest.raises(EngineError, match="is not a screening output"):
            run_batch([trial], parse(f"{url}?options=-csearch_path%3D{schema}", schema), "table:notes",
                      date(2026, 11, 1), overwrite=True)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
