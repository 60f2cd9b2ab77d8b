"""YAML and JSON documents: read with a size limit, parsed by libyaml where it is installed.

Every YAML the engine loads goes through ``load_yaml``: PyYAML's pure-Python parser
is several times slower than libyaml's (``CSafeLoader``), which a PyYAML wheel
usually includes; without it the pure-Python ``SafeLoader`` does the same work.
A file is read at most ``max_bytes`` (and one byte more, to know it is larger), so a
device such as /dev/zero or an outsized export is refused, never read whole.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .errors import InputError

if TYPE_CHECKING:
    import yaml

MAX_INPUT_MB = 32
MAX_INPUT_BYTES = MAX_INPUT_MB * 1024 * 1024


# PyYAML is imported when a YAML text is first read, not with this module: the command
# line imports it for the size limit, and `elig --help` and `elig explain` read no YAML
# (the catalogues come pickled from the cache folder).
@lru_cache(maxsize=1)
def yaml_loader() -> type:
    """libyaml's CSafeLoader where installed, else PyYAML's pure-Python SafeLoader."""
    import yaml
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str):
    if name == "YAML_LOADER":   # the loader's old name, a constant when yaml was imported here
        return yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_yaml(text: str):
    """Safe YAML -> Python data (libyaml's parser where installed)."""
    import yaml
    return yaml.load(text, Loader=yaml_loader())


def compose_yaml(text: str):
    """Safe YAML -> its node tree, with the line and column of every node."""
    import yaml
    return yaml.compose(text, Loader=yaml_loader())


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
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", str(path), f"{exc.lineno}:{exc.colno}") from None
    import yaml
    try:
        return load_yaml(text)
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
