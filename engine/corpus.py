"""Judges a compiled criterion against a hand annotation of the same line.

The annotation format is ../shared/corpus's (README.md there; tests/data/chia/ uses it too):
``predicates`` ({analyte, op, value, unit, relative_to, condition}) combined by
``logic`` (single / all / any / complex). A reading is *exact* when the engine's
leaves and their combination match the annotation, *manual* when the engine sent
the line to manual review, and *wrong* otherwise, including any reading of a line
the annotator marked not evaluable: a wrong reading is worse than manual review.
The corpus annotates no condition or treatment statements; a line the engine reads as
only those is *unannotated*, counted apart. Statement lines (conditions, treatments,
procedures: tests/data/chia/statements-*.yaml) are judged by ``judge_statements``.
"""
from __future__ import annotations

from typing import Literal, Optional

from .analytes import catalogue
from .concepts import SYSTEMS, concepts
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


# Statement lines (issue 17: tests/data/chia/statements-*.yaml, format in the annotation
# guide): each annotated statement names a concept (words, a standard name, an ICD-10-CM
# code for a condition), when (current / ever / window of within_days) and whether the line
# says the patient must not have it (negated), combined by logic (single / any / all).
Statement = tuple[str, str, Optional[int], bool]  # concept id, timing, within_days, negated


def judge_statements(row: dict, criterion: Criterion) -> Judgement:
    """exact / wrong / manual for a statement line; "unannotated" for a reading of a line
    the annotator found names no condition, treatment or procedure, made of thresholds
    only (those lines are the threshold corpus's). Any reading of a line annotated not
    evaluable is wrong."""
    if not criterion.evaluable:
        return "manual"
    got = tree_statements(criterion.tree)
    if not row.get("evaluable"):
        return "unannotated" if not row.get("names") and got is None else "wrong"
    expected = row.get("statements") or []
    if got is None or not _matches(expected, got, one_to_one=row.get("logic") != "any"):
        return "wrong"
    logic = statement_logic(criterion.tree)
    return "exact" if len(expected) == 1 or logic == row.get("logic") else "wrong"


def _matches(expected: list[dict], got: list[Statement], one_to_one: bool) -> bool:
    """Each annotated statement is the reading's, and each of the reading's is annotated.
    In an "any" list one concept of the engine may stand for several annotated ones that
    it matches each by code or name (alcohol abuse and alcohol dependence are both the
    table's alcohol use disorder); elsewhere statements pair one to one."""
    if not one_to_one:
        return all(any(_same_statement(e, g) for g in got) for e in expected) and \
            all(any(_same_statement(e, g) for e in expected) for g in got)
    if len(got) != len(expected):
        return False
    unmatched = list(got)
    for statement in expected:
        found = next((g for g in unmatched if _same_statement(statement, g)), None)
        if found is None:
            return False
        unmatched.remove(found)
    return True


def tree_statements(node: Node, negated: bool = False) -> Optional[list[Statement]]:
    """The presence statements of a reading, each with whether it is negated; None when
    the reading holds anything else (a threshold, a washout, a conditional)."""
    if node.kind == "has":
        return [(node.concept, node.timing, node.within_days, negated)]
    if node.kind == "not":
        return tree_statements(node.child, not negated)
    if node.kind in ("all", "any"):
        parts = [tree_statements(child, negated) for child in node.children]
        return None if any(p is None for p in parts) else [s for p in parts for s in p]
    return None


def statement_logic(node: Node) -> str:
    """How a reading's statements combine, as the annotation writes it: "No X or Y" lists
    what the patient must not have, read all(not X, not Y) or not(any(X, Y)): any."""
    while node.kind == "not":
        node = node.child
    if node.kind not in ("all", "any"):
        return "single"
    if node.kind == "all" and all(child.kind == "not" for child in node.children):
        return "any"
    return node.kind


def _same_statement(annotated: dict, got: Statement) -> bool:
    concept, timing, within_days, negated = got
    return _same_concept(annotated, concept) and annotated["when"] == timing and \
        annotated.get("within_days") == within_days and bool(annotated.get("negated")) == negated


def _same_concept(annotated: dict, concept_id: str) -> bool:
    """The annotated ICD-10-CM code lies within one of the concept's codes (a code stands
    for its descendants), or the annotation's concept name or words are among its names."""
    table = concepts()
    if any(table.exact(name or "") == concept_id for name in (annotated.get("concept"), annotated.get("words"))):
        return True
    code = annotated.get("icd10cm")
    return bool(code) and table.code_matches(concept_id, f"{SYSTEMS['ICD-10-CM']}|{code}") is True
