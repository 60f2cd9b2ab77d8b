"""Spellings of the same text that the grammar need not know, rewritten in place.

Every rewrite keeps the line's length and columns, so a caret, a span or an accounting
of words still points into the text the user wrote. Inside the span a rewrite replaces,
letters may move or give way to blanks: normalise returns those spans with the text, and
the accounting gives each span whole to what read it:

- Markdown escapes of ClinicalTrials.gov API v2 records: ``\\>=`` -> `` >=``.
- A sign written as its code point, as some exports leave it: ``<U+2266>11`` -> ``≦       11``.
- A sign or micro sign written as an HTML character reference, its "&" sometimes left as
  "and" (``&#8805;``, ``and#61549 mol/L`` -> ``         µmol/L``), and the characters of the
  Symbol font that word processors store in the Private Use Area (U+F06D for "µ").
- Full-width and slanted comparators and equals signs (``＜ ＞ ＝ ⩽ ⩾``), which some registries'
  text has; a sign with its "=" said again, ``≥/= 1.5`` -> ``≥   1.5``.
- Decimal commas: ``9,5 g/dL`` -> ``9.5 g/dL`` (never a thousands group, ``1,500``, and
  never a list of scores, ``ECOG 0,1``); thousands dots before a count unit, ``100.000/µL``;
  a thousands group split after its comma, ``15, 000/µL`` -> ``15,000 /µL``; thousands
  written with an apostrophe, ``100'000`` -> ``100,000``, or grouped by lakh, ``1,00,000`` ->
  ``100,000 ``.
- A comparator or unit said again in parentheses: ``≤ (=<) 40 percent (%)``; a comparator in
  words with its sign said again after it, where both say the same: ``less than < 10`` ->
  ``less than   10``.
- A unit's "per" spelled out: ``umol per liter`` -> ``umol/     liter``; ``50 per cent`` -> ``50 percent ``;
  a unit divided by another as SI writes it, ``µmol.L-1`` -> ``µmol/L  ``.
- A power of ten in words, ``x 10 to the ninth/L`` -> ``x 10^9          /L``; an exponent in
  parentheses after a length, ``/mm(3)`` -> ``/mm3  ``; "mEq" misread as "molar equivalent";
  a rate as a power of its time unit, ``5 h-1`` -> ``5 /h ``; the period of a name cut
  short, ``Creat. clearance`` -> ``Creat  clearance``.
- A comparator before the word age: ``under the age of 18`` -> ``age under        18``.
- The minute of an Apgar score said after it: ``Apgar score at 5 minutes`` -> ``five-minute Apgar score ``.
- The span of a scale said before its name: ``on an 11-point NRS`` -> ``on an          NRS``,
  ``on a 0-10 NRS`` (only where the named scale runs from 0 to that top).
- A score written out of the top of its scale, after the scale's name: ``MMSE < 24/30`` ->
  ``MMSE < 24   `` (engine/data/analytes.yaml, plausible).
- A class written as a roman numeral or a letter after the name of a scale whose classes are
  written so (engine/data/analytes.yaml, classes): ``NYHA class III/IV`` -> ``NYHA class 3-4   ``,
  ``Child Pugh B or C`` -> ``Child Pugh 7-15  `` (points). A numeral after any other word
  ("stage III", "grade II", "phase II") is left as written.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple, Optional

from ..analytes import catalogue
from ..scan_patterns import gated

# A backslash before punctuation is a Markdown escape (API v2 writes "\>=", "\<", "\*").
_ESCAPE = re.compile(r"\\(?=[<>=*_\[\]()#+\-.!|~`])")
# "<0•9", "2·5": a bullet or a middle dot between digits is a decimal point.
_DOT_DECIMAL = re.compile(r"(?<=\d)[•·∙](?=\d)")
_FULL_WIDTH = str.maketrans({"＜": "<", "＞": ">", "＝": "=", "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤"})
# d,d or d,dd not part of a longer number ("1,500" and "100,000" are thousands; "0,1,2" a list).
_DECIMAL_COMMA = gated(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?![\d,])")
# A unit or a power of ten right after the number: "9,5 g/dL", "1,5 x10^9/l".
_UNIT_FOLLOWS = re.compile(r"\s*(?:x\s*10|×|(?!(?:or|and|to)\b)[a-zA-Zµμ%/])", re.I)


Span = tuple[int, int]


def normalise(text: str) -> tuple[str, list[Span]]:
    """The line with escapes, full-width signs, decimal commas, thousands dots, echoed
    comparators and spelled-out "per" rewritten, columns kept; and the span of the text
    each rewrite replaced, in order, overlapping ones as one: the map from the text the
    user wrote to the text read. A rewrite keeps its span's width, not the places of the
    letters in it ("up to age 75" -> "age up to 75"), so the words of a span are accounted
    for as a whole, by what read its rewritten text (engine/criteria.py)."""
    spans: list[Span] = []
    if "\\" in text:
        text = _sub(_ESCAPE, " ", text, spans)
    if "<U+" in text:
        text = _sub(_CODE_POINT, _sign, text, spans)
    if "#" in text:
        text = _sub(_CHARACTER_REFERENCE, _referenced, text, spans)
    if not text.isascii():
        # One character for one, each in its own column: no span moves.
        if _TRANSLATED.search(text):  # translate looks up every character: most lines have none of these
            text = text.translate(_FULL_WIDTH).translate(_SYMBOL_FONT)
        text = _DOT_DECIMAL.sub(".", text)
        if "=" in text:
            text = _sub(_DOUBLED_SIGN, _one_sign, text, spans)
    if ("'" in text or "’" in text) and _APOSTROPHE_HINT.search(text):
        text = _sub(_APOSTROPHE_THOUSANDS, lambda m: m.group().replace("'", ",").replace("’", ","), text, spans)
    if "," in text:
        text = _sub(_DECIMAL_COMMA, _decimal, text, spans)
        if ", 000" in text:
            text = _sub(_SPLIT_THOUSANDS, r"\1,\2 ", text, spans)
        if _LAKH_HINT.search(text):
            text = _sub(_LAKH, r"\1\2,\3 ", text, spans)
    if "." in text:
        text = _sub(_THOUSANDS_DOT, lambda m: m.group().replace(".", ","), text, spans)
    if "(" in text:
        text = _sub(_ECHO, lambda m: " " * len(m.group()), text, spans)
    if ("<" in text or ">" in text or "≤" in text or "≥" in text) and _SIGN_AFTER_WORDS.search(text):
        text = _sub(_SIGN_AFTER_WORDS, _words_alone, text, spans)
    if "cent" in text or "CENT" in text or "Cent" in text:  # a literal first: most lines have none
        text = _sub(_PER_CENT, lambda m: "percent".ljust(len(m.group())), text, spans)
    if " per " in text:
        text = _sub(_PER, lambda m: "/" + " " * (len(m.group()) - 1), text, spans)
    if ".o" in text:
        text = _sub(_YEARS_OLD, "y/o ", text, spans)
    if "ge " in text and _AGE_AFTER.search(text):
        text = _sub(_AGE_AFTER, lambda m: f"age {m.group('cmp')}".ljust(len(m.group())), text, spans)
    if "nternational" in text:
        text = _sub(_INTERNATIONAL_UNIT, lambda m: "IU".ljust(len(m.group())), text, spans)
    if "10 to the" in text:
        text = _sub(_POWER_IN_WORDS, lambda m: f"10^{_ORDINAL[m.group(1).lower()]}".ljust(len(m.group())), text, spans)
    if "(3)" in text:
        text = _sub(_EXPONENT_IN_PARENTHESES, r"\1\2  ", text, spans)
    if "^" in text:
        text = _sub(_CARET_EXPONENT, lambda m: _SUPERSCRIPT[m.group(1)] + " ", text, spans)
    if "olar" in text:
        text = _sub(_MOLAR_EQUIVALENT, lambda m: "mEq".ljust(len(m.group())), text, spans)
    if "-1" in text or "−1" in text or "⁻¹" in text:
        text = _sub(_DIVIDED_AS_POWER, lambda m: f"{m.group(1)}/{m.group(2)}".ljust(len(m.group())), text, spans)
        text = _sub(_PER_AS_POWER, lambda m: f"/{m.group(1)}".ljust(len(m.group())), text, spans)
    if "eat." in text or "lt." in text or "gb." in text or "emp." in text:
        text = _sub(_ABBREVIATED_NAME, r"\1 ", text, spans)
    if "pgar" in text:
        text = _sub(_APGAR_AT, _apgar_named, text, spans)
    if ("0-" in text or "0 -" in text or "0 to" in text or "point" in text) and _SCALE_SPAN.search(text):
        text = _sub(_SCALE_SPAN, _span_of_its_scale, text, spans)
    if "/" in text and _OUT_OF.search(text):
        text = _sub(_OUT_OF, _out_of_its_scale, text, spans)
    scales = _class_scales()
    if scales.hint.search(text) and any(word in text.lower() for word in scales.first_words):
        text = _sub(scales.pattern, _numbered_classes, text, spans)
    return text, merged(spans)


def _sub(pattern: re.Pattern, replacement, text: str, spans: list[Span]) -> str:
    """pattern.sub(replacement, text), each match it changed added to spans."""
    def replaced(match: re.Match) -> str:
        new = replacement(match) if callable(replacement) else match.expand(replacement)
        if new != match.group():
            spans.append(match.span())
        return new
    return pattern.sub(replaced, text)


def merged(spans: list[Span]) -> list[Span]:
    """The spans in order, those that overlap as one."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# "<U+2266>": a character written as its code point. Only signs and punctuation are put
# back (a letter so written would be split from its word by the padding).
_CODE_POINT = re.compile(r"<U\+([0-9A-F]{4,5})>", re.I)
# "&#8805;", "&#x2265;", "and#61549 mol/L": a character reference, with the blank or the ";"
# that ends it (a lost ";" leaves a blank between a micro sign and its unit).
_CHARACTER_REFERENCE = re.compile(r"(?:&|\band)#(?:(?P<decimal>\d{2,7})|x(?P<hex>[0-9a-f]{2,6}));?(?: (?=[a-z]))?", re.I)
# The Symbol font's characters as word processors store them, U+F000 plus the font's own code
# (Adobe Symbol encoding), where the text lost the font: the signs and the micro sign a
# threshold is written with. Its letters (Greek, at the codes of Latin ones) are not put back.
_SYMBOL_FONT = str.maketrans({"\uf06d": "µ", "\uf0b3": "≥", "\uf0a3": "≤", "\uf0b1": "±", "\uf0b4": "×",
                              "\uf0b0": "°", "\uf0b7": "•", "\uf03c": "<", "\uf03e": ">", "\uf03d": "="})
# Any character either table replaces.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, {**_FULL_WIDTH, **_SYMBOL_FONT}))) + "]")
# "≥/= 1.5", "≤ = 3", "=≥ 100": a sign that already says "or equal" with its "=" said again
# (">/=" and "=<" turned into signs by half). Never beside another sign ("≥ =<"), which is
# no longer one comparator.
_DOUBLED_SIGN = re.compile(r"(?<![<>=≤≥])(?:(?P<first>[≤≥])\s*/?\s*=|=\s*(?P<last>[≤≥]))(?!\s*[<>=≤≥])")


def _one_sign(match: re.Match) -> str:
    """The sign alone, in the column it was written in."""
    width = len(match.group())
    return match.group("first").ljust(width) if match.group("first") else match.group("last").rjust(width)


# "15, 000/µL": a blank slipped in after a thousands comma. Only before "000", which is no
# score or list item ("ECOG 0, 1", "grade 1, 2").
_SPLIT_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3}), (000)(?![\d,.])")
# "100'000/µL": thousands grouped by an apostrophe (Swiss style), three digits after each.
_APOSTROPHE_THOUSANDS = re.compile(r"(?<![\d.,'’])\d{1,3}(?:['’]\d{3})+(?![\d'’])")
_APOSTROPHE_HINT = re.compile(r"['’]\d{3}")
# "1,00,000/µL": grouped by lakh (South Asian style); no list of scores is so written.
_LAKH = re.compile(r"(?<![\d.,])(\d{1,2}),(\d{2}),(\d{3})(?![\d,])")
_LAKH_HINT = re.compile(r",\d\d,")  # a literal first: most lines are passed over in one scan
# "100.000/µL", "150.000 cels/mm3": a dot between thousands before a count unit (no count has
# three decimals; "cels" is the misspelling of cells the unit table knows).
_THOUSANDS_DOT = gated(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])(?=\s*(?:/|cells|cels|x\s*10))", re.I)
# A comparator or unit said again in parentheses: "less than or equal to (=<) 40 percent (%)".
# "kg/m^2", "cells/mm^3": a unit's square or cube written with a caret, as its superscript
# (the unit is then one word, as "kg/m²" is, also where it is said again in parentheses).
# A power of ten ("10^9") has a digit before the caret and stays.
_CARET_EXPONENT = re.compile(r"(?<=[a-zA-Z])\^([23])(?![\d.,])")
_SUPERSCRIPT = {"2": "²", "3": "³"}
_ECHO = re.compile(r"(?<=\S)\s*\(\s*(?:[<>]=?|=[<>]|[≤≥]|%)\s*\)")
# "less than < 10", "at most ≤ 3": a comparator in words with its sign said again after it.
# The sign is dropped only where it says the same comparator ("at least > 125" says two, and
# which one holds at 125 is for a person).
_WORDS_OP = {"less than": "<", "lower than": "<", "fewer than": "<", "below": "<", "under": "<",
             "greater than": ">", "more than": ">", "higher than": ">", "above": ">", "over": ">",
             "at least": ">=", "no less than": ">=", "not less than": ">=",
             "greater than or equal to": ">=", "more than or equal to": ">=", "equal to or greater than": ">=",
             "at most": "<=", "no more than": "<=", "not more than": "<=", "up to": "<=",
             "less than or equal to": "<=", "equal to or less than": "<="}
_SIGN_OP = {"<": "<", ">": ">", "≤": "<=", "<=": "<=", "=<": "<=", "≥": ">=", ">=": ">=", "=>": ">="}
_SIGN_AFTER_WORDS = re.compile(r"(?<![\w-])(?P<words>" + "|".join(
    w.replace(" ", r"\s+") for w in sorted(_WORDS_OP, key=len, reverse=True))
    + r")\s*(?P<sign><=|=<|>=|=>|[<>≤≥])(?=\s*[\d.])", re.I)


def _words_alone(match: re.Match) -> str:
    """The words without the sign where both say the same comparator; else as written."""
    words = " ".join(match.group("words").lower().split())
    if _WORDS_OP[words] != _SIGN_OP[match.group("sign")]:
        return match.group()
    return match.group("words").ljust(len(match.group()))


# "Age =18 years", "LVEF = 40%", "mPAP=25mmHg": an equals sign alone before a number, where
# a copy lost the "≥" or "≤" it was part of (the commonest loss in registry text). Never read
# as equality, nor guessed: both signs are written so, and a score "= 4" is as likely "≥ 4".
_LOST_SIGN = re.compile(r"(?<![<>=≤≥!/])=(?![<>=≤≥/])\s*(?P<value>\d[\d,.]*)")


def unsure_sign(text: str, start: int = 0, end: Optional[int] = None) -> Optional[str]:
    """Why a part of the line whose comparator the engine will not guess is left to a person:
    an equals sign alone before a number, or a comparator in words and a sign after it that
    say two different ones ("at least > 125"); None where it has neither."""
    end = len(text) if end is None else end
    found = _LOST_SIGN.search(text, start, end)
    if found is not None:
        return (f"'= {found.group('value').rstrip(',.')}': a ≥ or ≤ sign lost in copying reads '=', "
                "and which one was meant cannot be told")
    for both in _SIGN_AFTER_WORDS.finditer(text, start, end):
        words = " ".join(both.group("words").split())
        if _WORDS_OP[words.lower()] != _SIGN_OP[both.group("sign")]:
            return (f"'{words} {both.group('sign')}': the words and the sign say two comparators, "
                    "and which one holds at the boundary cannot be told")
    return None


# "age > 18 y.o.": years old, as "y/o".
_YEARS_OLD = re.compile(r"(?<=[\d\s])y\.o\.(?=\s|$)", re.I)
# "under the age of 18", "over age 65", "up to age 75 years": the comparator before the word
# age, which the grammar reads after it.
_AGE_AFTER = re.compile(r"\b(?P<cmp>over|under|above|below|at\s+least|at\s+most|up\s+to|(?:older|younger)\s+than)"
                        r"\s+(?:the\s+)?age\s+(?:of\s+)?(?=\d)", re.I)
# "12 International unit per liter": one unit, written in words.
_INTERNATIONAL_UNIT = re.compile(r"(?<=[\d\s])international\s+units?\b", re.I)
# "umol per liter", "ml per day", "Milliliter per minute", "100,000 per microliter", "mL/min
# per 1.73 m2": a unit's "per" as its "/".
_PER = re.compile(r"(?<=[a-zA-Zµμ³²%\d])\s+per\s+(?=(?:micro|milli|deci|centi|pico|nano)?"
                  r"(?:lit(?:er|re)s?|l|ml|dl|day|d|min(?:ute)?|hour|h|kg|m2|mm3|cubic|cu)\b|(?:[µμ]|mc)l\b|1\.73\b|"
                  r"(?:square|sq)\s+met(?:er|re)|met(?:er|re)s?\s+square)", re.I)


# "50 per cent": percent in two words.
_PER_CENT = re.compile(r"(?<=[\d\s])per\s+cent\b", re.I)


# "x 10 to the ninth/L", "10 to the 9th power/L": a count unit's power of ten in words.
_ORDINAL = {"third": 3, "3rd": 3, "sixth": 6, "6th": 6, "ninth": 9, "9th": 9, "twelfth": 12, "12th": 12}
_POWER_IN_WORDS = re.compile(r"(?<![\d.])10\s+to\s+the\s+(third|3rd|sixth|6th|ninth|9th|twelfth|12th)"
                             r"(?:\s+power)?(?![a-z])", re.I)
# "/mm(3)", "/cu mm(3)": the cube of a length, its exponent set in parentheses.
_EXPONENT_IN_PARENTHESES = re.compile(r"(/\s*(?:cu\s*)?mm)\((3)\)", re.I)
# "5.0 molar equivalent/L": "mEq" (milliequivalent) expanded wrongly; an equivalent per litre
# would be a thousand times every electrolyte's plausible value, so it cannot be meant.
_MOLAR_EQUIVALENT = re.compile(r"(?<=[\d\s])molar\s+equivalents?(?=\s*/)", re.I)

# "µmol.L-1", "g·dL⁻¹", "mL min-1", "x 10^9 L-1": a unit divided by another written as that
# other's power -1 (SI style), after a mass, an amount, a volume or a count; as "µmol/L".
_DIVIDED_AS_POWER = re.compile(r"(?<![a-z])((?:[mµμunp]?mol|[mµμunpk]?g|mc?g|m?eq|[mµμ]?IU|[mµμk]?U|m?L|"
                               r"cells|10\s?\^?\s?\d{1,2}))(?:\s?[.·∙]\s?|\s)(dL|mL|L|min|h|kg)\s?"
                               r"(?:[-−]1|⁻¹)(?![\d.a-z])", re.I)
# "AHI 5-30 h-1", "100 min⁻¹": a rate written as a power of its time unit, after a number.
_PER_AS_POWER = re.compile(r"(?<=\d )(h|hr|min)\s?(?:[-−]1|⁻¹)(?![\d.a-z])", re.I)

# "Apgar score at 5 minutes": the minute the score is taken, said after its name, where
# the grammar would read "at" as the start of a time point.
_APGAR_AT = re.compile(r"\bapgar(?:\s+scores?)?\s+at\s+(?:5|five)\s*-?\s*min(?:ute)?s?\b", re.I)


def _apgar_named(match: re.Match) -> str:
    """The 5-minute score by the catalogue's name for it, where the name fits the span."""
    for name in ("five-minute Apgar score", "five-minute Apgar"):
        if len(name) <= len(match.group()):
            return name.ljust(len(match.group()))
    return match.group()
# "on an 11-point NRS", "on a 0-10 numeric rating scale", "NRS (0-10)": the span of a scale
# said with its name, before it or in parentheses after it.
# The blanks after it go with it: the name after is then what reads the span (rewrites.py).
_SCALE_SPAN = re.compile(r"(?<![\w.-])(?:(?P<points>\d{1,3})[\s-]*points?|(?P<low>0)\s*(?:-|to)\s*(?P<top>\d{1,3}))"
                         r"[\s-]+(?=(?P<name>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,4}))", re.I)


def _span_of_its_scale(match: re.Match) -> str:
    """The span blanked where the words after it begin with the name of a score scale that
    runs from 0 to its top (an N-point scale: 0 to N - 1): "an 11-point NRS" is the NRS."""
    top = int(match.group("points")) - 1 if match.group("points") else int(match.group("top"))
    words = match.group("name").split()
    cat = catalogue()
    for end in range(len(words), 0, -1):
        name = " ".join(words[:end])
        found = cat.lookup_whole(name) if cat.is_known_name(name) else None
        if found is not None:
            fits = found.is_score and found.plausible is not None and found.plausible.high == top \
                and not found.plausible.low
            return " " * len(match.group()) if fits else match.group()
    return match.group()


# "MMSE < 24/30", "NRS ≥ 4/10": a score written with the top of its scale after a slash.
_OUT_OF = re.compile(r"(?<![\d.,/])(?P<score>\d{1,3}(?:\.\d)?)\s*/\s*(?P<top>\d{1,3})(?![\d.,/])")
_NAME_WORD = re.compile(r"[\w'’&-]+")
# How far back the scale's name may stand, in words: "MMSE total score of at least 24/30".
_OUT_OF_WORDS = 8


def _out_of_its_scale(match: re.Match) -> str:
    """The score alone, the slash and top blanked, where the nearest analyte named in the
    words just before is a score scale whose top is what is written ("MMSE ≥ 24/30"); any
    other pair of numbers with a slash ("140/90", a titre "1/160") as written."""
    text = match.string
    words = _NAME_WORD.findall(text[max(0, match.start() - 80):match.start()])[-_OUT_OF_WORDS:]
    top, score = float(match.group("top")), float(match.group("score"))
    cat = catalogue()
    for end in range(len(words), 0, -1):  # the name nearest the score, the longest there first
        for start in range(end):
            name = " ".join(words[start:end])
            found = cat.lookup_whole(name) if cat.is_known_name(name) else None
            if found is None:
                continue
            if found.is_score and found.plausible is not None and found.plausible.high == top \
                    and (found.plausible.low or 0) <= score <= top:
                return match.group("score").ljust(len(match.group()))
            return match.group()
    return match.group()


# "Creat. clearance > 50 mL/min", "Plt. ≥ 100": an analyte's name cut short with a period,
# which is no sentence's end where a name, a comparator or a number goes on.
# (The few names so cut in criteria: a literal test of each ending keeps this off most lines.)
_ABBREVIATED_NAME = re.compile(r"\b(creat|plt|hgb|temp)\.(?=\s*(?:[a-z(]|[<>≤≥=]|\d))", re.I)


def _sign(match: re.Match) -> str:
    """The sign a code point names, padded to the escape's width; anything else as written."""
    char = chr(int(match.group(1), 16))
    return char.ljust(len(match.group())) if unicodedata.category(char)[0] in "SP" else match.group()


def _referenced(match: re.Match) -> str:
    """The sign (or micro sign) a character reference names, right-aligned in the
    reference's width so that it meets the unit after it; anything else as written."""
    code = int(match.group("decimal")) if match.group("decimal") else int(match.group("hex"), 16)
    char = chr(code).translate(_SYMBOL_FONT) if code <= 0x10FFFF else ""
    wanted = char in ("µ", "μ") or (len(char) == 1 and unicodedata.category(char)[0] in "SP")
    return char.rjust(len(match.group())) if wanted else match.group()


def _decimal(match: re.Match) -> str:
    """A decimal comma when a unit follows, one decimal follows a whole part of two digits
    or more ("19,5"), a comparator sign stands before a one-digit whole part and no list
    goes on ("INR > 1,5", not "≤ 0,1 or 2"), or it begins a range
    whose other end has one ("3,5-5,0 mmol/L"); "ECOG 0,1", "0,1 or 2" and "Karnofsky
    70,80" are lists of scores."""
    whole, fraction = match.group(1), match.group(2)
    text, start, end = match.string, match.start(), match.end()
    after_sign = len(whole) == 1 and _SIGN_BEFORE.search(text, 0, start) and not _LIST_GOES_ON.match(text, end)
    if len(whole) > 1 and len(fraction) == 1 or _UNIT_FOLLOWS.match(text, end) or after_sign or \
            _RANGE_TO_DECIMAL.match(text, end):
        return f"{whole}.{fraction}"
    return match.group()


_SIGN_BEFORE = re.compile(r"[<>≤≥]=?\s*$")
_LIST_GOES_ON = re.compile(r"\s*(?:or|and|&)\s*\d", re.I)
_RANGE_TO_DECIMAL = re.compile(r"\s*[-–]\s*\d{1,3},\d{1,2}(?![\d,])")


# Between a scale's name and its classes: "(NYHA)", "functional class", "physical status",
# "score of", "heart function classification is", a comparator.
_BETWEEN_NAME_AND_CLASS = (r"(?:[\s:-]*(?:\([^()]{1,40}\)|\[[^\[\]]{1,40}\]|classes|class|classification|functional|"
                           r"physical|status|score|grade|stages?|heart|function|ps|fc|of|is|in|"
                           r"(?P<comparator>[<>≤≥]=?|=[<>]|at\s+least|at\s+most|up\s+to|"
                           r"(?:greater|less|more|higher|lower)\s+than(?:\s+or\s+equal\s+to)?))(?![a-z]))*")
_CLASS_SEPARATOR = r"\s*(?:[-–/,&]|or|and|to|through)\s*"


class _ClassScales(NamedTuple):
    hint: re.Pattern       # a word that may be a class: most lines have none, and are passed over in one scan
    first_words: tuple[str, ...]  # the first words of the scales' names, lower case: of the rest, most lines have none
    pattern: re.Pattern    # a scale's name, what may stand between it and its classes, the classes
    one_class: re.Pattern  # one class


def _longest_first(text: str) -> tuple[int, str]:
    """Longest first, then in order: the same pattern in every process, whatever order a
    set gives (the pattern is kept compiled between runs, engine/regex_cache.py)."""
    return -len(text), text


@lru_cache(maxsize=1)
def _class_scales() -> _ClassScales:
    """The names of the scales whose classes are written as roman numerals or letters
    (longest first, so that "New York Heart Association" is not cut to a shorter name), and
    their classes: a roman numeral in either case ("class iii"), a letter in capitals only
    ("Child-Pugh A", never the article in "Child-Pugh score of a patient")."""
    scales = [analyte for analyte in catalogue().by_id.values() if analyte.classes]
    names = {name for analyte in scales for name in (analyte.id, *analyte.aliases)}
    words = sorted({r"[\s-]+".join(map(re.escape, re.sub(r"\([^)]*\)", " ", name).replace("-", " ").split()))
                    for name in names}, key=_longest_first)
    classes = sorted({written for analyte in scales for written in analyte.classes}, key=_longest_first)
    one = "(?:" + "|".join(written if _ROMAN.fullmatch(written) else f"(?-i:{written})" for written in classes) \
        + r")(?![\w+])"
    name = r"\b(?P<name>" + "|".join(words) + r")(?![\w-])"
    letters = sorted({c for written in classes for c in (written + written.lower() if _ROMAN.fullmatch(written) else written)})
    return _ClassScales(re.compile(r"\b[" + "".join(letters) + r"]{1,%d}(?![\w+])" % len(classes[0])),
                        tuple(sorted({re.split(r"[\s(-]+", name.lower())[0] for name in names})),
                        re.compile(name + _BETWEEN_NAME_AND_CLASS + r"[\s:-]*\b(?P<classes>" + one
                                   + "(?:" + _CLASS_SEPARATOR + one + ")*)", re.I),
                        re.compile(one, re.I))


_ROMAN = re.compile(r"[IVX]+")


def _numbered_classes(match: re.Match) -> str:
    """The classes as numbers on the scale: one class as its number ("≥ II" -> "≥ 2 "), a
    range or a list of neighbouring classes as a range ("I-III", "III or IV", "II, III and IV"
    -> "2-4"; a range is what the island reader finds after other words). A class that is a
    range of points ("Child-Pugh B or C": 7 to 15 points) as the name and the range, where
    they fit in the width of what was written and no comparator stands before it. Anything
    else, or a class the scale does not have, as written (left to a person)."""
    analyte = catalogue().lookup(match.group("name"))
    known = {written.upper(): span for written, span in (analyte.classes if analyte else {}).items()}
    classes = match.group("classes")
    written = [one.upper() for one in _class_scales().one_class.findall(classes)]
    if any(one not in known for one in written):
        return match.group()
    spans = [known[one] if isinstance(known[one], tuple) else (known[one], known[one]) for one in written]
    separators = {separator.strip().lower() for separator in _class_scales().one_class.split(classes)[1:-1]}
    if len(spans) == 2 and separators <= _RANGE_WORDS and spans[0][1] < spans[1][0]:
        low, high = spans[0][0], spans[1][1]
    elif (len(spans) == 1 or separators <= _LIST_WORDS) and \
            all(after[0] == before[1] + 1 for before, after in zip(spans, spans[1:])):
        low, high = spans[0][0], spans[-1][1]
    else:
        return match.group()
    rewritten = str(low) if low == high else f"{low}-{high}"
    if all(span[0] == span[1] for span in spans):
        return match.group()[:match.start("classes") - match.start()] + rewritten.ljust(len(classes))
    shortest = f"{match.group('name')} {rewritten}"
    if match.group("comparator") or len(shortest) > len(match.group()):
        return match.group()
    return shortest.ljust(len(match.group()))


_RANGE_WORDS = frozenset({"-", "–", "to", "through"})
_LIST_WORDS = frozenset({",", "/", "&", "or", "and", ", or", ", and"})
