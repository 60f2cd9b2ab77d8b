"""The error family. Every criterion error can point at its column with a caret."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
import copy
from typing import Any, Callable, Iterator, Optional, Union

# Whether an error message may quote the value it refuses. The command line shows it (the
# user's own file, on their own terminal); the service withholds it, so that its answers
# carry no patient data back.
_VALUES_SHOWN: ContextVar[bool] = ContextVar("values_shown", default=True)


@contextmanager
def values_withheld() -> Iterator[None]:
    """Errors raised inside name the field and what was expected, never the value given."""
    token = _VALUES_SHOWN.set(False)
    try:
        yield
    finally:
        _VALUES_SHOWN.reset(token)


def values_shown() -> bool:
    return _VALUES_SHOWN.get()


def shown(value: Any) -> str:
    """The refused value as a message quotes it (``'x'``), or "the value" where withheld."""
    return repr(value) if values_shown() else "the value"


def got(value: Any) -> str:
    """``", got 'x'"`` to follow what was expected, or nothing where values are withheld."""
    return f", got {value!r}" if values_shown() else ""


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class CriterionError(EngineError):
    """A criterion line that cannot be compiled: the text, the column, what was expected."""

    def __init__(self, message: str, text: str = "", column: Optional[int] = None,
                 hint: Union[str, Callable[[], str]] = "") -> None:
        self.message = message
        self.text = text
        self.column = column
        self._hint = hint
        # The message with its caret is rendered when shown, not here: most of these
        # errors only send a line on to its second readings or to manual review.
        super().__init__(message, text, column)

    @property
    def hint(self) -> str:
        """What was expected, or "did you mean": worked out when first asked for (a search
        of the names), since the island reader meets many errors it never shows."""
        if callable(self._hint):
            self._hint = self._hint()
        return self._hint

    @property
    def hint_if_known(self) -> str:
        """The hint if it is at hand, "" where working it out would take a search."""
        return "" if callable(self._hint) else self._hint

    def at(self, text: str) -> "CriterionError":
        """The same error, placed in the line as the user wrote it."""
        moved = copy.copy(self)
        moved.text = text
        return moved

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        lines = [self.message]
        if self.text:
            lines.append(f"  {self.text}")
            if self.column is not None:
                lines.append("  " + " " * self.column + "^")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class CriterionSyntaxError(CriterionError):
    """The grammar could not read the line."""


class ResolveError(CriterionError):
    """The line parsed but names an unknown analyte, unit or condition."""


class UnknownAnalyteError(ResolveError):
    """A threshold's name is no analyte the table knows. ``name`` keeps the words as read,
    so the island reader can look for a known name at their end ("... as shown by an
    absolute neutrophil count")."""

    def __init__(self, message: str, text: str = "", column: Optional[int] = None,
                 hint: Union[str, Callable[[], str]] = "", name: str = "") -> None:
        super().__init__(message, text, column, hint)
        self.name = name


class WordAfterScoreError(ResolveError):
    """A word after a score's value that is no unit ("NYHA class IV heart failure", "ECOG
    0-1 patients"): a scale has no unit but its points. ``word`` keeps the word as read, so
    the island reader can read the score without it and account for the word apart."""

    def __init__(self, message: str, text: str = "", column: Optional[int] = None, word: str = "") -> None:
        super().__init__(message, text, column)
        self.word = word


class InputError(EngineError):
    """A patient or rules file that cannot be read: names the file and field."""

    def __init__(self, message: str, path: str = "", location: str = "") -> None:
        self.path = path
        self.location = location
        where = ":".join(p for p in (path, location) if p)
        super().__init__(f"{where}: {message}" if where else message)


class CohortError(EngineError):
    """A cohort name the trial does not declare: screening for it would silently mark
    every cohort-scoped criterion "not applicable"."""

    def __init__(self, trial_id: str, cohort: str, declared: tuple[str, ...]) -> None:
        self.trial_id = trial_id
        self.cohort = cohort
        self.declared = declared
        super().__init__(f"cohort {cohort!r} is not one of trial {trial_id}'s cohorts "
                         f"({', '.join(declared)})")


class RulesError(EngineError):
    """Every problem found in one rules file, raised once."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(problems))
