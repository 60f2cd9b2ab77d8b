"""The user's cache folder: what is slow to build and the same from run to run (the
parser's tables, unit conversion factors, the analyte and concept catalogues) is kept
there, keyed by what it is built from."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

T = TypeVar("T")


def cache_folder() -> Optional[Path]:
    """ELIG_CACHE_DIR, else $XDG_CACHE_HOME/elig or ~/.cache/elig; None where that folder
    cannot be made (then everything is built every time)."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(os.environ.get("ELIG_CACHE_DIR") or Path(home) / "elig")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def prepared(name: str, sources: Iterable[bytes], build: Callable[[], T]) -> T:
    """What ``build()`` returns (a catalogue made from a data file), kept pickled in the cache
    folder under a hash of ``sources`` (the data and the code it is built from) and the
    Python and pydantic versions: built again when any of them changes, or the file cannot
    be read back. Reading the pickle costs a few milliseconds; building, tens."""
    import pydantic   # imported here: the entry point reads the cache folder before any model
    folder = cache_folder()
    if folder is None:
        return build()
    digest = hashlib.sha256(f"{sys.version_info[:2]}\0{pydantic.VERSION}".encode())
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    path = folder / f"{name}-{digest.hexdigest()[:16]}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # none yet, or unreadable (a half-written or foreign file): rebuilt
        pass
    value = build()
    try:
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
    except OSError:
        pass   # a cache that cannot be written only costs time
    return value
