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


# The commands' markup templates: their own styles, "{}" for a text escaped into it.
TEMPLATES = ["[red]error:[/] {}", "[bold]{}[/]  (inclusion)", "{}", "canonical: {}", "  {}",
             "[yellow]warning:[/] replaced {}: {}", "[yellow]info:[/] {}", "each word:",
             "NCT00000001: 3 of 4 criteria machine-evaluable; written to {}", "[red]error: {}"]
TEXT = st.text(st.sampled_from("ab :[]/\\\t\n\r\x07\x1b\u2028é≥µ🔔") | st.characters(), max_size=30)
EMOJI_LIKE = st.sampled_from([":bell:", ":smile:", ":bell-text:", ":nothing:", "a:b:", "[bold]", "[/]", "\\[x]"])


@settings(max_examples=400, deadline=None)
@given(template=st.sampled_from(TEMPLATES), texts=st.lists(TEXT | EMOJI_LIKE, min_size=2, max_size=2),
       stderr=st.booleans())
def test_a_line_is_written_as_richs_console_writes_it(template, texts, stderr):
    """say() writes a line itself only where rich's console would write that very text (not
    a terminal), and leaves every other line to rich."""
    from rich.console import Console
    from rich.markup import escape

    from engine.cli_quick import WIDTH, say

    texts = texts[:template.count("{}")]
    pieces = template.split("{}")
    markup = "".join(piece + escape(text) for piece, text in zip(pieces, texts)) + pieces[-1]
    rich_out, said, other = io.StringIO(), io.StringIO(), io.StringIO()
    try:
        Console(file=rich_out, soft_wrap=True, width=WIDTH).print(markup)
    except Exception as exc:    # markup rich refuses: say() leaves it to rich, which refuses it too
        expected: object = type(exc)
    else:
        expected = rich_out.getvalue()
    with redirect_stdout(other if stderr else said), redirect_stderr(said if stderr else other):
        try:
            say(template, *texts, stderr=stderr)
        except Exception as exc:
            answer: object = type(exc)
        else:
            answer = said.getvalue()
    assert answer == expected and other.getvalue() == ""


def test_an_explained_line_piped_is_written_without_rich(tmp_path):
    """Piped (not a terminal), `elig explain` and `elig import` write their lines themselves:
    importing rich was a tenth of explaining a line."""
    import json
    import os
    import subprocess
    import sys

    program = ("import json, sys\nfrom engine.cli_quick import main\ncode = main(sys.argv[1:])\n"
               "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] == 'rich')]))")
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    for argv in (["explain", "Platelets ≥ 100,000/μL"], ["explain", "Plateletts ≥ 100,000/μL"],
                 ["import", str(RECORD), "-o", str(tmp_path / "rules.yaml")]):
        done = subprocess.run([sys.executable, "-c", program, *argv], env=env, capture_output=True,
                              text=True, check=True)
        assert json.loads(done.stdout.splitlines()[-1]) == [0, []], argv
