"""The coordinator web page at ``/`` and the few JSON helpers it needs (under ``/ui/``).

The page itself is hand-written static files (``engine/static/``: no build step, nothing
fetched from the internet). It screens through the public API (``GET /trials``,
``POST /screen``, ``POST /explain``); the helpers here do what a browser should not:
read YAML (``/ui/patient``), list and return the shipped sample patients and the review
decisions shipped beside them (``/ui/samples``), write a review as a decisions file
(``/ui/decisions-file``), group the "to resolve" items by what a coordinator does about them,
the lab orders that settle the most first (``/ui/resolve``), and screen a small lab
table with its attrition funnel (``/ui/batch``).
The helpers are for the page, not a stable API, so they stay out of the OpenAPI document.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from . import show
from .analytes import catalogue
from .documents import YAML_LOADER, yaml_error_place
from .errors import EngineError
from .next_order import Order, orders_for
from .patients import Patient
from .review import Decision, decisions_beside, is_decisions_file, load_decisions
from .screen import VERDICTS, ScreenResult, screen
from .service import (MAX_DECISIONS, IsoDate, Registry, ServiceSettings, TrialId, check_cohort, lone_surrogate_at,
                      patient_from_body)

STATIC = Path(__file__).parent / "static"
SAMPLE_SUFFIXES = (".yaml", ".yml", ".json")
# The synthetic sample patients this project ships, in this checkout's patients/ folder.
# The page offers these by name and no other file there: a site may keep real profiles
# beside them. Another folder is offered only when named (--samples / ELIG_SAMPLES).
CHECKOUT_SAMPLES = Path(__file__).resolve().parent.parent / "patients"
SHIPPED_SAMPLES = (
    "p01-eligible-conventional.yaml", "p02-low-platelets.yaml", "p03-si-units.yaml",
    "p04-missing-albumin.yaml", "p05-stale-hemoglobin.yaml", "p06-uln-mixed-sources.yaml",
    "p07-boundary-values.yaml", "p08-crcl-or-branch.yaml", "p09-karnofsky-only.yaml",
    "p10-liver-mets-5x-uln.yaml", "p11-no-weight.yaml", "p12-sex-unknown.yaml", "p13-myeloma.yaml",
    "p14-melanoma.yaml", "p15-liver-mets-unrecorded.yaml",
    *(f"synthea/synthea-{i:02}.json" for i in range(1, 25)))
# The review decisions shipped beside three of them (README, Review), listed as explicitly.
SHIPPED_DECISIONS = ("p01-eligible-conventional.decisions.yaml", "p13-myeloma.decisions.yaml",
                     "p14-melanoma.decisions.yaml")
TABLE_SUFFIXES = (".csv", ".tsv")
JSON_KEY = re.compile(r'\s*[\[{]\s*"')     # '{"resourceType": ...': JSON, not YAML
MAX_BATCH_PATIENTS = 2000     # a page-sized batch; registries go through `elig batch`
VERDICT_RANK = {verdict: i for i, verdict in enumerate(VERDICTS)}
# What a coordinator does about a missing item, by the analyte's source.
GROUPS = {"lab": "Labs to order", "observation": "Assessments to record",
          "record": "Fields to record in the patient's profile"}
# The page's own origin only: no external fonts, scripts or calls.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def sample_files(settings: ServiceSettings) -> dict[str, Path]:
    """name -> file of the samples the page offers: the YAML/JSON files directly in the
    ``samples`` folder when one is set (not its sub-folders, nor its decisions files),
    else the shipped samples."""
    folder = settings.samples
    if folder is not None:
        return {path.name: path for path in sorted(folder.iterdir())
                if path.is_file() and path.suffix.lower() in SAMPLE_SUFFIXES
                and not is_decisions_file(path)} if folder.is_dir() else {}
    return {name: CHECKOUT_SAMPLES / name for name in SHIPPED_SAMPLES if (CHECKOUT_SAMPLES / name).is_file()}


def sample_decisions(settings: ServiceSettings, samples: dict[str, Path]) -> dict[str, Path]:
    """sample name -> the decisions file beside it (p01.yaml -> p01.decisions.yaml): any in
    a named ``samples`` folder; of the shipped samples, only those listed as shipped."""
    found = {name: decisions_beside(path) for name, path in samples.items()}
    return {name: path for name, path in found.items()
            if path is not None and (settings.samples is not None or path.name in SHIPPED_DECISIONS)}


def mount_webpage(app: FastAPI, registry: Registry, settings: ServiceSettings,
                  today: Callable[[], date]) -> None:
    """Add the page (``/``, ``/ui/static/*``) and its helpers to the service's app."""
    samples = sample_files(settings)
    shelf = SampleShelf(samples, sample_decisions(settings, samples))
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html",
                            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"})

    @app.get("/ui/samples", include_in_schema=False)
    async def samples() -> list[dict[str, str]]:
        return shelf.listing

    # Before the sample route, whose {name:path} would take ".../decisions" as a name.
    @app.get("/ui/samples/{name:path}/decisions", include_in_schema=False)
    def sample_review(name: str) -> dict[str, Any]:
        return shelf.decisions(name)

    @app.get("/ui/samples/{name:path}", include_in_schema=False)
    async def sample(name: str) -> dict[str, str]:
        return {"name": name, "text": shelf.text(name)}

    @app.post("/ui/decisions-file", include_in_schema=False)
    def decisions_file(body: DecisionsExport) -> PlainTextResponse:
        return PlainTextResponse(decisions_yaml(body), media_type="application/yaml")

    @app.post("/ui/patient", include_in_schema=False)
    def patient(body: PatientText) -> JSONResponse:
        document, loaded = parse_document(body.text, body.name or "")
        return JSONResponse(jsonable_encoder({"document": document, "summary": summarise(document, loaded)}))

    @app.post("/ui/resolve", include_in_schema=False)
    def resolve(body: ResolveRequest) -> dict[str, Any]:
        # Across trials, only what can still change a verdict: a trial the patient already
        # fails is settled whatever is obtained (the orders count open trials only).
        orders = _orders(registry, body)
        return {"all": order_group(orders) + resolve_groups([r for r in body.results if r.verdict != "not eligible"]),
                "by_trial": {r.trial_id: order_group(orders, r.trial_id) + resolve_groups([r])
                             for r in body.results}}

    @app.post("/ui/batch", include_in_schema=False)
    def batch(body: BatchRequest) -> dict[str, Any]:
        return run_batch(registry, body, today)


# ------------------------------------------------------------------ samples
class SampleShelf:
    """The sample patients the page offers, and the decisions files beside them, listed
    once at startup."""

    def __init__(self, files: dict[str, Path], decisions: dict[str, Path]) -> None:
        self.files = files
        self.decision_files = decisions
        self.listing = [{"name": name, **_describe_sample(path),
                         **({"decisions": decisions[name].name} if name in decisions else {})}
                        for name, path in files.items()]

    def text(self, name: str) -> str:
        if name not in self.files:
            raise HTTPException(404, f"no sample named {name!r}")
        return self.files[name].read_text(encoding="utf-8")

    def decisions(self, name: str) -> dict[str, Any]:
        """The decisions file beside a sample, read as `elig screen` reads it."""
        path = self.decision_files.get(name)
        if path is None:
            raise HTTPException(404, f"no review decisions beside a sample named {name!r}")
        try:
            found = load_decisions(path)
        except EngineError as exc:      # a file edited in a --samples folder: its name, line and column
            raise HTTPException(422, str(exc).replace(str(path.parent) + os.sep, "")) from None
        return {"name": path.name, "patient": found.patient,
                "decisions": [d.model_dump(mode="json") for d in found.decisions]}


def _describe_sample(path: Path) -> dict[str, str]:
    """A label for the picker: a YAML sample's opening comment paragraph, whole (it may run
    over several lines; cut at a line end it would stop mid-sentence), or 'FHIR Bundle'."""
    with path.open(encoding="utf-8") as handle:
        head = handle.read(4096)
    if head.lstrip().startswith("{"):
        return {"kind": "fhir", "label": f"{path.stem} (FHIR Bundle)"}
    paragraph = []
    for line in head.lstrip().splitlines():
        words = line.lstrip("#").strip() if line.startswith("#") else ""
        if not words:
            break
        paragraph.append(words)
    note = re.sub(r"^[\w-]+:\s*", "", " ".join(paragraph))   # "p01: clearly eligible ..." -> "clearly eligible ..."
    return {"kind": "native", "label": f"{path.stem}: {note}" if note else path.stem}


# ------------------------------------------------------------------ patients
class _Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class PatientText(_Body):
    text: str = Field(min_length=1, description="A native profile (YAML or JSON) or a FHIR Bundle (JSON).")
    name: Optional[str] = Field(default=None, max_length=255, description="The file name, for messages.")


class _PlainLoader(YAML_LOADER):
    """Safe YAML without aliases: a profile never needs them, and expanding nested
    aliases into JSON (a "billion laughs" document) would exhaust memory. libyaml
    composes the node tree in C, so an alias is found there, as a node met twice."""

    def get_single_node(self):
        root = super().get_single_node()
        seen: set[int] = set()
        nodes = [root] if root is not None else []
        while nodes:
            node = nodes.pop()
            if id(node) in seen:
                raise yaml.MarkedYAMLError(problem="anchors and aliases (*name) are not accepted here",
                                           problem_mark=node.start_mark)
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                nodes.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                nodes.extend(part for pair in node.value for part in pair)
        return root


def parse_document(text: str, name: str = "") -> tuple[dict[str, Any], Patient]:
    """YAML or JSON text -> a JSON-ready mapping (dates as ISO text) and the patient it reads as."""
    where = f"{name}: " if name else ""
    try:
        document = jsonable_encoder(_load_text(text, name))
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"{where}invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    except yaml.YAMLError as exc:
        place = yaml_error_place(exc, text)
        at = f" at line {place[0]}, column {place[1]}" if place else ""
        raise HTTPException(422, f"{where}invalid YAML{at}: {getattr(exc, 'problem', None) or exc}")
    except (RecursionError, ValueError, TypeError):
        raise HTTPException(422, f"{where}the document is nested too deeply or holds values that are "
                                 "not plain text, numbers, dates, lists or mappings") from None
    if not isinstance(document, dict):
        raise HTTPException(422, f"{where}a patient must be a mapping of fields (a profile) or a FHIR "
                                 "Bundle, not a list or a single value")
    bad_text = lone_surrogate_at(document)      # YAML's "\ud800" escape makes one too
    if bad_text:
        place, msg = bad_text
        raise HTTPException(422, f"{where}{'.'.join(map(str, place)) or 'the document'}: {msg}")
    try:
        return document, patient_from_body(document)
    except EngineError as exc:
        raise HTTPException(422, f"{where}patient: {exc}") from None


def _load_text(text: str, name: str) -> Any:
    """JSON when the file is named .json or the text reads as JSON; else YAML. A YAML
    profile may open with a flow mapping ("{id: P1, ...}"), so text that starts like JSON
    but is not JSON is read as YAML, and its errors are YAML's unless it quotes its keys
    as JSON does."""
    if name.lower().endswith(".json"):
        return json.loads(text)
    if not text.lstrip().startswith(("{", "[")):
        return yaml.load(text, _PlainLoader)
    try:
        return json.loads(text)
    except json.JSONDecodeError as json_error:
        try:
            return yaml.load(text, _PlainLoader)
        except yaml.YAMLError:
            if JSON_KEY.match(text):
                raise json_error from None
            raise


def summarise(document: dict[str, Any], patient: Patient) -> dict[str, Any]:
    """What was loaded, in a line: who (a FHIR patient by name and identifier, not the
    resource id), sex, age, how many records of each kind, and the labs' dates (the page
    says how many are older than a trial's window on the screening date)."""
    fhir = "resourceType" in document
    # The adapters read the name in use and the medical record number (engine/adapters/fhir_map.py).
    return {"id": patient.id, "format": "FHIR Bundle" if fhir else "native profile",
            "name": patient.name, "identifier": f"MRN {patient.mrn}" if patient.mrn else None,
            "lab_dates": sorted(lab.date.isoformat() for lab in patient.labs if lab.date),
            "sex": patient.sex, "birth_date": patient.birth_date,
            "age": f"{show.number(patient.age.value)} {patient.age.unit}" if patient.age else None,
            "labs": len(patient.labs), "observations": len(patient.observations),
            "conditions": len(patient.conditions), "medications": len(patient.medications),
            "procedures": len(patient.procedures), "unmapped_tests": patient.unmapped_tests}


# ------------------------------------------------------------------ decisions file
class DecisionsExport(_Body):
    patient: str = Field(min_length=1, max_length=200, description="The id of the patient reviewed.")
    as_of: Optional[IsoDate] = Field(default=None, description="The screening date the review was for.")
    decisions: list[Decision] = Field(min_length=1, max_length=MAX_DECISIONS)


def decisions_yaml(body: DecisionsExport) -> str:
    """The page's review as a decisions file: the format `elig screen` reads beside a
    profile (engine.review.load_decisions), each decision whole (its reviewer and date)."""
    screened = f", screened as of {body.as_of.isoformat()}" if body.as_of else ""
    # The patient's id goes in the YAML only (quoted there as needed), never in a comment.
    head = (f"# Review decisions recorded on the coordinator page{screened}.\n"
            "# Keep beside the profile as <profile>.decisions.yaml, or pass to `elig screen --decisions`.\n")
    document = {"patient": body.patient, "decisions": [d.model_dump() for d in body.decisions]}
    return head + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


# ------------------------------------------------------------------ to resolve
class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OutcomeItems(_Loose):
    criterion_id: str = Field(max_length=200)
    status: str
    missing: list[str] = []


class ResultItems(_Loose):
    trial_id: str = Field(max_length=200)
    verdict: str = ""
    outcomes: list[OutcomeItems] = Field(max_length=5000)


class ResolveRequest(_Loose):
    results: list[ResultItems] = Field(max_length=500)
    # The patient as sent to POST /screen, with its date and cohort: given them, the list
    # starts with the lab orders that settle the most (engine/next_order.py).
    patient: Optional[dict[str, Any]] = None
    as_of: Optional[IsoDate] = None
    cohort: Optional[str] = Field(default=None, max_length=200)


def _orders(registry: Registry, body: ResolveRequest) -> tuple[Order, ...]:
    if body.patient is None or body.as_of is None:
        return ()
    try:
        patient = patient_from_body(body.patient)
    except EngineError as exc:
        raise HTTPException(422, f"patient: {exc}") from None
    trials = [registry.trials[r.trial_id] for r in body.results if r.trial_id in registry.trials]
    check_cohort(trials, body.cohort)
    return orders_for(patient, trials, body.as_of, body.cohort)


def order_group(orders: tuple[Order, ...], trial_id: Optional[str] = None) -> list[dict[str, Any]]:
    """The orders as the first group of the to-resolve list: each with its LOINC code and
    the criteria (of ``trial_id`` only, when given) a result would decide."""
    items = []
    for order in orders:
        refs = [{"trial_id": t, "criterion_id": c}
                for t, _, c in (ref.rpartition(":") for ref in order.settles_criteria) if trial_id in (None, t)]
        if refs:
            items.append({"label": order.label, "details": [f"LOINC {order.loinc}"], "criteria": refs})
    return [{"group": "order", "title": "Order next", "items": items}] if items else []


def _lab_names() -> list[tuple[str, str, str]]:
    """(lower-case display name, analyte id, group), longest name first."""
    names = []
    for analyte in catalogue().by_id.values():
        group = {"lab": "lab", "observation": "observation"}.get(analyte.source, "record")
        names.append((analyte.display.lower(), analyte.id, group))
    return sorted(names, key=lambda n: -len(n[0]))


def classify(item: str) -> tuple[str, str, str, str]:
    """(group, key, label, detail) of one to-resolve item, e.g. "Serum albumin (a result
    within 28 days)" -> ("lab", "albumin", "Serum albumin", "a result within 28 days")."""
    lower = item.lower()
    for name, analyte_id, group in _lab_names():
        if lower.startswith(name) and (len(lower) == len(name) or not lower[len(name)].isalnum()):
            return group, analyte_id, item[:len(name)], _detail(item[len(name):])
    label, _, rest = item.partition(" (")
    return "record", label.lower(), label, _detail("(" + rest if rest else "")


def _detail(rest: str) -> str:
    rest = rest.strip()
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        rest = rest[1:-1]
    return rest


def resolve_groups(results: list[ResultItems]) -> list[dict[str, Any]]:
    """The missing items of every unknown outcome, de-duplicated by what they ask for
    (an analyte, a field), grouped by what a coordinator does: order a lab, record an
    assessment, record a field; each with the criteria it would help settle."""
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for result in results:
        for outcome in result.outcomes:
            if outcome.status != "unknown":
                continue
            for item in outcome.missing:
                group, key, label, detail = classify(item)
                entry = entries.setdefault((group, key), {"label": label, "details": [], "criteria": []})
                if detail and detail not in entry["details"]:
                    entry["details"].append(detail)
                ref = {"trial_id": result.trial_id, "criterion_id": outcome.criterion_id}
                if ref not in entry["criteria"]:
                    entry["criteria"].append(ref)
    return [{"group": group, "title": title,
             "items": [e for (g, _), e in entries.items() if g == group]}
            for group, title in GROUPS.items() if any(g == group for g, _ in entries)]


# ------------------------------------------------------------------ batch
class TableText(_Body):
    name: str = Field(min_length=1, max_length=255)
    text: str = Field(min_length=1)


class BatchRequest(_Body):
    tables: list[TableText] = Field(min_length=1, max_length=5,
                                    description="Long lab tables (and a demographics table), CSV or TSV.")
    trials: list[TrialId] = Field(min_length=1, max_length=50)
    as_of: Optional[IsoDate] = None
    cohort: Optional[str] = Field(default=None, max_length=200)


def load_table_texts(tables: list[TableText]):
    """The uploaded tables through ``engine.adapters.tables`` (files in a private temp
    folder, named as uploaded so the load report's places read 'labs.csv:12')."""
    from .adapters.tables import load_tables
    with tempfile.TemporaryDirectory(prefix="elig-ui-") as folder:
        paths = []
        for i, table in enumerate(tables):
            stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(table.name).stem)[:80] or "table"
            suffix = Path(table.name).suffix.lower()
            suffix = suffix if suffix in TABLE_SUFFIXES else ".csv"
            path = Path(folder) / f"{stem}{suffix}"
            if path.exists():
                path = Path(folder) / f"{stem}-{i + 1}{suffix}"
            path.write_text(table.text, encoding="utf-8")
            paths.append(path)
        try:
            return load_tables(paths)
        except EngineError as exc:
            raise HTTPException(422, str(exc).replace(folder + os.sep, "")) from None


def run_batch(registry: Registry, body: BatchRequest, today: Callable[[], date]) -> dict[str, Any]:
    trials = registry.pick(body.trials)
    check_cohort(trials, body.cohort)
    patients, report = load_table_texts(body.tables)
    if not patients:
        raise HTTPException(422, "no patients in the table(s): every row was skipped"
                            + _skips(report.skipped))
    if len(patients) > MAX_BATCH_PATIENTS:
        raise HTTPException(422, f"{len(patients)} patients: the page screens up to "
                                 f"{MAX_BATCH_PATIENTS}; use `elig batch` for a registry")
    when = body.as_of or today()
    out = []
    for trial in trials:
        results = [screen(trial, p, when, body.cohort) for p in patients]
        out.append({"trial_id": trial.id, "title": trial.title, "patients": len(results),
                    "manual_criteria": sum(not c.evaluable for c in trial.criteria),
                    "missing_for_all": missing_for_all(results),
                    "ranked": rank(results), "funnel": funnel(trial, results)})
    return {"as_of": when.isoformat(), "patients": len(patients), "trials": out,
            "report": {"read": report.read, "used": report.used,
                       "skipped": dict(report.skipped.most_common()),
                       "examples": {k: v for k, v in report.examples.items()},
                       "labs_all_skipped": {patient_id: dict(reasons.most_common())
                                            for patient_id, reasons in report.labs_all_skipped.items()}},
            "profiles": {p.id: p.model_dump(mode="json", exclude_defaults=True) for p in patients}}


def _skips(skipped) -> str:
    return (" (" + "; ".join(f"{reason}: {n}" for reason, n in skipped.most_common(3)) + ")") if skipped else ""


def missing_for_all(results: list[ScreenResult]) -> list[str]:
    """The to-resolve items every patient shares (in a lab table, fields no table holds:
    pregnancy status, history): said once, they do not tell patients apart."""
    if len(results) < 2:
        return []
    shared = set(results[0].to_resolve).intersection(*(r.to_resolve for r in results[1:]))
    return [item for item in results[0].to_resolve if item in shared]


def rank(results: list[ScreenResult]) -> list[dict[str, Any]]:
    """Patients best first by the verdict ladder (eligible, eligible pending review, needs
    data, not eligible), then by what stands between them and the next rung: fewer failed
    criteria, then fewer items to obtain. Each row lists the failures with their values and
    only the items to obtain that not every patient shares (those are said once)."""
    common = set(missing_for_all(results))
    rows = [{"patient_id": r.patient_id, "verdict": r.verdict, "headline": r.headline, "failed": list(r.failed),
             "failures": list(r.failures), "unknown": list(r.unknown),
             "passed": sum(o.status == "pass" for o in r.outcomes), "to_resolve": list(r.to_resolve),
             "missing": [item for item in r.to_resolve if item not in common]}
            for r in results]
    return sorted(rows, key=lambda row: (VERDICT_RANK[row["verdict"]], len(row["failed"]),
                                         len(row["to_resolve"]), len(row["unknown"]), row["patient_id"]))


def funnel(trial, results: list[ScreenResult]) -> dict[str, Any]:
    """Attrition over the machine-evaluable criteria in file order: how many patients no
    criterion so far has failed. The same counts as ``engine/sql/funnel.py`` (which
    computes them inside a database), here over results already screened in Python, plus
    ``confirmed``: how many of those have passed every criterion so far (no unknowns)."""
    steps = [c for c in trial.criteria if c.evaluable]
    statuses = [{o.criterion_id: o.status for o in r.outcomes} for r in results]
    fails = [{c.id for c in steps if s.get(c.id) == "fail"} for s in statuses]
    made, alive = [], list(range(len(results)))
    confirmed = list(alive)
    for c in steps:
        alive = [i for i in alive if c.id not in fails[i]]
        confirmed = [i for i in confirmed if statuses[i].get(c.id) == "pass"]
        made.append({"criterion": c.id, "text": c.text, "section": c.section,
                     "passed": sum(s.get(c.id) == "pass" for s in statuses),
                     "failed": sum(s.get(c.id) == "fail" for s in statuses),
                     "unknown": sum(s.get(c.id) == "unknown" for s in statuses),
                     "only_cause": sum(f == {c.id} for f in fails),
                     "remaining": len(alive),
                     "confirmed": len(confirmed)})   # every criterion so far passes (ours, not in SQL)
    return {"trial": trial.id, "patients": len(results), "steps": made,
            "manual_criteria": sum(not c.evaluable for c in trial.criteria),
            "remaining": made[-1]["remaining"] if made else len(results)}
