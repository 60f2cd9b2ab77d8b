"""The predicate tree: frozen pydantic models with a ``kind`` tag.

A tree round-trips through JSON (``Node`` is a discriminated union), so compiled
criteria can be stored, diffed and sent over the wire. Leaves name an analyte by its
canonical id (engine/data/analytes.yaml) once resolved; ``name`` keeps the words as
written so reasons and errors can quote them.
"""
from __future__ import annotations

from typing import Annotated, Iterable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .trusted import trusted

Op = Literal[">=", ">", "<=", "<", "=="]
Limit = Literal["ULN", "LLN"]
Span = tuple[int, int]


# Every model of the engine defers building its validator (defer_build) to its first
# validation or serialisation: most commands validate a few of them, or none (the compiler
# makes its nodes unvalidated, engine/trusted.py), and building them all cost a sixth of
# `elig explain`'s start-up. The recursive nodes (AllOf ...) find ``Node`` then too.
class _Node(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    span: Optional[Span] = None


class Quantity(BaseModel):
    """A number with the unit as written and, once resolved, its UCUM code."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    value: float
    unit_text: Optional[str] = None
    unit: Optional[str] = None


class Compare(_Node):
    """``analyte op value unit`` or ``analyte op multiple × ULN/LLN``."""

    kind: Literal["compare"] = "compare"
    analyte: str = ""
    name: str
    op: Op
    value: float
    unit_text: Optional[str] = None
    unit: Optional[str] = None
    relative_to: Optional[Limit] = None
    restated: Optional[Quantity] = None
    within_days: Optional[int] = None


class Between(_Node):
    """Inclusive range: ``ECOG 0-1``, ``between 18 and 75 years``."""

    kind: Literal["between"] = "between"
    analyte: str = ""
    name: str
    low: float
    high: float
    unit_text: Optional[str] = None
    unit: Optional[str] = None
    within_days: Optional[int] = None


class OneOf(_Node):
    """A listed set of allowed scores that is not a contiguous range."""

    kind: Literal["one_of"] = "one_of"
    analyte: str = ""
    name: str
    values: tuple[float, ...]
    within_days: Optional[int] = None


class Normal(_Node):
    """``within normal limits``: checked against the reference range."""

    kind: Literal["normal"] = "normal"
    analyte: str = ""
    name: str
    within_days: Optional[int] = None


class Sex(_Node):
    """The patient's sex is one of ``allowed`` ("Women 18 years or older")."""

    kind: Literal["sex"] = "sex"
    allowed: tuple[Literal["female", "male"], ...]


class Has(_Node):
    """The patient has (had) a condition, treatment or procedure; wrap in Not for "No ...".

    ``timing``: "current" (now), "ever" (any time before screening), "window" (within
    ``within_days`` days of screening).
    """

    kind: Literal["has"] = "has"
    concept: str = ""
    text: str
    timing: Literal["current", "ever", "window"] = "current"
    within_days: Optional[int] = None


class Washout(BaseModel):
    """A longer (or shorter) interval for some members: "(6 weeks for nitrosoureas)"."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    text: str
    concept: str = ""
    days: int


class Since(_Node):
    """Days since each recorded course of a treatment or procedure, compared with ``days``
    (or an exception's days for the members it names): every course must satisfy it."""

    kind: Literal["since"] = "since"
    concept: str = ""
    text: str
    op: Op
    days: int
    exceptions: tuple[Washout, ...] = ()


class AllOf(_Node):
    kind: Literal["all"] = "all"
    children: tuple["Node", ...]


class AnyOf(_Node):
    kind: Literal["any"] = "any"
    children: tuple["Node", ...]


class Not(_Node):
    kind: Literal["not"] = "not"
    child: "Node"


class Conditional(_Node):
    """A threshold that changes when a condition holds (liver metastases ...)."""

    kind: Literal["conditional"] = "conditional"
    condition: str = ""
    condition_text: str
    when_true: "Node"
    when_false: "Node"


class Manual(_Node):
    """Text the engine does not evaluate: always unknown, with the reason."""

    kind: Literal["manual"] = "manual"
    reason: str


Node = Annotated[
    Union[Compare, Between, OneOf, Normal, Sex, Has, Since, AllOf, AnyOf, Not, Conditional, Manual],
    Field(discriminator="kind"),
]

LEAF_KINDS = ("compare", "between", "one_of", "normal")
_STATEMENT_KINDS = (*LEAF_KINDS, "has", "since")
NODE_KINDS = ("compare", "between", "one_of", "normal", "sex", "has", "since", "all", "any", "not",
              "conditional", "manual")

def joined(kind: type[Union[AllOf, AnyOf]], children: Iterable[Node],
           span: Optional[Span] = None) -> Union[AllOf, AnyOf]:
    """AllOf or AnyOf of nodes the compiler has built (and so already valid), unvalidated:
    it joins clauses for every line it reads, and validation would walk each subtree again."""
    return trusted(kind, {"span": span, "kind": kind.model_fields["kind"].default,
                          "children": tuple(children)})


def manual(reason: str) -> Manual:
    """A Manual node the compiler made, unvalidated: a third of the lines it meets go to
    manual review, and their reason is always a str it has just written."""
    return trusted(Manual, {"span": None, "kind": "manual", "reason": reason})


def leaves(node: Node):
    """Every analyte leaf of a tree, depth first."""
    return _depth_first(node, LEAF_KINDS)


def statements(node: Node):
    """Every analyte leaf and every condition or treatment statement (has, since) of a
    tree, depth first: what a reading decides on its own."""
    return _depth_first(node, _STATEMENT_KINDS)


def conjunctions(node: Node):
    """Every "all" node of a tree, depth first."""
    return _depth_first(node, ("all",))


def disjunctions(node: Node):
    """Every "any" node of a tree, depth first."""
    return _depth_first(node, ("any",))


def _depth_first(node: Node, kinds):
    if node.kind in kinds:
        yield node
    if node.kind in kinds and node.kind not in ("all", "any"):
        return
    if node.kind in ("all", "any"):
        for child in node.children:
            yield from _depth_first(child, kinds)
    elif node.kind == "not":
        yield from _depth_first(node.child, kinds)
    elif node.kind == "conditional":
        yield from _depth_first(node.when_true, kinds)
        yield from _depth_first(node.when_false, kinds)


def contains_manual(node: Node) -> bool:
    if node.kind == "manual":
        return True
    if node.kind in ("all", "any"):
        return any(contains_manual(c) for c in node.children)
    if node.kind == "not":
        return contains_manual(node.child)
    if node.kind == "conditional":
        return contains_manual(node.when_true) or contains_manual(node.when_false)
    return False
