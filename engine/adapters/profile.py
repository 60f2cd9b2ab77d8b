"""Collects one patient's data from any source, then builds the Patient once.

Adapters add entries as they read records (in any order: a bulk file may give a
patient's Observations before the Patient resource); ``build`` applies the rules
that need the whole picture (a preliminary result is used only when the same test
has no final result; medication references are resolved) and counts what it drops.
"""
from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Optional

from pydantic import ValidationError

from ..analytes import catalogue
from ..errors import InputError, values_shown
from ..patients import (ConditionEntry, MedicationEntry, Patient, ProcedureEntry, _describe,
                        lab_fields, lab_result, lab_results)
from .report import LoadReport

SUPERSEDED = "preliminary result: a final result for the same test exists"
UNRESOLVED = "medication reference not found"


@contextmanager
def paused_gc():
    """Bulk loads allocate millions of small objects and no reference cycles: the cyclic
    collector would rescan them over and over (about half the load time), so it waits."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class PendingMedication:
    """A medication statement or order whose drug is a reference, resolved at build time."""

    reference: str
    display: str
    status: str
    start: Optional[dt.date]
    end: Optional[dt.date]
    where: str


@dataclass
class ProfileBuilder:
    """``validate``: every lab goes through the model's validation (one patient's
    Bundle); the bulk readers set it False and rely on ``lab_fields``'s fast check, and
    the LabResults are made a list at a time when the patient is built."""

    id: str
    validate: bool = True
    name: Optional[str] = None
    mrn: Optional[str] = None
    sex: str = "unknown"
    birth_date: Optional[dt.date] = None
    age: Optional[float] = None         # years
    weight_kg: Optional[float] = None
    height_cm: Optional[float] = None
    labs: list[dict] = field(default_factory=list)          # each lab's LabResult fields
    # (position in labs, record) of each preliminary lab: the record is reported as unused
    # when a final result supersedes all its labs. A record's labs share its status, so
    # final labs need no record.
    preliminary: list[tuple[int, str]] = field(default_factory=list)
    conditions: list[ConditionEntry] = field(default_factory=list)
    medications: list[MedicationEntry] = field(default_factory=list)
    pending: list[PendingMedication] = field(default_factory=list)
    procedures: list[ProcedureEntry] = field(default_factory=list)
    # Why each of this patient's skipped lab records was skipped (made at the first skip).
    skipped_labs: Optional[Counter] = None

    def add_lab(self, test: str, value: float, unit: Optional[str], date: Optional[dt.date],
                comparator: Optional[str] = None, low: Optional[float] = None,
                high: Optional[float] = None, status: str = "final", record: str = "") -> None:
        if self.validate:
            fields = lab_result(test, value, unit, date, comparator, low, high, status, validate=True).__dict__
        else:
            fields = lab_fields(test, value, unit, date, comparator, low, high, status)
        if status != "final":
            self.preliminary.append((len(self.labs), record))
        self.labs.append(fields)

    def skip_lab(self, reason: str) -> None:
        """A lab record of this patient's that was skipped (the report counts it too)."""
        if self.skipped_labs is None:
            self.skipped_labs = Counter()
        self.skipped_labs[reason] += 1

    def add_lab_fields(self, fields: dict, record: str = "") -> None:
        """A lab given as ``lab_fields`` gives it (a bulk reader that made the dict itself,
        from values of exactly the fields' types)."""
        if fields["status"] != "final":
            self.preliminary.append((len(self.labs), record))
        self.labs.append(fields)

    def build(self, report: LoadReport, medications: Optional[dict] = None, origin: str = "") -> Patient:
        """The Patient, after dropping superseded preliminaries and resolving drug references."""
        labs = lab_results(self._final_over_preliminary(report))
        meds = self.medications + self._resolved(medications or {}, report)
        try:
            patient = Patient(id=self.id, name=self.name, mrn=self.mrn, sex=self.sex, birth_date=self.birth_date,
                              age=self.age, weight_kg=self.weight_kg, height_cm=self.height_cm, labs=labs,
                              conditions=self.conditions, medications=meds, procedures=self.procedures)
        except ValidationError as exc:
            who = f"patient {self.id}: " if values_shown() else ""
            raise InputError(f"{who}{_describe(exc)}", origin) from None
        report.patients += 1
        if self.skipped_labs and not labs:
            report.labs_all_skipped[self.id] = self.skipped_labs
        return patient

    def _final_over_preliminary(self, report: LoadReport) -> list[dict]:
        if not self.preliminary:
            return self.labs
        cat = catalogue()
        final = {cat.lookup(lab["test"]).id for lab in self.labs if lab["status"] == "final"}
        dropped, dropped_from, kept_from = set(), {}, set()
        for position, record in self.preliminary:
            test = self.labs[position]["test"]
            if cat.lookup(test).id in final:
                dropped.add(position)
                dropped_from[record] = test
            else:
                kept_from.add(record)
        for record in dropped_from.keys() - kept_from:     # a record is dropped only once, whole
            report.unuse(SUPERSEDED, record)
        return [lab for position, lab in enumerate(self.labs) if position not in dropped]

    def _resolved(self, medications: dict, report: LoadReport) -> list[MedicationEntry]:
        found = []
        for item in self.pending:
            drug = medications.get(item.reference)
            name, code = drug if drug else (item.display, None)
            if not name:
                report.unuse(UNRESOLVED, item.where)
                continue
            found.append(MedicationEntry(name=name, code=code, status=item.status, start=item.start,
                                         end=item.end))
        return found
