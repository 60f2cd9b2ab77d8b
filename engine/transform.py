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

import re
from dataclasses import dataclass, field
from typing import Optional

from lark import Token, Transformer

from .errors import CriterionSyntaxError
from .nodes import (AllOf, AnyOf, Between, Compare, Conditional, Has, Node, Normal, Not, OneOf,
                    Quantity, Sex, Since, Washout)

_POSTCMP_UP = {"older", "greater", "more", "above", "over", "higher"}
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_AGE_UNIT = re.compile(r"^(years?|yrs?)\b", re.I)


@dataclass(frozen=True)
class Piece:
    """A value with the columns it came from (tokens lose theirs once transformed)."""

    value: object
    span: tuple[int, int]


@dataclass(frozen=True)
class Threshold:
    value: float
    unit_text: Optional[str] = None
    relative_to: Optional[str] = None
    limit_text: str = ""
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class CondQualifier:
    op: Optional[str]
    threshold: Threshold
    condition_text: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Subject:
    names: tuple[str, ...]
    joins: tuple[str, ...]
    span: tuple[int, int]


@dataclass(frozen=True)
class Clause:
    subject: Optional[Subject]
    pred: Pred


@dataclass(frozen=True)
class Statement:
    """A finished node that needs no subject (conditions, treatments, time since)."""

    node: Node


@dataclass
class Flat:
    items: list[Clause] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)


def canonical_op(text: str) -> str:
    """Every spelling of a comparator -> one of >= > <= <."""
    t = " ".join(text.lower().split())
    if re.match(r"^(≥|>\s*=|=\s*>|≧|>\s*/\s*=|>\s*or\s*=|(greater|more|higher).*equal|at least|"
                r"no (less|lower|fewer)|not (less|lower|fewer)|minimum)", t):
        return ">="
    if re.match(r"^(≤|<\s*=|=\s*<|≦|<\s*/\s*=|<\s*or\s*=|(less|lower|fewer).*equal|no (more|greater|higher)|"
                r"not (more|greater|higher)|not exceeding|not to exceed|up to|at most|maximum)", t):
        return "<="
    if re.match(r"^(>|greater|more|higher|older|above|over|exceeding|in excess)", t):
        return ">"
    return "<"


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
                 "twenty": 20}


def parse_number(text: str) -> float:
    """100,000 · 100 000 · 1.5 · .5 · two -> float."""
    word = _NUMBER_WORDS.get(text.lower())
    return float(word) if word is not None else float(re.sub(r"[,\s\u00a0\u202f]", "", text))


def power_exponent(text: str) -> int:
    """x 10^9 · × 10⁹ · x10(9) · x 109 -> 9."""
    digits = text.translate(_SUPERSCRIPT)
    tail = re.sub(r"^[x×X*]?\s*10\s*", "", digits)
    match = re.search(r"\d+", tail)
    return int(match.group()) if match else 1


def _extent(*items) -> tuple[int, int]:
    """First and last column covered by tokens and spanned pieces."""
    spans = []
    for item in items:
        if isinstance(item, Token):
            spans.append((item.start_pos, item.end_pos))
        elif getattr(item, "span", None):
            spans.append(item.span)
        elif isinstance(item, tuple) and len(item) == 2 and hasattr(item[1], "span"):
            spans.append(item[1].span)
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)


class ToNodes(Transformer):
    """Lark rules -> clauses; runs inside the LALR parser (no parse tree is built).

    Callbacks get no ``meta`` there, so every piece carries the columns of the tokens
    it was made from.
    """

    # ---------------------------------------------------------------- values
    def number(self, children):
        return Piece(parse_number(children[0]), _extent(children[0]))

    def unit(self, children):
        if children[0].type == "POWER":
            rest = str(children[1]).strip() if len(children) > 1 else ""
            return Piece(f"10*{power_exponent(children[0])}{rest}", _extent(*children))
        return Piece(" ".join(str(children[0]).split()), _extent(children[0]))

    def quantity(self, children):
        unit = children[1].value if len(children) > 1 else None
        return Threshold(children[0].value, unit, span=_extent(*children))

    def multiple(self, children):
        limit = children[-1]
        factor = children[0].value if len(children) > 1 else 1.0
        return Threshold(factor, None, _limit_kind(limit, has_factor=len(children) > 1), str(limit),
                         span=_extent(*children))

    # ------------------------------------------------------------ qualifiers
    def restatement(self, children):
        return ("restated", children[0])

    def conditional(self, children):
        op = next((canonical_op(c) for c in children if isinstance(c, Token) and c.type == "CMP"), None)
        threshold = next(c for c in children if isinstance(c, Threshold))
        return ("condition", CondQualifier(op, threshold, children[-1]))

    def condition(self, children):
        return " ".join(str(c) for c in children)

    def concept_words(self, children):
        return Piece(" ".join(c.value if isinstance(c, Piece) else str(c) for c in children),
                     _extent(*children))

    def paren_inner(self, children):
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
        raise CriterionSyntaxError("two conditional thresholds that are not one condition, "
                                   "negated and affirmed")

    def alternative(self, children):
        return ("alternative", children[0])

    def note(self, children):
        subject = children[0]
        parts = [subject.names[0]]
        for join, name in zip(subject.joins, subject.names[1:]):
            parts += [join, name]
        text = " ".join(parts)
        if _CHANGES_SCOPE.search(text):
            raise CriterionSyntaxError(f"the note '({text})' limits or widens the criterion",
                                       column=subject.span[0])
        if re.search(r"cockcroft", text, re.I):
            return ("method", "cockcroft-gault")
        return ("note", text)

    def timing(self, children):
        return ("note", str(children[0]))

    def window(self, children):
        return ("window", _window_days(children[1]))

    # ------------------------------------------------------------ predicates
    def comparison(self, children):
        pred = Pred("compare", _extent(children[0], children[1]), canonical_op(children[0]), children[1])
        return _qualified(pred, children[2:])

    def pressure_pair(self, children):
        numbers = [c for c in children if isinstance(c, Piece) and isinstance(c.value, float)]
        unit = next((c.value for c in children[4:5] if isinstance(c, Piece) and isinstance(c.value, str)),
                    None)
        pred = Pred("pressure_pair", _extent(*children[:4]), canonical_op(children[0]),
                    Threshold(numbers[0].value, unit), high=Threshold(numbers[1].value, unit))
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def postfix(self, children):
        word = str(children[1]).split()[-1].lower()
        op = ">=" if word in _POSTCMP_UP else "<="
        return _qualified(Pred("compare", _extent(*children[:2]), op, children[0]), children[2:])

    def range(self, children):
        low, high = [c for c in children if isinstance(c, Threshold)][:2]
        pred = Pred("between", _extent(*[c for c in children if not isinstance(c, tuple)]),
                    threshold=low, high=high)
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def equals(self, children):
        return Pred("compare", _extent(*children), "==", children[0])

    def scores(self, children):
        values = tuple(float(v) for v in re.findall(r"\d+", str(children[0])))
        unit = children[1].value if len(children) > 1 and isinstance(children[1], Piece) else None
        pred = Pred("one_of", _extent(*[c for c in children if not isinstance(c, tuple)]),
                    values=values, threshold=Threshold(values[0], unit))
        return _qualified(pred, [c for c in children if isinstance(c, tuple)])

    def normal(self, children):
        return _qualified(Pred("normal", _extent(children[0])), children[1:])

    # ---------------------------------------------------------------- names
    def word(self, children):
        return Piece(str(children[0]), _extent(children[0]))

    def paren_words(self, children):
        return Piece(f"({children[0].value})", children[0].span)

    def name(self, children):
        return Piece(" ".join(c.value for c in children), _extent(*children))

    def name_join(self, children):
        return str(children[0])

    def subject(self, children):
        names = tuple(c.value for c in children[0::2])
        return Subject(names, tuple(children[1::2]), _extent(*children[0::2]))

    # --------------------------------------------------------------- clauses
    def clause(self, children):
        return Clause(children[0], children[1])

    def bare_predicate(self, children):
        return Clause(None, children[0])

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
        has = [Has(text=p.value, timing="window" if window is not None else timing,
                   within_days=window, span=span) for p in phrases]
        negated = [Not(child=h, span=span) for h in has]
        return Statement(negated[0] if len(negated) == 1 else AllOf(children=tuple(negated), span=span))

    def since(self, children):
        op, quantity, phrase = canonical_op(children[0]), children[1], children[3]
        span = _extent(children[0], phrase)
        exceptions = []
        for q in children[4:]:
            if q[0] == "condition" and (q[1].op or op) == op:
                exceptions.append(Washout(text=q[1].condition_text, days=_window_days(q[1].threshold)))
            elif q[0] != "note":
                raise CriterionSyntaxError("a time since a treatment carries no such qualifier")
        return Statement(Since(text=phrase.value, op=op, days=_window_days(quantity),
                               exceptions=tuple(exceptions), span=span))

    def sex_only(self, children):
        word = str(children[0]).split()[0].lower()
        return Statement(Sex(allowed=(_SEX_WORDS[word],), span=_extent(children[0])))

    def negative_test(self, children):
        phrase = children[1]
        text = re.sub(r"\b(test|result|screen)s?\b", "", phrase.value, flags=re.I).strip()
        span = _extent(children[0], phrase)
        window = next((q[1] for q in children[2:] if q[0] == "window"), None)
        if any(q[0] not in ("window", "note") for q in children[2:]):
            raise CriterionSyntaxError("a negative test carries no threshold qualifiers")
        has = Has(text=text or phrase.value, timing="window" if window else "current",
                  within_days=window, span=span)
        return Statement(Not(child=has, span=span))

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
_DAYS = {"d": 1.0, "wk": 7.0, "mo": 30.4375, "a": 365.25}


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


def _qualified(pred: Pred, qualifiers) -> Pred:
    """Attach what follows a threshold: restatement, conditions, alternatives, window."""
    from dataclasses import replace
    restated = next((q[1] for q in qualifiers if q[0] == "restated"), None)
    conditions = tuple(q[1] for q in qualifiers if q[0] == "condition")
    alternatives = tuple(q[1] for q in qualifiers if q[0] == "alternative")
    windows = [q[1] for q in qualifiers if q[0] == "window"]
    if any(q[0] == "method" for q in qualifiers):
        pred = replace(pred, method="cockcroft-gault")
    if len(windows) > 1 or (restated is not None and pred.kind != "compare"):
        raise CriterionSyntaxError("more qualifiers than one threshold can carry")
    return replace(pred, restated=restated, conditions=conditions, alternatives=alternatives,
                   within_days=windows[0] if windows else None)


def _limit_kind(text: str, has_factor: bool) -> str:
    t = text.lower()
    if "lower" in t or "lln" in t:
        return "LLN"
    if "upper" in t or "uln" in t or has_factor:
        return "ULN"
    raise CriterionSyntaxError(f"'{text}' does not say which limit of normal (upper or lower) is meant")


def _bind(items: list[Clause], section: str) -> list[Node]:
    """Clauses -> nodes; a predicate without a subject takes the previous clause's."""
    nodes: list[Node] = []
    previous: Optional[Subject] = None
    for item in items:
        if isinstance(item, Statement):
            nodes.append(item.node)
            continue
        sexes, subject = _split_sex(item.subject) if item.subject else (None, None)
        subject = subject or previous or _implicit_subject(item.pred)
        # A leaf's span starts at its analyte's name when the name is written with it.
        span = (item.subject.span[0], item.pred.span[1]) if item.subject else item.pred.span
        node = _clause_node(subject, item.pred, span, section)
        nodes.append(AllOf(children=(Sex(allowed=sexes, span=span), node)) if sexes else node)
        previous = subject
    return nodes


_SEX_WORDS = {"women": "female", "woman": "female", "female": "female", "females": "female",
              "men": "male", "man": "male", "male": "male", "males": "male"}
_SEX_FILLER = {"patients", "patient", "subjects", "participants", "must", "be", "and", "or", "both"}


def _split_sex(subject: Subject) -> tuple[Optional[tuple[str, ...]], Optional[Subject]]:
    """'Women 18 years or older', 'Males and Females age 18 to 45': sex words are a
    constraint of their own; what remains names the analyte (or nothing: age)."""
    sexes: set[str] = set()
    names: list[str] = []
    for name in subject.names:
        words = name.split()
        lowered = [w.lower() for w in words]
        found = {_SEX_WORDS[w] for w in lowered if w in _SEX_WORDS}
        if not found:
            names.append(name)
            continue
        sexes |= found
        rest = [w for w, low in zip(words, lowered) if low not in _SEX_WORDS and low not in _SEX_FILLER]
        if rest:
            names.append(" ".join(rest))
    if not sexes:
        return None, subject
    allowed = None if sexes == {"female", "male"} else tuple(sorted(sexes))
    kept = tuple(dict.fromkeys(names))
    return allowed, (Subject(kept, ("and",) * (len(kept) - 1), subject.span) if kept else None)


def _implicit_subject(pred: Pred) -> Subject:
    """No analyte written: ages ("18 years and older") and pressure pairs ("> 180/110 mmHg")."""
    if pred.kind == "pressure_pair":
        return Subject(("blood pressure",), (), pred.span)
    threshold = pred.high or pred.threshold
    if threshold and threshold.unit_text and _AGE_UNIT.match(threshold.unit_text):
        return Subject(("age",), (), pred.span)
    raise CriterionSyntaxError("no analyte is named for this threshold")


def _clause_node(subject: Subject, pred: Pred, span: tuple[int, int], section: str) -> Node:
    if pred.kind == "pressure_pair":
        return _pressure_pair(subject, pred, span)
    joined = _join_names(subject, section)
    main = joined([_leaf(name, pred, pred.op, pred.threshold, span) for name in subject.names])
    for cond in reversed(pred.conditions):
        op = cond.op or pred.op
        alternative = joined([_leaf(name, pred, op, cond.threshold, span) for name in subject.names])
        main = Conditional(condition_text=cond.condition_text, when_true=alternative,
                           when_false=main, span=span)
    if pred.alternatives:
        others = [_clause_node(alt.subject, alt.pred, alt.pred.span, section)
                  for alt in pred.alternatives]
        main = _flat(AnyOf, [main, *others])
    return main


def _pressure_pair(subject: Subject, pred: Pred, span: tuple[int, int]) -> Node:
    """'BP < 140/90 mmHg': systolic and diastolic both below; '> 140/90': either above."""
    if not any("pressure" in n.lower() or re.search(r"\bbp\b", n.lower()) for n in subject.names):
        raise CriterionSyntaxError("a value pair like 140/90 is read only for blood pressure")
    unit = pred.threshold.unit_text or pred.high.unit_text
    pair = [Compare(name=name, op=pred.op, value=t.value, unit_text=unit, span=span,
                    within_days=pred.within_days)
            for name, t in (("systolic blood pressure", pred.threshold),
                            ("diastolic blood pressure", pred.high))]
    return AllOf(children=tuple(pair), span=span) if pred.op in ("<", "<=") else \
        AnyOf(children=tuple(pair), span=span)


def _join_names(subject: Subject, section: str):
    """'AST and ALT' -> all; 'ALT or AST' -> any; a list ('AST, ALT', 'AST/ALT', 'AST
    and/or ALT') means every listed value must be acceptable: all in inclusion, any
    in exclusion (as comma lists of clauses)."""
    words = [j.strip(", ").lower() for j in subject.joins]
    commas = any(j.strip().startswith(",") for j in subject.joins)
    listed = commas or any(j.strip().lower() in ("/", "and/or") for j in subject.joins)
    # "A or B" is either; "A, B or C" is a list like "A, B and C".
    any_join = ("or" in words and not commas) or (listed and section == "exclusion")

    def joined(leaves: list[Node]) -> Node:
        if len(leaves) == 1:
            return leaves[0]
        return AnyOf(children=tuple(leaves), span=subject.span) if any_join else \
            AllOf(children=tuple(leaves), span=subject.span)
    return joined


def _leaf(name: str, pred: Pred, op: str, threshold: Optional[Threshold],
          span: tuple[int, int]) -> Node:
    window = pred.within_days
    if pred.method == "cockcroft-gault" and re.search(r"gfr|glomerular|clearance", name, re.I):
        name = "creatinine clearance"  # "GFR (estimated by the Cockcroft and Gault formula)"
    if pred.kind == "normal":
        return Normal(name=name, span=span, within_days=window)
    if pred.kind == "one_of":
        values = sorted(pred.values)
        if values == [float(v) for v in range(int(values[0]), int(values[-1]) + 1)]:
            return Between(name=name, low=values[0], high=values[-1],
                           unit_text=threshold.unit_text, span=span, within_days=window)
        return OneOf(name=name, values=tuple(values), span=span, within_days=window)
    if pred.kind == "between":
        low, high = pred.threshold, pred.high
        unit_text = high.unit_text or low.unit_text
        if low.unit_text and high.unit_text and low.unit_text != high.unit_text:
            raise CriterionSyntaxError(f"range ends in two units: {low.unit_text}, {high.unit_text}")
        return Between(name=name, low=low.value, high=high.value, unit_text=unit_text, span=span,
                       within_days=window)
    restated = Quantity(value=pred.restated.value, unit_text=pred.restated.unit_text) \
        if pred.restated else None
    return Compare(name=name, op=op, value=threshold.value, unit_text=threshold.unit_text,
                   relative_to=threshold.relative_to, restated=restated, span=span,
                   within_days=window)


def _combine(nodes: list[Node], joins: list[str], section: str) -> Node:
    """Flat items and joiners -> a tree.

    Semicolons separate requirements; within a segment, a list is all-"and" or
    all-"or". A segment that mixes the two without parentheses ("A and B or C") is
    ambiguous to a reader too, so it goes to manual review instead of taking a
    precedence the writer may not have meant.
    """
    segments: list[tuple[list[Node], list[str]]] = [([nodes[0]], [])]
    for join, node in zip(joins, nodes[1:]):
        if join.strip() == ";":
            segments.append(([node], []))
        else:
            segments[-1][0].append(node)
            segments[-1][1].append(join)
    parts = [_segment(seg_nodes, seg_joins, section) for seg_nodes, seg_joins in segments]
    return _group(parts, [";"] * (len(parts) - 1), section)


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
    return kind(children=tuple(children))


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
    return Between(name=first.name, low=low.value, high=high.value,
                   unit_text=second.unit_text or first.unit_text,
                   span=(first.span[0], second.span[1]),
                   within_days=second.within_days or first.within_days)


def to_tree(flat: Flat, section: str = "inclusion") -> Node:
    """The parser's flat clauses and joiners -> the predicate tree for a section."""
    return _combine(_bind(flat.items, section), flat.joins, section)
