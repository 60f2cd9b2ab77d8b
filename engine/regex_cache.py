"""Compiled regular expressions kept between runs of the `elig` command.

Python compiles every regular expression anew in each process: the lexer's terminals, the
lexicon's entries and the readers' patterns took a third of `elig explain` and `elig
import`. What re's compiler makes of a pattern (the code its matching engine runs) depends
only on the pattern, its flags and the interpreter, so the `elig` process keeps it in the
cache folder, one file per interpreter build, and gives it to ``_sre.compile``, as re's
compiler does. _sre checks the code it is given (code it cannot run is refused, and re
then compiles the pattern itself), and anything unexpected leaves re as it was.

Only the command's entry point installs this (``keep_compiled_patterns``); the library,
its tests and a program importing it compile as Python does.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Optional

import _sre
from re import _compiler, _parser

from .cache import cache_folder

# A run adds what it compiled; beyond this many patterns the file starts again from the
# last run's (patterns made from data the engine reads must not grow it without end).
MAX_KEPT = 4000


def _path() -> Optional[Path]:
    folder = cache_folder()
    if folder is None:
        return None
    build = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{Path(_compiler.__file__).stat().st_mtime_ns}"
    digest = hashlib.sha256(build.encode() + Path(__file__).read_bytes()).hexdigest()
    return folder / f"regex-code-{digest[:16]}.marshal"


class KeptPatterns:
    """re's compiler, answering from the patterns kept in ``path`` first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = _compiler.compile
        self.kept = _read(path)
        self.used: dict[tuple, bytes] = {}
        self.added = 0

    def compile(self, pattern, flags=0):
        if not isinstance(pattern, str) or flags & re.DEBUG:   # DEBUG: re prints the code
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        kept = self.kept.get(key)
        if kept is not None:
            try:
                compiled = _sre.compile(pattern, *_unpacked(kept))
            except Exception:   # not code this interpreter runs: compiled as re does
                return self.original(pattern, flags)
            self.used[key] = kept
            return compiled
        try:
            made = _made(pattern, int(flags))
            compiled = _sre.compile(pattern, *made)
        except Exception:
            return self.original(pattern, flags)   # re's own error, or its own way
        self.used[key] = _packed(made)
        self.added += 1
        return compiled

    def save(self) -> None:
        """Add this run's patterns to the file (another run may have added its own), written
        whole to a temporary file and renamed, so that no reader sees half a file."""
        if not self.added:
            return
        merged = _read(self.path)
        merged.update(self.used)
        if len(merged) > MAX_KEPT:
            merged = self.used
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False, suffix=".tmp") as out:
                marshal.dump(merged, out)
            os.replace(out.name, self.path)
        except (OSError, ValueError):
            pass   # a cache that cannot be written only costs time


def _made(pattern: str, flags: int) -> tuple:
    """What re's compiler gives _sre.compile for pattern besides the pattern itself (as
    re._compiler.compile makes it): flags, code, groups, group index, index group."""
    parsed = _parser.parse(pattern, flags)
    code = [int(word) for word in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


# Each pattern's code is kept as bytes, read into a list only when the pattern is compiled:
# a run reads the whole file, and uses a part of it.
_WORD = "I" if array("I").itemsize == _sre.CODESIZE else "L"


def _packed(made: tuple) -> bytes:
    flags, code, groups, groupindex, indexgroup = made
    return marshal.dumps((flags, array(_WORD, code).tobytes(), groups, groupindex, indexgroup))


def _unpacked(kept: bytes) -> tuple:
    flags, code, groups, groupindex, indexgroup = marshal.loads(kept)
    return flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup


def _read(path: Path) -> dict[tuple, bytes]:
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}   # none yet, or unreadable: compiled again and written whole
    return kept if isinstance(kept, dict) else {}


def keep_compiled_patterns() -> Optional[KeptPatterns]:
    """From now on in this process, re compiles a pattern that an earlier run kept from its
    kept code, and this run's new patterns are kept when the process ends."""
    path = _path()
    if path is None or not callable(getattr(_compiler, "_code", None)):
        return None
    kept = KeptPatterns(path)
    _compiler.compile = kept.compile
    atexit.register(kept.save)
    return kept
