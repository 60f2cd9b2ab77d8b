"""Where a document the CLI makes may be written: never over one of its inputs, over an
existing file only when asked (``--overwrite``), and only into a folder that exists."""
from __future__ import annotations

from pathlib import Path

from ..adapters.inputs import PATIENT_SUFFIXES
from ..import_output import OutputError


def check_output(output: Path, inputs: list[Path], overwrite: bool) -> None:
    """Raises OutputError (nothing written) when ``output`` may not be written."""
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; give the file to write")
    if not output.parent.is_dir():
        raise OutputError(f"{output}: the folder {output.parent} does not exist")
    if output.exists() and any(_same(output, path) for path in inputs):
        raise OutputError(f"{output}: is one of the inputs being read; write elsewhere")
    if output.exists() and not overwrite:
        raise OutputError(f"{output}: exists; give --overwrite to replace it")


def write_output(output: Path, data: bytes, overwrite: bool) -> None:
    """Writes ``data``; a file made since ``check_output`` is not replaced unless asked."""
    try:
        with output.open("wb" if overwrite else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise OutputError(f"{output}: exists; give --overwrite to replace it") from None
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _same(output: Path, given: Path) -> bool:
    """Whether ``output`` is the input file ``given``, or a file the folder ``given`` has read."""
    if not given.exists():
        return False
    if given.is_dir():
        return output.resolve().parent == given.resolve() and output.name.lower().endswith(PATIENT_SUFFIXES)
    return output.samefile(given)
