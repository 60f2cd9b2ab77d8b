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
- a condition ("if ...", "in patients with ...") -> all(...): it may name a population
  that must hold as well
- an exception ("unless ...", "allowed") -> the join that can only help the patient:
  any() in an inclusion, all() in an exclusion
- no cue: the join that can only hurt the patient (all() in an inclusion, any() in an
  exclusion): what was read proves ineligibility, never eligibility
- a negation anywhere in what is left over: the reading cannot be used alone; None.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple, Optional

from ..errors import CriterionError, CriterionSyntaxError, UnknownAnalyteError
from ..nodes import AllOf, AnyOf, Node, joined, leaves, manual
from .lexicon import LABEL, MANUAL, QUALIFIER, READING, UNPLACEABLE, UNREAD, Account, lexicon

# What a threshold cannot be written without: a comparator (a sign, its words, or one after
# the number), a limit of normal, or a range of numbers. A part without one holds no island,
# and most lines of prose are passed over by this one search.
_ANCHOR = re.compile(r"[<>≤≥]|=\s*\d|\d\s*(?:-|–|to)\s*\d|\b(?:than|least|most|exceed\w*|above|below|over|under|"
                     r"between|ULN|LLN|normal|wnl|up\s+to|minimum|maximum|or\s+(?:more|less|older|greater|"
                     r"higher|lower|younger))\b", re.I)
# A line is tried at most this many times: a few islands with their splits, never a search.
_MAX_ATTEMPTS = 16
_JOINER_WORD = re.compile(r"\b(?:and/or|and|or)\b", re.I)
_JOINER_ONLY = re.compile(r"^[\s,;]*(?P<joiner>and/or|and|or|,|;)?[\s,;]*$", re.I)
_WORD = re.compile(r"\S+")

Compile = Callable[[str], tuple[Node, list]]


class Island(NamedTuple):
    start: int
    end: int
    tree: Node
    problems: list


def read_islands(body: str, section: str, compile_part: Compile,
                 whole_error: Optional[CriterionError] = None) -> Optional[tuple[Node, list, list[Account]]]:
    """(tree, problems, accounts) of the thresholds found in body (a line with its markers
    blanked), or None when none is found or what is left cannot be placed safely.
    compile_part(text) compiles a copy of body with everything but one part blanked;
    whole_error, where given, is what compiling the whole body raised (not tried again)."""
    if not _ANCHOR.search(body):
        return None
    body, bridges = _bridged(body)
    if whole_error is not None and not bridges:
        compile_part = _answering_first(compile_part, whole_error)
    islands, left = _find(body, compile_part)
    if not islands:
        return None
    accounts = _carved([Account(i.start, i.end, READING, "") for i in islands], bridges) + bridges
    between, leftovers = _joiners(body, islands, left)
    unread: list[tuple[str, list[Account]]] = []
    for start, end in leftovers:
        found = _as_label(body, lexicon().account(body, start, end), islands)
        accounts += found
        parts = [a for a in found if a.role == MANUAL]
        if parts and (not _placeable(body, parts, islands) or _between_islands(start, end, islands)):
            return None  # a part between two readings leaves unsaid how they join
        if parts:
            unread.append((_relation(parts, after_island=start >= islands[0].end, section=section), parts))
    tree = _joined_islands(body, islands, section)
    tree = _with_unread(tree, body, unread)
    accounts += [Account(s, e, READING, "joiner") for s, e in between.values() if e > s]
    problems = [p for i in islands for p in i.problems]
    return tree, problems, sorted(accounts)


# Words between a name and its comparator that say nothing of the value: "INR known to be
# greater than 1.5", "a GFR which is < 30", "Hemoglobin must be ≥ 9".
_BRIDGE = re.compile(r"(?<=\w)\s+(?P<bridge>(?:(?:is|are)\s+)?known\s+to\s+be|(?:must|should|needs?\s+to|has\s+to)\s+be"
                     r"|which\s+(?:is|are|must\s+be)|that\s+(?:is|are)|is|are)"
                     r"(?=\s+(?:[<>≤≥]|(?:greater|more|less|fewer|higher|lower)\s+than|at\s+(?:least|most)\b"
                     r"|up\s+to\b|above\b|below\b|not\s+(?:more|less|greater|exceeding|in\s+excess)|no\s+(?:more|less|greater)"
                     r"|in\s+excess\b|exceeding\b|between\b|within\s+(?:the\s+)?(?:normal|institutional)))", re.I)


def _bridged(body: str) -> tuple[str, list[Account]]:
    """The line with its bridge words blanked (columns kept), and their accounts."""
    found = [Account(m.start("bridge"), m.end("bridge"), QUALIFIER, "filler") for m in _BRIDGE.finditer(body)]
    for account in found:
        body = body[:account.start] + " " * (account.end - account.start) + body[account.end:]
    return body, found


def _answering_first(compile_part: Compile, error: CriterionError) -> Compile:
    """compile_part, but its first call raises the error the whole line already gave."""
    calls = iter(range(1))

    def compile_once_known(part: str):
        if next(calls, None) == 0:
            raise error
        return compile_part(part)
    return compile_once_known


def _carved(readings: list[Account], holes: list[Account]) -> list[Account]:
    """The reading accounts with the bridges inside them cut out: each character one account."""
    out = []
    for reading in readings:
        start = reading.start
        for hole in sorted(h for h in holes if reading.start <= h.start and h.end <= reading.end):
            if hole.start > start:
                out.append(reading._replace(start=start, end=hole.start))
            start = hole.end
        if start < reading.end:
            out.append(reading._replace(start=start))
    return out


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
            restart = _clause_start(body, pos, column) if _at_threshold(body, column) else None
            if restart is not None:  # "Label (platelets > ...": the threshold's clause starts later
                left.append((pos, restart))
                pos, limit = _skip_blank(body, restart), end
                continue
            if pos < column < limit:
                limit = column  # read up to where the grammar stopped
                continue
            cut = _last_clause_end(body, pos, limit) if column >= limit else None
            if cut is not None:  # it wanted more at the end: "..., at time of consent"
                limit = cut
                continue
            word = _WORD.match(body, pos)
            cut = _next_start(body, word.end() if word else limit, limit)
            left.append((pos, cut))
            pos, limit = _skip_blank(body, cut), end
            continue
        except CriterionError:
            return [], []  # a unit or value problem: a misreading is likelier than an island
        if _is_threshold(tree) and _names_its_analytes(body[pos:limit], tree, body[:pos]):
            islands.append(Island(pos, limit, tree, problems))
        else:
            left.append((pos, limit))
        pos, limit = _skip_blank(body, limit), end
    if pos < end:
        left.append((pos, end))
    return islands, _adjacent_joined(body, [(s, e) for s, e in left if body[s:e].strip()])


def _next_start(body: str, pos: int, limit: int) -> int:
    """Where the next island may begin, from pos: the first word that starts an analyte's
    name before the next threshold, else that threshold itself (an age may stand alone).
    A few lookups in the name table instead of a parse at every word of the prose."""
    anchor = _ANCHOR.search(body, pos, limit)
    stop = anchor.start() if anchor else limit
    for word in _WORD.finditer(body, pos, stop):
        if _starts_name(body, word.start(), stop):
            return word.start()
    return max(stop, pos)


def _starts_name(body: str, start: int, stop: int) -> bool:
    from ..analytes import catalogue
    words = body[start:stop].split()[:4]
    return any(catalogue().lookup_whole(" ".join(words[:n])) for n in range(1, len(words) + 1))


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


# Words a label may hold between its own ("prediabetes or T2D", "coagulopathy with an").
_LABEL_JOINERS = frozenset({"or", "and", "and/or", "/", "with"})


def _as_label(body: str, found: list[Account], islands: list[Island]) -> list[Account]:
    """A clinical label that the threshold right after it defines: "Severe anemia (Hb <
    10 g/dL)", "Non-obese: defined as BMI < 28 kg/m2", "Patients with coagulopathy with an
    elevated INR ≥ 1.5". The part is one qualifier when it stands just before an island
    (an opening parenthesis or a colon at most between) and holds a word of the lexicon's
    label list, other harmless words and joiners alone: a population ("renal transplant
    patients"), a cue or any word the lexicon does not know keeps the part unread."""
    if not found:
        return found
    start, end = found[0].start, found[-1].end
    follows = next((i for i in islands if i.start >= end), None)
    if follows is None or body[end:follows.start].strip(" (:"):
        return found
    named = any(a.category == LABEL for a in found)
    plain = all(a.role == QUALIFIER or a.category == LABEL or body[a.start:a.end].lower() in _LABEL_JOINERS
                for a in found)
    if not (named and plain) or _ANCHOR.search(body, start, end) or not _defines(body, found[-1]):
        return found
    return [Account(start, end, QUALIFIER, LABEL)]


def _defines(body: str, last: Account) -> bool:
    """The label is tied to the threshold as its definition: by "with", a lead-in ("defined
    as"), a parenthesis or colon, or standing right before it ("Severe coagulopathy
    platelets < 20,000"); never by "or"/"and" ("Renal disease and/or creatinine > 2": the
    disease is an alternative, not a name for the threshold)."""
    word = body[last.start:last.end].lower()
    return word == "with" or word not in _LABEL_JOINERS


def _between_islands(start: int, end: int, islands: list[Island]) -> bool:
    return any(i.end <= start for i in islands) and any(i.start >= end for i in islands)


def _placeable(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """Whether a part left for a person can be joined to what was read without changing
    what that reading means. Not when it negates or re-bases it ("no ...", "5 years or
    more from diagnosis"), holds a threshold or an analyte name the reader could not
    place ("ANC ≥ 1500/uL and ... or ...", "Creatinine < 140 systolic"), or is an unknown
    word written against the name read ("post-bronchodilator FEV1": another measurement)."""
    if any(a.category in UNPLACEABLE for a in parts):
        return False
    for part in parts:
        if part.category in UNREAD and (_ANCHOR.search(body, part.start, part.end)
                                              or _names_analyte(body[part.start:part.end])):
            return False
    last = parts[-1]
    return not (last.category in UNREAD and any(
        i.start >= last.end and not body[last.end:i.start].strip() for i in islands))


def _names_analyte(words: str) -> bool:
    """Some run of up to four of the words is an analyte's name."""
    from ..analytes import catalogue
    tokens = words.split()
    return any(catalogue().lookup_whole(" ".join(tokens[i:j]))
               for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + 4) + 1))


def _at_threshold(body: str, column: int) -> bool:
    """The grammar stopped at a comparator or a number: a threshold it could not reach."""
    return column < len(body) and (body[column].isdigit() or bool(_ANCHOR.match(body, column)))


_CLAUSE_MARK = re.compile(r"[(\[:;,]")


def _clause_start(body: str, pos: int, column: int) -> Optional[int]:
    """Just after the last "(", "[", ":", ";" or "," between pos and a threshold the
    grammar could not reach: where that threshold's own clause begins. None if none."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(body, pos, column)]
    return marks[-1] if marks and marks[-1] < column else None


def _last_clause_end(body: str, pos: int, limit: int) -> Optional[int]:
    """Where the last clause before limit that holds a threshold ends (at a ",", ";", ":",
    "(" or, failing those, an "or"/"and" that the grammar took to join another threshold:
    "ABPI < 0.9 or evidence on duplex"), or None."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(body, pos, limit) if _ANCHOR.search(body, pos, m.start())]
    if marks:
        return marks[-1]
    # Only a joiner with no threshold after it: "A and B or C" stays a question of precedence.
    joiners = [m.start() for m in _JOINER_WORD.finditer(body, pos, limit)
               if _ANCHOR.search(body, pos, m.start()) and not _ANCHOR.search(body, m.end(), limit)]
    return joiners[-1] if joiners else None


# An age is named by the word, or by whom it is about just before: "Patients over 18 years".
_AGE_WORDS = re.compile(r"\b(?:age[ds]?|old|older|younger|patients?|subjects?|participants?|persons?|"
                        r"men|women|males?|females?|adults?|children|volunteers?)\b", re.I)


def _names_its_analytes(text: str, tree: Node, before: str = "") -> bool:
    """Each threshold of an island names what it measures in the island's own words (an
    age: or whom it is about, just before it): a bare "at least 5 years" in prose is a
    duration ("disease-free for >= 5 years"), not an age, though a line of its own would
    mean one."""
    lowered = text.lower()
    for leaf in leaves(tree):
        if leaf.analyte == "age":
            if not _AGE_WORDS.search(text) and not _AGE_WORDS.search(before[-40:]):
                return False
        elif not leaf.name or leaf.name.lower() not in lowered:
            return False
    return True


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
    """Where the unknown name stands: its words in order, from the occurrence of its first
    word nearest the error's column (which may point at the clause, or past the name)."""
    words = exc.name.split()
    if not words:
        return floor, floor
    column = exc.column if exc.column is not None else floor
    starts = [m.start() for m in re.finditer(re.escape(words[0]), body[floor:])]
    if not starts:
        return floor, floor
    start = floor + min(starts, key=lambda at: abs(floor + at - column))
    pos = start
    for word in words:
        found = body.find(word, pos)
        if found < 0:
            break
        pos = found + len(word)
    return start, pos


def _known_suffix(body: str, start: int, end: int) -> Optional[int]:
    """Where the longest run of the name's last words that is a known analyte begins
    ("... as shown by an absolute neutrophil count of" -> "absolute ..."), or None."""
    from ..analytes import catalogue
    words = list(_WORD.finditer(body, start, end))
    while words and words[-1].group().lower() in ("of", "is", "be", "must", "should", "level", "levels"):
        words.pop()  # "count of at least": the name ends before its bridge to the comparator
    for first in range(1, len(words)):
        name = body[words[first].start():words[-1].end()]
        if catalogue().lookup_whole(name):
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


def _joined_islands(body: str, islands: list[Island], section: str) -> Node:
    """Islands joined as written: "or" -> any, "and" -> all; a comma, a semicolon, a full
    stop or nothing as a list of the section (inclusion: all must hold; exclusion: any
    excludes)."""
    list_of_section = AllOf if section == "inclusion" else AnyOf
    tree = islands[0].tree
    for k, island in enumerate(islands[1:], start=1):
        word = _JOINER_WORD.search(body, islands[k - 1].end, island.start)
        joiner = word.group().lower() if word else ""
        kind = AnyOf if joiner in ("or", "and/or") else AllOf if joiner == "and" else list_of_section
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

    An alternative is an "or", a conjunct an "and", whatever the section. A condition ("in
    patients with ...", "for ...") is an "and" too: it may scope the threshold or name the
    population that must also hold ("eGFR > 60 in volunteers who are otherwise healthy"),
    and only "and" is safe for both. An exception ("unless", "allowed") narrows whom the
    criterion holds against, so it can only help a patient: any() for an inclusion
    ("Creatinine ≤ 1.5 mg/dL unless on dialysis"), all() for an exclusion ("Creatinine > 2
    mg/dL unless on dialysis"), wherever it stands in the part. A part with no cue, or with
    a conjunct and another cue whose scopes the reader cannot tell apart, is joined so that
    what was read can prove ineligibility and never eligibility."""
    cues = [a.category for a in parts if a.category not in UNREAD]
    helps_patient = "any" if section == "inclusion" else "all"
    hurts_patient = "all" if section == "inclusion" else "any"
    if not cues:
        return hurts_patient
    if "exception" in cues:  # "... allowed provided INR < 1.1 x ULN": a permission, whatever else
        return helps_patient
    if "conjunct" in cues and len(set(cues)) > 1:
        return hurts_patient
    cue = cues[0] if after_island else cues[-1]
    return {"alternative": "any", "conjunct": "all", "condition": "all"}.get(cue, helps_patient)


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
