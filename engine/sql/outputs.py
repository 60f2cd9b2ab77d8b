"""Where a registry run may write, checked before any work is done.

Nothing the registry or the run reads is ever written over, ``--overwrite`` or not: a
file the registry reads as one of its tables (the DuckDB file, ``<folder>/person.parquet``,
a file under ``<folder>/measurement/``), a rules file, or a table named as an OMOP table.
Anything else that exists already is replaced only with ``--overwrite``, and a table only
when it is an earlier screening output (it has the output's fixed columns): ``--overwrite``
is for re-running a screening, not for dropping some other table of the database.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Optional

from .compiler import FIXED_COLUMNS
from .registry import Registry, RegistryError
from .schema import TABLES

HINT = "--overwrite replaces it"


def check_files(paths: Iterable[Path], registry: Registry, inputs: Iterable[Path], overwrite: bool) -> None:
    """Refuse to write a file the run reads, and an existing file without ``overwrite``."""
    read = {Path(p).resolve() for p in inputs}
    seen: set[Path] = set()
    for path in paths:
        resolved = Path(path).resolve()
        table = registry.table_of(resolved)
        if table is not None:
            raise RegistryError(f"{path}: the registry reads this file as its {table}; "
                                "write the results somewhere else (it is never replaced)")
        if resolved in read:
            raise RegistryError(f"{path}: this is an input of the run; write the results somewhere else")
        if resolved in seen:
            raise RegistryError(f"{path}: two outputs of this run would be written to the same file "
                                "(the same trial twice?)")
        seen.add(resolved)
        if resolved.is_dir():
            raise RegistryError(f"{path}: is a folder; expected a file name")
        if not resolved.parent.is_dir():
            raise RegistryError(f"{path}: the folder {Path(path).parent} does not exist")
        if resolved.exists() and not overwrite:
            raise RegistryError(f"{path} exists; {HINT}")


def check_tables(names: Iterable[str], columns_of: Callable[[str], Optional[set[str]]], overwrite: bool) -> None:
    """Refuse an OMOP table's name, and an existing table unless it is a screening output
    and ``overwrite`` is given. ``columns_of(name)``: the existing table's columns, or None."""
    seen: set[str] = set()
    for name in names:
        if name.lower() in TABLES:
            raise RegistryError(f"table:{name} is the registry's OMOP table {name.lower()}; "
                                "choose another name (it is never replaced)")
        if name.lower() in seen:
            raise RegistryError(f"table:{name}: two outputs of this run would be written to the same table "
                                "(the same trial twice?)")
        seen.add(name.lower())
        columns = columns_of(name)
        if columns is None:
            continue
        if not set(FIXED_COLUMNS) <= {c.lower() for c in columns}:
            raise RegistryError(f"table:{name} exists and is not a screening output; choose another name "
                                "(it is never replaced)")
        if not overwrite:
            raise RegistryError(f"table:{name} exists; {HINT}")
