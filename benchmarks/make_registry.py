"""Generate a synthetic OMOP registry (engine/sql/synthetic.py describes what is in it).

    python benchmarks/make_registry.py --patients 100000 --out registry.duckdb [--parquet omop/]
                                       [--seed 7] [--as-of 2026-11-01]

Writes the OMOP tables (person, measurement, observation, condition_occurrence,
drug_exposure, procedure_occurrence) to a DuckDB file, and with --parquet also as one
Parquet file per table (a folder `elig batch --registry` reads). Deterministic for a seed.
Generated registries are not committed.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    from engine.sql.synthetic import AS_OF, generate
    parser = argparse.ArgumentParser(description="Generate a synthetic OMOP CDM registry.")
    parser.add_argument("--patients", type=int, required=True)
    parser.add_argument("--out", required=True, help="DuckDB file to write (replaced)")
    parser.add_argument("--parquet", type=Path, default=None, help="also write the tables as Parquet here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF,
                        help="the screening date the data is built around")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = generate(args.out, args.patients, args.seed, args.as_of, args.parquet)
    rows = ", ".join(f"{table} {count:,}" for table, count in counts.items())
    print(f"{args.out}: {rows} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
