"""Machine instructions per compiled line: a compile-speed figure that other work on the
machine cannot move.

    python benchmarks/compile_instructions.py [--passes N]

Wall-clock rates (benchmarks/compile_bench.py) vary by a fifth or more from run to run
on a shared machine; the count of instructions the CPU runs does not. Under valgrind's
callgrind the corpus is compiled once to warm up (grammar, tables, caches), then
counting is switched on for N passes over ../shared/corpus/criteria.jsonl, the compile cache
cleared before each, as compile_bench's warm figure does. Needs valgrind (Debian:
apt-get install valgrind); takes about a minute.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "criteria.jsonl"  # read where it is, never copied


def _lines() -> list[str]:
    return [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()]


def _counted_passes(passes: int) -> None:
    """Runs inside valgrind: warm up, then count only the passes."""
    sys.path.insert(0, str(ROOT))
    from engine import compile_criterion
    from engine.criteria import _compiled
    lines = _lines()
    for text in lines:
        compile_criterion(text)
    _callgrind_control("-i", "on")
    for _ in range(passes):
        _compiled.cache_clear()
        for text in lines:
            compile_criterion(text)
    _callgrind_control("-i", "off")


def _callgrind_control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)


def _measure(passes: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--passes", str(passes), "--inside"],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        totals = re.findall(r"^totals:\s+(\d+)", out.read_text(), re.M)
        if not totals:
            raise SystemExit("callgrind wrote no instruction count")
        return int(totals[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        _counted_passes(args.passes)
        return 0
    missing = [tool for tool in ("valgrind", "callgrind_control") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)} (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    lines = len(_lines())
    total = _measure(args.passes)
    print(f"compile: {lines} corpus lines, {args.passes} warm passes under callgrind")
    print(f"  instructions per line            {total / (lines * args.passes):>12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
