"""Thresholds read wherever they stand in a line, and every other word accounted for.

A whole-line grammar reads the lines it was grown on: one unexpected word ("Hematology:",
"by MUGA", "provided ...") sends an ordinary threshold to manual review. This reader uses
the same grammar as an oracle on parts of the line. Left to right, it tries to read from
the current word: where the grammar stops, it reads up to that column instead; where a
threshold's name is not an analyte, it reads from the longest known name at its end
("Sufficient marrow reserve as shown by an | absolute neutrophil count ≥ 1,200/µL");
what no reading takes is left over.

Every left-over word is then accounted for by the lexicon (engine/read/lexicon.py): a
harmless qualifier drops out; a cue that changes the meaning, or a word the lexicon does
not know, keeps its part for a person, joined to what was read so that the reading can
decide only what it decides on its own:

- an alternative ("or ...") -> any(reading, part); a conjunct ("with ...") -> all(...)
- an exception or a condition ("unless ...", "if ...") -> the join that can only help the
  patient: any() in an inclusion, all() in an exclusion
- no cue: the join that can only hurt the patient (all() in an inclusion, any() in an
  exclusion): what was read proves ineligibility, never eligibility
- a negation anywhere in what is left over: the reading cannot be used alone; None.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple, Optional

from ..errors import CriterionError, CriterionSyntaxError, UnknownAnalyteError
from ..nodes import AllOf, AnyOf, Node, joined, leaves, manual
from .lexicon import MANUAL, NEGATION, READING, UNCLASSIFIED, Account, lexicon

# What a threshold cannot be written without: a comparator (a sign, its words, or one after
# the number), a limit of normal, or a range of numbers. A part without one holds no island,
# and most lines of prose are passed over by this one search.
_ANCHOR = re.compile(r"[<>≤≥]|=\s*\d|\d\s*(?:-|–|to)\s*\d|\b(?:than|least|most|exceed\w*|above|below|over|under|"
                     r"between|ULN|LLN|normal|wnl|up\s+to|minimum|maximum|or\s+(?:more|less|older|greater|"
                     r"higher|lower|younger))\b", re.I)
# A line is tried at most this many times: a few islands with their splits, never a search.
_MAX_ATTEMPTS = 16
_JOINER_ONLY = re.compile(r"^[\s,;]*(?P<joiner>and/or|and|or|,|;)?[\s,;]*$", re.I)
_WORD = re.compile(r"\S+")

Compile = Callable[[str], tuple[Node, list]]


class Island(NamedTuple):
    start: int
    end: int
    tree: Node
    problems: list


def read_islands(body: str, section: str, compile_part: Compile
                 ) -> Optional[tuple[Node, list, list[Account]]]:
    """(tree, problems, accounts) of the thresholds found in body (a line with its markers
    blanked), or None when none is found or what is left cannot be placed safely.
    compile_part(text) compiles a copy of body with everything but one part blanked."""
    if not _ANCHOR.search(body):
        return None
    islands, left = _find(body, compile_part)
    if not islands:
        return None
    accounts = [Account(i.start, i.end, READING, "") for i in islands]
    between, leftovers = _joiners(body, islands, left)
    unread: list[tuple[str, list[Account]]] = []
    for start, end in leftovers:
        found = lexicon().account(body, start, end)
        accounts += found
        parts = [a for a in found if a.role == MANUAL]
        if any(a.category == NEGATION for a in parts):
            return None
        if parts:
            unread.append((_relation(parts, after_island=start >= islands[0].end, section=section), parts))
    tree = _joined_islands(body, islands, between, section)
    tree = _with_unread(tree, body, unread)
    accounts += [Account(s, e, READING, "joiner") for s, e in between.values() if e > s]
    problems = [p for i in islands for p in i.problems]
    return tree, problems, sorted(accounts)


def _find(body: str, compile_part: Compile) -> tuple[list[Island], list[tuple[int, int]]]:
    """The islands read, left to right, and the spans left between them."""
    islands: list[Island] = []
    left: list[tuple[int, int]] = []
    end = len(body.rstrip())
    pos = _skip_blank(body, 0)
    limit = end
    for _ in range(_MAX_ATTEMPTS):
        if pos >= end:
            break
        if not _ANCHOR.search(body, pos, limit):
            if limit == end:
                break
            left.append((pos, limit))  # the part that stopped the grammar holds no threshold
            pos, limit = _skip_blank(body, limit), end
            continue
        try:
            tree, problems = compile_part(_only(body, pos, limit))
        except UnknownAnalyteError as exc:
            name_start, name_end = _name_span(body, exc, pos)
            if name_start > pos and _ANCHOR.search(body, pos, name_start):
                limit = name_start  # "Bilirubin ≤ 1.5 x ULN, provided the direct ...": read before it
                continue
            known = _known_suffix(body, name_start, name_end)
            cut = known if known is not None else name_end
            left.append((pos, cut))
            pos, limit = _skip_blank(body, cut), end
            continue
        except CriterionSyntaxError as exc:
            column = exc.column if exc.column is not None else limit
            if pos < column < limit:
                limit = column  # read up to where the grammar stopped
                continue
            word = _WORD.match(body, pos)
            cut = word.end() if word else limit
            left.append((pos, cut))
            pos, limit = _skip_blank(body, cut), end
            continue
        except CriterionError:
            return [], []  # a unit or value problem: a misreading is likelier than an island
        if _is_threshold(tree):
            islands.append(Island(pos, limit, tree, problems))
        else:
            left.append((pos, limit))
        pos, limit = _skip_blank(body, limit), end
    if pos < end:
        left.append((pos, end))
    return islands, _adjacent_joined(body, [(s, e) for s, e in left if body[s:e].strip()])


def _adjacent_joined(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Left-over spans with only blanks between them are one part ("on | the | most recent
    complete blood count" was left word by word)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and not body[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _is_threshold(tree: Node) -> bool:
    """An island is a threshold: statements of conditions and treatments are the business
    of the whole-line reading, which sees all their words."""
    return any(True for _ in leaves(tree)) or tree.kind == "since"


def _only(body: str, start: int, end: int) -> str:
    return " " * start + body[start:end] + " " * (len(body) - end)


def _skip_blank(body: str, pos: int) -> int:
    while pos < len(body) and body[pos].isspace():
        pos += 1
    return pos


def _name_span(body: str, exc: UnknownAnalyteError, floor: int) -> tuple[int, int]:
    """Where the unknown name stands: its words in order from the error's column."""
    pos = max(exc.column or floor, floor)
    start = None
    for word in exc.name.split():
        found = body.find(word, pos)
        if found < 0:
            break
        start = found if start is None else start
        pos = found + len(word)
    return (start if start is not None else floor), pos


def _known_suffix(body: str, start: int, end: int) -> Optional[int]:
    """Where the longest run of the name's last words that is a known analyte begins
    ("... as shown by an absolute neutrophil count of" -> "absolute ..."), or None."""
    from ..analytes import catalogue
    words = list(_WORD.finditer(body, start, end))
    while words and words[-1].group().lower() in ("of", "is", "be", "must", "should", "level", "levels"):
        words.pop()  # "count of at least": the name ends before its bridge to the comparator
    for first in range(1, len(words)):
        name = body[words[first].start():words[-1].end()]
        if catalogue().lookup(name):
            return words[first].start()
    return None


def _joiners(body: str, islands: list[Island], left: list[tuple[int, int]]):
    """The joiners standing alone between two islands (index of the later island -> span),
    and the left-over spans that are not such a joiner."""
    between: dict[int, tuple[int, int]] = {}
    rest = []
    for start, end in left:
        later = next((k for k, i in enumerate(islands) if i.start >= end), None)
        if later and islands[later - 1].end <= start and _JOINER_ONLY.match(body[start:end]):
            between[later] = (start, end)
        else:
            rest.append((start, end))
    return between, rest


def _joined_islands(body: str, islands: list[Island], between: dict, section: str) -> Node:
    """Islands joined as written: "or" -> any, "and"/";" -> all, a comma or nothing as a
    list of the section (inclusion: all must hold; exclusion: any excludes)."""
    tree = islands[0].tree
    for k, island in enumerate(islands[1:], start=1):
        joiner = ""
        if k in between:
            start, end = between[k]
            match = _JOINER_ONLY.match(body[start:end])
            joiner = (match.group("joiner") or "").lower() if match else ""
        kind = AnyOf if joiner in ("or", "and/or") or (joiner in ("", ",") and section == "exclusion") \
            else AllOf
        tree = _flat(kind, tree, island.tree)
    return tree


def _flat(kind, left: Node, right: Node) -> Node:
    name = "all" if kind is AllOf else "any"
    children = (*(left.children if left.kind == name else (left,)),
                *(right.children if right.kind == name else (right,)))
    return joined(kind, children)


def _relation(parts: list[Account], after_island: bool, section: str) -> str:
    """How a left-over part joins what was read, "any" or "all" (of the criterion's own
    logic, before the section's reading of it), by the cue next to the reading: the first
    cue of a part after it, the last of a part before it.

    An alternative is an "or" and a conjunct an "and" whatever the section. An exception or
    a condition narrows whom the criterion holds against, so it can only help a patient:
    any() for an inclusion ("Creatinine ≤ 1.5 mg/dL unless on dialysis"), all() for an
    exclusion ("Creatinine > 2 mg/dL unless on dialysis"). A part with no cue is joined the
    other way, so that what was read can prove ineligibility and never eligibility."""
    cues = [a.category for a in parts if a.category != UNCLASSIFIED]
    helps_patient = "any" if section == "inclusion" else "all"
    hurts_patient = "all" if section == "inclusion" else "any"
    if not cues:
        return hurts_patient
    cue = cues[0] if after_island else cues[-1]
    return {"alternative": "any", "conjunct": "all"}.get(cue, helps_patient)


def _with_unread(tree: Node, body: str, unread: list[tuple[str, list[Account]]]) -> Node:
    """The reading joined with the parts left for a person: all() with those that must
    hold as well, then any() with those that may hold instead."""
    both = [a for relation, parts in unread if relation == "all" for a in parts]
    either = [a for relation, parts in unread if relation == "any" for a in parts]
    if both:
        tree = _flat(AllOf, tree, manual(_reason(body, both)))
    if either:
        tree = _flat(AnyOf, tree, manual(_reason(body, either)))
    return tree


def _reason(body: str, parts: list[Account]) -> str:
    words = " … ".join(" ".join(body[a.start:a.end].split()) for a in sorted(parts))
    return f"needs manual review: the engine did not read '{words}'"
