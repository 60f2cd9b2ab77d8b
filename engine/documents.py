"""YAML and JSON documents: read with a size limit, parsed by libyaml where it is installed.

Every YAML the engine loads goes through ``load_yaml``: PyYAML's pure-Python parser
is several times slower than libyaml's (``CSafeLoader``), which a PyYAML wheel
usually includes; without it the pure-Python ``SafeLoader`` does the same work.
A file is read at most ``max_bytes`` (and one byte more, to know it is larger), so a
device such as /dev/zero or an outsized export is refused, never read whole.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import yaml

from .errors import InputError

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_INPUT_MB = 32
MAX_INPUT_BYTES = MAX_INPUT_MB * 1024 * 1024


def load_yaml(text: str):
    """Safe YAML -> Python data (libyaml's parser where installed)."""
    return yaml.load(text, Loader=YAML_LOADER)


def compose_yaml(text: str):
    """Safe YAML -> its node tree, with the line and column of every node."""
    return yaml.compose(text, Loader=YAML_LOADER)


def read_bytes(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes; a clear error for a file that cannot be read or is larger than
    ``max_bytes`` (of which no more than one byte beyond is read)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    if len(raw) > max_bytes:
        raise InputError(f"larger than the input size limit of {_megabytes(max_bytes)} "
                         f"(--max-input-mb raises it)", str(path))
    return raw


def read_text(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """A YAML or JSON file's UTF-8 text, read within the size limit, with a clear error
    for a file that is empty or binary."""
    return decode_text(read_bytes(path, max_bytes), path)


def decode_text(raw: bytes, path: Path) -> str:
    """A YAML or JSON file's bytes as UTF-8 text (a leading BOM dropped), with a clear
    error for a file that is empty or binary."""
    if not raw.strip():
        raise InputError("the file is empty", str(path))
    if b"\x00" in raw[:4096]:
        raise InputError("this is a binary file, not YAML or JSON", str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", str(path)) from None


def parse_document(text: str, path: Path):
    """YAML or JSON text (JSON for a ``.json`` file) -> Python data; errors name line:column."""
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return load_yaml(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", str(path), f"{exc.lineno}:{exc.colno}") from None
    except yaml.YAMLError as exc:
        place = yaml_error_place(exc, text)
        where = f"{place[0]}:{place[1]}" if place else ""
        raise InputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", str(path), where) from None


def yaml_error_place(exc: yaml.YAMLError, text: str) -> Optional[tuple[int, int]]:
    """(line, column), from 1, of a YAML error in ``text``. libyaml puts an error at the end
    of a text without a final line break on a line after the text; it is put just after
    the last character, where PyYAML's own parser puts it."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    if mark.index >= len(text) and not text.endswith("\n"):
        return text.count("\n") + 1, len(text) - text.rfind("\n")
    return mark.line + 1, mark.column + 1


def read_document(path: Path, max_bytes: int = MAX_INPUT_BYTES):
    """A YAML or JSON file -> Python data, read within the size limit."""
    return parse_document(read_text(path, max_bytes), path)


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"
