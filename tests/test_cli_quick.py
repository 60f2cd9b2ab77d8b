"""`elig explain` and `elig import` with plain arguments run without the typer app
(engine/cli_quick.py): which argument lists are plain, and that a plain one gets the same
output, errors and exit code as the typer app gives it."""
from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli import app_main
from engine.cli_quick import plain_arguments, quick

from .conftest import DATA, table

ROWS = table("cli_quick.yaml")
RECORD = DATA / "ctgov" / "NCT99000001.json"
SEED = DATA / "seeds" / "NCT00699491-cixutumumab-temsirolimus-breast.txt"


def _placed(value, record: Path, out: Path):
    """A table's RECORD and OUT (alone or inside a word) as the paths of this run."""
    if not isinstance(value, str):
        return value
    return value.replace("RECORD", str(record)).replace("OUT", str(out))


@pytest.mark.parametrize("row", ROWS, ids=[" ".join(map(str, row["argv"]))[:60] for row in ROWS])
def test_which_argument_lists_are_plain(row, tmp_path):
    out = tmp_path / "rules.yaml"
    argv = [_placed(word, RECORD, out) for word in row["argv"]]
    plain = plain_arguments(argv)
    if "plain" not in row:
        assert plain is None
        return
    assert plain is not None
    paths = {"record", "output"}
    expected = {name: Path(_placed(value, RECORD, out)) if name in paths else value
                for name, value in row["plain"].items()}
    assert plain[1] == expected


def _run(run, argv: list[str]) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = run(argv)
    return code, stdout.getvalue(), stderr.getvalue()


def _both(argv: list[str], reset=lambda: None) -> None:
    """Run argv quick and through the typer app, from the same state: the same answer."""
    if plain_arguments(argv) is None:
        return
    reset()
    quick_answer = _run(quick, argv)
    reset()
    assert quick_answer == _run(app_main, argv)


EXPLAIN_WORDS = ["Platelets ≥ 100,000/μL", "Plateletts ≥ 100,000/μL", "Known hepatitis B",
                 "AST and ALT ≤ 3 times ULN (5 times ULN if LFT elevations due to liver metastases)",
                 "Creatinine ≤ 1.5 mg/dL", "no threshold here", "[bold]ANC[/] ≥ 1500",
                 "--strict", "--no-strict", "--json", "--section", "--section=exclusion", "exclusion",
                 "inclusion", "other", "-5", "--"]

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])



def _calls(argument: list[str], options: list[list[str]], words: list[str]):
    """Argument lists: the argument and some options (each a word or an option and its
    value) in any order, or any words (most of them not plain)."""
    arranged = st.tuples(st.sampled_from(argument), st.lists(st.sampled_from(options), max_size=3))
    plain_like = arranged.flatmap(lambda parts: st.permutations([[parts[0]], *parts[1]]))
    return st.one_of(plain_like.map(lambda groups: [word for group in groups for word in group]),
                     st.lists(st.sampled_from(words), min_size=1, max_size=5))


@FAST
@given(_calls(EXPLAIN_WORDS[:7], [["--strict"], ["--no-strict"], ["--json"], ["--section", "exclusion"],
                                  ["--section=inclusion"], ["--section", "other"]], EXPLAIN_WORDS))
def test_a_plain_explain_answers_as_the_typer_app(words):
    _both(["explain", *words])


IMPORT_WORDS = ["RECORD", "SEED", "MISSING", "-o", "--output", "OUT", "--output=OUT", "--overwrite",
                "--max-input-mb", "1", "32", "0", "THE-RECORD-AS-OUT"]


@FAST
@given(words=_calls(IMPORT_WORDS[:3] + IMPORT_WORDS[-1:], [["-o", "OUT"], ["--output", "THE-RECORD-AS-OUT"],
                                                          ["--output=OUT"], ["--overwrite"], ["--max-input-mb", "1"],
                                                          ["--max-input-mb", "32"]], IMPORT_WORDS),
       existing=st.sampled_from([None, "a rules file", "another file"]))
def test_a_plain_import_answers_as_the_typer_app(words, existing, tmp_path):
    """From the same output folder each time: no file there, the rules file of another
    trial, or a file that is not a rules file."""
    folder = tmp_path / "outputs"
    out = folder / "rules.yaml"
    names = {"RECORD": str(RECORD), "SEED": str(SEED), "MISSING": str(folder / "missing.json"),
             "THE-RECORD-AS-OUT": str(folder / "record.json"), "OUT": str(out)}

    def reset() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        shutil.copy(RECORD, folder / "record.json")
        if existing == "a rules file":
            shutil.copy(Path(__file__).parent.parent / "rules" / "NCT00699491.yaml", out)
        elif existing:
            out.write_text("not: a rules file\n", encoding="utf-8")

    argv = ["import"] + [names.get(word, word).replace("=OUT", f"={out}") for word in words]
    _both(argv, reset)
