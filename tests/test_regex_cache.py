"""Compiled regular expressions kept between runs of `elig` (engine/regex_cache.py): a
pattern compiled from its kept code is the pattern re compiles, a later run compiles none
of the engine's patterns anew, and a damaged or foreign file only costs time."""
from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from re import _compiler

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import regex_cache
from engine.regex_cache import KeptPatterns

_RE_COMPILE = _compiler.compile   # re's own, whatever a test installs


def _kept_and_again(tmp_path, patterns):
    """Each (pattern, flags) compiled by a KeptPatterns (its code made and kept), saved, then
    compiled again by another that reads the file (the code as kept)."""
    first = KeptPatterns(tmp_path / "kept.marshal")
    made = [first.compile(pattern, flags) for pattern, flags in patterns]
    first.save()
    again = KeptPatterns(tmp_path / "kept.marshal")
    return made, [again.compile(pattern, flags) for pattern, flags in patterns], again


def _the_engine_patterns():
    """The grammar's terminals and the lexicon's entries: the patterns start-up compiles most."""
    from engine.parse import parser
    from engine.read.lexicon import lexicon
    terminals = [(t.pattern.to_regexp(), 0) for t in parser().terminals]
    return terminals + [(entry[2].pattern, entry[2].flags) for entry in lexicon().entries]


def test_the_engine_patterns_from_kept_code_are_those_re_compiles(tmp_path):
    patterns = _the_engine_patterns()
    made, again, kept = _kept_and_again(tmp_path, patterns)
    # re's Pattern compares flags, pattern and the code itself.
    expected = [_RE_COMPILE(pattern, flags) for pattern, flags in patterns]
    assert made == expected and again == expected
    assert kept.added == 0 and len(kept.used) == len(set(patterns))


_ATOMS = st.sampled_from(["a", "B", "\\d", "[a-z]", "[^\\s]", ".", "\\b", "é", "µ", "\\w+", "(?i:k)", "^", "$"])


def _regexes():
    def grown(inner):
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map("|".join),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{1,3}", "*?"])).map(lambda p: f"(?:{p[0]}){p[1]}"),
            st.tuples(st.sampled_from(["(", "(?P<n>", "(?=", "(?<!x)(", "(?!"]), inner).map(lambda p: f"{p[0]}{p[1]})"))
    return st.recursive(_ATOMS, grown, max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(pattern=_regexes(), flags=st.sampled_from([0, re.I, re.I | re.S, re.M, re.X | re.I]),
       text=st.text(alphabet="aBkK\u212ad 1é.µx\n", max_size=12))
def test_any_pattern_from_kept_code_matches_as_re_compiles_it(tmp_path_factory, pattern, flags, text):
    try:
        expected = _RE_COMPILE(pattern, flags)
    except re.error:
        return   # not a pattern: re says so, kept or not
    made, again, _ = _kept_and_again(tmp_path_factory.mktemp("kept"), [(pattern, flags)])
    assert made == again == [expected]
    assert _found(again[0], text) == _found(expected, text)


def _found(pattern: re.Pattern, text: str):
    match = pattern.search(text)
    return match and (match.span(), match.groupdict())


def test_code_this_interpreter_cannot_run_is_compiled_as_re_does(tmp_path):
    path = tmp_path / "kept.marshal"
    path.write_bytes(marshal.dumps({("a+b", 0): marshal.dumps((0, b"\x01\x02\x03", 0, {}, (None,)))}))
    kept = KeptPatterns(path)
    assert kept.compile("a+b", 0) == _RE_COMPILE("a+b", 0)


def test_a_damaged_file_is_compiled_again_and_written_whole(tmp_path):
    path = tmp_path / "kept.marshal"
    path.write_bytes(b"\x00not marshal")
    kept = KeptPatterns(path)
    assert kept.compile("x(?P<y>\\d+)", re.I) == _RE_COMPILE("x(?P<y>\\d+)", re.I)
    kept.save()
    assert KeptPatterns(path).compile("x(?P<y>\\d+)", re.I) == _RE_COMPILE("x(?P<y>\\d+)", re.I)
    assert ("x(?P<y>\\d+)", int(re.I)) in KeptPatterns(path).kept


def test_the_file_starts_again_from_the_last_run_past_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_cache, "MAX_KEPT", 3)
    path = tmp_path / "kept.marshal"
    held = []
    for run in (["a1", "a2"], ["b1", "b2"], ["c1"]):
        kept = KeptPatterns(path)
        for pattern in run:
            kept.compile(pattern)
        kept.save()
        held.append(sorted(pattern for pattern, _ in KeptPatterns(path).kept))
    assert held == [["a1", "a2"], ["b1", "b2"], ["b1", "b2", "c1"]]


RUN = """
import json, sys
from engine.regex_cache import keep_compiled_patterns
kept = keep_compiled_patterns()
from engine.cli_quick import main
code = main(sys.argv[1:])
print(json.dumps([code, kept.added]))
"""


@pytest.mark.parametrize("argv", [["explain", "AST and ALT ≤ 3 times ULN (5 times ULN if LFT elevations due to "
                                   "liver metastases)"], ["import", "{record}"]])
def test_a_later_run_compiles_no_pattern_anew(tmp_path, argv):
    """The first run builds the parser and catalogues (compiling their patterns), the second
    reads them from the cache folder (a pattern unpickled is compiled with re's flags added
    to its own: another key); from then on every pattern comes from the kept code."""
    record = os.path.join(os.path.dirname(__file__), "data", "ctgov", "NCT99000001.json")
    argv = [word.format(record=record) for word in argv]
    env = {**os.environ, "ELIG_CACHE_DIR": str(tmp_path)}

    def run():
        done = subprocess.run([sys.executable, "-c", RUN, *argv], env=env, capture_output=True, text=True,
                              check=True)
        *output, last = done.stdout.splitlines()
        return json.loads(last), output, done.stderr

    (code, added), output, errors = run()      # builds the parser and the catalogues too
    assert code == 0 and added > 100
    run()                                        # reads them from the cache folder
    (code, added), output_again, errors_again = run()
    assert (code, added) == (0, 0) and (output_again, errors_again) == (output, errors)
