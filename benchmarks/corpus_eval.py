"""How much real criteria text the engine reads, and how much it reads wrongly.

    python benchmarks/corpus_eval.py [CORPUS.jsonl] [--show wrong|manual]

The corpus (default: tests/data/corpus.jsonl, a copy of ../shared/corpus) holds real
criteria lines with hand annotations. Each line is judged by engine.corpus.judge:
read exactly as annotated, read wrongly, sent to manual review, or read as
condition/treatment statements the corpus does not annotate. Prints the three
shares the issue asks for, and the time to import each seed record.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "tests/data/corpus.jsonl"))
    parser.add_argument("--show", choices=("wrong", "manual"), help="list the lines so judged")
    args = parser.parse_args()

    from engine import compile_criterion
    from engine.corpus import judge
    from engine.explain import compact

    rows = [json.loads(line) for line in Path(args.corpus).read_text("utf-8").splitlines() if line.strip()]
    counts: collections.Counter = collections.Counter()
    for row in rows:
        section = "exclusion" if row["section"] == "exclusion" else "inclusion"
        criterion = compile_criterion(row["text"], section)
        verdict = judge(row, criterion)
        counts[verdict] += 1
        counts[f"{verdict}:{'evaluable' if row.get('evaluable') else 'not evaluable'}"] += 1
        if args.show == verdict or (args.show == "manual" and verdict == "manual" and row.get("evaluable")):
            print(f"{row['id']}: {row['text'][:110]}\n    read: {compact(criterion.tree)[:110]}")

    total = len(rows)
    evaluable = sum(1 for r in rows if r.get("evaluable"))
    exact = counts["exact"]
    read = total - counts["manual"]
    print(f"corpus: {total} lines ({evaluable} annotated machine-evaluable) from {args.corpus}")
    print(f"  read exactly as annotated    {exact:4d} = {100 * exact / evaluable:5.1f}% of machine-evaluable lines"
          f"  (aim >= 90%)")
    print(f"  read wrongly                 {counts['wrong']:4d} = {100 * counts['wrong'] / total:5.1f}% of all lines"
          f" ({100 * counts['wrong'] / max(read, 1):.1f}% of lines read)  (aim < 1%)")
    print(f"  sent to manual review        {counts['manual']:4d} = {100 * counts['manual'] / total:5.1f}% of all lines"
          f" ({counts['manual:evaluable']} of them annotated evaluable)")
    print(f"  condition/treatment readings {counts['unannotated']:4d} (the corpus annotates none)")
    _import_times()
    return 0


def _import_times() -> None:
    from engine.criteria import _compiled
    from engine.ctgov import import_record
    seeds = sorted((ROOT / "tests/data/seeds").glob("*.txt"))
    import_record(seeds[0])  # warm: grammar and tables loaded once per process
    for seed in seeds:
        _compiled.cache_clear()  # every line compiled afresh, as for a new record
        start = time.perf_counter()
        _, trial = import_record(seed)
        elapsed = (time.perf_counter() - start) * 1000
        evaluable, total = trial.coverage
        print(f"  import {trial.id}: {elapsed:6.1f} ms ({evaluable} of {total} criteria machine-evaluable)")


if __name__ == "__main__":
    sys.exit(main())
