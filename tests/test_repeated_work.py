"""Work the compiler keeps from one question to the next gives the answers asking anew gives.

The island reader asks whether runs of words are known names (answered from a name's key
words where no name has them) and compiles parts of a line (each once per line): neither
shortcut may change a reading.
"""
from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analytes import FILLER, QUALIFIERS, catalogue
from engine.criteria import _compile_once
from engine.parse import blank_markers
from engine.read.islands import read_islands

_NAME_WORDS = sorted({w for key in catalogue().by_key for w in key.split()})
_PROSE = ["measures", "imaging", "shown", "by", "or", "and", "haemoglobin", "Platelets", "ULN", "x", "10^9/L"]
_MARKS = ["(", ")", "-", "/", ",", "(ANC)", "WBC-", "2160-0"]
_WORD = st.sampled_from(_NAME_WORDS) | st.sampled_from(sorted(FILLER) + list(QUALIFIERS) + _PROSE + _MARKS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from([" ", "", "  "]))
def test_a_known_name_is_what_the_full_lookup_finds(words, blank):
    name = blank.join(words)
    full = bool(catalogue().lookup_whole(name) or catalogue().group(name))
    assert catalogue().is_known_name(name) == full


def test_a_known_name_by_its_parts():
    assert catalogue().is_known_name("absolute neutrophil count")
    assert catalogue().is_known_name("serum transaminases")  # a group
    assert catalogue().is_known_name("AST (SGOT)")
    assert not catalogue().is_known_name("measures at least")


def test_each_part_of_a_line_is_compiled_once():
    text = "Lesion measures at least 2 centimeters on CT"  # the reader came back to a part
    parts: Counter = Counter()

    def compile_part(part: str):
        parts[part] += 1
        return _compile_once(part, text, "inclusion", False)

    read_islands(blank_markers(text), "inclusion", compile_part)
    assert parts and max(parts.values()) == 1
