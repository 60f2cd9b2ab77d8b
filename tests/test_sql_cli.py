"""`elig batch` and `elig funnel` on a generated registry: outputs, summaries, errors."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from engine.cli import main
from engine.sql.schema import TABLES
from engine.sql.synthetic import generate

from .conftest import ROOT

RULES = str(ROOT / "rules")
TRIAL = str(ROOT / "rules" / "NCT00699491.yaml")


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cli") / "registry.duckdb")
    generate(path, 2_000, seed=3, as_of=date(2026, 11, 1))
    return path


def test_batch_writes_one_row_per_patient_per_trial(registry, tmp_path, capsys):
    out = tmp_path / "results.parquet"
    code = main(["batch", RULES, "--registry", registry, "--out", str(out), "--as-of", "2026-11-01", "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert len(summary) == 3
    for trial in summary:
        assert trial["patients_in"] == trial["rows_out"] == 2_000
        assert sum(trial[v] for v in ("eligible", "eligible pending review", "needs data", "not eligible")) == 2_000
        rows = duckdb.sql(f"SELECT * FROM read_parquet('{trial['output']}')")
        assert rows.shape[0] == 2_000
        columns = rows.columns
        assert columns[:3] == ["person_id", "trial_id", "verdict"]
        assert {"engine_version", "rules_version", "as_of"} <= set(columns)
        assert "inc-12_reason" in columns or "inc-11_reason" in columns
        statuses = duckdb.sql(f"SELECT DISTINCT \"age\" FROM read_parquet('{trial['output']}')").fetchall()
        assert {s for (s,) in statuses} <= {"pass", "fail", "unknown"}


def test_batch_csv_and_table_outputs(registry, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the report of a table output: NAME.quality.json here
    out = tmp_path / "one.csv"
    assert main(["batch", TRIAL, "--registry", registry, "--out", str(out), "--as-of", "2026-11-01"]) == 0
    assert "NCT00699491" in capsys.readouterr().out
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{out}')").fetchall()[0][0] == 2_000
    copy = tmp_path / "copy.duckdb"
    duckdb.sql(f"ATTACH '{registry}' AS src (READ_ONLY); ATTACH '{copy}' AS dst; COPY FROM DATABASE src TO dst")
    duckdb.sql("DETACH src; DETACH dst")
    assert main(["batch", TRIAL, "--registry", str(copy), "--out", "table:screening", "--as-of", "2026-11-01"]) == 0
    con = duckdb.connect(str(copy), read_only=True)
    assert con.execute("SELECT count(*) FROM screening").fetchone()[0] == 2_000


def test_funnel_table_json_charts_and_what_if(registry, tmp_path, capsys):
    png, html = tmp_path / "funnel.png", tmp_path / "funnel.html"
    code = main(["funnel", TRIAL, "--registry", registry, "--as-of", "2026-11-01", "--png", str(png),
                 "--html", str(html), "--what-if", "inc-12: platelets >= 75000 /uL", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    base, relaxed = data["funnel"], data["what_if"]["funnel"]
    steps = {s["criterion"]: s for s in base["steps"]}
    assert all(s["passed"] + s["failed"] + s["unknown"] == 2_000 for s in base["steps"])
    remaining = [s["remaining"] for s in base["steps"]]
    assert remaining == sorted(remaining, reverse=True)  # attrition never adds patients
    more = {s["criterion"]: s for s in relaxed["steps"]}["inc-12"]
    assert more["passed"] >= steps["inc-12"]["passed"] and more["failed"] <= steps["inc-12"]["failed"]
    assert data["what_if"]["more_patients_remaining"] == relaxed["remaining"] - base["remaining"] >= 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page and "<link" not in page and "@import" not in page


def test_funnel_table_on_stdout(registry, capsys):
    assert main(["funnel", TRIAL, "--registry", registry, "--as-of", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "inc-12" in out and "remaining" in out and "Not excluded" in out


@pytest.mark.parametrize("args, message", [
    (["--registry", "/no/such/registry.duckdb"], "not found"),
    (["--registry", "postgresql://nobody:secret@127.0.0.1:1/none"], "cannot connect"),
])
def test_bad_registry_is_a_clear_error(args, message, capsys):
    assert main(["batch", TRIAL, *args, "--out", "x.parquet"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "secret" not in err


def test_a_folder_without_omop_tables_and_a_bad_output(registry, tmp_path, capsys):
    assert main(["batch", TRIAL, "--registry", str(tmp_path), "--out", "x.parquet"]) == 1
    assert "lacks the OMOP table" in capsys.readouterr().err
    assert main(["batch", TRIAL, "--registry", registry, "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "expected a .parquet or .csv file" in capsys.readouterr().err
    assert main(["funnel", TRIAL, "--registry", registry, "--what-if", "inc-99: platelets >= 1"]) == 1
    assert "has no criterion 'inc-99'" in capsys.readouterr().err


def _copy(registry: str, path) -> str:
    """A writable copy of the module's DuckDB registry."""
    duckdb.sql(f"ATTACH '{registry}' AS src (READ_ONLY); ATTACH '{path}' AS dst; COPY FROM DATABASE src TO dst")
    duckdb.sql("DETACH src; DETACH dst")
    return str(path)


def _folder(registry: str, folder, suffix: str = "parquet"):
    """The module's registry as a folder of one file per OMOP table."""
    folder.mkdir()
    con = duckdb.connect(registry, read_only=True)
    for table in TABLES:
        options = "FORMAT parquet" if suffix == "parquet" else "HEADER"
        con.execute(f"COPY {table} TO '{folder / f'{table}.{suffix}'}' ({options})")
    con.close()
    return folder


@pytest.mark.parametrize("target", ["table:person", "table:Measurement", "table:condition_occurrence"])
def test_batch_never_replaces_a_registry_table(registry, tmp_path, capsys, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    copy = _copy(registry, tmp_path / "copy.duckdb")
    args = ["batch", TRIAL, "--registry", copy, "--as-of", "2026-11-01"]
    for overwrite in ([], ["--overwrite"]):
        assert main([*args, "--out", target, *overwrite]) == 1
        assert "the registry's OMOP table" in capsys.readouterr().err
    assert main([*args, "--out", str(tmp_path / "after.parquet")]) == 0  # the registry still screens
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'after.parquet'}')").fetchall()[0][0] == 2_000


@pytest.mark.parametrize("target", ["person.parquet", "measurement.csv", "measurement/part-1.parquet"])
def test_batch_never_writes_over_a_file_of_a_folder_registry(registry, tmp_path, capsys, target):
    folder = _folder(registry, tmp_path / "omop")
    (folder / "measurement.parquet").rename(tmp_path / "m.parquet")
    (folder / "measurement").mkdir()
    (tmp_path / "m.parquet").rename(folder / "measurement" / "part-0.parquet")
    before = {p: p.read_bytes() for p in folder.rglob("*.parquet")}
    for overwrite in ([], ["--overwrite"]):
        assert main(["batch", TRIAL, "--registry", str(folder), "--out", str(folder / target), *overwrite,
                     "--as-of", "2026-11-01"]) == 1
        assert "the registry reads this file as its" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in folder.rglob("*.parquet")} == before


def test_batch_never_writes_over_its_duckdb_registry(registry, tmp_path, capsys):
    copy = _copy(registry, tmp_path / "registry.parquet")  # a DuckDB file, whatever its name says
    before = (tmp_path / "registry.parquet").read_bytes()
    for overwrite in ([], ["--overwrite"]):
        assert main(["batch", TRIAL, "--registry", copy, "--out", copy, *overwrite, "--as-of", "2026-11-01"]) == 1
        assert "reads this file as its database file" in capsys.readouterr().err
    assert (tmp_path / "registry.parquet").read_bytes() == before


def test_an_existing_output_file_is_replaced_only_with_overwrite(registry, tmp_path, capsys):
    out = tmp_path / "results.csv"
    args = ["batch", TRIAL, "--registry", registry, "--out", str(out)]
    assert main([*args, "--as-of", "2026-11-01"]) == 0
    first = out.read_bytes()
    assert main([*args, "--as-of", "2026-11-02"]) == 1
    assert "exists; --overwrite replaces it" in capsys.readouterr().err
    assert out.read_bytes() == first
    assert main([*args, "--as-of", "2026-11-02", "--overwrite"]) == 0
    assert out.read_bytes() != first


def test_an_existing_table_is_replaced_only_if_it_is_an_earlier_output(registry, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    copy = _copy(registry, tmp_path / "copy.duckdb")
    args = ["batch", TRIAL, "--registry", copy, "--as-of", "2026-11-01"]
    assert main([*args, "--out", "table:screening"]) == 0
    assert main([*args, "--out", "table:screening"]) == 1
    assert "table:screening exists; --overwrite replaces it" in capsys.readouterr().err
    assert main([*args, "--out", "table:screening", "--overwrite"]) == 0
    con = duckdb.connect(copy)
    con.execute("CREATE TABLE notes AS SELECT 1 AS person_id, 'kept' AS note")
    con.close()
    assert main([*args, "--out", "table:notes", "--overwrite"]) == 1
    assert "is not a screening output" in capsys.readouterr().err
    assert duckdb.connect(copy, read_only=True).execute("SELECT note FROM notes").fetchall() == [("kept",)]


def test_two_trials_with_one_id_never_share_an_output(registry, tmp_path, capsys):
    assert main(["batch", TRIAL, TRIAL, "--registry", registry, "--out", str(tmp_path / "r.parquet"),
                 "--as-of", "2026-11-01"]) == 1
    assert "two outputs of this run" in capsys.readouterr().err


@pytest.mark.parametrize("report, message", [
    ("missing/q.json", "the folder {tmp}/missing does not exist"),
    ("", "is a folder; expected a file name"),
])
def test_a_report_that_cannot_be_written_is_refused_before_any_work(registry, tmp_path, capsys, report, message):
    out = tmp_path / "results.parquet"
    assert main(["batch", TRIAL, "--registry", registry, "--out", str(out), "--report", str(tmp_path / report),
                 "--overwrite", "--as-of", "2026-11-01"]) == 1
    err = capsys.readouterr().err
    assert message.format(tmp=tmp_path) in err and "Traceback" not in err
    assert not out.exists()
