"""Criteria out in the standards' forms: `elig export RULES --format NAME`.

Each format registers one function, trial + options -> a JSON-ready document, under its
name, and optionally a function that lists what the user must know about that document
(what the format could not express); the command looks the name up here, so formats are
added side by side without touching the command's dispatch. Options a format does not
use are ignored by it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Literal, Optional

from ..errors import InputError
from ..rules import Trial

FhirVersion = Literal["R5", "R4"]


@dataclass(frozen=True)
class ExportOptions:
    fhir_version: FhirVersion = "R5"
    with_study: bool = False
    vocabulary: Optional[str] = None     # OMOP vocabulary source (ohdsi-cohort)
    as_of: Optional[date] = None         # the screening date, a cohort's index date


Exporter = Callable[[Trial, ExportOptions], dict]
Notes = Callable[[dict], list[str]]
FORMATS: dict[str, Exporter] = {}
NOTES: dict[str, Notes] = {}
NEEDS: dict[str, dict[str, str]] = {}


def exporter(name: str, notes: Optional[Notes] = None,
             needs: Optional[dict[str, str]] = None) -> Callable[[Exporter], Exporter]:
    """Registers the decorated function as the export format ``name``; ``notes`` lists,
    for a document it made, what the user must be told (printed on stderr); ``needs``
    maps each option the format cannot do without to the message that asks for it."""
    def register(function: Exporter) -> Exporter:
        FORMATS[name] = function
        NOTES[name] = notes or (lambda document: [])
        NEEDS[name] = needs or {}
        return function
    return register


def missing(format_name: str, options: ExportOptions) -> Optional[str]:
    """The message asking for the first option ``format_name`` needs and ``options`` lacks."""
    return next((message for option, message in NEEDS[format_name].items()
                 if getattr(options, option) is None), None)


def export(trial: Trial, format_name: str, options: ExportOptions = ExportOptions()) -> dict:
    """The trial in the format ``format_name`` (one of FORMATS)."""
    lacking = missing(format_name, options)
    if lacking:
        raise InputError(lacking)
    return FORMATS[format_name](trial, options)


def notes(format_name: str, document: dict) -> list[str]:
    """What the user must know about ``document`` (empty for most formats)."""
    return NOTES[format_name](document)


# The formats, each registered by its module (imported after the registry they fill).
from . import circe, fhir_export  # noqa: E402,F401
from .evidence_variable import to_evidence_variable  # noqa: E402

__all__ = ["FORMATS", "ExportOptions", "export", "exporter", "missing", "notes", "to_evidence_variable"]
