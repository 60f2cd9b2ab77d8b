"""Parse tree -> predicate tree: one small method per grammar alias.

The nodes made here are *raw*: analyte names and units are kept as written and bound
later by engine/resolve.py. Two readings happen here because they are syntax:

* several analytes sharing one threshold ("AST and ALT <= 3 x ULN") become one leaf
  per analyte;
* a predicate written without its analyte ("... < 110 mmHg or > 180 mmHg") takes the
  analyte of the clause before it; with none before it and a unit of age, it is age.

Joiners arrive flat and get their precedence here: AND binds tighter than OR. A
comma list or "and/or" is read by the section, so the criterion's intent holds in
both: every listed value acceptable (inclusion: all of them must hold; exclusion:
any one of them excludes).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional, get_args

from lark import Token, Transformer

from .errors import CriterionSyntaxError
from .nodes import (AllOf, AnyOf, Between, Compare, Conditional, Has, Limit, Node, Normal, Not,
                    OneOf, Op, Quantity, Sex, Since, Washout, joined)
from .trusted import made, trusted

_RESPECTIVELY_SEXES = re.compile(r"(?:wo)?men|(?:fe)?males?", re.I)
# A comparator said of the value from the other side: "18 ≤ BMI" is "BMI ≥ 18".
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_POSTCMP_UP = {"older", "greater", "more", "above", "over", "higher"}
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Units that make a threshold an age: years, or any span "of age" / "old".
_AGE_UNIT = re.compile(r"^(years?|yrs?|yo|y)\b|(of\s+age|old)$", re.I)
# Weeks that say whose they are: "34 weeks gestation", "37 completed weeks" (of a pregnancy).
GESTATION_UNIT = re.compile(r"gestation|pregnancy|^completed\b", re.I)

# The records below are never changed once made (a changed one is a copy, by replace()),
# yet they are plain dataclasses, not frozen ones: a frozen dataclass sets each field
# through object.__setattr__, and building these records, several for every line parsed,
# was then a tenth of the compile time.


@dataclass
class Piece:
    """A value with the columns it came from (tokens lose theirs once transformed)."""

    value: object
    span: tuple[int, int]


@dataclass
class Threshold:
    value: float
    unit_text: Optional[str] = None
    relative_to: Optional[str] = None  # ULN, LLN, or "normal" until the analyte says which
    limit_text: str = ""
    span: tuple[int, int] = (0, 0)


@dataclass
class CondQualifier:
    op: Optional[str]
    threshold: Threshold
    condition_text: str
    name: Optional[str] = None  # "... who must have a total bilirubin < 3": the analyte restated


@dataclass
class Pred:
    """A predicate before it is bound to its analytes."""

    kind: str
    span: tuple[int, int]
    op: str = "=="
    threshold: Optional[Threshold] = None
    high: Optional[Threshold] = None
    values: tuple[float, ...] = ()
    restated: Optional[Threshold] = None
    conditions: tuple[CondQualifier, ...] = ()
    alternatives: tuple["Clause", ...] = ()
    within_days: Optional[int] = None
    method: Optional[str] = None  # "cockcroft-gault": a GFR named by its formula is CrCl
    high_op: Optional[str] = None  # "bounded": the comparator of the second threshold
    sexes: Optional[tuple[str, ...]] = None  # "40~75 men and women"; None: anyone
    named: Optional[str] = None  # the analyte written after the value ("≥ 140 mmHg systolic")
    # The scale a score is on, written after it ("26 or more on the MoCA"), and where its
    # "on" stands.
    scale: Optional[tuple[Piece, int]] = None
    # "> 450 ms for males or > 470 ms for females": the sex this threshold is for, and the
    # other sex with its own comparator and threshold.
    # The other sex's threshold: (first sex, second sex, its comparator, its threshold, and
    # its own restatement in another unit, if written).
    by_sex: Optional[tuple[str, str, str, Threshold, Optional[Threshold]]] = None
    respectively: Optional[tuple[str, str]] = None  # "... in males and females respectively"
    # "Karnofsky ≥ 50 for patients > 16 years": the age group this threshold is for.
    age_group: Optional[tuple[str, Threshold]] = None
    # "< 13 g/dL in men": the sex this threshold is for, when the line says whose the others are.
    sex_scope: Optional[str] = None


@dataclass
class Subject:
    names: tuple[str, ...]
    joins: tuple[str, ...]
    span: tuple[int, int]


@dataclass
class Clause:
    subject: Optional[Subject]
    pred: Pred


@dataclass
class Statement:
    """A finished node that needs no subject (conditions, treatments, time since)."""

    node: Node


@dataclass
class Flat:
    items: list[Clause] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)


_AT_LEAST = re.compile(r"^(≥|>\s*=|=\s*/?\s*>|≧|>\s*/\s*=|>\s*or\s*=|(greater|more|higher).*equal|at least|not younger|"
                       r"equal (to )?or (greater|more|higher|above)|at ?/ ?above|at or above|"
                       r"no (less|lower|fewer)|not (less|lower|fewer|below|under)|minimum)")
_AT_MOST = re.compile(r"^(≤|<\s*=|=\s*/?\s*<|≦|<\s*/\s*=|<\s*or\s*=|(less|lower|fewer).*equal|"
                      r"equal (to )?or (less|lower|fewer|below)|at ?/ ?below|at or below|not in excess|"
                      r"no (more|greater|higher)|not (more|greater|higher|above|over|older)|not exceeding|not to exceed|"
                      r"((does|do|must|should|shall|may) )?not exceed|"
                      r"up to|at most|maximum)")
_ABOVE = re.compile(r"^(>|greater|more|higher|older|above|over|exceed|in excess)")


# Comparators, numbers and analyte names are read again and again in the same few
# spellings, and their readings depend on the text alone: they are kept by it (a token is
# a str, and equal to its text), this many of each.
_SPELLINGS_KEPT = 4096


@lru_cache(maxsize=_SPELLINGS_KEPT)
def canonical_op(text: str) -> str:
    """Every spelling of a comparator -> one of >= > <= <."""
    t = " ".join(text.lower().split())
    if _AT_LEAST.match(t):
        return ">="
    if _AT_MOST.match(t):
        return "<="
    if _ABOVE.match(t):
        return ">"
    return "<"


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
                 "twenty": 20}


_DIGIT_GROUPING = re.compile(r"[,\s\u00a0\u202f]")
_MINUS = str.maketrans({"−": "-", "–": "-"})
_POWER_BASE = re.compile(r"^[x×X*]?\s*10\s*")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=_SPELLINGS_KEPT)
def parse_number(text: str) -> float:
    """100,000 · 100 000 · 1.5 · .5 · two -> float."""
    word = _NUMBER_WORDS.get(text.lower())
    return float(word) if word is not None else float(_DIGIT_GROUPING.sub("", text.translate(_MINUS)))


def power_exponent(text: str) -> int:
    """x 10^9 · × 10⁹ · x10(9) · x 109 -> 9."""
    digits = text.translate(_SUPERSCRIPT)
    tail = _POWER_BASE.sub("", digits)
    match = _DIGITS.search(tail)
    return int(match.group()) if match else 1


def _token_span(token: Token) -> tuple[int, int]:
    return token.start_pos, token.end_pos


def _extent(*items) -> tuple[int, int]:
    """First and last column covered by tokens and spanned pieces (most callbacks ask,
    hence a plain loop and no list of spans)."""
    first = last = None
    for item in items:
        if isinstance(item, Token):
            start, end = item.start_pos, item.end_pos
        elif getattr(item, "span", None):
            start, end = item.span
        elif isinstance(item, tuple) and len(item) == 2 and hasattr(item[1], "span"):
            start, end = item[1].span
        else:
            continue
        if first is None:
            first, last = start, end
        else:
            first = start if start < first else first
            last = end if end > last else last
    return (0, 0) if first is None else (first, last)


def _first_to_last(first, last) -> tuple[int, int]:
    """_extent of a rule's children when each is a token or a spanned piece: they are in
    text order, so it runs from the first's start to the last's end, found without
    _extent's loop over every child (the rules of every name and threshold ask)."""
    start = first.start_pos if isinstance(first, Token) else first.span[0]
    end = last.end_pos if isinstance(last, Token) else last.span[1]
    return start, end


class ToNodes(Transformer):
    """Lark rules -> clauses; runs inside the LALR parser (no parse tree is built).

    Callbacks get no ``meta`` there, so every piece carries the columns of the tokens
    it was made from.
    """

    # ---------------------------------------------------------------- values
    def number(self, children):
        # A token's .value is a plain str: a cache hit then compares two str in C, where
        # comparing Tokens would call Lark's Token.__eq__.
        token = children[0]
        if token.type == "POWER_NUMBER":  # "10^6": ten to the power written
            return Piece(10.0 ** power_exponent(token.value), _token_span(token))
        return Piece(parse_number(token.value), _token_span(token))

    def unit(self, children):
        if children[0].type == "POWER":
            rest = str(children[1]).strip() if len(children) > 1 else ""
            return Piece(f"10*{power_exponent(children[0])}{rest}", _extent(*children))
        return Piece(" ".join(str(children[0]).split()), _token_span(children[0]))

    def quantity(self, children):
        unit = children[1].value if len(children) > 1 else None
        return Threshold(children[0].value, unit, span=_first_to_last(children[0], children[-1]))

    def bare_multiple(self, children):
        return Threshold(children[0].value, "x", span=_extent(*children))

    def multiple(self, children):
        limit = children[-1]
        factor = children[0].value if len(children) > 1 else 1.0
        return Threshold(factor, None, _limit_kind(limit, has_factor=len(children) > 1), str(limit),
                         span=_extent(*children))

    # ------------------------------------------------------------ qualifiers
    def restatement(self, children):
        return ("restated", children[0])

    def restatement_after_or(self, children):
        return ("restated", next(c for c in children if isinstance(c, Threshold)))

    def restatement_compared(self, children):
        """'> 11.5 mg/dL (> 2.9 mmol/L)': the same threshold in another unit, said with the
        same comparator (another comparator is another threshold: not read)."""
        return ("restated_with", (canonical_op(children[0].value), children[1]))

    def conditional(self, children):
        op = next((canonical_op(c) for c in children if isinstance(c, Token) and c.type == "CMP"), None)
        threshold = next(c for c in children if isinstance(c, Threshold))
        return ("condition", CondQualifier(op, threshold, children[-1]))

    def conditional_first(self, children):
        """'(in case of liver metastases ≤ 5 × ULN)': the condition, then its threshold. Read
        only where the condition is a known concept and names no measurement: in "(if
        albumin < 3 g/dL)" the threshold is the condition's own, not the line's."""
        from .read.joins import names_analyte
        from .resolve import conditions_named
        condition, cmp, threshold = children[0], children[-2], children[-1]  # a comma between is no matter
        name = next((c.value for c in children if isinstance(c, Piece)), None)
        if name is None:  # "(patients with Gilbert's syndrome total bilirubin ≤ 3 x ULN)": one run of words
            condition, name = _analyte_said_again(condition)
        if names_analyte(condition) or not conditions_named(condition):
            raise CriterionSyntaxError(f"'{condition}' before a threshold in parentheses: its condition, "
                                       "or what it measures?", column=cmp.start_pos)
        return ("condition", CondQualifier(canonical_op(cmp), threshold, condition, name))

    def conditional_chain(self, children):
        """'(or > 5 × ULN if liver metastases or > 10 × ULN if bone disease)': one
        alternative threshold per condition."""
        found, op = [], None
        for child in children:
            if isinstance(child, Token):
                op = canonical_op(child) if child.type == "CMP" else op
            elif isinstance(child, Threshold):
                threshold = child
            elif isinstance(child, str):
                found.append(CondQualifier(op, threshold, child))
                op = None
        return ("conditions", tuple(found))

    def exception(self, children):
        """', except for patients with X who must have [analyte] < 3': X's own threshold."""
        condition, *rest = children
        name = rest[0].value if isinstance(rest[0], Piece) else None
        cmp, threshold = rest[-2:]
        return ("condition", CondQualifier(canonical_op(cmp), threshold, condition, name))

    def scale_named(self, children):
        """The scale's name, its span from "on": where a line that is not a score stops."""
        on, name = children
        return ("scale", (name, on.start_pos))

    def age_scope(self, children):
        return ("age_group", (canonical_op(children[0]), children[1]))

    def sexes(self, children):
        words = re.findall(r"[a-z]+", str(children[0]).lower())
        found = tuple(sorted({_SEX_WORDS[w] for w in words if w in _SEX_WORDS}))
        return ("sexes", None if len(found) == 2 else found)

    def sex_scoped(self, children):
        return ("sex_scope", _scope_sex(str(children[0])))

    def pressure_part(self, children):
        return ("named", f"{str(children[0]).split()[0].lower()} blood pressure")

    def site_note(self, children):
        return ("note", "the institution's own limits")

    def method_note(self, children):
        text = " ".join(str(c) for c in children)
        return ("method", "cockcroft-gault") if re.search(r"cockcroft", text, re.I) else ("note", text)

    def condition(self, children):
        return " ".join(str(c) for c in children)

    def concept_words(self, children):
        return Piece(" ".join(c.value if isinstance(c, Piece) else str(c) for c in children),
                     _extent(*children))

    def paren_inner(self, children):
        return Piece(" ".join(c.value if isinstance(c, Piece) else str(c) for c in children),
                     _extent(*children))

    def scale_name(self, children):
        return Piece(" ".join(c.value if isinstance(c, Piece) else str(c) for c in children),
                     _extent(*children))

    def inline_condition(self, children):
        return " ".join(str(c) for c in children)

    def inline_conditional(self, children):
        """Two thresholds, each with its condition: they must be one concept, negated and
        affirmed, or the line is not read."""
        first, _or, cmp, threshold, second = children
        negated = re.compile(r"^\s*(no|not|without|absence\s+of)\b\s*", re.I)
        if negated.match(first) and not negated.match(second):
            condition, op = second, canonical_op(cmp)
            return ("condition", CondQualifier(op, threshold, condition))
        sexes = (_sex_named(first), _sex_named(second))
        if None not in sexes and sexes[0] != sexes[1]:  # "> 450 ms for men or > 470 ms for women"
            return ("by_sex", (*sexes, canonical_op(cmp), threshold, None))
        raise CriterionSyntaxError("two conditional thresholds that are not one condition, "
                                   "negated and affirmed")

    def paren_conditional(self, children):
        """'≤ 3 x ULN (without liver metastases) or ≤ 5 x ULN (with liver metastases)': the
        second threshold holds under the condition, the first without it; the two must name
        one condition in the same words, a known one (a condition no concept names could
        never be checked)."""
        from .resolve import conditions_named
        without, _or, cmp, threshold, with_ = children
        if " ".join(without.lower().split()) != " ".join(with_.lower().split()) or not conditions_named(with_):
            raise CriterionSyntaxError("two conditional thresholds that are not one known condition, "
                                       "without and with", column=cmp.start_pos)
        return ("condition", CondQualifier(canonical_op(cmp), threshold, with_))

    def sex_pair(self, children):
        """'> 2.5 mg/dL in men, or > 2.0 mg/dL in women': the second threshold is the other
        sex's; the two scopes must name the two sexes. The second may be restated in another
        unit ("< 120 g/L (7.5 mmol/L) in men")."""
        first, cmp, threshold, *restated, second = children
        sexes = (_scope_sex(str(first)), _scope_sex(str(second)))
        if None in sexes or sexes[0] == sexes[1]:
            raise CriterionSyntaxError("thresholds by sex that do not name both sexes", column=first.start_pos)
        return ("by_sex", (*sexes, canonical_op(cmp.value), threshold, restated[0] if restated else None))

    def sex_restated(self, children):
        return children[-1]

    def respectively(self, children):
        # The token may run "men" into "respectively" ("in women and menrespectively").
        words = _RESPECTIVELY_SEXES.findall(str(children[0]))
        sexes = tuple(_SEX_WORDS[w.lower()] for w in words)
        if len(sexes) != 2 or sexes[0] == sexes[1]:
            raise CriterionSyntaxError("'respectively' names one sex twice")
        return ("respectively", sexes)

    def alternative(self, children):
        return ("alternative", children[0])

    def note(self, children):
        subject = children[0]
        parts = [subject.names[0]]
        for join, name in zip(subject.joins, subject.names[1:]):
            parts += [join, name]
        text = " ".join(parts)
        if _TIMED_URINE.fullmatch(text):  # "(24-hour urine)": how a clearance is measured
            return ("method", "timed urine")
        if _CHANGES_SCOPE.search(text) or not _harmless_note(text):
            raise CriterionSyntaxError(f"the note '({text})' may limit or widen the criterion",
                                       column=subject.span[0])
        if re.search(r"cockcroft", text, re.I):
            return ("method", "cockcroft-gault")
        return ("note", text)

    def timing(self, children):
        return ("note", " and ".join(str(c) for c in children))

    def window(self, children):
        from .read.lexicon import counts_from_screening
        words = children[2:]
        if words and not counts_from_screening(" ".join(str(w) for w in words)):
            raise CriterionSyntaxError("a window counted from another day than the screening date",
                                       column=words[0].start_pos)
        return ("window", _window_days(children[1]))

    # ------------------------------------------------------------ predicates
    def comparison(self, children):
        op = canonical_op(children[0].value)
        rest = children[2:]
        if rest and isinstance(rest[0], Token) and rest[0].type == "POSTCMP":
            if _postfix_op(rest[0].value)[0] != op[0]:
                raise CriterionSyntaxError(f"'{rest[0].value}' contradicts the comparator before it",
                                           column=rest[0].start_pos)
            rest = rest[1:]
        pred = Pred("compare", _first_to_last(children[0], children[1]), op, children[1],
                    named=_age_compared(children[0], children[1]))
        return _qualified(pred, rest)

    def bounded(self, children):
        """'BMI >18 <28': a lower and an upper bound, in either order."""
        first, second = [(canonical_op(c), t) for c, t in zip(children[0:4:2], children[1:4:2])]
        low, high = sorted((first, second), key=lambda bound: bound[0] in ("<", "<="))
        if low[0] not in (">", ">=") or high[0] not in ("<", "<=") or low[1].value >= high[1].value:
            raise CriterionSyntaxError("two thresholds without a joiner that do not bound one interval",
                                       column=children[2].start_pos)
        pred = Pred("bounded", _extent(*children[:4]), low[0], low[1], high=high[1], high_op=high[0])
        return _qualified(pred, children[4:])

    def pressure_pair(self, children):
        comparators = [c for c in children if isinstance(c, Token) and c.type == "CMP"]
        if len({canonical_op(c) for c in comparators}) > 1:
            raise CriterionSyntaxError("a blood pressure pair with two comparators", column=comparators[1].start_pos)
        numbers = [c for c in children if isinstance(c, Piece) and isinstance(c.value, float)]
        written = children[len(comparators) + 3:len(comparators) + 4]
        unit = next((c.value for c in written if isinstance(c, Piece) and isinstance(c.value, str)), None)
        pred = Pred("pressure_pair", _extent(*children[:len(comparators) + 3]), canonical_op(children[0]),
                    Threshold(numbers[0].value, unit), high=Threshold(numbers[1].value, unit))
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def pressure_part_alone(self, children):
        """'... or 105 diastolic': a value and which blood pressure it is, its comparator
        not written (to_tree gives it the one of the other value of the pair before it)."""
        quantity, part = children
        return Pred("compare", _extent(quantity, part), "==", quantity, named=self.pressure_part([part])[1])

    def postfix(self, children):
        op = _postfix_op(str(children[1]))
        pred = Pred("compare", _extent(*children[:2]), op, children[0],
                    named=_age_compared(children[1], children[0]))
        return _qualified(pred, children[2:])

    def range(self, children):
        low, high = [c for c in children if isinstance(c, Threshold)][:2]
        if low.value > high.value and (low.unit_text or high.unit_text) == (high.unit_text or low.unit_text) \
                and any(isinstance(c, Token) and c.type == "AND" for c in children):
            low, high = high, low  # "between 0 and -4": the values between, whichever is written first
        named = "age" if any(isinstance(c, Token) and c.type == "AGES" for c in children) else None
        pred = Pred("between", _extent(*[c for c in children if not isinstance(c, tuple)]),
                    threshold=low, high=high, named=named)
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def half_open(self, children):
        """'1 to < 6 years': at least the first, and below (or at most) the second; '> 27 to
        45': above the first, and at most the second."""
        ends = [c for c in children if isinstance(c, Threshold) or (isinstance(c, Token) and c.type == "CMP")]
        low_cmp = ends.pop(0) if isinstance(ends[0], Token) else None
        low, high_cmp, high = ends[0], (ends[1] if isinstance(ends[1], Token) else None), ends[-1]
        low_op = canonical_op(low_cmp.value) if low_cmp else ">="
        high_op = canonical_op(high_cmp.value) if high_cmp else "<="
        if low_op not in (">", ">=") or high_op not in ("<", "<=") or low.value >= high.value:
            raise CriterionSyntaxError("a range whose ends do not bound it from below and above",
                                       column=(high_cmp or low_cmp).start_pos)
        pred = Pred("bounded", _extent(low, high), low_op, low, high=high, high_op=high_op)
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def sex_thresholds(self, children):
        """'males ≥ 13, females ≥ 12 g/dL': the threshold of the patient's sex; the first may
        leave its unit to the second."""
        first_sex, first_cmp, first, *rest = children
        second_sex, second_cmp, second = rest[-3:]  # after the separator, where one is written
        sexes = (_one_sex_word(first_sex), _one_sex_word(second_sex))
        if None in sexes or sexes[0] == sexes[1]:
            raise CriterionSyntaxError("thresholds by sex that do not name both sexes", column=first_sex.start_pos)
        if first.unit_text is None and first.relative_to is None:
            first = replace(first, unit_text=second.unit_text)
        return Pred("compare", _extent(first_sex, second), canonical_op(first_cmp), first,
                    by_sex=(*sexes, canonical_op(second_cmp), second, None))

    def equals(self, children):
        return Pred("compare", _extent(*children), "==", children[0])

    def times_compared(self, children):
        """'AST three times higher than the ULN': a multiple of a limit, its comparator after
        the factor. Only above: "two times lower than the LLN" may mean half the limit."""
        factor, comparator, limit = children[:3]
        if canonical_op(comparator.value) not in (">", ">="):
            raise CriterionSyntaxError(f"'{comparator.value}' after a factor of the limit does not say "
                                       "which multiple is meant", column=comparator.start_pos)
        threshold = Threshold(factor.value, None, _limit_kind(limit, has_factor=True), str(limit),
                              span=_extent(factor, limit))
        return _qualified(Pred("compare", threshold.span, canonical_op(comparator.value), threshold),
                          children[3:])

    def scores(self, children):
        values = tuple(float(v) for v in re.findall(r"\d+", str(children[0])))
        unit = children[1].value if len(children) > 1 and isinstance(children[1], Piece) else None
        pred = Pred("one_of", _extent(*[c for c in children if not isinstance(c, tuple)]),
                    values=values, threshold=Threshold(values[0], unit))
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def normal(self, children):
        return _qualified(Pred("normal", _extent(children[0])), children[1:])

    def normal_first(self, children):
        """'Normal PTT': the state written before the name."""
        name = children[1]
        return Clause(Subject((name.value,), (), name.span), Pred("normal", _extent(*children)))

    def labelled_normal(self, children):
        """'Normal blood pressure < 140/90 mmHg': the threshold says what normal is."""
        name = children[1]
        return Clause(Subject((name.value,), (), name.span), children[-1])

    # ---------------------------------------------------------------- names
    def paren_words(self, children):
        return Piece(f"({children[0].value})", children[0].span)

    def name(self, children):
        if len(children) == 1:  # most names: one token, its words a run of the lexer's
            only = children[0]
            return Piece(only.value, _first_to_last(only, only))
        return Piece(" ".join([c.value for c in children]), _first_to_last(children[0], children[-1]))

    def name_join(self, children):
        return str(children[0])

    def subject(self, children):
        if len(children) == 1:  # one name (a Piece), most subjects
            group = _group_members(children[0].value)
            if group:  # "transaminases ≤ 2.5 x ULN": each, as "AST/ALT" would list them
                return Subject(group, ("/",) * (len(group) - 1), children[0].span)
            if "(" in children[0].value and _LIST_IN_PARENTHESES.search(children[0].value):
                # "Transaminases (ALT, AST) > 3 x ULN": the members, as the group name would list them
                members = _members_listed(children[0])
                return Subject(members, ("/",) * (len(members) - 1), children[0].span)
            return Subject((children[0].value,), (), children[0].span)
        names = [c.value for c in children[0::2]]
        span = _first_to_last(children[0], children[-1])
        if any("(" in name and _LIST_IN_PARENTHESES.search(name) for name in names):
            raise CriterionSyntaxError("a list in parentheses inside a list of names", column=span[0])
        if len(names) == 2 and children[1] == "/" and _is_ratio(names[0], names[1]):
            return Subject((f"{names[0]}/{names[1]}",), (), span)  # "FEV1/FVC": a ratio of its own
        if len(names) == 2 and children[1].strip().lower() in ("and", "&") and _one_name(names[0], names[1]):
            # "Psoriasis Area and Severity Index", "Hoehn and Yahr stage": one scale's name
            return Subject((f"{names[0]} and {names[1]}",), (), span)
        if len(names) > 1:  # "either INR or PT", "both FEV1 and DLCO": the list's own words
            names[0] = _LIST_LEAD.sub("", names[0]) or names[0]
        return Subject(tuple(names), tuple(children[1::2]), span)

    # --------------------------------------------------------------- clauses
    def clause(self, children):
        subject, pred = children
        return _on_its_scale(Clause(_label_alone(subject, pred), pred))

    def name_between(self, children):
        """'18 ≤ BMI ≤ 32 kg/m2', '32 ≥ BMI ≥ 18': the name between its two bounds, both
        comparators looking the same way; the first said of the value from the other side."""
        low, first, name, second, high, *qualifiers = children
        ops = canonical_op(first.value), canonical_op(second.value)
        span = _extent(low, high)
        if ops[0][0] == ">":  # "32 ≥ BMI ≥ 18" is "18 ≤ BMI ≤ 32"
            low, high, ops = high, low, (_FLIPPED[ops[1]], _FLIPPED[ops[0]])
        if ops[0][0] != "<" or ops[1][0] != "<" or low.value >= high.value:
            raise CriterionSyntaxError("two bounds around a name that bound no interval", column=second.start_pos)
        pred = Pred("bounded", span, _FLIPPED[ops[0]], low, high=high, high_op=ops[1])
        return Clause(Subject((name.value,), (), name.span), _qualified(pred, qualifiers))

    def named_between(self, children):
        """'Body mass index (BMI): 18 ≤ BMI ≤ 32': the name said before its bounds must be the
        one between them."""
        from .analytes import catalogue
        subject, clause = children
        found = [catalogue().lookup(name) for name in (*subject.names, *clause.subject.names)]
        if None in found or len({analyte.id for analyte in found}) != 1:
            raise CriterionSyntaxError("a name before a threshold that names another measurement",
                                       column=clause.subject.span[0])
        return clause

    def label_defined(self, children):
        """'Leukocytosis (> 12,000/mm3)': the label names the measurement."""
        label, pred = children
        return Clause(_label_subject(label, pred), pred)

    def sexes_in_parentheses(self, children):
        """'Hemoglobin (males ≥ 13, females ≥ 12 g/dL)'."""
        return self.clause([self.subject([children[0]]), children[1]])

    def bare_predicate(self, children):
        return _on_its_scale(Clause(None, children[0]))

    def joiner(self, children):
        return str(children[0])

    # ------------------------------------------- conditions, states, treatments
    def absence(self, children):
        timing = _timing(str(children[0]))
        phrases = _distribute([c for c in children[1:] if isinstance(c, Piece)])
        window = next((q[1] for q in children if isinstance(q, tuple) and q[0] == "window"), None)
        if any(isinstance(q, tuple) and q[0] not in ("window", "note") for q in children):
            raise CriterionSyntaxError("a negated condition carries no threshold qualifiers")
        span = _extent(children[0], *phrases)
        has = [made(Has, text=p.value, timing="window" if window is not None else timing,
                   within_days=window, span=span) for p in phrases]
        negated = [made(Not, child=h, span=span) for h in has]
        return Statement(negated[0] if len(negated) == 1 else made(AllOf, children=tuple(negated), span=span))

    def since(self, children):
        op, quantity, phrase = canonical_op(children[0]), children[1], children[3]
        span = _extent(children[0], phrase)
        exceptions = []
        for q in children[4:]:
            if q[0] == "condition" and (q[1].op or op) == op:
                exceptions.append(made(Washout, text=q[1].condition_text, days=_window_days(q[1].threshold)))
            elif q[0] != "note":
                raise CriterionSyntaxError("a time since a treatment carries no such qualifier")
        if op in ("<", "<="):
            # "Fewer than 28 days since major surgery": the latest course is that recent, a
            # window (resolve reads it so); never "every course", which an older one would fail.
            if exceptions:
                raise CriterionSyntaxError("a time since a treatment that asks it to be recent has no washouts")
            return Statement(made(Since, text=phrase.value, op="<=", days=_recent_days(quantity, op == "<"),
                                  span=span))
        return Statement(made(Since, text=phrase.value, op=op, days=_window_days(quantity),
                               exceptions=tuple(exceptions), span=span))

    def sex_only(self, children):
        word = str(children[0]).split()[0].lower()
        return Statement(made(Sex, allowed=(_SEX_WORDS[word],), span=_extent(children[0])))

    def negative_test(self, children):
        phrase = children[1]
        text = re.sub(r"\b(test|result|screen)s?\b", "", phrase.value, flags=re.I).strip()
        span = _extent(children[0], phrase)
        window = next((q[1] for q in children[2:] if q[0] == "window"), None)
        if any(q[0] not in ("window", "note") for q in children[2:]):
            raise CriterionSyntaxError("a negative test carries no threshold qualifiers")
        has = made(Has, text=text or phrase.value, timing="window" if window else "current",
                  within_days=window, span=span)
        return Statement(made(Not, child=has, span=span))

    def start(self, children):
        """Clauses and joiners, still flat: the section-dependent reading is to_tree's."""
        return Flat(list(children[0::2]), list(children[1::2]))


# Words in a parenthetical note that change whom or when the criterion applies: such
# a line is not read with the note dropped.
_CHANGES_SCOPE = re.compile(
    r"\b(except|exception|unless|if|only|cohort|phase\s+(i+v?|iv|[0-9])|arm|part|eligible|allowed|"
    r"permitted|may|must|should|excluding|but|not|no|without|provided|patients?|subjects?|men|"
    r"women|males?|females?|children|adults?|who|when|where|irrespective|regardless|waived)\b",
    re.I)
# What a note in parentheses after a threshold may say and be set aside: a name or an
# abbreviation of what is measured ("(ANC)"), how it is measured or graded, or a version.
# Anything else ("(South Asian)") may say whom the threshold is for: not read whole. The
# words are data (engine/data/lexicon.yaml, note_words).
_NOTE_TOKEN = re.compile(r"[^\W_]+(?:\.\d+)*")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9-]{1,7}|v?\d+(?:\.\d+)*")


# A timed urine collection in a note: how a creatinine clearance is measured, and for any
# other name a urine measurement the name does not say.
_TIMED_URINE = re.compile(r"(?:24[\s-]*h(?:ou)?rs?|timed)\s+urine(?:\s+collection)?|urine\s+collection", re.I)


def _harmless_note(text: str) -> bool:
    """A name of what is measured ("absolute neutrophil count"), or words, capitalised
    abbreviations and numbers of how it is measured or graded ("CTCAE v5", "Cockcroft-Gault")."""
    from .analytes import catalogue
    from .read.lexicon import QUALIFIER, STATE, lexicon
    from .units import to_ucum
    if lexicon().names_a_specimen(text, but="blood"):  # "(CSF)", "(urine)": another analyte
        return False
    if catalogue().lookup_whole(text) is not None or to_ucum(text):  # "(ANC)", "(mU/mL)"
        return True
    words = lexicon().note_words
    tokens = _NOTE_TOKEN.findall(text)
    # An abbreviation or a version counts beside a word the lexicon knows ("CTCAE v5"); alone
    # it may say anything ("(LLOD)": the value must be below the assay's limit of detection).
    if any(t.lower() in words for t in tokens) and all(t.lower() in words or _ABBREVIATION.fullmatch(t) for t in tokens):
        return True
    # "(during the screening phase)", "(inclusive of limits)": words the lexicon holds harmless
    # (a state only beside the analytes measured in it, which a note does not know: "(at rest)")
    return all(a.role == QUALIFIER and a.category != STATE for a in lexicon().account(text, 0, len(text)))


_DAYS = {"d": 1.0, "wk": 7.0, "mo": 30.4375, "a": 365.25}
_LIST_LEAD = re.compile(r"^(either|both)\s+", re.I)


def _distribute(phrases: list[Piece]) -> list[Piece]:
    """'hepatitis B or C' -> hepatitis B, hepatitis C: a lone letter takes the words before."""
    out: list[Piece] = []
    for phrase in phrases:
        if out and len(phrase.value) <= 2 and len(out[-1].value.split()) > 1:
            head = out[-1].value.split()[:-1]
            phrase = Piece(" ".join([*head, phrase.value]), phrase.span)
        out.append(phrase)
    return out


def _timing(negation: str) -> str:
    """'No prior X', 'No history of X' ask about ever; 'No X', 'No known X', 'No
    concurrent X' about now."""
    return "ever" if re.search(r"\b(prior|previous|history|never)\b", negation, re.I) else "current"


def _window_days(quantity: Threshold) -> int:
    """'within 10 days / 2 weeks / 3 months' -> whole days (rounded down: stricter)."""
    from .units import to_ucum
    unit = to_ucum(quantity.unit_text or "")
    if unit not in _DAYS:
        raise CriterionSyntaxError(f"'within {quantity.value:g} {quantity.unit_text or ''}' is not a "
                                   "span of days, weeks, months or years", column=quantity.span[0])
    return int(quantity.value * _DAYS[unit])


def _recent_days(quantity: Threshold, strict: bool) -> int:
    """'less than 3 months' -> 91 whole days, 'less than 28 days' -> 27, 'at most 4 weeks' ->
    28: the last day a course can lie back and still be as recent as the words ask."""
    from .units import to_ucum
    _window_days(quantity)  # a span of days, weeks, months or years, or a clear error
    exact = quantity.value * _DAYS[to_ucum(quantity.unit_text or "")]
    return math.ceil(exact) - 1 if strict else math.floor(exact)


# "older than 18", "65 or younger": the comparator itself says that the value is an age,
# written bare or as a span of time ("younger than 6 months").
_AGE_COMPARATOR = re.compile(r"(?:(?:or|and|not)\s+)?(?:older|younger)\b", re.I)
_TIME_SPAN = re.compile(r"^(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)\b", re.I)


def _age_compared(comparator, threshold) -> Optional[str]:
    """"age" where the comparator names the value an age ("older than 18"), else None."""
    if not _AGE_COMPARATOR.match(str(comparator)) or not isinstance(threshold, Threshold) or threshold.relative_to:
        return None
    unit = threshold.unit_text
    # A value in years ("18 years of age or older") is an age without the comparator's help,
    # and is read as it was before the comparator named it: the words before it may be
    # whom it is about ("Adult males and females who are ...").
    return "age" if unit is None or (_TIME_SPAN.match(unit) and not _AGE_UNIT.search(unit)) else None


def _postfix_op(text: str) -> str:
    """'or older', 'and above' -> >=; 'or less', 'and below' -> <="""
    return ">=" if text.split()[-1].lower() in _POSTCMP_UP else "<="


def _qualified(pred: Pred, qualifiers) -> Pred:
    """Attach what follows a threshold: restatement, conditions, alternatives, window,
    whose sex it is for and which analyte it names."""
    if not qualifiers:  # most thresholds: the predicate as made already says it all
        return pred
    found: dict[str, list] = {}
    for kind, value in qualifiers:
        if kind == "restated_with":  # "(> 2.9 mmol/L)": a restatement only with the same comparator
            op, value = value
            if op != pred.op:
                raise CriterionSyntaxError("a threshold in parentheses with another comparator")
            kind = "restated"
        if kind == "conditions":  # a chain of them in one parenthesis
            found.setdefault("condition", []).extend(value)
        else:
            found.setdefault(kind, []).append(value)
    if any(len(found.get(kind, ())) > 1 for kind in ("window", "sexes", "named", "by_sex", "respectively",
                                                       "age_group", "scale", "sex_scope")):
        raise CriterionSyntaxError("more qualifiers than one threshold can carry")
    one = {kind: values[0] for kind, values in found.items()}
    conditions = tuple(found.get("condition", ()))
    by_sex = "by_sex" in one or "respectively" in one or "sex_scope" in one
    if ("restated" in one and pred.kind != "compare") or (conditions and pred.kind == "bounded") or \
            (by_sex and (conditions or "alternative" in found or one.get("sexes") or pred.kind != "compare"
                        or "age_group" in one)):
        raise CriterionSyntaxError("more qualifiers than one threshold can carry")
    return replace(pred, restated=one.get("restated"), conditions=conditions,
                   alternatives=tuple(found.get("alternative", ())), within_days=one.get("window"),
                   method=one.get("method", pred.method),
                   sexes=one.get("sexes"), named=one.get("named", pred.named), by_sex=one.get("by_sex"),
                   respectively=one.get("respectively"), age_group=one.get("age_group"),
                   scale=one.get("scale"), sex_scope=one.get("sex_scope"))


# What a score is called before the scale is named after it: "Subjects must score 2 or
# higher on ...", "A baseline score of > 5 on ...", "with a score of > 10 on ...".
_SCORE_WORDS = frozenset("score scores scored scoring a the total baseline of with".split())


def _on_its_scale(clause: Clause) -> Clause:
    """'Score 24 or higher on the Montreal Cognitive Assessment': the scale after the value
    names the analyte; a name before it may only say that it is a score, and who has it."""
    if clause.pred.scale is None:
        return clause
    scale, on = clause.pred.scale
    words = clause.subject and " ".join(clause.subject.names).lower().split()
    if words and not all(w in _SCORE_WORDS or w in _PERSON_WORDS for w in words):
        raise CriterionSyntaxError(f"'{' '.join(words)}' before a threshold on the scale '{scale.value}'",
                                   column=on)
    return Clause(Subject((scale.value,), (), scale.span), clause.pred)


def _limit_kind(text: str, has_factor: bool) -> str:
    """ULN or LLN; "normal" when the text does not say (bound by the analyte, see _one_limit)."""
    t = text.lower()
    lower, upper = re.search(r"lower|lln|llrr", t), re.search(r"upper|uln|unl|ulrr", t)
    if lower and upper:  # "ULN (lower limit of normal)": which limit, the line does not say
        raise CriterionSyntaxError(f"'{text}' names both limits of normal")
    if lower:
        return "LLN"
    if upper or has_factor:
        return "ULN"
    return "normal"


def _one_limit(name: str, threshold: Threshold) -> Threshold:
    """'LVEF < the normal limits': an analyte whose normal range has one meaningful end
    (LVEF: the lower, bilirubin: the upper) has one limit to mean; otherwise the line
    does not say which."""
    if threshold.relative_to != "normal":
        return threshold
    from .analytes import catalogue
    analyte = catalogue().lookup(name)
    means = analyte.normal_means if analyte else "range"
    if means == "range":
        raise CriterionSyntaxError(f"'{threshold.limit_text}' does not say which limit of normal "
                                   "(upper or lower) is meant", column=threshold.span[0])
    return replace(threshold, relative_to="ULN" if means == "upper" else "LLN")


def _bind(items: list[Clause], section: str) -> list[Node]:
    """Clauses -> nodes; a predicate without a subject takes the previous clause's."""
    nodes: list[Node] = []
    previous: Optional[Subject] = None
    for item in items:
        if isinstance(item, Statement):
            nodes.append(item.node)
            continue
        sexes, subject = _split_sex(item.subject) if item.subject else (None, None)
        sexes = _both_sexes(sexes, item.pred.sexes or (item.pred.sex_scope and (item.pred.sex_scope,)))
        if item.pred.named:
            subject = _named_after(subject, item.pred)
        elif subject and _names_a_person(subject):
            _age_group_kept(subject, item.pred)  # "Adult patients up to age 75" says more
            # "Patients must be 18 years or older"; "Patients over 65": a number alone said of
            # the person is the person's age.
            subject = _implicit_subject(item.pred, of_a_person=True)
        subject = subject or previous or _implicit_subject(item.pred)
        # A leaf's span starts at its analyte's name when the name is written with it.
        span = (item.subject.span[0], item.pred.span[1]) if item.subject else item.pred.span
        node = _clause_node(subject, item.pred, span, section)
        if item.pred.age_group:
            op, age = item.pred.age_group
            node = joined(AllOf, (_compare("age", op, age.value, age.unit_text, None, None, age.span, None),
                                  node), span)
        nodes.append(made(AllOf, children=(made(Sex, allowed=sexes, span=span), node)) if sexes else node)
        previous = subject
    return nodes


def _both_sexes(before: Optional[tuple[str, ...]], after: Optional[tuple[str, ...]]
                ) -> Optional[tuple[str, ...]]:
    """Sex words before the name and after the value must agree ("Women aged 40-75 women")."""
    if before and after and before != after:
        raise CriterionSyntaxError("the line names two different sexes")
    return before or after


def _named_after(subject: Optional[Subject], pred: Pred) -> Subject:
    """'≥ 140 mmHg systolic': the word after the value names the analyte; a name written
    before it may only say blood pressure ("BP ≥ 140 systolic"). 'Children between the
    ages of 4 and 18': the name inside the range; before it, only whom it is about."""
    if pred.named == "age":
        if subject and not _names_a_person(subject) and not _names_age(subject):
            raise CriterionSyntaxError(f"the ages of {', '.join(subject.names)}?")
        if subject:
            _age_group_kept(subject, pred)
        return Subject(("age",), (), pred.span)
    if subject and not all(_is_blood_pressure(n) for n in subject.names):
        raise CriterionSyntaxError(f"'{pred.named}' after a threshold for {', '.join(subject.names)}")
    return Subject((pred.named,), (), pred.span)


# A name that says blood pressure and nothing else: "BP persistently > 160/100" is not
# "BP > 160/100" (one reading cannot show "persistently"), and "Pulmonary artery pressure
# 40/20" is no blood pressure at all. Other words stay for the island reader to judge.
_BLOOD_PRESSURE = re.compile(r"(?:arterial\s+)?(?:blood\s+pressure|bp)(?:\s*\((?:bp|blood\s+pressure)\))?", re.I)
# The names a pair of values may have besides: "Systolic/diastolic blood pressure < 130/80".
_PAIR_NAME = re.compile(r"(?:(?:systolic|diastolic)\s+)?(?:blood\s+pressure|bp)|systolic|diastolic|sbp|dbp", re.I)


def _is_blood_pressure(name: str) -> bool:
    return bool(_BLOOD_PRESSURE.fullmatch(name.strip()))


def _names_a_person(subject: Subject) -> bool:
    for name in subject.names:  # a loop, not all() of a generator: asked of every clause
        if not _only_person_words(name):
            return False
    return True


def _age_group_kept(subject: Subject, pred: Pred) -> None:
    """A person named by an age group ("Adult patients", "Children") beside an age: the
    ages read must keep to the group, or the group says what the reading does not ("Adult
    patients up to age 75": no one under 18) and the line is for a person."""
    from .read.lexicon import lexicon
    if not lexicon().ages_keep_to_groups(" ".join(subject.names), *_ages_of(pred)):
        raise CriterionSyntaxError("the age group named says more than the ages read")


def _ages_of(pred: Pred) -> tuple[Optional[float], Optional[float]]:
    """The lowest and highest age (years) a predicate on age allows; None where it sets none."""
    from .read.lexicon import YEARS_IN
    from .units import to_ucum

    def years(threshold: Optional[Threshold]) -> Optional[float]:
        code = to_ucum(threshold.unit_text) if threshold and threshold.unit_text else "a"
        return threshold.value * YEARS_IN[code] if threshold and code in YEARS_IN else None
    if pred.high is not None:
        return years(pred.threshold), years(pred.high)
    if pred.kind == "compare" and pred.op in (">", ">="):
        return years(pred.threshold), None
    if pred.kind == "compare" and pred.op in ("<", "<="):
        return None, years(pred.threshold)
    return None, None


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _only_person_words(name: str) -> bool:
    return all(w.lower() in _PERSON_WORDS for w in name.split())


_SEX_WORDS = {"women": "female", "woman": "female", "female": "female", "females": "female",
              "men": "male", "man": "male", "male": "male", "males": "male",
              "girls": "female", "girl": "female", "boys": "male", "boy": "male"}
# Words that name the patient, not an analyte: "Patients must be 18 years or older",
# "Infant is 12-36 hours of age", "Males and Females age 18 to 45". Never "healthy": being
# healthy is a requirement a person checks (the hand audit found it dropped).
_PERSON_WORDS = frozenset("""patients patient subjects subject participants participant persons
people infants infant neonates neonate newborns newborn children child adults adult volunteers
recipients recipient is are must be should""".split())
_SEX_FILLER = _PERSON_WORDS | {"and", "or", "both"}


def _split_sex(subject: Subject) -> tuple[Optional[tuple[str, ...]], Optional[Subject]]:
    """'Women 18 years or older', 'Males and Females age 18 to 45': sex words are a
    constraint of their own; what remains names the analyte (or nothing: age)."""
    sexes: set[str] = set()
    names: list[str] = []
    for name in subject.names:
        found, kept = _sex_words(name)
        sexes |= found
        if kept is not None:
            names.append(kept)
    if not sexes:
        return None, subject
    allowed = None if sexes == {"female", "male"} else tuple(sorted(sexes))
    kept = tuple(dict.fromkeys(names))
    return allowed, (Subject(kept, ("and",) * (len(kept) - 1), subject.span) if kept else None)


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _sex_words(name: str) -> tuple[frozenset[str], Optional[str]]:
    """The sexes a name's words say, and what remains of it once they and the words about
    the patient are taken out (None: nothing); a name that says no sex remains whole."""
    words = name.split()
    lowered = [w.lower() for w in words]
    found = frozenset(_SEX_WORDS[w] for w in lowered if w in _SEX_WORDS)
    if not found:
        return found, name
    rest = [w for w, low in zip(words, lowered) if low not in _SEX_WORDS and low not in _SEX_FILLER]
    return found, " ".join(rest) if rest else None


def _implicit_subject(pred: Pred, of_a_person: bool = False) -> Subject:
    """No analyte written: ages ("18 years and older", or a number alone said of a person:
    "Patients over 65") and pressure pairs ("> 180/110 mmHg")."""
    if pred.kind == "pressure_pair":
        return Subject(("blood pressure",), (), pred.span)
    threshold = pred.high or pred.threshold
    if of_a_person and pred.kind in ("compare", "between", "bounded") and _bare_number(pred):
        return Subject(("age",), (), pred.span)
    if threshold and threshold.unit_text and _AGE_UNIT.search(threshold.unit_text):
        return Subject(("age",), (), pred.span)
    if threshold and threshold.unit_text and GESTATION_UNIT.search(threshold.unit_text):
        return Subject(("gestational age",), (), pred.span)
    raise CriterionSyntaxError("no analyte is named for this threshold")


def _group_members(name: str) -> tuple[str, ...]:
    """The analytes a group name stands for (engine/data/analytes.yaml, `groups`)."""
    from .analytes import catalogue
    return catalogue().group(name)


# A name with a list in its parenthesis: "Transaminases (ALT, AST)", never "Bilirubin (total,
# direct)" read as its first word (the lookup of a name sets its parenthesis aside).
_LIST_IN_PARENTHESES = re.compile(r"\([^()]*(?:,|\band\b)[^()]*\)", re.I)
_LISTED = re.compile(r"(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)(?:\s+(?:levels?|values?))?", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|\band/or\b|\band\b|\bor\b|/)\s*", re.I)
# What may stand before a list of liver tests besides a group name ("Liver enzymes (ALT, AST)").
_LIVER_TESTS = re.compile(r"(?:liver|hepatic)\s+(?:enzymes?|function\s+tests?|tests?)|lfts?", re.I)


def _members_listed(name: Piece) -> tuple[str, ...]:
    """The analytes listed in parentheses after the name of the group they belong to:
    "Transaminases (ALT and AST)", "Liver enzymes (AST, ALT, ALP)". Each must be a distinct
    analyte, a member of the group where the name before is one; else the line is not read."""
    from .analytes import catalogue
    found = _LISTED.fullmatch(name.value)
    head = found["head"].strip() if found else ""
    group = _group_members(head)
    names = tuple(n for n in _LIST_JOIN.split(found["inner"].strip()) if n) if found else ()
    analytes = [catalogue().lookup_whole(n) for n in names]
    members = {catalogue().lookup_whole(m).id for m in group}
    if len(names) < 2 or not (group or _LIVER_TESTS.fullmatch(head)) or None in analytes \
            or len({a.id for a in analytes}) < len(analytes) or (group and not members >= {a.id for a in analytes}):
        raise CriterionSyntaxError(f"'{name.value}': a list in parentheses that is not the members of a group",
                                   column=name.span[0])
    return names


def _is_ratio(first: str, second: str) -> bool:
    """'FEV1/FVC', 'PaO2/FiO2': the pair, as written, is itself an analyte's name (not
    two sharing a threshold, nor a name found inside one of them: "ALT (SGPT)/AST")."""
    from .analytes import catalogue, name_key
    return name_key(f"{first}/{second}") in catalogue().by_key


def _one_name(first: str, second: str) -> bool:
    """'Psoriasis Area' and 'Severity Index': joined by "and", the pair is itself one
    analyte's name, not two sharing a threshold."""
    from .analytes import catalogue
    return catalogue().lookup_whole(f"{first} and {second}") is not None


def _label_subject(label: Piece, pred: Pred) -> Subject:
    """The analyte a clinical label names ("Severe anaemia (< 8 g/dL)": hemoglobin), as
    the subject of its threshold: only a plain comparison on the label's side of normal
    (each sex's, where the threshold is by sex)."""
    from .read.lexicon import lexicon
    ops = [pred.op, *([pred.by_sex[2]] if pred.by_sex else [])]
    found = {lexicon().analyte_of_label(label.value, op) for op in ops} if pred.kind == "compare" else {None}
    if len(found) != 1 or None in found:  # at the threshold: the island reader may read it alone
        raise CriterionSyntaxError(f"'{label.value}' before a threshold that names no measurement",
                                   column=pred.span[0])
    return Subject((found.pop(),), (), label.span)


def _label_alone(subject: Subject, pred: Pred) -> Subject:
    """"Fever > 38.5 °C", "Severe anaemia < 8 g/dL": a clinical label standing alone as
    the name of its threshold names the measurement that defines it on that side, as it
    does in parentheses (label_defined). Among other names ("Cardiomyopathy or LVEF <
    50%") it names none: the threshold is the other name's."""
    from .analytes import catalogue
    if len(subject.names) != 1 or pred.kind != "compare" or catalogue().lookup_whole(subject.names[0]):
        return subject
    try:
        return _label_subject(Piece(subject.names[0], subject.span), pred)
    except CriterionSyntaxError:
        return subject  # no label, or not on its side: the name is looked up as written


def _bare_number(pred: Pred) -> bool:
    """A threshold with neither a unit nor a limit of normal ("LH/FSH > 2")."""
    threshold = pred.high or pred.threshold
    return threshold is not None and not threshold.unit_text and not threshold.relative_to


def _clause_node(subject: Subject, pred: Pred, span: tuple[int, int], section: str) -> Node:
    if pred.kind == "pressure_pair":
        return _pressure_pair(subject, pred, span)
    join_names = _join_names(subject, section) if subject.joins else _only_leaf
    if "/" in subject.joins and _bare_number(pred):
        raise CriterionSyntaxError(f"'{'/'.join(subject.names)}' with a number alone: a ratio, or each of them?")
    if pred.by_sex:
        return _by_sex(subject, pred, span, join_names)
    main = join_names([_leaf(name, pred, pred.op, pred.threshold, span) for name in subject.names])
    conditions = _most_lenient_first(pred.conditions, pred.op, section) if pred.conditions else ()
    for cond in reversed(conditions):
        _same_analyte(cond, subject)
        op = cond.op or pred.op
        alternative = join_names([_leaf(name, pred, op, cond.threshold, span)
                                  for name in subject.names])
        main = made(Conditional, condition_text=cond.condition_text, when_true=alternative,
                           when_false=main, span=span)
    if pred.alternatives:
        _scales_of_one_thing(subject, pred.alternatives)
        others = [_clause_node(alt.subject, alt.pred, alt.pred.span, section)
                  for alt in pred.alternatives]
        main = _flat(AnyOf, [main, *others])
    return main


def _scales_of_one_thing(subject: Subject, alternatives) -> None:
    """A threshold in parentheses on another measurement is an alternative only between the
    scales of one thing: performance status ("ECOG 0-1 (Karnofsky ≥ 70%)"). Elsewhere it
    most often restates the first ("fasting glucose 200-300 mg/dL (HbA1c 7-10%)"), and read
    as "or" it would pass a patient on a value the line does not accept (hand audit)."""
    from .analytes import catalogue
    names = [*subject.names, *(n for alt in alternatives for n in alt.subject.names)]
    found = [catalogue().lookup_whole(n) for n in names]
    if not all(a is not None and a.category == "performance" for a in found):
        raise CriterionSyntaxError("a threshold in parentheses on another measurement: "
                                   "an alternative, or the same limit said another way?")


def _by_sex(subject: Subject, pred: Pred, span: tuple[int, int], join_names) -> Node:
    """'QTc > 450 ms for males or > 470 ms for females': the threshold of the patient's sex
    applies (a patient whose sex is not recorded gets an answer only where neither
    threshold is met)."""
    first_sex, second_sex, second_op, second, restated = pred.by_sex
    branches = []
    # Each threshold with its own restatement: the first's is the clause's, the second's its own.
    for sex, op, threshold, said in ((first_sex, pred.op, pred.threshold, pred),
                                     (second_sex, second_op, second, replace(pred, restated=restated))):
        leaves = join_names([_leaf(name, said, op, threshold, span) for name in subject.names])
        branches.append(joined(AllOf, (made(Sex, allowed=(sex,), span=span), leaves), span))
    return joined(AnyOf, branches, span)


def _one_sex_word(words: str) -> Optional[str]:
    """'males', 'Women' -> the sex; None for both ('men and women')."""
    found = {_SEX_WORDS[w] for w in words.lower().split() if w in _SEX_WORDS}
    return found.pop() if len(found) == 1 and len(words.split()) == 1 else None


def _scope_sex(scope: str) -> Optional[str]:
    """'in men', 'for female patients' -> the sex."""
    return next((_SEX_WORDS[w] for w in scope.lower().split() if w in _SEX_WORDS), None)


def _sex_named(words: str) -> Optional[str]:
    """'males', 'women', 'male patients' -> the sex; None if the words say more."""
    lowered = words.lower().split()
    sexes = {_SEX_WORDS[w] for w in lowered if w in _SEX_WORDS}
    rest = [w for w in lowered if w not in _SEX_WORDS and w not in _SEX_FILLER]
    return sexes.pop() if len(sexes) == 1 and not rest else None


def _pair_respectively(items: list, joins: list[str]) -> tuple[list, list[str]]:
    """'≥ 1.5 and ≥ 1.4 mg/dL in males and females respectively' -> one clause whose two
    thresholds are the two sexes'; the first may leave its unit to the second."""
    items, joins = list(items), list(joins)
    for i in range(len(items) - 1, -1, -1):
        item = items[i]
        if isinstance(item, Statement) or not item.pred.respectively:
            continue
        before = items[i - 1] if i else None
        if not _plain_threshold(before) or item.subject or \
                joins[i - 1].strip(", ").lower() not in ("and", "or", ""):
            raise CriterionSyntaxError("'respectively' needs two thresholds of one analyte before it")
        first = before.pred.threshold
        if first.unit_text is None and first.relative_to is None:
            first = replace(first, unit_text=item.pred.threshold.unit_text)
        sexes = item.pred.respectively
        by_sex = (sexes[0], sexes[1], item.pred.op, item.pred.threshold, item.pred.restated)
        items[i - 1] = Clause(before.subject, replace(before.pred, threshold=first, by_sex=by_sex))
        del items[i], joins[i - 1]
    return items, joins


def _restated_after_or(items: list, joins: list[str]) -> tuple[list, list[str]]:
    """'Hemoglobin ≥ 9 g/dL or 5.6 mmol/L': a number with no comparator and no name, in
    another unit, after "or" is the threshold said again in that unit (resolve checks that
    the two agree, as for one in parentheses)."""
    items, joins = list(items), list(joins)
    for i in range(len(items) - 2, -1, -1):
        first, then = items[i], items[i + 1]
        if not (_plain_threshold(first) and _plain_threshold(then)) or then.subject is not None \
                or then.pred.op != "==" or joins[i].strip(", ").lower() != "or" or first.pred.restated:
            continue
        said, again = first.pred.threshold, then.pred.threshold
        if said.relative_to or again.relative_to or not said.unit_text or not again.unit_text \
                or said.unit_text == again.unit_text:
            continue
        pred = replace(first.pred, restated=again, span=(first.pred.span[0], then.pred.span[1]))
        items[i] = Clause(first.subject, pred)
        del items[i + 1], joins[i]
    return items, joins


def _plain_threshold(item) -> bool:
    """A clause with one comparison and nothing attached to it."""
    return isinstance(item, Clause) and item.pred.kind == "compare" and not (
        item.pred.conditions or item.pred.alternatives or item.pred.sexes)


def _most_lenient_first(conditions: tuple[CondQualifier, ...], op: str, section: str
                        ) -> list[CondQualifier]:
    """Where several conditions hold (liver metastases and bone disease), the most lenient
    of their thresholds applies, so it is tested first. Thresholds of different kinds
    (× ULN and mg/dL, other comparators) keep the order they were written in."""
    if len({(c.op or op, c.threshold.relative_to, c.threshold.unit_text) for c in conditions}) != 1:
        return list(conditions)
    # Inclusion "≤ x" and exclusion "> x" are lenient with a high x; the others with a low one.
    higher_is_lenient = (conditions[0].op or op).startswith("<") == (section == "inclusion")
    return sorted(conditions, key=lambda c: c.threshold.value, reverse=higher_is_lenient)


def _analyte_said_again(condition: str) -> tuple[str, Optional[str]]:
    """A condition that ends in an analyte's name ("Gilbert's syndrome total bilirubin"),
    split into the condition and the name (which _same_analyte checks is the threshold's);
    else the condition as it is, and no name."""
    from .analytes import catalogue
    words = condition.split()
    for first in range(1, len(words)):
        if catalogue().lookup_whole(" ".join(words[first:])) is not None:
            return " ".join(words[:first]), " ".join(words[first:])
    return condition, None


def _same_analyte(cond: CondQualifier, subject: Subject) -> None:
    """'Bilirubin ≤ 1.5 mg/dL, except for patients with Gilbert's syndrome who must have a
    total bilirubin < 3 mg/dL': the exception must restate the same analyte."""
    if cond.name is None:
        return
    from .analytes import catalogue
    found = catalogue().lookup(cond.name)
    if found is None or any(catalogue().lookup(name) is not found for name in subject.names):
        raise CriterionSyntaxError(f"the condition's '{cond.name}' is not the analyte of the threshold")


def _pressure_pair(subject: Subject, pred: Pred, span: tuple[int, int]) -> Node:
    """'BP < 140/90 mmHg': systolic and diastolic both below; '> 140/90': either above."""
    if not all(_is_blood_pressure(n) or _PAIR_NAME.fullmatch(n.strip()) for n in subject.names):
        raise CriterionSyntaxError("a value pair like 140/90 is read only for blood pressure")
    unit = pred.threshold.unit_text or pred.high.unit_text
    pair = [made(Compare, name=name, op=pred.op, value=t.value, unit_text=unit, span=span,
                    within_days=pred.within_days)
            for name, t in (("systolic blood pressure", pred.threshold),
                            ("diastolic blood pressure", pred.high))]
    return made(AllOf, children=tuple(pair), span=span) if pred.op in ("<", "<=") else \
        made(AnyOf, children=tuple(pair), span=span)


def _only_leaf(leaves: list[Node]) -> Node:
    """_join_names of a subject of one name, without working out how it would join several."""
    return leaves[0]


def _join_names(subject: Subject, section: str):
    """'AST and ALT' -> all; 'ALT or AST' -> any; a list ('AST, ALT', 'AST/ALT', 'AST
    and/or ALT') means every listed value must be acceptable: all in inclusion, any
    in exclusion (as comma lists of clauses)."""
    words = [j.strip(", ").lower() for j in subject.joins]
    commas = any(j.strip().startswith(",") for j in subject.joins)
    listed = commas or any(j.strip().lower() in ("/", "and/or") for j in subject.joins)
    # "A or B" is either; "A, B or C" is a list like "A, B and C".
    any_join = ("or" in words and not commas) or (listed and section == "exclusion")

    def join(leaves: list[Node]) -> Node:
        if len(leaves) == 1:
            return leaves[0]
        return joined(AnyOf if any_join else AllOf, leaves, subject.span)
    return join


def _leaf(name: str, pred: Pred, op: str, threshold: Optional[Threshold],
          span: tuple[int, int]) -> Node:
    window = pred.within_days
    if pred.method == "cockcroft-gault" and re.search(r"gfr|glomerular|clearance", name, re.I):
        name = "creatinine clearance"  # "GFR (estimated by the Cockcroft and Gault formula)"
    if pred.method == "timed urine" and not re.search(r"clearance", name, re.I):
        # "Creatinine ≤ 1.5 mg/dL (24-hour urine)": not the serum value the name reads as
        raise CriterionSyntaxError("a timed urine collection names another measurement than the one read")
    if pred.kind == "normal":
        return made(Normal, name=name, span=span, within_days=window)
    if pred.kind == "one_of":
        values = sorted(pred.values)
        if values == [float(v) for v in range(int(values[0]), int(values[-1]) + 1)]:
            return made(Between, name=name, low=values[0], high=values[-1],
                           unit_text=threshold.unit_text, span=span, within_days=window)
        return made(OneOf, name=name, values=tuple(values), span=span, within_days=window)
    if pred.kind == "bounded":
        return _bounded(name, pred, span)
    if pred.kind == "between":
        low, high = pred.threshold, pred.high
        unit_text = high.unit_text or low.unit_text
        if low.unit_text and high.unit_text and low.unit_text != high.unit_text:
            return _ends_in_two_units(name, ">=", low, "<=", high, span, window)
        return made(Between, name=name, low=low.value, high=high.value, unit_text=unit_text, span=span,
                       within_days=window)
    restated = made(Quantity, value=pred.restated.value, unit_text=pred.restated.unit_text) \
        if pred.restated else None
    threshold = _one_limit(name, threshold)
    return _compare(name=name, op=op, value=threshold.value, unit_text=threshold.unit_text,
                    relative_to=threshold.relative_to, restated=restated, span=span,
                    within_days=window)


_OPS = frozenset(get_args(Op))
_LIMITS = frozenset((None, *get_args(Limit)))


def _compare(name: str, op: str, value: float, unit_text: Optional[str],
             relative_to: Optional[str], restated: Optional[Quantity], span: tuple[int, int],
             within_days: Optional[int]) -> Compare:
    """Compare(...), unvalidated when the fields are what validation would keep (the
    commonest leaf, built for every line compiled); anything else is validated as usual."""
    if op in _OPS and relative_to in _LIMITS and type(value) is float and type(name) is str:
        return trusted(Compare, {"span": span, "kind": "compare", "analyte": "", "name": name,
                                 "op": op, "value": value, "unit_text": unit_text, "unit": None,
                                 "relative_to": relative_to, "restated": restated,
                                 "within_days": within_days})
    return Compare(name=name, op=op, value=value, unit_text=unit_text, relative_to=relative_to,
                   restated=restated, span=span, within_days=within_days)


def _ends_in_two_units(name: str, low_op: str, low: Threshold, high_op: str, high: Threshold,
                       span: tuple[int, int], within_days: Optional[int]) -> Node:
    """'6 months to 5 years', '1 day to < 18 years': each end in its own unit (the resolver
    refuses a unit that cannot express the analyte, as for any threshold). Ends that do not
    convert into one another, or that bound nothing, are refused."""
    from .units import UnitError, factor, to_ucum
    try:
        low_in_high = low.value * factor(to_ucum(low.unit_text) or "", to_ucum(high.unit_text) or "")
    except UnitError:
        raise CriterionSyntaxError(f"range ends in two units: {low.unit_text}, {high.unit_text}") from None
    if low_in_high >= high.value:
        raise CriterionSyntaxError(f"range {low.value:g} {low.unit_text} to {high.value:g} {high.unit_text} "
                                   "bounds nothing")
    bounds = [made(Compare, name=name, op=op, value=t.value, unit_text=t.unit_text, span=span, within_days=within_days)
              for op, t in ((low_op, low), (high_op, high))]
    return joined(AllOf, bounds, span)


def _bounded(name: str, pred: Pred, span: tuple[int, int]) -> Node:
    """'BMI >18 <28': both bounds hold, in any section (one interval)."""
    low, high = pred.threshold, pred.high
    if low.relative_to or high.relative_to:
        raise CriterionSyntaxError("bounds written as multiples of the limits of normal")
    if low.unit_text and high.unit_text and low.unit_text != high.unit_text:
        return _ends_in_two_units(name, pred.op, low, pred.high_op, high, span, pred.within_days)
    unit_text = high.unit_text or low.unit_text
    if (pred.op, pred.high_op) == (">=", "<="):
        return made(Between, name=name, low=low.value, high=high.value, unit_text=unit_text, span=span,
                       within_days=pred.within_days)
    bounds = [made(Compare, name=name, op=op, value=t.value, unit_text=unit_text, span=span,
                      within_days=pred.within_days)
              for op, t in ((pred.op, low), (pred.high_op, high))]
    return joined(AllOf, bounds, span)


def _combine(nodes: list[Node], joins: list[str], section: str) -> Node:
    """Flat items and joiners -> a tree.

    Semicolons separate requirements; within a segment, a list is all-"and" or
    all-"or". A segment that mixes the two without parentheses ("A and B or C") is
    ambiguous to a reader too, so it goes to manual review instead of taking a
    precedence the writer may not have meant.
    """
    if not joins:  # most lines: one clause, which segments and groups would hand back
        return nodes[0]
    by_sex = _by_sex_of_each(nodes)
    if by_sex is not None:
        return by_sex
    segments: list[tuple[list[Node], list[str]]] = [([nodes[0]], [])]
    for join, node in zip(joins, nodes[1:]):
        if join.strip() == ";":
            segments.append(([node], []))
        else:
            segments[-1][0].append(node)
            segments[-1][1].append(join)
    parts = [_segment(seg_nodes, seg_joins, section) for seg_nodes, seg_joins in segments]
    return _group(parts, [";"] * (len(parts) - 1), section)


def _check_sex_scopes(items: list) -> None:
    """'Hb < 13 g/dL in men and Hb < 12 g/dL in women': a threshold said to be for one sex
    is read only beside the other sex's, every part of the line for one sex. Alone ("Hb >
    13 and < 17 g/dL in men") it leaves unsaid whether it scopes the one threshold or all,
    and what holds for the other sex."""
    scopes = [item.pred.sex_scope if isinstance(item, Clause) else None for item in items]
    if any(scopes) and (None in scopes or len(set(scopes)) < 2):
        raise CriterionSyntaxError("a threshold for one sex is read only beside the other sex's")


def _by_sex_of_each(nodes: list[Node]) -> Optional[Node]:
    """'Men with Hb < 13 g/dL and women with Hb < 12 g/dL', 'Hb ≥ 13 g/dL (males), ≥ 12
    g/dL (females)': parts for different sexes are the part of the patient's sex, whatever
    joins them (a patient has one sex: "and" cannot ask for both). None when the line
    names at most one sex; a line that names two sexes for some parts but not all is not
    read (to which patients the others apply, it does not say)."""
    sexes = [_one_sex(node) for node in nodes]
    if len({sex for sex in sexes if sex}) < 2:
        return None
    if None in sexes:
        raise CriterionSyntaxError("parts for one sex and parts for anyone on one line")
    return _flat(AnyOf, nodes)


def _one_sex(node: Node) -> Optional[str]:
    """The one sex a part is for: all(sex X, ...), or None."""
    if node.kind != "all" or node.children[0].kind != "sex" or len(node.children[0].allowed) != 1:
        return None
    return node.children[0].allowed[0]


def _segment(nodes: list[Node], joins: list[str], section: str) -> Node:
    joins = _list_commas(joins)
    kinds = {"or" if j.strip(", ").lower() == "or" else "and" for j in joins}
    if kinds == {"or"}:
        return _flat(AnyOf, nodes)
    if kinds == {"and", "or"}:
        raise CriterionSyntaxError("the line mixes 'and' and 'or' without saying which binds first")
    return _group(nodes, joins, section)


def _list_commas(joins: list[str]) -> list[str]:
    """In 'A, B, or C' the commas are part of the 'or' list."""
    result = list(joins)
    following = ""
    for i in range(len(result) - 1, -1, -1):
        word = result[i].strip(", ").lower()
        if word:
            following = word
        elif following == "or":
            result[i] = "or"
    return result


def _group(nodes: list[Node], joins: list[str], section: str) -> Node:
    nodes, joins = _fold_ranges(nodes, joins)
    if len(nodes) == 1:
        return nodes[0]
    is_list = any(j.strip().lower() not in ("and", "&") for j in joins)
    if is_list and section == "exclusion":
        return _flat(AnyOf, nodes)
    return _flat(AllOf, nodes)


def _flat(kind, nodes: list[Node]) -> Node:
    """any(any(a, b), c) is any(a, b, c): one list, as a reader sees it."""
    children: list[Node] = []
    for node in nodes:
        children.extend(node.children if isinstance(node, kind) else (node,))
    return joined(kind, children)


def _fold_ranges(nodes: list[Node], joins: list[str]) -> tuple[list[Node], list[str]]:
    """'A1c ≥ 8.0% and ≤ 12.0%' -> one inclusive range, as a reader would say it."""
    out_nodes, out_joins = [nodes[0]], []
    for join, node in zip(joins, nodes[1:]):
        merged = _as_range(out_nodes[-1], node) if join.strip().lower() == "and" else None
        if merged is not None:
            out_nodes[-1] = merged
        else:
            out_nodes.append(node)
            out_joins.append(join)
    return out_nodes, out_joins


def _as_range(first: Node, second: Node) -> Optional[Between]:
    if not (first.kind == second.kind == "compare") or first.name != second.name:
        return None
    if first.relative_to or second.relative_to or {first.op, second.op} != {">=", "<="}:
        return None
    if first.unit_text and second.unit_text and first.unit_text != second.unit_text:
        return None
    low, high = (first, second) if first.op == ">=" else (second, first)
    if low.value > high.value:
        return None
    return made(Between, name=first.name, low=low.value, high=high.value,
                   unit_text=second.unit_text or first.unit_text,
                   span=(first.span[0], second.span[1]),
                   within_days=second.within_days or first.within_days)


_COMPLEMENTS = ({">", "<="}, {">=", "<"})
_YEARS = re.compile(r"(years?|yrs?)\b", re.I)


def _check_age_groups(items: list, joins: list[str]) -> None:
    """A threshold for one age group is read only beside the other group's, the two
    groups covering every age ("... for patients > 16 years or ... for patients ≤ 16"):
    whether it also holds, or does not apply, outside its group, a line alone does not say."""
    groups = [item.pred.age_group for item in items if isinstance(item, Clause) and item.pred.age_group]
    if not groups:
        return
    if len(groups) != 2 or len(items) != 2 or joins[0].strip(", ").lower() != "or" or \
            {groups[0][0], groups[1][0]} not in _COMPLEMENTS or \
            _age_key(groups[0][1]) != _age_key(groups[1][1]):
        raise CriterionSyntaxError("a threshold for one age group is read only as one of two, for "
                                   "the ages above and below one limit ('... for patients > 16 years "
                                   "or ... for patients ≤ 16')", column=groups[0][1].span[0])


def _names_age(subject: Subject) -> bool:
    """'Age not older than 75 years': the name is the age the comparator says it is."""
    from .analytes import catalogue
    return all(getattr(catalogue().lookup_whole(name), "id", None) == "age" for name in subject.names)


def _age_key(age: Threshold) -> tuple[float, str]:
    """An age limit as (value, unit): a bare number is in years, as "Age > 18" is."""
    unit = age.unit_text or "years"
    return age.value, "a" if _YEARS.match(unit) else unit.lower()


def _unit_shared(items: list, joins: list[str]) -> list:
    """'under 18 or over 50 years of age', 'at least 18 and < 75 years old': a bare number
    that names nothing takes the unit of age of the bare threshold after it, as the first
    end of a range does ("18 to 75 years"). 'Body weight < 50 or > 120 kg', 'Hemoglobin < 8
    or > 17 g/dL': so does a number without its unit after a name, from the threshold right
    after it that names nothing and bounds the other side (the other end of the same
    measurement, the unit written once for both; 'Hb >= 13 and >= 12 g/dL' are two groups'
    thresholds, and the unit is not shared); and a limit of normal so written once, on either
    side ('AST ≤ 2.5 or ≤ 5 x ULN if liver metastases': a bare 2.5 would be read in U/L)."""
    items = list(items)
    for i in range(len(items) - 2, -1, -1):
        first, then = items[i], items[i + 1]
        if not (_plain_threshold(then) and then.subject is None and
                (then.pred.threshold.unit_text or then.pred.threshold.relative_to)):
            continue
        shared = then.pred.threshold
        of_age = _unnamed_number(first) and shared.relative_to is None and _AGE_UNIT.search(shared.unit_text)
        named = _plain_threshold(first) and first.subject is not None and not _names_a_person(first.subject) \
            and first.pred.threshold.unit_text is None and first.pred.threshold.relative_to is None \
            and (shared.relative_to is not None or _make_a_range(first, then, joins[i]))
        if of_age or named:
            threshold = replace(first.pred.threshold, unit_text=shared.unit_text, relative_to=shared.relative_to,
                                limit_text=shared.limit_text)
            items[i] = Clause(first.subject, replace(first.pred, threshold=threshold))
    return items


def _make_a_range(first, then, joiner: str) -> bool:
    """Two bounds of one measurement that look opposite ways and make an interval ("and")
    or its outside ("or"); 'Weight < 130 or > 45 kg' holds for everyone: garbled, and the
    unit is not shared."""
    ops = (first.pred.op[0], then.pred.op[0])
    if sorted(ops) != ["<", ">"]:
        return False
    upper, lower = (first, then) if ops[0] == "<" else (then, first)
    inside = upper.pred.threshold.value > lower.pred.threshold.value
    join = joiner.strip(", ").lower()
    return (join == "and" and inside) or (join == "or" and not inside)


_PRESSURE_PARTS = ("systolic blood pressure", "diastolic blood pressure")


def _pressure_comparator_shared(items: list, joins: list[str], section: str) -> list:
    """'> 180 systolic or 105 diastolic', 'above 170 mmHg systolic, 100 diastolic': the
    diastolic value of the pair, written without a comparator, takes the systolic one's
    right before it (and its unit, if it has none). The two are one pair, as "> 180/105"
    is, so only where the joiner reads as the pair does: either above (">"), both below
    ("<"); "> 180 systolic and 105 diastolic" may mean the pair or both, and stays with a
    person, as does any other value without a comparator (resolve)."""
    items = list(items)
    for i in range(1, len(items)):
        first, then = items[i - 1], items[i]
        if not (_plain_threshold(first) and _plain_threshold(then)) or then.subject is not None \
                or then.pred.op != "==" or first.pred.op == "==" or (first.pred.named, then.pred.named) != _PRESSURE_PARTS:
            continue
        join = joins[i - 1].strip(", ").lower()
        either = join == "or" or (join in ("", "and/or") and section == "exclusion")
        if join not in ("or", "and", "and/or", "") or either != first.pred.op.startswith(">"):
            continue
        threshold = then.pred.threshold
        if threshold.unit_text is None and threshold.relative_to is None:
            threshold = replace(threshold, unit_text=first.pred.threshold.unit_text)
        items[i] = Clause(None, replace(then.pred, op=first.pred.op, threshold=threshold))
    return items


def _unnamed_number(item) -> bool:
    """A plain threshold without unit or limit, named by no analyte (at most by whom it is about)."""
    return _plain_threshold(item) and item.pred.threshold.unit_text is None and \
        item.pred.threshold.relative_to is None and (item.subject is None or _names_a_person(item.subject))


# A multiple written without its limit: "2x" ("2x," is read with "x" as its unit).
_BARE_TIMES = frozenset({"x", "×", "times", "fold", "-fold", "folds"})


def _limit_shared(items: list) -> list:
    """'Bilirubin < 2x, AST < 3x, creatinine < 2x upper limit of normal': a multiple without
    its limit takes the limit of the multiple right after it, as the limit is written once
    for the list. A bare multiple with no such neighbour keeps its "x" and is not read."""
    items = list(items)
    for i in range(len(items) - 2, -1, -1):
        first, then = items[i], items[i + 1]
        if _plain_threshold(first) and _plain_threshold(then) and first.pred.threshold.relative_to is None \
                and (first.pred.threshold.unit_text or "").lower() in _BARE_TIMES \
                and then.pred.threshold.relative_to is not None and then.pred.threshold.limit_text:
            limit = then.pred.threshold
            threshold = replace(first.pred.threshold, unit_text=None, relative_to=limit.relative_to,
                                limit_text=limit.limit_text)
            items[i] = Clause(first.subject, replace(first.pred, threshold=threshold))
    return items


def to_tree(flat: Flat, section: str = "inclusion") -> Node:
    """The parser's flat clauses and joiners -> the predicate tree for a section."""
    items, joins = _restated_after_or(*_pair_respectively(flat.items, flat.joins))
    _check_sex_scopes(items)
    items = _limit_shared(_unit_shared(items, joins))
    items = _pressure_comparator_shared(items, joins, section)
    _check_age_groups(items, joins)
    return _combine(_bind(items, section), joins, section)
