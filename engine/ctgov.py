"""ClinicalTrials.gov records -> rules files (`elig import`).

Reads an API v2 JSON record (``protocolSection.eligibilityModule``), the eligibility
text pasted from the web page, or a saved record page; splits "Inclusion Criteria:" /
"Exclusion Criteria:" (a record with one list keeps it all as inclusion: exclusions
written "No ..." are read as negations), bullets, numbered items and nested
sub-bullets (by indentation); turns the structured age and sex fields into criteria.
Ids are positional (inc-01, inc-01a, inc-01a1 ...), so re-importing a record gives
the same file.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from .documents import MAX_INPUT_BYTES, read_bytes, read_document
from .errors import InputError
from .rules import Trial, trial_from_dict

# Section headings as registries write them: "Inclusion Criteria:", "Key Exclusion Criteria:",
# "Exclusion Criteria for Part B", "Inclusion criteria (cohort 2)", "Non-inclusion criteria",
# "Ineligibility criteria", "Patients are not eligible if:" ...
_HEADING = re.compile(
    r"^\s*(?:\*\*|#{1,4})?\s*(?:(?:key|main|major|principal|general|specific|additional|other)\s+)?"
    r"(?P<kind>inclusion|exclusion|eligibility|non[\s-]*inclusion|in[\s-]*eligibility|non[\s-]*eligibility)"
    r"\s+criteri(?:a|on)(?:\s+(?:for|of|in)\s+[^:*]{1,60}|\s*\([^)]{1,60}\))?\s*:?\s*(?:\*\*)?\s*$"
    r"|^\s*(?:patients?|subjects?|participants?)\s+(?P<phrase>(?:are|is|will\s+be)\s+(?:not\s+eligible|"
    r"ineligible|excluded)|(?:are|is|will\s+be)\s+(?:eligible|included)|must\s+(?:meet|have))\b[^:]{0,60}:\s*$",
    re.I)
_EXCLUDING = re.compile(r"exclu|non|in[\s-]*eligib|not\s+eligible", re.I)
# A heading-like line the importer cannot place ("Non-eligibility list:", "Criteria for the
# extension phase:"): what follows it is neither inclusion nor exclusion until a person says.
_UNPLACED_HEADING = re.compile(r"^\s*(?:\*\*|#{1,4})?\s*[^:•*\-–]{0,60}\b(?:criteri(?:a|on)|eligib\w*|exclu\w*|"
                               r"inclu\w*)\b[^:]{0,40}:\s*(?:\*\*)?\s*$", re.I)
# A sub-heading that gives the bullets below their context: "Hepatic:", "Hematology (within 14 days):".
_SUBHEADING = re.compile(r"^\s*(?:\*\*)?(?P<label>[A-Za-z][^:•*]{0,48}?)\s*:\s*(?:\*\*)?\s*$")
# Markdown escapes of API v2 text ("\>=", "\<", "\*"): the record as it reads.
_MARKDOWN_ESCAPE = re.compile(r"\\([<>=*_\[\]()#+\-.!|~`])")
UNCERTAIN = "uncertain"
# The FHIR records `elig import` takes (engine/export/evidence_variable_import.py).
FHIR_RESOURCES = ("EvidenceVariable", "Bundle")
UNPLACED_NOTE = "imported under a heading that says neither inclusion nor exclusion: set the section"
_OLD_HEADING = re.compile(r"^\s*(DISEASE CHARACTERISTICS|PATIENT CHARACTERISTICS|PRIOR CONCURRENT THERAPY)"
                          r"\s*:?\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[•·▪◦*\-–]|\d{1,2}[.)]|[a-z][.)]|[ivx]{1,4}[.)])\s+(?P<text>\S.*)$")
_PAGE_END = re.compile(r"^(Information from the National Library of Medicine|Contacts and Locations|"
                       r"Contact information is only displayed|Choosing to participate|\d+ Years and older)",
                       re.I)
_AGE = re.compile(r"(\d+)\s*(year|month|week|day)s?", re.I)


@dataclass
class Record:
    nct: str = ""
    title: str = ""
    eligibility: str = ""
    minimum_age: str = ""
    maximum_age: str = ""
    sex: str = ""
    healthy_volunteers: Optional[bool] = None
    source: str = ""


@dataclass
class Item:
    section: str
    text: str
    depth: int
    id: str = ""
    parent: Optional[str] = None
    children: list["Item"] = field(default_factory=list)


def read_record(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> Record:
    """An API v2 JSON record, or text: the eligibility section or a saved record page,
    of at most ``max_bytes``."""
    try:
        raw = read_bytes(path, max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read the record: {exc}", str(path)) from None
    if not raw.strip():
        raise InputError("the record is empty", str(path))
    if raw.lstrip().startswith("{"):
        try:
            return _from_api(json.loads(raw), str(path))
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", str(path), f"{exc.lineno}:{exc.colno}") from None
    return _from_text(raw, path)


def _from_api(data: dict, origin: str) -> Record:
    protocol = data.get("protocolSection") if isinstance(data, dict) else None
    if not isinstance(protocol, dict):
        raise InputError("not a ClinicalTrials.gov API v2 record: no protocolSection", origin)
    ident = protocol.get("identificationModule", {})
    module = protocol.get("eligibilityModule")
    if not isinstance(module, dict) or not isinstance(module.get("eligibilityCriteria"), str):
        raise InputError("protocolSection.eligibilityModule.eligibilityCriteria is missing", origin)
    return Record(nct=ident.get("nctId", ""), title=ident.get("briefTitle", ""),
                  eligibility=module["eligibilityCriteria"], minimum_age=module.get("minimumAge", ""),
                  maximum_age=module.get("maximumAge", ""), sex=module.get("sex", ""),
                  healthy_volunteers=module.get("healthyVolunteers"),
                  source=f"https://clinicaltrials.gov/study/{ident.get('nctId', '')}")


def _from_text(raw: str, path: Path) -> Record:
    nct = re.search(r"NCT\d{8}", raw) or re.search(r"NCT\d{8}", path.name)
    lines = raw.splitlines()
    record = Record(nct=nct.group() if nct else path.stem,
                    source=f"https://clinicaltrials.gov/study/{nct.group()}" if nct else str(path))
    ages = re.search(r"Ages Eligible for Study:\s*(.+?)(\s{2,}|\(|$)", raw, re.M)
    if ages:
        record.minimum_age, record.maximum_age = _age_bounds(ages.group(1))
    elif re.search(r"^\s*\d+ Years and older\s*$", raw, re.M):
        record.minimum_age = re.search(r"^\s*(\d+ Years) and older\s*$", raw, re.M).group(1)
    sexes = re.search(r"Sexes? Eligible for Study:\s*(\w+)", raw)
    record.sex = sexes.group(1) if sexes else ""
    record.eligibility = "\n".join(_eligibility_lines(lines))
    return record


def _age_bounds(text: str) -> tuple[str, str]:
    text = text.strip()
    numbers = _AGE.findall(text)
    if "older" in text.lower() and numbers:
        return f"{numbers[0][0]} {numbers[0][1].title()}s", ""
    if " to " in text and len(numbers) == 2:
        return (f"{numbers[0][0]} {numbers[0][1].title()}s", f"{numbers[1][0]} {numbers[1][1].title()}s")
    return "", ""


def _eligibility_lines(lines: list[str]) -> list[str]:
    """The eligibility part of a pasted section or a saved page."""
    start = next((i for i, line in enumerate(lines) if _HEADING.match(line) or _OLD_HEADING.match(line)
                  or _UNPLACED_HEADING.match(line)), None)
    if start is None:  # one list after the structured fields (older single-list records)
        anchor = next((i for i, line in enumerate(lines) if line.startswith("Accepts Healthy Volunteers")),
                      None)
        start = anchor + 1 if anchor is not None else 0
    out: list[str] = []
    for line in lines[start:]:
        if _PAGE_END.match(line.strip()):
            break
        out.append(line)
    return out


def split(eligibility: str) -> list[Item]:
    """Eligibility text -> top-level items with nested children, sections assigned."""
    section, roots, context = "inclusion", [], ""
    stack: list[Item] = []
    for line in _MARKDOWN_ESCAPE.sub(r"\1", eligibility).splitlines():
        heading = _HEADING.match(line)
        if heading:
            section = _section_of(heading)
            stack, context = [], ""
            continue
        if _UNPLACED_HEADING.match(line):
            section, stack, context = UNCERTAIN, [], ""
            continue
        if _OLD_HEADING.match(line) or not line.strip():
            continue
        bullet = _BULLET.match(line.replace("\u00a0", " "))
        subheading = _SUBHEADING.match(line) if not bullet else None
        if subheading:
            context, stack = subheading.group("label").strip() + ": ", []
            continue
        if not bullet:
            if stack:  # a wrapped line continues the item above it
                stack[-1].text += " " + line.strip()
            else:
                roots.extend(Item(section, context + piece, 0) for piece in _run_together(line.strip()))
            continue
        depth = len(bullet.group("indent").expandtabs(4))
        while stack and stack[-1].depth >= depth:
            stack.pop()
        for piece in _run_together(bullet.group("text").strip()):
            item = Item(section, piece if stack else context + piece, depth)
            (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    _number(roots)
    return roots


# "... 11. Platelets ≥ 100,000/mm3 12. Total bilirubin ≤ 1.5 x ULN": numbered items run
# together on one line, the numbers in sequence.
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\.\s+(?=[A-Z(])")


def _run_together(text: str) -> list[str]:
    """The items of a line holding a run of numbered items (each number one more than the
    one before, at least two of them), else the line."""
    marks = list(_INLINE_NUMBER.finditer(text))
    run = [marks[0]] if marks else []
    for mark in marks[1:]:
        if int(mark.group(1)) == int(run[-1].group(1)) + 1:
            run.append(mark)
    if len(run) < 2:
        return [text]
    starts = sorted({0, *(m.start() for m in run)})
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]
    return [p for p in pieces if p]


def _section_of(heading: re.Match) -> str:
    kind = heading.group("kind") or heading.group("phrase")
    return "exclusion" if _EXCLUDING.search(kind) else "inclusion"


_ID_PREFIX = {"inclusion": "inc", "exclusion": "exc", UNCERTAIN: "unc"}


def _number(roots: list[Item]) -> None:
    counters = {"inclusion": 0, "exclusion": 0, UNCERTAIN: 0}
    for item in roots:
        counters[item.section] += 1
        item.id = f"{_ID_PREFIX[item.section]}-{counters[item.section]:02d}"
        _number_children(item, level=1)


def _number_children(item: Item, level: int) -> None:
    for index, child in enumerate(item.children):
        suffix = chr(ord("a") + index) if level % 2 == 1 else str(index + 1)
        child.id, child.parent, child.section = f"{item.id}{suffix}", item.id, item.section
        _number_children(child, level + 1)


def _flatten(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(_flatten(item.children))
    return out


def structured_criteria(record: Record) -> list[dict]:
    """Minimum and maximum age and sex, as criteria a coordinator can read."""
    found = []
    if record.minimum_age:
        found.append({"id": "age-min", "section": "inclusion", "text": f"Minimum age: {record.minimum_age}",
                      "expr": f"age >= {_years(record.minimum_age)}", "origin": "structured"})
    if record.maximum_age:
        found.append({"id": "age-max", "section": "inclusion", "text": f"Maximum age: {record.maximum_age}",
                      "expr": f"age <= {_years(record.maximum_age)}", "origin": "structured"})
    sex = record.sex.strip().lower()
    if sex in ("female", "male"):
        found.append({"id": "sex", "section": "inclusion", "text": f"Sex: {record.sex}",
                      "expr": sex, "origin": "structured"})
    return found


def _years(text: str) -> str:
    match = _AGE.search(text)
    if not match:
        raise InputError(f"cannot read the age '{text}'")
    value, unit = match.groups()
    return f"{value} {unit.lower()}s"


def to_rules(record: Record) -> dict:
    """The rules-file document for a record."""
    items = _flatten(split(record.eligibility))
    if not items:
        raise InputError("no eligibility criteria found in the record", record.source)
    criteria = structured_criteria(record) + [
        {"id": i.id, "section": i.section, **({"parent": i.parent} if i.parent else {}), "text": i.text,
         **({"note": UNPLACED_NOTE} if i.section == UNCERTAIN else {})}
        for i in items]
    return {"trial": record.nct, "title": record.title, "source": record.source,
            "defaults": {"lab_recency_days": 28}, "criteria": criteria}


def is_fhir_record(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bool:
    """Is the file FHIR JSON (an EvidenceVariable or a Bundle) rather than a registry record?
    Asked here, not by the EvidenceVariable importer, so that importing a registry record
    never loads the FHIR models (most of that command's start-up)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        data = read_document(path, max_bytes)
    except InputError:
        return False
    return isinstance(data, dict) and data.get("resourceType") in FHIR_RESOURCES


def import_record(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, Trial]:
    """(rules-file YAML text, the compiled Trial) for a record file of at most ``max_bytes``."""
    record = read_record(path, max_bytes)
    document = to_rules(record)
    trial = trial_from_dict(document, str(path))
    evaluable, total = trial.coverage
    unplaced = sum(1 for c in document["criteria"] if c["section"] == UNCERTAIN)
    header = (f"# Eligibility criteria of {record.nct}, imported from {record.source}\n"
              f"# {evaluable} of {total} criteria machine-evaluable; texts verbatim.\n"
              + (f"# {unplaced} criteria under a heading the importer does not recognise: section "
                 f"'uncertain' (set it; they need review until then).\n" if unplaced else ""))
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), trial
