"""Loads grammar/criteria.lark once and turns text into a Lark parse tree.

The parser is LALR with the contextual lexer in strict mode: any grammar ambiguity
(shift/reduce conflicts, colliding terminals of equal priority) fails at load time,
not silently at run time.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import CriterionSyntaxError

GRAMMAR_NAME = "criteria.lark"

# Leading list markers ("10.", "3)", "•", "-") and trailing punctuation carry no meaning.
_LEAD = re.compile(r"^\s*(?:[•·*\-–]\s*|\d{1,2}[.)]\s+(?=\D))?")
_TRAIL = re.compile(r"[\s.;,:*]+$")

_EXPECTED_WORDS = {
    "CMP": "a comparator (≥, <=, at least, less than ...)",
    "POSTCMP": "'or older' / 'or less'",
    "NUMBER": "a number",
    "ENUM": "a list of scores",
    "WORD": "an analyte name",
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
def parser() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer="contextual", strict=True,
                propagate_positions=True, maybe_placeholders=False)


def trim(text: str) -> tuple[str, int]:
    """The meaningful part of a line and its offset in the original text."""
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    body = _TRAIL.sub("", text[start:])
    return body, start


def parse(text: str) -> tuple[Tree, int]:
    """Parse one criterion line; returns the tree and the offset of the parsed part."""
    body, offset = trim(text)
    if not body:
        raise CriterionSyntaxError("empty criterion", text, 0)
    try:
        return parser().parse(body), offset
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, offset) from None


def _syntax_error(exc: UnexpectedInput, text: str, offset: int) -> CriterionSyntaxError:
    pos = exc.pos_in_stream
    column = offset + pos if pos is not None else len(text)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        found = repr(str(exc.token))
    elif isinstance(exc, UnexpectedCharacters):
        found = repr(text[column:column + 1])
    else:
        found = "the end of the line"
        column = len(text.rstrip())
    names = set(getattr(exc, "expected", None) or ()) | set(getattr(exc, "accepts", None) or ())
    expected = sorted({_EXPECTED_WORDS.get(name, name.lower()) for name in names
                       if not name.startswith("_") and name != "WS"})
    hint = f"expected {', '.join(expected)}" if expected else ""
    return CriterionSyntaxError(f"cannot read {found} at column {column + 1}", text, column, hint)
