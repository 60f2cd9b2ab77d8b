"""Registry rows matched by concept id through the user's OMOP vocabulary (issue 17, item 3).

The generated registry (engine/sql/synthetic.py) codes most condition, drug and procedure
rows and writes a small synthetic vocabulary for them. Screened with that vocabulary, a
coded row stands for a concept by its id (a source ICD-10-CM code mapped to a standard
SNOMED CT concept, a product under an ingredient); without it, a coded row cannot be read
and criteria on coded concepts stay unknown for its patient. The Python evaluator (OMOP
loader), DuckDB and PostgreSQL give the same statuses either way.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from datetime import date

import duckdb
import pytest
from stdnum import verhoeff

from engine import compile_criterion, load_trial
from engine.rules import Trial
from engine.sql import synthetic_vocab
from engine.sql.codes import VocabularyError, load_vocabulary
from engine.sql.compiler import compile_trial
from engine.sql.loader import load_patients
from engine.sql.synthetic import generate

from .conftest import ROOT
from .sql_support import disagreements, postgres_statuses, python_statuses, required_postgres_url, sql_statuses

with warnings.catch_warnings():  # its data loads through importlib.resources calls since deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd10cm

AS_OF = date(2026, 11, 1)
IDS = synthetic_vocab.IDS
CRITERIA = (  # condition, drug and procedure criteria, coded concepts and concepts named only
    ("exc-1", "Chemotherapy within 4 weeks prior to entering the study"),
    ("exc-2", "Current therapeutic anticoagulation"),
    ("exc-3", "Percutaneous coronary intervention within 6 months"),
    ("exc-4", "Known diabetes mellitus"),
    ("exc-5", "History of hepatitis C"),
    ("exc-6", "Known brain metastases"),
    ("exc-7", "At least 4 weeks since prior systemic anticancer therapy"),
    ("exc-8", "Prior anticoagulation"),
    ("exc-9", "Type 1 diabetes"),
)
CODED = Trial(id="CODED", criteria=tuple(compile_criterion(text, "exclusion", id=cid, strict=True)
                                         for cid, text in CRITERIA))
TRIALS = [CODED] + [load_trial(p) for p in sorted((ROOT / "rules").glob("*.yaml"))]


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("coded") / "registry.duckdb")
    generate(path, 3_000, seed=11, as_of=AS_OF)
    return path


@pytest.fixture(scope="module")
def concept_ids(registry):
    return load_vocabulary(registry)


def test_the_vocabulary_maps_source_codes_to_standard_concepts_and_their_descendants(concept_ids):
    # ICD-10-CM E08-E13 holds E11.9, which maps to type 2 diabetes, under diabetes mellitus (73211009)
    assert concept_ids["diabetes mellitus"] == {IDS["diabetes"], IDS["t2dm"], IDS["t1dm"]}
    # each kind of diabetes holds its own type only, never the broader diabetes mellitus
    assert concept_ids["type 2 diabetes mellitus"] == {IDS["t2dm"]}
    assert concept_ids["type 1 diabetes mellitus"] == {IDS["t1dm"]}
    # an ingredient's products are its descendants; a class keeps only the ingredients it lists
    assert concept_ids["anticoagulation"] == {IDS["warfarin"], IDS["warfarin product"]}
    assert IDS["docetaxel product"] in concept_ids["chemotherapy"] and IDS["taxanes"] not in concept_ids["chemotherapy"]
    assert concept_ids["percutaneous coronary intervention"] == {IDS["pci"], IDS["stent"]}
    assert "gilbert syndrome" not in concept_ids   # none of its codes in this vocabulary


SOURCE_CODES = """
import json, sys
from engine.sql.codes import source_codes
codes = source_codes()
print(json.dumps({"walked the ICD-10-CM tree": "simple_icd_10_cm" in sys.modules, "codes": codes}))
"""


def test_a_later_run_reads_the_source_codes_from_the_cache(tmp_path):
    """Listing every ICD-10-CM descendant takes seconds: a later run reads the list kept in
    the cache folder instead, and gets the same list."""
    def run() -> dict:
        env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
        done = subprocess.run([sys.executable, "-c", SOURCE_CODES], env=env, capture_output=True, text=True,
                              check=True)
        return json.loads(done.stdout)

    first, later = run(), run()
    assert first["walked the ICD-10-CM tree"] and not later["walked the ICD-10-CM tree"]
    assert later["codes"] == first["codes"]
    assert ["diabetes mellitus", "ICD10CM", "E11.9"] in later["codes"]


def test_athena_files_in_a_folder_resolve_as_the_database_does(registry, concept_ids, tmp_path):
    """Athena ships CONCEPT.csv ... tab-separated, unquoted, with quotes inside names."""
    con = duckdb.connect(registry, read_only=True)
    for table in synthetic_vocab.VOCABULARY_TABLES:
        target = str(tmp_path / f"{table.upper()}.csv")
        con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (DELIMITER '\t', QUOTE '', HEADER)")
    with open(tmp_path / "CONCEPT.csv", "a", encoding="utf-8") as f:
        f.write('1\tGilbert\'s "syndrome"\tCondition\tSNOMED\tClinical Finding\t\tnot-a-code\t'
                '1970-01-01\t2099-12-31\t\n')
    assert load_vocabulary(str(tmp_path)) == concept_ids


def test_a_vocabulary_without_its_tables_is_one_clear_error(registry, tmp_path):
    shutil.copy(registry, tmp_path / "copy.duckdb")
    con = duckdb.connect(str(tmp_path / "copy.duckdb"))
    con.execute("DROP TABLE concept_ancestor")
    con.close()
    with pytest.raises(VocabularyError, match="no table concept_ancestor"):
        load_vocabulary(str(tmp_path / "copy.duckdb"))
    with pytest.raises(VocabularyError, match="no concept.csv"):
        load_vocabulary(str(tmp_path))
    with pytest.raises(VocabularyError, match="not found"):
        load_vocabulary(str(tmp_path / "nowhere"))


def test_the_synthetic_vocabulary_uses_real_codes_and_local_ids():
    for term in synthetic_vocab.TERMS:
        assert synthetic_vocab.IDS[term.key] > synthetic_vocab.LOCAL
        if term.vocabulary == "ICD10CM":
            assert icd10cm.get_description(term.code) == term.name
        elif term.vocabulary == "SNOMED":
            assert verhoeff.is_valid(term.code) and term.code[-3:-1] in ("00", "10")
        else:
            assert term.vocabulary in ("RxNorm", "ATC", "Synthetic")
    rows = synthetic_vocab.rows()
    maps = {(a, b) for a, b, rel, *_ in rows["concept_relationship"] if rel == "Maps to"}
    assert (IDS["E11.9"], IDS["t2dm"]) in maps and (IDS["t2dm"], IDS["t2dm"]) in maps
    assert (IDS["taxanes"], IDS["docetaxel product"], 2, 2) in rows["concept_ancestor"]


@pytest.fixture(scope="module")
def python(registry, concept_ids):
    """Every status of TRIALS from the Python evaluator, with and without the vocabulary."""
    con = duckdb.connect(registry, read_only=True)
    found = {}
    for with_vocabulary in (True, False):
        patients = load_patients(con, concept_ids=concept_ids if with_vocabulary else None)
        for trial in TRIALS:
            found[trial.id, with_vocabulary] = python_statuses(trial, patients, AS_OF)
    return found


@pytest.mark.parametrize("with_vocabulary", [True, False], ids=["vocabulary", "no vocabulary"])
@pytest.mark.parametrize("trial", TRIALS, ids=[t.id for t in TRIALS])
def test_python_and_duckdb_agree_on_coded_records(registry, concept_ids, python, trial, with_vocabulary):
    con = duckdb.connect(registry, read_only=True)
    expected = python[trial.id, with_vocabulary]
    got = sql_statuses(con.cursor(), trial, AS_OF, concept_ids=concept_ids if with_vocabulary else None)
    assert len(expected) == 3_000 * len(trial.criteria)
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:20])


def _reasons(registry, trial, criterion, concept_ids) -> dict[str, int]:
    con = duckdb.connect(registry, read_only=True)
    query = compile_trial(trial, "duckdb", AS_OF, concept_ids=concept_ids).sql()
    return dict(con.execute(f'SELECT "{criterion}_reason"::VARCHAR, count(*) FROM ({query}) GROUP BY 1').fetchall())


def test_coded_rows_decide_with_the_vocabulary_and_stay_open_without_it(registry, concept_ids):
    with_codes = _reasons(registry, CODED, "exc-4", concept_ids)
    without = _reasons(registry, CODED, "exc-4", None)
    # "Type 2 diabetes mellitus" rows carry E11.9's standard concept: read only through the vocabulary
    assert with_codes["diabetes mellitus:recorded"] > 100 and "diabetes mellitus:no_vocabulary" not in with_codes
    assert without["diabetes mellitus:no_vocabulary"] > 100 and "diabetes mellitus:recorded" not in without


def test_a_coded_row_of_the_other_type_of_diabetes_settles_a_type_specific_criterion(registry, concept_ids):
    # the "Type 2 diabetes mellitus" rows (E11.9) are no type 1 diabetes; without the vocabulary, unread
    with_codes = _reasons(registry, CODED, "exc-9", concept_ids)
    without = _reasons(registry, CODED, "exc-9", None)
    assert with_codes["type 1 diabetes mellitus:other_kind"] > 100
    assert "type 1 diabetes mellitus:recorded" not in with_codes
    assert without["type 1 diabetes mellitus:no_vocabulary"] > 100


def test_a_drug_named_by_brand_counts_only_through_its_code(registry, concept_ids):
    # "Coumadin 5 mg" names no member of anticoagulation: its code (a warfarin product) does
    with_codes = _reasons(registry, CODED, "exc-8", concept_ids)
    without = _reasons(registry, CODED, "exc-8", None)
    assert with_codes["anticoagulation:recorded"] > 50 and "anticoagulation:recorded" not in without
    assert "anticoagulation:no_vocabulary" not in without   # a class's codes add to its names


def test_the_reason_names_the_code_a_row_matched(registry, concept_ids):
    con = duckdb.connect(registry, read_only=True)
    patients = load_patients(con, where="person_id <= 400", concept_ids=concept_ids)
    from engine.screen import screen
    reasons = [o.reason for p in patients for o in screen(CODED, p, AS_OF).outcomes if o.criterion_id == "exc-4"]
    assert any(f"Type 2 diabetes mellitus (OMOP {IDS['t2dm']})" in r for r in reasons), reasons[:5]


@pytest.mark.parametrize("with_vocabulary", [True, False], ids=["vocabulary", "no vocabulary"])
def test_postgres_agrees_on_coded_records(registry, concept_ids, python, with_vocabulary):
    url = required_postgres_url()
    for trial in TRIALS:
        got = postgres_statuses(registry, url, trial, AS_OF, concept_ids=concept_ids if with_vocabulary else None)
        expected = python[trial.id, with_vocabulary]
        assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:20])


def test_batch_says_which_vocabulary_tables_would_settle_coded_criteria(registry, tmp_path, capsys):
    from engine.cli import main
    trial = str(ROOT / "rules" / "NCT00398515.yaml")
    args = ["batch", trial, "--registry", registry, "--as-of", "2026-11-01", "--json"]
    assert main([*args, "--out", str(tmp_path / "without.parquet")]) == 0
    err = capsys.readouterr().err
    assert "heart failure" in err and "concept, concept_relationship, concept_ancestor" in err
    assert main([*args, "--out", str(tmp_path / "with.parquet"), "--vocabulary", registry]) == 0
    assert "--vocabulary" not in capsys.readouterr().err
    assert main([*args, "--out", str(tmp_path / "bad.parquet"), "--vocabulary", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "vocabulary" in err and "not found" in err and "Traceback" not in err


def test_a_vocabulary_in_postgres_resolves_as_duckdb_does(concept_ids):
    import uuid

    import psycopg
    url = required_postgres_url()
    schema = f"vocab_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
        try:
            con.execute(f'SET search_path TO "{schema}"')
            for statement in synthetic_vocab.DDL:
                con.execute(statement.replace("VARCHAR", "TEXT"))
            for table, found in synthetic_vocab.rows().items():
                marks = ", ".join(["%s"] * len(found[0]))
                con.cursor().executemany(f"INSERT INTO {table} VALUES ({marks})", found)
            assert load_vocabulary(url, schema) == concept_ids
        finally:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
