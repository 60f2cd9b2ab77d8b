"""How a criterion was read: the tree in words, and its canonical ``expr`` form.

The canonical form is text the grammar reads back to the same tree, so a
coordinator can copy it into a rules file's ``expr:`` and edit the reading.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from . import show
from .analytes import catalogue
from .nodes import Node


def _name(analyte_id: str) -> str:
    return catalogue()[analyte_id].display


def in_words(node: Node, indent: str = "") -> str:
    """A reading of the tree a coordinator can check, one line per leaf."""
    kind = node.kind
    if kind == "compare":
        if node.relative_to:
            multiple = "" if node.value == 1 else f"{show.number(node.value)} × "
            return f"{indent}{_name(node.analyte)} {show.OP_TEXT[node.op]} {multiple}{node.relative_to}"
        restated = ""
        if node.restated:
            restated = f" (restated as {show.quantity(node.restated.value, node.restated.unit)})"
        return (f"{indent}{_name(node.analyte)} {show.OP_TEXT[node.op]} "
                f"{show.quantity(node.value, node.unit)}{restated}")
    if kind == "between":
        return (f"{indent}{_name(node.analyte)} between {show.number(node.low)} and "
                f"{show.quantity(node.high, node.unit)} (inclusive)")
    if kind == "one_of":
        return f"{indent}{_name(node.analyte)} is one of {', '.join(show.number(v) for v in node.values)}"
    if kind == "normal":
        means = catalogue()[node.analyte].normal_means
        limits = {"range": "LLN to ULN", "upper": "≤ ULN", "lower": "≥ LLN"}[means]
        return f"{indent}{_name(node.analyte)} within normal limits ({limits})"
    if kind == "sex":
        return f"{indent}sex is {' or '.join(node.allowed)}"
    if kind == "has":
        when = {"current": "now", "ever": "ever", "window": f"within {node.within_days} days"}[node.timing]
        return f"{indent}has {node.concept} ({when})"
    if kind == "since":
        extra = "".join(f" ({w.days} for {w.concept})" for w in node.exceptions)
        return f"{indent}days since each {node.concept} {show.OP_TEXT[node.op]} {node.days}{extra}"
    if kind in ("all", "any"):
        head = "all of:" if kind == "all" else "any of:"
        return "\n".join([f"{indent}{head}"] + [in_words(c, indent + "  ") for c in node.children])
    if kind == "not":
        return f"{indent}not:\n{in_words(node.child, indent + '  ')}"
    if kind == "conditional":
        name = node.condition or f"'{node.condition_text}' (unrecognised condition)"
        return (f"{indent}if {name}:\n{in_words(node.when_true, indent + '  ')}\n"
                f"{indent}otherwise:\n{in_words(node.when_false, indent + '  ')}")
    return f"{indent}{node.reason}"


def canonical(node: Node) -> Optional[str]:
    """Text the grammar reads back to this tree, or None where no flat text exists."""
    kind = node.kind
    if kind in ("compare", "between", "normal"):
        return _leaf_text(node) + _window_text(node)
    if kind == "sex" and len(node.allowed) == 1:
        return node.allowed[0]
    if kind == "not" and node.child.kind == "has":
        has = node.child
        if has.timing == "window":
            return f"no {has.concept} within {has.within_days} days"
        return f"no {'prior ' if has.timing == 'ever' else ''}{has.concept}"
    if kind == "since":
        word = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}[node.op]
        extra = "".join(f" ({w.days} days for {w.concept})" for w in node.exceptions)
        return f"{word} {node.days} days since prior {node.concept}{extra}"
    if kind == "any":
        parts = [canonical(c) for c in node.children]
        return None if None in parts else " or ".join(parts)
    if kind == "all":
        parts = [canonical(c) for c in node.children]
        if None in parts or any(c.kind == "any" for c in node.children):
            return None
        return " and ".join(parts)
    return None


def _leaf_text(node: Node) -> str:
    name = _readable_name(node.analyte)
    if node.kind == "normal":
        return f"{name} within normal limits"
    if node.kind == "between":
        return f"{name} {node.low:g} to {node.high:g}{_unit(node.unit)}"
    if node.relative_to:
        return f"{name} {node.op} {node.value:g} x {node.relative_to}"
    restated = f" ({node.restated.value:g} {show.unit(node.restated.unit)})" if node.restated else ""
    return f"{name} {node.op} {node.value:g}{_unit(node.unit)}{restated}"


@lru_cache(maxsize=None)
def _readable_name(analyte_id: str) -> str:
    """The analyte's id, or its first alias where the id does not read back as a name
    ("urine protein 24h": its "24h" reads as a quantity); found once per analyte. Only an
    id with a digit can read as a quantity: the others are taken as they are, without
    compiling a probe (which `elig explain` would pay for at start-up)."""
    if not any(c.isdigit() for c in analyte_id):
        return analyte_id
    from .criteria import compile_criterion
    try:
        aliases = catalogue()[analyte_id].aliases
    except KeyError:
        return analyte_id
    for name in (analyte_id, *aliases):
        leaves = [n for n in _leaves(compile_criterion(f"{name} normal").tree)]
        if leaves and all(n.analyte == analyte_id for n in leaves):
            return name
    return analyte_id


def _leaves(node: Node):
    from .nodes import leaves
    return leaves(node)


def _window_text(node: Node) -> str:
    return f" within {node.within_days} days" if node.within_days is not None else ""


def _unit(code: Optional[str]) -> str:
    """A unit as the grammar reads it (UCUM's {annotations} and [brackets] are not)."""
    shown = show.unit(code)
    return f" {shown}" if shown else ""


def compact(node: Node) -> str:
    """One-line notation of a tree, for test tables and logs.

    ``platelets >= 100000 /uL`` · ``ast <= 3 x ULN`` · ``ecog 0..1`` · ``(a and b)`` ·
    ``if liver metastases then X else Y`` · ``manual``.
    """
    kind = node.kind
    if kind == "compare":
        if node.relative_to:
            return f"{node.analyte} {node.op} {node.value:g} x {node.relative_to}{_window(node)}"
        restated = f" (= {node.restated.value:g} {node.restated.unit})" if node.restated else ""
        return f"{node.analyte} {node.op} {node.value:g} {node.unit}{restated}{_window(node)}"
    if kind == "between":
        return f"{node.analyte} {node.low:g}..{node.high:g} {node.unit}{_window(node)}"
    if kind == "one_of":
        return f"{node.analyte} in {{{', '.join(f'{v:g}' for v in node.values)}}}"
    if kind == "normal":
        return f"{node.analyte} normal{_window(node)}"
    if kind == "sex":
        return f"sex {'/'.join(node.allowed)}"
    if kind == "has":
        when = node.timing if node.timing != "window" else f"within {node.within_days}d"
        return f"has {node.concept} ({when})"
    if kind == "since":
        extra = "".join(f" ({w.days}d for {w.concept})" for w in node.exceptions)
        return f"since {node.concept} {node.op} {node.days}d{extra}"
    if kind in ("all", "any"):
        word = " and " if kind == "all" else " or "
        return "(" + word.join(compact(c) for c in node.children) + ")"
    if kind == "not":
        return f"not {compact(node.child)}"
    if kind == "conditional":
        return (f"if {node.condition or '?' + node.condition_text} then {compact(node.when_true)} "
                f"else {compact(node.when_false)}")
    return "manual"


def _window(node) -> str:
    return f" within {node.within_days}d" if getattr(node, "within_days", None) is not None else ""


_ROLE_WORDS = {"reading": "read", "qualifier": "harmless", "manual": "left for a person"}


def accounting(text: str, accounts) -> list[str]:
    """How each part of the line was accounted for, in the order of the text: read,
    harmless (with its kind: heading, method, timing ...), or left for a person (with the
    cue that changes the meaning, or "unclassified")."""
    lines = []
    for account in sorted(accounts):
        words = " ".join(text[account.start:account.end].split())
        if not any(ch.isalnum() for ch in words):
            continue
        kind = account.category.replace("_", "-")
        label = _ROLE_WORDS[account.role] + (f" ({kind})" if kind else "")
        lines.append(f"{label:32s} {words}")
    return lines
