"""Bulk loading speed: Observations (lab results) per second into Patient profiles.

    python benchmarks/load_bench.py                       # 200,000 results, 2,000 patients
    python benchmarks/load_bench.py --results 1000000 --patients 10000

Writes its own input into a temporary folder (nothing is committed): the same lab
results as bulk FHIR NDJSON (Synthea-shaped Observations), a long CSV table and a
Parquet file (through DuckDB), then times each reader from file to finished Patients
(parse, map, validate, index). One process, one thread: DuckDB is set to one thread.
The rate is given on wall-clock time and on the process's CPU time: on a shared
machine the second is the steadier figure.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from engine.adapters.fhir import read_ndjson
from engine.adapters.report import LoadReport
from engine.adapters.tables import read_tables

LABS = [("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 150, 400),
        ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 12, 17),
        ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 4, 11),
        ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.6, 1.3),
        ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 7, 56),
        ("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 10, 40),
        ("1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", "mg/dL", 0.1, 1.2),
        ("751-8", "Neutrophils [#/volume] in Blood by Automated count", "10*3/uL", 1.5, 8)]


def write_inputs(folder: Path, results: int, patients: int, seed: int = 7) -> dict[str, Path]:
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    ndjson, table = folder / "bulk.ndjson", folder / "labs.csv"
    with open(ndjson, "w", encoding="utf-8") as nd, open(table, "w", newline="", encoding="utf-8") as tb:
        rows = csv.writer(tb)
        rows.writerow(["patient_id", "test", "value", "unit", "date", "low", "high"])
        for p in range(patients):
            born = f"{rng.randint(1940, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            nd.write(json.dumps({"resourceType": "Patient", "id": f"p{p}", "birthDate": born,
                                 "gender": rng.choice(["female", "male"])}) + "\n")
        for i in range(results):
            code, display, unit, low, high = LABS[i % len(LABS)]
            patient, day = f"p{rng.randrange(patients)}", start + timedelta(days=rng.randrange(300))
            value = round(rng.uniform(low * 0.5, high * 1.5), 2)
            nd.write(json.dumps(_observation(i, patient, code, display, unit, value, day, low, high)) + "\n")
            rows.writerow([patient, code, value, unit, day.isoformat(), low, high])
    parquet = folder / "labs.parquet"
    import duckdb
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv_auto('{table}')) TO '{parquet}' (FORMAT parquet)")
    con.close()
    return {"NDJSON": ndjson, "CSV": table, "Parquet": parquet}


def _observation(i, patient, code, display, unit, value, day, low, high) -> dict:
    quantity = {"system": "http://unitsofmeasure.org", "code": unit, "unit": unit}
    return {
        "resourceType": "Observation", "id": f"o{i}", "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "laboratory"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": code, "display": display}]},
        "subject": {"reference": f"Patient/{patient}"},
        "effectiveDateTime": f"{day.isoformat()}T08:30:00+00:00",
        "valueQuantity": {"value": value, **quantity},
        "referenceRange": [{"low": {"value": low, **quantity}, "high": {"value": high, **quantity}}],
    }


def timed(label: str, read, results: int) -> None:
    report = LoadReport()
    began, cpu = time.perf_counter(), time.process_time()
    patients = list(read(report))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    labs = sum(len(p.labs) for p in patients)
    assert labs == results and report.balanced, (labs, report.summary())
    print(f"{label:8} {results / seconds:>10,.0f} Observations/s  ({results / cpu:,.0f}/s of CPU time; "
          f"{results:,} results, {len(patients):,} patients, {seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=int, default=200_000)
    parser.add_argument("--patients", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_inputs(Path(tmp), args.results, args.patients)
        list(read_tables([files["CSV"]]))    # warm up: catalogue, unit table, imports
        timed("NDJSON", lambda r: read_ndjson(files["NDJSON"], r), args.results)
        timed("CSV", lambda r: read_tables([files["CSV"]], report=r), args.results)
        timed("Parquet", lambda r: read_tables([files["Parquet"]], report=r), args.results)


if __name__ == "__main__":
    main()
