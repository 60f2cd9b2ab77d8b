"""`elig import` of a FHIR EvidenceVariable (R5, or R4 with the cross-version extensions;
alone or in a Bundle) -> a rules file.

A rules file keeps each criterion's text verbatim and reads it when it loads; ``expr:``
overrides a reading. So each criterion is written as its text (with its parent and note),
and gets an ``expr:`` (the canonical form of the tree the EvidenceVariable says) only where
the text, read in its place in the file, does not give that tree. A tree with no canonical
form that the text does not give is said on stderr, and the text is read instead.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from fhir.resources.evidencevariable import EvidenceVariable
from fhir.resources.R4B.evidencevariable import EvidenceVariable as EvidenceVariableR4
from pydantic import TypeAdapter, ValidationError

from ..criteria import compile_criterion
from ..documents import MAX_INPUT_BYTES, read_document
from ..errors import CriterionError, InputError
from ..explain import canonical
from ..nodes import Manual, Node
from ..readings import DEFAULT_RECENCY_DAYS
from ..review import UNCERTAIN_SECTION
from ..rules import UNCERTAIN, Trial, trial_from_dict
from .evidence_variable_read import NO_DEFINITION, ReadCriterion, criteria_of
from .fhir_r4 import XVER, evidence_variable_r5
from .fhir_terms import COHORT, LAB_RECENCY, find_extension

_NODE = TypeAdapter(Node)
# Words as written: what a reason quotes, not what a criterion decides.
_AS_WRITTEN = frozenset({"span", "name", "unit_text", "text", "condition_text"})
_OTHER = {"inclusion": "exclusion", "exclusion": "inclusion"}


def import_evidence_variable(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> tuple[str, Trial, list[str]]:
    """(rules-file YAML text, the compiled Trial, criteria whose reading could not be kept)."""
    resource, version = _evidence_variable(read_document(path, max_bytes), str(path))
    read = criteria_of(resource)
    if not read:
        raise InputError("the EvidenceVariable has no characteristic to import", str(path))
    document, unkept = rules_document(resource, read, str(path))
    trial = trial_from_dict(document, str(path))
    evaluable, total = trial.coverage
    header = (f"# Eligibility criteria of {document['trial']}, imported from a FHIR {version} EvidenceVariable "
              f"({path.name})\n# {evaluable} of {total} criteria machine-evaluable; texts verbatim.\n")
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), trial, unkept


def _evidence_variable(data, origin: str) -> tuple[dict, str]:
    """The EvidenceVariable (the first in a Bundle), as an R5 dict, and its FHIR version."""
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        found = [e.get("resource") for e in data.get("entry") or () if isinstance(e, dict)
                 and isinstance(e.get("resource"), dict) and e["resource"].get("resourceType") == "EvidenceVariable"]
        if not found:
            raise InputError("the Bundle holds no EvidenceVariable", origin)
        data = found[0]
    if not isinstance(data, dict) or data.get("resourceType") != "EvidenceVariable":
        raise InputError("not a FHIR EvidenceVariable (resourceType)", origin)
    if _uses_cross_version_extensions(data):
        _validate(EvidenceVariableR4, data, origin, "R4")
        return evidence_variable_r5(data), "R4"
    _validate(EvidenceVariable, data, origin, "R5")
    return data, "R5"


def _uses_cross_version_extensions(resource: dict) -> bool:
    return any(str(e.get("url", "")).startswith(XVER) for c in resource.get("characteristic") or ()
               if isinstance(c, dict) for e in c.get("extension") or () if isinstance(e, dict))


def _validate(model, data: dict, origin: str, version: str) -> None:
    """fhir.resources' check; its first error named by field path, never with the value."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"not a valid FHIR {version} EvidenceVariable: {first['msg']}", origin, where) from None


def rules_document(resource: dict, read: list[ReadCriterion], origin: str) -> tuple[dict, list[str]]:
    """The rules document whose criteria read as ``read`` says, and the ids (with why) of
    those whose reading has no expr form that the text does not already give."""
    entries = [_entry(c) for c in read]
    document = {"trial": _trial_id(resource), "title": resource.get("title", ""), "source": _source(resource),
                "defaults": {"lab_recency_days": _recency(resource)}, **_cohorts(resource), "criteria": entries}
    # A sub-bullet of a "No ... including:" line is read in the other section: say the
    # section that, read in place, gives the one the EvidenceVariable says.
    for entry, want, got in zip(entries, read, _loaded(document, origin)):
        if got.section != want.section:
            entry["section"] = _OTHER[want.section]
    unkept = [f"{c.id}: {c.problem}; its text is read instead" for c in read if c.problem]
    for entry, want in zip(entries, read):  # never decided until a person sets its section
        if want.tree == Manual(reason=UNCERTAIN_SECTION):
            entry["section"] = UNCERTAIN
    for entry, want, got in zip(entries, read, _loaded(document, origin)):
        if want.note and got.note != want.note:  # a note the loader does not write itself
            entry["note"] = want.note
        if want.tree.kind == "manual" and got.tree.kind != "manual" and want.tree.reason != NO_DEFINITION \
                and not want.problem:
            unkept.append(f"{want.id}: the EvidenceVariable leaves it to a person, but its text reads "
                          f"as a rule the engine decides: check it")
        if (same_reading(got.tree, want.tree) and got.section == want.section) or want.tree.kind == "manual":
            continue
        form = canonical(want.tree)
        if form is None or not _compiles(form):
            unkept.append(f"{want.id}: its reading has no expr form the engine reads; the text is read instead")
            continue
        entry.update(section=want.section, expr=form)
    return document, unkept


def _compiles(expr: str) -> bool:
    try:
        compile_criterion(expr, strict=True)
    except CriterionError:
        return False
    return True


def same_reading(a: Node, b: Node) -> bool:
    """Do two trees decide the same, the words they quote aside?"""
    return _decides(_NODE.dump_python(a, mode="json")) == _decides(_NODE.dump_python(b, mode="json"))


def _decides(value):
    if isinstance(value, dict):
        return {k: _decides(v) for k, v in value.items() if k not in _AS_WRITTEN}
    if isinstance(value, list):
        return [_decides(v) for v in value]
    return value


def _loaded(document: dict, origin: str):
    return trial_from_dict(document, origin).criteria


def _entry(criterion: ReadCriterion) -> dict:
    entry = {"id": criterion.id, "section": criterion.section}
    if criterion.parent:
        entry["parent"] = criterion.parent
    entry["text"] = criterion.text
    return entry


def _trial_id(resource: dict) -> str:
    for identifier in resource.get("identifier") or ():
        if identifier.get("system") == "https://clinicaltrials.gov" and identifier.get("value"):
            return identifier["value"]
    return resource.get("id") or resource.get("name") or "trial"


def _source(resource: dict) -> str:
    for artifact in resource.get("relatedArtifact") or ():
        url = artifact.get("url") or (artifact.get("document") or {}).get("url")
        if artifact.get("type") == "derived-from" and url:
            return url
    return resource.get("url", "")


def _recency(resource: dict) -> int:
    found = find_extension(resource, LAB_RECENCY)
    return found["valueInteger"] if found else DEFAULT_RECENCY_DAYS


def _cohorts(resource: dict) -> dict:
    cohorts = [e["valueString"] for e in resource.get("extension") or () if e.get("url") == COHORT]
    return {"cohorts": cohorts} if cohorts else {}
