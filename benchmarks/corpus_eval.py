"""How much real criteria text the engine reads, how much it reads wrongly, how fast.

    python benchmarks/corpus_eval.py [--show wrong|manual|partial] [--corpus annotated|growth]

Reads ../shared/corpus where it is (the project keeps no copy). For each annotated corpus
and split (engine.corpus.judge against the hand reading):

- annotated: the 286 lines of ../shared/corpus/criteria.jsonl, which the grammar was grown on;
- chia growth: the Chia sample's growth split (rules may be written from it);
- chia measure: the Chia sample's measure split, never used to write rules: the figure to quote.

Then, on every Chia line that carries a threshold (engine.thresholds.carries_threshold),
the share the engine reads whole (a reading, no part left for a person) or in part (a
reading with a part left for a person), a reading being a threshold or a statement of a
condition or treatment ("Stroke less than 3 months prior to randomisation"), and the
compile rate of each corpus on one core (a cold compile cache: every line parsed and
resolved; the baseline in the same run is parsing alone). `--show` lists lines of the annotated corpus or the growth split only:
the measure split is not for reading rules from.
"""
from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _section(row: dict) -> str:
    return "exclusion" if row["section"] == "exclusion" else "inclusion"


def judge_corpus(name: str, rows: list[dict], show: str | None) -> None:
    from engine import compile_criterion
    from engine.corpus import judge
    from engine.explain import compact
    counts: collections.Counter = collections.Counter()
    for row in rows:
        criterion = compile_criterion(row["text"], _section(row))
        verdict = judge(row, criterion)
        counts[verdict] += 1
        if verdict == "manual" and row.get("evaluable"):
            counts["manual:evaluable"] += 1
        if show and (show == verdict and (verdict != "manual" or row.get("evaluable"))):
            print(f"  {row['id']}: {row['text'][:140]}\n      read: {compact(criterion.tree)[:140]}")
    total, evaluable = len(rows), sum(1 for r in rows if r.get("evaluable"))
    print(f"{name}: {total} lines, {evaluable} annotated machine-evaluable")
    print(f"  read exactly      {counts['exact']:4d} = {100 * counts['exact'] / max(evaluable, 1):5.1f}% of evaluable lines")
    print(f"  read wrongly      {counts['wrong']:4d} = {100 * counts['wrong'] / total:5.1f}% of all lines")
    print(f"  manual review     {counts['manual']:4d} = {100 * counts['manual'] / total:5.1f}% of all lines "
          f"({counts['manual:evaluable']} of them annotated evaluable)")
    print(f"  conditions only   {counts['unannotated']:4d} (read as condition/treatment statements, not annotated)")


def threshold_share(rows: list[dict], show: str | None, hidden: set[str]) -> None:
    from engine import compile_criterion
    from engine.nodes import statements
    from engine.thresholds import carries_threshold
    carrying = [r for r in rows if carries_threshold(r["text"])]
    whole = partial = 0
    for row in carrying:
        criterion = compile_criterion(row["text"], _section(row))
        has_reading = any(True for _ in statements(criterion.tree))
        if has_reading and criterion.evaluable:
            whole += 1
        elif has_reading:
            partial += 1
            if show == "partial" and row["nct"] not in hidden:
                print(f"  {row['id']}: {row['text'][:140]}")
    n = len(carrying)
    print(f"chia, every line that carries a threshold: {n} of {len(rows)} lines")
    print(f"  read whole        {whole:4d} = {100 * whole / n:5.1f}%")
    print(f"  read in part      {partial:4d} = {100 * partial / n:5.1f}%")
    print(f"  whole or in part  {whole + partial:4d} = {100 * (whole + partial) / n:5.1f}%")


def compile_rates(corpora: dict[str, list[str]], rounds: int) -> None:
    from engine import compile_criterion
    from engine.criteria import _compiled
    from engine.parse import parse
    compile_criterion("Creatinine ≤ 1.5 mg/dL (133 µmol/L)")  # grammar, tables and pint loaded
    print(f"compile rate, one core, cold compile cache (median of {rounds} passes; baseline: parse only)")
    for name, lines in corpora.items():
        passes, parsing = [], []
        for _ in range(rounds):
            _compiled.cache_clear()
            start = time.perf_counter()
            for text in lines:
                compile_criterion(text)
            passes.append(time.perf_counter() - start)
            start = time.perf_counter()
            for text in lines:
                try:
                    parse(text, explain=False)
                except Exception:  # a line the grammar cannot read whole: timed all the same
                    pass
            parsing.append(time.perf_counter() - start)
        rate = len(lines) / statistics.median(passes)
        print(f"  {name:28s} {len(lines):6d} lines  {rate:8,.0f} lines/s  "
              f"(parse only {len(lines) / statistics.median(parsing):8,.0f} lines/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("wrong", "manual", "partial"), help="list the lines so judged")
    parser.add_argument("--corpus", choices=("annotated", "growth"), default="growth",
                        help="which corpus --show lists (never the measure split)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from corpus_support import annotated, chia, chia_split, missing_reason
    from scripts.sample_chia import split_of
    if missing_reason():
        print(missing_reason(), file=sys.stderr)
        return 1
    judge_corpus("annotated corpus (grown on)", annotated(), args.show if args.corpus == "annotated" else None)
    judge_corpus("chia growth split (grown on)", chia_split("growth"), args.show if args.corpus == "growth" else None)
    judge_corpus("chia measure split (never grown on)", chia_split("measure"), None)
    measure_trials = {r["nct"] for r in chia() if split_of(r["nct"]) == "measure"}
    threshold_share(chia(), args.show, hidden=measure_trials)
    compile_rates({"annotated corpus": [r["text"] for r in annotated()],
                   "chia, all lines": [r["text"] for r in chia()]}, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
