"""What a profile says about a condition, treatment or procedure on the screening date.

Presence needs a matching record (a condition, a medication by name or as a member of
a drug class, a procedure) in the time asked about. Absence needs evidence too: a
record with ``status: absent`` (a negative test, "no brain metastases"), a treatment
history whose last entry falls outside the window, or a sex the concept cannot apply
to. A profile that says nothing is unknown ("no record of pregnancy status"), unless it
declares the list complete (``complete: [conditions]``): then no matching record in the
time asked about is evidence of absence, and the reason says so. A kind of a broader
concept (concepts.yaml ``broader``: type 2 diabetes) is absent when a sibling's record is
there (type 1 diabetes), and unknown when only the broader concept's is (diabetes without
its type), complete list or not.

Time: a state (pregnancy, nursing, active infection) counts as current only while its
record can still be true (concepts.yaml ``current``: how long, and which records end
it); a condition with an end date before the screening date is past; a treatment or
procedure without a date cannot fall inside or outside a window, so it leaves a window
unknown with its date to obtain.

A record matches a concept by its code when the concept lists codes in the record's code
system (the reason names the code), else by its name (concepts.py ``matches``). A registry
row coded by an OMOP concept id that no vocabulary resolves cannot be read: it leaves a
question about a coded concept open (unknown) unless another record settles it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional, Union

from .concepts import OMOP, Concept, code_label, concepts, split_code
from .logic import Truth
from .patients import ConditionEntry, MedicationEntry, Patient, ProcedureEntry

Entry = Union[ConditionEntry, MedicationEntry, ProcedureEntry]


@dataclass(frozen=True)
class Finding:
    truth: Truth
    reason: str
    needed: tuple[str, ...] = ()


class History:
    def __init__(self, patient: Patient, as_of: date, recency_days: int) -> None:
        self.patient = patient
        self.as_of = as_of
        self.recency_days = recency_days
        self.omop = patient._omop_concepts

    def _pool(self, concept: Concept) -> list[Entry]:
        pool: list = {"condition": self.patient.conditions, "medication": self.patient.medications,
                      "procedure": self.patient.procedures}[concept.kind]
        return [_entry(e, concept.kind) for e in pool]

    def matches(self, concept_id: str, e: Entry) -> bool:
        return concepts().matches(concept_id, e.name, e.code, self.omop)

    def entries(self, concept: Concept) -> list[Entry]:
        """Records naming the concept, of its kind, plus explicit negatives for it."""
        found = [e for e in self._pool(concept) if self.matches(concept.id, e)]
        if concept.kind != "condition":  # "no prior chemotherapy" is recorded among conditions
            negatives = [_entry(e, "condition") for e in self.patient.conditions]
            found += [e for e in negatives if e.status == "absent" and self.matches(concept.id, e)]
        return found

    def unreadable(self, concept: Concept) -> list[Entry]:
        """Records of the concept's kind coded by an OMOP concept id no vocabulary resolves."""
        return [e for e in self._pool(concept) if concepts().unreadable(concept.id, e.code, self.omop)]

    def has(self, concept: Concept, timing: str, within_days: Optional[int]) -> Finding:
        entries = self.entries(concept)
        present = [e for e in entries if _present(e) and (self._in_time(e, timing, within_days) or
                                                          self._ongoing(concept, e, timing))]
        current = [e for e in present if timing != "current" or self._still_true(concept, e) is None]
        if current:
            e = current[0]
            return Finding(Truth.TRUE, f"{concept.id} recorded: {_describe(e, concept)}"
                                       f"{self._why_current(concept, e, timing)}")
        negative = self._recorded_absent(concept, entries, timing)
        if negative:
            return Finding(Truth.FALSE, negative)
        if concept.sex and self.patient.sex in ("female", "male") and self.patient.sex != concept.sex:
            return Finding(Truth.FALSE, f"{concept.id} does not apply: the patient is {self.patient.sex}")
        unread = self.unreadable(concept)
        if unread:
            return Finding(Truth.UNKNOWN, unread_reason(concept, unread), (VOCABULARY_NEEDED,))
        undated = [e for e in entries if _present(e) and _last_date(e) is None]
        if timing == "window" and undated:
            return Finding(Truth.UNKNOWN, f"{_describe(undated[0], concept)} cannot be placed inside or "
                                          f"outside the last {within_days} days", (date_needed(undated[0]),))
        past = [e for e in entries if _present(e) and _last_date(e) and _last_date(e) <= self.as_of
                and self._over_before(concept, e, within_days)]
        if timing == "window" and past:
            last = max(past, key=_last_date)
            days = (self.as_of - _last_date(last)).days
            return Finding(Truth.FALSE, f"last {concept.id}: {_describe(last, concept)}, {days} days before "
                                        f"screening (outside the last {within_days} days)")
        kind = self._kind_of_broader(concept)
        if kind is not None:
            return kind
        what = {"current": "current", "ever": "past or current", "window": "recent"}[timing]
        not_current = self._not_current(concept, entries) if timing != "ever" else ""
        listed = COMPLETE_LIST[concept.kind]
        if listed_complete(concept, self.patient.complete):
            return Finding(Truth.FALSE, f"{not_current}no {what} {concept.id} on the complete {listed[1]}")
        unlisted = f" (the complete {listed[1]} is no evidence of its absence)" \
            if listed[0] in self.patient.complete else ""
        return Finding(Truth.UNKNOWN, f"{not_current}no record of {what} {concept.id} status{unlisted}",
                       (f"{concept.id} status (record it present or absent)",))

    def _kind_of_broader(self, concept: Concept) -> Optional[Finding]:
        """A record of a sibling settles a concept that has a broader one (a type 1 diabetes
        is no type 2); a record of the broader concept that is neither it nor a sibling
        (diabetes without its type) leaves it open. None when no such record is there."""
        if concept.broader is None:
            return None
        table = concepts()
        broader, siblings = table[concept.broader], table.siblings(concept.id)
        others = [e for e in self._pool(concept) if _present(e) and self._in_time(e, "ever", None)
                  and not self.matches(concept.id, e)]
        for e in others:
            sibling = next((s for s in siblings if self.matches(s, e)), None)
            if sibling is not None:
                return Finding(Truth.FALSE, f"{sibling} recorded: {_describe(e, table[sibling])}, "
                                            f"which is no {concept.id}")
        unsaid = next((e for e in others if self.matches(broader.id, e)), None)
        if unsaid is None:
            return None
        return Finding(Truth.UNKNOWN, f"{_describe(unsaid, broader)} does not say whether it is {concept.id} "
                                      f"(settled by {broader.narrowed_by})", (broader.narrowed_by,))

    def courses(self, concept: Concept) -> Union[list[tuple[int, Entry]], Finding]:
        """(days since, entry) for every dated course of a treatment or procedure, newest
        first, or why none is known. An undated course alongside dated ones is returned
        as (None, entry): it cannot be placed, so it leaves the answer open."""
        entries = self.entries(concept)
        dated = [e for e in entries if _present(e) and _last_date(e) and _last_date(e) <= self.as_of]
        undated = [e for e in entries if _present(e) and _last_date(e) is None]
        unread = self.unreadable(concept)
        if dated:
            dated.sort(key=_last_date, reverse=True)
            return [((self.as_of - _last_date(e)).days, e) for e in dated] + \
                [(None, e) for e in undated + unread]
        if any(e.status == "absent" for e in entries if isinstance(e, ConditionEntry)):
            return Finding(Truth.TRUE, f"no prior {concept.id} (recorded absent)")
        if undated:
            return Finding(Truth.UNKNOWN, f"{_describe(undated[0], concept)}: recorded without a date",
                           (date_needed(undated[0]),))
        if unread:
            return Finding(Truth.UNKNOWN, unread_reason(concept, unread), (VOCABULARY_NEEDED,))
        if listed_complete(concept, self.patient.complete):
            return Finding(Truth.TRUE, f"no prior {concept.id} on the complete {COMPLETE_LIST[concept.kind][1]}")
        return Finding(Truth.UNKNOWN, f"no record of prior {concept.id}",
                       (f"{concept.id} history (dates, or recorded absent)",))

    def _still_true(self, concept: Concept, e: Entry) -> Optional[str]:
        """Why a record of a state that is in time no longer counts as current (None: it does)."""
        rule = concept.current
        if rule is None or not isinstance(e, ConditionEntry) or e.date is None:
            return None
        # A delivery or termination is often coded as a procedure, not a condition: either ends it.
        records = [*self.patient.conditions, *self.patient.procedures]
        ender = next((x for x in records if isinstance(x, (ConditionEntry, ProcedureEntry)) and _present(x)
                      and x.date and e.date <= x.date <= self.as_of and rule.ends(x.name)), None)
        if ender is not None:
            return f"{_describe(e, concept)} ended by {_describe(ender)}"
        days = (self.as_of - e.date).days
        if e.end is None and days > rule.lasts_days:
            return (f"{_describe(e, concept)} is not current: {days} days before screening, and a record of "
                    f"{concept.id} stays current for at most {rule.lasts_days} days without a newer one")
        return None

    def _why_current(self, concept: Concept, e: Entry, timing: str) -> str:
        if concept.current is None or not isinstance(e, ConditionEntry):
            return ""
        if timing == "window" and not self._ongoing(concept, e, timing):
            return ""  # placed by its own date
        if timing == "ever":
            return ""
        if e.date is None:
            return " (undated: taken as stated now)"
        if e.end is not None:
            return f" (ends {e.end}, on or after the screening date)"
        return (f" ({(self.as_of - e.date).days} days before screening, within the "
                f"{concept.current.lasts_days} days a record of {concept.id} stays current)")

    def _not_current(self, concept: Concept, entries: list[Entry]) -> str:
        """Which records were seen and why none is current: 'X on D, ended E: past; '."""
        said = []
        for e in entries:
            if not _present(e):
                continue
            end = _end_date(e) if isinstance(e, ConditionEntry) else None
            if end is not None and end < self.as_of:
                said.append(f"{_describe(e, concept)}, ended {end}: past")
            elif _start_date(e) and _start_date(e) > self.as_of:
                said.append(f"{_describe(e, concept)}: dated after the screening date, not used")
            else:
                said.append(self._still_true(concept, e) or "")
        return "".join(f"{s}; " for s in said if s)

    def _ongoing(self, concept: Concept, e: Entry, timing: str) -> bool:
        """A state's record with no end date that is still current lies in any window
        that ends on the screening date."""
        return timing == "window" and concept.current is not None and isinstance(e, ConditionEntry) \
            and e.end is None and not (e.date and e.date > self.as_of) and self._still_true(concept, e) is None

    def _over_before(self, concept: Concept, e: Entry, within_days: Optional[int]) -> bool:
        """Is the record over before the window? A state's record with no end date is only
        when even its longest span ends before the window starts."""
        if concept.current is None or not isinstance(e, ConditionEntry) or e.end is not None:
            return True
        return (self.as_of - e.date).days > (within_days or 0) + concept.current.lasts_days

    def _in_time(self, e: Entry, timing: str, within_days: Optional[int]) -> bool:
        start, end = _start_date(e), _end_date(e)
        if start and start > self.as_of:
            return False
        if timing == "ever":
            return True
        if timing == "current":
            return end is None or end >= self.as_of
        last = end or start  # undated: cannot be placed in the window (has() says so)
        return (last is not None and (self.as_of - last).days <= (within_days or 0)) or \
            (end is None and isinstance(e, MedicationEntry) and e.status == "active")

    def _recorded_absent(self, concept: Concept, entries: list[Entry], timing: str) -> Optional[str]:
        for e in entries:
            if not isinstance(e, ConditionEntry) or e.status != "absent":
                continue
            if e.date is None:
                if concept.sex:  # pregnancy and nursing must be shown recently
                    return None
                return f"{concept.id} recorded absent: {e.name} (undated)"
            age = (self.as_of - e.date).days
            if timing == "ever" or age <= self.recency_days:
                return f"{concept.id} recorded absent: {e.name} on {e.date}"
        return None


# record kind -> (the profile's list, what the reason calls it when declared complete)
COMPLETE_LIST = {"condition": ("conditions", "problem list"), "medication": ("medications", "medication list"),
                 "procedure": ("procedures", "procedure list")}


# What settles a record coded by an OMOP concept id (engine.sql.codes reads these tables).
VOCABULARY_NEEDED = "the OMOP vocabulary tables concept, concept_relationship and concept_ancestor (--vocabulary)"


def unread_reason(concept: Concept, unread: list[Entry]) -> str:
    return (f"{len(unread)} record(s) coded by OMOP concept id ({named(unread[0])} ...) cannot be read as "
            f"{concept.id} or not without {VOCABULARY_NEEDED}")


def listed_complete(concept: Concept, complete) -> bool:
    """Is silence about the concept absence: its list declared complete, and the concept
    one whose absence a complete list shows?"""
    return COMPLETE_LIST[concept.kind][0] in complete and concept.absent_when_unlisted


def date_needed(e: Entry) -> str:
    if isinstance(e, MedicationEntry):
        return f"date of the last dose of {e.name}"
    return f"date of {e.name}"


def _entry(item, kind: str) -> Entry:
    if not isinstance(item, str):
        return item
    return {"condition": ConditionEntry, "medication": MedicationEntry,
            "procedure": ProcedureEntry}[kind](name=item)


def _present(e: Entry) -> bool:
    return not (isinstance(e, ConditionEntry) and e.status == "absent")


def _start_date(e: Entry) -> Optional[date]:
    return e.start if isinstance(e, MedicationEntry) else e.date


def _end_date(e: Entry) -> Optional[date]:
    if isinstance(e, MedicationEntry):
        return e.end if e.end or e.status == "active" else (e.end or e.start)
    if isinstance(e, ConditionEntry):
        return e.end
    return e.date


def _last_date(e: Entry) -> Optional[date]:
    return _end_date(e) or _start_date(e)


def named(e: Entry, concept: Optional[Concept] = None) -> str:
    """A record's name, with the code it matched the concept by: "Normal pregnancy (SNOMED 72892002)".
    Records named here matched already: one coded by OMOP concept id matched a coded concept
    by that id (it is never read by name then)."""
    by_omop = concept is not None and concept.coded and split_code(e.code)[0] == OMOP
    if concept is not None and e.code and (by_omop or concepts().code_matches(concept.id, e.code)):
        return f"{e.name} ({code_label(e.code)})"
    return e.name


def _describe(e: Entry, concept: Optional[Concept] = None) -> str:
    if isinstance(e, MedicationEntry):
        when = f" from {e.start}" if e.start else ""
        until = f" to {e.end}" if e.end else (" (ongoing)" if e.status == "active" else "")
        return f"{named(e, concept)}{when}{until}"
    return named(e, concept) + (f" on {e.date}" if e.date else " (undated)")
