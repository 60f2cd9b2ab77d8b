"""Thresholds read wherever they stand in a line, and every other word accounted for.

A whole-line grammar reads the lines it was grown on: one unexpected word ("Hematology:",
"by MUGA", "provided ...") sends an ordinary threshold to manual review. This reader uses
the same grammar as an oracle on parts of the line. Left to right, it tries to read from
the current word: where the grammar stops, it reads up to that column instead; where a
threshold's name is not an analyte, it reads from the longest known name at its end
("Sufficient marrow reserve as shown by an | absolute neutrophil count ≥ 1,200/µL");
what no reading takes is left over.

Every left-over word is then accounted for by the lexicon (engine/read/lexicon.py) and
placed by engine/read/joins.py: a harmless qualifier drops out; a cue that changes the
meaning, or a word the lexicon does not know, keeps its part for a person, joined to what
was read so that the reading decides only what it decides on its own; a part that cannot
be placed leaves the whole line to a person (None).
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from ..errors import CriterionError, CriterionSyntaxError, ResolveError, UnknownAnalyteError, WordAfterScoreError
from ..nodes import LEAF_KINDS, Node, leaves
from ..scan_patterns import gated
from .joins import (ANCHOR, JOINER_WORD, LEADING_JOINER, Island, as_label, between_islands, complemented,
                    denied_label, joined_islands, joiner_among_qualifiers, joiners, listed_apart, names_analyte,
                    placeable, relation, required_as_well, stands_instead, with_unread)
from .lexicon import MANUAL, QUALIFIER, READING, STATE, UNCLASSIFIED, UNREAD, YEARS_IN, Account, lexicon

# A line is tried at most this many times: a few islands with their splits, never a search.
_MAX_ATTEMPTS = 16
_WORD = re.compile(r"\S+")

Compile = Callable[[str], tuple[Node, list]]


def read_islands(body: str, section: str, compile_part: Compile,
                 whole_error: Optional[CriterionError] = None) -> Optional[tuple[Node, list, list[Account]]]:
    """(tree, problems, accounts) of the thresholds found in body (a line with its markers
    blanked), or None when none is found or what is left cannot be placed safely.
    compile_part(text) compiles a copy of body with everything but one part blanked;
    whole_error, where given, is what compiling the whole body raised (not tried again)."""
    from .statements import TIME_UNIT
    anchored = ANCHOR.search(body) is not None
    if not anchored and not TIME_UNIT.search(body):
        return None
    written = body
    body, bridges = _bridged(body)
    body = _window_joined(body)
    timed = _timed_statements(body)
    if not anchored and not timed:
        return None
    compile_part = _remembered(compile_part)
    if whole_error is not None and body == written and not timed:
        compile_part = _answering_first(compile_part, whole_error)
    rest = _blanked(body, timed)
    if anchored:
        found = _find(rest, compile_part)
        if found is None:
            return None  # not the statements alone: the words after them would be dropped unread
        islands, left, _, qualifiers = found
        if not _in_their_specimen(body, qualifiers, islands) or _states_placed(body, qualifiers, islands) != qualifiers:
            return None  # "Creatinine in urine < 1.5 mg/dL": not the serum creatinine read; "LVEF at rest ≥ 45%"
        body = _blanked(body, qualifiers)  # the words _find set aside between a name and its threshold
    else:
        islands, left, qualifiers = [], _spans_of(rest), []
    if timed:
        islands = sorted(islands + timed)
        left = _outside(body, left, timed)
    if not islands or any(_cut_short(body, island.end) for island in islands):
        return None
    holes = bridges + qualifiers
    accounts = _carved([Account(i.start, i.end, READING, "") for i in islands], holes) + holes
    between, leftovers = joiners(body, islands, left)
    unread: list[tuple[str, list[Account]]] = []
    denied = False
    for start, end in leftovers:
        if _POSTFIX_COMPARATOR.match(body, start) and any(i.end <= start and not body[i.end:start].strip()
                                                          for i in islands):
            return None  # "ANC ≥ 1,000/µL or less": the threshold's own comparator, against it
        windowed = _under_heading_window(body, start, end, islands) or _window_of_one(body, start, end, islands)
        if windowed is not None:  # "Hematology (within 14 days): ...", "... in the past month": the window
            islands, found = windowed
            accounts += found
            continue
        words = _states_placed(body, lexicon().account(body, start, end), islands)
        label = denied_label(body, words, islands, section)
        if label:  # "No anaemia (Hb < 10 g/dL)": the threshold's complement is read
            accounts += label
            denied = True
            continue
        found = _reason_read(body, words, islands)
        found = _age_group_read(body, _formula_read(body, as_label(body, found, islands, section), islands), islands)
        if not _in_their_specimen(body, found, islands):
            return None  # "Creatinine < 1.5 mg/dL in urine": not the serum creatinine read
        parts = [a for a in found if a.role == MANUAL]
        if between_islands(start, end, islands) and joiner_among_qualifiers(body, parts, islands):
            accounts += [Account(a.start, a.end, READING, "joiner") if a in parts else a for a in found]
            continue  # "Hb ≥ 9 g/dL on the latest blood count, and platelets ...": the "and" joins them
        accounts += found
        if parts and (not placeable(body, parts, islands) or (
                between_islands(start, end, islands) and not listed_apart(body, parts, islands))):
            return None  # a part between two readings leaves unsaid how they join, but in a plain list
        if parts:
            unread.append((relation(parts, after_island=start >= islands[0].end, section=section, body=body), parts))
    if _in_parentheses_after(body, islands):
        return None
    if len(unread) > 1 and any(stands_instead(body, parts, islands) for _, parts in unread):
        return None  # "Adults on dialysis: ... or BMI = 35": joined under the "or", the other part would bind it alone
    if any(joined == "any" for joined, _ in unread) and any(
            joined == "all" and (required_as_well(body, parts, islands) or listed_apart(body, parts, islands))
            for joined, parts in unread):
        return None  # "X or | age ≥ 18 | and of reproductive age": which of them the "and" binds is unsaid
    tree = joined_islands(body, islands, section)
    if denied:
        tree = complemented(tree) if not unread else None
        if tree is None:
            return None
    tree = with_unread(tree, body, unread)
    accounts += [Account(s, e, READING, "joiner") for s, e in between.values() if e > s]
    problems = [p for i in islands for p in i.problems]
    return tree, problems, sorted(accounts)


# A comparator written after a threshold ("or less", "and above"): one that agrees the grammar
# reads with it, so one left over right after a reading contradicts it, and is no
# alternative to join.
_POSTFIX_COMPARATOR = re.compile(r"(?:or|and)\s+(?:more|less|greater|higher|lower|fewer|above|below|older|younger"
                                 r"|over|under)(?![\w-])", re.I)
# A heading with a window, in parentheses or before its colon: "Hematology (within 14 days):",
# "Laboratory values (obtained within 28 days prior to registration):", "Laboratory values
# within 14 days before randomisation:".
_HEADING_WINDOW = re.compile(r"(?:(?P<open>\()\s*)?(?:(?:obtained|performed|done|measured|drawn|collected)\s+)?within\s+"
                             r"(?:the\s+(?:last|past)\s+)?(?P<count>\d{1,3})\s*(?P<unit>days?|weeks?|months?)"
                             r"(?![\w-])(?P<after>[^():]*)(?(open)\)|(?=\s*:))", re.I)
_DAYS_IN = {"d": 1.0, "w": 7.0, "m": 30.4375}


def _under_heading_window(body: str, start: int, end: int, islands: list[Island]):
    """(islands, accounts) with the window of a heading that stands just before the first
    reading given to every reading (the grammar's recency window, counted back from the
    screening date: whole days, rounded down), where the words around it are a heading
    of the lexicon and the window counts from the screening date; else None. Never onto a
    reading that has a window of its own, or that is not a threshold (a statement's window
    is when the event was)."""
    from .lexicon import counts_from_screening
    if end > islands[0].start or body[end:islands[0].start].strip():
        return None
    window = _HEADING_WINDOW.search(body, start, end)
    if window is None or (window.group("after").strip() and not counts_from_screening(window.group("after"))):
        return None
    timing = Account(window.start(), window.end(), QUALIFIER, "timing")
    heading = lexicon().account(_blanked(body, [timing]), start, end)
    if not heading or not all(a.role == QUALIFIER and a.category == "heading" for a in heading):
        return None
    days = int(int(window.group("count")) * _DAYS_IN[window.group("unit")[0].lower()])
    trees = [_with_window(island.tree, days) for island in islands]
    if any(tree is None for tree in trees):
        return None
    return [i._replace(tree=tree) for i, tree in zip(islands, trees)], sorted(_carved(heading, [timing]) + [timing])


# A window named without its number, one of its unit: "in the past month", "within the last
# week", "in the month prior to inclusion". Without "last", "past" ... only where words after
# it say what it counts back from ("in the month of May" is no window).
_WINDOW_OF_ONE = re.compile(r"(?:(?:obtained|performed|done|measured|drawn|collected)\s+)?(?:in|within|during)\s+the\s+"
                            r"(?P<last>(?:last|past|previous|preceding)\s+)?(?P<unit>day|week|month)(?![\w-])"
                            r"(?P<after>[^;,()]*?)[\s.]*", re.I)


def _window_of_one(body: str, start: int, end: int, islands: list[Island]):
    """(islands, accounts) with the window the words after the line's only reading name
    without a number ("LDL-C > 100 mg/dL, in the month prior to inclusion": 30 days) given
    to it, where they are all the words left and count back from the screening date; else
    None. Never onto a reading with a window of its own."""
    from .lexicon import counts_from_screening
    start += len(body[start:end]) - len(body[start:end].lstrip(" ,;"))
    if len(islands) != 1 or start < islands[0].end or body[islands[0].end:start].strip(" ,;"):
        return None
    window = _WINDOW_OF_ONE.fullmatch(body, start, end)
    if window is None or not (window.group("last") or window.group("after").strip()):
        return None
    if window.group("after").strip() and not counts_from_screening(window.group("after")):
        return None
    tree = _with_window(islands[0].tree, int(_DAYS_IN[window.group("unit")[0].lower()]))
    if tree is None:
        return None
    return [islands[0]._replace(tree=tree)], [Account(start, end, QUALIFIER, "timing")]


def _with_window(node: Node, days: int) -> Optional[Node]:
    """The thresholds of the tree with the window, or None where one has its own already or
    the tree holds anything but thresholds and their joiners."""
    if node.kind in LEAF_KINDS:
        return node.model_copy(update={"within_days": days}) if node.within_days is None else None
    if node.kind in ("all", "any"):
        children = [_with_window(child, days) for child in node.children]
        return None if any(c is None for c in children) else node.model_copy(update={"children": tuple(children)})
    return None


def _in_parentheses_after(body: str, islands: list) -> bool:
    """A reading in parentheses right after another ("glucose 200-300 mg/dL (A1C 7-10%)")
    may restate it, add to it or offer another way: no joiner says which (the hand audit's
    auditors read it both ways), so the line is left to a person."""
    return any(body[a.end:b.start].strip() == "(" for a, b in zip(islands, islands[1:]))


_FORMULA = re.compile(r"cockcroft", re.I)
SPECIMEN = "specimen"


def _in_their_specimen(body: str, found: list[Account], islands: list[Island]) -> bool:
    """Every specimen named among the accounts ("in peripheral blood", "in urine", a word
    left alone that names one: "(CSF)") is one every analyte read is measured in
    (engine/data/lexicon.yaml, specimens)."""
    named = [body[a.start:a.end] for a in found if a.category == SPECIMEN or (
        a.category == UNCLASSIFIED and lexicon().is_a_specimen(body[a.start:a.end]))]
    return not named or all(lexicon().measured_in_named(words, leaf.analyte)
                            for words in named for island in islands for leaf in leaves(island.tree)
                            if leaf.analyte)


def _states_placed(body: str, found: list[Account], islands: list[Island]) -> list[Account]:
    """A state the value is taken in ("at rest", "sitting") is harmless only where every
    analyte read is usually measured in it (a blood pressure sitting); beside any other
    ("LVEF at rest") it is a conjunct, which must hold as well."""
    analytes = {leaf.analyte for island in islands for leaf in leaves(island.tree)}
    return [Account(a.start, a.end, MANUAL, "conjunct")
            if a.category == STATE and not lexicon().usual_state_of(body[a.start:a.end], analytes) else a
            for a in found]


REASON = "reason"


def _reason_read(body: str, found: list[Account], islands: list[Island]) -> list[Account]:
    """Why the limit is set ("... in order to tolerate the procedure"), one harmless part: a
    part led by a reason of the lexicon after the last reading, running to the line's end,
    whose other words no entry places (no cue), with no threshold or analyte name in it."""
    if not found or found[0].category != REASON or found[0].start < islands[-1].end:
        return found
    start, end = found[0].start, found[-1].end
    if body[end:].strip(" .;,") or any(a.category not in UNREAD and a.role != QUALIFIER for a in found) \
            or ANCHOR.search(body, start, end) or names_analyte(body[start:end]):
        return found
    return [Account(start, end, QUALIFIER, REASON)]


def _age_group_read(body: str, found: list[Account], islands: list[Island]) -> list[Account]:
    """A population word naming an age group is harmless only where the ages read keep to
    the group; otherwise it is a condition for a person (joined so it can only hurt)."""
    low, high = _ages_read(islands)
    return [Account(a.start, a.end, MANUAL, "condition")
            if a.role == QUALIFIER and a.category == "population"
            and not lexicon().ages_keep_to_groups(body[a.start:a.end], low, high) else a for a in found]


def _ages_read(islands: list[Island]) -> tuple[Optional[float], Optional[float]]:
    """The lowest and highest age (years) the readings allow, None where they set none."""
    low = high = None
    for island in islands:
        for leaf in leaves(island.tree):
            if leaf.analyte != "age" or leaf.unit not in YEARS_IN:
                continue
            scale = YEARS_IN[leaf.unit]
            if leaf.kind == "between":
                low, high = leaf.low * scale, leaf.high * scale
            elif leaf.kind == "compare" and leaf.op in (">", ">="):
                low = leaf.value * scale
            elif leaf.kind == "compare" and leaf.op in ("<", "<="):
                high = leaf.value * scale
    return low, high


def _formula_read(body: str, found: list[Account], islands: list[Island]) -> list[Account]:
    """A GFR "calculated by Cockcroft-Gault" is a creatinine clearance, not the eGFR read
    (the grammar reads it so beside the threshold; the island reader cannot): the formula
    is then no harmless method but a part for a person."""
    if not any(leaf.analyte == "egfr" for island in islands for leaf in leaves(island.tree)):
        return found
    return [Account(a.start, a.end, MANUAL, UNCLASSIFIED)
            if a.role == QUALIFIER and _FORMULA.search(body, a.start, a.end) else a for a in found]


# Where a part of a line may begin or end: a semicolon, a comma, a full stop before a blank,
# an "or" ("myocardial infarction in the last 6 months or stroke within 3 months").
_PART_MARK = gated(r"[;,]|\.(?=\s|$)|\b(?:and/)?or\b", re.I)
# At most this many parts before one with a span of time are tried as the list it ends.
_PARTS_IN_A_LIST = 6


def _timed_statements(body: str) -> list[Island]:
    """Parts of the line that are conditions or treatments put in time ("..., myocardial
    infarction within the past 6 months; ..."), each read whole (statements.presence):
    for each part with a unit of time, the longest run of parts ending with it that reads."""
    from .statements import TIME_UNIT, in_time, presence
    separators = list(_PART_MARK.finditer(body))  # searched once for both ends of each part
    marks = [0, *(m.end() for m in separators)]
    ends = [m.start() for m in separators] + [len(body)]
    found: list[Island] = []
    taken = 0
    for last, end in enumerate(ends):
        # A part is tried only where a unit of time stands in it and ends it as a span.
        if not TIME_UNIT.search(body, marks[last], end) or in_time(body[marks[last]:end])[1] is None:
            continue
        for first in range(max(0, last - _PARTS_IN_A_LIST), last + 1):
            start = marks[first]
            if start < taken:
                continue
            tree = presence(body[start:end], timed_only=True)
            if tree is not None:
                start = _skip_blank(body, start)
                found.append(Island(start, len(body[:end].rstrip()), tree, []))
                taken = end
                break
    return found


def _spans_of(body: str) -> list[tuple[int, int]]:
    """The line from its first to its last character, as one left-over span (if any)."""
    start, end = _skip_blank(body, 0), len(body.rstrip())
    return [(start, end)] if end > start else []


def _outside(body: str, spans: list[tuple[int, int]], islands: list[Island]) -> list[tuple[int, int]]:
    """The left-over spans with the islands cut out of them (blank pieces dropped)."""
    out = []
    for start, end in spans:
        for island in sorted(islands):
            if start < island.end and island.start < end:
                if body[start:island.start].strip():
                    out.append((start, island.start))
                start = max(start, island.end)
        if body[start:end].strip():
            out.append((start, end))
    return out


# Words between a name and its comparator that say nothing of the value: "INR known to be
# greater than 1.5", "a GFR which is < 30", "Hemoglobin must be ≥ 9".
_BRIDGE = re.compile(r"(?<=\w)\s+(?P<bridge>(?:(?:is|are)\s+)?known\s+to\s+be|(?:must|should|needs?\s+to|has\s+to)\s+be"
                     r"|which\s+(?:is|are|must\s+be)|that\s+(?:is|are)|is|are)"
                     r"(?=\s+(?:[<>≤≥]|(?:greater|more|less|fewer|higher|lower)\s+than|at\s+(?:least|most)\b"
                     r"|up\s+to\b|above\b|below\b|not\s+(?:more|less|greater|exceeding|in\s+excess)|no\s+(?:more|less|greater)"
                     r"|in\s+excess\b|exceeding\b|between\b|within\s+(?:the\s+)?(?:normal|institutional)))", re.I)


# "of" between a blood pressure's name and its pair ("a resting blood pressure of > 140/90"):
# the pair is read only right after its name (engine/transform.py), as any other threshold
# is read after "of" already.
_PAIR_BRIDGE = re.compile(r"(?:(?<=\bBP)|(?<=blood pressure))\s+(?P<bridge>of)(?=\s+(?:[<>≤≥]|(?:greater|more|less|higher"
                          r"|lower)\s+than\b|at\s+(?:least|most)\b|above\b|below\b|over\b|under\b)\s*\d+\s*/\s*\d)", re.I)


def _cut_short(body: str, end: int) -> bool:
    """A reading that stops right before a slash read its unit cut short ("< 60 ml/min" of
    "< 60 ml/min/1,73 m*m"): per body surface or not is the threshold's meaning. One that
    stops in a number ("5.2" of "under 5.2.3", a section number's) read no number at all."""
    return body[end:end + 1] == "/" or (body[end - 1:end].isdigit() and _NUMBER_GOES_ON.match(body, end) is not None)


_NUMBER_GOES_ON = re.compile(r"\.\d")


def _bridged(body: str) -> tuple[str, list[Account]]:
    """The line with its bridge words blanked (columns kept), and their accounts."""
    found = [Account(m.start("bridge"), m.end("bridge"), QUALIFIER, "filler")
             for pattern in (_BRIDGE, _PAIR_BRIDGE) for m in pattern.finditer(body)]
    return _blanked(body, found), found


# A window set off from the threshold before it by a comma or a semicolon ("Hb ≥ 9 g/dL;
# obtained within 14 days prior to registration"): the grammar reads it as the reading's
# recency window once the mark is blanked, as it reads one written without it.
_WINDOW_AFTER_MARK = re.compile(r"[,;](?=\s*(?:(?:obtained|performed|done|measured|drawn|collected|assessed)\s+)?"
                                r"(?:within|in\s+the\s+(?:last|past|previous|preceding))\s+(?:the\s+)?\d+\s*"
                                r"(?:days?|weeks?|months?)(?![\w-])(?P<after>[^;,()]*))", re.I)


def _window_joined(body: str) -> str:
    """The body with the mark before such a window blanked (columns kept), where the window
    counts back from the screening date (engine/read/lexicon.py, counts_from_screening):
    "..., within 2 weeks of transfusion" is another window, and keeps its mark."""
    from .lexicon import counts_from_screening
    for mark in reversed(list(_WINDOW_AFTER_MARK.finditer(body))):
        after = mark.group("after").strip(" .")
        if ANCHOR.search(body, 0, mark.start()) and (not after or counts_from_screening(after)):
            body = body[:mark.start()] + " " + body[mark.start() + 1:]
    return body


def _remembered(compile_part: Compile) -> Compile:
    """compile_part, each part compiled once: _find comes back to a part it has tried (one
    in twelve of its tries on the Chia lines), and parsing is the costliest step of a try.
    What a part raised is raised again."""
    outcomes: dict[str, tuple] = {}

    def compile_remembered(part: str):
        if part not in outcomes:
            try:
                outcomes[part] = (compile_part(part), None)
            except CriterionError as exc:
                outcomes[part] = (None, exc)
        compiled, error = outcomes[part]
        if error is not None:
            raise error
        return compiled
    return compile_remembered


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


def _find(body: str, compile_part: Compile) -> Optional[tuple[list[Island], list[tuple[int, int]], str, list[Account]]]:
    """The islands read, left to right, the spans left between them, and the body with the
    harmless words between a name and its threshold blanked, with their accounts; None
    where a part fails on a unit or a value (a misreading is likelier than an island)."""
    islands: list[Island] = []
    left: list[tuple[int, int]] = []
    qualifiers: list[Account] = []
    # Where the part being read ends: the line's end, or where a later clause begins that
    # is read once the part before it is (each still to be read, the last the nearest).
    ends = [len(body.rstrip())]
    pos = _skip_blank(body, 0)
    limit = ends[-1]
    for _ in range(_MAX_ATTEMPTS):
        if pos >= ends[-1] and len(ends) > 1:
            ends.pop()  # the part before a clause is read: on to the clause
            limit = ends[-1]
        end = ends[-1]
        if pos >= end:
            break
        if not ANCHOR.search(body, pos, limit):
            if limit == end:
                left.append((pos, end))
                pos = end
                continue
            left.append((pos, limit))  # the part that stopped the grammar holds no threshold
            pos, limit = _skip_blank(body, limit), end
            continue
        try:
            tree, problems = compile_part(_only(body, pos, limit))
        except WordAfterScoreError as exc:
            word = _last_word_at(body, exc.word, pos, limit)
            if word is None:
                return None
            limit = word  # "NYHA class IV | heart failure": the score is read without the word
            continue
        except UnknownAnalyteError as exc:
            name_start, name_end = _name_span(body, exc, pos)
            if name_start > pos and ANCHOR.search(body, pos, name_start):
                limit = name_start  # "Bilirubin ≤ 1.5 x ULN, provided the direct ...": read before it
                continue
            between = _qualifier_after_name(body, name_start, name_end, limit)
            if between:  # "LVEF by echocardiogram ≥ 50%": the name is read without them
                body, qualifiers = _blanked(body, between), qualifiers + between
                continue
            known = _known_suffix(body, name_start, name_end)
            cut = known if known is not None else name_end
            left.append((pos, cut))
            pos, limit = _skip_blank(body, cut), end
            continue
        except CriterionSyntaxError as exc:
            column = exc.column if exc.column is not None else limit
            restart = _clause_start(body, pos, column) if _at_threshold(body, column) else \
                _open_parenthesis(body, pos, column)
            if restart is None and _at_threshold(body, column):
                # "No diabetes with fasting glucose ≥ 200": read from the name the threshold has
                restart = _known_suffix(body, pos, column)
            named = _name_before_parenthesis(body, pos, column)
            if named is not None:  # "Total cholesterol (> 350 mg/dL)": read as without the parenthesis
                restart, marks = named
                body, qualifiers = _blanked(body, marks), qualifiers + marks
                if restart == pos:
                    continue
            if restart is not None and ANCHOR.search(body, pos, restart):
                # "Glucose > 7 mmol/L, HbA1c > 48 mmol/mol 3 ...": a threshold of its own
                # before the clause the grammar stopped in is read first, then the clause
                ends.append(restart)
                limit = restart
                continue
            if restart is not None:  # "Label (platelets > ...": the threshold's clause starts later
                left.append((pos, restart))
                pos, limit = _skip_blank(body, restart), end
                continue
            between = _qualifier_before_threshold(body, column, limit) if pos < column < limit else None
            if between:  # "Hemoglobin at screening ≥ 9 g/dL": read without them
                body, qualifiers = _blanked(body, between), qualifiers + between
                continue
            if pos < column < limit:
                # read up to where the grammar stopped, or to the sex right before the name it
                # stopped at ("(males | Hb < 13 g/dL, females < 12 g/dL)": one threshold per sex)
                sex = _SEX_BEFORE.search(body, pos, column)
                limit = sex.start() if sex and sex.start() > pos else column
                continue
            cut = (_last_clause_end(body, pos, limit) or _last_word_start(body, pos, limit, end)) \
                if column >= limit else None
            if cut is not None:  # it wanted more at the end: "..., at time of consent", "... in men"
                limit = cut
                continue
            word = _WORD.match(body, pos)
            cut = _next_start(body, word.end() if word else limit, limit)
            left.append((pos, cut))
            pos, limit = _skip_blank(body, cut), end
            continue
        except ResolveError as exc:
            # "Bilirubin < 2 x ULN, AST < 3 x ULN, Hb > 8.0": an item of the list whose value
            # cannot be read (here no unit the value tells) is read around; the item itself,
            # another analyte's, is left for a person (joins.listed_apart places it)
            mark = _list_mark_before(body, pos, exc.column)
            if mark is not None:  # the items before it are read first
                ends.append(mark)
                limit = mark
                continue
            item = _failed_item(body, pos, exc.column, limit)
            if item is None:
                return None  # a misreading is likelier than an island
            left.append((pos, item[0]))
            pos, limit = _skip_blank(body, item[1]), end
            continue
        except CriterionError:
            return None
        if _is_threshold(tree) and _names_its_analytes(body[pos:limit], tree, body[:pos]):
            joiner = LEADING_JOINER.match(body, pos, limit)
            if joiner:  # "Renal disease or creatinine > 2": the "or" joins what is before
                left.append((pos, joiner.end()))
            trailing = _TRAILING_JOINER.search(body, pos, limit)
            stop = trailing.start() if trailing and trailing.start() > pos else limit
            islands.append(Island(joiner.end() if joiner else pos, stop, tree, problems))
            if stop < limit:  # "ECOG 0-1 and life expectancy ...": the "and" joins what is after
                left.append((stop, limit))
        else:
            left.append((pos, limit))
        pos, limit = _skip_blank(body, limit), end
    if pos < ends[0]:
        left.append((pos, ends[0]))
    return islands, _adjacent_joined(body, [(s, e) for s, e in left if body[s:e].strip()]), body, qualifiers


# A comma or semicolon between items of a list, outside parentheses and brackets; a comma
# between thousands ("1,500/µL") is part of a number.
_LIST_MARK = re.compile(r";|(?<!\d),|,(?!\d{3}(?!\d))")


def _list_mark_before(body: str, pos: int, column: Optional[int]) -> Optional[int]:
    """Just after the last list mark between pos and the column of an item that failed,
    outside parentheses, with a threshold before it: where that item begins. None if none."""
    if column is None:
        return None
    marks = [m.end() for m in _LIST_MARK.finditer(body, pos, column)
             if _outside_parentheses(body, pos, m.start()) and ANCHOR.search(body, pos, m.start())]
    return marks[-1] if marks else None


def _failed_item(body: str, pos: int, column: Optional[int], limit: int) -> Optional[tuple[int, int]]:
    """Where the item from pos, which holds the column that failed, ends (the next list mark
    outside parentheses, or limit), and where the next item begins. None unless the item
    begins with the name of an analyte, before its threshold: an item of its own, which a
    person reads alone."""
    if column is None or not pos <= column < limit:
        return None
    anchor = ANCHOR.search(body, pos, limit)
    if anchor is None or not names_analyte(body[pos:anchor.start()]):
        return None
    mark = next((m for m in _LIST_MARK.finditer(body, column, limit) if _outside_parentheses(body, pos, m.start())),
                None)
    return (mark.start(), mark.end()) if mark else (limit, limit)


def _outside_parentheses(body: str, start: int, at: int) -> bool:
    """Every parenthesis and bracket opened between start and at is closed before at."""
    depth = 0
    for char in body[start:at]:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
    return depth == 0


# A sex word right before a name: where one threshold per sex begins ("males Hb < 13 g/dL").
_SEX_BEFORE = re.compile(r"\b(?:(?:fe)?males?|(?:wo)?men)\s+$", re.I)


# Harmless words that may stand between a name and its threshold: how and when the value
# is taken, and whose limits ("LVEF by echocardiogram ≥ 50%", "Hemoglobin at screening ≥ 9").
_BETWEEN_NAME_AND_THRESHOLD = frozenset({"method", "timing", "source", SPECIMEN, STATE})
# Such words are a few ("as measured by transthoracic echocardiogram"): a longer run is
# prose, and is not looked up word by word.
_QUALIFIER_LENGTH = 60
# Where a threshold begins after a name: its comparator, or the "of" before it.
_THRESHOLD_START = re.compile(r"(?:\bof\s+)?(?:[<>≤≥=]|\b(?:(?:greater|more|less|lower|higher|fewer|older|younger)"
                              r"\s+than|at\s+(?:least|most)|up\s+to|(?:no|not)\s+(?:more|less|greater|fewer|lower|higher)"
                              r"|not\s+exceeding|exceeding|in\s+excess|above|below|between|over|under|within)\b)", re.I)


def _qualifier_before_threshold(body: str, start: int, limit: int) -> Optional[list[Account]]:
    """The accounts of the words from start to the next threshold, when all are such
    harmless words (a formula is not: it may name another analyte); else None."""
    anchor = _THRESHOLD_START.search(body, start, min(limit, start + _QUALIFIER_LENGTH))
    if anchor is None or not body[start:anchor.start()].strip():
        return None
    found = lexicon().account(body, start, anchor.start())
    if found and all(a.role == QUALIFIER and a.category in _BETWEEN_NAME_AND_THRESHOLD
                     and not _FORMULA.search(body, a.start, a.end) for a in found):
        return found
    return None


def _qualifier_after_name(body: str, start: int, end: int, limit: int) -> Optional[list[Account]]:
    """_qualifier_before_threshold after the longest known name the unknown one begins with
    ("LVEF | by echocardiogram")."""
    words = list(_WORD.finditer(body, start, end))
    for last in range(len(words) - 1, 0, -1):
        if _known_name(body[start:words[last - 1].end()]):
            return _qualifier_before_threshold(body, words[last].start(), limit)
    return None


def _blanked(body: str, spans: list) -> str:
    """The body with the spans' characters blanked (columns kept): accounts or islands."""
    for span in spans:
        body = body[:span.start] + " " * (span.end - span.start) + body[span.end:]
    return body


_TRAILING_JOINER = re.compile(r"[\s,]*\b(?:and/or|and|or)\s*$", re.I)


def _next_start(body: str, pos: int, limit: int) -> int:
    """Where the next island may begin, from pos: the first word that starts an analyte's
    name before the next threshold, else that threshold itself (an age may stand alone).
    A few lookups in the name table instead of a parse at every word of the prose."""
    anchor = ANCHOR.search(body, pos, limit)
    stop = anchor.start() if anchor else limit
    for word in _WORD.finditer(body, pos, stop):
        if _starts_name(body, word.start(), stop):
            return word.start()
    return max(stop, pos)


def _starts_name(body: str, start: int, stop: int) -> bool:
    """An analyte's name begins at start, or the name of a blood pressure's value pair right
    before its threshold ("Resting | BP > 140/90 mmHg": no analyte's name alone)."""
    words = body[start:stop].split(maxsplit=4)[:4]
    named = any(_known_name(" ".join(words[:n])) for n in range(1, len(words) + 1)) or \
        _NAMES_BLOOD_PRESSURE.match(body, start) is not None
    # The change before is searched for from the line's start: only where a name begins.
    return named and not _CHANGE_BEFORE.search(body, 0, start)


# A change of a value ("Decrease in hemoglobin ≥ 2 g/dL", "a rise of creatinine > 0.3 mg/dL")
# is no threshold on the value itself: the name after these words begins no island.
_CHANGE_BEFORE = re.compile(r"\b(?:de|in)creas(?:e|es|ed|ing)\s+(?:in|of)\s+$|\b(?:drops?|rises?|falls?|reductions?|"
                            r"declines?|changes?|variations?|fluctuations?)\s+(?:in|of)\s+(?:the\s+)?$", re.I)


def _known_name(name: str) -> bool:
    """The words are an analyte's name, or a group's that stands for several ("serum
    transaminases": AST and ALT, engine/data/analytes.yaml)."""
    from ..analytes import catalogue
    return catalogue().is_known_name(name)


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


def _at_threshold(body: str, column: int) -> bool:
    """The grammar stopped at a comparator or a number: a threshold it could not reach."""
    return column < len(body) and (body[column].isdigit() or bool(ANCHOR.match(body, column)))


# A comma between thousands ("1,500/µL") is part of a number, never where a clause ends: a
# threshold cut there reads 1 for 1,500.
_CLAUSE_MARK = re.compile(r"[(\[:;]|(?<!\d),|,(?!\d{3}(?!\d))")


def _clause_start(body: str, pos: int, column: int) -> Optional[int]:
    """Just after the last "(", "[", ":", ";" or "," between pos and a threshold the
    grammar could not reach: where that threshold's own clause begins. None if none."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(body, pos, column)]
    return marks[-1] if marks and marks[-1] < column else None


# At most this many words before a parenthesis are looked up as the name it follows.
_NAME_WORDS = 6


def _name_before_parenthesis(body: str, pos: int, column: int) -> Optional[tuple[int, list[Account]]]:
    """Where an analyte's name begins that stands right before the parenthesis a threshold
    opens ("Elevated total cholesterol (> 350 mg/dL)": the grammar reads a threshold in
    parentheses after a clinical label, never after a name), and the accounts of that
    parenthesis and the one closing it: the line says what it would say without them.
    None unless the parenthesis opens with a comparator (never a number alone: "(3 x ULN)"
    is no threshold without one) and the longest run of words before it is a known name."""
    mark = len(body[:column].rstrip()) - 1
    if mark < pos or body[mark] != "(" or not _OPENS_WITH_COMPARATOR.match(body, column):
        return None
    words = list(_WORD.finditer(body, pos, mark))[-_NAME_WORDS:]
    start = next((w.start() for w in words if _known_name(body[w.start():mark].strip())), None)
    if start is None:
        return None
    marks = [Account(mark, mark + 1, QUALIFIER, "filler")]
    closing = _closing_parenthesis(body, mark + 1)
    if closing is not None:
        marks.append(Account(closing, closing + 1, QUALIFIER, "filler"))
    return start, marks


_OPENS_WITH_COMPARATOR = re.compile(r"[<>≤≥]|(?:greater|more|less|lower|higher)\s+than\b|at\s+(?:least|most)\b"
                                    r"|(?:above|below|over|under|up\s+to)\b", re.I)


def _closing_parenthesis(body: str, start: int) -> Optional[int]:
    """Where the parenthesis open just before start closes, or None if it does not."""
    depth = 0
    for at in range(start, len(body)):
        if body[at] == "(":
            depth += 1
        elif body[at] == ")":
            if depth == 0:
                return at
            depth -= 1
    return None


def _open_parenthesis(body: str, pos: int, column: int) -> Optional[int]:
    """Just after the parenthesis still open where the grammar stopped at another one
    ("Poor kidney function (estimated glomerular filtration rate (eGFR) < 30"): a name's
    own abbreviation inside a clause in parentheses, which begins there; just after a
    bracket the grammar stopped at, where no threshold stands before it ("Severe
    hypotension [SBP < 90 mmHg ...]": a clause in brackets begins there, as one in
    parentheses would). None if neither."""
    if body.startswith("[", column):
        return None if ANCHOR.search(body, pos, column) else column + 1
    if not body.startswith("(", column):
        return None
    opened: list[int] = []
    for at in range(pos, column):
        if body[at] == "(":
            opened.append(at + 1)
        elif body[at] == ")" and opened:
            opened.pop()
    return opened[-1] if opened else None


def _last_clause_end(body: str, pos: int, limit: int) -> Optional[int]:
    """Where the last clause before limit that holds a threshold ends (at a ",", ";", ":",
    "(" or, failing those, an "or"/"and" that the grammar took to join another threshold:
    "ABPI < 0.9 or evidence on duplex"), or None."""
    marks = [m.start() for m in _CLAUSE_MARK.finditer(body, pos, limit) if ANCHOR.search(body, pos, m.start())]
    if marks:
        return marks[-1]
    # Only a joiner with no threshold after it: "A and B or C" stays a question of precedence.
    joiners = [m.start() for m in JOINER_WORD.finditer(body, pos, limit)
               if ANCHOR.search(body, pos, m.start()) and not ANCHOR.search(body, m.end(), limit)]
    return joiners[-1] if joiners else None


# An age is named by the word, or by whom it is about just before: "Patients over 18 years",
# "Children (<18 years old)"; never by a person named further back ("Patients with recent
# (less than 3 years) use of ...": a duration, the hand audit found read as an age).
_PERSON_BEFORE = re.compile(r"\b(?:aged?|patients?|subjects?|participants?|persons?|men|women|males?|"
                            r"females?|adults?|children|volunteers?)\W*$", re.I)
_AGE_WORDS = re.compile(r"\b(?:age[ds]?|old|older|younger|patients?|subjects?|participants?|persons?|"
                        r"men|women|males?|females?|adults?|children|volunteers?)\b", re.I)


def _names_its_analytes(text: str, tree: Node, before: str = "") -> bool:
    """Each threshold of an island names what it measures in the island's own words (an
    age: or whom it is about, just before it): a bare "at least 5 years" in prose is a
    duration ("disease-free for >= 5 years"), not an age, though a line of its own would
    mean one."""
    lowered = " ".join(text.lower().split())  # a name read across blanked words has one space
    for leaf in leaves(tree):
        if leaf.analyte == "age":
            if not _AGE_WORDS.search(text) and not _PERSON_BEFORE.search(before[-40:]):
                return False
        elif leaf.analyte in _PRESSURE_PAIR and _NAMES_BLOOD_PRESSURE.search(text):
            continue  # "BP > 160/100 mmHg": the pair's two readings, named by it
        elif not leaf.name or (leaf.name.lower() not in lowered and not lexicon().labels_analyte(text, leaf.analyte)
                               and not _group_names(text, leaf.analyte)):
            return False  # "Leukocytosis (> 12,000/mm3)": named by its label
    return True


# A value pair ("160/100 mmHg") is read as systolic and diastolic blood pressure, named so
# whatever the line called it: the island names them where "BP" or "blood pressure" stands
# right before the threshold (a bare pair is read as blood pressure too, and names nothing;
# a word between, "BP persistently > 160/100", may say what one reading cannot show).
_PRESSURE_PAIR = frozenset({"systolic blood pressure", "diastolic blood pressure"})
_NAMES_BLOOD_PRESSURE = re.compile(r"\b(?:BP|blood\s+pressure)\s*:?\s*" + _THRESHOLD_START.pattern, re.I)


def _group_names(text: str, analyte: str) -> bool:
    """A group name in the text stands for the analyte: "serum transaminases > 3 x ULN" is
    read as AST and ALT, each named by the group (engine/data/analytes.yaml, groups)."""
    from ..analytes import catalogue, name_key
    words = f" {name_key(text)} "
    return any(analyte in members and f" {group} " in words for group, members in catalogue().groups.items())


def _last_word_start(body: str, pos: int, limit: int, end: int) -> Optional[int]:
    """Where the words after the last threshold before limit begin ("... ≥ 13 g/dL | in
    men"), when a threshold stands there and none in what would be cut off: the grammar is
    tried again without them. Never into a threshold: "A and B or C" stays unread. The
    threshold is its comparator, the number after it and, where the next word has a slash,
    a percent sign or a digit, its unit."""
    anchors = list(ANCHOR.finditer(body, pos, limit))
    if not anchors:
        return None
    words = list(_WORD.finditer(body, anchors[-1].end(), limit))
    taken = 1 if words and not words[0].group()[:1].isdigit() else 0  # the comparator's last word
    taken += 1  # the number
    if len(words) > taken and _UNIT_LIKE.search(words[taken].group()):
        taken += 1
    if len(words) <= taken:
        return None
    cut = words[taken].start()
    return cut if not ANCHOR.search(body, cut, end) else None


_UNIT_LIKE = re.compile(r"[/%\d]|^(?:years?|yrs?|months?|weeks?|days?|ms|mmhg|kg|cm|bpm)$", re.I)


def _is_threshold(tree: Node) -> bool:
    """An island is a threshold: statements of conditions and treatments are the business
    of the whole-line reading, which sees all their words."""
    return any(True for _ in leaves(tree)) or tree.kind == "since"


def _last_word_at(body: str, word: str, pos: int, limit: int) -> Optional[int]:
    """Where the last whole occurrence of word between pos and limit begins, if after a
    digit and blanks (the value it follows) and past pos; else None."""
    found = None
    for match in re.finditer(rf"(?<=\d)\s+{re.escape(word)}(?![\w-])", body[:limit]):
        if match.start() >= pos:
            found = match.end() - len(word)
    return found if found is not None and found > pos else None


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
    starts = _occurrences(body, words[0], floor)
    if not starts:
        return floor, floor
    start = min(starts, key=lambda at: abs(at - column))
    pos = start
    for word in words:
        found = body.find(word, pos)
        if found < 0:
            break
        pos = found + len(word)
    return start, pos


def _occurrences(body: str, word: str, floor: int) -> list[int]:
    """Where word stands in body from floor on, each occurrence after the last one's end
    (as a search for the word would find them, without compiling a pattern per word)."""
    found = []
    at = body.find(word, floor)
    while at >= 0:
        found.append(at)
        at = body.find(word, at + len(word))
    return found


def _known_suffix(body: str, start: int, end: int) -> Optional[int]:
    """Where the longest run of the name's last words that is a known analyte begins
    ("... as shown by an absolute neutrophil count of" -> "absolute ..."), or None."""
    from ..analytes import FILLER
    words = list(_WORD.finditer(body, start, end))
    while words and words[-1].group().lower() in ("of", "is", "be", "must", "should", "level", "levels"):
        words.pop()  # "count of at least": the name ends before its bridge to the comparator
    for first in range(1, len(words)):
        name = body[words[first].start():words[-1].end()]
        if not _known_name(name):  # asked first: the answers are kept, the cue is looked for anew
            continue
        if words[first].group().lower() in FILLER and _is_cue(body, words[first]):
            continue  # "... purpura with platelet counts": "with" joins the two, it names nothing
        if not _CHANGE_BEFORE.search(body, 0, words[first].start()):
            return words[first].start()
    return None


def _is_cue(body: str, word: re.Match) -> bool:
    """The word is a cue of the lexicon (a joiner, a condition, a negation ...). Asked only
    of the name table's filler words ("with"), which it would read into the name."""
    found = lexicon().account(body, word.start(), word.end())
    return bool(found) and found[0].role == MANUAL and found[0].category not in UNREAD


