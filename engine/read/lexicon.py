"""The words around a threshold, classified: engine/data/lexicon.yaml, compiled once.

Every word of a line that no reading takes is accounted for here: a harmless qualifier
(heading, lead-in, method, timing, source, filler, label), a cue that changes the meaning
(alternative, exception, condition, conjunct, negation), or, when no entry fits,
"unclassified", which keeps its part in manual review.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple, Optional

from ..cache import prepared
from ..documents import load_yaml

READING, QUALIFIER, MANUAL = "reading", "qualifier", "manual"
# Cues that make what was read unusable alone (engine/read/islands.py): a negation, a past
# value ("history of"), a reference point that re-bases the number ("5 years or more from
# diagnosis").
UNPLACEABLE = frozenset({"negation", "historical", "reference"})
UNCLASSIFIED = "unclassified"
# A harmless state ("at rest", "sitting") is harmless only beside the analytes measured in it
# (engine/data/lexicon.yaml, states): engine/read/islands.py checks them, no other reader may
# set one aside.
STATE = "state"
LABEL = "label"
# A label's words that name a diagnosis needing more than the value ("chronic" kidney
# disease: three months of it): the threshold after them defines them closely enough to
# exclude on, never to include on (joins.as_label).
EXCLUDING_LABEL = "label_when_excluding"
# Words the lexicon cannot place by themselves: left for a person unless a rule places them.
UNREAD = frozenset({UNCLASSIFIED, LABEL, EXCLUDING_LABEL})

_WORD = re.compile(r"[^\s()\[\],;:]+")
_SPACE_OR_PUNCT = re.compile(r"[\s()\[\],;:.*•·\"'’]*")


class Account(NamedTuple):
    """What the characters text[start:end] are: role reading | qualifier | manual, and
    the category (a qualifier's or cue's kind; "" for a reading)."""
    start: int
    end: int
    role: str
    category: str


class LabelledAnalyte(NamedTuple):
    """A clinical label that names one measurement ("leukocytosis": white blood cells),
    and the side of normal it is on: "above", "below", or "any" (a class that grades it)."""
    pattern: re.Pattern
    analyte: str
    side: str
    in_text: re.Pattern  # the pattern as whole words anywhere in a text
    words: str  # the label's words as the table writes them: one condition, whatever measures it


class Specimen(NamedTuple):
    """A specimen a value is measured in: how it is named, and the analytes measured in
    it (categories of engine/data/analytes.yaml and the ids also, less the excluded ids)."""
    name: str
    names: re.Pattern
    categories: frozenset
    also: frozenset
    excluded: frozenset

    def measures(self, analyte: str, category: Optional[str]) -> bool:
        return (category in self.categories or analyte in self.also) and analyte not in self.excluded


def _side(op: str) -> Optional[str]:
    """The side of normal a comparator asks for: "above", "below", or None (a range, "=")."""
    return "above" if op.startswith(">") else "below" if op.startswith("<") else None


def _sides_of(leaf) -> set:
    """The sides of normal a label defined by this threshold may be on: a comparison's own;
    either for a range or a list of values, which the table cannot place ("Obesity (BMI
    30-40 kg/m2)"); none for a value within normal limits. A class grades its condition
    whatever its value (side "any")."""
    if leaf.kind == "compare":
        return {_side(leaf.op), "any"}
    return set() if leaf.kind == "normal" else {"above", "below", "any"}


# Years in one of each unit an age is read in (UCUM codes).
YEARS_IN = {"a": 1.0, "mo": 1 / 12, "wk": 7 / 365.25, "d": 1 / 365.25, "h": 1 / 8766}


class Lexicon:
    def __init__(self, data: dict) -> None:
        self.note_words = frozenset(data["note_words"])
        self.age_groups = tuple((re.compile(rf"\b(?:{entry['words']})\b", re.I), entry.get("at_least"),
                                 entry.get("at_most")) for entry in data["age_groups"])
        labelled = data["label_analytes"]
        self.label_analytes = tuple(
            LabelledAnalyte(re.compile(label, re.I), entry["analyte"], entry["side"], re.compile(rf"\b{label}\b", re.I),
                            entry["label"])
            for entry in labelled["labels"]
            for label in [rf"{labelled['lead']}(?:{labelled['severity']}\s+)*(?:{entry['label']})"])
        # Any label's words at all: one search that most names fail, before the search of
        # each label's own pattern (the lead and severity words before a label are optional).
        words = "|".join(f"(?:{entry['label']})" for entry in labelled["labels"])
        self._any_label = re.compile(rf"\b(?:{words})\b", re.I)
        self.diagnoses = tuple((re.compile(rf"\b(?:{entry['label']})\b", re.I), frozenset(entry["analytes"]))
                               for entry in labelled["diagnoses"])
        self.specimens = [Specimen(name, re.compile(rf"(?<![\w-])(?:{entry['names']})(?![\w-])", re.I),
                                   frozenset(entry["categories"]), frozenset(entry["also"]),
                                   frozenset(entry["except"]))
                          for name, entry in data["specimens"].items()]
        self.states = tuple((re.compile(rf"(?<![\w-])(?:{entry['words']})(?![\w-])", re.I),
                             frozenset(entry["analytes"])) for entry in data["states"])
        self._label_modifier = re.compile(rf"(?<![\w-])(?:{'|'.join(data['label_modifiers'])})\s*$", re.I)
        self._other_specimens = re.compile(rf"(?<![\w-])(?:{data['specimen_words']})(?![\w-])", re.I)
        self.entries: list[tuple[str, str, re.Pattern]] = []
        for role, key in ((MANUAL, "cues"), (QUALIFIER, "harmless")):  # cues win a tie
            for category, patterns in data[key].items():
                # A label's words are harmless only where they name the threshold after them
                # (islands._as_label); anywhere else they are words a person must read.
                kind = MANUAL if category in (LABEL, EXCLUDING_LABEL) else role
                # One regex per entry, not one alternation per category: an alternation
                # takes its first entry that matches, and the longest must win ("according
                # to local laboratory ranges" over "according to local").
                self.entries += [(kind, category, re.compile(rf"(?:{p})(?![\w'’-])", re.I)) for p in patterns]
        self._by_first = _by_first_character(self.entries)

    def analyte_of_label(self, words: str, op: str) -> Optional[str]:
        """The analyte a clinical label names ("Severe anaemia" -> hemoglobin), when the
        comparator is on the label's side of normal; else None. A label several
        measurements define names the one alone on that side ("Renal insufficiency (> 265
        µmol/L)": a creatinine; a clearance or a GFR is low), none where more are there
        ("Coagulopathy (> 1.5)": an INR, a PT or a PTT)."""
        if not self._any_label.search(words):
            return None
        side = _side(op)
        named = {entry.analyte for entry in self.label_analytes
                 if entry.side == side and entry.pattern.fullmatch(words.strip())}
        return next(iter(named)) if len(named) == 1 else None

    def completes_label(self, words: str) -> bool:
        """Do a label's words end in the condition they name ("renal disease"), not in a word
        that says which or how much of one ("renal", "severe")?"""
        return self._label_modifier.search(words) is None

    def may_define(self, label: str, leaves, diagnoses: bool = True) -> bool:
        """Can these thresholds (analyte leaves) define the label? Any can where the lexicon
        ties none of the label's words to a measurement. Else each must be on a measurement
        the label is tied to and on the label's side of normal ("Renal impairment (creatinine
        < 1.5 mg/dL)" is none), or, with ``diagnoses``, on a diagnosis' measurement (either
        side); and each condition the label names must be defined by one of them: "Renal or
        hepatic impairment (creatinine > 2 mg/dL)" leaves the hepatic impairment unread."""
        leaves = list(leaves)
        tied = [entry for entry in self.label_analytes if entry.in_text.search(label)] \
            if self._any_label.search(label) else []
        diagnosed = [analytes for pattern, analytes in self.diagnoses if pattern.search(label)] if diagnoses else []
        if not leaves or (not tied and not diagnosed):
            return True
        sides: dict[str, set] = {}
        conditions: dict[str, set] = {}
        for entry in tied:
            sides.setdefault(entry.analyte, set()).add(entry.side)
            conditions.setdefault(entry.words, set()).add(entry.analyte)
        either = frozenset().union(*diagnosed)
        if not all(leaf.analyte in either or _sides_of(leaf) & sides.get(leaf.analyte, set()) for leaf in leaves):
            return False
        read = {leaf.analyte for leaf in leaves}
        return all(analytes & read for analytes in (*conditions.values(), *diagnosed))

    def labels_analyte(self, text: str, analyte: str) -> bool:
        """Some label in the text names the analyte (an island named by its label)."""
        return bool(self._any_label.search(text)) and \
            any(entry.analyte == analyte and entry.in_text.search(text) for entry in self.label_analytes)

    def account(self, text: str, start: int, end: int) -> list[Account]:
        """Each word of text[start:end] by the longest entry that matches at it."""
        found: list[Account] = []
        pos = _SPACE_OR_PUNCT.match(text, start, end).end()
        while pos < end:
            best = self._longest(text, pos, end)
            if best is None:
                word = _WORD.match(text, pos, end)
                best = Account(pos, word.end() if word else pos + 1, MANUAL, UNCLASSIFIED)
            found.append(best)
            pos = _SPACE_OR_PUNCT.match(text, best.end, end).end()
        return _merged(found)

    def measured_in_named(self, words: str, analyte: str) -> bool:
        """Is the analyte (an id of engine/data/analytes.yaml) measured in every specimen the
        words name? True when they name none: "in serum" beside a creatinine is, "in urine"
        is not, and "(CSF)" beside a glucose names a specimen no blood analyte is read from."""
        from ..analytes import catalogue
        entry = catalogue().by_id.get(analyte)
        category = entry.category if entry else None
        named = [s for s in self.specimens if s.names.search(words)]
        if not all(s.measures(analyte, category) for s in named):
            return False
        # A word of another specimen counts unless a listed specimen's name already took it
        # ("urine" is both).
        rest = words
        for specimen in named:
            rest = specimen.names.sub(" ", rest)
        return self._other_specimens.search(rest) is None

    def usual_state_of(self, words: str, analytes) -> bool:
        """Is every state the words name ("at rest", "sitting") one each analyte (ids of
        engine/data/analytes.yaml) is usually measured in? False where they name none."""
        named = [measured for pattern, measured in self.states if pattern.search(words)]
        return bool(named) and all(analyte in measured for measured in named for analyte in analytes)

    def names_a_specimen(self, words: str, but: str) -> bool:
        """Do the words name a specimen other than the one named but ("blood"): a note in
        parentheses, which does not know the analyte before it, is set aside only when it
        names the specimen most analytes are measured in."""
        for specimen in self.specimens:
            if specimen.name == but:
                words = specimen.names.sub(" ", words)
        return any(s.names.search(words) for s in self.specimens) or bool(self._other_specimens.search(words))

    def ages_keep_to_groups(self, words: str, low: Optional[float], high: Optional[float]) -> bool:
        """Do the ages read (years; None: no limit read) keep to every age group the words
        name ("adult": at least 18)? True when they name none."""
        for pattern, at_least, at_most in self.age_groups:
            if pattern.search(words) and ((at_least is not None and (low is None or low < at_least)) or
                                          (at_most is not None and (high is None or high > at_most))):
                return False
        return True

    def is_a_specimen(self, words: str) -> bool:
        """Are the words a specimen's name and nothing else ("CSF", "bone marrow")?"""
        words = words.strip()
        return any(s.names.fullmatch(words) for s in self.specimens) or bool(self._other_specimens.fullmatch(words))

    def _longest(self, text: str, pos: int, end: int):
        best = None
        for role, category, pattern in self._by_first.get(text[pos], self.entries):
            match = pattern.match(text, pos, end)
            if match and match.end() > pos and (best is None or match.end() > best.end):
                best = Account(pos, match.end(), role, category)
        return best


# The characters a word of a line usually begins with; any other is tried against every entry.
_COMMON_FIRST = string.printable + "µμ≤≥°º"


def _by_first_character(entries: list) -> dict[str, list]:
    """For each common character, the entries (in their order) a match can begin with at
    it: the lexer's own reading of a pattern's first characters (scan_patterns), so that a
    position tries a few entries, not all of them. Reading every pattern costs a fifth of a
    second: the index is kept in the cache folder, under the patterns and the code."""
    from .. import scan_patterns
    patterns = [pattern.pattern for _, _, pattern in entries]

    def build() -> dict[str, list[int]]:
        gates = [scan_patterns.first_chars(pattern, re.I) for pattern in patterns]
        return {char: [i for i, gate in enumerate(gates) if gate is None or gate.match(char)]
                for char in _COMMON_FIRST}

    sources = ("\0".join(patterns).encode("utf-8"), Path(__file__).read_bytes(),
               Path(scan_patterns.__file__).read_bytes())
    index = prepared("lexicon-first", sources, build)
    return {char: [entries[i] for i in found] for char, found in index.items()}


def _merged(accounts: list[Account]) -> list[Account]:
    """Neighbours of the same role and category as one span."""
    merged: list[Account] = []
    for account in accounts:
        last = merged[-1] if merged else None
        if last and (last.role, last.category) == (account.role, account.category):
            merged[-1] = Account(last.start, account.end, last.role, last.category)
        else:
            merged.append(account)
    return merged


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(lexicon_document())


@lru_cache(maxsize=1)
def lexicon_document() -> dict:
    """data/lexicon.yaml as read, kept ready in the cache folder (rebuilt when the file
    changes): the lexicon and the statement leads (read/statements.py) both read it, and a
    later run neither parses its YAML nor imports the YAML parser."""
    data = resources.files("engine").joinpath("data").joinpath("lexicon.yaml").read_bytes()
    return prepared("lexicon-data", (data,), lambda: load_yaml(data.decode("utf-8")))


_OF_LEAD = re.compile(r"^\s*of(?![\w'’-])", re.I)


@lru_cache(maxsize=4096)
def counts_from_screening(words: str) -> bool:
    """Do the words after a window ("within 14 days | prior to randomisation") name the
    screening date, the day the engine counts back from: "prior to registration", "before
    the first dose of study drug", "of enrolment" (the lexicon's timing qualifiers)? Not
    another event ("after delivery", "before the onset of symptoms", "of surgery")."""
    text = _OF_LEAD.sub("before", words)
    found = lexicon().account(text, 0, len(text))
    return bool(found) and all(a.role == QUALIFIER and a.category == "timing" for a in found)


def words_of(text: str, accounts) -> list[tuple[str, list[Account]]]:
    """Every word of the text with the accounts that cover its letters and digits (a word
    may straddle two: "Disease-free", "years.Because"); a word with a letter or digit no
    account covers gets []. What `elig explain` prints, and what the no-silent-drop
    property checks."""
    ordered = sorted(accounts)
    out = []
    for word in _WORD.finditer(text):
        letters = [i for i in range(word.start(), word.end()) if text[i].isalnum()]
        if not letters:
            continue
        owners = []
        for i in letters:
            owner = next((a for a in ordered if a.start <= i < a.end), None)
            if owner is None:
                owners = []
                break
            if owner not in owners:
                owners.append(owner)
        out.append((word.group(), owners))
    return out
