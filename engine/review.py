"""A person's review: what to check for each criterion the engine leaves to a person, and
the decisions that settle those criteria.

A decision says, for one trial and criterion id, ``met``, ``not met`` or ``not applicable``,
with a note, the reviewer's name and the date decided (given, never today's clock: the
date is part of the record). Only a criterion the engine cannot decide from data (one
with a manual-review part, or marked ``review: person`` in the rules file) may be settled
by a person; see ``decisions_for``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Iterable, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .analytes import catalogue
from .documents import MAX_INPUT_BYTES, compose_yaml, load_yaml, parse_document, read_text
from .errors import EngineError, InputError

if TYPE_CHECKING:
    import yaml

ReviewOutcome = Literal["met", "not met", "not applicable"]
REVIEW_OUTCOMES: tuple[str, ...] = ("met", "not met", "not applicable")


def _iso_date(value: Any) -> date:
    """A date as written in a file or JSON: a YAML date or 'YYYY-MM-DD' text, nothing else
    (a number is no date)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected a date as YYYY-MM-DD")


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected the reviewer's name")
    return value.strip()


class Decision(BaseModel):
    """A person's decision on one criterion of one trial."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    trial: str = Field(min_length=1, max_length=64)
    criterion: str = Field(min_length=1, max_length=64)
    outcome: ReviewOutcome
    note: str = Field(default="", max_length=2000)
    reviewer: Annotated[str, BeforeValidator(_name)] = Field(max_length=200)
    decided: Annotated[date, BeforeValidator(_iso_date)]


# The reasons the rules loader gives a criterion a person settles ('review: person'), and
# one whose section the record does not say (no decision settles it: 'met' would mean the
# opposite in an exclusion).
PERSON_SETTLES = "settled by a person: the rules file marks it 'review: person'"
UNCERTAIN_SECTION = ("needs review: the record does not say whether this is an inclusion or an "
                     "exclusion criterion (set its section)")


class DecisionError(EngineError):
    """A decision that cannot settle what it names: an unknown trial or criterion, a
    criterion the engine decides from data, or two decisions on one criterion."""


def for_trial(decisions: Iterable[Decision], trial_id: str) -> tuple[Decision, ...]:
    return tuple(d for d in decisions if d.trial == trial_id)


def unknown_trials(decisions: Iterable[Decision], trial_ids: Iterable[str]) -> list[str]:
    """The trials decisions name that are not among ``trial_ids``, in order, once each."""
    known = set(trial_ids)
    return list(dict.fromkeys(d.trial for d in decisions if d.trial not in known))


def decisions_for(trial, decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The decisions of one screening, by criterion id, checked against the trial.

    A decision on a criterion the engine decides from data is refused, not recorded as a
    disagreement: such a criterion is decided by the patient's record (a lab value, a
    recorded diagnosis), and a person who finds the record wrong must correct the record,
    where every later screening sees it. A kept disagreement that the verdict ignored
    would read as a review on the printout while changing nothing; one the verdict obeyed
    would let a note override a measured value. A criterion that is always a person's to
    settle is marked ``review: person`` in the rules file, where it holds for every patient.
    """
    found: dict[str, Decision] = {}
    for decision in decisions:
        if decision.trial != trial.id:
            raise DecisionError(f"decision for trial {decision.trial}, criterion {decision.criterion}: "
                                f"this screening is for trial {trial.id}")
        criterion = _criterion(trial, decision.criterion)
        if criterion is None:
            raise DecisionError(f"decision for trial {trial.id}: no criterion {decision.criterion!r} "
                                f"in that trial's rules")
        if criterion.evaluable:
            raise DecisionError(f"decision for trial {trial.id}, criterion {decision.criterion}: the engine "
                                f"decides it from the patient's data, so a person's decision cannot "
                                f"settle it (correct the record, or mark it 'review: person' in the "
                                f"rules file)")
        if getattr(criterion.tree, "reason", None) == UNCERTAIN_SECTION:
            raise DecisionError(f"decision for trial {trial.id}, criterion {decision.criterion}: its section "
                                f"(inclusion or exclusion) is not set in the rules file, so 'met' has no "
                                f"meaning yet: set the section first")
        if decision.criterion in found:
            raise DecisionError(_twice(trial.id, decision.criterion))
        found[decision.criterion] = decision
    return found


def _twice(trial_id: str, criterion_id: str) -> str:
    return f"two decisions for trial {trial_id}, criterion {criterion_id}: keep one"


def _criterion(trial, criterion_id: str):
    try:
        return trial.criterion(criterion_id)
    except KeyError:
        return None


def settles(decision: Decision, section: str) -> str:
    """The status a decision gives a criterion: 'not met' on an inclusion and 'met' on an
    exclusion fail; 'not applicable' settles it neutrally."""
    if decision.outcome == "not applicable":
        return "pass"
    failing = "not met" if section == "inclusion" else "met"
    return "fail" if decision.outcome == failing else "pass"


def in_words(decision: Decision) -> str:
    """'reviewed: met (Sample Coordinator, 2026-10-30): pathology report ...'"""
    note = f": {decision.note}" if decision.note else ""
    return f"reviewed: {decision.outcome} ({decision.reviewer}, {decision.decided.isoformat()}){note}"


def by_whom(decisions: Iterable[Decision]) -> str:
    """Who decided and when, in a few words: 'Sample Coordinator, 2026-10-30' or
    'A. Reviewer, B. Reviewer, 2026-10-29 to 2026-10-30'."""
    decisions = list(decisions)
    names = ", ".join(dict.fromkeys(d.reviewer for d in decisions))
    days = sorted({d.decided for d in decisions})
    when = days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()} to {days[-1].isoformat()}"
    return f"{names}, {when}"


# ------------------------------------------------------------- what to check
@lru_cache(maxsize=1)
def _check_kinds() -> tuple[tuple[re.Pattern, str], ...]:
    text = resources.files("engine").joinpath("data").joinpath("review_checks.yaml").read_text("utf-8")
    data = load_yaml(text)
    return tuple((_cue_pattern(kind["cues"], _analyte_names(kind.get("analyte_categories", ()))), kind["check"])
                 for kind in data["kinds"]) + ((re.compile(""), data["otherwise"]),)


def _analyte_names(categories) -> list[str]:
    wanted = set(categories)
    return [name for analyte in catalogue().by_id.values() if analyte.category in wanted
            for name in (analyte.id, *analyte.aliases)]


def _cue_pattern(cues: list[str], names: list[str] = ()) -> re.Pattern:
    """Cues at the start of a word; one in capitals (an abbreviation), and a name, as a
    whole word only."""
    forms = [re.escape(cue) + (r"\b" if cue.isupper() else "") for cue in cues] + \
        [re.escape(name) + r"\b" for name in sorted(names, key=len, reverse=True)]
    return re.compile(r"\b(?:" + "|".join(forms) + ")", re.I)


_LEADING_ENUMERATOR = re.compile(r"^\s*(?:[-*•]|\(?[0-9ivx]{1,4}[.)]|\(?[a-z][.)])\s+", re.I)


@lru_cache(maxsize=8192)
def check_for(text: str, section: str) -> str:
    """What a person must check, in a coordinator's words: where to look (by the kind of
    thing the criterion names, engine/data/review_checks.yaml), then the criterion."""
    where = next(check for pattern, check in _check_kinds() if pattern.search(text))
    what = _as_clause(text)
    return f"{where} (excludes if so): {what}" if section == "exclusion" else f"{where}: {what}"


def _as_clause(text: str) -> str:
    """The criterion as the end of a sentence: no list marker, no final stop, a capital
    dropped unless the first word is an abbreviation ("HER2-positive" stays)."""
    body = _LEADING_ENUMERATOR.sub("", " ".join(text.split())).rstrip(" .;:")
    first = body.split(" ", 1)[0]
    if first[:1].isupper() and not any(c.isupper() or c.isdigit() for c in first[1:]):
        body = body[0].lower() + body[1:]
    return body


# ------------------------------------------------------------- decision files
DECISIONS_SUFFIXES = (".decisions.yaml", ".decisions.yml")
FILE_KEYS = ("patient", "reviewer", "decided", "decisions")


def is_decisions_file(path: Path) -> bool:
    return path.name.lower().endswith(DECISIONS_SUFFIXES)


def decisions_beside(profile: Path) -> Optional[Path]:
    """The decisions file kept beside a profile (p01.yaml -> p01.decisions.yaml), if any."""
    for suffix in DECISIONS_SUFFIXES:
        candidate = profile.with_name(profile.name[: -len(profile.suffix)] + suffix) if profile.suffix \
            else profile.with_name(profile.name + suffix)
        if candidate.is_file():
            return candidate
    return None


class DecisionsFile(BaseModel):
    """A decisions file read: whose decisions, and the decisions."""

    model_config = ConfigDict(defer_build=True, frozen=True)
    path: str
    patient: str
    decisions: tuple[Decision, ...]
    # 'line:column' of each decision, for errors found once the trials are known.
    places: tuple[str, ...] = ()


def load_decisions(path: Union[str, Path], max_bytes: int = MAX_INPUT_BYTES) -> DecisionsFile:
    """A decisions file (YAML)::

        patient: P01-ELIGIBLE-US        # whose decisions: must be the screened patient's id
        reviewer: Sample Coordinator    # for every decision below that names none
        decided: 2026-10-30             # likewise
        decisions:
          - {trial: NCT00699491, criterion: inc-01, outcome: met, note: "Pathology report ..."}

    Every error names the file, line and column and what was expected, never the value.
    """
    path = Path(path)
    text = read_text(path, max_bytes)
    data = parse_document(text, path)
    places = _places(text)
    if not isinstance(data, dict):
        raise InputError("a decisions file must be a mapping with patient and decisions", str(path), "1:1")
    unknown = [key for key in data if key not in FILE_KEYS]
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; expected {', '.join(FILE_KEYS)}", str(path),
                         places.get((str(unknown[0]),), ""))
    patient = data.get("patient")
    if not isinstance(patient, (str, int)) or isinstance(patient, bool) or not str(patient).strip():
        raise InputError("patient: expected the id of the patient these decisions are for", str(path),
                         places.get(("patient",), "1:1"))
    entries = data.get("decisions")
    if not isinstance(entries, list) or not entries:
        raise InputError("decisions: expected a list of decisions (trial, criterion, outcome, note)",
                         str(path), places.get(("decisions",), "1:1"))
    defaults = {key: data[key] for key in ("reviewer", "decided") if key in data}
    decisions = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError(f"decisions.{index}: expected a mapping with trial, criterion, outcome",
                             str(path), places.get(("decisions", index), ""))
        decisions.append(_decision({**defaults, **entry}, index, path, places))
    return DecisionsFile(path=str(path), patient=str(patient).strip(), decisions=tuple(decisions),
                         places=tuple(places.get(("decisions", i), "") for i in range(len(decisions))))


def check_against(file: DecisionsFile, trials) -> list[str]:
    """A decisions file checked against the trials screened: the first decision that cannot
    settle what it names raises InputError at its line and column. Returns the trial ids the
    file names that are not among ``trials`` (a file may cover more trials than one run screens)."""
    by_id = {trial.id: trial for trial in trials}
    seen: set[tuple[str, str]] = set()
    for decision, place in zip(file.decisions, file.places):
        trial = by_id.get(decision.trial)
        if trial is None:
            continue
        try:
            decisions_for(trial, [decision])
        except DecisionError as exc:
            raise InputError(str(exc), file.path, place) from None
        if (decision.trial, decision.criterion) in seen:
            raise InputError(_twice(decision.trial, decision.criterion), file.path, place)
        seen.add((decision.trial, decision.criterion))
    return unknown_trials(file.decisions, by_id)


_EXPECTED = {"outcome": "one of " + ", ".join(REVIEW_OUTCOMES), "decided": "a date as YYYY-MM-DD",
             "reviewer": "the reviewer's name (here or at the top of the file)",
             "trial": "the trial id (e.g. NCT00699491)", "criterion": "the criterion id (e.g. inc-01)",
             "note": "text"}


def _decision(fields: dict, index: int, path: Path, places: dict) -> Decision:
    try:
        return Decision.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        if error["type"] == "extra_forbidden":
            expected = f"unknown key; expected {', '.join(Decision.model_fields)}"
        elif error["type"] == "missing":
            expected = f"missing: expected {_EXPECTED.get(field, field)}"
        else:
            expected = f"expected {_EXPECTED.get(field, field)}"
        where = places.get(("decisions", index, field)) or places.get(("decisions", index), "")
        raise InputError(f"decisions.{index}.{field}: {expected}", str(path), where) from None


def _places(text: str) -> dict[tuple, str]:
    """'line:column' (from 1) of the top-level keys, each decision and each decision's keys."""
    import yaml   # here, as in engine/documents.py: `elig explain` imports this module, reads no YAML
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return {}
    places: dict[tuple, str] = {}
    if not isinstance(root, yaml.MappingNode):
        return places
    for key, value in root.value:
        places[(key.value,)] = _place(key)
        if key.value != "decisions" or not isinstance(value, yaml.SequenceNode):
            continue
        for index, entry in enumerate(value.value):
            places[("decisions", index)] = _place(entry)
            if isinstance(entry, yaml.MappingNode):
                for field, _ in entry.value:
                    places[("decisions", index, field.value)] = _place(field)
    return places


def _place(node: yaml.Node) -> str:
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"
