"""Time in the history and complete lists (tests/data/history.yaml): the library, the
SQL back end (DuckDB and PostgreSQL), `elig screen --complete`, `elig batch --complete`
and the service's `complete` field give each case's status."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import httpx
import pytest
import yaml

from engine import Patient, compile_criterion, evaluate
from engine.cli import EXIT_USAGE, main
from engine.patients import declared_complete
from engine.rules import Trial
from engine.sql.loader import load_patients
from engine.sql.registry import create_duckdb

from .conftest import case_ids, table
from .service_support import server
from .sql_support import (output_statuses, postgres_statuses, required_postgres_url, rows_from_patients,
                          sql_statuses)

CASES = table("history.yaml")
AS_OF = date(2026, 11, 1)
SQL_CASES = [(n, c) for n, c in enumerate(CASES) if c.get("sql", True)]


def _patient(case: dict, number: int = 1) -> Patient:
    spec = {**case.get("patient", {}), "id": f"P{number}"}
    return declared_complete(Patient.model_validate(spec), case.get("complete", ()))


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_history_case(case):
    criterion = compile_criterion(case["criterion"], case.get("section", "inclusion"), strict=True)
    out = evaluate(criterion, _patient(case), AS_OF)
    assert out.status == case["status"], out.reason
    for fragment in case.get("reason_contains", []):
        assert fragment in out.reason, f"{fragment!r} not in {out.reason!r}"
    for fragment in case.get("missing_contains", []):
        assert any(fragment in m for m in out.missing), f"{fragment!r} not in {out.missing!r}"


def _registry_groups():
    """The SQL cases grouped by the lists they declare complete (in SQL a run-wide
    option): per group, one trial holding each case's criterion and one patient per case."""
    groups: dict[tuple, list] = {}
    for number, case in SQL_CASES:
        patient = _patient(case, number)
        groups.setdefault(tuple(patient.complete), []).append((number, case, patient))
    for complete, members in groups.items():
        criteria = tuple(compile_criterion(c["criterion"], c.get("section", "inclusion"), strict=True)
                         .model_copy(update={"id": f"c{n}"}) for n, c, _ in members)
        yield complete, Trial(id="HISTORY", criteria=criteria), members


def _expected(members) -> dict:
    return {case["name"]: case["status"] for _, case, _ in members}


def _picked(members, got: dict) -> dict:
    """Each case's status for its own patient (person_id: its place in the registry)."""
    return {case["name"]: got[(str(place), f"c{n}")] for place, (n, case, _) in enumerate(members, start=1)}


def test_the_cases_in_duckdb():
    for complete, trial, members in _registry_groups():
        con = create_duckdb(":memory:", rows_from_patients([p for _, _, p in members], AS_OF))
        got = sql_statuses(con.cursor(), trial, AS_OF, complete=complete)
        assert _picked(members, got) == _expected(members)


def test_the_cases_in_postgres(tmp_path):
    url = required_postgres_url()
    for number, (complete, trial, members) in enumerate(_registry_groups()):
        path = str(tmp_path / f"history{number}.duckdb")
        create_duckdb(path, rows_from_patients([p for _, _, p in members], AS_OF)).close()
        got = postgres_statuses(path, url, trial, AS_OF, complete=complete)
        assert _picked(members, got) == _expected(members)


def test_the_loader_keeps_what_the_cases_say():
    """The SQL cases reach the Python evaluator through OMOP unchanged in status."""
    for complete, trial, members in _registry_groups():
        con = create_duckdb(":memory:", rows_from_patients([p for _, _, p in members], AS_OF))
        for patient, (n, case, _) in zip(load_patients(con), members):
            loaded = declared_complete(patient, complete)
            criterion = next(c for c in trial.criteria if c.id == f"c{n}")
            assert evaluate(criterion, loaded, AS_OF).status == case["status"], case["name"]


# ------------------------------------------------------------- CLI and service
DECLARED = [c for c in CASES if c.get("complete")]


def _files(tmp_path, case: dict):
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"trial": "T-HIST", "title": "history", "criteria": [
        {"id": "c1", "section": case.get("section", "inclusion"), "text": case["criterion"]}]}), "utf-8")
    profile = tmp_path / "patient.json"
    profile.write_text(json.dumps({"id": "P1", **case.get("patient", {})}, default=str), "utf-8")
    return rules, profile


@pytest.mark.parametrize("case", DECLARED, ids=case_ids(DECLARED))
def test_screen_complete_flag(case, tmp_path, capsys):
    rules, profile = _files(tmp_path, case)
    code = main(["screen", str(rules), str(profile), "--as-of", AS_OF.isoformat(), "--json",
                 "--complete", ",".join(case["complete"])])
    result = json.loads(capsys.readouterr().out)[0]
    assert code == 0
    assert result["outcomes"][0]["status"] == case["status"]
    assert result["complete"] == sorted(case["complete"])


def test_screen_without_the_flag_declares_nothing(tmp_path, capsys):
    rules, profile = _files(tmp_path, {"criterion": "No heart failure"})
    main(["screen", str(rules), str(profile), "--as-of", AS_OF.isoformat(), "--json"])
    result = json.loads(capsys.readouterr().out)[0]
    assert result["complete"] == [] and result["outcomes"][0]["status"] == "unknown"


def test_screen_complete_flag_names_the_lists(tmp_path, capsys):
    rules, profile = _files(tmp_path, {"criterion": "No heart failure"})
    code = main(["screen", str(rules), str(profile), "--complete", "conditions,labs"])
    assert code == EXIT_USAGE
    assert "--complete" in capsys.readouterr().err


ENDED_HEART_FAILURE = {"id": "P1", "sex": "female",
                       "conditions": [{"name": "heart failure", "date": "2020-01-01", "end": "2021-03-01"}]}


@pytest.mark.parametrize("complete, status", [([], "unknown"), (["conditions"], "pass")])
def test_service_complete_field(complete, status):
    """NCT00398515 inc-22b: 'Symptomatic congestive heart failure' under 'No uncontrolled illness'."""
    body = {"patient": ENDED_HEART_FAILURE, "as_of": AS_OF.isoformat(), "trials": ["NCT00398515"],
            "complete": complete}
    with httpx.Client(base_url=server().url, timeout=120) as client:
        result = client.post("/screen", json=body).json()[0]
    outcome = next(o for o in result["outcomes"] if o["criterion_id"] == "inc-22b")
    assert outcome["status"] == status, outcome["reason"]
    assert "heart failure on 2020-01-01, ended 2021-03-01: past" in outcome["reason"]
    assert result["complete"] == complete


def test_service_complete_field_is_checked():
    body = {"patient": ENDED_HEART_FAILURE, "complete": ["labs"]}
    with httpx.Client(base_url=server().url, timeout=120) as client:
        response = client.post("/screen", json=body)
    assert response.status_code == 422 and "complete" in response.text


def test_batch_complete_flag(tmp_path, capsys):
    """`elig batch --complete`: each group of SQL cases in a registry file, its lists on the
    command line; every case's status, and the lists in each output row."""
    for number, (complete, trial, members) in enumerate(_registry_groups()):
        registry = str(tmp_path / f"registry{number}.duckdb")
        create_duckdb(registry, rows_from_patients([p for _, _, p in members], AS_OF)).close()
        rules = tmp_path / f"rules{number}.yaml"
        rules.write_text(yaml.safe_dump({"trial": "HISTORY", "criteria": [
            {"id": c.id, "section": c.section, "text": c.text} for c in trial.criteria]}), "utf-8")
        out = tmp_path / f"results{number}.parquet"
        flag = ["--complete", ",".join(complete)] if complete else []
        assert main(["batch", str(rules), "--registry", registry, "--out", str(out),
                     "--as-of", AS_OF.isoformat(), *flag]) == 0
        capsys.readouterr()
        got = output_statuses(str(out), trial)
        assert _picked(members, {k[1:]: v for k, v in got.items()}) == _expected(members)
        lists = duckdb.sql(f"SELECT DISTINCT complete_lists FROM read_parquet('{out}')").fetchall()
        assert lists == [(",".join(complete),)]


def test_batch_complete_flag_names_the_lists(tmp_path, capsys):
    code = main(["batch", str(tmp_path / "rules.yaml"), "--registry", str(tmp_path / "r.duckdb"),
                 "--complete", "problems"])
    assert code == EXIT_USAGE
    assert "--complete" in capsys.readouterr().err
