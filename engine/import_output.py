"""Where `elig import` writes a rules file: never over the record it reads, over an existing
file only when asked, and never without saying what the file it replaces held.

A rules file is often curated by hand after import: ``expr:`` overrides, ``note:``
lines and ``review: person`` marks that a re-import does not make. Replacing one, or a file of another trial, loses
that work, so it is named on stderr even when ``--overwrite`` asks for it.
"""
from __future__ import annotations

from pathlib import Path

from .documents import load_yaml, read_document
from .errors import EngineError, InputError
from .rules import is_rules_document

CORRECTION_KEYS = ("expr", "note", "review")
SHOWN_IDS = 8


class OutputError(EngineError):
    """An output that cannot, or may not, be written; nothing was written."""


def write_rules_file(output: Path, text: str, record: Path, overwrite: bool = False) -> list[str]:
    """Writes the rules-file ``text`` imported from ``record`` to ``output``, and returns what
    the file it replaced held that is now gone, a line each."""
    new = load_yaml(text)
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; give the rules file's name, "
                          f"e.g. {output / (str(new.get('trial')) + '.yaml')}")
    if not output.parent.is_dir():
        raise OutputError(f"{output}: the folder {output.parent} does not exist")
    if output.exists() and output.samefile(record):
        raise OutputError(f"{output}: is the record being imported; write the rules file elsewhere")
    losses = replaced_work(output, new) if output.exists() else []
    if output.exists() and not overwrite:
        raise OutputError(_exists(output, losses))
    try:
        with output.open("w" if overwrite else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:         # made since the check above
        raise OutputError(_exists(output, [])) from None
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    return losses


def replaced_work(existing: Path, new: dict) -> list[str]:
    """What replacing the file ``existing`` with the rules document ``new`` loses: another
    trial, hand corrections the new document does not carry, or a file that is no rules file."""
    try:
        old = read_document(existing)
    except InputError:
        return ["it is not a rules file (it could not be read as one)"]
    if not is_rules_document(old):
        return ["it is not a rules file"]
    losses = []
    if old.get("trial") != new.get("trial"):
        losses.append(f"it holds trial {old.get('trial')}, not {new.get('trial')}")
    corrected = _corrections_lost(old.get("criteria"), new.get("criteria") or [])
    if corrected:
        shown = ", ".join(corrected[:SHOWN_IDS]) + (" ..." if len(corrected) > SHOWN_IDS else "")
        losses.append(f"its expr:/note:/review: corrections on {len(corrected)} criteria ({shown}) are not "
                      f"in the new file")
    return losses


def _corrections_lost(old: object, new: list) -> list[str]:
    """Ids of the old criteria whose expr, note or review mark the new criterion of that id lacks."""
    if not isinstance(old, list):
        return []
    new_by_id = {c.get("id"): c for c in new if isinstance(c, dict)}
    lost = []
    for entry in old:
        if not isinstance(entry, dict) or not any(entry.get(k) for k in CORRECTION_KEYS):
            continue
        again = new_by_id.get(entry.get("id"), {})
        if any(entry.get(k) != again.get(k) for k in CORRECTION_KEYS):
            lost.append(str(entry.get("id")))
    return lost


def _exists(output: Path, losses: list[str]) -> str:
    said = "".join(f"; {loss}" for loss in losses)
    return f"{output}: already exists{said}; nothing written (--overwrite replaces it)"
