"""Patient data from other formats -> native Patient profiles, with a counts report.

* ``fhir``: FHIR R4 Bundles and resource lists (validated), bulk NDJSON (not validated);
  ``fhir_map`` / ``fhir_observation``: one mapping function per resource type.
* ``tables``: long lab tables (CSV, Parquet), wide CSV tables, demographics tables.
* ``inputs``: which reader a file needs (for the command line).

Every reader counts each record it reads as used or skipped with a reason
(``LoadReport``), so records in = records out.
"""
from __future__ import annotations

from .fhir import load_ndjson, patient_from_bundle, patient_from_resources, read_ndjson
from .report import LoadReport
from .tables import TableOptions, load_tables, read_tables

__all__ = ["LoadReport", "TableOptions", "load_ndjson", "load_tables", "patient_from_bundle",
           "patient_from_resources", "read_ndjson", "read_tables"]
