"""`elig export --format ohdsi-cohort`, checked by an independent Circe implementation.

duckcdm (PyPI) is a port of OHDSI's circe-be and SqlRender, compared by its authors with
the Java originals on tens of thousands of cohorts: it parses the exported expression,
writes the cohort SQL, translates it to DuckDB, and the SQL runs on a generated registry.
Each exported inclusion rule is run on its own (a cohort of that one rule), and its
patients are compared with `elig batch`'s status of the same criterion: wherever the
engine decides (pass or fail), Circe must agree; where the engine leaves the criterion
unknown, Circe's closed world decides, and that is the one difference allowed.
"""
from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

import duckdb
import pytest
import yaml
from duckcdm.circe import CohortExpression, build_cohort_query
from duckcdm.sqlrender import render, split_sql, translate

from engine.cli import main
from engine.rules import load_trial
from engine.sql.registry import create_duckdb
from engine.sql.synthetic import generate

from .conftest import DATA, ROOT, table
from .sql_support import required_postgres_url

AS_OF = date(2026, 11, 1)
TRIALS = ("NCT00349206", "NCT00398515", "NCT00699491")
VOCABULARY = DATA / "circe" / "concept.csv"
EXPECTED = table("circe/expressed.yaml")
# Columns and tables Circe's SQL reads that the engine's registry schema leaves out.
CIRCE_TABLES = (
    "ALTER TABLE measurement ADD COLUMN visit_occurrence_id BIGINT",
    "ALTER TABLE observation ADD COLUMN visit_occurrence_id BIGINT",
    "CREATE TABLE observation_period AS SELECT person_id AS observation_period_id, person_id, "
    "DATE '2000-01-01' AS observation_period_start_date, DATE '2027-12-31' AS observation_period_end_date, "
    "32817 AS period_type_concept_id FROM person",
    "CREATE TABLE cohort (cohort_definition_id BIGINT, subject_id BIGINT, cohort_start_date DATE, "
    "cohort_end_date DATE)",
    "CREATE TABLE cohort_inclusion_result (cohort_definition_id BIGINT, inclusion_rule_mask BIGINT, "
    "person_count BIGINT, mode_id INT)",
    "CREATE TABLE cohort_inclusion_stats (cohort_definition_id BIGINT, rule_sequence INT, person_count BIGINT, "
    "gain_count BIGINT, person_total BIGINT, mode_id INT)",
    "CREATE TABLE cohort_summary_stats (cohort_definition_id BIGINT, base_count BIGINT, final_count BIGINT, "
    "mode_id INT)",
    "CREATE TABLE cohort_censor_stats (cohort_definition_id BIGINT, lost_count BIGINT)",
)


def export(trial_id: str, out: Path, *extra: str) -> dict:
    code = main(["export", str(ROOT / "rules" / f"{trial_id}.yaml"), "--format", "ohdsi-cohort",
                 "--vocabulary", str(VOCABULARY), "--as-of", AS_OF.isoformat(), "-o", str(out), *extra])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def circe_persons(con, expression: dict) -> set[int]:
    """The persons of the cohort, by the independent implementation's SQL on DuckDB."""
    con.execute("DELETE FROM cohort")
    sql = build_cohort_query(json.dumps(expression), cdm_schema="main", target_table="main.cohort",
                             cohort_id=1, result_schema="main", vocabulary_schema="main", generate_stats=True)
    for statement in split_sql(translate(render(sql), "duckdb")):
        con.execute(statement)
    return {row[0] for row in con.execute("SELECT subject_id FROM cohort").fetchall()}


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A generated registry, as an OMOP ETL leaves it for Circe: every measurement row
    mapped to its concept (the generator leaves ~2% named only by LOINC source value,
    which Circe cannot see: the export says so), an observation period, the vocabulary."""
    folder = tmp_path_factory.mktemp("circe")
    path = str(folder / "registry.duckdb")
    generate(path, 1200, seed=11, as_of=AS_OF)
    con = duckdb.connect(path)
    # The generator writes a small vocabulary of its own (conditions, drugs, procedures): the
    # measurement concepts join it.
    con.execute("INSERT INTO concept BY NAME SELECT * FROM read_csv(?, header = true)", [str(VOCABULARY)])
    con.execute("UPDATE measurement SET measurement_concept_id = c.concept_id FROM concept c "
                "WHERE measurement_concept_id = 0 AND c.vocabulary_id = 'LOINC' "
                "AND c.concept_code = measurement_source_value")
    for statement in CIRCE_TABLES:
        con.execute(statement)
    con.close()
    out = folder / "results.parquet"
    assert main(["batch", *[str(ROOT / "rules" / f"{t}.yaml") for t in TRIALS], "--registry", path,
                 "--out", str(out), "--as-of", AS_OF.isoformat()]) == 0
    return folder, path


def batch_statuses(folder: Path, trial_id: Optional[str]) -> dict[int, dict[str, str]]:
    """person -> its row of `elig batch` output (results.<trial>.parquet, or results.parquet)."""
    name = f"results.{trial_id}.parquet" if trial_id else "results.parquet"
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{folder / name}')")
    names = rows.columns
    return {record["person_id"]: record for record in (dict(zip(names, row)) for row in rows.fetchall())}


@pytest.mark.parametrize("trial_id", TRIALS)
def test_seed_trial_exports_circe_json_the_independent_implementation_reads(trial_id, tmp_path):
    cohort = export(trial_id, tmp_path / "cohort.json")
    parsed = CohortExpression.from_json(json.dumps(cohort))
    assert [rule.name for rule in parsed.inclusion_rules] == EXPECTED[trial_id]["expressed"]
    assert len(parsed.concept_sets) == len(cohort["ConceptSets"]) > 0
    assert parsed.primary_criteria.criteria_list, "the screening date is the index event"
    sql = translate(render(build_cohort_query(json.dumps(cohort), cdm_schema="main", target_table="main.cohort",
                                              cohort_id=1)), "duckdb")
    assert "main.MEASUREMENT" in sql
    trial = load_trial(ROOT / "rules" / f"{trial_id}.yaml")
    # Every criterion is a rule or listed as not expressed: none dropped silently.
    listed = [rule["name"] for rule in cohort["InclusionRules"]] + [c["id"] for c in cohort["notExpressed"]]
    assert sorted(listed) == sorted(c.id for c in trial.criteria)


@pytest.mark.parametrize("trial_id", TRIALS)
def test_circe_agrees_with_elig_batch_wherever_the_engine_decides(trial_id, registry, tmp_path):
    folder, path = registry
    cohort = export(trial_id, tmp_path / "cohort.json")
    statuses = batch_statuses(folder, trial_id)
    con = duckdb.connect(path)
    passing: dict[str, set[int]] = {}
    for rule in cohort["InclusionRules"]:
        alone = {**copy.deepcopy(cohort), "InclusionRules": [rule]}
        passing[rule["name"]] = circe_persons(con, alone)
        criterion = rule["name"]
        decided_apart = [person for person, record in statuses.items()
                         if record[criterion] != "unknown" and (record[criterion] == "pass")
                         != (person in passing[criterion])]
        assert decided_apart == [], f"{criterion}: Circe and the engine differ on decided patients"
        # Not trivial: the rule lets some patients in and keeps some out.
        assert 0 < len(passing[criterion]) < len(statuses)
    whole = circe_persons(con, cohort)
    con.close()
    assert whole == set.intersection(*passing.values())
    engine_in = {p for p, record in statuses.items() if all(record[r] == "pass" for r in passing)}
    assert engine_in <= whole and engine_in
    # Circe's extra patients: each has an exported criterion the engine leaves unknown.
    for person in whole - engine_in:
        assert any(statuses[person][r] == "unknown" for r in passing)


def test_not_expressed_criteria_are_listed_in_the_json_and_on_stderr(tmp_path, capsys):
    cohort = export("NCT00699491", tmp_path / "cohort.json")
    stderr = capsys.readouterr().err
    expected = EXPECTED["NCT00699491"]["not expressed"]
    reasons = {c["id"]: c["why"] for c in cohort["notExpressed"]}
    for criterion_id, why in expected.items():
        assert why in reasons[criterion_id]
        assert f"not expressed: {criterion_id}: " in stderr
        assert f"- {criterion_id}: {reasons[criterion_id]}" in cohort["description"]
    assert cohort["description"].splitlines()[1].startswith("SEMANTIC DIFFERENCE: Circe has no 'unknown'")
    assert "Circe has no 'unknown'" in stderr


def test_the_vocabulary_may_be_a_postgresql_database(tmp_path):
    """The same concept table served by PostgreSQL gives the same export as its CSV."""
    import csv
    import uuid

    import psycopg
    url = required_postgres_url()
    from_csv = export("NCT00699491", tmp_path / "from_csv.json")
    with VOCABULARY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    schema = f"circe_vocab_{uuid.uuid4().hex[:8]}"
    columns = ", ".join(f"{name} {'BIGINT' if name == 'concept_id' else 'TEXT'}" for name in rows[0])
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
        try:
            con.execute(f'CREATE TABLE "{schema}".concept ({columns})')
            marks = ", ".join(["%s"] * len(rows[0]))
            con.cursor().executemany(f'INSERT INTO "{schema}".concept VALUES ({marks})',
                                     [[value or None for value in row] for row in rows[1:]])
            in_schema = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
            assert main(["export", str(ROOT / "rules" / "NCT00699491.yaml"), "--format", "ohdsi-cohort",
                         "--vocabulary", in_schema, "--as-of", AS_OF.isoformat(),
                         "-o", str(tmp_path / "from_postgres.json")]) == 0
        finally:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    assert json.loads((tmp_path / "from_postgres.json").read_text(encoding="utf-8")) == from_csv


def test_the_vocabulary_may_be_a_duckdb_file_and_a_missing_code_is_listed(tmp_path):
    from_csv = export("NCT00699491", tmp_path / "from_csv.json")
    vocabulary = tmp_path / "vocabulary.duckdb"
    with duckdb.connect(str(vocabulary)) as con:
        con.execute("CREATE TABLE concept AS SELECT * FROM read_csv(?, header = true) "
                    "WHERE concept_code <> '718-7'", [str(VOCABULARY)])
    code = main(["export", str(ROOT / "rules" / "NCT00699491.yaml"), "--format", "ohdsi-cohort", "--vocabulary",
                 str(vocabulary), "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "from_duckdb.json")])
    assert code == 0
    from_duckdb = json.loads((tmp_path / "from_duckdb.json").read_text(encoding="utf-8"))
    hemoglobin = {c["id"]: c["why"] for c in from_duckdb["notExpressed"]}["inc-11"]
    assert hemoglobin == "no concept of Hemoglobin (LOINC 718-7) in the vocabulary"
    assert [r["name"] for r in from_duckdb["InclusionRules"]] == \
        [r["name"] for r in from_csv["InclusionRules"] if r["name"] != "inc-11"]


@pytest.mark.parametrize("args, code, message", [
    (["--vocabulary", "nowhere.duckdb"], 1, "nowhere.duckdb: no such vocabulary file"),
    ([], 2, "--vocabulary: ohdsi-cohort needs the OMOP vocabulary"),
    (["--vocabulary", str(VOCABULARY), "--format", "fhir-r2"], 2, "--format: expected one of"),
])
def test_export_errors_are_one_line(args, code, message, tmp_path, capsys):
    argv = ["export", str(ROOT / "rules" / "NCT00699491.yaml"), "--format", "ohdsi-cohort", *args]
    assert main(argv) == code
    stderr = capsys.readouterr().err
    assert message in stderr and "Traceback" not in stderr


def test_an_existing_output_is_replaced_only_when_asked(tmp_path, capsys):
    out = tmp_path / "cohort.json"
    out.write_text("mine", encoding="utf-8")
    argv = ["export", str(ROOT / "rules" / "NCT00699491.yaml"), "--format", "ohdsi-cohort",
            "--vocabulary", str(VOCABULARY), "--as-of", AS_OF.isoformat(), "-o", str(out)]
    assert main(argv) == 2
    assert out.read_text(encoding="utf-8") == "mine"
    assert main([*argv, "--overwrite"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["InclusionRules"]


HAND_MADE = table("circe/hand_made.yaml")
LOINC_CONCEPT = {"777-3": 3024929, "718-7": 3000963, "1920-8": 3013721}


def hand_made_registry(path: str) -> None:
    persons, measurements = [], []
    for person_id, patient in enumerate(HAND_MADE["patients"], start=1):
        persons.append((person_id, patient["sex"], 1970, 1, 1, None, 0, 0, f"P{person_id}", None))
        for n, (loinc, value, unit, low, high, days) in enumerate(patient["measurements"]):
            measurements.append((person_id * 10 + n, person_id, LOINC_CONCEPT[loinc], AS_OF - timedelta(days=days),
                                 None, 32817, None, value, None, unit, low, high, loinc, None, None))
    con = create_duckdb(path, {"person": persons, "measurement": measurements})
    con.execute("CREATE TABLE concept AS SELECT * FROM read_csv(?, header = true)", [str(VOCABULARY)])
    for statement in CIRCE_TABLES:
        con.execute(statement)
    con.close()


def test_hand_made_patients_boundaries_exclusions_and_default_limits(tmp_path):
    rules = tmp_path / "NCT00000001.yaml"
    rules.write_text(yaml.safe_dump({"trial": "NCT00000001", "criteria": HAND_MADE["criteria"]},
                                    allow_unicode=True), encoding="utf-8")
    path = str(tmp_path / "registry.duckdb")
    hand_made_registry(path)
    assert main(["batch", str(rules), "--registry", path, "--out", str(tmp_path / "results.parquet"),
                 "--as-of", AS_OF.isoformat()]) == 0
    statuses = batch_statuses(tmp_path, None)
    assert main(["export", str(rules), "--format", "ohdsi-cohort", "--vocabulary", str(VOCABULARY),
                 "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "cohort.json")]) == 0
    cohort = json.loads((tmp_path / "cohort.json").read_text(encoding="utf-8"))
    assert [rule["name"] for rule in cohort["InclusionRules"]] == [c["id"] for c in HAND_MADE["criteria"]]
    con = duckdb.connect(path)
    for rule in cohort["InclusionRules"]:
        selected = circe_persons(con, {**cohort, "InclusionRules": [rule]})
        for person_id, patient in enumerate(HAND_MADE["patients"], start=1):
            expected = patient["status"][rule["name"]]
            assert statuses[person_id][rule["name"]] == expected, (patient["name"], rule["name"])
            assert (person_id in selected) == (expected == "pass"), (patient["name"], rule["name"])
    con.close()
