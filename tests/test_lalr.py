"""engine/lalr.py: the lean parser reads exactly what Lark's parser reads, and fails
where it fails."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from engine import lalr
from engine.errors import CriterionError
from engine.scan_patterns import first_chars
from engine.parse import blank_markers, lean_parser, parser

from .conftest import table
from .corpus_support import corpus_dir, corpus_texts, require_corpus


def _outcome(parse, text: str):
    """What a parser makes of text: its result, or where and on what it failed."""
    try:
        return "read", parse(text)
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        return type(exc).__name__, exc.pos_in_stream, token and (token.type, str(token))
    except CriterionError as exc:  # raised by a transformer callback
        return type(exc).__name__, exc.message, exc.column


def _lines() -> list[str]:
    corpus = corpus_texts() if corpus_dir() else []  # the tests say require_corpus() themselves
    return [blank_markers(text) for text in corpus + [row["text"] for row in table("grammar.yaml")]]


def _cut(lines: list[str], per_line: int) -> list[str]:
    """Each line with random stretches cut out or kept: errors at every kind of place."""
    rng = random.Random(3)
    cut = []
    for line in (line for line in lines if len(line) > 1):
        for _ in range(per_line):
            i, j = sorted(rng.sample(range(len(line) + 1), 2))
            cut += [line[i:j], line[:i] + line[j:]]
    return [text for text in cut if text.strip()]


@pytest.mark.parametrize("texts", [_lines(), _cut(_lines(), 4)], ids=["whole lines", "cut lines"])
def test_lean_parser_agrees_with_lark(texts):
    require_corpus()
    lark, lean = parser(), lean_parser()
    disagree = [text for text in texts if _outcome(lark.parse, text) != _outcome(lean.parse, text)]
    assert disagree == []


def test_lean_parser_agrees_across_blanks():
    """A token's match takes the blank after it (lalr._Scanners._trailing_ignored): tabs, runs
    of spaces, and blanks it does not take (a no-break space) read as Lark reads them,
    at the same columns."""
    require_corpus()
    rng = random.Random(5)
    blanks = ["  ", "\t", " \t ", "\n", "\x0b", "\u00a0", " \u2003 "]
    texts = ["".join(rng.choice(blanks) if ch == " " else ch for ch in line) for line in _lines()]
    lark, lean = parser(), lean_parser()
    assert [text for text in texts if _outcome(lark.parse, text) != _outcome(lean.parse, text)] == []


def test_lean_parser_past_its_character_memory(monkeypatch):
    """Once a state has met as many characters as it keeps, it scans with all its
    terminals: the same reading, more slowly."""
    require_corpus()
    monkeypatch.setattr(lalr, "_CHARS_KEPT", 0)
    lark, lean = parser(), lalr.LeanParser(parser())
    texts = _lines()[:60]
    assert [_outcome(lark.parse, t) for t in texts] == [_outcome(lean.parse, t) for t in texts]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="≥≤<>=/ .,;:0123456789xX×^()-%µμ ULNandorifwithnormalAST", max_size=60))
def test_lean_parser_agrees_on_noise(text):
    assert _outcome(parser().parse, text) == _outcome(lean_parser().parse, text)


@pytest.mark.parametrize("regexp, can_begin, cannot_begin", [
    (r"abc|d", "ad", "bcx "),
    (r"(?i:k)", "kK\u212a", "x"),  # re folds the Kelvin sign to k: so must the first characters
    (r"(,\s*)?or(?![a-z])", ",o", "r "),  # an optional group lets what follows begin
    (r"(?<=[aA])\s+1", " \t", "a1"),  # a lookbehind consumes nothing
    (r"[^\d]x", "a ", "5"),
    (r"\d+(\.\d+)?|\.\d+", "0٣.", "a"),
])
def test_first_chars(regexp, can_begin, cannot_begin):
    first = first_chars(regexp)
    assert all(first.match(ch) for ch in can_begin)
    assert not any(first.match(ch) for ch in cannot_begin)


@pytest.mark.parametrize("regexp", [r"a*", r"(?=x)|y", r".b", r"(a)?\1"])
def test_first_chars_unknown(regexp):
    """May begin with nothing in particular (or the analysis does not say): any character."""
    assert first_chars(regexp) is None


def test_a_cached_parser_reads_as_the_analysed_one(tmp_path, monkeypatch):
    """The grammar's analysis is kept in the user's cache between runs: a parser loaded
    from it reads every line as the freshly analysed one, and a damaged cache file is
    analysed again, not trusted."""
    require_corpus()
    from engine.lalr import LeanParser
    from engine.parse import built_parser
    from engine.transform import ToNodes

    monkeypatch.setenv("ELIG_CACHE_DIR", str(tmp_path))
    fresh = LeanParser(built_parser("compile", transformer=ToNodes()))
    (cache,) = tmp_path.glob("*.lark")
    loaded = LeanParser(built_parser("compile", transformer=ToNodes()))
    lines = _lines()
    assert [_outcome(loaded.parse, t) for t in lines] == [_outcome(fresh.parse, t) for t in lines]
    cache.write_bytes(cache.read_bytes()[:500])
    again = LeanParser(built_parser("compile", transformer=ToNodes()))
    assert [_outcome(again.parse, t) for t in lines] == [_outcome(fresh.parse, t) for t in lines]


def test_the_cached_tree_parser_keeps_its_grammar(tmp_path, monkeypatch):
    """The grammar fuzzer (hypothesis's from_lark) reads the tree parser's grammar, also
    when the parser comes from the cache."""
    from engine.parse import tree_parser

    monkeypatch.setenv("ELIG_CACHE_DIR", str(tmp_path))
    analysed = tree_parser.__wrapped__()
    loaded = tree_parser.__wrapped__()
    assert [path.name.startswith("tree-") for path in tmp_path.iterdir()] == [True]
    assert loaded.grammar.term_defs == analysed.grammar.term_defs
    assert repr(loaded.grammar.rule_defs) == repr(analysed.grammar.rule_defs)


LARK_MADE = """
import json, sys
from engine import parse
from engine.cli_quick import main
code = main(sys.argv[1:])
print(json.dumps([code, parse.parser.cache_info().currsize]))
"""


def test_a_later_run_compiles_without_making_larks_parser(tmp_path):
    """The lean parser's tables are kept in the cache folder: the first run makes Lark's
    parser to read them, a later one reads them from there (the same tables)."""
    import json
    import os
    import pickle
    import subprocess
    import sys

    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}
    argv = [sys.executable, "-c", LARK_MADE, "explain", "Platelets ≥ 100,000/μL"]
    runs = [json.loads(subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
            for _ in range(2)]
    assert runs == [[0, 1], [0, 0]]
    (kept,) = tmp_path.glob("lean-parser-*.pickle")
    from engine.transform import ToNodes
    lean = lalr.LeanParser.of_tables(pickle.loads(kept.read_bytes()), ToNodes())
    texts = [blank_markers(row["text"]) for row in table("grammar.yaml")]
    assert [_outcome(lean.parse, text) for text in texts] == [_outcome(parser().parse, text) for text in texts]
