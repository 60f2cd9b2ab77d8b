"""Placing what the island reader left over: how each part joins what was read.

A part left for a person is joined to the reading by its cue (engine/read/lexicon.py):
an alternative is an "or"; a conjunct or a condition an "and" (a condition may name a
population that must also hold); an exception can only help the patient; a part with no
cue can only hurt. Some parts cannot be placed at all (a negation, a past value, a number
counted from something else, a threshold or an analyte name the reader could not place,
unless in a part that cannot change the only reading, an unknown word written against a
name read, words between two readings): then the line is left to a person whole. A
clinical label that the threshold after it defines is harmless.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..analytes import catalogue
from ..nodes import LEAF_KINDS, AllOf, AnyOf, Node, joined, leaves, manual
from ..scan_patterns import gated
from .normalise import unsure_sign
from .lexicon import EXCLUDING_LABEL, LABEL, MANUAL, QUALIFIER, READING, UNCLASSIFIED, UNPLACEABLE, UNREAD, Account, lexicon

# What a threshold cannot be written without: a comparator (a sign, its words, or one after
# the number), a limit of normal, or a range of numbers ("6 months to 5 years": its first
# end may say its unit). A part without one holds no island, and most lines of prose are
# passed over by this one search (gated: asked of a line and its parts many times).
ANCHOR = gated(r"[<>≤≥]|=\s*\d|\d\s*(?:[a-zµ%/]+\s+)?(?:-|–|to)\s*\d"
                    r"|\b(?:than|least|most|exceed\w*|above|below|over|under|between|ULN|LLN|ULRR|LLRR"
                    r"|reference\s+(?:range|interval)|normal|wnl|up\s+to"
                    r"|minimum|maximum|or\s+(?:more|less|older|greater|higher|lower|younger)|and\s+(?:older|younger))\b", re.I)
JOINER_WORD = re.compile(r"\b(?:and/or|and|or)\b", re.I)
LEADING_JOINER = re.compile(r"\s*(?:and/or|and|or)\b", re.I)
_JOINER_ONLY = re.compile(r"^[\s,;]*(?P<joiner>and/or|and|or|,|;)?[\s,;]*$", re.I)


class Island(NamedTuple):
    start: int
    end: int
    tree: Node
    problems: list



# Words a label may hold between its own ("prediabetes or T2D", "coagulopathy with an").
_LABEL_JOINERS = frozenset({"or", "and", "and/or", "/", "with"})


def as_label(body: str, found: list[Account], islands: list[Island], section: str) -> list[Account]:
    """A clinical label that the threshold right after it defines: "Severe anemia (Hb <
    10 g/dL)", "Non-obese: defined as BMI < 28 kg/m2", "Patients with coagulopathy with an
    elevated INR ≥ 1.5". The part is one qualifier when it stands just before an island
    (an opening parenthesis or bracket, or a colon, at most between) and holds a word of the lexicon's
    label list, other harmless words and joiners alone: a population ("renal transplant
    patients"), a cue or any word the lexicon does not know keeps the part unread. Words
    of a diagnosis that needs more than the value are a label in an exclusion only."""
    if not found:
        return found
    labels = (LABEL, EXCLUDING_LABEL) if section == "exclusion" else (LABEL,)
    start, end = found[0].start, found[-1].end
    follows = next((i for i in islands if i.start >= end), None)
    if follows is None or body[end:follows.start].strip(" ([:") or _an_age(follows.tree):
        return found
    if _symptoms_scored(body, found, follows):
        return [Account(start, end, QUALIFIER, LABEL)]
    if section != "exclusion" and _a_class(follows):
        return found  # "Heart failure NYHA class II-III": the class grades it, and is no diagnosis
    named = any(a.category in labels for a in found)
    plain = all(a.role == QUALIFIER or a.category in labels or body[a.start:a.end].lower() in _LABEL_JOINERS
                for a in found)
    if not (named and plain) or ANCHOR.search(body, start, end) or not _defines(body, found[-1]) \
            or _a_list_of_labels(body, found, labels, section) or not _defined_by_it(body, found, follows, labels):
        return found
    return [Account(start, end, QUALIFIER, LABEL)]


def _a_class(island: Island) -> bool:
    """Is the threshold a class on a scale of classes (NYHA, Killip, ASA: analytes.yaml,
    classes)? A class grades a condition and defines none: in an inclusion the condition
    before it must hold as well; in an exclusion the class may exclude alone (a wider
    exclusion, never a wrong pass)."""
    return any(catalogue()[leaf.analyte].classes for leaf in leaves(island.tree) if leaf.analyte in catalogue().by_id)


def _defined_by_it(body: str, found: list[Account], follows: Island, labels: tuple) -> bool:
    """A label the lexicon knows to be defined by other measurements, or on the other side
    of normal (label_analytes, and its diagnoses), is not defined by this threshold:
    "Hepatic failure defined as coagulopathy with elevated ALT > 3 x ULN" (a coagulopathy
    is an INR or a PT, not an ALT), "Anaemia (platelets < 100,000)", "Renal impairment
    (creatinine < 1.5 mg/dL)", "Type 2 diabetes with BMI ≥ 27 kg/m2". The label the
    threshold defines is the last one of a list ("Heart failure or thrombocytopenia
    (platelets < 50,000/µL)"), with the words before it that say which ("renal or hepatic
    impairment", which creatinine alone does not define). A label the table does not tie
    to any measurement is judged by the words around it, as before."""
    return lexicon().may_define(_last_label(body, found, labels), leaves(follows.tree))


def _last_label(body: str, found: list[Account], labels: tuple) -> str:
    """The words of the last condition a label part names: from the end of the last
    complete label that another follows ("renal disease or | anaemia"), else all of them."""
    pieces, complete = _pieces(body, found, labels)
    starts = [pieces[k + 1].start for k in range(len(pieces) - 1) if complete[k] and any(complete[k + 1:])]
    return body[starts[-1] if starts else found[0].start:found[-1].end]


# What a list of labels may be joined by, by section: the joins under which reading the last
# label's threshold alone could pass a patient the line does not. In an exclusion, an
# alternative ("Renal disease or anaemia (Hb < 10 g/dL)": renal disease excludes alone); in
# an inclusion, a conjunction ("Diabetes with anaemia (Hb < 10 g/dL)": diabetes must hold
# as well). A comma or semicolon may be either.
_LIST_JOINERS = {"exclusion": frozenset({"or", "and/or", "/"}), "inclusion": frozenset({"and", "with"})}
_LIST_BREAK = re.compile(r"[,;]")


def lists_labels(words: str) -> bool:
    """Do the words name two conditions or more, joined in any way that may make a list
    (engine/reread.py, which reads a label before its definition in either section)?"""
    return _a_list_of_labels(words, lexicon().account(words, 0, len(words)), (LABEL, EXCLUDING_LABEL), "")


def _a_list_of_labels(body: str, found: list[Account], labels: tuple, section: str) -> bool:
    """Do the words name two conditions or more, joined so that the threshold after them,
    which defines the last, cannot stand for them all? A label is complete when it ends in
    the condition it names ("renal disease"), not in a word that says which or how much
    ("renal or hepatic impairment", "severe or uncontrolled hypertension": one label). A
    "with" that ties the only condition to its threshold ("coagulopathy with an elevated
    INR") joins no second one."""
    joiners = _LIST_JOINERS.get(section, _LIST_JOINERS["exclusion"] | _LIST_JOINERS["inclusion"])
    pieces, complete = _pieces(body, found, labels)
    for k, piece in enumerate(pieces[:-1]):
        if not complete[k] or not any(complete[k + 1:]):
            continue
        after = pieces[k + 1]
        word = body[after.start:after.end].lower()
        if _LIST_BREAK.search(body, piece.end, after.start) or word in joiners:
            return True
    return False


def _pieces(body: str, found: list[Account], labels: tuple) -> tuple[list[Account], list[bool]]:
    """The accounts split at commas and semicolons, and whether each is a complete label
    (ends in the condition it names)."""
    pieces = [piece for account in found for piece in _split_at_breaks(body, account)]
    return pieces, [a.category in labels and lexicon().completes_label(body[a.start:a.end]) for a in pieces]


def _split_at_breaks(body: str, account: Account) -> list[Account]:
    """An account split at each comma or semicolon inside it (the lexicon takes one label
    across a comma: "Renal disease, anaemia")."""
    pieces, start = [], account.start
    for found in _LIST_BREAK.finditer(body, account.start, account.end):
        if body[start:found.start()].strip():
            pieces.append(account._replace(start=start, end=found.start()))
        start = found.end()
    if body[start:account.end].strip():
        pieces.append(account._replace(start=start, end=account.end))
    return pieces


# "Symptoms of COPD:", "Signs of depression:": a heading naming the symptoms of a condition.
_SYMPTOMS_OF = re.compile(r"(?:(?:clinical\s+)?symptoms?|signs?(?:\s+and\s+symptoms?)?)\s+of\s+[^\d:;,()]{1,40}", re.I)


def _symptoms_scored(body: str, found: list[Account], follows: Island) -> bool:
    """"Symptoms of COPD: a score of 2 or more on the mMRC dyspnoea scale": a heading that
    names the symptoms the score after its colon rates; the score is what the line asks.
    Only a heading closed by a colon, before readings that are all scores (a value in
    units, "Symptoms of heart failure: LVEF < 40%", measures no symptom), and no cue in
    its words ("in patients with", "or")."""
    text = body[found[0].start:found[-1].end]
    if not _SYMPTOMS_OF.fullmatch(text) or ":" not in body[found[-1].end:follows.start]:
        return False
    if any(a.role == MANUAL and a.category not in UNREAD for a in found):
        return False
    return all(leaf.unit == "{score}" for leaf in leaves(follows.tree)) and any(True for _ in leaves(follows.tree))


def _an_age(tree: Node) -> bool:
    """No diagnosis is defined by the patient's age: "Diabetes under 30 years of age" asks
    for diabetes (perhaps begun before 30), never for the age alone."""
    return any(leaf.analyte == "age" for leaf in leaves(tree))


def _defines(body: str, last: Account) -> bool:
    """The label is tied to the threshold as its definition: by "with", a lead-in ("defined
    as"), a parenthesis or colon, or standing right before it ("Severe coagulopathy
    platelets < 20,000"); never by "or"/"and" ("Renal disease and/or creatinine > 2": the
    disease is an alternative, not a name for the threshold)."""
    word = body[last.start:last.end].lower()
    return word == "with" or word not in _LABEL_JOINERS


# The words that deny a label before it: "No diabetes with ...", "Without anemia (...)".
_DENYING = re.compile(r"(?:no|without|absence\s+of|free\s+of)", re.I)


def denied_label(body: str, found: list[Account], islands: list[Island], section: str) -> list[Account]:
    """"No diabetes with fasting glucose ≥ 200 mg/dL", "Without anaemia (Hb < 10 g/dL)": the
    negation of a label that the only threshold of the line defines, written first in an
    inclusion. The accounts (the negation read, the label a qualifier) when it is so, else
    []. The reading is then the threshold's complement (complemented): it can pass a
    patient only where the threshold fails, and then the labelled condition cannot hold.
    Under a denied label, a diagnosis that needs more than the value ("chronic") is read
    as excluding on the value, which is what a label may do (as_label). Never in an
    exclusion: "No ..." there may mean that the absence or the presence excludes."""
    if section != "inclusion" or len(islands) != 1 or len(found) < 2 or found[-1].end > islands[0].start:
        return []
    first = found[0]
    if first.category != "negation" or not _DENYING.fullmatch(body[first.start:first.end]):
        return []
    label = as_label(body, found[1:], islands, "exclusion")
    if len(label) != 1 or label[0].category != LABEL or label[0].role != QUALIFIER:
        return []
    return [Account(first.start, first.end, READING, "negation"), label[0]]


_COMPLEMENT = {">=": "<", ">": "<=", "<=": ">", "<": ">="}


def complemented(tree: Node):
    """The tree that holds exactly where the given one fails, for comparisons joined by
    all/any (De Morgan); None for any other shape (a range, a condition, a part unread),
    and for a comparison in a window: "no haemoglobin < 10 within 14 days" denies every
    value of the window, not only the latest one that a windowed reading compares."""
    if tree.kind == "compare" and tree.op in _COMPLEMENT and tree.within_days is None:
        return tree.model_copy(update={"op": _COMPLEMENT[tree.op]})
    if tree.kind in ("all", "any"):
        children = [complemented(child) for child in tree.children]
        if any(child is None for child in children):
            return None
        return joined(AnyOf if tree.kind == "all" else AllOf, children, tree.span)
    return None


def between_islands(start: int, end: int, islands: list[Island]) -> bool:
    return any(i.end <= start for i in islands) and any(i.start >= end for i in islands)


def placeable(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """Whether a part left for a person can be joined to what was read without changing
    what that reading means. Not when it negates or re-bases it ("no ...", "5 years or
    more from diagnosis"), holds an analyte name the reader could not place ("Creatinine
    < 140 systolic"), holds a threshold the reader could not place beside a cue that may
    let it loosen the reading ("Hb ≥ 9, but ≥ 10 if transfused": an exception; "or":
    an alternative) or standing against the reading with no break ("BMI >28 <18",
    "(< 2.9 mmol/L)": the line says something the reader did not follow), or is an
    unknown word written against the name read ("post-bronchodilator FEV1": another
    measurement; a closing parenthesis is no break: "contact(s) under 12 months of age").
    A threshold in a clause of its own joined so that it can only hurt the patient
    ("Hb ≥ 9 g/dL, and life expectancy > 3 months") is left for a person:
    whatever it says, the reading can prove ineligibility only. So are parts that name an
    analyte but cannot change the reading: another analyte's threshold offered
    instead of it by "or" (stands_instead), a requirement of its own after "and"
    (required_as_well), and an item of the line's list with no cue (listed_apart)."""
    if any(a.category in UNPLACEABLE for a in parts) or _scopes_the_line(body, parts, islands) \
            or _scopes_a_reading(body, parts, islands):
        return False
    if stands_instead(body, parts, islands) or required_as_well(body, parts, islands) \
            or listed_apart(body, parts, islands):
        return True
    if {"exception", "condition"} <= {a.category for a in parts}:
        # "All patients within adult ICUs are included, including patients 12-17 years":
        # who is let in and who the line is for, in one part: neither join is safe.
        return False
    loosening = any(a.category in _LOOSENING for a in parts)
    apart = not loosening and (_clause_of_its_own(body, parts, islands) or _restated_against_normal(body, parts, islands))
    for part in parts:
        # A label's own digits ("type 2 diabetes", "stage 4 CKD") are no threshold.
        words = body[part.start:part.end]
        unplaced = not apart and ANCHOR.search(words if part.category == UNCLASSIFIED else _DIGITS.sub(" ", words))
        if part.category in UNREAD and (unplaced or names_analyte(words)):
            return False
    last = parts[-1]
    return not (last.category in UNREAD and any(
        i.start >= last.end and not body[last.end:i.start].strip(" )") and
        (loosening or not _names_a_person(body, i)) for i in islands))


_DIGITS = re.compile(r"\d")


def _scopes_the_line(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """A heading that says whom the whole line is for ("For subjects enrolled at Indian
    sites: ... fever (temperature ≥ 38.0°C)"): a condition cue opening a part that a colon
    ends before the readings. Joined to one reading it would scope that reading alone, and
    the line would hold against patients it is not about (the hand audit)."""
    if parts[0].category != "condition" or not any(i.start >= parts[-1].end for i in islands):
        return False
    return ":" in body[parts[0].start:min(i.start for i in islands if i.start >= parts[-1].end)]


def _scopes_a_reading(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """A condition naming whom, right before an age, makes the age whom the rest is for
    ("Written parental consent for those | under 18 years of age"): joined as a requirement,
    the age would turn away every patient the rest does not concern."""
    return any(part.category == "condition" and _FOR_WHOM.search(body, part.start, part.end) and any(
        i.start >= part.end and not body[part.end:i.start].strip() and _an_age(i.tree) for i in islands)
        for part in parts)


_FOR_WHOM = re.compile(r"\b(?:for|in)\s+(?:those|patients|subjects|participants|children|adults|persons)\s*$", re.I)


# "Healthy | subjects aged 18-45", "Veterans | aged 18 or older": a word before the person
# a reading is about says more of that person, never of the measurement. Its cues bind in
# that person's description ("smokers or veterans aged over 65"): none may loosen the reading.
_AGED = re.compile(r"aged\b", re.I)
_FIRST_WORD = re.compile(r"\S+")


def _names_a_person(body: str, island: Island) -> bool:
    """The reading begins with whom it is about ("subjects", "children") or with "aged"."""
    if _AGED.match(body, island.start):
        return True
    word = _FIRST_WORD.match(body, island.start, island.end)
    first = lexicon().account(body, island.start, word.end()) if word else []
    return bool(first) and first[0].category == "population" and first[0].role == QUALIFIER


# Cues under which an unread part may widen whom the reading lets through.
_LOOSENING = frozenset({"alternative", "exception"})
_CLAUSE_BREAK = re.compile(r"[,;.]")


def _clause_of_its_own(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """The part is set apart from each reading next to it: by a comma, a semicolon or a
    full stop, or by a conjunct ("and", "with", "provided") at its edge."""
    before = [i for i in islands if i.end <= parts[0].start]
    after = [i for i in islands if i.start >= parts[-1].end]
    if before and not (_CLAUSE_BREAK.search(body, before[-1].end, parts[0].start)
                       or parts[0].category == "conjunct"):
        return False
    return not after or bool(_CLAUSE_BREAK.search(body, parts[-1].end, after[0].start)
                             or parts[-1].category == "conjunct")


# A threshold said again as a multiple of a limit of normal: "(three fold higher than the
# upper limit of normal)", "(2 x ULN)". The reader cannot check it against a value in a unit.
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twice|double|triple)"
_AGAINST_NORMAL = re.compile(
    r"(?:(?:[<>≤≥]|(?:greater|higher|more|less|lower)\s+than|above|below|at\s+(?:least|most))\s*)?"
    rf"{_NUMBER}\s*(?:-?\s*fold|times|[x×])?\s*(?:(?:greater|higher|more|less|lower)\s+than|above|below)?\s*"
    r"(?:the\s+)?(?:(?:institutional\s+)?(?:upper|lower)\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|ULN|LLN|UNL)",
    re.I)


def _restated_against_normal(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """The part is all of a parenthesis right after a reading in a unit, and says its
    threshold again as a multiple of a limit of normal ("CRP > 15 mg/L (three fold higher
    than the upper limit of normal)"): a restatement the reader cannot check, set apart by
    its parentheses, with no cue that could make it another way to meet the line. Left for
    a person, joined as a part with no cue is."""
    start, end = parts[0].start, parts[-1].end
    before = next((i for i in reversed(islands) if i.end <= start), None)
    if before is None or body[before.end:start].strip() != "(" or body[end:].strip()[:1] != ")":
        return False
    if any(getattr(leaf, "relative_to", None) for leaf in leaves(before.tree)):
        return False  # a multiple of a limit of normal said twice: the reader would compare them
    return bool(_AGAINST_NORMAL.fullmatch(body[start:end].strip()))


# A threshold's own subject: the words before its comparator name an analyte ("BMI = 35").
_DETERMINERS = re.compile(r"^(?:(?:an?|the|their|a\s+serum|serum)\s+)+", re.I)


def stands_instead(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """The part is another analyte's threshold offered, by an "or" or "and/or" right against
    it, instead of the line's only reading, which is one comparison: "BMI = 35 | or weight
    < 50 kg", "Weight < 50 kg | or BMI = 35", "End-diastolic diameter > 60 mm and/or |
    LVEF < 50%". Named by its own subject, the part is no relaxation of the reading ("or
    ≥ 8 g/dL if transfused") and shares no threshold with it ("ALT or | AST > 3 x ULN"):
    either holding meets the line, and joined by "or" the reading decides only where the
    line does. No other cue may stand in it (a condition may scope both: "... or BMI = 35
    in women"); the line must hold no other part for a person (read_islands), which would
    bind under the "or"."""
    if len(islands) != 1 or islands[0].tree.kind not in LEAF_KINDS:
        return False
    island = islands[0]
    if parts[-1].end <= island.start:
        edge, others, gap = parts[-1], parts[:-1], body[parts[-1].end:island.start]
    elif parts[0].start >= island.end:
        edge, others, gap = parts[0], parts[1:], body[island.end:parts[0].start]
    else:
        return False
    if edge.category != "alternative" or gap.strip(" ,") or not others \
            or any(a.category not in UNREAD for a in others):
        return False
    words = body[others[0].start:others[-1].end].strip(" ,;:.()")
    return not _INNER_BREAK.search(words) and _of_its_own_subject(words, _analytes_read(island))


# A clause break inside a part ("or BMI = 35, measured ..."): what follows may say more of
# both alternatives. A comma or full stop within a number is none.
_INNER_BREAK = re.compile(r";|[,.](?!\d)")


def required_as_well(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """The part is another requirement joined by "and" after the line's only reading, a
    comparison or all of some: "Women aged ≥ 18 years | and BMI =30 kg/m2" (a comparator
    the reader cannot read). It names an analyte the reader could not place, but it is a
    requirement of its own: another analyte's threshold (_of_its_own_subject; not "... |
    and ALT", where the threshold may be both names'), with no other cue. Joined by "and",
    whatever it says, the reading decides only where the line does."""
    if len(islands) != 1 or not _all_of_comparisons(islands[0].tree):
        return False
    island, edge = islands[0], parts[0]
    if edge.start < island.end or body[edge.start:edge.end].lower() != "and" or len(parts) < 2 \
            or body[island.end:edge.start].strip(" ,") or any(a.category not in UNREAD for a in parts[1:]):
        return False
    return _of_its_own_subject(body[parts[1].start:parts[-1].end], _analytes_read(island))


def listed_apart(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """The part is an item of the line's list of its own, set apart from the readings by a
    comma or a semicolon and holding no cue: "Age 18-65, | BMI =30 kg/m2" (a comparator the
    reader cannot read). It names an analyte the reader could not place, but with no cue it
    is joined as the section joins a list, so that it can only hurt the patient (relation),
    and the readings keep what they decide: it stands before the first or after the last,
    or between two in a list whose readings no joiner word joins ("Hb ≥ 9 g/dL, | Hct ≥
    30 g/dL, | platelets ...": every item one of the section's list), and is another
    analyte's threshold (_of_its_own_subject)."""
    if any(a.category not in UNREAD for a in parts):
        return False
    if parts[-1].end <= islands[0].start:
        apart = _LIST_BREAK_AFTER.match(body, parts[-1].end)
        gap = body[parts[-1].end:islands[0].start]
    elif parts[0].start >= islands[-1].end:  # a reading may end in the comma after it
        apart = _LIST_BREAK_BEFORE.search(body, islands[-1].start, parts[0].start)
        gap = body[islands[-1].end:parts[0].start]
    elif _a_plain_list(body, islands):
        before = next(i for i in reversed(islands) if i.end <= parts[0].start)
        after = next(i for i in islands if i.start >= parts[-1].end)
        apart = _LIST_BREAK_BEFORE.search(body, before.start, parts[0].start) and \
            _LIST_BREAK_AFTER.match(body, parts[-1].end)
        gap = body[before.end:parts[0].start] + body[parts[-1].end:after.start]
    else:
        return False
    read = set().union(*(_analytes_read(island) for island in islands))
    return bool(apart) and gap.strip() in ("", ",", ";", ",,", ";;", ",;", ";,") \
        and _of_its_own_subject(body[parts[0].start:parts[-1].end], read)


def _a_plain_list(body: str, islands: list[Island]) -> bool:
    """No joiner word stands between two readings: the line is a list of the section."""
    return not any(JOINER_WORD.search(body, a.end, b.start) for a, b in zip(islands, islands[1:]))


_LIST_BREAK_AFTER = re.compile(r"\s*[,;]")
_LIST_BREAK_BEFORE = re.compile(r"[,;]\s*$")


def _of_its_own_subject(words: str, read: set[str]) -> bool:
    """The words hold a threshold that follows the name of an analyte the readings (read)
    do not name, and are more than that name: another analyte's threshold, not a reading's
    said again. Words with no threshold may say how a reading was made, and make it another
    measurement ("GFR ≥ 50 mL/min, | estimated by Cockcroft-Gault formula": a clearance)."""
    from ..analytes import catalogue
    words = words.strip(" ,;:.()")
    anchor = ANCHOR.search(words)
    if anchor is None or catalogue().lookup_whole(_DETERMINERS.sub("", words)) is not None:
        return False
    named = _analytes_named(words[:anchor.start()])
    return bool(named) and not named & read


def _analytes_read(island: Island) -> set[str]:
    return {leaf.analyte for leaf in leaves(island.tree)}


def _analytes_named(words: str) -> set[str]:
    """The analytes some run of up to four of the words names."""
    from ..analytes import catalogue
    tokens = words.split()
    found = (catalogue().lookup_whole(" ".join(tokens[i:j]))
             for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + 4) + 1))
    return {analyte.id for analyte in found if analyte}


_COMPARISONS = (*LEAF_KINDS, "sex")


def _all_of_comparisons(tree: Node) -> bool:
    """A comparison, or comparisons that must all hold ("Female subjects aged ≥ 18")."""
    return tree.kind in _COMPARISONS or (tree.kind == "all" and all(c.kind in _COMPARISONS for c in tree.children))


def names_analyte(words: str) -> bool:
    """Some run of up to four of the words is an analyte's name."""
    from ..analytes import catalogue
    tokens = words.split()
    return any(catalogue().lookup_whole(" ".join(tokens[i:j]))
               for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + 4) + 1))


def joiners(body: str, islands: list[Island], left: list[tuple[int, int]]):
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


def joiner_among_qualifiers(body: str, parts: list[Account], islands: list[Island]) -> bool:
    """Is the one part left for a person in a left-over span between two readings a bare
    joiner ("and", "or", "and/or"), all else harmless ("... on the most recent blood count,
    and ...")? Only where it is the one joiner word between the two readings, the one
    joined_islands joins them by (a method's "by ECHO or MUGA" would be taken first)."""
    if len(parts) != 1 or not _JOINER_ONLY.match(body[parts[0].start:parts[0].end]):
        return False
    before = next(i for i in reversed(islands) if i.end <= parts[0].start)
    after = next(i for i in islands if i.start >= parts[0].end)
    return len(JOINER_WORD.findall(body, before.end, after.start)) == 1


def joined_islands(body: str, islands: list[Island], section: str) -> Node:
    """Islands joined as written: "or" -> any, "and" -> all; a comma, a semicolon, a full
    stop or nothing as a list of the section (inclusion: all must hold; exclusion: any
    excludes)."""
    list_of_section = AllOf if section == "inclusion" else AnyOf
    tree = islands[0].tree
    for k, island in enumerate(islands[1:], start=1):
        word = JOINER_WORD.search(body, islands[k - 1].end, island.start)
        joiner = word.group().strip().lower() if word else ""
        kind = AnyOf if joiner in ("or", "and/or") else AllOf if joiner == "and" else list_of_section
        tree = _flat(kind, tree, island.tree)
    return tree


def _flat(kind, left: Node, right: Node) -> Node:
    name = "all" if kind is AllOf else "any"
    children = (*(left.children if left.kind == name else (left,)),
                *(right.children if right.kind == name else (right,)))
    return joined(kind, children)


def relation(parts: list[Account], after_island: bool, section: str, body: str = "") -> str:
    """How a left-over part joins what was read, "any" or "all" (of the criterion's own
    logic, before the section's reading of it), by the cue next to the reading: the first
    cue of a part after it, the last of a part before it.

    An alternative is an "or", a conjunct an "and", whatever the section, but for a bare
    "and" after the reading in an exclusion, which may join another reason to exclude. A condition ("in
    patients with ...", "for ...") is an "and" too: it may scope the threshold or name the
    population that must also hold ("eGFR > 60 in volunteers who are otherwise healthy"),
    and only "and" is safe for both. An exception ("unless", "allowed") narrows whom the
    criterion holds against, so it can only help a patient: any() for an inclusion
    ("Creatinine ≤ 1.5 mg/dL unless on dialysis"), all() for an exclusion ("Creatinine > 2
    mg/dL unless on dialysis"), wherever it stands in the part. A part with no cue, or with
    a conjunct and another cue whose scopes the reader cannot tell apart, or with "on room
    air" or "without transfusion" (without_support: a value with support is higher, so what
    was read proves only ineligibility), is joined so that what was read can prove
    ineligibility and never eligibility."""
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
    if cue == "conjunct" and section == "exclusion" and after_island and _bare_and(body, parts):
        return hurts_patient
    joins = {"alternative": "any", "conjunct": "all", "condition": "all", "without_support": hurts_patient}
    return joins.get(cue, helps_patient)


def _bare_and(body: str, parts: list[Account]) -> bool:
    """The conjunct right after the reading is a bare "and": an exclusion list joins
    another reason to exclude with it ("Uncontrolled diabetes defined as HbA1c > 70 mmol/mol
    and insufficient nutritional status", the fourth hand audit), so what was read may
    exclude alone and never clears the patient. Written before the reading ("Heart failure
    within 6 months and LVEF < 45%"), the threshold says which of the condition's patients
    the line means, and both must hold (both auditors)."""
    conjuncts = [a for a in parts if a.category == "conjunct"]
    return bool(conjuncts) and body[conjuncts[0].start:conjuncts[0].end].strip().lower() == "and"


def with_unread(tree: Node, body: str, unread: list[tuple[str, list[Account]]]) -> Node:
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
    unsure = next(filter(None, (unsure_sign(body, a.start, a.end) for a in parts)), None)
    return f"needs manual review: the engine did not read '{words}'" + (f" ({unsure})" if unsure else "")
