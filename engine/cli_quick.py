"""The `elig` entry point: `explain` and `import`, the commands a coordinator runs many times
a day, run without building the typer app when their arguments are plain.

Importing typer, building the app and the pydantic adapters typer 0.29 makes for each
parameter took a third of `elig explain`'s wall time. An argument list read here exactly
as click reads it (the command, then its own options, each at most once, and its one
argument, with no other word starting with "-") runs the command's body below; anything
else (--help, a usage error, an unknown option, a text such as "-5") goes to the typer app
in engine/cli.py, which answers as click does. Both run the same bodies, so the output,
errors and exit codes are the same (tests/test_cli_quick.py compares the two).
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple, Optional

from .documents import MAX_INPUT_MB

if TYPE_CHECKING:
    from rich.console import Console

# Piped output gets a readable width rather than rich's 80-column fallback.
WIDTH = max(shutil.get_terminal_size((150, 40)).columns, 100)

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
MEGABYTE = 1024 * 1024


# ------------------------------------------------------------------ what the commands print
@lru_cache(maxsize=2)
def console(stderr: bool = False) -> "Console":
    """rich's console of stdout (or stderr), made when first asked for."""
    from rich.console import Console
    return Console(stderr=stderr, soft_wrap=True, width=WIDTH)


def __getattr__(name: str) -> "Console":
    """``out`` and ``err``, the consoles the typer app prints with (engine/cli.py)."""
    if name in ("out", "err"):
        return console(stderr=name == "err")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def say(markup: str, *texts: str, stderr: bool = False) -> None:
    """Print ``markup`` with each "{}" filled by a text, escaped, as rich's console prints it.

    To a file that is not a terminal, rich writes most lines as the text itself: the line is
    written here then, without importing rich (a tenth of `elig explain`'s start-up). Where
    rich could write anything else (a terminal, a text with brackets, backslashes, an emoji
    code such as ":bell:", a tab or another unprintable character), rich prints it."""
    stream = sys.stderr if stderr else sys.stdout
    plain = _as_rich_writes(markup, texts, stream)
    if plain is None:
        from rich.markup import escape
        console(stderr).print(_filled(markup, [escape(text) for text in texts]))
        return
    try:
        stream.write(plain)
        stream.flush()      # as rich does after each print
    except BrokenPipeError:
        console(stderr).on_broken_pipe()


def _filled(markup: str, texts: list[str]) -> str:
    if not texts:
        return markup
    pieces = markup.split("{}")
    return "".join(piece + text for piece, text in zip(pieces, texts)) + pieces[-1]


# Markup as the commands write it: their own styles, each closed before the next opens, and
# no other bracket, nor a backslash (which escapes one).
_OWN_MARKUP = re.compile(r"(?:[^[\\]*\[(?:red|yellow|bold)\][^[\\]*\[/\])*[^[\\]*")
_OWN_TAG = re.compile(r"\[(?:red|yellow|bold|/)\]")
# An emoji code as rich's console looks for one (rich/_emoji_replace.py).
_EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")


def _as_rich_writes(markup: str, texts: tuple[str, ...], stream) -> Optional[str]:
    """The text rich's console would write for the markup and texts, where it is the text
    itself and the styles are dropped (not a terminal); None anywhere else."""
    if stream is None or hasattr(stream, "rich_proxied_file") or _rich_may_style(stream):
        return None
    if not _OWN_MARKUP.fullmatch(markup) or any("[" in text or "\\" in text for text in texts):
        return None
    plain = _filled(_OWN_TAG.sub("", markup), list(texts))
    if _EMOJI_CODE.search(plain) or not all(line.isprintable() for line in plain.split("\n")):
        return None
    return plain + "\n"


def _rich_may_style(stream) -> bool:
    """Whether rich could take stream for a terminal (its colours and styles written) or a
    notebook: told so by the environment, or the stream says it is a terminal."""
    if os.environ.get("TTY_COMPATIBLE") is not None or os.environ.get("FORCE_COLOR") is not None \
            or "IPython" in sys.modules:
        return True
    try:
        return stream.isatty()
    except Exception:   # closed, or no isatty: rich's own checks decide
        return True


def explain_line(text: str, section: str = "inclusion", strict: bool = False, as_json: bool = False) -> int:
    """`elig explain`: how a criterion line is read (the tree in words, its canonical form,
    each word's accounting); the exit code."""
    from .criteria import compile_criterion
    from .errors import CriterionError
    from .explain import accounting, canonical, in_words
    if section not in ("inclusion", "exclusion"):
        say("[red]error:[/] --section must be inclusion or exclusion", stderr=True)
        return EXIT_USAGE
    try:
        criterion = compile_criterion(text, section, strict=strict, hints=True)
    except CriterionError as exc:
        say("[red]error:[/] {}", exc.render(), stderr=True)
        return EXIT_INPUT
    if as_json:
        print(criterion.model_dump_json(indent=1, exclude_none=True))
        return EXIT_OK
    say(f"[bold]{{}}[/]  ({section})", text)
    say("{}", in_words(criterion.tree, "  "))
    form = canonical(criterion.tree)
    if form:
        say("canonical: {}", form)
    words = accounting(text, criterion.accounting)
    if words:
        say("each word:")
        for line in words:
            say("  {}", line)
    for problem in criterion.problems:
        say(f"[yellow]{problem.severity}:[/] {{}}", problem.message)
    return EXIT_OK


def import_rules(record: Path, output: Optional[Path] = None, overwrite: bool = False,
                 max_input_mb: int = MAX_INPUT_MB) -> int:
    """`elig import`: a ClinicalTrials.gov record or a FHIR EvidenceVariable -> a rules file
    (stdout, or ``output``); the exit code."""
    from .ctgov import UNPLACED_NOTE, import_record, is_fhir_record
    from .errors import EngineError
    from .import_output import OutputError, write_rules_file
    unkept: list[str] = []
    try:
        if is_fhir_record(record, max_input_mb * MEGABYTE):
            from .export.evidence_variable_import import import_evidence_variable
            text, trial, unkept = import_evidence_variable(record, max_input_mb * MEGABYTE)
        else:
            text, trial = import_record(record, max_input_mb * MEGABYTE)
    except EngineError as exc:
        say("[red]error:[/] {}", str(exc), stderr=True)
        return EXIT_INPUT
    for problem in unkept:
        say("[yellow]warning:[/] {}", problem, stderr=True)
    evaluable, total = trial.coverage
    if output:
        try:
            losses = write_rules_file(output, text, record, overwrite)
        except OutputError as exc:
            say("[red]error:[/] {}", str(exc), stderr=True)
            return EXIT_USAGE
        for loss in losses:
            say("[yellow]warning:[/] replaced {}: {}", str(output), loss, stderr=True)
    else:
        print(text, end="")
    unplaced = sum(1 for c in trial.criteria if c.note == UNPLACED_NOTE)
    if unplaced:
        say(f"[yellow]warning:[/] {unplaced} criteria stand under a heading that says neither "
            "inclusion nor exclusion: their section is 'uncertain' and they need review", stderr=True)
    say(f"{trial.id}: {evaluable} of {total} criteria machine-evaluable"
        + (f"; written to {output}" if output else ""), stderr=True)
    return EXIT_OK


# ------------------------------------------------------------------ plain argument lists
class _Command(NamedTuple):
    """What click reads of one command: its flags (option -> (parameter, value)), its options
    that take a value (option -> (parameter, the value's conversion: None where it leaves
    the value to click)), its one argument (and its conversion), and the body run with the
    parameters by name."""

    flags: dict[str, tuple[str, object]]
    valued: dict[str, tuple[str, Callable[[str], object]]]
    argument: tuple[str, Callable[[str], object]]
    body: Callable[..., int]


def _count_at_least_one(value: str) -> Optional[int]:
    """click's INTEGER with min=1 for the plain spellings (ASCII digits); None for any other,
    left to click (its error, or its reading of "+5", " 5", "1_000")."""
    return int(value) if value.isascii() and value.isdigit() and int(value) >= 1 else None


COMMANDS = {
    "explain": _Command(
        flags={"--strict": ("strict", True), "--no-strict": ("strict", False), "--json": ("as_json", True)},
        valued={"--section": ("section", str)}, argument=("text", str), body=explain_line),
    "import": _Command(
        flags={"--overwrite": ("overwrite", True)},
        valued={"-o": ("output", Path), "--output": ("output", Path),
                "--max-input-mb": ("max_input_mb", _count_at_least_one)},
        argument=("record", Path), body=import_rules),
}


def plain_arguments(args: list[str]) -> Optional[tuple[_Command, dict[str, object]]]:
    """(the command, its parameters) when args are a plain call of `explain` or `import`, read
    as click reads them; None for anything else (the typer app reads it)."""
    command = COMMANDS.get(args[0]) if args else None
    if command is None:
        return None
    given: dict[str, object] = {}
    words = iter(args[1:])
    for word in words:
        read = _parameter(command, word, words)
        if read is None or read[0] in given:
            return None     # not plain, or given twice (click keeps the last)
        given[read[0]] = read[1]
    return (command, given) if command.argument[0] in given else None


def _parameter(command: _Command, word: str, words: Iterator[str]) -> Optional[tuple[str, object]]:
    """(parameter, value) that word gives (with the word after it, for an option that takes a
    value); None for a word click would read otherwise, or refuse."""
    if word in command.flags:
        return command.flags[word]
    if not word.startswith("-"):
        (parameter, convert), value = command.argument, word
    else:
        name, equals, value = word.partition("=")
        if name not in command.valued or (equals and not name.startswith("--")):
            return None     # unknown, or "-o=x" (click's value "=x")
        value = value if equals else next(words, None)
        if value is None or value.startswith("-"):
            return None
        parameter, convert = command.valued[name]
    converted = convert(value) if value else None     # an empty value is left to click
    return None if converted is None else (parameter, converted)


def quick(args: list[str]) -> Optional[int]:
    """The exit code of a plain `explain` or `import` run here; None when args are not one."""
    plain = plain_arguments(args)
    if plain is None:
        return None
    command, parameters = plain
    return command.body(**parameters)


def main(argv: Optional[list[str]] = None) -> int:
    """`elig`: a plain `explain` or `import` here, anything else by the typer app."""
    args = sys.argv[1:] if argv is None else list(argv)
    code = quick(args)
    if code is not None:
        return code
    from .cli import app_main
    return app_main(args)


def run() -> None:
    if not _only_help(sys.argv[1:]):  # help compiles few patterns: reading the kept ones costs more
        from .regex_cache import keep_compiled_patterns
        keep_compiled_patterns()
    sys.exit(main())


def _only_help(argv: list[str]) -> bool:
    """`elig`, `elig --help`, `elig COMMAND --help`: a page of help and nothing else."""
    return not argv or any(word in ("--help", "-h") for word in argv)
