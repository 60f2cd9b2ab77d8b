"""The parse loop alone, in each form it could take (issue 20, item 3: measure a compiled
lexer/parser before choosing one).

    python benchmarks/parser_bench.py [--rounds 5]

On every Chia line and every annotated corpus line (read from ../shared/corpus where it is),
one core, medians of the rounds, each form timed in turn within a round:

- lean: engine/lalr.py's loop over Lark's tables with the transformer inside (what the
  engine compiles with: ``engine.parse.parse``, the baseline);
- lark + transformer: Lark's own LALR loop and contextual lexer with the same transformer
  (``engine.parse.parser()``);
- lark tree: Lark's own loop building a parse tree, no transformer;
- lark-cython tree: the same grammar and options with the lark-cython plugin (Cython
  lexer and parser loop; it builds trees of its own token type, which the transformer
  does not take, so it is compared with "lark tree"). Printed only where lark-cython is
  installed (``pip install lark-cython``).

Lines the grammar cannot read whole are timed all the same (they fail at the same token
in every form). The compile of a line does more than parse it: corpus_eval.py prints the
compile rate with parse-only as its baseline.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _timed(parse_one: Callable[[str], object], lines: list[str]) -> float:
    start = time.perf_counter()
    for text in lines:
        try:
            parse_one(text)
        except Exception:  # a line the grammar cannot read whole: timed all the same
            pass
    return time.perf_counter() - start


def _forms() -> dict[str, Callable[[str], object]]:
    from engine.parse import blank_markers, built_parser, parse, parser
    forms = {
        "lean (engine, baseline)": lambda text: parse(text, explain=False),
        "lark + transformer": lambda text: parser().parse(blank_markers(text)),
    }
    tree = built_parser("tree")
    forms["lark tree"] = lambda text: tree.parse(blank_markers(text))
    try:
        import lark_cython
    except ImportError:
        print("lark-cython is not installed: its row is left out (pip install lark-cython)")
        return forms
    cython_tree = built_parser("tree-cython", _plugins=lark_cython.plugins)
    forms["lark-cython tree"] = lambda text: cython_tree.parse(blank_markers(text))
    return forms


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=5)
    args = arguments.parse_args(argv)
    from corpus_support import annotated, chia, missing_reason
    if missing_reason():
        print(missing_reason(), file=sys.stderr)
        return 1
    forms = _forms()
    corpora = {"annotated corpus": [r["text"] for r in annotated()],
               "chia, all lines": [r["text"] for r in chia()]}
    for lines in corpora.values():  # warm every form once: tables, lexers, caches
        for parse_one in forms.values():
            _timed(parse_one, lines[:50])
    print(f"parse only, one core, medians of {args.rounds} rounds (forms in turn within a round)")
    for name, lines in corpora.items():
        times: dict[str, list[float]] = {form: [] for form in forms}
        for _ in range(args.rounds):
            for form, parse_one in forms.items():
                times[form].append(_timed(parse_one, lines))
        baseline = statistics.median(next(iter(times.values())))
        print(f"  {name} ({len(lines)} lines)")
        for form, seconds in times.items():
            median = statistics.median(seconds)
            print(f"    {form:26s} {len(lines) / median:9,.0f} lines/s  {median / baseline:5.2f}x the lean time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
