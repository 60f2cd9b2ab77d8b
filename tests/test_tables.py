"""Lab tables (long CSV/Parquet, wide CSV, demographics) -> Patients, with counts."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from engine import InputError, compile_criterion, evaluate
from engine.adapters.report import LoadReport
from engine.adapters.tables import TableOptions, load_tables
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main

from .conftest import ROOT, case_ids, table

AS_OF = date(2026, 11, 1)
CASES = table("tables.yaml")
RULES = str(ROOT / "rules" / "NCT00699491.yaml")


def to_parquet(csv_path: Path) -> Path:
    import duckdb
    target = csv_path.with_suffix(".parquet")
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) TO '{target}' (FORMAT parquet)")
    con.close()
    csv_path.unlink()
    return target


def write_case(case: dict, folder: Path) -> list[Path]:
    paths = []
    for name, text in case["files"].items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        if name in case.get("parquet", []):
            path = to_parquet(path)
        if path.suffix != ".yaml":
            paths.append(path)
    return paths


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_table_cases(case, tmp_path):
    paths = write_case(case, tmp_path)
    options = dict(case.get("options", {}))
    if "mapping" in options:
        options["mapping"] = tmp_path / options["mapping"]
    patients, report = load_tables(paths, TableOptions(**options))
    patient = next(p for p in patients if p.id == case["patient"])
    out = evaluate(compile_criterion(case["criterion"]), patient, AS_OF)
    assert out.status == case["status"], out.reason
    for fragment in case.get("reason", []):
        assert fragment in out.reason, out.reason
    assert dict(report.skipped) == case.get("skipped", {})
    if "read" in case:
        assert report.read == case["read"]
    assert report.balanced


def test_records_in_equal_records_out_for_a_large_table(tmp_path):
    rows = ["patient_id,test,value,unit,date"]
    for i in range(3000):
        value = ("150", "x", "", "< 0.5")[i % 4]
        test = ("platelets", "total bilirubin", "zzz")[i % 3]
        rows.append(f"P{i % 17},{test},{value},mg/dL,2026-10-{1 + i % 28:02d}")
    path = tmp_path / "labs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    patients, report = load_tables([path])
    assert report.read == 3000 and report.balanced
    assert report.used == sum(len(p.labs) for p in patients)
    assert len(patients) == 17


def test_a_table_without_a_patient_id_column_is_an_input_error(tmp_path):
    path = tmp_path / "labs.csv"
    path.write_text("id,test,value\n1,platelets,150\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'patient_id' column"):
        load_tables([path])


def test_an_unrecognised_sex_is_unknown_and_noted(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("patient_id,sex,birth_date\nP1,X,1970-01-01\nP2,m,1970-13-01\n", encoding="utf-8")
    patients, report = load_tables([path])
    by_id = {p.id: p for p in patients}
    assert by_id["P1"].sex == "unknown" and by_id["P2"].sex == "male" and by_id["P2"].birth_date is None
    assert report.notes == {"sex 'X' not recognised: recorded as unknown": 1,
                            "demographics birth_date: date is not YYYY-MM-DD: not used": 1}


def test_cli_screens_tables_with_renamed_columns(tmp_path, capsys):
    (tmp_path / "export.csv").write_text(
        "MRN,Analyte,Result,Units,Collected\nP1,platelets,150,10*9/L,2026-10-28\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("MRN,sex,birth_date\nP1,female,1961-05-02\n", encoding="utf-8")
    code = main(["screen", RULES, str(tmp_path), "--as-of", "2026-11-01", "--json",
                 "--columns", "patient_id=MRN,test=Analyte,value=Result,unit=Units,date=Collected"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    [result] = json.loads(captured.out)
    assert result["patient_id"] == "P1"
    platelets = next(o for o in result["outcomes"] if o["criterion_id"] == "inc-12")
    assert platelets["status"] == "pass"
    assert "1 patient(s); 2 records read: 2 used, 0 skipped" in captured.err


def test_cli_rejects_bad_column_options(capsys):
    assert main(["screen", RULES, str(ROOT / "patients"), "--columns", "tset=Analyte"]) == EXIT_USAGE
    assert "unknown name(s) tset" in capsys.readouterr().err


def test_cli_reports_an_unreadable_table_and_screens_the_rest(tmp_path, capsys):
    (tmp_path / "bad.csv").write_text("mrn,value\nP1,3\n", encoding="utf-8")
    code = main(["screen", RULES, str(ROOT / "patients" / "p01-eligible-conventional.yaml"),
                 str(tmp_path / "bad.csv"), "--as-of", "2026-11-01", "--json"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT and "no 'patient_id' column" in captured.err
    assert len(json.loads(captured.out)) == 1


def test_profile_report_on_a_table(tmp_path, capsys):
    path = tmp_path / "labs.csv"
    path.write_text("patient_id,test,value,unit,date\nP1,platelets,150,10*9/L,2026-10-28\n"
                    "P1,frobnicase,3,U/L,2026-10-28\n", encoding="utf-8")
    assert main(["profile-report", str(path), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert {c["code"]: c["analyte"] for c in data["codes"]} == {"platelets": "platelets", "frobnicase": None}
    assert data["read"] == 2 and data["used"] == 1


def test_report_merge_keeps_the_balance():
    a, b = LoadReport(), LoadReport()
    a.use("x")
    b.skip("y", "why", "here")
    a.merge(b)
    assert (a.read, a.used, a.skipped_total, a.balanced) == (2, 1, 1, True)
