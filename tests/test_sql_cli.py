"""`elig batch` and `elig funnel` on a generated registry: outputs, summaries, errors."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from engine.cli import main
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
        assert trial["eligible"] + trial["needs review"] + trial["not eligible"] == 2_000
        rows = duckdb.sql(f"SELECT * FROM read_parquet('{trial['output']}')")
        assert rows.shape[0] == 2_000
        columns = rows.columns
        assert columns[:3] == ["person_id", "trial_id", "verdict"]
        assert {"engine_version", "rules_version", "as_of"} <= set(columns)
        assert "inc-12_reason" in columns or "inc-11_reason" in columns
        statuses = duckdb.sql(f"SELECT DISTINCT \"age\" FROM read_parquet('{trial['output']}')").fetchall()
        assert {s for (s,) in statuses} <= {"pass", "fail", "unknown"}


def test_batch_csv_and_table_outputs(registry, tmp_path, capsys):
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
