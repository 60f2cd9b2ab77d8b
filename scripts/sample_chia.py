"""Draw the Chia annotation samples: seeded, by trial, before anyone looks at the lines.

    python scripts/sample_chia.py [--per-split 240] [--seed 20261207]
    python scripts/sample_chia.py --kind statement --per-split 200 --seed 20261209

Lines come from ../shared/corpus/chia/criteria.jsonl (never copied into the project).
`--kind threshold` (the default) draws the lines that carry a threshold
(engine.thresholds.carries_threshold): the reader's samples. `--kind statement` draws the
others, the lines that name conditions, treatments, procedures and states (issue 17's
samples: tests/data/chia/statements-*.yaml).
Trials, not lines, are split: a trial's lines are all in the growth split (rules may be
written from them) or all in the measure split (never: it is the honest yardstick), so
a trial's house style cannot leak from one into the other. Prints the ids of each split,
one per line prefixed by the split's name; tests/data/chia/*.yaml hold their readings.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHIA = ROOT.parent / "shared" / "corpus" / "chia" / "criteria.jsonl"


def split_of(nct: str) -> str:
    """The split a trial belongs to, by a hash of its id (stable, not tunable)."""
    return "measure" if hashlib.sha256(nct.encode()).digest()[0] % 2 else "growth"


def samples(per_split: int, seed: int, kind: str = "threshold") -> dict[str, list[str]]:
    from engine.thresholds import carries_threshold
    rows = [json.loads(line) for line in CHIA.read_text("utf-8").splitlines() if line.strip()]
    pools: dict[str, list[str]] = {"growth": [], "measure": []}
    for row in rows:
        if carries_threshold(row["text"]) == (kind == "threshold"):
            pools[split_of(row["nct"])].append(row["id"])
    rng = random.Random(seed)
    return {name: sorted(rng.sample(sorted(ids), per_split)) for name, ids in pools.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-split", type=int, default=240)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--kind", choices=("threshold", "statement"), default="threshold")
    args = parser.parse_args(argv)
    for name, ids in samples(args.per_split, args.seed, args.kind).items():
        for line_id in ids:
            print(f"{name} {line_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
