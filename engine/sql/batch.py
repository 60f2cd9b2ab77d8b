"""``elig batch``: screen a whole registry, one output row per registry patient.

Each trial is compiled for the registry's engine, run where the data is, and written
to Parquet, CSV or a table: person_id, trial_id, verdict, one status column and one
reason-code column per criterion, the screening date, and the engine and rules-file
versions. Records in = records out is checked after writing, and the data-quality report
(quality.py) is written beside the output. Nothing the run reads is written over, and an
earlier output only when asked (outputs.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from ..concepts import ConceptIds
from ..errors import EngineError
from ..rules import Trial
from ..screen import VERDICTS
from .compiler import compile_shared
from .outputs import check_files, check_tables
from .quality import Quality, measure
from .registry import Registry
from .runners import Output, Progress, runner


@dataclass
class BatchResult:
    trial_id: str
    output: str
    persons: int
    rows: int
    verdicts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.rows == self.persons

    def as_dict(self) -> dict:
        return {"trial": self.trial_id, "output": self.output, "patients_in": self.persons,
                "rows_out": self.rows, **{v: self.verdicts.get(v, 0) for v in VERDICTS},
                "seconds": round(self.seconds, 2)}


@dataclass
class BatchRun:
    results: list[BatchResult]
    quality: Quality                 # rows read and skipped per table, persons in = rows out
    unreadable: tuple[str, ...] = ()  # coded concepts no vocabulary resolved (codes.advice)


STAGE = "elig_stage"


def default_report(out: str) -> Path:
    """The data-quality report's file beside the output: results.parquet ->
    results.quality.json; for table:NAME, NAME.quality.json in the working folder."""
    output = Output(out)
    path = Path(output.table) if output.table else Path(output.target)
    stem = (path.stem if output.table is None else path.name).replace("{trial}", "").strip("._- ")
    return path.with_name(f"{stem}.quality.json" if stem else "quality.json")


def run_batch(trials: list[Trial], registry: Registry, out: str, as_of: Optional[date] = None,
              progress: Optional[callable] = None, memory_limit: Optional[str] = None,
              threads: Optional[int] = None, *, overwrite: bool = False,
              report: Optional[Path] = None, complete: tuple[str, ...] = (),
              concept_ids: Optional[ConceptIds] = None) -> BatchRun:
    """Screen every patient of ``registry`` against each trial; ``progress(label, fraction)``.

    The outputs (and ``report``, the data-quality report's file) are checked first
    (outputs.py): never over the registry or a rules file, over an existing output only
    with ``overwrite``. The registry's rows are counted (quality.py), then staged once for
    all the trials (temporary tables: the newest results, then one row per person with
    every analyte any of them reads), then each trial's query runs on that table.
    ``complete``: the record lists declared complete for every patient (Compiler);
    ``concept_ids``: the registry vocabulary's resolution of the coded concepts (codes.py).
    """
    import time
    as_of = as_of or date.today()
    output = Output(out)
    targets = [output.for_trial(trial.id, len(trials) > 1) for trial in trials]
    files = ([] if output.format == "table" else [Path(t.target) for t in targets]) + ([report] if report else [])
    options = {} if registry.kind == "postgres" else {"memory_limit": memory_limit, "threads": threads}
    engine = runner(registry, writable=output.format == "table", **options)
    try:
        if output.format == "table":
            check_tables([t.table for t in targets], engine.columns_of, overwrite)
        check_files(files, registry, [Path(t.path) for t in trials if t.path], overwrite)
        start = time.perf_counter()
        stages, compiled = compile_shared(trials, STAGE, engine.dialect, as_of, schema=registry.schema,
                                          complete=complete, concept_ids=concept_ids)
        engine.check(sorted({t for c in compiled for t in c.tables}))
        quality = measure(engine, registry)
        persons = quality.persons
        *results_stage, (person_stage, per_person) = stages
        for name, query in results_stage:
            engine.stage(name, query.sql(dialect=engine.dialect, pretty=False),
                         (lambda f: progress("staging the results", f)) if progress else None)
        engine.stage_by_person(person_stage, per_person.sql(dialect=engine.dialect, pretty=False),
                               results_stage[0][0] if results_stage else None,
                               (lambda f: progress("staging the registry", f)) if progress else None)
        staged = time.perf_counter() - start
        results = []
        for trial, query, target in zip(trials, compiled, targets):
            start = time.perf_counter()
            report_progress: Progress = (lambda f, t=trial.id: progress(t, f)) if progress else None
            engine.write(query.sql(pretty=False), target, report_progress)
            counts = dict(engine.count(target))
            results.append(BatchResult(trial.id, target.target, persons, sum(counts.values()), counts,
                                       time.perf_counter() - start + staged / len(trials)))
            quality.outputs.append((trial.id, target.target, results[-1].rows))
        if report:
            quality.write(report)
        for result in results:
            if not result.complete:
                raise EngineError(f"{result.trial_id}: {persons} patients in, {result.rows} rows out")
        return BatchRun(results, quality, tuple(sorted({c for q in compiled for c in q.unreadable})))
    finally:
        engine.close()
