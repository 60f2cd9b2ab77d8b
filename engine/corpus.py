"""Judges a compiled criterion against a hand annotation of the same line.

The annotation format is ../shared/corpus's (README.md there; tests/data/chia/ uses it too):
``predicates`` ({analyte, op, value, unit, relative_to, condition}) combined by
``logic`` (single / all / any / complex). A reading is *exact* when the engine's
leaves and their combination match the annotation, *manual* when the engine sent
the line to manual review, and *wrong* otherwise, including any reading of a line
the annotator marked not evaluable: a wrong reading is worse than manual review.
The corpus annotates no condition or treatment statements; a line the engine reads as
only those is *unannotated*, counted apart.
"""
from __future__ import annotations

from typing import Literal, Optional

from .analytes import catalogue
from .concepts import concepts
from .criteria import Criterion
from .nodes import Node
from .units import to_ucum

Judgement = Literal["exact", "wrong", "manual", "unannotated"]
Leaf = tuple

# Conditions the engine folds into the analyte itself ("fasting glucose").
_FOLDED_CONDITIONS = {"fasting"}


def judge(row: dict, criterion: Criterion) -> Judgement:
    """exact / wrong / manual; "unannotated" for a reading made only of condition and
    treatment statements ("Not pregnant or nursing"), which the corpus leaves out."""
    if not criterion.evaluable:
        return "manual"
    if not row.get("evaluable"):
        leaves = tree_leaves(criterion.tree)
        return "unannotated" if leaves and all(leaf[0] == "concept" for leaf in leaves) else "wrong"
    expected = annotation_leaves(row)
    scoped = _condition_key(f"{criterion.cohort} cohort" if criterion.cohort and "cohort" not in
                            criterion.cohort.lower() else criterion.cohort or criterion.applies_if)
    got = tree_leaves(criterion.tree, scoped)
    # Where the annotator wrote no unit, the engine's (inferred) unit is not compared.
    unitless = {leaf[:3] + leaf[4:] for leaf in expected if leaf[3] is None}
    got = [leaf[:3] + (None,) + leaf[4:] if leaf[:3] + leaf[4:] in unitless else leaf for leaf in got]
    if sorted(expected) != sorted(got):
        return "wrong"
    logic = row.get("logic", "single")
    return "exact" if logic == "complex" or logic == tree_logic(criterion.tree) else "wrong"


def annotation_leaves(row: dict) -> list[Leaf]:
    return [_annotation_leaf(p) for p in row.get("predicates", [])]


def _annotation_leaf(p: dict) -> Leaf:
    if p["analyte"] == "sex":
        return ("sex", "==", (p["value"],), None, None, _condition_key(p.get("condition")))
    analyte = catalogue().lookup(p["analyte"])
    analyte_id = analyte.id if analyte else p["analyte"]
    relative = p.get("relative_to")
    condition = _condition_key(p.get("condition"))
    if relative == "institutional normal":
        return (analyte_id, "normal", (), None, None, condition)
    values = tuple(float(v) for v in p["value"]) if isinstance(p["value"], list) else (float(p["value"]),)
    unit = None if relative else _unit_key(analyte_id, to_ucum(p["unit"]) if p.get("unit") else None)
    return (analyte_id, p["op"], values, unit, relative, condition)


def tree_leaves(node: Node, condition: Optional[str] = None) -> list[Leaf]:
    kind = node.kind
    if kind == "compare":
        unit = None if node.relative_to else _unit_key(node.analyte, node.unit)
        return [(node.analyte, node.op, (node.value,), unit, node.relative_to, condition)]
    if kind == "between":
        return [(node.analyte, "between", (node.low, node.high), _unit_key(node.analyte, node.unit),
                 None, condition)]
    if kind == "one_of":
        return [(node.analyte, "in", tuple(node.values), None, None, condition)]
    if kind == "normal":
        return [(node.analyte, "normal", (), None, None, condition)]
    if kind == "sex":
        return [("sex", "==", tuple(node.allowed), None, None, condition)]
    if kind in ("has", "since"):
        return [("concept", node.concept)]  # the corpus annotates no such predicates
    if _by_sex(node):  # one threshold per sex: the annotation's condition male / female
        return [leaf for branch in node.children
                for leaf in tree_leaves(branch.children[1], branch.children[0].allowed[0])]
    if kind in ("all", "any"):
        return [leaf for child in node.children for leaf in tree_leaves(child, condition)]
    if kind == "not":
        return tree_leaves(node.child, condition)
    if kind == "conditional":
        return tree_leaves(node.when_true, node.condition) + \
            tree_leaves(node.when_false, f"no {node.condition}")
    return [("manual",)]


def tree_logic(node: Node) -> str:
    if _by_sex(node):
        return "complex"
    if node.kind in ("all", "any"):
        flat = all(c.kind not in ("all", "any", "conditional", "not") for c in node.children)
        return node.kind if flat else "complex"
    return "complex" if node.kind in ("conditional", "not") else "single"


def _by_sex(node: Node) -> bool:
    """any(all(sex male, ...), all(sex female, ...)): thresholds that depend on the sex."""
    return node.kind == "any" and len(node.children) == 2 and all(
        branch.kind == "all" and len(branch.children) == 2 and branch.children[0].kind == "sex"
        and len(branch.children[0].allowed) == 1 for branch in node.children) and \
        {branch.children[0].allowed[0] for branch in node.children} == {"female", "male"}


def _unit_key(analyte_id: str, unit: Optional[str]) -> Optional[str]:
    """Units that need not be written (scores, ages, %) compare as 'not written'."""
    analyte = catalogue().by_id.get(analyte_id)
    if unit is None or (analyte and analyte.unit_optional and unit in (analyte.unit, "%")):
        return None
    return unit


def _condition_key(text: Optional[str]) -> Optional[str]:
    if not text or text.strip().lower() in _FOLDED_CONDITIONS:
        return None
    concept = concepts().find(text)
    if concept is None:
        return text.strip().lower()
    negated = text.strip().lower().startswith(("no ", "not ", "without ", "absence"))
    return f"no {concept}" if negated else concept
