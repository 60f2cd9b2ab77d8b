"""The user's cache folder: what is slow to build and the same from run to run (the
parser's tables, unit conversion factors) is kept there, keyed by what it is built from."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


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
