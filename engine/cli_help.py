"""Help without Python types.

typer 0.29 writes each value's Python type in ``--help`` (``<list[Path]>``, ``<bool>``,
``<str>``). The command classes here show an option's metavar (DATE, FILE) or a plain
name for its kind of value (TEXT, INTEGER, PATH) instead, and nothing beside flags and
arguments, whose names say what they take.
"""
from __future__ import annotations

from functools import partial
from typing import Optional

from typer.core import TyperArgument, TyperCommand, TyperGroup

# typer's type labels (inside its <...>) -> the names click's own help uses.
PLAIN = {"str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "FLOAT", "float range": "FLOAT",
         "path": "PATH", "file": "PATH", "directory": "PATH"}


class _PlainTypes:
    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            param.display_type_rich = partial(_shown_type, param)
        return params


def _shown_type(param, ctx) -> Optional[str]:
    if isinstance(param, TyperArgument) or getattr(param, "is_flag", False):
        return None
    return param.metavar or PLAIN.get(param.display_type(ctx).strip("<>"), "VALUE")


class PlainCommand(_PlainTypes, TyperCommand):
    pass


class PlainGroup(_PlainTypes, TyperGroup):
    pass
