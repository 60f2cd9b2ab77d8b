"""A compiled criterion, and compile_criterion(): text -> Criterion.

Honest free text never raises here: a line the grammar cannot read, or that names
something the tables do not know, compiles to a manual-review criterion whose reason
says why. ``strict=True`` raises the error (with its caret) instead, which is what a
coordinator's ``expr:`` override and ``elig explain --strict`` want.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict

from .concepts import concepts
from .errors import CriterionError, CriterionSyntaxError
from .nodes import AllOf, AnyOf, Conditional, Node, conjunctions, contains_manual, disjunctions, joined, leaves, manual
from .parse import blank_markers, blanked, parse_blanked
from .readings import not_derived
from .read.islands import read_islands
from .read.lexicon import MANUAL, QUALIFIER, READING, UNCLASSIFIED, Account, lexicon
from .read.normalise import unsure_sign
from .read.rewrites import through_rewrites
from .read.statements import lasting, long_ago, presence, unnamed, washout
from .reread import rereadings, run_on
from .resolve import Problem, resolve
from .transform import to_tree
from .trusted import made, replaced, trusted

Section = Literal["inclusion", "exclusion"]


class Criterion(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    id: str = ""
    section: Section = "inclusion"
    text: str
    tree: Node
    expr: Optional[str] = None
    parent: Optional[str] = None
    note: Optional[str] = None
    problems: tuple[Problem, ...] = ()
    # Scope: "(phase II only)" -> cohort "phase II"; "... for patients with liver
    # metastases" -> applies_if "liver metastases" (a concept id).
    cohort: Optional[str] = None
    applies_if: Optional[str] = None
    # How each part of the text was read: (start, end, role, category), role reading |
    # qualifier (harmless: heading, method, timing ...) | manual (left for a person).
    accounting: tuple[Account, ...] = ()

    # Facts of the tree that evaluation asks for every patient: worked out once and kept
    # in the instance dict (a plain attribute read; pydantic private attributes go
    # through a slow __getattr__).
    @cached_property
    def evaluable(self) -> bool:
        """True when the engine can decide it from data (no manual-review part)."""
        return not contains_manual(self.tree)

    @cached_property
    def check(self) -> Optional[str]:
        """What a person must check, in a coordinator's words (engine/review.py); None for
        a criterion the engine decides from data."""
        from .review import check_for   # with the review's models: explaining a line needs neither
        return None if self.evaluable else check_for(self.text, self.section)

    @cached_property
    def analytes(self) -> frozenset:
        """The analytes the criterion asks about."""
        return frozenset(leaf.analyte for leaf in leaves(self.tree))

    @cached_property
    def not_derived(self) -> dict[str, str]:
        """The analytes its own words forbid deriving, each with why (readings.not_derived)."""
        return not_derived(self.text, self.analytes)

    def with_tree(self, tree: Node) -> "Criterion":
        """The same criterion read another way (model_copy would keep stale derived facts)."""
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return made(Criterion, **{**fields, "tree": tree})


def compile_tree(text: str, section: Section = "inclusion", explain: bool = True
                 ) -> tuple[Node, list[Problem], list[Account]]:
    """Parse, bind joiners for the section, resolve names and units; raises CriterionError.

    A line that fails whole gets its second readings (engine/reread.py), then the island
    reader (engine/read/islands.py): the first that compiles is used. Returns the tree,
    its problems, and how each part of the line was accounted for.
    """
    body = blank_markers(text)
    markers = _removed(text, body, QUALIFIER, "enumerator")
    try:
        tree, problems = _compile_once(text, text, section, explain, body)
        return tree, problems, markers + _read(body)
    except CriterionError as first:
        joined = _run_on_reading(body, text, first, section)
        if joined is not None:
            return (*joined, markers + _read(body))
        partial = None
        for blanked, left_out, extent in rereadings(body):
            try:
                tree, problems = _compile_once(blanked, text, section, False)
            except CriterionError:
                continue
            if not _labels_agree(body, blanked, tree, diagnoses=extent == "whole"):
                continue
            if extent == "partial":
                partial = partial or (_with_unread(tree, left_out, section), problems,
                                      markers + _read_around(blanked, _removed(body, blanked, MANUAL, UNCLASSIFIED)))
                continue
            return tree, [*problems, Problem("info", left_out)], \
                markers + _read_around(blanked, _removed(body, blanked, QUALIFIER, "label"))
        islands = read_islands(body, section, lambda part: _compile_once(part, text, section, False), first)
        if islands is not None:
            tree, problems, accounts = islands
            return tree, problems, markers + accounts
        if partial is not None:
            return partial
        if text.rstrip().endswith(":"):
            raise first  # a heading ("Cardiovascular disease:") names what the lines under it list
        statement = presence(body) or (washout(body) if section == "inclusion" else None)
        if statement is not None:
            return statement, [], markers + _read(body)
        # How long ago, in an inclusion, may as well let in a patient who had it long enough
        # ago as ask for one who did: only an exclusion reads it (statements.long_ago).
        with_duration = lasting(body) or (long_ago(body) if section == "exclusion" else None)
        if with_duration is not None:
            tree, (start, end) = with_duration
            return tree, [], markers + _read(body[:start]) + [Account(start, end, MANUAL, "duration")]
        words = unnamed(body)
        if words is not None:
            raise CriterionError(f"'{words}' is no condition, treatment or procedure the concept table names",
                                 text) from None
        raise first


def _read(body: str) -> list[Account]:
    """The line, from its first to its last character, as one reading."""
    start = len(body) - len(body.lstrip())
    end = len(body.rstrip())
    return [Account(start, end, READING, "")] if end > start else []


def _read_around(blanked: str, left_out: list[Account]) -> list[Account]:
    """_read(blanked), less the parts a second reading left out (blanked), which are
    accounted for on their own: a part left out between two read would otherwise be
    counted twice ("... renal function (creatinine < 180 µmol/L) and hepatic function (...").
    """
    pieces = []
    for reading in _read(blanked):
        start = reading.start
        for part in left_out:  # in the order of the text, as _removed finds them
            if start < part.start < reading.end:
                pieces.append(_between(blanked, start, part.start))
                start = part.end
        pieces.append(_between(blanked, start, reading.end))
    return [piece for piece in pieces if piece.end > piece.start] + left_out


def _between(blanked: str, start: int, end: int) -> Account:
    """What is read from start to end, without the blanks at either end."""
    while start < end and blanked[start].isspace():
        start += 1
    while end > start and blanked[end - 1].isspace():
        end -= 1
    return Account(start, end, READING, "")


def _removed(before: str, after: str, role: str, category: str) -> list[Account]:
    """The runs of characters a rewrite blanked (columns are kept by every rewrite)."""
    return list(_removed_runs(before, after, role, category))


# A line left to a person asks for its markers twice (when it is first read, and for its
# manual-review accounting): the last few dozen answers are kept, enough for one line.
@lru_cache(maxsize=64)
def _removed_runs(before: str, after: str, role: str, category: str) -> tuple[Account, ...]:
    """_removed: looked for only where the rewritten text is blank, a few runs a line,
    between the first and the last character the rewrite changed (most blank a list
    marker or a full stop)."""
    if before == after:
        return ()
    first, last = _changed(before, after)
    spans: list[Account] = []
    for blank in _BLANK_RUN.finditer(after, first, last):
        start, end = blank.span()
        if before[start:end] == after[start:end]:
            continue  # blank in both: nothing was blanked there (most runs: the spaces between words)
        for word in _NON_BLANK.finditer(before, start, end):
            spans.append(Account(word.start(), word.end(), role, category))
    return tuple(_joined_runs(before, spans))


def _changed(before: str, after: str) -> tuple[int, int]:
    """From the first character where two different texts differ to just after the last
    (found by halving, each test a comparison of slices); the whole text where their
    lengths differ. Outside it both are the same, so no word there was blanked."""
    if len(before) != len(after):
        return 0, max(len(before), len(after))
    low, high = 0, len(before)  # before[:low] == after[:low], before[:high] != after[:high]
    while high - low > 1:
        middle = (low + high) // 2
        if before[:middle] == after[:middle]:
            low = middle
        else:
            high = middle
    first = low
    low, high = 0, len(before)  # before[high:] == after[high:], before[low:] != after[low:]
    while high - low > 1:
        middle = (low + high) // 2
        if before[middle:] == after[middle:]:
            high = middle
        else:
            low = middle
    return first, high


_BLANK_RUN = re.compile(r"\s+")
_NON_BLANK = re.compile(r"\S+")


def _joined_runs(text: str, spans: list[Account]) -> list[Account]:
    """Neighbouring spans with only blanks between them as one."""
    joined: list[Account] = []
    for span in spans:
        if joined and not text[joined[-1].end:span.start].strip():
            joined[-1] = Account(joined[-1].start, span.end, joined[-1].role, joined[-1].category)
        else:
            joined.append(span)
    return joined


# At most this many criteria run together on one line are read apart.
_RUN_ON_LIMIT = 3


def _run_on_reading(body: str, text: str, error: CriterionError, section: Section
                    ) -> Optional[tuple[Node, list[Problem]]]:
    """Criteria copied onto one line without a joiner, read as a list; None if the
    parser did not stop at the start of a further criterion. body: the line, blanked."""
    for _ in range(_RUN_ON_LIMIT):
        joined = run_on(body, error.column) if isinstance(error, CriterionSyntaxError) else None
        if joined is None:
            return None
        body = joined
        try:
            tree, problems = _compile_once(body, text, section, False)
        except CriterionError as exc:
            error = exc
            continue
        return tree, [*problems, Problem("info", "criteria written without a joiner read as a list")]
    return None


def _labels_agree(body: str, blanked: str, tree: Node, diagnoses: bool) -> bool:
    """A second reading that set label words aside ("Coagulopathy (INR > 1.5)") reads a
    threshold on a measurement that defines the label, where the lexicon knows which
    (label_analytes), on the label's side of normal: "Coagulopathy (ALT > 3 x ULN)" is no
    definition of a coagulopathy, nor "Anaemia (Hb > 12 g/dL)" of an anaemia. Only the
    words before the reading's end are labels: a sentence set aside after it ("...; past
    acute renal failure") names no label of the reading. Where the reading stands for the
    whole line, a diagnosis set aside is defined only by its own measurements too:
    "Hypertension (BMI > 30)" is no definition of hypertension. A reading of part of the
    line does not ask about diagnoses: the words set aside may be a further item of a list,
    joined for a person (an audited reading, NCT02766530-exc-01)."""
    end = len(blanked.rstrip())
    set_aside = "".join(c if c != b else " " for c, b in zip(body[:end], blanked[:end]))
    found = (leaf for leaf in leaves(tree) if getattr(leaf, "analyte", None))
    return not set_aside.strip() or lexicon().may_define(set_aside, found, diagnoses=diagnoses)


# Words by which a sentence that grants something also asks something ("Transfusion is
# allowed but must be 14 days before"): it may not widen the reading alone.
_RESTRICTING = re.compile(r"\b(?:must|only|required?|should|shall|provided|but)\b", re.I)


def _with_unread(tree: Node, rest: str, section: Section) -> Node:
    """A reading of part of a line can prove ineligibility, never eligibility: the
    unread rest stays a manual-review part, joined so that it must also hold
    (inclusion) or may also exclude (exclusion). A rest that grants an exception
    ("Subjects older than 80 will be allowed at the discretion of the PI", "... ≤ 5 x ULN
    is acceptable"), with no negation and nothing it asks besides, can only help the patient, as in the island reader (joins.relation):
    then what was read proves eligibility and never ineligibility (the fifth hand audit)."""
    unread = manual(f"needs manual review: the rest of the line was not read ('{rest}')")
    cues = {a.category for a in lexicon().account(rest, 0, len(rest))}
    helps = "exception" in cues and "negation" not in cues and not _RESTRICTING.search(rest)
    if (section == "inclusion") != helps:
        return made(AllOf, children=(tree, unread))
    return made(AnyOf, children=(tree, unread))


def _compile_once(source: str, text: str, section: Section, explain: bool,
                  blanked: Optional[str] = None) -> tuple[Node, list[Problem]]:
    """blanked: blank_markers(source), when the caller has it already."""
    flat = parse_blanked(blank_markers(source) if blanked is None else blanked, source, explain)
    try:
        raw = to_tree(flat, section)
    except CriterionError as exc:
        raise exc.at(text) from None
    tree, problems = resolve(raw, text)
    try:
        _bounds_can_hold_together(tree)
    except CriterionError as exc:
        raise exc.at(text) from None
    return tree, problems


def _bounds_can_hold_together(tree: Node) -> None:
    """'BMI < 35 and > 60': bounds of one measurement joined by "and" that no value meets
    at once mean "outside", written with the wrong joiner; read as written, the tree can
    never be met (an exclusion that excludes no one: the hand audit). Left to a person."""
    if isinstance(tree, AllOf):
        below: dict[tuple, float] = {}
        above: dict[tuple, float] = {}
        for leaf in tree.children:
            if leaf.kind != "compare" or leaf.op == "==":
                continue
            key = (leaf.analyte, leaf.unit, leaf.relative_to)
            if leaf.op in ("<", "<="):
                below[key] = min(below.get(key, leaf.value), leaf.value)
            else:
                above[key] = max(above.get(key, leaf.value), leaf.value)
        if any(key in above and above[key] >= value for key, value in below.items()):
            raise CriterionSyntaxError("two bounds joined by 'and' that no value meets at once: 'or' meant?")
    for child in getattr(tree, "children", ()):
        _bounds_can_hold_together(child)


def compile_criterion(text: str, section: Section = "inclusion", *, strict: bool = False,
                      id: str = "", expr: Optional[str] = None, parent: Optional[str] = None,
                      note: Optional[str] = None, hints: bool = False) -> Criterion:
    """Compile one criterion line (or its ``expr`` override) into a Criterion.

    ``hints``: a line left to manual review for a name the engine does not know says
    "did you mean ...?" in its reason and problems (an error then, not an info). That is a
    search of every name, a seventh of the time of lines seen for the first time, so it is
    made only where a person reads the problems (`elig explain`, `elig check`, the
    service's /explain); a strict error always carries it."""
    tree, problems, cohort, applies_if, accounting = _compiled(expr or text, section, strict or bool(expr), hints)
    if expr:
        accounting = ()  # the override is the reading; the text's words are not what was read
    fields = dict(id=id, section=section, text=text, tree=tree, expr=expr, parent=parent,
                  note=note, problems=problems, cohort=cohort, applies_if=applies_if,
                  accounting=accounting)
    if _plain_arguments(fields):
        return trusted(Criterion, fields)
    return Criterion(**fields)


_SECTIONS = frozenset(get_args(Section))


def _plain_arguments(fields: dict) -> bool:
    """The caller's fields are what validation would keep unchanged (plain strings, a
    known section), so the Criterion can be built without validating it again: the tree,
    problems and scope are the compiler's own."""
    expr, parent, note = fields["expr"], fields["parent"], fields["note"]
    return fields["section"] in _SECTIONS and type(fields["text"]) is str and \
        type(fields["id"]) is str and (expr is None or type(expr) is str) and \
        (parent is None or type(parent) is str) and (note is None or type(note) is str)


@lru_cache(maxsize=16384)
def _compiled(source: str, section: Section, strict: bool, hints: bool = False):
    """(tree, problems, cohort, applies_if, accounting) of a line; identical lines recur
    across trials ("Not pregnant or nursing"), and the result is immutable, so it is
    computed once."""
    text, cohort, applies_if = scope(source)
    try:
        scoped = _scoped_with(text, section, strict) if applies_if is None and _WITH_TAIL.search(text) else None
        if scoped is not None:
            tree, problems, accounts, text = scoped
        else:
            tree, problems, accounts = compile_tree(text, section, explain=strict)
        if applies_if and _several_thresholds(tree):
            # "ALT ≤ 3 x ULN or ≤ 5 x ULN for patients with liver metastases": the scope at
            # the end is the last threshold's, not the line's; only one written first scopes it.
            conditional = _last_threshold_scoped(tree, applies_if)
            if conditional is not None:
                tree, applies_if = conditional, None
            else:
                text, cohort, applies_if = scope(source, trailing=False)
                tree, problems, accounts = compile_tree(text, section, explain=strict)
        if section == "exclusion" and _negates_a_statement(tree):
            raise CriterionError(EXCLUDED_ABSENCE, text)
        if _impossible_conjunction(tree):
            raise CriterionError(IMPOSSIBLE_CONJUNCTION, text)
        if _outside_holds_normal(tree):
            raise CriterionError(OUTSIDE_HOLDS_NORMAL, text)
        tree = _window_for_the_whole_list(tree)
    except CriterionError as exc:
        if strict:
            raise
        tree, problems = _manual(exc, hints)
        body = blank_markers(text)
        accounts = _removed(text, body, QUALIFIER, "enumerator") + \
            [Account(a.start, a.end, MANUAL, UNCLASSIFIED) for a in _read(body)]
    scoped = _removed(source, text, READING, "scope") if text is not source else []
    accounts = scoped + accounts
    rewritten = blanked(text)
    if rewritten[1]:
        accounts = through_rewrites(accounts, text, *rewritten)
    return tree, tuple(problems), cohort, applies_if, tuple(sorted(accounts))


# "No beta-blockers", "Not pregnant" under an exclusion heading: read as written, the line
# would exclude every patient WITHOUT the treatment or state, which is rarely what the trial
# means (a line moved from the inclusion list, or "no ... allowed"), and sometimes is
# ("no prior chemotherapy" in a second-line trial). Either reading can be wrong, so a person
# decides.
IMPOSSIBLE_CONJUNCTION = ("the reading asks one value to meet thresholds that cannot all hold, or one "
                          "exact value besides another threshold ('ECOG ≤ 0, 1 or 2' read as ≤ 0 and 1 "
                          "to 2; 'KPS ≥ 70,80' as ≥ 70 and = 80): the line is misread or garbled")


_MEASURED = ("compare", "between", "one_of", "normal")


def _window_for_the_whole_list(tree: Node) -> Node:
    """'Hemoglobin ≥ 9 g/dL and platelets ≥ 100,000/µL within 14 days': a window written
    after the last lab result of a list is the list's. Read as the last one's alone, the
    others took the default recency, and a result older than the line allows could let an
    inclusion pass. A lab of the list with its own window keeps it, and then none is shared."""
    children = getattr(tree, "children", None)
    if not children or tree.kind not in ("all", "any"):
        return tree
    kept = tuple(_window_for_the_whole_list(child) for child in children)
    labs = [i for i, child in enumerate(kept) if child.kind in _MEASURED and _is_lab(child.analyte)]
    window = kept[labs[-1]].within_days if len(labs) > 1 else None
    if window is not None and all(kept[i].within_days is None for i in labs[:-1]):
        kept = tuple(replaced(child, {"within_days": window}) if i in labs[:-1] else child
                     for i, child in enumerate(kept))
    return tree if all(a is b for a, b in zip(kept, children)) else replaced(tree, {"children": kept})


def _is_lab(analyte_id: str) -> bool:
    from .analytes import catalogue
    analyte = catalogue().by_id.get(analyte_id)
    return analyte is not None and analyte.source == "lab"


def _impossible_conjunction(tree: Node) -> bool:
    """True when an "all" of the tree holds two thresholds on one measure (same unit, same
    limit of normal, same window) whose ranges do not meet, or of which one is an exact
    value: no patient can pass the first, and no line means the second (the exact value
    alone would say it), so the reading must be wrong — a garbled list read as two
    thresholds — and a wrong fail loses the patient a trial as surely as a wrong pass
    puts one at risk."""
    for node in conjunctions(tree):
        ranges: dict[tuple, tuple] = {}
        for child in node.children:
            key_range = _value_range(child)
            if key_range is None:
                continue
            key, low = key_range[0], key_range[1:]
            if key in ranges:
                exact = low[0] == low[2] or ranges[key][0] == ranges[key][2]
                joined = None if exact else _meet(ranges[key], low)
                if joined is None:
                    return True
                ranges[key] = joined
            else:
                ranges[key] = low
    return False


OUTSIDE_HOLDS_NORMAL = ("the reading asks for a value outside a range whose two ends are written in two "
                        "units and leave all the normal values outside ('creatinine > 2.5 mg/dL or < 150 "
                        "µmol/L' excludes every normal creatinine): one threshold restated, garbled in the "
                        "source or misread")


def _outside_holds_normal(tree: Node) -> bool:
    """True when an "any" of the tree holds a lower and an upper bound on one measure,
    written in two units, and the whole reference range of the analyte meets one of them.
    A value outside a range ("calcium < 8 or > 12 mg/dL") is written in one unit; two units
    are one threshold said again in another ("> 2.5 mg/dL (221 µmol/L)"), and where the
    restatement came out as "or less than 150 µmol/L" the reading would exclude (or admit)
    every patient with a normal value."""
    for node in disjunctions(tree):
        below, above = {}, {}
        for child in node.children:
            if child.kind == "compare" and not child.relative_to and child.op in ("<", "<=", ">", ">="):
                (below if child.op.startswith("<") else above).setdefault(child.analyte, []).append(child)
        for analyte in below.keys() & above.keys():
            bounds = below[analyte] + above[analyte]
            normal = _normal_range(analyte)
            if normal and len({leaf.unit for leaf in bounds}) > 1 and \
                    any(all(_meets_in_canonical(leaf, end) for end in normal) for leaf in bounds):
                return True
    return False


def _normal_range(analyte_id: str) -> Optional[tuple[float, float]]:
    from .analytes import catalogue
    analyte = catalogue().by_id.get(analyte_id)
    span = analyte.reference_range if analyte else None
    return (span.low, span.high) if span and span.low is not None and span.high is not None else None


def _meets_in_canonical(leaf: Node, value: float) -> bool:
    """Does a value in the analyte's own unit meet the threshold?"""
    from .analytes import catalogue
    from .units import UnitError, factor
    analyte = catalogue()[leaf.analyte]
    try:
        limit = leaf.value * factor(leaf.unit, analyte.unit, analyte.molar_mass)
    except (UnitError, TypeError, ValueError):
        return False
    return {"<": value < limit, "<=": value <= limit, ">": value > limit, ">=": value >= limit}[leaf.op]


_INF = float("inf")


def _value_range(node: Node):
    """(measure key, low, low inclusive, high, high inclusive) of a threshold, else None."""
    if node.kind == "between":
        return (node.analyte, node.unit, None, node.within_days), node.low, True, node.high, True
    if node.kind != "compare":
        return None
    key, value, op = (node.analyte, node.unit, node.relative_to, node.within_days), node.value, node.op
    return {">": (key, value, False, _INF, False), ">=": (key, value, True, _INF, False),
            "<": (key, -_INF, False, value, False), "<=": (key, -_INF, False, value, True),
            "==": (key, value, True, value, True)}[op]


def _meet(a: tuple, b: tuple):
    """The intersection of two ranges (low, low inclusive, high, high inclusive), None if empty."""
    if a[0] != b[0]:
        low, low_in = max((a[0], a[1]), (b[0], b[1]), key=lambda end: end[0])
    else:
        low, low_in = a[0], a[1] and b[1]
    if a[2] != b[2]:
        high, high_in = min((a[2], a[3]), (b[2], b[3]), key=lambda end: end[0])
    else:
        high, high_in = a[2], a[3] and b[3]
    if low > high or (low == high and not (low_in and high_in)):
        return None
    return low, low_in, high, high_in


EXCLUDED_ABSENCE = ("an exclusion that names the absence of a condition or treatment ('No ...') "
                    "may mean either that its absence excludes or that its presence does")


def _negates_a_statement(tree: Node) -> bool:
    """The tree (or a part joined with "and"/"or" at its top) is the negation of a
    condition, treatment or procedure statement."""
    parts = tree.children if tree.kind in ("all", "any") else (tree,)
    return any(part.kind == "not" and part.child.kind in ("has", "since") for part in parts)


def _several_thresholds(tree: Node) -> bool:
    """More than one threshold is read ("AST/ALT ≤ 5 x ULN" is one, for two analytes)."""
    return len({_threshold_of(leaf) for leaf in leaves(tree)}) > 1


def _threshold_of(leaf: Node) -> tuple:
    return tuple(getattr(leaf, field, None) for field in _THRESHOLD_FIELDS)


_THRESHOLD_FIELDS = ("kind", "op", "value", "low", "high", "values", "unit_text", "relative_to")


# "..., or ≤ 5 x ULN with liver metastases", "... if due to liver metastases", "... or ≤ 5 x ULN
# (with liver metastases)": a condition at the end of the line, written without whom it is for.
_WITH_TAIL = re.compile(r"(?:\s+|\s*(?P<open>\(\s*))(?:with|if(?:\s+(?:due\s+to|caused\s+by))?"
                        r"|in\s+(?:the\s+)?(?:case|presence)\s+of|due\s+to)\s+(?P<condition>[^,;()]+?)"
                        r"(?(open)\s*\))[\s.;,]*$", re.I)


def _scoped_with(text: str, section: Section, strict: bool):
    """(tree, problems, accounts, text) of a line ending with a condition ("with", "if" a
    concept), read with that concept as the scope of the second of two thresholds of one
    analyte on one side ("ALT ≤ 3 x ULN, or ≤ 5 x ULN with liver metastases"); None for any other
    shape, where the condition may add a requirement ("Creatinine ≤ 1.5 mg/dL with liver
    metastases") and the line is read as usual."""
    match = _WITH_TAIL.search(text)
    concept = concepts().exact(match.group("condition"))
    if concept is None:
        return None
    scoped = text[:match.start()] + " " * (len(text) - match.start())
    try:
        tree, problems, accounts = compile_tree(scoped, section, explain=strict)
    except CriterionError:
        return None
    # "..., or ≤ 5 x ULN with ...", and "ALT ≤ 3 x ULN, ≤ 5 x ULN with ...": two limits of one
    # analyte on one side, which "and" would make one (the stricter), are a limit and its
    # relaxation under the condition, however they are joined.
    conditional = _last_threshold_scoped(tree, concept)
    return None if conditional is None else (conditional, problems, accounts, scoped)


def _last_threshold_scoped(tree: Node, condition: str) -> Optional[Node]:
    """Two thresholds of the same analytes, the scope written after the second: the second
    holds under the condition, the first otherwise ("ALT ≤ 3 x ULN, or ≤ 5 x ULN for
    patients with liver metastases"). None for any other shape."""
    if tree.kind not in ("any", "all") or contains_manual(tree) or \
            any(leaf.kind not in ("compare", "between") for leaf in leaves(tree)):
        return None
    groups: list[list[Node]] = []  # the children in runs of one threshold ("AST and ALT ≤ 3")
    for child in tree.children:
        found = {_threshold_of(leaf) for leaf in leaves(child)}
        if len(found) != 1:
            return None
        if groups and {_threshold_of(leaf) for leaf in leaves(groups[-1][0])} == found:
            groups[-1].append(child)
        else:
            groups.append([child])
    if len(groups) != 2:
        return None
    first, second = (group[0] if len(group) == 1 else joined(type(tree), group, tree.span) for group in groups)
    if {leaf.analyte for leaf in leaves(first)} != {leaf.analyte for leaf in leaves(second)}:
        return None
    if len({_direction(leaf) for leaf in leaves(tree)}) > 1:
        return None  # "aged 6 months to 5 years ...": the two ends of a range, not two thresholds
    return made(Conditional, condition=condition, condition_text=condition, when_true=second, when_false=first,
                       span=tree.span)


def _direction(leaf: Node) -> str:
    """Which way a bound looks: a lower one (≥, >), an upper one (≤, <), or both (a range)."""
    op = getattr(leaf, "op", "")
    return "lower" if op.startswith(">") else "upper" if op.startswith("<") else leaf.kind


_COHORT = re.compile(r"\(\s*(?P<cohort>[^()]{1,40}?)\s+only\s*\)", re.I)
_APPLIES_IF = re.compile(r"\s+(?:for|in)\s+(?:patients|subjects|participants|those)\s+with\s+"
                         r"(?P<condition>[^,;()]+?)[\s.;,]*$", re.I)
# The same written first: "Diabetic subjects with HbA1c > 8%", "In patients with liver
# metastases, AST ≤ 5 x ULN".
_APPLIES_IF_LEAD = re.compile(
    r"^\s*(?:(?:for|in)\s+(?:patients|subjects|participants|those)\s+with\s+(?P<condition>[^,;()]+?)\s*,\s*"
    r"|(?P<adjective>[a-z][\w'-]*)\s+(?:patients|subjects|participants)\s+with\s+)", re.I)
# Both patterns of a condition need its "with": most lines have none, and looking for
# the word costs a fraction of searching for either pattern.
_WITH = re.compile(r"with", re.I)


def scope(text: str, trailing: bool = True) -> tuple[str, Optional[str], Optional[str]]:
    """Take a scope note off a line (blanked, columns kept): (text, cohort, applies_if).
    trailing=False: a condition written last ("... for patients with X") is left in."""
    cohort = applies_if = None
    match = _COHORT.search(text)
    if match:
        cohort = " ".join(match.group("cohort").split())
        text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    if not _WITH.search(text):
        return text, cohort, applies_if
    match = _APPLIES_IF.search(text) if trailing else None
    if match and concepts().exact(match.group("condition")):
        applies_if = concepts().exact(match.group("condition"))
        text = text[:match.start()] + " " * (len(text) - match.start())
    match = _APPLIES_IF_LEAD.match(text)
    lead = match and concepts().exact(match.group("adjective") or match.group("condition"))
    if lead and applies_if is None:
        applies_if = lead
        text = " " * match.end() + text[match.end():]
    return text, cohort, applies_if


def _manual(exc: CriterionError, hints: bool) -> tuple[Node, list[Problem]]:
    if isinstance(exc, CriterionSyntaxError):
        unsure = unsure_sign(exc.text) if exc.text else None
        reason = "needs manual review: no threshold the engine can read" + (f" ({unsure})" if unsure else "")
        return manual(reason), [Problem("info", exc.message, exc.column)]
    found = exc.hint if hints else exc.hint_if_known
    hint = f" ({found})" if found else ""
    severity = "error" if found else "info"
    return manual(f"needs manual review: {exc.message}{hint}"), \
        [Problem(severity, exc.message + hint, exc.column)]
