"""The registry pass's staging, per form, in alternating rounds on one registry; prints medians.

    python benchmarks/staging_bench.py --registry registry.duckdb [--rounds 3] [--pivot]
                                       [--memory-limit 4GB] [--threads N]

What `elig batch` stages for the three seed trials (engine.sql.compiler.compile_shared),
on DuckDB, each form timed in turn within every round so that load on a shared machine
falls on all of them alike:

* the newest result of each (person, analyte): the form `elig batch` uses on DuckDB (LAG
  over each analyte's rows sorted by person and date), the portable form (ROW_NUMBER, as
  on PostgreSQL and Spark), and one grouped pass, GROUP BY person, analyte keeping
  arg_max(row, newest-first key) with the key as a struct or packed in a HUGEINT; then,
  for each, the one row per person by the joins `elig batch` uses (one per analyte),
  which read the rows in the order that form wrote them;
* with --pivot, once, that row as one GROUP BY person (conditional aggregates: a minute
  or two at 1M patients);
* each trial's query on the staged row (COPY to Parquet).

Wall and CPU seconds (this process: DuckDB's threads), the median per form, how many rows
each form's newest results differ from those `elig batch` stages (must be 0), and the
peak RSS. Nothing asserts a time.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 1)
RULES = sorted(str(p) for p in (ROOT / "rules").glob("*.yaml"))
# Newest first, then measurement before observation, then the lower row id (Staging.ranked),
# as one HUGEINT: days since 1900 above bit 65, the table in bit 64, the id below it.
PACKED_KEY = ("(date_diff('day', DATE '1900-01-01', d)::HUGEINT << 65) + ((1 - src)::HUGEINT << 64) "
              "+ (9223372036854775807::HUGEINT - seq)")
ROW = "{'d': d, 'v': v, 'uk': uk, 'opc': opc, 'rlo': rlo, 'rhi': rhi}"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _staging():
    """(staging of the seed trials on DuckDB, the same in the portable form, the shared stages,
    the compiled trials)."""
    from engine import load_trial
    from engine.sql.compiler import Compiler, compile_shared
    from engine.sql.staging import Needs
    trials = [load_trial(r) for r in RULES]
    stages, compiled = compile_shared(trials, "elig_stage", "duckdb", AS_OF)
    needs = Needs(AS_OF)
    for trial in trials:
        Compiler(trial, "duckdb", AS_OF, needs=needs, staged="elig_stage").compile()
    duck = Compiler(trials[0], "duckdb", AS_OF, needs=needs).staging()
    portable = Compiler(trials[0], "postgres", AS_OF, needs=needs).staging()
    return duck, portable, stages, compiled


def _grouped(staging, key: str) -> str:
    """The newest result per (person, analyte) as one GROUP BY keeping arg_max(row, key)."""
    factors = ", ".join(f"f.f{i}" for i in range(staging.width))
    return (f"WITH fac AS ({staging.factor_table().sql(dialect='duckdb')}), "
            f"res AS ({staging.results().sql(dialect='duckdb')}), "
            f"g AS (SELECT person_id, analyte, arg_max({ROW}, {key}) AS x FROM res GROUP BY person_id, analyte) "
            "SELECT r.person_id, r.analyte, r.d, r.v, r.opc, r.rlo, r.rhi, "
            f"CASE WHEN f.analyte IS NOT NULL THEN 1 END AS known, {factors} "
            "FROM (SELECT person_id, analyte, x.* FROM g) AS r "
            "LEFT JOIN fac AS f ON f.analyte = r.analyte AND f.unit_key = r.uk")


def _pivot(staging, latest: str) -> str:
    """The analyte columns of the per-person row as one GROUP BY person (no person or record
    columns: those are joined alike in either form)."""
    from engine.sql.staging import code, slug
    read = staging.needs.columns
    columns = []
    for analyte, units in sorted(staging.needs.targets.items()):
        for field in staging._fields(units):
            name = f"{slug(analyte)}__{field}"
            if read is None or name in read:
                columns.append(f'any_value({field}) FILTER (WHERE analyte = {code(analyte)}) AS "{name}"')
    return f'SELECT person_id, {", ".join(columns)} FROM "{latest}" GROUP BY person_id'


def main() -> int:
    import duckdb
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", required=True, help="a DuckDB registry (benchmarks/make_registry.py)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pivot", action="store_true", help="also the pivot as one GROUP BY person, once")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 4GB")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    duck, portable, stages, compiled = _staging()
    (latest_name, latest), (person_name, per_person) = stages
    con = duckdb.connect(args.registry, read_only=True)
    con.execute("SET preserve_insertion_order = false")
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    if args.threads:
        con.execute(f"SET threads = {int(args.threads)}")
    persons = con.execute("SELECT count(*) FROM person").fetchone()[0]

    def timed(statement: str) -> tuple[float, float]:
        start, cpu = time.perf_counter(), _cpu()
        con.execute(statement)
        return time.perf_counter() - start, _cpu() - cpu

    newest = {"LAG over each analyte by person (elig batch, DuckDB)": latest.sql(dialect="duckdb"),
              "ROW_NUMBER per (person, analyte) (portable form)": portable.latest_table().sql(dialect="duckdb"),
              "GROUP BY person, analyte: arg_max(row, struct key)": _grouped(duck, "{'d': d, 's': -src, 'q': -seq}"),
              "GROUP BY person, analyte: arg_max(row, HUGEINT key)": _grouped(duck, PACKED_KEY)}
    # form -> [(wall, CPU) of the newest results, then of the one row per person]
    runs: dict[str, list[tuple[float, float, float, float]]] = {}
    trial_runs: dict[str, list[tuple[float, float]]] = {}
    differ: dict[str, int] = {}
    scratch = tempfile.TemporaryDirectory(prefix="elig-staging-")
    for _ in range(args.rounds):
        for form, sql in newest.items():
            wall, cpu = timed(f'CREATE OR REPLACE TEMP TABLE "{latest_name}" AS {sql}')
            if not differ:  # elig batch's rows, the first time: what every form must give
                con.execute(f'CREATE TEMP TABLE reference AS FROM "{latest_name}"')
            differ[form] = con.execute(f'SELECT count(*) FROM ((FROM reference EXCEPT ALL FROM "{latest_name}") '
                                       f'UNION ALL (FROM "{latest_name}" EXCEPT ALL FROM reference))').fetchone()[0]
            # the joins read the rows in the order this form wrote them
            runs.setdefault(form, []).append((wall, cpu, *timed(
                f'CREATE OR REPLACE TEMP TABLE "{person_name}" AS {per_person.sql(dialect="duckdb")}')))
            if form != next(iter(newest)):
                continue
            for trial in compiled:
                target = str(Path(scratch.name) / f"{trial.trial_id}.parquet")
                trial_runs.setdefault(trial.trial_id, []).append(
                    timed(f"COPY ({trial.sql(pretty=False)}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)"))
    pivot = timed(f'CREATE OR REPLACE TEMP TABLE "pivoted" AS {_pivot(duck, latest_name)}') if args.pivot else None
    rows = con.execute(f'SELECT count(*) FROM "{latest_name}"').fetchone()[0]
    con.close()
    scratch.cleanup()

    def median(values) -> float:
        return statistics.median(list(values))

    print(f"registry: {args.registry} ({persons:,} patients, {rows:,} newest results); {os.cpu_count()} cores; "
          f"{args.rounds} alternating rounds, medians; load average at the end {os.getloadavg()[0]:.2f} "
          "(a shared machine: compare CPU seconds and ratios within this run)")
    print("staging: the newest result per (person, analyte), then one row per person by joins reading it")
    first = median(r[1] + r[3] for r in runs[next(iter(newest))])
    for form, measured in runs.items():
        wall, cpu, person_wall, person_cpu = (median(r[i] for r in measured) for i in range(4))
        both = median(r[1] + r[3] for r in measured)
        print(f"  {form:55s} newest {wall:5.2f} s wall {cpu:5.2f} s CPU; per person {person_wall:5.2f} s wall "
              f"{person_cpu:5.2f} s CPU; together {both / first:4.2f}x CPU; rows differing: {differ[form]:,}")
    if pivot:
        joins = median(r[3] for r in runs[next(iter(newest))])
        print(f"  one row per person as one GROUP BY person (conditional aggregates): {pivot[0]:.2f} s wall "
              f"{pivot[1]:.2f} s CPU, {pivot[1] / joins:.1f}x the joins' CPU")
    print("each trial's query on the staged row (COPY to Parquet):")
    for trial, measured in trial_runs.items():
        print(f"  {trial}: {median(w for w, _ in measured):5.2f} s wall {median(c for _, c in measured):5.2f} s CPU")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (it holds every form's tables): {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
