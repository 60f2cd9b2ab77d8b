"""Spellings of the same text that the grammar need not know, rewritten in place.

Every rewrite keeps the line's length and columns, so a caret, a span or an accounting
of words still points into the text the user wrote:

- Markdown escapes of ClinicalTrials.gov API v2 records: ``\\>=`` -> `` >=``.
- A sign written as its code point, as some exports leave it: ``<U+2266>11`` -> ``≦       11``.
- Full-width comparators and equals signs (``＜ ＞ ＝``), which some registries' text has.
- Decimal commas: ``9,5 g/dL`` -> ``9.5 g/dL`` (never a thousands group, ``1,500``, and
  never a list of scores, ``ECOG 0,1``); thousands dots before a count unit, ``100.000/µL``;
  a thousands group split after its comma, ``15, 000/µL`` -> ``15,000 /µL``; thousands
  written with an apostrophe, ``100'000`` -> ``100,000``, or grouped by lakh, ``1,00,000`` ->
  ``100,000 ``.
- A comparator or unit said again in parentheses: ``≤ (=<) 40 percent (%)``.
- A unit's "per" spelled out: ``umol per liter`` -> ``umol/     liter``.
"""
from __future__ import annotations

import re
import unicodedata

from ..scan_patterns import gated

# A backslash before punctuation is a Markdown escape (API v2 writes "\>=", "\<", "\*").
_ESCAPE = re.compile(r"\\(?=[<>=*_\[\]()#+\-.!|~`])")
# "<0•9", "2·5": a bullet or a middle dot between digits is a decimal point.
_DOT_DECIMAL = re.compile(r"(?<=\d)[•·∙](?=\d)")
_FULL_WIDTH = str.maketrans({"＜": "<", "＞": ">", "＝": "=", "≧": "≥", "≦": "≤"})
# d,d or d,dd not part of a longer number ("1,500" and "100,000" are thousands; "0,1,2" a list).
_DECIMAL_COMMA = gated(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?![\d,])")
# A unit or a power of ten right after the number: "9,5 g/dL", "1,5 x10^9/l".
_UNIT_FOLLOWS = re.compile(r"\s*(?:x\s*10|×|(?!(?:or|and|to)\b)[a-zA-Zµμ%/])", re.I)


def normalise(text: str) -> str:
    """The line with escapes, full-width signs, decimal commas, thousands dots, echoed
    comparators and spelled-out "per" rewritten, columns kept."""
    if "\\" in text:
        text = _ESCAPE.sub(" ", text)
    if "<U+" in text:
        text = _CODE_POINT.sub(_sign, text)
    if not text.isascii():
        text = _DOT_DECIMAL.sub(".", text.translate(_FULL_WIDTH))
    if ("'" in text or "’" in text) and _APOSTROPHE_HINT.search(text):
        text = _APOSTROPHE_THOUSANDS.sub(lambda m: m.group().replace("'", ",").replace("’", ","), text)
    if "," in text:
        text = _DECIMAL_COMMA.sub(_decimal, text)
        if ", 000" in text:
            text = _SPLIT_THOUSANDS.sub(r"\1,\2 ", text)
        if _LAKH_HINT.search(text):
            text = _LAKH.sub(r"\1\2,\3 ", text)
    if "." in text:
        text = _THOUSANDS_DOT.sub(lambda m: m.group().replace(".", ","), text)
    if "(" in text:
        text = _ECHO.sub(lambda m: " " * len(m.group()), text)
    if " per " in text:
        text = _PER.sub(lambda m: "/" + " " * (len(m.group()) - 1), text)
    if ".o" in text:
        text = _YEARS_OLD.sub("y/o ", text)
    if "nternational" in text:
        text = _INTERNATIONAL_UNIT.sub(lambda m: "IU".ljust(len(m.group())), text)
    return text


# "<U+2266>": a character written as its code point. Only signs and punctuation are put
# back (a letter so written would be split from its word by the padding).
_CODE_POINT = re.compile(r"<U\+([0-9A-F]{4,5})>", re.I)
# "15, 000/µL": a blank slipped in after a thousands comma. Only before "000", which is no
# score or list item ("ECOG 0, 1", "grade 1, 2").
_SPLIT_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3}), (000)(?![\d,.])")
# "100'000/µL": thousands grouped by an apostrophe (Swiss style), three digits after each.
_APOSTROPHE_THOUSANDS = re.compile(r"(?<![\d.,'’])\d{1,3}(?:['’]\d{3})+(?![\d'’])")
_APOSTROPHE_HINT = re.compile(r"['’]\d{3}")
# "1,00,000/µL": grouped by lakh (South Asian style); no list of scores is so written.
_LAKH = re.compile(r"(?<![\d.,])(\d{1,2}),(\d{2}),(\d{3})(?![\d,])")
_LAKH_HINT = re.compile(r",\d\d,")  # a literal first: most lines are passed over in one scan
# "100.000/µL": a dot between thousands before a count unit (no count has three decimals).
_THOUSANDS_DOT = gated(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])(?=\s*(?:/|cells|x\s*10))", re.I)
# A comparator or unit said again in parentheses: "less than or equal to (=<) 40 percent (%)".
_ECHO = re.compile(r"(?<=\S)\s*\(\s*(?:[<>]=?|=[<>]|[≤≥]|%)\s*\)")
# "age > 18 y.o.": years old, as "y/o".
_YEARS_OLD = re.compile(r"(?<=[\d\s])y\.o\.(?=\s|$)", re.I)
# "12 International unit per liter": one unit, written in words.
_INTERNATIONAL_UNIT = re.compile(r"(?<=[\d\s])international\s+units?\b", re.I)
# "umol per liter", "ml per day", "Milliliter per minute", "100,000 per microliter", "mL/min
# per 1.73 m2": a unit's "per" as its "/".
_PER = re.compile(r"(?<=[a-zA-Zµμ³²%\d])\s+per\s+(?=(?:micro|milli|deci|centi|pico|nano)?"
                  r"(?:lit(?:er|re)s?|l|ml|dl|day|d|min(?:ute)?|hour|h|kg|m2|mm3|cubic|cu)\b|1\.73\b)", re.I)


def _sign(match: re.Match) -> str:
    """The sign a code point names, padded to the escape's width; anything else as written."""
    char = chr(int(match.group(1), 16))
    return char.ljust(len(match.group())) if unicodedata.category(char)[0] in "SP" else match.group()


def _decimal(match: re.Match) -> str:
    """A decimal comma when a unit follows, or one decimal follows a whole part of two digits
    or more ("19,5"); "ECOG 0,1", "0,1 or 2" and "Karnofsky 70,80" are lists of scores."""
    whole, fraction = match.group(1), match.group(2)
    if len(whole) > 1 and len(fraction) == 1 or _UNIT_FOLLOWS.match(match.string, match.end()):
        return f"{whole}.{fraction}"
    return match.group()
