"""Loads grammar/criteria.lark once and turns text into a Lark parse tree.

The parser is LALR with the contextual lexer in strict mode: any grammar ambiguity
(shift/reduce conflicts, colliding terminals of equal priority) fails at load time,
not silently at run time. Compiling runs Lark's tables with engine/lalr.py's leaner
loop; Lark's own parser still explains an error to a person (which tokens it expected).
"""
from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import lark
from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from . import lalr, transform
from .cache import cache_folder, prepared
from .errors import CriterionError, CriterionSyntaxError
from .lalr import LeanParser, lean_tables
from .read.normalise import Span, merged, normalise
from .transform import Flat, ToNodes

GRAMMAR_NAME = "criteria.lark"

# Leading list markers ("10.", "3)", "•", "-", a joiner left over from a split line)
# and trailing punctuation or joiners carry no meaning.
# Also "D. ", "(b) ", "iv) ", outline numbers "5.2.3 " and a bare item number before a
# capitalised name ("12 Platelets > 75,000/mm3").
_LEAD = re.compile(r"^\s*(?:[•·*\-–]\s*|\d{1,2}[.)]\s*(?=[^\d\s.])|(?i:and|or)\s+(?=\w)"
                   r"|\(?(?:[A-Za-z]|[ivxIVX]{1,4})[.)]\s+(?=\S)|\(\s*\d{1,2}\s*\)\s*"
                   r"|\d{1,2}(?:\.\d{1,2}){2,}\.?\s+|\d{1,2}\.\d{1,2}\.\s+|\d{1,2}\s+(?=[A-Z][a-z]{2})(?!(?:Years?|Yrs?|Months?|Weeks?|Days?|Hours?|Times?|Or|And|To|Weeks)\b)"
                   # "1- Serum albumin", "4.1.2) Bilirubin", "o Creatinine" (a bullet exported as
                   # a letter), "#3", "No. 3:", "Item 3:", "Criterion 3:". Never one that names a
                   # section ("Exclusion criterion 4:" under inclusion says the line is misfiled).
                   r"|\d{1,2}\s*[-–]\s+(?=[A-Za-z])|\d{1,2}(?:\.\d{1,2})+\)\s*(?=[A-Za-z])|o\s+(?=[A-Z])"
                   # The words only before a mark: "Item 3 of the HAM-D" is a threshold's name.
                   r"|#\s*\d{1,2}[a-z]?(?:\s*[:.)]\s*|\s+(?=[A-Za-z]))|(?i:no\.|item|criterion)\s*#?\s*\d{1,2}[a-z]?\s*[:.)]\s*)?")
_TRAIL = re.compile(r"(?:[\s.;,:*]|\s(?:and|or)\b)+$", re.I)
# Every character a _TRAIL match can hold (\s is what str.isspace() says, all below
# U+3001): a match starts after the last other character, and is searched for from there.
_TRAIL_CHARS = ".;,:*andorANDOR" + "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
# "Eighteen (18) years": the digits say it again.
_SPELLED = re.compile(r"\b[A-Za-z]+(?:[ -][A-Za-z]+)?\s*\((?=\d+\))")
# What every _SPELLED match is followed by: a quick test before the costly search.
_PAREN_DIGITS = re.compile(r"\(\d+\)")

_EXPECTED_WORDS = {
    "CMP": "a comparator (≥, <=, at least, less than ...)",
    "POSTCMP": "'or older' / 'or less'",
    "NUMBER": "a number",
    "ENUM": "a list of scores",
    "WORD": "an analyte name",
    "TIMED_WORD": "a timed name ('2-hour', '24-hour')",
    "TIMING": "when it is measured ('at screening')",
    "WITHIN": "how recent ('within 14 days')",
    "SEXES": "whom it is for ('men and women')",
    "RESPECTIVELY": "'in males and females respectively'",
    "PRESSURE_PART": "'systolic' / 'diastolic'",
    "SINCE": "'since'",
    "SEX_ONLY": "a sex alone ('female')",
    "AGES": "'the ages of'",
    "ON_SCALE": "the scale it is on ('on the MoCA')",
    "NEG": "'no' / 'not'",
    "NEGATIVE": "'negative'",
    "UNIT": "a unit",
    "POWER": "a power of ten (x 10^9)",
    "LIMIT": "ULN or LLN",
    "NORMAL": "'within normal limits'",
    "AND": "'and'",
    "OR": "'or'",
    "ANDOR": "'and/or'",
    "COMMA": "','",
    "SEMI": "';'",
    "SLASH": "'/'",
    "LPAR": "'('",
    "RPAR": "')'",
    "$END": "the end of the line",
}


def grammar_text() -> str:
    """The grammar, from the installed package or, in a checkout, from grammar/."""
    packaged = resources.files("engine").joinpath("grammar").joinpath(GRAMMAR_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parent.parent / "grammar" / GRAMMAR_NAME
    return checkout.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def tree_parser() -> Lark:
    """The parser that builds a Lark parse tree (for tools and grammar fuzzing, which
    reads the grammar itself: it is kept in the cache too)."""
    return built_parser("tree", propagate_positions=True, cache_grammar=True)


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The parser used to compile: the transformer runs inside it, no tree is built."""
    return built_parser("compile", transformer=ToNodes())


def built_parser(kind: str, **options) -> Lark:
    """The grammar's strict LALR parser. Analysing the grammar (tables, and the strict
    checks that no two terminals can collide) takes seconds, paid by every command and
    batch run: Lark keeps the analysis in a cache file, rebuilt whenever the grammar,
    the options or the Lark version change, and used only when it matches them."""
    grammar = grammar_text()
    return Lark(grammar, parser="lalr", lexer="contextual", strict=True, maybe_placeholders=False,
                cache=_cache_file(kind, grammar) or False, **options)


def _cache_file(kind: str, grammar: str) -> Optional[str]:
    """In the user's cache folder, one file per grammar, Lark and Python version: None where
    there is no cache folder, and the parser is then analysed every time."""
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(f"{grammar}\0{lark.__version__}\0{sys.version_info[:2]}".encode()).hexdigest()
    return str(folder / f"{kind}-parser-{key[:16]}.lark")


@lru_cache(maxsize=1)
def lean_parser() -> LeanParser:
    """parser()'s tables, lexers and transformer, run by engine/lalr.py's faster loop. The
    tables are kept ready in the cache folder, rebuilt when the grammar, Lark or the code
    that reads them changes: a process that reads its lines never makes Lark's parser (only
    an error a person reads asks it which tokens it expected)."""
    grammar = grammar_text()
    sources = (grammar.encode("utf-8"), lark.__version__.encode(), Path(lalr.__file__).read_bytes(),
               Path(transform.__file__).read_bytes())
    return LeanParser.of_tables(prepared("lean-parser", sources, lambda: lean_tables(parser())), ToNodes())


# Characters that re, ignoring case, matches as ASCII letters: the Kelvin sign (k), the
# long s, the Turkish dotted and dotless I. The grammar's keywords match them, and the
# transformer, looking words up in lower case, would not know "maleſ" or "Eıghteen";
# each is written as its letter, one character for one, so columns stay.
_TO_ASCII = str.maketrans({"\u212a": "K", "\u017f": "s", "\u0130": "I", "\u0131": "i"})


def _has_lookalike(text: str) -> bool:
    """Looked for first, one character at a time: translating a line costs ten times
    finding none."""
    return "\u212a" in text or "\u017f" in text or "\u0130" in text or "\u0131" in text


# The compiler blanks a line's text, then each part of it that it reads (the island
# reader's, the second readings'), then the text again for a manual-review accounting:
# the last few dozen are kept, enough for the calls of one line.
_BLANKED_KEPT = 64


def blank_markers(text: str) -> str:
    """Blank out list markers and trailing punctuation, keeping every column in place;
    letters that read as ASCII ones (_TO_ASCII) become those, and spellings the grammar
    need not know (escapes, full-width signs, decimal commas) are normalised."""
    return blanked(text)[0]


@lru_cache(maxsize=_BLANKED_KEPT)
def blanked(text: str) -> tuple[str, tuple[Span, ...]]:
    """blank_markers(text), and the spans of the text its rewrites replaced (normalise's,
    and a number spelled out before its digits, "Eighteen (18)"): a span's words are
    accounted for as one, by what read its rewritten text."""
    text, rewrites = normalise(text)
    if not text.isascii() and _has_lookalike(text):
        text = text.translate(_TO_ASCII)
    start = _lead_end(text)
    kept = len(text.rstrip(_TRAIL_CHARS))
    # Most lines end in none of those characters, and have no trail to search for.
    trail = _TRAIL.search(text, max(start, kept)) if kept < len(text) else None
    end = trail.start() if trail else len(text)
    body = text[start:end]
    if body.endswith(")") and body.count(")") == body.count("(") + 1:
        body = body[:-1] + " "  # "(ANC)> 1000/µL)": a stray closing parenthesis
    if "(" in body and _PAREN_DIGITS.search(text, start, end):
        spelled = [(start + m.start(), start + body.index(")", m.end()) + 1) for m in _SPELLED.finditer(body)]
        if spelled:
            body = re.sub(r"(?<=\d)\)", " ", _SPELLED.sub(lambda m: " " * len(m.group()), body))
            rewrites = merged([*rewrites, *spelled])
    return " " * start + body + " " * (len(text) - end), tuple(rewrites)


def _lead_end(text: str) -> int:
    """Where the list marker ends. A line that begins with two letters, the first not the
    "a" of "and", the "o" of "or", a roman numeral's or that of "No.", "Item" or
    "Criterion", has none (most lines)."""
    if text[:2].isalpha() and text[0] not in "aAoOiIvVxXnNcC":
        return 0
    lead = _LEAD.match(text)
    return lead.end() if lead else 0


def parse(text: str, explain: bool = True) -> Flat:
    """Parse one criterion line into flat clauses; columns are the text's own.

    ``explain=False`` skips working out which tokens were expected at an error,
    the costly part of an error that only sends a line to manual review.
    """
    return parse_blanked(blank_markers(text), text, explain)


def parse_blanked(body: str, text: str, explain: bool = True) -> Flat:
    """parse() of text whose markers are already blanked (body = blank_markers(text))."""
    if not body.strip():
        raise CriterionSyntaxError("empty criterion", text, 0)
    try:
        return lean_parser().parse(body)
    except UnexpectedInput as exc:
        raise _syntax_error(_lark_error(body) if explain else exc, text, explain) from None
    except VisitError as exc:  # raised inside a transformer callback
        if isinstance(exc.orig_exc, CriterionError):
            raise exc.orig_exc from None
        raise


def _lark_error(body: str) -> UnexpectedInput:
    """Lark's own parser fails where the lean one did, and knows which tokens it
    expected there (what a person reading the message needs)."""
    try:
        parser().parse(body)
    except UnexpectedInput as exc:
        return exc
    raise AssertionError(f"Lark's parser reads what the lean parser could not: {body!r}")


def _syntax_error(exc: UnexpectedInput, text: str, explain: bool) -> CriterionSyntaxError:
    pos = exc.pos_in_stream
    column = pos if pos is not None else len(text)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        found = repr(str(exc.token))
    elif isinstance(exc, UnexpectedCharacters):
        found = repr(text[column:column + 1])
    else:
        found = "the end of the line"
        column = len(text.rstrip())
    if not explain:
        return CriterionSyntaxError(f"cannot read {found} at column {column + 1}", text, column)
    names = set(getattr(exc, "expected", None) or ()) | set(getattr(exc, "accepts", None) or ())
    expected = sorted({_EXPECTED_WORDS.get(name, name.lower()) for name in names
                       if not name.startswith("_") and name != "WS"})
    hint = f"expected {', '.join(expected)}" if expected else ""
    return CriterionSyntaxError(f"cannot read {found} at column {column + 1}", text, column, hint)
