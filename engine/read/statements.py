"""Statements of conditions, treatments and procedures, read from a line or a part of one.

"Known brain metastases", "Pregnant or breastfeeding", "Prior treatment with an mTOR
inhibitor": the patient has one of them. "Stroke less than 3 months prior to
randomisation", "Minor surgery within 7 days of the first dose": the same, put in a window
that ends on the screening date. Every word must be accounted for: a lead that says when
("known", "history of", "has had"), concepts the table names exactly (data/concepts.yaml),
and a span of time at the end that counts back from the screening date. Anything else
leaves the line (or the part) unread.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterator, Optional

from ..concepts import concepts
from ..nodes import AllOf, AnyOf, Has, Node, Since, manual
from ..scan_patterns import gated
from ..trusted import made
from .lexicon import counts_from_screening, lexicon_document



@lru_cache(maxsize=1)
def _leads() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(any run of leads at the start, an ever lead, a recent lead), from the lexicon's
    statement_leads (engine/data/lexicon.yaml)."""
    leads = lexicon_document()["statement_leads"]
    every = "|".join(f"(?:{p})" for kind in ("ever", "current", "recent") for p in leads[kind])
    return (re.compile(rf"^\s*(?:(?:{every})\s+)+", re.I),
            re.compile("|".join(f"(?:{p})" for p in leads["ever"]), re.I),
            re.compile("|".join(f"(?:{p})" for p in leads["recent"]), re.I))


def presence(text: str, timed_only: bool = False, ever: bool = False) -> Optional[Node]:
    """The statement a line (or part) is, or None: the patient has one of the concepts it
    lists ("or", commas), now, ever or in the window its end puts them in. timed_only:
    only a statement put in a window (a part of a line is read only so); ever: at any
    time, whatever its lead says (of a statement whose time is left to a person)."""
    body, window = in_time(text)
    if timed_only and window is None:
        return None
    any_lead, ever_lead, recent_lead = _leads()
    lead = any_lead.match(body)
    if lead and window is None and recent_lead.search(lead.group()):
        return None  # "recent" without a span names no window the engine can count
    body = body[lead.end():] if lead else body
    timing = "window" if window is not None else \
        "ever" if ever or lead and ever_lead.search(lead.group()) else "current"
    span = (len(text) - len(text.lstrip()), len(text.rstrip()))
    found = []
    for phrase in _phrases(body.strip()):
        phrase = _TREATMENT_WITH.sub("", phrase)
        concept = _concept_of(phrase)
        if not phrase or concept is None or (window is not None and not concepts()[concept].placed_by_date) \
                or (timing == "current" and _done_on_a_day(concept)):
            return None
        found.append(made(Has, concept=concept, text=phrase, timing=timing, within_days=window, span=span))
    if not found:
        return None
    return found[0] if len(found) == 1 else made(AnyOf, children=tuple(found), span=span)


# What a name the table lacks may look like: a few words, no number or comparator, none
# that begins or ends a clause rather than a name ("who ...", "unable ...", "... of").
_NAME_LIKE = re.compile(r"^[^\d<>≤≥=%]*[a-z]{3}[^\d<>≤≥=%]*$", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:who|which|that|unable|able|willing|not|no|any|all|must|should|will|can|may|male|female|"
    r"men|women|age|aged|written|signed|informed|refusal|participation)\b"
    r"|\b(?:of|to|in|with|for|and|or|the|a|an|than|by|at|on)$", re.I)


def unnamed(text: str) -> Optional[str]:
    """The words of a statement line that name nothing in the concept table ("History of
    sarcoidosis" while the table has no sarcoidosis), for the manual-review reason; None
    when the line does not read as a statement (a lead, a span of time at its end, or a
    bare name of at most four words) or when every name in it is known."""
    body, window = in_time(text)
    lead = _leads()[0].match(body)
    rest = body[lead.end():] if lead else body
    if (lead is None and window is None and len(rest.split()) > 4) or _concept_of(rest.strip(" .;:")):
        return None  # not a statement, or a name whose "or" is its own ("ongoing or active infection")
    for phrase in _phrases(rest.strip()):
        phrase = _TREATMENT_WITH.sub("", phrase).strip(" .;:")
        if phrase and _concept_of(phrase) is None:
            name_like = len(phrase.split()) <= 6 and _NAME_LIKE.match(phrase) and not _NOT_A_NAME.search(phrase)
            return phrase if name_like else None
    return None


def _done_on_a_day(concept_id: str) -> bool:
    """A procedure done on a day (concepts.yaml event): "current" says nothing of it."""
    concept = concepts()[concept_id]
    return concept.kind == "procedure" and concept.event


# A name with its abbreviation after it: "transient ischaemic attack (TIA)".
_ABBREVIATED = re.compile(r"^(?P<name>[^()]+?)\s*\(\s*(?P<short>[^()]+?)\s*\)$")


# The people a name is said of, after it: "lactating women", "pregnant patients".
_WHOM = re.compile(r"\s+(?:women|woman|females?|mothers?|patients?|subjects?|participants?)\s*$", re.I)


# Taking a drug, written after its name: "antibiotic use", "opioid intake", "insulin therapy".
_TAKEN = re.compile(r"\s+(?:use|usage|intake|administration|exposure|treatment|therapy)$", re.I)


def _concept_of(phrase: str) -> Optional[str]:
    """The concept a phrase is, also written with its abbreviation in parentheses (both
    must name the same concept: "Stroke (TIA)" is two things, not one), with the people
    it is said of after it ("pregnant women"), or a drug with its taking after it
    ("antibiotic use"; not "alcohol use", a drug of no medication concept)."""
    phrase = _WHOM.sub("", phrase)
    concept = concepts().exact(phrase)
    if concept is not None:
        return concept
    taken = _TAKEN.search(phrase)
    if taken is not None:
        concept = concepts().exact(phrase[:taken.start()])
        return concept if concept is not None and concepts()[concept].kind == "medication" else None
    found = _ABBREVIATED.match(phrase)
    if found is None:
        return None
    concept = concepts().exact(found.group("name"))
    return concept if concept is not None and concepts().exact(found.group("short")) == concept else None


# A span of time that ends a line and counts back from the screening date: "within the past
# 6 months", "less than 3 months prior to randomisation", "<= 7 days before the first dose of
# study treatment", "(< 3 months)", "less than 6 weeks ago". What the span counts back from
# must be the screening date (lexicon.counts_from_screening): "after delivery", "before the
# onset of symptoms" leave the line to a person.
# "In the past year" is one year: a number may be left out after "last", "past" ... The
# article may be left out too ("in last 6 months", "during past year"), and "prior" or
# "recent" say the same ("within the prior 3 months", "in recent 2 years"). "No older than
# 30 days" is at most 30 days ago.
_LAST = r"last|past|previous|preceding|prior|recent"
_IN_TIME = re.compile(
    # The lookahead skips, in one test, every position where none of the forms can begin.
    r"(?=[(wiodl<≤=fnua])(?P<open>\(\s*)?"
    rf"(?:(?:within|in|during|over)\s+the\s+(?:(?P<last>{_LAST})\s+)?"
    rf"|within\s+(?:(?P<last_>{_LAST})\s+)?"
    rf"|(?:in|during|over)\s+(?P<last__>{_LAST})\s+"
    r"|(?P<cmp><\s*=?|≤|=\s*<|(?:less|fewer)\s+than(?P<or_equal>\s+or\s+equal\s+to)?|no\s+more\s+than|up\s+to"
    r"|at\s+most|not?\s+older\s+than)\s*)"
    r"(?:(?P<number>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*-?\s*)?"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![\w'’-])"
    r"(?P<rest>[^()]*?)\s*(?(open)\))[\s.;]*$", re.I)
_DAYS_IN = {"d": 1.0, "w": 7.0, "m": 30.4375, "y": 365.25}
# Most lines name no unit of time: one search for one rules out the span's longer search.
TIME_UNIT = gated(r"\b(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\b", re.I)


# A line's text, and each part of it the island reader tries, is asked again as a
# statement (presence, then unnamed; a part's span, then its run of parts): the last few
# dozen answers are kept, enough for the calls of one line.
_IN_TIME_KEPT = 64


@lru_cache(maxsize=_IN_TIME_KEPT)
def in_time(text: str) -> tuple[str, Optional[int]]:
    """(the text before a span of time at its end, the span in whole days), or (the text,
    None) where no such span counts back from the screening date. "Less than 3 months" is
    at most 91 days, "less than 28 days" at most 27: a window never reaches a day its
    words leave out."""
    from ..transform import parse_number
    found = _IN_TIME.search(text) if TIME_UNIT.search(text) else None
    if found is None:
        return text, None
    number, unit = found.group("number"), found.group("unit").lower()
    last = found.group("last") or found.group("last_") or found.group("last__")
    if number is None and not (last and not unit.endswith("s")):
        return text, None  # "within months", "in the past weeks": no span the engine can count
    rest = found.group("rest").strip()
    if rest and not (rest.lower() == "ago" and found.group("cmp")) and not counts_from_screening(rest):
        return text, None
    days = (parse_number(number) if number else 1) * _DAYS_IN[unit[0]]
    cmp = (found.group("cmp") or "").lower()
    strict = cmp.startswith(("<", "less", "fewer")) and "=" not in cmp and not found.group("or_equal")
    return text[:found.start()], math.ceil(days) - 1 if strict else math.floor(days)


# A washout written after the treatment: "Prior chemotherapy ≥ 4 weeks before registration",
# "Previous radiotherapy must have been completed at least 8 weeks prior to study entry".
_WASHOUT = re.compile(
    r"^\s*(?:(?:prior|previous|last|any)\s+)?(?P<phrases>.+?)\s+"
    r"(?:(?:must|should|will)\s+(?:have\s+been|be)\s+|(?:has|have)\s+been\s+|was\s+|were\s+)?"
    r"(?:(?:performed|completed|given|administered|received|finished|stopped|discontinued)\s+)?"
    r"(?P<cmp>≥|>\s*=?|=\s*>|at\s+least|no\s+(?:less|fewer)\s+than|a\s+minimum\s+of|(?:more|greater)\s+than|over)\s*"
    r"(?P<number>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*-?\s*"
    r"(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![\w'’-])\s*(?P<rest>[^()]*?)[\s.;]*$", re.I)


# The comparators of a washout, looked for before the longer match of the whole line.
_AT_LEAST = gated(r"[≥>]|\b(?:least|than|minimum|over)\b", re.I)


def washout(text: str) -> Optional[Node]:
    """A line that is a washout from treatments or procedures, written after them: every
    course of each must lie at least that long before the screening date (a patient who
    never had one meets it). Only treatments and procedures: "Stroke at least 6 months
    before randomisation" asks for a stroke, not for time since one."""
    from ..transform import parse_number
    found = _WASHOUT.match(text) if TIME_UNIT.search(text) and _AT_LEAST.search(text) else None
    if found is None:
        return None
    rest = found.group("rest").strip()
    if not (rest.lower() == "ago" or counts_from_screening(rest)):
        return None
    days = parse_number(found.group("number")) * _DAYS_IN[found.group("unit")[0].lower()]
    cmp = found.group("cmp").lower()
    # "At least 3 months" is 91.3 days: 92 whole days or more; "more than 28 days", 29.
    least = math.floor(days) + 1 if cmp.startswith(("more", "greater", "over")) or cmp.strip() == ">" \
        else math.ceil(days)
    span = (len(text) - len(text.lstrip()), len(text.rstrip()))
    found_nodes = []
    for phrase in _phrases(found.group("phrases").strip()):
        phrase = _TREATMENT_WITH.sub("", phrase)
        concept = _concept_of(phrase)
        if not phrase or concept is None or concepts()[concept].kind == "condition":
            return None
        found_nodes.append(made(Since, concept=concept, text=phrase, op=">=", days=least, span=span))
    if not found_nodes:
        return None
    return found_nodes[0] if len(found_nodes) == 1 else made(AllOf, children=tuple(found_nodes), span=span)


# How long a condition or treatment has lasted, written after it: "Type 2 diabetes for at
# least 3 years", "asthma for the past 2 years", "on hemodialysis for less than 6 months", "Leg ulcer of more than 1 year
# duration", "Diabetes duration > 12 years", "depression that has lasted > 8 weeks", "asthma
# since at least 2 years". The
# span counts back from the statement's onset, not from the screening date: no window.
_SPAN_COMPARATOR = (
    r"(?:(?:≥|>|<|≤)\s*=?|=\s*[<>]|(?:at\s+least|at\s+most|a\s+minimum\s+of|a\s+maximum\s+of|over|under|up\s+to"
    r"|(?:no\s+)?(?:more|less|fewer|greater|longer|shorter)\s+than(?:\s+or\s+equal\s+to)?))?\s*")
_SPAN_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*-?\s*"
_SPAN_UNIT = r"(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)"
_SPAN = (rf"{_SPAN_COMPARATOR}{_SPAN_NUMBER}{_SPAN_UNIT}(?:['’]s|s['’]|['’])?"
         r"(?:\s+or\s+(?:more|longer|less|fewer|shorter))?")
# Through the last span, after "for": "for the past 2 years", "for at least the last year".
_SPAN_THROUGH = rf"{_SPAN_COMPARATOR}the\s+(?:last|past|previous|preceding)\s+(?:{_SPAN_NUMBER})?{_SPAN_UNIT}(?![\w'’-])"
_DURATION = re.compile(
    r"^(?P<statement>.+?)\s+(?P<duration>"
    r"(?:(?:present|persisting|persistent|ongoing|continuously|continually|lasting|(?:that|which)\s+(?:has|have)\s+lasted)\s+)?"
    rf"(?:for|since|from)\s+(?:a\s+(?:period|duration)\s+of\s+)?(?:{_SPAN}|{_SPAN_THROUGH})(?:\s+(?:in\s+)?duration)?"
    rf"|(?:lasting|(?:that|which)\s+(?:has|have)\s+lasted)\s+(?:for\s+)?{_SPAN}"
    rf"|(?:of|with)\s+(?:a\s+)?{_SPAN}\s+(?:in\s+)?duration"
    rf"|(?:with\s+(?:a\s+)?)?(?:disease\s+)?duration\s+(?:of\s+)?{_SPAN})"
    r"(?P<rest>[^()]*?)[\s.;]*$", re.I)


def lasting(text: str) -> Optional[tuple[Node, tuple[int, int]]]:
    """A line that is a statement with how long it has lasted: (the patient has it, joined
    by "and" with the duration left to a person; where the duration stands), or None. The
    statement is a real fact of the patient whatever the duration says, so the reading
    can settle the line only where the patient does not have it."""
    found = _DURATION.match(text) if TIME_UNIT.search(text) else None
    if found is None:
        return None
    rest = found.group("rest").strip()
    if rest and not counts_from_screening(rest):
        return None
    statement = presence(found.group("statement"))
    if statement is None or any(node.timing == "window" for node in _has_nodes(statement)):
        return None
    where = (found.start("duration"), len(text.rstrip(" \t.;")))
    left = manual(f"needs manual review: how long it has lasted ('{text[where[0]:where[1]]}'): "
                  "the engine does not read a duration")
    return made(AllOf, children=(statement, left)), where


# How long ago, after what the patient had: "Previous kidney transplant (more than 6 months
# ago)", "Stroke at least 3 months before randomisation", "Prior lung transplant (> 2 years)".
# The engine has no node for "a course at least that long ago" (a washout asks that every
# course be; in parentheses a bare span may also be how long it lasted).
_LONG_AGO = re.compile(
    # The lookahead skips, in one test, every position where the span cannot begin.
    r"^(?P<statement>.+?)\s*(?=[(≥>=apdcrugalnmo])(?P<span>(?P<open>\(\s*)?"
    r"(?:(?:performed|done|completed|received|given|undergone|diagnosed|occurred)\s+)?"
    r"(?:≥|>\s*=?|=\s*>|at\s+least|no\s+(?:less|fewer)\s+than|(?:a\s+)?minimum(?:\s+of)?|(?:more|greater|longer)\s+than"
    r"|over)\s*"
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*-?\s*"
    r"(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![\w'’-])\s*(?P<rest>[^()]*?)\s*(?(open)\)))[\s.;]*$", re.I)


def long_ago(text: str) -> Optional[tuple[Node, tuple[int, int]]]:
    """A line that is a statement with how long ago it was: (the patient has had it, joined
    by "and" with how long ago left to a person; where the span stands), or None. Having had
    it is a real fact of the patient whatever the span says (how long ago, or how long it
    lasted), so the reading settles the line only for a patient who never had it: right for
    an exclusion, where the span only narrows whom it excludes. (In an inclusion the same
    words may let in a patient who had it long enough ago rather than ask for one: the
    caller reads only exclusions so.)"""
    found = _LONG_AGO.match(text) if TIME_UNIT.search(text) and _AT_LEAST.search(text) else None
    if found is None:
        return None
    rest = found.group("rest").strip()
    if rest and not (rest.lower() in ("ago", "earlier") or counts_from_screening(rest)):
        return None
    statement = presence(found.group("statement"), ever=True)
    if statement is None or any(node.timing == "window" for node in _has_nodes(statement)):
        return None
    where = (found.start("span"), len(text.rstrip(" \t.;")))
    left = manual(f"needs manual review: when it was ('{text[where[0]:where[1]]}'): "
                  "the engine reads neither how long ago nor how long it lasted")
    return made(AllOf, children=(statement, left)), where


def _has_nodes(node: Node) -> Iterator[Has]:
    yield from (node.children if isinstance(node, AnyOf) else (node,))


# The lookahead lets the search skip, in one test, every position where no separator can
# start; the possessive \s*+ never gives back a blank none of them begins with.
_PHRASE_SEPARATOR = re.compile(r"(?=[\s,oa])\s*+(?:,|\bor\b|\band/or\b)\s*")


def _phrases(text: str) -> Iterator[str]:
    """_PHRASE_SEPARATOR.split(text), lazily: most lines fail at their first phrase, and
    the rest of the line need not be searched."""
    start = 0
    for separator in _PHRASE_SEPARATOR.finditer(text):
        yield text[start:separator.start()]
        start = separator.end()
    yield text[start:]


_TREATMENT_WITH = re.compile(r"^\s*(((treatment|therapy)\s+with|treated\s+with|use\s+of|exposure\s+to|"
                            r"administration\s+of|receipt\s+of|an?|any)\s+)+", re.I)
