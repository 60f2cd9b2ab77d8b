"""Compile and evaluation throughput on one core; prints the figures.

    python benchmarks/compile_bench.py [--rounds N]

Compile: every line of the annotated corpus (../shared/corpus/criteria.jsonl), then of the
Chia lines (../shared/corpus/chia/criteria.jsonl; a tenth of the rounds), pinned to one
core: first-seen (the first pass over the lines, none in the compile cache; for the corpus
also the process's first lines: unit and analyte tables, pint/ucumvert on first conversion),
warm (later passes, the compile cache cleared each pass: every line parsed and
resolved again; all passes together, then the median, slowest and fastest pass, as
other work on the machine slows some passes) and repeated (the cache answers, as for
lines that recur across trials). Baseline in the same run: parsing alone
(engine.parse.parse: the lean LALR run of Lark's tables, engine/lalr.py, with the
transformer inside).
Evaluation: every criterion of the seed trials against every sample patient,
through screen() (one evaluator per patient and trial, as the CLI does) and through
the library's evaluate() (a fresh evaluator per call). Baseline: a bare float
comparison loop, the floor no evaluator can beat.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 1)
CORPUS = ROOT.parent / "shared" / "corpus" / "criteria.jsonl"  # read where it is, never copied
CHIA = ROOT.parent / "shared" / "corpus" / "chia" / "criteria.jsonl"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def _lines(path: Path, limit: int = 0) -> list[str]:
    texts = [json.loads(l)["text"] for l in path.read_text("utf-8").splitlines() if l.strip()]
    return texts[:limit] if limit else texts


def bench_compile(name: str, lines: list[str], rounds: int) -> None:
    """First-seen lines (the first pass: none is in the compile cache), warm passes with the
    cache cleared, repeated lines, and parsing alone, all on the same lines in this run."""
    start = time.perf_counter()
    from engine import compile_criterion
    from engine.criteria import _compiled
    from engine.parse import parse
    compile_criterion("Creatinine ≤ 1.5 mg/dL (133 µmol/L)")  # loads grammar, tables and pint
    load = time.perf_counter() - start
    start = time.perf_counter()
    for text in lines:
        compile_criterion(text)
    cold = time.perf_counter() - start
    passes = []
    for _ in range(rounds):
        _compiled.cache_clear()  # every line compiled afresh: no cache in this figure
        start = time.perf_counter()
        for text in lines:
            compile_criterion(text)
        passes.append(time.perf_counter() - start)
    warm = sum(passes)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in lines:
            compile_criterion(text)
    cached = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for text in lines:
            try:
                parse(text, explain=False)
            except Exception:
                pass
    parse_only = time.perf_counter() - start
    n = len(lines) * rounds
    print(f"compile: {len(lines)} {name} lines")
    print(f"  start-up (grammar, tables, pint)   {load * 1000:8.0f} ms")
    print(f"  first-seen lines, first pass       {_rate(len(lines), cold):>12}  "
          f"({(cold / len(lines)) / (parse_only / n):.2f}× parsing; aim 20,000/s)")
    print(f"  warm, {rounds} passes, uncached          {_rate(n, warm):>12}  "
          f"(one pass: median {_rate(len(lines), statistics.median(passes))}, "
          f"slowest {_rate(len(lines), max(passes))}, fastest {_rate(len(lines), min(passes))})")
    print(f"  repeated lines (compile cache)     {_rate(n, cached):>12}")
    print(f"  baseline: parse only               {_rate(n, parse_only):>12}  "
          f"(full compile costs {warm / parse_only:.2f}× parsing)")


def bench_evaluate(rounds: int) -> None:
    from engine import evaluate, load_patient, load_trial, screen
    trials = [load_trial(p) for p in sorted((ROOT / "rules").glob("*.yaml"))]
    patients = [load_patient(p) for p in sorted((ROOT / "patients").glob("*.yaml"))]
    per_round = sum(len(t.criteria) for t in trials) * len(patients)
    evaluable = sum(sum(c.evaluable for c in t.criteria) for t in trials) * len(patients)
    for t in trials:  # warm the unit-factor cache
        for p in patients:
            screen(t, p, AS_OF)
    start = time.perf_counter()
    for _ in range(rounds):
        for t in trials:
            for p in patients:
                screen(t, p, AS_OF)
    screened = time.perf_counter() - start
    pairs = [(c, p) for t in trials for c in t.criteria if c.evaluable for p in patients]
    start = time.perf_counter()
    for _ in range(rounds):
        for c, p in pairs:
            evaluate(c, p, AS_OF)
    single = time.perf_counter() - start
    values = [float(i % 200) for i in range(len(pairs) * rounds)]
    start = time.perf_counter()
    hits = sum(1 for v in values if v >= 100.0)
    floor = time.perf_counter() - start
    print(f"evaluate: {len(trials)} trials × {len(patients)} patients "
          f"({per_round} criteria a round, {evaluable} machine-evaluable)")
    print(f"  screen(), all criteria             {_rate(per_round * rounds, screened):>12}")
    print(f"  evaluate(), evaluable, fresh ctx   {_rate(len(pairs) * rounds, single):>12}")
    print(f"  baseline: bare float comparison    {_rate(len(values), floor):>12}  "
          f"(evaluate() is {(single / (len(pairs) * rounds)) / (floor / len(values)):,.0f}× "
          f"the floor; {hits} hits)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--chia-lines", type=int, default=0, help="only the first N Chia lines (default: all)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core, as the figures are quoted
    bench_compile("corpus", _lines(CORPUS), args.rounds)
    if CHIA.exists():
        bench_compile("Chia", _lines(CHIA, args.chia_lines), max(1, args.rounds // 10))
    bench_evaluate(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
