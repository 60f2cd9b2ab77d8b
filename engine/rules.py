"""Rules files (rules/<NCT id>.yaml) -> Trial, every criterion compiled.

Loading collects every structural problem in a file (bad YAML, missing keys,
duplicate ids, unknown parents, an ``expr:`` override that does not compile) and
raises once with file:line for each. Free text that the engine cannot read is not
an error: it becomes manual review, and ``problems()`` reports it for ``elig check``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict

import re

from .cohorts import same_cohort
from .criteria import Criterion, compile_criterion
from .nodes import Manual
from .errors import CriterionError, InputError, RulesError
from .documents import MAX_INPUT_BYTES, compose_yaml, decode_text, parse_document, read_bytes
from .readings import DEFAULT_RECENCY_DAYS
from .review import PERSON_SETTLES, UNCERTAIN_SECTION
from .trusted import made

CRITERION_KEYS = {"id", "section", "text", "expr", "parent", "note", "origin", "review"}
# `review: person`: a criterion a person always settles, whatever the engine could read
# in it (engine/review.py); the only value.
REVIEW_BY_PERSON = "person"
SECTIONS = ("inclusion", "exclusion")
# A criterion imported under a heading that does not say inclusion or exclusion
# (engine/ctgov.py): read, but never decided until a person sets its section.
UNCERTAIN = "uncertain"


class Trial(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    id: str
    title: str = ""
    source: str = ""
    path: str = ""
    recency_days: int = DEFAULT_RECENCY_DAYS
    cohorts: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...]
    lines: dict[str, int] = {}
    # The rules file's SHA-256 as loaded, 12 hex digits (rules_version); empty without a file.
    version: str = ""

    @property
    def declared_cohorts(self) -> tuple[str, ...]:
        """The cohorts a screening may name: those declared, else those the criteria's
        scope notes name ("(phase II only)")."""
        return self.cohorts or tuple(dict.fromkeys(c.cohort for c in self.criteria if c.cohort))

    @property
    def coverage(self) -> tuple[int, int]:
        """(machine-evaluable criteria, all criteria)."""
        return sum(c.evaluable for c in self.criteria), len(self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


def rules_version(trial: Trial) -> str:
    """Which version of the rules a screening used, in batch outputs and the screening log:
    the first 12 hex digits of the SHA-256 of the rules file as loaded (of the compiled trial
    when it came from no file)."""
    return trial.version or _version(trial.model_dump_json().encode())


def _version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def is_rules_document(data) -> bool:
    return isinstance(data, dict) and "criteria" in data


def load_trial(path: Union[str, Path], max_bytes: int = MAX_INPUT_BYTES) -> Trial:
    """A rules file of at most ``max_bytes``, every criterion compiled."""
    path = Path(path)
    raw = read_bytes(path, max_bytes)
    text = decode_text(raw, path)
    data = parse_document(text, path)
    if not is_rules_document(data):
        raise InputError("not a rules file: expected a mapping with 'trial' and 'criteria'", str(path))
    trial = trial_from_dict(data, str(path), _line_numbers(text))
    # The version of the bytes compiled, not of the file later: it may change under a running service.
    return trial.model_copy(update={"version": _version(raw)})


def trial_from_dict(data: dict, origin: str = "", lines: Optional[dict[int, int]] = None) -> Trial:
    lines = lines or {}
    problems: list[str] = []
    trial_id = data.get("trial")
    if not isinstance(trial_id, str) or not trial_id:
        problems.append(f"{origin}: 'trial' must name the trial (e.g. NCT00699491)")
    defaults = data.get("defaults") or {}
    recency = defaults.get("lab_recency_days", DEFAULT_RECENCY_DAYS)
    if not isinstance(recency, int) or isinstance(recency, bool) or recency < 0:
        problems.append(f"{origin}: defaults.lab_recency_days must be a whole number of days")
        recency = DEFAULT_RECENCY_DAYS
    entries = data.get("criteria")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{origin}: 'criteria' must be a non-empty list")
        entries = []
    criteria, line_of = _criteria(entries, origin, lines, problems)
    if problems:
        raise RulesError(origin, problems)
    cohorts = tuple(str(c) for c in data.get("cohorts") or ()) or \
        tuple(dict.fromkeys(c.cohort for c in criteria if c.cohort))
    return made(Trial, id=trial_id, title=str(data.get("title", "")), source=str(data.get("source", "")),
                 path=origin, recency_days=recency, cohorts=cohorts, criteria=tuple(criteria),
                 lines=line_of)


# How a parent line frames its sub-bullets: a sub-bullet is read in its parent's context.
_EXCEPTION_PARENT = re.compile(r"\b(except|exception|unless|allowed|permitted|eligible|provided)\b", re.I)
_LIST_PARENT = re.compile(r"\b(one of|any of|either|major|minor|points?|score)\b|[≥>]=?\s*\d+\s+(of|major|minor)",
                          re.I)
_NEGATED_PARENT = re.compile(r"^\W*(no|not|none|without|absence of|never)\b", re.I)
# A judgement a "No ... including:" parent puts on each of its items ("No uncontrolled
# illness including ... cardiac arrhythmia"): an item that does not say its own is that
# judgement of the concept, not the concept at large, so a person settles it.
_JUDGED = re.compile(r"\b(uncontrolled|poorly controlled|(clinically )?significant|serious|severe|active|"
                     r"unstable|symptomatic)\b", re.I)


def parent_reading(ancestors: list[str]) -> str:
    """"standalone", "negated" (children of "No ... including:" are exclusions) or
    "manual" (children of an exception or a scoring list are not requirements alone)."""
    if any(_EXCEPTION_PARENT.search(a) for a in ancestors):
        return "manual"
    negations = sum(bool(_NEGATED_PARENT.match(a)) for a in ancestors)
    if negations == 1 and len(ancestors) == 1:  # "No ... including any of the following:" = none of
        return "negated"
    if negations or any(_LIST_PARENT.search(a) for a in ancestors):
        return "manual"
    return "standalone"


def _criteria(entries: list, origin: str, lines: dict[int, int], problems: list[str]):
    criteria: list[Criterion] = []
    line_of: dict[str, int] = {}
    texts = {e.get("id"): e for e in entries if isinstance(e, dict)}
    for index, entry in enumerate(entries):
        where = f"{origin}:{lines.get(index, '?')}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: criterion {index + 1} must be a mapping with id, section, text")
            continue
        criterion = _criterion(entry, where, problems, _ancestors(entry, texts))
        if criterion is None:
            continue
        if criterion.id in line_of:
            problems.append(f"{where}: duplicate id '{criterion.id}'")
        line_of[criterion.id] = lines.get(index, 0)
        criteria.append(criterion)
    known = set(line_of)
    for criterion in criteria:
        if criterion.parent and criterion.parent not in known:
            problems.append(f"{origin}:{line_of[criterion.id]}: {criterion.id}: parent "
                            f"'{criterion.parent}' is not a criterion id in this file")
    return criteria, line_of


def _ancestors(entry: dict, entries: dict) -> list[str]:
    found, seen = [], set()
    parent = entries.get(entry.get("parent"))
    while parent is not None and parent.get("id") not in seen:
        seen.add(parent.get("id"))
        found.append(str(parent.get("text", "")))
        parent = entries.get(parent.get("parent"))
    return found


def _criterion(entry: dict, where: str, problems: list[str], ancestors: list[str]
               ) -> Optional[Criterion]:
    unknown = set(entry) - CRITERION_KEYS
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                        f"expected {', '.join(sorted(CRITERION_KEYS))}")
    cid, section, text = entry.get("id"), entry.get("section", "inclusion"), entry.get("text")
    if not isinstance(cid, str) or not cid:
        problems.append(f"{where}: criterion needs an 'id'")
        return None
    if section not in (*SECTIONS, UNCERTAIN):
        problems.append(f"{where}: {cid}: section must be inclusion, exclusion or uncertain, not {section!r}")
        return None
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: {cid}: 'text' must be the criterion as written")
        return None
    review = entry.get("review")
    if review is not None and review != REVIEW_BY_PERSON:
        problems.append(f"{where}: {cid}: review must be '{REVIEW_BY_PERSON}' (a criterion a person always "
                        f"settles), not {review!r}")
        return None
    if review and entry.get("expr"):
        problems.append(f"{where}: {cid}: 'review: person' and 'expr' together: a person settles it, so "
                        f"the engine's reading would never be used (keep one)")
        return None
    reading = parent_reading(ancestors) if not entry.get("expr") else "standalone"
    try:
        criterion = compile_criterion(text, "inclusion" if section == UNCERTAIN else section, id=cid,
                                      expr=entry.get("expr"), parent=entry.get("parent"), note=entry.get("note"))
    except CriterionError as exc:
        problems.append(f"{where}: {cid}: expr does not compile: {exc.render()}")
        return None
    if section == UNCERTAIN:
        return criterion.with_tree(made(Manual, reason=UNCERTAIN_SECTION))
    if review:
        return criterion.with_tree(made(Manual, reason=PERSON_SETTLES))
    return _in_context(criterion, reading, ancestors)


def _in_context(criterion: Criterion, reading: str, ancestors: list[str]) -> Criterion:
    # Read whole or in part, a child of a scoring list or an exception is no requirement
    # alone ("Bone marrow plasmacytosis 10-29%" is one minor criterion of "≥ 3 minor").
    if reading == "manual" and criterion.tree.kind != "manual":
        return criterion.with_tree(made(Manual, 
            reason=f"needs manual review: read with its parent '{ancestors[0]}'"))
    if reading == "negated" and _JUDGED.search(ancestors[0]) and not _JUDGED.search(criterion.text):
        # Still an exclusion of its parent, so a reviewer's "met" excludes, as on its siblings.
        judged = _JUDGED.search(ancestors[0]).group()
        fields = {name: getattr(criterion, name) for name in type(criterion).model_fields}
        return made(Criterion, **{**fields, "section": "exclusion" if criterion.section == "inclusion" else "inclusion",
                            "tree": made(Manual, reason=f"needs manual review: its parent asks whether it is "
                                                  f"{judged.lower()} ('{ancestors[0]}')"),
                            "note": criterion.note or f"read as an exclusion: its parent says '{ancestors[0]}'"})
    if reading == "negated":
        flipped = "exclusion" if criterion.section == "inclusion" else "inclusion"
        again = compile_criterion(criterion.text, flipped, id=criterion.id, parent=criterion.parent,
                                  note=criterion.note)
        return again.model_copy(update={"note": criterion.note or
                                        f"read as {flipped}: its parent says '{ancestors[0]}'"})
    return criterion


def _line_numbers(text: str) -> dict[int, int]:
    """Line (1-based) of each criterion entry, from the YAML node tree."""
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value == "criteria" and isinstance(value, yaml.SequenceNode):
            return {i: node.start_mark.line + 1 for i, node in enumerate(value.value)}
    return {}


def problems(trial: Trial) -> list[tuple[str, str]]:
    """(severity, 'file:line: id: message') for every criterion problem, for `elig check`."""
    found: list[tuple[str, str]] = []
    for criterion in trial.criteria:
        where = f"{trial.path}:{trial.lines.get(criterion.id, '?')}: {criterion.id}"
        if criterion.cohort and not any(same_cohort(criterion.cohort, c, trial.cohorts) for c in trial.cohorts):
            found.append(("warning", f"{where}: warning: cohort '{criterion.cohort}' is not one of "
                                     f"the trial's cohorts ({', '.join(trial.cohorts)})"))
        for problem in _with_hints(criterion).problems:
            found.append((problem.severity, _render(where, problem, criterion.expr or criterion.text)))
        if criterion.expr:
            as_written = compile_criterion(criterion.text, criterion.section)
            for problem in as_written.problems:
                if problem.severity != "info":
                    noted = problem._replace(severity="note on the text as written")
                    found.append(("override", _render(where, noted, criterion.text)
                                  + "\n  (the expr override is used instead)"))
    return found


def _with_hints(criterion: Criterion) -> Criterion:
    """The criterion as compiled for a person to read its problems: a line left to manual
    review is compiled again with "did you mean" worked out (compile_criterion's hints)."""
    if criterion.tree.kind != "manual" or criterion.expr:
        return criterion
    return compile_criterion(criterion.text, criterion.section, id=criterion.id, parent=criterion.parent,
                             note=criterion.note, hints=True)


def _render(where: str, problem, text: str) -> str:
    lines = [f"{where}: {problem.severity}: {problem.message}"]
    if problem.column is not None:
        lines += [f"  {text}", "  " + " " * problem.column + "^"]
    return "\n".join(lines)
