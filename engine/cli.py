"""The `elig` command line: screen, explain, check.

Machine output (``--json``) goes to stdout; progress, warnings and errors to stderr.
Exit codes: 0 done; 1 some input could not be read or checked (the rest was still
processed) or `check` found errors; 2 usage error (a one-line message, never a
traceback), nothing to process, or an output that may not be written.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape

from .cli_help import PlainCommand, PlainGroup
from .cli_quick import EXIT_INPUT, EXIT_OK, EXIT_USAGE, MEGABYTE, err, explain_line, import_rules, out, quick
from .documents import MAX_INPUT_MB
from .sql.commands import register as register_sql_commands

if TYPE_CHECKING:
    from .adapters.report import LoadReport
    from .adapters.tables import TableOptions
    from .evaluate import Outcome
    from .next_order import Order
    from .patients import Patient
    from .review import Decision, DecisionsFile
    from .rules import Trial
    from .screen import ScreenResult

# Each command imports what it uses when it runs (pydantic models, the parser, the
# catalogues, FHIR, tables): `elig --help` loads none of it, `elig explain` not the
# patient side. This module's own imports are the command line's (typer, rich).

app = typer.Typer(add_completion=False, cls=PlainGroup,
                  help="Clinical-trial eligibility screening: criteria text -> pass / fail / unknown with reasons.")
BADGE = {"pass": "[green]✔ pass[/]", "fail": "[red]✘ fail[/]", "unknown": "[yellow]? unknown[/]",
         "review": "[blue]✎ review[/]"}
VERDICT_STYLE = {"eligible": "bold green", "eligible pending review": "green", "needs data": "yellow",
                 "not eligible": "bold red"}
# Screening at least this many patients shows a progress bar on stderr when it is a terminal.
PROGRESS_MIN_PATIENTS = 10


def _files(paths: list[Path]) -> list[Path]:
    """Each path given, and the files of each folder given that a command reads; what a
    folder holds besides (subfolders, other kinds of file) is named on stderr, not read."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        from .adapters.inputs import PATIENT_SUFFIXES
        from .review import is_decisions_file
        entries = sorted(path.iterdir())
        # A decisions file is read with the profile it stands beside, not as a patient.
        beside = {p for p in entries if p.is_file() and is_decisions_file(p)}
        read = [p for p in entries if p.is_file() and p.name.lower().endswith(PATIENT_SUFFIXES) and p not in beside]
        chosen = set(read) | beside
        _say_not_read(path, [p for p in entries if p.is_dir()],
                      [p for p in entries if not p.is_dir() and p not in chosen])
        found += read
    return found


def _say_not_read(folder: Path, folders: list[Path], others: list[Path]) -> None:
    parts = []
    if folders:
        parts.append(f"{len(folders)} subfolder(s) ({_names(folders, '/')}; give a subfolder by name "
                     f"to read it)")
    if others:
        parts.append(f"{len(others)} file(s) that are not YAML, JSON, NDJSON, CSV, TSV or Parquet "
                     f"({_names(others)})")
    if parts:
        err.print(f"[yellow]not read in {escape(str(folder))}:[/] {escape('; '.join(parts))}")


def _names(paths: list[Path], suffix: str = "", shown: int = 5) -> str:
    names = [p.name + suffix for p in paths[:shown]]
    return ", ".join(names) + (f" and {len(paths) - shown} more" if len(paths) > shown else "")


def _sort_inputs(paths: list[Path], options: TableOptions, max_bytes: int
                 ) -> tuple[list[Trial], list[Patient], list[tuple[str, Optional[Path]]], int]:
    """Rules files and patient profiles, told apart by content; bad files are reported.
    FHIR bundles, bulk NDJSON and lab tables are patients too (their counts on stderr).
    Returns the trials, the patients, each patient's id as read with the file it was read
    from (None for bulk data), and how many inputs failed."""

    from .adapters.fhir import patient_from_fhir_document
    from .adapters.inputs import is_bulk
    from .adapters.report import LoadReport
    from .errors import EngineError
    from .patients import patient_from_dict
    from .rules import is_rules_document, load_trial
    trials, patients = [], []

    def sort(path: Path, data) -> None:
        if is_rules_document(data):
            trials.append(load_trial(path, max_bytes))
        elif isinstance(data, dict) and "resourceType" in data:
            patients.append((patient_from_fhir_document(data, str(path)), str(path)))
        elif isinstance(data, dict):
            patients.append((patient_from_dict(data, str(path)), str(path)))
        else:
            raise EngineError(f"{path}: neither a rules file nor a patient profile")

    from_bulk, errors = _read_inputs(paths, sort, options, LoadReport(), max_bytes)
    bulk_files = ", ".join(p.name for p in _files(paths) if is_bulk(p)) if from_bulk else ""
    read = [(p.id, Path(origin)) for p, origin in patients] + [(p.id, None) for p in from_bulk]
    return trials, _kept_apart(patients + [(p, bulk_files) for p in from_bulk]), read, errors


def _kept_apart(patients: list[tuple[Patient, str]]) -> list[Patient]:
    """The patients, each (patient, the file it came from). Patients of one id from more
    than one file are warned about, naming the files, and each is screened under its id
    and file ("P-1 (a.yaml)"), so that their results stay apart."""
    files: dict[str, list[str]] = {}
    for patient, origin in patients:
        files.setdefault(patient.id, []).append(origin)
    for patient_id, origins in files.items():
        if len(origins) > 1:
            err.print(f"[yellow]warning:[/] patient id {escape(patient_id)} is in {len(origins)} files "
                      f"({escape(', '.join(origins))}): each is screened apart, under its id and file")
    kept, labels = [], Counter()
    for patient, origin in patients:
        if len(files[patient.id]) == 1:
            kept.append(patient)
            continue
        label = f"{patient.id} ({origin})"
        labels[label] += 1           # the same file given twice
        kept.append(patient.model_copy(update={"id": label + (f" #{labels[label]}" if labels[label] > 1 else "")}))
    return kept


def _read_inputs(paths: list[Path], read_one, options: Optional[TableOptions],
                 report: LoadReport, max_bytes: int) -> tuple[list[Patient], int]:
    """Each document (of at most ``max_bytes``) through ``read_one(path, data)``, then the
    bulk NDJSON files and lab tables, streamed, read together: (the bulk patients, how many
    inputs failed). A bad file is reported on stderr and counted; it never stops the others."""
    from .adapters.inputs import is_bulk
    from .documents import read_document
    from .errors import EngineError
    errors, bulk = 0, []
    for path in _files(paths):
        if is_bulk(path):
            bulk.append(path)
            continue
        try:
            read_one(path, read_document(path, max_bytes))
        except EngineError as exc:
            errors += 1
            err.print(f"[red]error:[/] {escape(str(exc))}")
    from_bulk: list[Patient] = []
    if bulk:
        errors += _read_bulk(bulk, options, from_bulk, report)
    return from_bulk, errors


def _read_bulk(paths: list[Path], options: Optional[TableOptions], patients: list[Patient],
               report: LoadReport) -> int:
    """NDJSON files and tables: patients added, the counts report on stderr; errors found."""
    from .adapters.inputs import read_bulk
    from .errors import EngineError
    try:
        patients += read_bulk(paths, options, report)
    except EngineError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        return 1
    err.print(f"{escape(', '.join(p.name for p in paths))}: {escape(report.summary())}")
    if report.labs_all_skipped:
        err.print(f"[yellow]{escape(report.all_skipped_summary())}[/]")
    return 0


def _table_options(columns: Optional[str], mapping: Optional[Path]) -> TableOptions:
    from .adapters.inputs import table_options
    from .errors import InputError
    try:
        return table_options(columns, mapping)
    except InputError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None


COLUMNS_HELP = "Lab table column names, e.g. patient_id=MRN,test=LabName,value=Result."
MAPPING_HELP = "A wide table's column mapping (YAML: column -> {test, unit})."
COMPLETE_HELP = ("Record lists that are complete for every patient, e.g. conditions,medications,procedures: "
                 "no matching record in them is evidence of absence (default: silence is unknown).")
MAX_INPUT_HELP = ("Refuse a YAML or JSON file larger than this many MB (lab tables and NDJSON "
                  "are streamed, not limited).")
SUMMARY_HELP = "Print only the summary: one verdict sentence per patient and trial, and each failure."
PROGRESS_HELP = (f"Show a progress bar on stderr (default: when screening {PROGRESS_MIN_PATIENTS} or more "
                 "patients and stderr is a terminal).")
COHORT_HELP = "Screen for one of the trial's cohorts (e.g. 'phase II'; an undeclared one is an error)."
DECISIONS_HELP = ("A person's review decisions (YAML) for the patient the file names (repeat for more). "
                  "A profile's own decisions file beside it (p01.yaml -> p01.decisions.yaml) is read "
                  "without this option.")
FORMAT_HELP = ("text (the default); json (as --json); html or pdf: one patient's screening log to file "
               "(pdf printed by Chromium, needs -o).")
OUTPUT_HELP = "Write the html or pdf screening log to this file (html: stdout without it)."
OVERWRITE_HELP = "Replace an existing --output file."
LOG_FORMATS = ("html", "pdf")


@app.command("screen", cls=PlainCommand)
def screen_command(
    paths: list[Path] = typer.Argument(..., metavar="PATHS",
                                       help="Rules files, patient profiles, or folders of them."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE",
                                        help="Screening date, YYYY-MM-DD (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON on stdout."),
    output_format: str = typer.Option("text", "--format", metavar="FORMAT", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="FILE", help=OUTPUT_HELP),
    overwrite: bool = typer.Option(False, "--overwrite", help=OVERWRITE_HELP),
    summary: bool = typer.Option(False, "--summary", help=SUMMARY_HELP),
    brief: bool = typer.Option(False, "--brief", help="Show only machine-evaluable criteria."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help=PROGRESS_HELP,
                                            show_default=False),
    columns: Optional[str] = typer.Option(None, "--columns", metavar="NAMES", help=COLUMNS_HELP),
    mapping: Optional[Path] = typer.Option(None, "--mapping", metavar="FILE", help=MAPPING_HELP),
    cohort: Optional[str] = typer.Option(None, "--cohort", metavar="NAME", help=COHORT_HELP),
    max_input_mb: int = typer.Option(MAX_INPUT_MB, "--max-input-mb", metavar="MB", min=1, help=MAX_INPUT_HELP),
    complete: Optional[str] = typer.Option(None, "--complete", metavar="LISTS", help=COMPLETE_HELP),
    decisions: list[Path] = typer.Option([], "--decisions", metavar="FILE", help=DECISIONS_HELP),
) -> None:
    """Screen every patient against every trial: the summary (one verdict sentence per patient
    and trial) first, then each criterion's status and reason.
    Patients: native profiles, FHIR bundles, bulk FHIR NDJSON, lab tables (CSV, Parquet).

    A person's review decisions settle the criteria left to a person: a profile's decisions
    file beside it (p01.yaml -> p01.decisions.yaml), and any --decisions FILE (a decisions
    file given among PATHS is one too). Each file names its patient and lists, per trial and
    criterion id, met / not met / not applicable with a note, the reviewer and the date
    decided (see README, Formats). A file that cannot be used is reported (file:line:column)
    and the patient screened without it."""

    from rich.progress import track

    from .next_order import next_orders
    from .patients import declared_complete
    from .review import is_decisions_file
    when = _date(as_of)
    lists = complete_lists(complete)
    output_format = _output_format(output_format, as_json, output, paths, overwrite)
    decisions = decisions + [p for p in paths if p.is_file() and is_decisions_file(p)]
    paths = [p for p in paths if not (p.is_file() and is_decisions_file(p))]
    max_bytes = max_input_mb * MEGABYTE
    trials, patients, read, errors = _sort_inputs(paths, _table_options(columns, mapping), max_bytes)
    if not trials or not patients:
        err.print(f"[red]error:[/] need at least one rules file and one patient "
                  f"(got {len(trials)} rules file(s), {len(patients)} patient(s))")
        # Nothing to screen because an input could not be read is an input error, not a usage one.
        raise typer.Exit(EXIT_INPUT if errors else EXIT_USAGE)
    if output_format in LOG_FORMATS and len(patients) > 1:
        err.print(f"[red]error:[/] --format {output_format}: a screening log is of one patient; "
                  f"got {len(patients)} patients")
        raise typer.Exit(EXIT_USAGE)
    _check_cohort(trials, cohort)
    patients = [declared_complete(p, lists) for p in patients]
    reviews, unusable = _decisions_of(read, decisions, trials, max_bytes)
    errors += unusable
    shown = progress if progress is not None else (len(patients) >= PROGRESS_MIN_PATIENTS and err.is_terminal)
    # On a terminal the bar goes when done; asked for elsewhere, its last state stays in the log.
    screening = track(list(zip(patients, reviews)), "Screening patients", console=err,
                      transient=err.is_terminal, disable=not shown)
    results = []
    for patient, review in screening:
        for trial in trials:
            result, refused = _screened(trial, patient, when, cohort, review)
            results.append(result)
            errors += refused
    if output_format in LOG_FORMATS:
        _write_log(output_format, patients[0], results, trials, output, overwrite)
    elif output_format == "json":
        print(json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=1))
    else:
        _print_summary(results)
        for i, patient in enumerate([] if summary else patients):
            mine = results[i * len(trials):(i + 1) * len(trials)]
            orders = next_orders(patient, trials, mine, cohort)
            for result in mine:
                _print_result(result, brief, orders)
    if errors:
        err.print(f"[red]{errors} input file(s) could not be read[/]; the rest were screened")
    raise typer.Exit(EXIT_INPUT if errors else EXIT_OK)


def _decisions_of(read: list[tuple[str, Optional[Path]]], given: list[Path], trials: list[Trial],
                  max_bytes: int) -> tuple[list[tuple[Decision, ...]], int]:
    """Each patient's review decisions (in the order of ``read``: each patient's id as read and
    its file): from the decisions file beside its profile and from the files given that name
    it. A file that cannot be read, names another patient, or holds a decision that cannot
    settle its criterion is reported and not used; returns the decisions and how many failed."""
    from .errors import EngineError
    from .review import check_against, decisions_beside, load_decisions
    found: list[list[Decision]] = [[] for _ in read]
    failed = 0

    def usable(path: Path) -> Optional[DecisionsFile]:
        nonlocal failed
        try:
            file = load_decisions(path, max_bytes)
            elsewhere = check_against(file, trials)
        except EngineError as exc:
            failed += 1
            err.print(f"[red]error:[/] {escape(str(exc))} (its decisions are not used)")
            return None
        if elsewhere:
            err.print(f"[yellow]warning:[/] {escape(str(path))}: decisions for {escape(', '.join(elsewhere))} "
                      f"not used: no such trial among the rules screened")
        return file

    for index, (patient_id, origin) in enumerate(read):
        beside = decisions_beside(origin) if origin is not None else None
        file = usable(beside) if beside is not None else None
        if file is not None and file.patient != patient_id:
            failed += 1
            err.print(f"[red]error:[/] {escape(str(beside))}: decisions for patient {escape(file.patient)}, "
                      f"beside the profile of patient {escape(patient_id)} (its decisions are not used)")
        elif file is not None:
            found[index] += file.decisions
    for path in given:
        file = usable(path)
        if file is None:
            continue
        matches = [index for index, (patient_id, _) in enumerate(read) if patient_id == file.patient]
        if not matches:
            failed += 1
            err.print(f"[red]error:[/] {escape(str(path))}: patient {escape(file.patient)} is not among the "
                      f"patients screened (its decisions are not used)")
        for index in matches:
            found[index] += file.decisions
    return [tuple(f) for f in found], failed


def _screened(trial: Trial, patient: Patient, when: date, cohort: Optional[str],
              decisions: tuple[Decision, ...]) -> tuple[ScreenResult, int]:
    """The result with the patient's decisions for the trial; decisions that cannot be used
    together (two files deciding one criterion) are reported, and the patient screened
    without them: (result, errors)."""
    from .review import DecisionError, for_trial
    from .screen import screen
    try:
        return screen(trial, patient, when, cohort, for_trial(decisions, trial.id)), 0
    except DecisionError as exc:
        err.print(f"[red]error:[/] {escape(patient.id)}: {escape(str(exc))} (screened without its decisions)")
        return screen(trial, patient, when, cohort), 1


def _output_format(chosen: str, as_json: bool, output: Optional[Path], inputs: list[Path],
                   overwrite: bool) -> str:
    """The --format, checked with its output before anything is read or screened."""
    from .import_output import OutputError
    from .report.output import check_output
    from .report.pdf import PdfError, find_browser
    chosen = "json" if as_json and chosen == "text" else chosen
    problem = None
    if chosen not in ("text", "json", *LOG_FORMATS):
        problem = f"--format: expected text, json, html or pdf; got {chosen!r}"
    elif as_json and chosen != "json":
        problem = f"--json and --format {chosen} ask for two formats; give one"
    elif output is not None and chosen not in LOG_FORMATS:
        problem = "--output writes a screening log: give --format html or --format pdf"
    elif chosen == "pdf" and output is None:
        problem = "--format pdf writes a file: give -o FILE"
    if problem:
        err.print(f"[red]error:[/] {escape(problem)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        if output is not None:
            check_output(output, inputs, overwrite)
        if chosen == "pdf":
            find_browser()
    except (OutputError, PdfError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    return chosen


def _write_log(output_format: str, patient: Patient, results: list[ScreenResult], trials: list[Trial],
               output: Optional[Path], overwrite: bool) -> None:
    """The patient's screening log, as HTML (to stdout without --output) or PDF."""
    from .import_output import OutputError
    from .report.output import write_output
    from .report.pdf import PdfError, html_to_pdf
    from .report.screening_log import PatientIdentity, screening_log_html
    html = screening_log_html(PatientIdentity.of(patient), results, {t.id: t for t in trials})
    if output is None:
        print(html, end="")
        return
    try:
        write_output(output, html_to_pdf(html) if output_format == "pdf" else html.encode("utf-8"), overwrite)
    except (OutputError, PdfError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"screening log of {escape(patient.id)} ({len(results)} trial(s)) written to {escape(str(output))}")


def complete_lists(text: Optional[str]) -> tuple[str, ...]:
    """``--complete conditions,medications``: the names, checked."""
    from .patients import COMPLETE_LISTS
    if text is None:
        return ()
    names = tuple(n.strip() for n in text.split(","))
    unknown = [n for n in names if n not in COMPLETE_LISTS]
    if unknown:
        err.print(f"[red]error:[/] --complete: expected a comma-separated list of "
                  f"{', '.join(COMPLETE_LISTS)}; got {unknown[0]!r}")
        raise typer.Exit(EXIT_USAGE)
    return names


def _check_cohort(trials: list[Trial], cohort: Optional[str]) -> None:
    """A --cohort some trial does not declare is a usage error, before anything is screened."""
    from .cohorts import declared_cohort
    from .errors import CohortError
    try:
        for trial in trials:
            declared_cohort(trial.id, trial.declared_cohorts, cohort)
    except CohortError as exc:
        err.print(f"[red]error:[/] --cohort: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from None


def _date(text: Optional[str]) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        err.print(f"[red]error:[/] --as-of: expected a date as YYYY-MM-DD, got {text!r}")
        raise typer.Exit(EXIT_USAGE) from None


def _print_result(result: ScreenResult, brief: bool, orders: tuple[Order, ...] = ()) -> None:
    from rich.table import Table
    evaluable, total = result.coverage
    table = Table(title=f"{result.patient_id} × {result.trial_id} (screened {result.as_of}; "
                        f"{evaluable} of {total} criteria machine-evaluable)",
                  title_justify="left", show_lines=False, expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("criterion", max_width=48)
    table.add_column("reason")
    for o in result.outcomes:
        if brief and not o.evaluable:
            continue
        # A criterion read in part is decided where what was read decides it (a fail counts
        # in the verdict), and needs a person otherwise.
        badge = BADGE["review"] if not o.evaluable and o.status == "unknown" else BADGE[o.status]
        text = escape(o.text) + (f"\n[cyan]read as: {escape(o.read_as)}[/]" if o.read_as else "")
        table.add_row(o.criterion_id, badge, text, _reason(o))
    out.print(table)
    out.print(_headline(result))
    for failure in result.failures:
        out.print(f"  [red]✘[/] {escape(failure)}")
    if result.complete:
        out.print(f"  lists declared complete (silence read as absence): {', '.join(result.complete)}")
    if result.to_resolve:
        out.print("  to resolve:")
        for order in orders:       # first the lab orders, best first, across the patient's trials
            here = [c.split(":", 1)[1] for c in order.settles_criteria if c.startswith(f"{result.trial_id}:")]
            if here:
                out.print(f"    - {escape(order.label)} (LOINC {order.loinc}; here {', '.join(here)})")
        for item in result.to_resolve:
            out.print(f"    - obtain {escape(item)}")
    if result.manual:
        out.print(f"  needs a person to review: {len(result.manual)} criteria ({', '.join(result.manual[:8])}"
                  f"{' ...' if len(result.manual) > 8 else ''})")
    if result.unmapped_tests:
        out.print(f"  [yellow]lab tests not recognised (not used):[/] {escape(', '.join(result.unmapped_tests))}")
    out.print()


def _reason(o: Outcome) -> str:
    """A criterion left to a person says first what to check; the engine's own reason
    ("no threshold the engine can read") follows, dimmed, as the detail."""
    if o.check is None or o.decision is not None:
        return escape(o.reason)
    return f"{escape(o.check)}\n[dim]{escape(o.reason)}[/]"


def _headline(result: ScreenResult) -> str:
    return f"[{VERDICT_STYLE[result.verdict]}]{escape(result.headline)}[/]"


def _print_summary(results: list[ScreenResult]) -> None:
    """One verdict sentence per patient and trial, each failure under it, then how many of
    each verdict: plain lines, never wrapped, so that grep and a pager keep them whole."""
    from .screen import VERDICTS
    out.print("[bold]Summary[/]")
    for r in results:
        out.print(f"{escape(r.patient_id)}: {_headline(r)}")
        for failure in r.failures:
            out.print(f"  [red]✘[/] {escape(failure)}")
    counts = Counter(r.verdict for r in results)
    out.print(f"{len(results)} results: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS))
    out.print()


@app.command("explain", cls=PlainCommand)
def explain_command(
    text: str = typer.Argument(..., help="One criterion line, as written."),
    section: str = typer.Option("inclusion", help="inclusion or exclusion."),
    strict: bool = typer.Option(False, help="Show the syntax error instead of manual review."),
    as_json: bool = typer.Option(False, "--json", help="Print the predicate tree as JSON."),
) -> None:
    """Show how a criterion line is read: the tree in words, and its canonical form."""
    raise typer.Exit(explain_line(text, section, strict, as_json))


@app.command("check", cls=PlainCommand)
def check_command(
    paths: list[Path] = typer.Argument(..., help="Rules files or folders of them."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Also list lines sent to manual review."),
    max_input_mb: int = typer.Option(MAX_INPUT_MB, "--max-input-mb", min=1, help=MAX_INPUT_HELP),
) -> None:
    """Load rules files: coverage, and every problem with file and line."""
    from .errors import EngineError
    from .rules import load_trial, problems
    failures = 0
    for path in _files(paths):
        try:
            trial = load_trial(path, max_input_mb * MEGABYTE)
        except EngineError as exc:
            failures += 1
            err.print(f"[red]error:[/] {escape(str(exc))}")
            continue
        evaluable, total = trial.coverage
        out.print(f"[bold]{escape(str(path))}[/] {trial.id}: {evaluable} of {total} criteria "
                  f"machine-evaluable ({100 * evaluable / total:.0f}%)")
        for severity, message in problems(trial):
            if severity == "error":
                failures += 1
            if severity not in ("info",) or verbose:
                colour = {"error": "red", "warning": "yellow", "override": "cyan"}.get(severity, "dim")
                out.print(f"[{colour}]{escape(message)}[/]")
    raise typer.Exit(EXIT_INPUT if failures else EXIT_OK)


@app.command("profile-report", cls=PlainCommand)
def profile_report_command(
    paths: list[Path] = typer.Argument(..., help="FHIR bundles, NDJSON files, lab tables, or folders of them."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
    show_all: bool = typer.Option(False, "--all", help="List every code (default: the 40 most frequent)."),
    columns: Optional[str] = typer.Option(None, "--columns", help=COLUMNS_HELP),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help=MAPPING_HELP),
    max_input_mb: int = typer.Option(MAX_INPUT_MB, "--max-input-mb", min=1, help=MAX_INPUT_HELP),
) -> None:
    """Codes seen in patient data, which map to an analyte and which do not, and what was skipped."""
    from .adapters import render as profile_render
    from .adapters.fhir import patient_from_fhir_document
    from .adapters.report import LoadReport
    from .errors import InputError
    options, report = _table_options(columns, mapping), LoadReport()

    def read_fhir(path: Path, data) -> None:
        if not isinstance(data, dict) or "resourceType" not in data:
            raise InputError("not FHIR data: profile-report reads FHIR bundles, NDJSON and lab tables", str(path))
        patient_from_fhir_document(data, str(path), report)

    _, errors = _read_inputs(paths, read_fhir, options, report, max_input_mb * MEGABYTE)
    if as_json:
        print(json.dumps({**report.to_dict(), "coverage": profile_render.coverage_dict(report)},
                         ensure_ascii=False, indent=1))
    else:
        for table in profile_render.code_tables(report, 0 if show_all else 40):
            out.print(table)
        out.print(profile_render.skip_table(report))
        for line in profile_render.coverage_lines(report):
            out.print(escape(line))
    raise typer.Exit(EXIT_INPUT if errors else EXIT_OK)


@app.command("import", cls=PlainCommand)
def import_command(
    record: Path = typer.Argument(..., help="ClinicalTrials.gov API v2 JSON, eligibility text / a saved record "
                                  "page, or a FHIR EvidenceVariable (JSON)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the rules file here (default: stdout)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output file (what it "
                                   "loses, such as hand corrections, is said on stderr)."),
    max_input_mb: int = typer.Option(MAX_INPUT_MB, "--max-input-mb", min=1, help=MAX_INPUT_HELP),
) -> None:
    """Turn a ClinicalTrials.gov record, or a FHIR EvidenceVariable (R5 or R4, alone or in a
    Bundle), into a rules file: sections, bullets, structured age and sex."""
    raise typer.Exit(import_rules(record, output, overwrite, max_input_mb))


@app.command("export", cls=PlainCommand)
def export_command(
    rules: Path = typer.Argument(..., metavar="RULES", help="A rules file."),
    format_name: str = typer.Option(..., "--format", metavar="NAME",
                                    help="fhir-evidencevariable (FHIR EvidenceVariable) or ohdsi-cohort "
                                    "(an OHDSI Circe cohort expression)."),
    vocabulary: Optional[str] = typer.Option(None, "--vocabulary", metavar="SOURCE",
                                             help="ohdsi-cohort: the OMOP vocabulary the concept ids come "
                                             "from (a DuckDB file, a CSV of the concept table or a "
                                             "postgresql:// URL)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="ohdsi-cohort: the screening "
                                        "date, the cohort's index date, YYYY-MM-DD (default: today)."),
    fhir_version: str = typer.Option("R5", "--fhir-version", metavar="R5|R4",
                                     help="FHIR release (R4: R5 elements as HL7's cross-version extensions)."),
    with_study: bool = typer.Option(False, "--with-study", help="Also a ResearchStudy whose recruitment."
                                    "eligibility references the EvidenceVariable (both in a Bundle)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (default: stdout)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output file."),
    max_input_mb: int = typer.Option(MAX_INPUT_MB, "--max-input-mb", min=1, help=MAX_INPUT_HELP),
) -> None:
    """Write a trial's criteria in a standard's form, one JSON document; what the form cannot
    express is listed on stderr."""
    from .errors import EngineError
    from .export import FORMATS, ExportOptions, export, missing, notes
    from .rules import load_trial
    if format_name not in FORMATS:
        _usage(f"--format: expected one of {', '.join(sorted(FORMATS))}; got {format_name!r}")
    if fhir_version not in ("R5", "R4"):
        _usage(f"--fhir-version: expected R5 or R4; got {fhir_version!r}")
    options = ExportOptions(fhir_version=fhir_version, with_study=with_study, vocabulary=vocabulary,
                            as_of=_date(as_of))
    if missing(format_name, options):
        _usage(missing(format_name, options))
    try:
        trial = load_trial(rules, max_input_mb * MEGABYTE)
    except EngineError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    try:
        document = export(trial, format_name, options)
    except EngineError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    for line in notes(format_name, document):
        err.print(escape(line))
    if output is None:
        print(text, end="")
        raise typer.Exit(EXIT_OK)
    try:
        with output.open("w" if overwrite else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        _usage(f"{output}: already exists; nothing written (--overwrite replaces it)")
    except OSError as exc:
        _usage(f"{output}: cannot write: {exc.strerror or exc}")
    err.print(f"{trial.id}: {len(trial.criteria)} criteria written to {output} ({format_name})")
    raise typer.Exit(EXIT_OK)


def _usage(message: str) -> None:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(EXIT_USAGE)


# Registry-scale screening in SQL: `elig batch` and `elig funnel` (engine/sql/commands.py).
register_sql_commands(app, out, err, _date, _files, complete_lists)


@app.command("serve", cls=PlainCommand)
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port (0: any free port)."),
    rules: Path = typer.Option(Path("rules"), "--rules", help="Rules folder (or one file), loaded once at startup."),
    api_key: Optional[str] = typer.Option(None, "--api-key", envvar="ELIG_API_KEY", show_default=False,
                                          help="Require this key in the X-API-Key header (all routes but /health "
                                               "and the web page's own files)."),
    cors_origin: list[str] = typer.Option([], "--cors-origin", help="Allow browser calls from this origin (repeat)."),
    fhir_server: list[str] = typer.Option([], "--fhir-server",
                                          help="A FHIR server CDS Hooks calls may make the service query (repeat)."),
    max_body: int = typer.Option(4 * 1024 * 1024, "--max-body", min=1, help="Request body limit in bytes."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (each loads the rules)."),
    samples: Optional[Path] = typer.Option(None, "--samples", envvar="ELIG_SAMPLES", show_default=False,
                                           help="Offer this folder's YAML/JSON files as the page's sample "
                                                "patients (default: the shipped samples only)."),
) -> None:
    """Serve the HTTP API and CDS Hooks (FastAPI + uvicorn); OpenAPI at /docs. Stop with Ctrl-C."""
    from .service import ServiceSettings, run_server
    from .errors import EngineError
    settings = ServiceSettings(rules=rules, api_key=api_key or None, max_body_bytes=max_body,
                               cors_origins=tuple(cors_origin), fhir_servers=tuple(fhir_server), samples=samples)
    try:
        run_server(settings, host, port, workers, say=lambda line: err.print(escape(line)))
    except EngineError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(EXIT_INPUT) from None
    raise typer.Exit(EXIT_OK)


def main(argv: Optional[list[str]] = None) -> int:
    """Run the CLI in-process and return its exit code (for tests and embedding). A bare
    ``elig`` prints the help; a usage error is one line on stderr, never a traceback. A plain
    `explain` or `import` runs without the typer app (engine/cli_quick.py)."""
    args = sys.argv[1:] if argv is None else list(argv)
    code = quick(args)
    return app_main(args) if code is None else code


def app_main(args: list[str]) -> int:
    """main() through the typer app, whatever the arguments."""
    if not args:
        app(args=["--help"], prog_name="elig", standalone_mode=False)
        return EXIT_USAGE
    try:
        code = app(args=args, prog_name="elig", standalone_mode=False)
        return code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:
        if not _is_usage_error(exc):
            raise
        err.print(f"[red]error:[/] {escape(_usage_message(exc))}")
        return exc.exit_code


def _is_usage_error(exc: Exception) -> bool:
    """Click's errors, told by what they do rather than by class: typer may use the click
    package or a copy of its own (typer 0.29 does), whose classes are not click's."""
    return isinstance(getattr(exc, "exit_code", None), int) and callable(getattr(exc, "format_message", None))


def _usage_message(exc: Exception) -> str:
    """The error on one line, with where to find the command's options."""
    message = " ".join(exc.format_message().split())
    command = getattr(getattr(exc, "ctx", None), "command_path", None)
    return f"{message} (see '{command} --help')" if command else message


def run() -> None:
    sys.exit(main())
