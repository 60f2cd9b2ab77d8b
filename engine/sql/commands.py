"""The registry commands of ``elig``: ``batch`` and ``funnel`` (registered on the main app).

Progress goes to stderr (a rich bar, on a terminal), and the data-quality report's
counts (never a patient's value: those are only in the report file); the summary or
funnel table, or ``--json``, to stdout; a bad registry path or URL is one clear line on
stderr and exit code 1, never a traceback. Heavy imports (sqlglot, duckdb, psycopg,
matplotlib) happen only when one of these commands runs.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape

from ..cli_help import PlainCommand

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


VOCABULARY_HELP = ("The OMOP vocabulary (concept, concept_relationship, concept_ancestor): a DuckDB file, a "
                   "folder of Athena files, or a postgresql:// URL. Without it, criteria on coded concepts cannot "
                   "read records coded by concept id.")
VOCABULARY_SCHEMA_HELP = "Database schema of the vocabulary tables."


def register(app: typer.Typer, out: Console, err: Console, parse_date: Callable[[Optional[str]], date],
             files: Callable[[list[Path]], list[Path]],
             parse_complete: Callable[[Optional[str]], tuple[str, ...]]) -> None:
    """Add ``batch`` and ``funnel`` to the ``elig`` app."""

    def trials(paths: list[Path]):
        from ..errors import EngineError
        from ..rules import load_trial
        found, errors = [], 0
        for path in files(paths):
            try:
                found.append(load_trial(path))
            except EngineError as exc:
                errors += 1
                err.print(f"[red]error:[/] {escape(str(exc))}")
        if not found:
            err.print("[red]error:[/] no rules file could be loaded")
            raise typer.Exit(EXIT_INPUT if errors else EXIT_USAGE)
        return found

    def fail(exc: Exception) -> None:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT)

    @app.command("batch", cls=PlainCommand)
    def batch_command(
        rules: list[Path] = typer.Argument(..., help="Rules files or folders of them."),
        registry: str = typer.Option(..., "--registry", help="registry.duckdb, a folder of Parquet/CSV "
                                     "OMOP tables, or a postgresql:// URL."),
        output: str = typer.Option("results.parquet", "--out", help="A .parquet or .csv file, or "
                                   "table:NAME in the registry database; {trial} is replaced by the trial id."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Screening date, YYYY-MM-DD (default: today)."),
        schema: Optional[str] = typer.Option(None, "--schema", help="Database schema of the OMOP tables."),
        memory_limit: Optional[str] = typer.Option(None, "--memory-limit", help="DuckDB memory limit, e.g. 4GB "
                                                   "(DuckDB spills to disk beyond it)."),
        threads: Optional[int] = typer.Option(None, "--threads", help="DuckDB threads (default: all cores)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace outputs of an earlier run (never a "
                                       "registry table or file, nor a rules file)."),
        report: Optional[Path] = typer.Option(None, "--report", help="The data-quality report (JSON; default: "
                                              "beside the output, results.quality.json)."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
        complete: Optional[str] = typer.Option(None, "--complete", help="Record lists complete for every "
                                               "patient of the registry, e.g. conditions,medications,procedures: "
                                               "no matching record is evidence of absence (default: unknown)."),
        vocabulary: Optional[str] = typer.Option(None, "--vocabulary", help=VOCABULARY_HELP),
        vocabulary_schema: Optional[str] = typer.Option(None, "--vocabulary-schema", help=VOCABULARY_SCHEMA_HELP),
    ) -> None:
        """Screen every registry patient in SQL: one output row per patient, per trial."""
        from ..errors import EngineError
        from .batch import VERDICTS, default_report, run_batch
        from .codes import advice, load_vocabulary
        from .registry import parse
        when = parse_date(as_of)
        lists = parse_complete(complete)
        loaded = trials(rules)
        try:
            target = parse(registry, schema)
            report = report or default_report(output)
            concept_ids = load_vocabulary(vocabulary, vocabulary_schema) if vocabulary else None
            with _bar(err) as bar:
                run = run_batch(loaded, target, output, when, bar, memory_limit, threads, overwrite=overwrite,
                                report=report, complete=lists, concept_ids=concept_ids)
        except EngineError as exc:
            fail(exc)
        results = run.results
        for line in run.quality.lines(str(report)):
            err.print(escape(line), highlight=False)
        if run.unreadable:
            err.print(escape(advice(list(run.unreadable), vocabulary is not None)), highlight=False)
        if as_json:
            print(json.dumps([r.as_dict() for r in results], indent=1))
            raise typer.Exit(EXIT_OK)
        from rich.table import Table   # here: only these outputs draw a table, not every command
        table = Table(title=f"Registry screening on {when} ({target.describe()})", title_justify="left")
        for column in ("trial", "patients", *VERDICTS, "output", "seconds"):
            table.add_column(column, justify="left" if column in ("trial", "output") else "right")
        for r in results:
            table.add_row(r.trial_id, f"{r.persons:,}", *[f"{r.verdicts.get(v, 0):,}" for v in VERDICTS],
                          escape(r.output), f"{r.seconds:.1f}")
        out.print(table)
        raise typer.Exit(EXIT_OK)

    @app.command("funnel", cls=PlainCommand)
    def funnel_command(
        rules: Path = typer.Argument(..., help="One rules file."),
        registry: str = typer.Option(..., "--registry", help="registry.duckdb, a folder, or a postgresql:// URL."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Screening date, YYYY-MM-DD (default: today)."),
        what_if: Optional[str] = typer.Option(None, "--what-if", help="Re-read one criterion, e.g. "
                                              "\"inc-07: platelets >= 75000 /uL\", and show what it changes."),
        png: Optional[Path] = typer.Option(None, "--png", help="Write the chart as a PNG image."),
        html: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report."),
        schema: Optional[str] = typer.Option(None, "--schema", help="Database schema of the OMOP tables."),
        report: Optional[Path] = typer.Option(None, "--report", help="The data-quality report (JSON; default: "
                                              "beside --html or --png, funnel.quality.json)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace the chart, page and report of an "
                                       "earlier run."),
        as_json: bool = typer.Option(False, "--json", help="Print the funnel as JSON."),
        lab_away: bool = typer.Option(False, "--one-lab-away", help="Also count, per lab, the patients one "
                                      "missing lab from eligible pending review (a normal result would get "
                                      "them there)."),
        vocabulary: Optional[str] = typer.Option(None, "--vocabulary", help=VOCABULARY_HELP),
        vocabulary_schema: Optional[str] = typer.Option(None, "--vocabulary-schema", help=VOCABULARY_SCHEMA_HELP),
    ) -> None:
        """Feasibility: per criterion pass / fail / unknown, and the attrition funnel."""
        from ..errors import EngineError
        from . import charts
        from .codes import advice, load_vocabulary
        from .compiler import compile_trial
        from .funnel import funnel, one_lab_away, what_if as relax
        from .outputs import check_files
        from .quality import measure
        from .registry import parse
        from .runners import runner
        when = parse_date(as_of)
        trial = trials([rules])[0]
        beside = html or png
        report = report or (beside.with_name(f"{beside.stem}.quality.json") if beside else None)
        try:
            target = parse(registry, schema)
            check_files([p for p in (png, html, report) if p], target, [rules], overwrite)
            concept_ids = load_vocabulary(vocabulary, vocabulary_schema) if vocabulary else None
            engine = runner(target)
            try:
                quality = measure(engine, target)
                unreadable = compile_trial(trial, engine.dialect, when, concept_ids=concept_ids).unreadable
                with _bar(err) as bar:
                    progress = (lambda f: bar(trial.id, f)) if bar else None
                    base = funnel(trial, engine, when, schema, progress, concept_ids)
                    changed = funnel(relax(trial, what_if), engine, when, schema, progress,
                                     concept_ids) if what_if else None
                    away = one_lab_away(trial, engine, when, schema, progress, concept_ids) if lab_away else None
            finally:
                engine.close()
        except EngineError as exc:
            fail(exc)
        quality.outputs.append((trial.id, "funnel", base.patients))
        if report:
            quality.write(report)
        for line in quality.lines(str(report) if report else None):
            err.print(escape(line), highlight=False)
        if unreadable:
            err.print(escape(advice(list(unreadable), vocabulary is not None)), highlight=False)
        shown = changed or base
        if png:
            charts.png(shown, png, base if changed else None)
        if html:
            charts.html(shown, html, base if changed else None)
        if as_json:
            data = {"funnel": base.as_dict()}
            if changed:
                data["what_if"] = {"change": what_if, "funnel": changed.as_dict(),
                                   "more_patients_remaining": changed.remaining - base.remaining}
            if away is not None:
                data["one_lab_away"] = away
            print(json.dumps(data, indent=1))
            raise typer.Exit(EXIT_OK)
        _print_funnel(out, base, changed, what_if)
        if away is not None:
            _print_one_lab_away(out, base, away)
        raise typer.Exit(EXIT_OK)


def _print_funnel(out: Console, base, changed, change: Optional[str]) -> None:
    from rich.table import Table   # here: only these outputs draw a table, not every command
    table = Table(title=f"{base.trial_id}: {base.patients:,} registry patients "
                        f"({base.manual} criteria need a person and are not counted)", title_justify="left")
    for column in ("criterion", "pass", "fail", "unknown", "excluded only by it", "remaining"):
        table.add_column(column, justify="left" if column == "criterion" else "right",
                         max_width=60 if column == "criterion" else None)
    for step in base.steps:
        table.add_row(escape(f"{step.criterion}: {step.text}"), f"{step.passed:,}", f"{step.failed:,}",
                      f"{step.unknown:,}", f"{step.only_cause:,}", f"{step.remaining:,}")
    out.print(table)
    out.print(f"Not excluded by any machine-evaluable criterion: [bold]{base.remaining:,}[/] of {base.patients:,}")
    if changed is None:
        return
    criterion = change.partition(":")[0].strip()
    before = next(s for s in base.steps if s.criterion == criterion)
    after = next((s for s in changed.steps if s.criterion == criterion), None)
    out.print(f"What if {escape(change)}:")
    if after is not None:
        out.print(f"  {criterion} passes {after.passed:,} patients (was {before.passed:,}) and fails "
                  f"{after.failed:,} (was {before.failed:,})")
    delta = changed.remaining - base.remaining
    out.print(f"  not excluded by any criterion: [bold]{changed.remaining:,}[/] (was {base.remaining:,}; "
              f"{delta:+,} patients)")


def _print_one_lab_away(out: Console, base, away: dict[str, int]) -> None:
    from rich.table import Table   # here: only these outputs draw a table, not every command
    table = Table(title=f"{base.trial_id}: patients one missing lab from eligible pending review",
                  title_justify="left")
    table.add_column("lab")
    table.add_column("patients", justify="right")
    for lab, count in sorted(away.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(escape(lab), f"{count:,}")
    out.print(table)


class _bar:
    """A rich progress bar on stderr (only on a terminal); yields ``update(trial, fraction)``."""

    def __init__(self, err: Console) -> None:
        self.err = err
        self.progress = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if not self.err.is_terminal:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                 TimeElapsedColumn(), console=self.err, transient=True)
        self.progress.start()
        return self.update

    def update(self, trial: str, fraction: float) -> None:
        if trial not in self.tasks:
            self.tasks[trial] = self.progress.add_task(trial, total=1.0)
        self.progress.update(self.tasks[trial], completed=fraction)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
