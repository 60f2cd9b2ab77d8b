"""engine/scan_patterns.py: a terminal's pattern rewritten for the lexer matches where and
as far as the original does, with the same named group."""
from __future__ import annotations

import functools
import re
import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.parse import parser
from engine.scan_patterns import CASE_SETS, for_scanning, gated

from .corpus_support import corpus_texts, require_corpus

# Letters that re matches without regard to case in more than two ways, other cased
# letters, marks and signs met in criteria: where a rewriting would go wrong.
_TRICKY = "İıKſµÅßσςΣǅǄǆﬀ≥≤×⁹₉°’–—\u00a0"


def _outcome(pattern: re.Pattern, text: str, pos: int):
    found = pattern.match(text, pos)
    return found and (found.span(), found.lastgroup, found.groupdict())


def _first_difference(pattern: str, flags: int, texts: list[str]):
    """(text, position) where the rewritten pattern matches otherwise; None if nowhere."""
    original, rewritten = re.compile(pattern, flags), re.compile(*for_scanning(pattern, flags))
    for text in texts:
        for pos in range(len(text) + 1):
            if _outcome(original, text, pos) != _outcome(rewritten, text, pos):
                return text, pos
    return None


def _terminals():
    return [(t.name, t.pattern.to_regexp()) for t in parser().terminals]


def _texts() -> list[str]:
    require_corpus()
    corpus = corpus_texts()
    upper = [text.upper() for text in corpus[:60]]
    tricky = ["ſince", "AT LEAſT 18", "İF liver", "ıf", "KARNOFSKY ≥ 70", "µmol/L", "Kelvin K",
              "NO MORE THAN 1.5 × ULN", "grEATer THAN or equal to"]
    return corpus + upper + tricky


def test_case_sets_are_every_character_re_matches_for_the_letter():
    """One regex with a group per letter, run over every code point: which letter (if
    any) each character matches under IGNORECASE."""
    letters = string.ascii_lowercase
    pattern = re.compile("(?i:" + "|".join(f"({letter})" for letter in letters) + ")")
    found: dict[str, set[str]] = {letter: set() for letter in letters}
    for code in range(sys.maxunicode + 1):
        match = pattern.fullmatch(chr(code))
        if match:
            found[letters[match.lastindex - 1]].add(chr(code))
    assert {letter: set(CASE_SETS[letter]) for letter in letters} == found


@pytest.mark.parametrize("name, regexp", _terminals(), ids=[name for name, _ in _terminals()])
def test_every_terminal_matches_as_written(name, regexp):
    assert _first_difference(regexp, 0, _texts()) is None


def test_an_alternation_of_every_terminal_picks_the_same_terminal():
    """As a lexer state's scanner: each terminal a named group, tried in order."""
    alternation = "|".join(f"(?P<{name}>{regexp})" for name, regexp in _terminals())
    assert _first_difference(alternation, 0, _texts()) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["at", "least", "no", "more", "than", "or", "and", "if", "since",
                                 "uln", "x", "18", " ", "  ", "\t", "-", "(", ")", "/", ".", *_TRICKY]),
                max_size=8).map("".join))
def test_terminals_match_as_written_on_any_text(text):
    variants = [text, text.upper(), text.title()]
    for name, regexp in _terminals():
        assert _first_difference(regexp, 0, variants) is None, name


def test_the_first_letter_of_each_alternative_is_a_set():
    """Only the letter that decides whether an alternative is tried is spelled out; the
    rest keep the flag, and a set that case cannot change (blanks, digits) loses it."""
    pattern, flags = for_scanning(r"(?i:at\s+least|no\s+more\s+than)(?![a-z])")
    assert flags & re.IGNORECASE == 0
    assert pattern == r"(?:(?:[aA](?i:t)[\s]{1,}(?i:least)|[nN](?i:o)[\s]{1,}(?i:more)[\s]{1,}(?i:than)))(?![a-z])"


@pytest.mark.parametrize("pattern, flags", [
    (r"(?P<NAME>(?i:abc))|(?P<OTHER>\d+)", 0),
    (r"(?<=[aA])[ \t]+1[ \t]?[cC](?![\w'’\-])", re.I),
    (r"(?i)k(?-i:k)S", 0),
    (r"(?i:.)x", re.S),
    (r"(a|b)+?c{2,3}d*+(?>e)", re.I),
    (r"(?i:σ|µ)", 0),
    (r"(?i:[a-c][\s\d]x[^k])", 0),
])
def test_patterns_of_each_construct_match_as_written(pattern, flags):
    texts = ["abc", "ABC", "123", "aA 1c", "a 1C", "HbA 1 c", "kKS", "KKſ", "\nx", "Σx", "ςσµΜ",
             "aabcc", "BAccc", "abCCCdddE", "ac"]
    assert _first_difference(pattern, flags, texts) is None


def test_groups_without_a_name_stop_capturing():
    pattern, _ = for_scanning(r"(?P<CMP>(?i:(at\s+)?least))|(?P<NUMBER>(\d+)(\.\d+)?)")
    compiled = re.compile(pattern)
    assert compiled.groups == 2 and compiled.groupindex == {"CMP": 1, "NUMBER": 2}
    assert compiled.match("At least").lastgroup == "CMP"
    assert compiled.match("1.5").lastgroup == "NUMBER"


def test_a_pattern_with_flags_it_does_not_know_is_left_as_it_is():
    assert for_scanning("^abc$", re.I | re.M) == ("^abc$", re.I | re.M)
    assert for_scanning(r"(a)\1", re.I) == (r"(a)\1", re.I)


# ------------------------------------------------ gated: a search that skips where no match begins
def _reader_patterns() -> list[tuple[str, re.Pattern]]:
    """Every pattern the reader's modules compile (searched over lines and their parts)."""
    import engine.analytes, engine.concepts, engine.criteria, engine.parse, engine.reread, engine.transform
    import engine.read.islands, engine.read.joins, engine.read.lexicon, engine.read.normalise, engine.read.statements
    modules = [engine.analytes, engine.concepts, engine.criteria, engine.parse, engine.reread, engine.transform,
               engine.read.islands, engine.read.joins, engine.read.lexicon, engine.read.normalise,
               engine.read.statements]
    return [(f"{module.__name__}.{name}", value) for module in modules for name, value in vars(module).items()
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str)]


@functools.lru_cache(maxsize=1)
def _reader_patterns_gated() -> list[tuple[str, re.Pattern, re.Pattern]]:
    return [(name, pattern, gated(pattern.pattern, pattern.flags)) for name, pattern in _reader_patterns()]


def _all_matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name, pattern", _reader_patterns(), ids=[name for name, _ in _reader_patterns()])
def test_every_reader_pattern_gated_finds_what_it_finds(name, pattern):
    texts = _texts()
    gated_pattern = gated(pattern.pattern, pattern.flags)
    assert [t for t in texts if _all_matches(gated_pattern, t) != _all_matches(pattern, t)] == []


@pytest.mark.parametrize("regexp, flags, gate", [
    (r"\b(?:days?|weeks?|months?)\b", re.I, "(?=[dwm])"),
    (r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?![\d,])", 0, r"(?=[\d])"),
    (r"[<>≤≥]|=\s*\d|\b(?:than|least)\b", re.I, r"(?=[<>≤≥=tl])"),
    (r"(?i:k)m", 0, "(?=(?i:[k]))"),      # a letter that ignores case in a pattern that does not
    (r"a*b?", 0, None),                    # may match nothing: any position may begin a match
    (r".x", 0, None),                      # any character
    (r"[^a]b", 0, None),                   # a negated set
    (r"(?i)days", 0, None),                # global flags stay first
])
def test_the_gate_is_the_set_of_first_characters(regexp, flags, gate):
    pattern = gated(regexp, flags)
    assert pattern.pattern == (f"{gate}(?:{regexp})" if gate else regexp)
    assert pattern.flags == re.compile(regexp, flags).flags


def test_a_gate_keeps_what_re_matches_without_regard_to_case():
    assert gated(r"(?i:k)m").match("\u212am")   # the Kelvin sign is a k
    assert gated(r"\bsince\b", re.I).search("AT LEAST \u017fINCE 2020")  # the long s is an s


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["at", "least", "days", "WEEKS", "or", "and/or", "than", "1,5", "100.000", "12",
                                 " ", ",", ";", ".", "/", "-", "=", "<", ">", "x", *_TRICKY]),
                max_size=10).map("".join))
def test_gated_reader_patterns_find_the_same_on_any_text(text):
    for name, pattern, gated_pattern in _reader_patterns_gated():
        assert _all_matches(gated_pattern, text) == _all_matches(pattern, text), name


def test_the_reader_searches_its_hot_patterns_gated():
    """The patterns searched at every position of a line, several times a line."""
    from engine.read.islands import _PART_MARK
    from engine.read.joins import ANCHOR
    from engine.read.normalise import _DECIMAL_COMMA, _THOUSANDS_DOT
    from engine.read.statements import _AT_LEAST, TIME_UNIT
    for pattern in (ANCHOR, TIME_UNIT, _AT_LEAST, _PART_MARK, _DECIMAL_COMMA, _THOUSANDS_DOT):
        assert pattern.pattern.startswith("(?=[")
