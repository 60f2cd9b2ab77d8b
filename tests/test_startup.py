"""Start-up: each command loads only what it uses, and the tables every run needs (the
analyte and concept catalogues, the lexer's patterns) are kept ready in the cache folder,
rebuilt when what they are made from changes. Each run is its own process, as each
command is."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cache import prepared

LOADED = """
import json, sys
from engine.cli import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m.split(".")[0] in
                               ("pydantic", "lark", "yaml", "sqlglot", "duckdb", "fhir", "pint", "engine", "rich")
                               or m == "importlib.metadata")]))
"""


def _loaded(tmp_path, *argv: str) -> tuple[int, set[str]]:
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], env=env, capture_output=True,
                          text=True, check=True)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


ENTRY = """
import json, sys
from engine.cli_quick import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "click"))]))
"""


@pytest.mark.parametrize("argv", [["explain", "--section", "exclusion", "Platelets ≥ 100,000/μL"],
                                  ["import", "{record}", "-o", "{out}"]])
def test_the_entry_point_runs_explain_and_import_without_typer(tmp_path, argv):
    """Typer, and the app built with it, were a third of these two commands' start-up."""
    record = Path(__file__).parent / "data" / "ctgov" / "NCT99000001.json"
    argv = [word.format(record=record, out=tmp_path / "rules.yaml") for word in argv]
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", ENTRY, *argv], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


def test_help_loads_neither_models_nor_parser(tmp_path):
    code, modules = _loaded(tmp_path, "--help")
    assert code == 0
    assert not modules & {"pydantic", "lark", "engine.criteria", "engine.patients", "engine.rules", "sqlglot", "yaml"}


def test_explain_loads_no_patient_data_readers(tmp_path):
    code, modules = _loaded(tmp_path, "explain", "Platelets ≥ 100,000/μL")
    assert code == 0 and "engine.criteria" in modules
    assert not modules & {"engine.adapters", "engine.adapters.fhir", "engine.patients", "engine.review",
                          "engine.sql.compiler", "sqlglot", "duckdb"}


def test_a_later_explain_loads_no_yaml_parser_nor_tables(tmp_path):
    """The first run builds the catalogues from their YAML files; later runs read them
    pickled from the cache folder, and PyYAML is not even imported. Nor are rich's tables,
    which only the screening and registry outputs draw, nor importlib.metadata (the unit
    factors' cache file is named by the dist-info folders of pint and ucumvert beside them)."""
    _loaded(tmp_path, "explain", "Platelets ≥ 100,000/μL")
    code, modules = _loaded(tmp_path, "explain", "Platelets ≥ 100,000/μL")
    assert code == 0 and "engine.criteria" in modules
    assert not modules & {"yaml", "rich.table", "importlib.metadata"}


def test_a_later_explain_of_prose_loads_no_yaml_parser(tmp_path):
    """A line the island reader and the statement reader read: the lexicon's document is
    kept in the cache folder too, and a later run parses no YAML."""
    line = "Adequate marrow function: platelets ≥ 100,000/μL at screening, with no known history of hepatitis B"
    _loaded(tmp_path, "explain", line)
    code, modules = _loaded(tmp_path, "explain", line)
    assert code == 0 and "engine.read.lexicon" in modules and "engine.read.statements" in modules
    assert "yaml" not in modules


BUILT = """
import json, sys
from pydantic import BaseModel
from engine.cli import main
code = main(sys.argv[1:])

def models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from models(sub)

print(json.dumps([code, sorted(m.__name__ for m in models(BaseModel)
                               if m.__module__.startswith("engine.") and m.__pydantic_complete__)]))
"""


def test_explain_builds_no_model_validator(tmp_path):
    """The compiler makes its nodes unvalidated, and the catalogues come from the cache
    folder: explaining a line builds no pydantic validator of the engine's models (each
    is built when first needed)."""
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    argv = [sys.executable, "-c", BUILT, "explain", "Platelets ≥ 100,000/μL"]
    subprocess.run(argv, env=env, capture_output=True, check=True)   # the cache filled
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


def test_import_builds_no_model_validator(tmp_path):
    """The compiler's nodes, criteria and trial are made unvalidated where validation would
    keep every value (engine/trusted.py made): importing a seed record builds no validator
    (building them was a sixth of the command's start-up)."""
    seed = Path(__file__).parent / "data" / "seeds" / "NCT00699491-cixutumumab-temsirolimus-breast.txt"
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    argv = [sys.executable, "-c", BUILT, "import", str(seed), "-o", str(tmp_path / "rules.yaml"), "--overwrite"]
    subprocess.run(argv, env=env, capture_output=True, check=True)   # the cache filled
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


def test_import_of_a_registry_record_loads_no_fhir_models(tmp_path):
    """Only a FHIR record needs the FHIR models (a third of the command's start-up)."""
    record = Path(__file__).parent / "data" / "ctgov" / "NCT99000001.json"   # JSON, yet not FHIR
    code, modules = _loaded(tmp_path, "import", str(record), "-o", str(tmp_path / "rules.yaml"))
    assert code == 0 and "engine.ctgov" in modules
    assert not {m for m in modules if m.split(".")[0] == "fhir"} | (modules & {"engine.export"})


CATALOGUES = """
import json, sys
import engine.analytes, engine.concepts

def refuse(text):
    raise RuntimeError("read the YAML file")

engine.analytes.load_yaml = engine.concepts.load_yaml = refuse
try:
    cat, con = engine.analytes.catalogue(), engine.concepts.concepts()
    print(json.dumps([cat.lookup("PLT").id, sorted(cat.by_loinc.items())[:3], con.exact("diabetes")]))
except RuntimeError as exc:
    print(json.dumps(str(exc)))
"""


def _catalogues(cache):
    env = {**os.environ, "ELIG_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", CATALOGUES], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_later_run_reads_the_catalogues_from_the_cache(tmp_path):
    from engine.analytes import catalogue
    from engine.concepts import concepts

    first = [catalogue().lookup("PLT").id, [list(p) for p in sorted(catalogue().by_loinc.items())[:3]],
             concepts().exact("diabetes")]
    (tmp_path / "first").mkdir()
    assert _catalogues(tmp_path / "first") == "read the YAML file"   # nothing kept yet: read
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path / "first")}
    subprocess.run([sys.executable, "-c", "from engine.analytes import catalogue; from engine.concepts "
                    "import concepts; catalogue(); concepts()"], env=env, check=True)
    assert _catalogues(tmp_path / "first") == first


def test_a_prepared_table_is_rebuilt_when_its_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("ELIG_CACHE_DIR", str(tmp_path))
    builds = []

    def build(value):
        builds.append(value)
        return {"value": value}

    assert prepared("table", (b"source 1",), lambda: build(1)) == {"value": 1}
    assert prepared("table", (b"source 1",), lambda: build(2)) == {"value": 1}
    assert prepared("table", (b"source 2",), lambda: build(3)) == {"value": 3}
    assert builds == [1, 3]


def test_a_damaged_prepared_table_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("ELIG_CACHE_DIR", str(tmp_path))
    prepared("table", (b"source",), lambda: [1, 2, 3])
    (kept,) = tmp_path.glob("table-*.pickle")
    kept.write_bytes(kept.read_bytes()[:5])
    assert prepared("table", (b"source",), lambda: [4]) == [4]
    assert prepared("table", (b"source",), lambda: [5]) == [4]   # written whole again


def test_no_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")          # a file where the folder would be
    monkeypatch.setenv("ELIG_CACHE_DIR", str(blocked / "cache"))
    assert prepared("table", (b"source",), lambda: "built") == "built"


def test_the_lexicon_index_from_the_cache_is_the_one_built(tmp_path, monkeypatch):
    """Each common character's entries, read from the cache folder on a later run, are the
    entries a freshly read lexicon tries there."""
    from engine.documents import load_yaml
    from engine.read import lexicon as module
    from importlib import resources

    data = load_yaml(resources.files("engine").joinpath("data").joinpath("lexicon.yaml").read_text("utf-8"))
    monkeypatch.setenv("ELIG_CACHE_DIR", str(tmp_path))
    built = module.Lexicon(data)
    assert list(tmp_path.glob("lexicon-first-*.pickle"))
    kept = module.Lexicon(data)
    assert {c: [e[2].pattern for e in found] for c, found in kept._by_first.items()} == \
        {c: [e[2].pattern for e in found] for c, found in built._by_first.items()}
    assert len(built._by_first["a"]) < len(built.entries)   # the index does narrow



HELP_BY_ENTRY = """
import json, sys
from engine.cli_quick import run
try:
    run()
except SystemExit as done:
    print(json.dumps([done.code, "engine.regex_cache" in sys.modules]))
"""


@pytest.mark.parametrize("argv", [["--help"], ["explain", "--help"], []])
def test_help_reads_no_kept_patterns(tmp_path, argv):
    """A page of help compiles few patterns: reading the kept ones (engine/regex_cache.py)
    would cost it more than it saves."""
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", HELP_BY_ENTRY, *argv], env=env, capture_output=True, text=True)
    code, kept = json.loads(done.stdout.splitlines()[-1])
    assert code in (0, 2, None) and kept is False


UNIT_ALIASES = """
import json
import engine.units as units

def refuse(text):
    raise RuntimeError("folded units.txt")

units._alias_table = refuse
try:
    print(json.dumps(units.alias_table()))
except RuntimeError as exc:
    print(json.dumps(str(exc)))
"""


def test_a_later_run_reads_the_unit_aliases_from_the_cache(tmp_path):
    """The unit spellings are folded once, then read from the cache folder: the same table."""
    from engine.units import alias_table

    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    run = [sys.executable, "-c", UNIT_ALIASES]
    assert json.loads(subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout) == \
        "folded units.txt"
    subprocess.run([sys.executable, "-c", "from engine.units import alias_table; alias_table()"], env=env, check=True)
    assert json.loads(subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout) == alias_table()
