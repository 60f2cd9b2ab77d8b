"""Registry-scale screening throughput, measured in one run; prints the figures.

    python benchmarks/batch_bench.py [--patients 1000000] [--registry PATH] [--python-sample 2000]
                                     [--memory-limit 4GB] [--threads N] [--rounds 3]

* compiled SQL on DuckDB: ``elig batch`` (a subprocess, as a user runs it, with the
  registry's own OMOP vocabulary as --vocabulary) on the three seed trials, then on
  NCT00699491 alone; wall time, patients/s, peak memory (max RSS);
* the floor: a hand-written DuckDB query for NCT00699491 (benchmarks/hand_written.py) with
  the same vocabulary, and how many statuses it and the compiled query disagree on (must
  be 0; per criterion when not);
* the Python evaluator: a sample of the registry loaded and screened in this process,
  patients/s per trial, with and without loading.

With --rounds N the three SQL runs are repeated in turn N times, so that load on a shared
machine falls on each alike, and the medians are printed (ratios: of the medians).

The registry is generated (engine/sql/synthetic.py, seed 7) unless --registry names an
existing one with the right number of patients. Figures go to stdout; nothing asserts a
time (the aims: 1M x 3 trials <= 8 s on a quiet machine; compiled <= 1.1x the floor;
>= 100x Python).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

AS_OF = date(2026, 11, 1)
RULES = sorted(str(p) for p in (ROOT / "rules").glob("*.yaml"))
TRIAL = str(ROOT / "rules" / "NCT00699491.yaml")


def _registry(path: str, patients: int) -> tuple[str, float]:
    import duckdb
    if Path(path).exists():
        con = duckdb.connect(path, read_only=True)
        found = con.execute("SELECT count(*) FROM person").fetchone()[0]
        con.close()
        if found == patients:
            return path, 0.0
    from engine.sql.synthetic import generate
    start = time.perf_counter()
    generate(path, patients, seed=7, as_of=AS_OF)
    return path, time.perf_counter() - start


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _elig(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one `elig` run in a child process (its
    own figures, from wait4: RUSAGE_CHILDREN's peak is the largest of every child so far)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", "from engine.cli import run; run()", *args], cwd=ROOT,
                             stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _hand_written(path: str, out: str, threads) -> tuple[float, float]:
    import duckdb
    from hand_written import MACROS, query

    from engine.sql.codes import load_vocabulary
    concept_ids = load_vocabulary(path)
    con = duckdb.connect(path, read_only=True)
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute(MACROS)
    start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    con.execute(f"COPY ({query(AS_OF, concept_ids)}) TO '{out}' (FORMAT parquet)")
    wall, cpu = time.perf_counter() - start, _cpu(resource.RUSAGE_SELF) - cpu
    con.close()
    return wall, cpu


def _disagreements(compiled: str, hand: str) -> tuple[int, dict[str, int]]:
    """(rows with any status or the verdict differing, how many differ per column where any does)."""
    import duckdb
    from hand_written import MANUAL, ORDER
    columns = ["verdict", *(c for c in ORDER if c not in MANUAL)]
    differs = [f"a.\"{c}\"::VARCHAR IS DISTINCT FROM b.\"{c}\"::VARCHAR" for c in columns]
    counts = ", ".join(f"count(*) FILTER (WHERE {d})" for d in [" OR ".join(differs), *differs])
    rows, *found = duckdb.sql(f"SELECT {counts} FROM read_parquet('{compiled}') a JOIN read_parquet('{hand}') b "
                              "USING (person_id)").fetchall()[0]
    return rows, {c: n for c, n in zip(columns, found) if n}


def _python(path: str, sample: int) -> tuple[float, float, int]:
    """(patients/s per trial screening only, patients/s per trial with loading, patients)."""
    import duckdb
    from engine import load_trial, screen
    from engine.sql.loader import load_patients
    trials = [load_trial(r) for r in RULES]
    con = duckdb.connect(path, read_only=True)
    start = time.perf_counter()
    patients = load_patients(con, where=f"person_id <= {sample}")
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for patient in patients:
        for trial in trials:
            screen(trial, patient, AS_OF)
    screened = time.perf_counter() - start
    count = len(patients) * len(trials)
    return count / screened, count / (screened + loaded), len(patients)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--registry", default=None, help="registry path (generated if absent)")
    parser.add_argument("--python-sample", type=int, default=2_000)
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 4GB")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=1, help="SQL runs repeated in turn; medians printed")
    args = parser.parse_args()
    kept = tempfile.TemporaryDirectory(prefix="elig-bench-")
    scratch = Path(kept.name)
    path, generated = _registry(args.registry or str(scratch / "registry.duckdb"), args.patients)
    n = args.patients
    extra = (["--memory-limit", args.memory_limit] if args.memory_limit else []) + \
        (["--threads", str(args.threads)] if args.threads else [])
    print(f"registry: {path} ({n:,} patients{f', generated in {generated:.1f} s' if generated else ''}); "
          f"{os.cpu_count()} cores; as of {AS_OF}")

    extra += ["--vocabulary", path, "--as-of", AS_OF.isoformat()]
    runs = []
    for _ in range(args.rounds):
        runs.append((*_elig(["batch", *RULES, "--registry", path, "--out", str(scratch / "all.parquet"),
                             "--overwrite", *extra]),
                     *_elig(["batch", TRIAL, "--registry", path, "--out", str(scratch / "one.parquet"),
                             "--overwrite", *extra]),
                     *_hand_written(path, str(scratch / "hand.parquet"), args.threads)))
    three, three_cpu, three_peak, one, one_cpu, one_peak, hand, hand_cpu = (
        statistics.median(r[i] for r in runs) for i in range(8))
    differ_rows, differ = _disagreements(str(scratch / "one.parquet"), str(scratch / "hand.parquet"))
    py_rate, py_rate_loaded, sample = _python(path, args.python_sample)
    load = os.getloadavg()[0]

    print(f"(load average during the run: {load:.2f}; wall times on a shared machine vary, CPU seconds less"
          + (f"; medians of {args.rounds} rounds)" if args.rounds > 1 else ")"))
    print()
    print(f"compiled SQL, DuckDB, 3 seed trials (elig batch): {three:6.1f} s wall {three_cpu:6.1f} s CPU  "
          f"{n * len(RULES) / three:10,.0f} patient-trials/s   peak RSS {three_peak:,.0f} MB")
    print(f"compiled SQL, DuckDB, NCT00699491 (elig batch):   {one:6.1f} s wall {one_cpu:6.1f} s CPU  "
          f"{n / one:10,.0f} patients/s         peak RSS {one_peak:,.0f} MB")
    print(f"hand-written DuckDB query, NCT00699491 (floor):   {hand:6.1f} s wall {hand_cpu:6.1f} s CPU  "
          f"{n / hand:10,.0f} patients/s   rows differing from compiled: {differ_rows:,}"
          + "".join(f"; {c} {k:,}" for c, k in differ.items()))
    print(f"Python evaluator ({sample:,}-patient sample, 3 trials): {py_rate:,.0f} patient-trials/s on one core "
          f"(screening only); {py_rate_loaded:,.0f}/s with loading the profiles")
    print()
    print(f"compiled / hand-written, one trial: {one / hand:.2f}x wall, {one_cpu / hand_cpu:.2f}x CPU   (aim <= 1.1x; "
          "the compiled run includes starting elig, loading the rules and compiling)")
    print(f"compiled / Python: {n * len(RULES) / three / py_rate:,.0f}x faster (wall, 2 cores); "
          f"{n * len(RULES) / three_cpu / py_rate:,.0f}x per CPU second   (aim >= 100x)")
    print(f"1M patients x 3 trials: {three * 1_000_000 / n:.1f} s   (aim <= 8 s on a quiet machine)")
    kept.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
