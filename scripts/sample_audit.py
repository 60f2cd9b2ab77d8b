"""Draw the hand audit of the island reader: 100 readings of real Chia lines.

    python scripts/sample_audit.py [--count 100] [--seed 20261207] [--show]
    python scripts/sample_audit.py --seed 20261208 --besides tests/data/chia/audit.yaml
    python scripts/sample_audit.py --seed 20261210 --besides tests/data/chia/audit.yaml \
        --besides tests/data/chia/audit-2.yaml

Lines come from ../shared/corpus/chia/criteria.jsonl (never copied into the project): those
that carry a threshold (engine.thresholds.carries_threshold), of the growth split's trials
only (the measure split's trials stay unread). A seeded shuffle of them fixes the order
before the engine is asked; the first COUNT the engine reads whole or in part are the
sample. Prints their ids (--show: with the text and reading, for the auditor's eyes only);
tests/data/chia/audit.yaml holds each id's audited reading and verdict. A later audit, of the
reader as it has grown since, draws with another seed besides the lines audited before
(--besides: an earlier audit table), so that it judges readings nobody has judged yet
(tests/data/chia/audit-2.yaml, audit-3.yaml besides both earlier tables, and
audit-4.yaml, seed 20261211, besides all three; audit-5.yaml, seed 20261212, besides all four).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.sample_chia import CHIA, split_of  # noqa: E402


def shuffled_pool(seed: int) -> list[dict]:
    """The growth split's trials' lines that carry a threshold, in the seeded order."""
    from engine.thresholds import carries_threshold
    rows = [json.loads(line) for line in CHIA.read_text("utf-8").splitlines() if line.strip()]
    pool = sorted((r for r in rows if split_of(r["nct"]) == "growth" and carries_threshold(r["text"])),
                  key=lambda r: r["id"])
    random.Random(seed).shuffle(pool)
    return pool


def audit_sample(count: int, seed: int, besides: frozenset = frozenset()) -> list[tuple[dict, object]]:
    """(line, criterion) of the first COUNT lines of the shuffled pool the engine reads,
    leaving out the ids in ``besides``."""
    from engine import compile_criterion
    from engine.nodes import leaves
    sample = []
    for row in shuffled_pool(seed):
        if row["id"] in besides:
            continue
        section = "exclusion" if row["section"] == "exclusion" else "inclusion"
        criterion = compile_criterion(row["text"], section)
        if any(True for _ in leaves(criterion.tree)) or criterion.tree.kind == "since":
            sample.append((row, criterion))
            if len(sample) == count:
                break
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--show", action="store_true", help="with the text and the reading")
    parser.add_argument("--besides", type=Path, action="append", default=[],
                        help="an earlier audit table whose lines are left out (repeatable)")
    args = parser.parse_args(argv)
    from engine.explain import accounting, compact
    besides = frozenset(e["id"] for table in args.besides for e in yaml.safe_load(table.read_text("utf-8")))
    for row, criterion in audit_sample(args.count, args.seed, besides):
        print(row["id"])
        if args.show:
            print(f"  section: {criterion.section}\n  text: {row['text']}\n  reading: {compact(criterion.tree)}")
            for line in accounting(row["text"], criterion.accounting):
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
