"""A terminal's pattern read for the lexer (engine/lalr.py), with re's own parser.

first_chars: the characters a match can begin with, so that a lexer state tries only
the terminals that can start at the character at hand.

for_scanning: the same matches, found with fewer steps. The lexer reads a match's span
and which named group (terminal) matched, nothing else, so two rewrites are free to make:

* The first letter of each alternative becomes a set. Python's regex engine, trying the
  alternatives of a group, skips in one test each alternative that starts with a plain
  character or set the text does not have there, but enters, and then leaves, every
  alternative that starts with a case-insensitive letter; the grammar's terminals are
  case-insensitive word lists ("at least", "greater than", "no more than" ...) tried at
  every token. The set holds every character that matches the letter without regard to
  case: [aA], and Python's own additions, the Kelvin sign to k, the long s to s, the
  Turkish dotted and dotless I to i (tests/test_scan_patterns.py checks the sets against
  every code point). The other letters keep their flag: a set per letter would cost more
  to compile than it saves.
* Groups without a name stop capturing: the engine then skips their bookkeeping.
"""
from __future__ import annotations

import re
import string
from pathlib import Path
from re import _constants as sre, _parser as sre_parse
from typing import NamedTuple, Optional

from .cache import prepared

# The characters that re matches, under IGNORECASE, for each ASCII letter.
CASE_SETS = {letter: letter + letter.upper() for letter in string.ascii_lowercase}
CASE_SETS.update(i="iI\u0130\u0131", k="kK\u212a", s="sS\u017f")

_REPEATS = {sre.MAX_REPEAT: "", sre.MIN_REPEAT: "?", sre.POSSESSIVE_REPEAT: "+"}
# Items written as one atom (a character, a set, a scoped group), repeated without a group.
_ONE_CHARACTER = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY, sre.CATEGORY)
_AT = {sre.AT_BEGINNING: "^", sre.AT_BEGINNING_STRING: r"\A", sre.AT_BOUNDARY: r"\b",
       sre.AT_NON_BOUNDARY: r"\B", sre.AT_END: "$", sre.AT_END_STRING: r"\Z"}
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
               sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
               sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
# Flags the rewriting leaves as they are (ASCII, LOCALE, MULTILINE, VERBOSE ... are not
# met in the grammar, and a pattern using them is returned unchanged).
_KEPT_FLAGS = re.IGNORECASE | re.UNICODE | re.DOTALL


class _Unsupported(Exception):
    pass


# ------------------------------------------------ which characters a match can begin with
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def first_chars(regexp: str, flags: int = 0) -> Optional[re.Pattern]:
    """A one-character pattern for the characters a match of regexp can begin with (it
    may allow more, never fewer); None when that may be any character.

    The pattern is rebuilt from the expression's own character sets and case flags, so
    re decides case-folding ("(?i:k)" begins with the Kelvin sign too) as it does when
    lexing.
    """
    parsed = sre_parse.parse(regexp, flags)
    pieces, nullable = _first(parsed, parsed.state.flags)
    return None if pieces is None or nullable else re.compile("|".join(pieces))


def gated(regexp: str, flags: int = 0) -> re.Pattern:
    """regexp compiled behind a lookahead of one set: the characters a match can begin with
    (as first_chars reads them). The matches are the same; a search passes over each
    position where none can begin in one test of a set, instead of entering every
    alternative there (most of the time a search of a line costs, for the word lists the
    reader looks for). Compiled as written where the characters are not one set: any
    character may begin a match, or one outside a set (a negated set, a global flag)."""
    gate = _first_set(regexp, flags)
    return re.compile(f"(?={gate})(?:{regexp})" if gate else regexp, flags)


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _first_set(regexp: str, flags: int) -> Optional[str]:
    """One set of the characters a match of regexp can begin with (under its flags), or None."""
    if _GLOBAL_FLAGS.match(regexp):
        return None  # global flags must stay first
    parsed = sre_parse.parse(regexp, flags)
    pieces, nullable = _first(parsed, parsed.state.flags)
    if pieces is None or nullable:
        return None
    members, ignoring_case = [], False
    for piece in pieces:
        scoped = piece.startswith("(?i:")
        one = piece[4:-1] if scoped else piece
        if one.startswith("[^"):
            return None
        members.append(one[1:-1] if one.startswith("[") else one)
        ignoring_case = ignoring_case or (scoped and not flags & re.IGNORECASE)
    # Under the pattern's flags, each member matches what it matched as a first character;
    # a letter that did so without regard to case, inside a pattern that does not, keeps
    # that (the other members may then match more, never less).
    members = "".join(dict.fromkeys(members))
    return f"(?i:[{members}])" if ignoring_case else f"[{members}]"


def _first(items, flags: int) -> tuple[Optional[list[str]], bool]:
    """(one-character patterns a match of the sequence can begin with, whether the
    sequence can match nothing); None for the patterns when any character may begin it."""
    pieces: list[str] = []
    for op, av in items:
        found, nullable = _first_of(op, av, flags)
        if found is None:
            return None, True
        pieces += found
        if not nullable:
            return pieces, False
    return pieces, True


def _first_of(op, av, flags: int) -> tuple[Optional[list[str]], bool]:
    if op is sre.SUBPATTERN:
        _, add, remove, sub = av
        return _first(sub, (flags | add) & ~remove)
    if op in _REPEATS:
        low, _, sub = av
        found, nullable = _first(sub, flags)
        return found, nullable or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first(av, flags)
    if op is sre.BRANCH:
        return _first_of_branches(av[1], flags)
    if op in _ZERO_WIDTH:
        return [], True  # anchors and lookarounds only narrow what follows
    one = _one_char(op, av)
    if one is None:
        return None, True
    return [f"(?i:{one})" if flags & re.IGNORECASE else one], False


def _first_of_branches(alternatives, flags: int) -> tuple[Optional[list[str]], bool]:
    pieces: list[str] = []
    nullable = False
    for alternative in alternatives:
        found, empty = _first(alternative, flags)
        if found is None:
            return None, True
        pieces += found
        nullable = nullable or empty
    return pieces, nullable


def _one_char(op, av) -> Optional[str]:
    """A pattern for one character of a literal or a set; None for any character."""
    if op is sre.LITERAL:
        return _escape(av)
    if op is sre.NOT_LITERAL:
        return f"[^{_escape(av)}]"
    if op is sre.IN:
        return _char_set(av)
    return None


# ------------------------------------------------ the pattern rewritten for scanning
def for_scanning(pattern: str, flags: int = 0) -> tuple[str, int]:
    """(pattern, flags) matching where and as far as the given ones match, with the same
    named groups (and the same last group when the pattern is itself inside a named group,
    as each terminal is in a scanner: an unnamed group around a named one no longer
    counts); the input unchanged when it uses something the rewriting does not know."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        if parsed.state.flags & ~_KEPT_FLAGS:
            raise _Unsupported(parsed.state.flags)
        names = {number: name for name, number in parsed.state.groupdict.items()}
        text = _Writer(names).sequence(parsed, parsed.state.flags)
    except _Unsupported:
        return pattern, flags
    return text, flags & ~re.IGNORECASE & ~re.DOTALL & ~re.UNICODE


class _Writer:
    def __init__(self, group_names: dict[int, str]) -> None:
        self.group_names = group_names

    def sequence(self, items, flags: int, head: bool = False) -> str:
        """head: the items are an alternative of a group, whose first letter is spelled
        out; other case-insensitive letters keep their flag, a run of them in one group."""
        parts, run = [], []
        for index, (op, av) in enumerate(items):
            if op is sre.LITERAL and flags & re.IGNORECASE and not _uncased_char(chr(av)) and \
                    not (head and index == 0 and chr(av).isascii()):
                run.append(_escape(av))
                continue
            if run:
                parts.append(f"(?i:{''.join(run)})")
                run = []
            parts.append(self.item(op, av, flags, head and index == 0))
        if run:
            parts.append(f"(?i:{''.join(run)})")
        return "".join(parts)

    def item(self, op, av, flags: int, head: bool = False) -> str:
        if op is sre.LITERAL:
            return self.literal(av, flags)
        if op is sre.NOT_LITERAL:
            return _scoped(f"[^{_escape(av)}]", flags)
        if op is sre.IN:
            written = _char_set(av)
            if written is None:
                raise _Unsupported(av)
            return _scoped(written, flags) if _may_be_cased(av) else written
        if op is sre.ANY:
            return "(?s:.)" if flags & re.DOTALL else "(?-s:.)"
        if op is sre.BRANCH:
            return "(?:" + "|".join(self.sequence(alternative, flags, head=True) for alternative in av[1]) + ")"
        if op is sre.SUBPATTERN:
            return self.subpattern(av, flags, head)
        if op in _REPEATS:
            low, high, sub = av
            high_text = "" if high is sre.MAXREPEAT else str(high)
            atom = self.sequence(sub, flags)
            if len(sub) != 1 or sub[0][0] not in _ONE_CHARACTER:
                atom = f"(?:{atom})"
            return f"{atom}{{{low},{high_text}}}{_REPEATS[op]}"
        if op is sre.ATOMIC_GROUP:
            return f"(?>{self.sequence(av, flags)})"
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, sub = av
            kind = ("(?=" if op is sre.ASSERT else "(?!") if direction > 0 else \
                ("(?<=" if op is sre.ASSERT else "(?<!")
            return f"{kind}{self.sequence(sub, flags)})"
        if op is sre.AT and av in _AT:
            return _AT[av]
        if op is sre.CATEGORY and av in _CATEGORIES:
            return _CATEGORIES[av]
        raise _Unsupported(op)

    def literal(self, code: int, flags: int) -> str:
        char = chr(code)
        if not flags & re.IGNORECASE or _uncased_char(char):
            return _escape(code)
        letters = CASE_SETS.get(char.lower()) if char.isascii() else None
        if letters is None:
            return _scoped(_escape(code), flags)
        return "[" + "".join(_escape(ord(letter)) for letter in letters) + "]"

    def subpattern(self, av, flags: int, head: bool) -> str:
        group, add, remove, sub = av
        if (add | remove) & ~_KEPT_FLAGS:
            raise _Unsupported(add | remove)
        inner = self.sequence(sub, (flags | add) & ~remove, head)
        if group is None:
            return f"(?:{inner})"
        name = self.group_names.get(group)
        return f"(?P<{name}>{inner})" if name else f"(?:{inner})"  # no name: nothing reads it


def _scoped(text: str, flags: int) -> str:
    """A piece that keeps the case-insensitivity it had (sets, non-ASCII letters)."""
    return f"(?i:{text})" if flags & re.IGNORECASE else text


def _may_be_cased(items) -> bool:
    """Whether case can matter to a set: any range, or a letter with cases (\\s, digits
    and signs are the same without regard to case)."""
    return any(op is sre.RANGE or (op is sre.LITERAL and not _uncased_char(chr(av))) for op, av in items)


def _uncased_char(char: str) -> bool:
    return char.lower() == char == char.upper()


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _char_set(items) -> Optional[str]:
    """A set written back; None when it holds something this module does not write."""
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(_escape(av))
        elif op is sre.RANGE:
            parts.append(f"{_escape(av[0])}-{_escape(av[1])}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return None
    return "[" + "".join(parts) + "]"


# ------------------------------------------------ every terminal of a lexer, prepared once
class LexerPatterns(NamedTuple):
    """For each terminal (by name): first_chars, and the pattern to scan with."""
    first: dict[str, Optional[re.Pattern]]
    scanning: dict[str, str]


def lexer_patterns(regexps: dict[str, str], flags: int) -> LexerPatterns:
    """first_chars and for_scanning of every terminal of a lexer (a scanning pattern that
    needs other flags than the lexer's keeps the terminal's own: the scanner is compiled
    with the lexer's). Reading the patterns costs a tenth of a second, paid by every
    command: they are kept in the cache folder, under the patterns and this module's code."""
    def build() -> LexerPatterns:
        scanning = {}
        for name, regexp in regexps.items():
            rewritten, rewritten_flags = for_scanning(regexp, flags)
            scanning[name] = rewritten if rewritten_flags == flags else regexp
        return LexerPatterns({name: first_chars(regexp, flags) for name, regexp in regexps.items()}, scanning)

    key = "\0".join(f"{name}\0{regexp}" for name, regexp in regexps.items()) + f"\0{flags}"
    return prepared("scan-patterns", (key.encode("utf-8"), Path(__file__).read_bytes()), build)
