"""Patient data from other formats -> native Patient profiles, with a counts report.

* ``fhir``: FHIR R4 Bundles and resource lists (validated), bulk NDJSON (not validated).
* ``tables``: long lab tables (CSV, Parquet), wide CSV tables, demographics tables.

Every reader counts each record it reads as used or skipped with a reason
(``LoadReport``), so records in = records out.
"""
from __future__ import annotations

from .fhir import load_ndjson, patient_from_bundle, patient_from_resources, read_ndjson
from .report import LoadReport

__all__ = ["LoadReport", "load_ndjson", "patient_from_bundle", "patient_from_resources", "read_ndjson"]
