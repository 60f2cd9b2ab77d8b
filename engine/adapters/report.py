"""What a loader did with every record it read: used, or skipped and why.

Every adapter counts each input record (a FHIR resource, a table row or cell)
exactly once, so ``read == used + skipped`` always holds: a coordinator can check
that nothing vanished, and see at a glance which codes the catalogue does not know.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Optional

EXAMPLES_PER_REASON = 3


@dataclass
class CodeSeen:
    """One code (a LOINC code, a table's test name) and what became of it."""

    code: str
    display: str = ""
    analyte: Optional[str] = None       # the catalogue entry it mapped to, if any
    category: str = ""                  # FHIR Observation category (laboratory, vital-signs ...)
    numeric: int = 0                    # values that were numbers (valueQuantity, valueInteger)
    count: int = 0
    used: int = 0
    units: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)


@dataclass
class LoadReport:
    """Counts for one or more inputs: records read, used, skipped (with reasons)."""

    read: int = 0
    used: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    by_type: Counter = field(default_factory=Counter)       # records read per kind
    codes: dict[str, CodeSeen] = field(default_factory=dict)
    patients: int = 0
    notes: Counter = field(default_factory=Counter)         # used, but worth saying
    # Patients who had lab records and none used: id -> why their records were skipped.
    labs_all_skipped: dict[str, Counter] = field(default_factory=dict)

    # ------------------------------------------------------------ counting
    def use(self, kind: str, records: int = 1) -> None:
        self.read += records
        self.used += records
        self.by_type[kind] += records

    def skip(self, kind: str, reason: str, where: str = "") -> None:
        self.read += 1
        self.by_type[kind] += 1
        self._skipped(reason, where)

    def unuse(self, reason: str, where: str = "") -> None:
        """A record counted as used turned out not to be (a superseded preliminary)."""
        self.used -= 1
        self._skipped(reason, where)

    def note(self, text: str, times: int = 1) -> None:
        self.notes[text] += times

    def _skipped(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        if where:
            shown = self.examples.setdefault(reason, [])
            if len(shown) < EXAMPLES_PER_REASON:
                shown.append(where)

    def code(self, code: str, display: str = "", analyte: Optional[str] = None) -> CodeSeen:
        seen = self.codes.get(code)
        if seen is None:
            seen = self.codes[code] = CodeSeen(code, display, analyte)
        elif display and not seen.display:
            seen.display = display
        return seen

    # ------------------------------------------------------------- reading
    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def balanced(self) -> bool:
        """Records in = records out: every record read was used or skipped once."""
        return self.read == self.used + self.skipped_total

    def merge(self, other: "LoadReport") -> None:
        self.read += other.read
        self.used += other.used
        self.skipped.update(other.skipped)
        self.by_type.update(other.by_type)
        self.notes.update(other.notes)
        self.patients += other.patients
        self.labs_all_skipped.update(other.labs_all_skipped)
        for reason, where in other.examples.items():
            shown = self.examples.setdefault(reason, [])
            shown.extend(where[:EXAMPLES_PER_REASON - len(shown)])
        for code, seen in other.codes.items():
            mine = self.code(code, seen.display, seen.analyte)
            mine.category = mine.category or seen.category
            mine.count += seen.count
            mine.numeric += seen.numeric
            mine.used += seen.used
            mine.units.update(seen.units)
            mine.skipped.update(seen.skipped)

    def coverage(self, numeric: bool = False) -> tuple[int, int, int, int]:
        """(values used, values seen, codes mapped, codes seen): how much of the data the
        catalogue can read; ``numeric`` counts only values that were numbers."""
        if not numeric:
            codes = list(self.codes.values())
            return (sum(c.used for c in codes), sum(c.count for c in codes),
                    sum(1 for c in codes if c.analyte), len(codes))
        codes = [c for c in self.codes.values() if c.numeric]
        return (sum(min(c.used, c.numeric) for c in codes), sum(c.numeric for c in codes),
                sum(1 for c in codes if c.analyte), len(codes))

    def summary(self) -> str:
        """One line: '1,234 records read: 1,200 used, 34 skipped (20 x; 14 y)'."""
        text = (f"{self.patients:,} patient(s); {self.read:,} records read: {self.used:,} used, "
                f"{self.skipped_total:,} skipped")
        if self.skipped:
            top = "; ".join(f"{n:,} {reason}" for reason, n in self.skipped.most_common(6))
            more = len(self.skipped) - 6
            text += f" ({top}{f'; and {more} more reasons' if more > 0 else ''})"
        return text

    def all_skipped_summary(self, shown: int = 20) -> str:
        """One line naming each patient whose every lab record was skipped, with the reasons
        ('' when there is none)."""
        if not self.labs_all_skipped:
            return ""
        named = [f"{patient_id} ({'; '.join(f'{n:,} {reason}' for reason, n in reasons.most_common())})"
                 for patient_id, reasons in islice(self.labs_all_skipped.items(), shown)]
        more = len(self.labs_all_skipped) - shown
        return (f"{len(self.labs_all_skipped):,} patient(s) with every lab record skipped (kept, with "
                f"no lab results): {', '.join(named)}{f', and {more:,} more' if more > 0 else ''}")

    def to_dict(self) -> dict:
        return {
            "patients": self.patients, "read": self.read, "used": self.used,
            "skipped": dict(self.skipped.most_common()), "examples": self.examples,
            "by_type": dict(self.by_type.most_common()), "notes": dict(self.notes.most_common()),
            "labs_all_skipped": {patient_id: dict(reasons.most_common())
                                 for patient_id, reasons in self.labs_all_skipped.items()},
            "codes": [{"code": c.code, "display": c.display, "analyte": c.analyte, "count": c.count,
                       "category": c.category, "numeric": c.numeric, "used": c.used,
                       "units": dict(c.units), "skipped": dict(c.skipped)}
                      for c in sorted(self.codes.values(), key=lambda c: (-c.count, c.code))],
        }
