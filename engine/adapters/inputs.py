"""Which reader a patient-data file needs, for the command line and other callers.

* ``*.ndjson`` / ``*.jsonl`` (optionally ``.gz``): bulk FHIR, all files read together
  (a Patient file and an Observation file make one set of patients);
* ``*.csv`` / ``*.tsv`` / ``*.parquet``: lab and demographics tables, joined on patient id;
* a JSON document with a ``resourceType``: one patient's FHIR Bundle (validated);
* anything else: a native profile (``patients.load_patient``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import InputError
from ..patients import Patient
from .fhir import read_ndjson
from .report import LoadReport
from .tables import TableOptions, is_table, read_tables

NDJSON_SUFFIXES = (".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz")
PATIENT_SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".tsv", ".parquet", *NDJSON_SUFFIXES)


def is_ndjson(path: Path) -> bool:
    return path.name.lower().endswith(NDJSON_SUFFIXES)


def is_bulk(path: Path) -> bool:
    """A file read by a bulk reader (many patients, a counts report) rather than one profile."""
    return is_ndjson(path) or is_table(path)


def read_bulk(paths: list[Path], options: Optional[TableOptions] = None,
              report: Optional[LoadReport] = None) -> list[Patient]:
    """Patients from every NDJSON file (read together) and every table (joined on id)."""
    report = report if report is not None else LoadReport()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", str(path))
    ndjson = [p for p in paths if is_ndjson(p)]
    tables = [p for p in paths if is_table(p)]
    patients = list(read_ndjson(ndjson, report)) if ndjson else []
    if tables:
        patients += read_tables(tables, options, report)
    return patients


def table_options(columns: Optional[str], mapping: Optional[Path]) -> TableOptions:
    """``--columns patient_id=MRN,test=LabName`` and ``--mapping wide.yaml`` -> TableOptions."""
    renames = {}
    for pair in (columns or "").split(","):
        if not pair.strip():
            continue
        ours, sep, theirs = pair.partition("=")
        if not sep or not theirs.strip():
            raise InputError(f"--columns: expected NAME=COLUMN pairs, got '{pair}'")
        renames[ours.strip()] = theirs.strip()
    unknown = set(renames) - {"patient_id", "test", "value", "unit", "date", "low", "high", "sex",
                              "birth_date", "age", "weight_kg", "height_cm"}
    if unknown:
        raise InputError(f"--columns: unknown name(s) {', '.join(sorted(unknown))}")
    return TableOptions(columns=renames, mapping=mapping)
