"""Criteria out in the standards' forms: `elig export RULES --format NAME`.

Each format registers one function, trial + options -> a JSON-ready document, under its
name; the command looks the name up here, so formats are added side by side without
touching the command's dispatch. Options a format does not use are ignored by it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from ..rules import Trial

FhirVersion = Literal["R5", "R4"]


@dataclass(frozen=True)
class ExportOptions:
    fhir_version: FhirVersion = "R5"
    with_study: bool = False


Exporter = Callable[[Trial, ExportOptions], dict]
FORMATS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Registers the decorated function as the export format ``name``."""
    def register(function: Exporter) -> Exporter:
        FORMATS[name] = function
        return function
    return register


def export(trial: Trial, format_name: str, options: ExportOptions = ExportOptions()) -> dict:
    """The trial in the format ``format_name`` (one of FORMATS)."""
    return FORMATS[format_name](trial, options)


# The formats, each registered by its module (imported after the registry they fill).
from . import fhir_export  # noqa: E402,F401
from .evidence_variable import to_evidence_variable  # noqa: E402

__all__ = ["FORMATS", "ExportOptions", "export", "exporter", "to_evidence_variable"]
