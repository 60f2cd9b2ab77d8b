"""Start-up: the wall time of the commands a coordinator runs many times a day.

    python benchmarks/startup_bench.py            # median of 5 runs per command
    python benchmarks/startup_bench.py --runs 9
    python benchmarks/startup_bench.py --before /tmp/engine-before   # another checkout, same run

Each command runs as its own process, as a user would run it: `python -c pass` first (the
baseline of the same run: the interpreter alone), then `elig --help`, `elig explain` of an
ordinary line and `elig import` of a seed record (../shared/seeds). Each is timed twice:
"first run" with an empty cache folder (ELIG_CACHE_DIR: the parser's tables and the unit
factors are built), "later runs" with the cache the first run left. Python's bytecode is written as an
installed package has it (PYTHONDONTWRITEBYTECODE is dropped, and each command runs once
untimed first). On a shared machine the figures move with load; the ratios to the
baseline of the same run are the steadier ones, and so is CPU time (user + system, which
waiting for a core does not add to: printed beside the wall time of later runs). --before DIR times another checkout of
the engine too (a `git archive` of an earlier commit, put first on PYTHONPATH, its `elig`
entry point run as its pyproject.toml names it), each of its later runs right after this
checkout's, so that both meet the same load.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "NCT00699491-cixutumumab-temsirolimus-breast.txt"
ELIG = [str(Path(sys.executable).parent / "elig")]   # the installed command, as a user runs it


# The aims of issue 20 (seconds, later runs).
AIMS = {"elig --help": 0.2, 'elig explain "Platelets ≥ 100,000/μL"': 0.2, "elig import (seed record)": 0.3}


def commands(out: Path) -> dict[str, list[str]]:
    found = {"python -c pass": [sys.executable, "-c", "pass"],
             "elig --help": ELIG + ["--help"],
             'elig explain "Platelets ≥ 100,000/μL"': ELIG + ["explain", "Platelets ≥ 100,000/μL"]}
    if SEED.exists():
        found["elig import (seed record)"] = ELIG + ["import", str(SEED), "-o", str(out), "--overwrite"]
    return found


def entry_script(tree: Path, folder: Path) -> Path:
    """A script that runs the `elig` entry point tree's pyproject.toml names, as pip's
    console script does (the entry point may differ between the two checkouts)."""
    scripts = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = scripts["elig"].split(":")
    script = folder / "elig-before"
    script.write_text(f"import sys\nfrom {module} import {function}\nsys.exit({function}())\n", encoding="utf-8")
    return script


def wall(argv: list[str], env: dict, cpu: list[float] | None = None) -> float:
    """The command's wall time; its CPU time (user + system) appended to cpu."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - start
    if cpu is not None:
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout of the engine, timed in the same run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="elig-startup-"))
    try:
        cache = work / "cache"
        env = {**os.environ, "ELIG_CACHE_DIR": str(cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        before_env = {**env, "ELIG_CACHE_DIR": str(work / "cache-before"),
                      "PYTHONPATH": os.pathsep.join(filter(None, [str(args.before), env.get("PYTHONPATH")]))}
        before_elig = [sys.executable, str(entry_script(args.before, work))] if args.before else []
        rows = []
        for name, argv in commands(work / "rules.yaml").items():
            firsts, laters, befores, later_cpu, before_cpu = [], [], [], [], []
            before_argv = before_elig + argv[1:] if argv[0] == ELIG[0] else argv
            wall(argv, env)   # bytecode written, as pip writes it on install
            if args.before:
                wall(before_argv, before_env)   # and the other checkout's cache filled
            for _ in range(args.runs):
                shutil.rmtree(cache, ignore_errors=True)
                firsts.append(wall(argv, env))
                laters.append(wall(argv, env, later_cpu))
                if args.before:
                    befores.append(wall(before_argv, before_env, before_cpu))
            rows.append((name, statistics.median(firsts), statistics.median(laters), statistics.median(later_cpu),
                         statistics.median(befores) if befores else None,
                         statistics.median(before_cpu) if before_cpu else None))
        base = rows[0][2]
        print(f"start-up, wall time, median of {args.runs} runs (baseline: python -c pass in the same run)")
        print(f"  {'command':42s} {'first run':>10s} {'later runs':>11s} {'x baseline':>11s} {'aim':>6s} {'CPU':>7s}"
              + (f" {'before':>8s} {'x before':>9s} {'CPU before':>11s} {'x before':>9s}" if args.before else ""))
        for name, first, later, cpu, before, cpu_before in rows:
            aim = f"{AIMS[name]:.1f}s" if name in AIMS else ""
            print(f"  {name:42s} {first:9.2f}s {later:10.2f}s {later / base:10.1f}x {aim:>6s} {cpu:6.2f}s"
                  + (f" {before:7.2f}s {later / before:8.2f}x {cpu_before:10.2f}s {cpu / cpu_before:8.2f}x"
                     if before else ""))
        if not SEED.exists():
            print(f"  (elig import not timed: {SEED} is absent)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
