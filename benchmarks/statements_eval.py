"""How well the engine reads the conditions, treatments and procedures criteria name (issue 17).

    python benchmarks/statements_eval.py [--show wrong|manual|exact]

Per split of the Chia statement sample (tests/data/chia/statements-<split>.yaml, judged by
engine.corpus.judge_statements against the hand reading; a split whose file is not there
is skipped): of the lines annotated evaluable, the share read exactly (same concepts, same
timing and window, same logic and negation), and of all lines, the share read wrongly (a
reading that differs from an evaluable annotation, or any reading of a line annotated not
evaluable). The measure split is the figure to quote; `--show` lists growth lines only.

Then, on the committed Synthea bundles (patients/synthea) screened against the seed trials
(rules/*.yaml) on 2026-11-01, the share of condition and treatment outcomes decided (pass
or fail, not unknown): the outcomes of criteria whose reading holds such a statement.
Reads ../shared/corpus where it is (the project keeps no copy).
"""
from __future__ import annotations

import argparse
import collections
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPLITS = ("growth", "measure")
AS_OF = date(2026, 11, 1)


def judge_split(name: str, show: str | None) -> None:
    from engine import compile_criterion
    from engine.corpus import judge_statements
    from engine.explain import compact
    from tests.corpus_support import statement_split
    rows = statement_split(name)
    counts: collections.Counter = collections.Counter()
    for row in rows:
        criterion = compile_criterion(row["text"], "exclusion" if row["section"] == "exclusion" else "inclusion")
        verdict = judge_statements(row, criterion)
        counts[verdict] += 1
        if show == verdict and name == "growth":
            print(f"  {row['id']}: {row['text'][:140]}\n      read: {compact(criterion.tree)[:140]}")
    total, evaluable = len(rows), sum(1 for r in rows if r.get("evaluable"))
    print(f"{name}: {total} statement lines, {evaluable} annotated evaluable")
    exact_share = 100 * counts["exact"] / max(evaluable, 1)
    print(f"  read exactly   {counts['exact']:4d} = {exact_share:5.1f}% of evaluable lines")
    print(f"  read wrongly   {counts['wrong']:4d} = {100 * counts['wrong'] / max(total, 1):5.1f}% of all lines")
    print(f"  manual review  {counts['manual']:4d}; thresholds only (not annotated here) {counts['unannotated']}")


def synthea_decided() -> tuple[int, int]:
    """(decided, all) outcomes of condition and treatment criteria on the Synthea bundles."""
    from engine import load_patient, load_trial, screen
    from engine.nodes import statements
    trials = [load_trial(p) for p in sorted((ROOT / "rules").glob("*.yaml"))]
    decided = total = 0
    for path in sorted((ROOT / "patients" / "synthea").glob("*.json")):
        patient = load_patient(path)
        for trial in trials:
            about = {c.id for c in trial.criteria
                     if any(s.kind in ("has", "since") for s in statements(c.tree))}
            for outcome in screen(trial, patient, AS_OF).outcomes:
                if outcome.criterion_id in about:
                    total += 1
                    decided += outcome.status in ("pass", "fail")
    return decided, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("wrong", "manual", "exact"))
    args = parser.parse_args(argv)
    from tests.corpus_support import missing_reason, statement_table
    if missing_reason():
        print(f"error: {missing_reason()}", file=sys.stderr)
        return 2
    for name in SPLITS:
        if statement_table(name).is_file():
            judge_split(name, args.show)
        else:
            print(f"{name}: {statement_table(name).relative_to(ROOT)} is not there yet")
    decided, total = synthea_decided()
    print(f"synthea: {decided} of {total} condition and treatment outcomes decided "
          f"({100 * decided / max(total, 1):.1f}%), seed trials on {AS_OF}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
