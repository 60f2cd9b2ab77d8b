"""The HTTP face: screening, explaining, the loaded rules, and CDS Hooks (FastAPI).

``create_app(settings)`` loads the rules once (every criterion compiled at startup,
nothing compiled per request); a request parses only its patient. Safety: strict
request models (``false`` is not a number), a request body limit, an optional API key
(``X-API-Key``) on every route but ``/health`` and the page's own files, errors as ``application/problem+json``
with no stack traces, logs with a keyed hash of the patient id at most (never bodies,
never query strings), CORS off unless origins are configured.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from . import __version__
from . import cds_hooks as cds
from .cohorts import declared_cohort
from .criteria import compile_criterion
from .errors import CohortError, CriterionError, EngineError, InputError, values_withheld
from .explain import canonical, in_words
from .next_order import next_orders
from .patients import COMPLETE_LISTS, CompleteList, Patient, declared_complete, patient_from_dict
from .review import Decision, DecisionError, decisions_for, for_trial
from .rules import Trial, is_rules_document, load_trial
from .screen import ScreenResult, screen

log = logging.getLogger("engine.service")
PROBLEM = "application/problem+json"
API_KEY_HEADER = "x-api-key"
OPEN_PATHS = frozenset({"/health"})
# The coordinator page's own files hold no patient or rules data: a browser must load them
# before it can ask for the key, so they are open; every call the page makes is guarded.
PAGE_PATHS, PAGE_PREFIX = frozenset({"/"}), "/ui/static/"
DOCS_ASSETS = "/docs/assets"              # Swagger UI's and ReDoc's own files
RULES_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_MAX_BODY = 4 * 1024 * 1024
MAX_DECISIONS = 2000     # a whole review of many trials; more is no one patient's screening


class ServiceSettings(BaseModel):
    """How the service runs; ``elig serve`` options and ``ELIG_*`` variables fill it."""
    model_config = ConfigDict(frozen=True)
    rules: Path = Path("rules")
    api_key: Optional[str] = None
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY, gt=0)
    cors_origins: tuple[str, ...] = ()
    fhir_servers: tuple[str, ...] = ()     # FHIR servers a CDS call may make us query
    fhir_timeout: float = 10.0
    samples: Optional[Path] = None         # the page's sample patients; None: the shipped ones

    @classmethod
    def from_env(cls) -> "ServiceSettings":
        env = os.environ
        split = lambda name: tuple(v for v in env.get(name, "").split(",") if v)  # noqa: E731
        return cls(rules=Path(env.get("ELIG_RULES", "rules")), api_key=env.get("ELIG_API_KEY") or None,
                   max_body_bytes=int(env.get("ELIG_MAX_BODY", DEFAULT_MAX_BODY)),
                   cors_origins=split("ELIG_CORS_ORIGINS"), fhir_servers=split("ELIG_FHIR_SERVERS"),
                   samples=Path(env["ELIG_SAMPLES"]) if env.get("ELIG_SAMPLES") else None)


# --------------------------------------------------------------------- models
def _iso_date(value: Any) -> date:
    """A date as JSON carries it: 'YYYY-MM-DD' text only (no numbers, no timestamps)."""
    if not isinstance(value, str):
        raise ValueError("expected a date as 'YYYY-MM-DD' text")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("expected a date as 'YYYY-MM-DD'") from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
TrialId = Annotated[str, Field(min_length=1, max_length=64)]


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ScreenRequest(_Request):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "as_of": "2026-11-01",
        "patient": {"id": "P-0001", "sex": "female", "birth_date": "1961-05-02", "weight_kg": 64,
                    "labs": [{"test": "platelets", "value": 150, "unit": "10*9/L", "date": "2026-10-28"}],
                    "observations": {"ecog": 1}}}]})
    trials: Optional[list[TrialId]] = Field(
        default=None, min_length=1, max_length=500,
        description="Trial ids to screen for; all loaded trials when left out.")
    patient: dict[str, Any] = Field(
        description="A native patient profile (the YAML/JSON profile format) or a FHIR R4 Bundle "
                    "(or a lone Patient resource).")
    as_of: Optional[IsoDate] = Field(default=None, description="Screening date; today when left out.")
    cohort: Optional[str] = Field(default=None, max_length=200,
                                  description="Screen for one of the trials' cohorts (e.g. 'phase II'; 'phase 2' "
                                              "is the same); a name a trial does not declare is a 422.")
    complete: list[CompleteList] = Field(
        default=[], max_length=len(COMPLETE_LISTS),
        description="The patient's record lists that are complete (the whole problem list, every "
                    "dispensed drug): no matching record in them is evidence of absence. Left out: "
                    "silence is unknown.")
    decisions: list[Decision] = Field(
        default=[], max_length=MAX_DECISIONS,
        description="A person's review decisions: each settles one criterion the engine leaves to a "
                    "person (trial, criterion id, outcome met / not met / not applicable, note, reviewer, "
                    "decided as YYYY-MM-DD). Returned inside each result with who, when and the note. A "
                    "decision for a trial not screened, an unknown criterion, or a criterion the engine "
                    "decides from data is a 422 naming it.")


class ExplainRequest(_Request):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "Creatinine ≤ 1.5 times ULN OR creatinine clearance ≥ 60 mL/min", "section": "inclusion"}]})
    text: str = Field(min_length=1, max_length=2000, description="One criterion line, as written.")
    section: Literal["inclusion", "exclusion"] = "inclusion"
    strict: bool = Field(default=False, description="Answer 422 with the error and its column "
                                                    "instead of a manual-review reading.")


class ProblemDetail(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: Optional[list[dict[str, Any]]] = None
    column: Optional[int] = None


class ExplainProblem(BaseModel):
    severity: str
    message: str
    column: Optional[int] = None


class Explanation(BaseModel):
    text: str
    section: str
    evaluable: bool
    words: str
    canonical: Optional[str]
    tree: dict[str, Any]
    problems: list[ExplainProblem]


class Coverage(BaseModel):
    evaluable: int
    total: int


class TrialSummary(BaseModel):
    id: str
    title: str
    source: str
    recency_days: int
    cohorts: list[str]
    coverage: Coverage


class CriterionView(BaseModel):
    id: str
    section: str
    text: str
    evaluable: bool
    read_as: str
    canonical: Optional[str]
    expr: Optional[str]
    note: Optional[str]
    parent: Optional[str]
    cohort: Optional[str]


class TrialDetail(TrialSummary):
    criteria: list[CriterionView]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    trials: int


RESULTS = TypeAdapter(list[ScreenResult])
# Engine work (parse, compile, screen) runs one request at a time in the thread pool: it
# is CPU-bound (the GIL allows no parallelism anyway; --workers does) and its caches were
# not written for threads. The event loop stays free meanwhile (/health answers at once).
ENGINE = threading.Lock()


# ---------------------------------------------------------------------- rules
def load_rules(folder: Path) -> list[Trial]:
    """Every rules file in a folder (or one file). Any error stops the load: a service
    must not silently screen against part of its rules."""
    if not folder.exists():
        raise InputError("rules folder not found", str(folder))
    paths = [folder] if folder.is_file() else sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in RULES_SUFFIXES)
    trials: list[Trial] = []
    from .patients import read_document
    for path in paths:
        if folder.is_file() or is_rules_document(read_document(path)):
            trials.append(load_trial(path))
    if not trials:
        raise InputError("no rules files (YAML with 'trial' and 'criteria') found", str(folder))
    ids = [t.id for t in trials]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"trial id(s) loaded twice: {', '.join(duplicates)}", str(folder))
    return trials


def _summary(trial: Trial) -> TrialSummary:
    evaluable, total = trial.coverage
    return TrialSummary(id=trial.id, title=trial.title, source=trial.source, recency_days=trial.recency_days,
                        cohorts=list(trial.cohorts), coverage=Coverage(evaluable=evaluable, total=total))


def _detail(trial: Trial) -> TrialDetail:
    return TrialDetail(**_summary(trial).model_dump(), criteria=[CriterionView(
        id=c.id, section=c.section, text=c.text, evaluable=c.evaluable, read_as=in_words(c.tree),
        canonical=canonical(c.tree), expr=c.expr, note=c.note, parent=c.parent, cohort=c.cohort)
        for c in trial.criteria])


class Registry:
    """The loaded trials and everything served about them, computed once."""

    def __init__(self, trials: list[Trial]) -> None:
        self.trials = {t.id: t for t in trials}
        self.summaries = [_summary(t) for t in trials]
        self.details = {t.id: _detail(t) for t in trials}
        self.discovery = cds.discovery(trials)
        self.templates = self.discovery.services[0].prefetch

    def pick(self, ids: Optional[list[str]]) -> list[Trial]:
        if ids is None:
            return list(self.trials.values())
        unknown = [i for i in dict.fromkeys(ids) if i not in self.trials]
        if unknown:
            raise HTTPException(404, f"unknown trial id(s): {', '.join(unknown)}; "
                                     f"loaded: {', '.join(self.trials)}")
        return [self.trials[i] for i in dict.fromkeys(ids)]


# -------------------------------------------------------------------- patients
_LOG_KEY = secrets.token_bytes(16)   # per process: log references correlate within a run only


def patient_ref(patient_id: str) -> str:
    """A keyed hash of a patient id for the logs (never the id itself)."""
    return hmac.new(_LOG_KEY, patient_id.encode(), hashlib.sha256).hexdigest()[:12]


def patient_from_body(data: dict[str, Any]) -> Patient:
    """A native profile or a FHIR Bundle / Patient, told apart by ``resourceType``. Its
    errors name the field and what was expected, never the value given."""
    with values_withheld():
        if "resourceType" in data:
            from .adapters.fhir import patient_from_fhir_document
            return patient_from_fhir_document(data)
        return patient_from_dict(data)


# ---------------------------------------------------------------- request bodies
# JSON's "\ud800" escape decodes to a lone surrogate: no Unicode character, so it can be
# neither screened nor written back. Only a body holding such an escape is searched.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
SURROGATE = re.compile(r"[\ud800-\udfff]")


def lone_surrogate_at(data: Any) -> Optional[tuple[tuple, str]]:
    """(the JSON path, what is wrong) of the first text in ``data`` holding a lone
    surrogate, or None. Iterative: a body nests as deep as the JSON parser allowed."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        loc, item = stack.pop()
        if isinstance(item, str) and SURROGATE.search(item):
            return loc, "not valid Unicode text (a lone surrogate such as \\ud800)"
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str) and SURROGATE.search(key):
                    return loc, "a field name is not valid Unicode text (a lone surrogate such as \\ud800)"
                stack.append(((*loc, key), value))
        elif isinstance(item, list):
            stack.extend(((*loc, i), value) for i, value in enumerate(item))
    return None


class _CheckedRequest(Request):
    """A request whose JSON body is refused when a text in it is not valid Unicode."""

    async def json(self) -> Any:
        data = await super().json()
        if SURROGATE_ESCAPE.search(await self.body()):
            found = lone_surrogate_at(data)
            if found:
                loc, msg = ("body", *found[0]), found[1]
                shown = [str(p) for p in loc]
                raise _Unprocessable(f"{'.'.join(shown)}: {msg}",
                                     errors=[{"loc": shown, "msg": msg, "type": "string_unicode"}])
        return data


class CheckedRoute(APIRoute):
    """Every route reads its body through _CheckedRequest (FastAPI's custom request class
    recipe): a lone surrogate is a 422 naming the field, before any model or engine sees it."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            return await handler(_CheckedRequest(request.scope, request.receive))
        return checked


# ---------------------------------------------------------------------- errors
def problem(status: int, detail: str = "", headers: Optional[dict] = None, **extra: Any) -> JSONResponse:
    from http import HTTPStatus
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = ProblemDetail(title=title, status=status, detail=detail, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM,
                        headers=headers)


def _validation_problem(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem(400, "the request body is not valid JSON")
    shown = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
             for e in errors[:20]]   # never echo the input back: it may be patient data
    return problem(422, "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in shown[:5]), errors=shown)


def _http_problem(_request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem(exc.status_code, detail, headers=getattr(exc, "headers", None),
                   column=getattr(exc, "column", None), errors=getattr(exc, "errors", None))


def _open(path: str) -> bool:
    return path in OPEN_PATHS or path in PAGE_PATHS or path.startswith(PAGE_PREFIX)


class Guard:
    """Pure ASGI middleware: API key, body limit, access log (no patient data), and a
    last-resort 500 as problem+json with no stack trace in the response or the log text."""

    def __init__(self, app, api_key: Optional[str], max_body: int) -> None:
        self.app = app
        self.api_key = api_key.encode() if api_key else None
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        status = {"code": 0}

        async def send_status(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_status)
        else:
            try:
                await self.app(scope, self._limited(receive), send_status)
            except Exception as exc:  # noqa: BLE001 - the last resort: log the place, not the data
                log.error("internal error %s at %s", type(exc).__name__,
                          " <- ".join(f"{f.name}:{f.lineno}" for f in reversed(traceback.extract_tb(exc.__traceback__)))[:2000])
                if not status["code"]:
                    await problem(500, "internal error; the request was not processed")(scope, receive, send_status)
        route = scope.get("route")
        log.info("%s %s %s %.1fms%s", scope["method"], getattr(route, "path", "(no route)"), status["code"],
                 (time.perf_counter() - started) * 1000,
                 f" patient={state['patient_ref']}" if isinstance(state, dict) and state.get("patient_ref") else "")

    def _refusal(self, scope) -> Optional[JSONResponse]:
        headers = dict(scope.get("headers") or ())
        # CORS preflights never get here: CORSMiddleware, outside this guard, answers them.
        if self.api_key and not _open(scope["path"]):
            given = headers.get(API_KEY_HEADER.encode(), b"")
            if not hmac.compare_digest(given, self.api_key):
                return problem(401, "missing or wrong API key (header X-API-Key)",
                               headers={"WWW-Authenticate": "ApiKey"})
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return problem(400, "Content-Length is not a number")
            if int(length) > self.max_body:
                return problem(413, f"request body over the limit of {self.max_body} bytes")
        return None

    def _limited(self, receive):
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, f"request body over the limit of {self.max_body} bytes")
            return message
        return limited


# ------------------------------------------------------------------------ app
P = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}}
ERRORS_GET = {401: {"description": "Missing or wrong API key", **P}}
ERRORS_POST = {**ERRORS_GET, 400: {"description": "Malformed JSON", **P},
               413: {"description": "Request body too large", **P},
               422: {"description": "Invalid request (field, type, or patient data)", **P}}


def create_app(settings: Optional[ServiceSettings] = None, trials: Optional[list[Trial]] = None,
               today: Callable[[], date] = date.today) -> FastAPI:
    """The application; ``trials`` (already loaded) saves loading ``settings.rules`` again.
    ``today`` gives the screening date of a request that names none (CDS Hooks never does):
    the system date, or a fixed one where answers must not depend on the day."""
    settings = settings or ServiceSettings()
    registry = Registry(trials if trials is not None else load_rules(settings.rules))
    # FastAPI's own /docs and /redoc load their scripts from a CDN (a blank page offline);
    # fastapi-offline serves the same files from the package, under DOCS_ASSETS.
    app = FastAPIOffline(title="Clinical-trial eligibility screening", version=__version__,
                         description="Screen patients against trial eligibility criteria; CDS Hooks 2.0 "
                                     "patient-view cards. Errors are application/problem+json.",
                         static_url=DOCS_ASSETS,
                         swagger_ui_parameters={"validatorUrl": None})   # no badge from swagger.io
    app.router.route_class = CheckedRoute
    app.state.registry = registry
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _validation_problem)
    app.add_exception_handler(HTTPException, _http_problem)
    from .webpage import mount_webpage   # the coordinator page at / (engine/static/), before the API routes
    mount_webpage(app, registry, settings, today)
    from .report.served import mount_screening_log
    mount_screening_log(app, registry, today)
    _routes(app, registry, settings, today)
    app.add_middleware(Guard, api_key=settings.api_key, max_body=settings.max_body_bytes)
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-API-Key"])
    app.openapi = lambda: _openapi(app, settings)
    return app


def _routes(app: FastAPI, registry: Registry, settings: ServiceSettings,
            today: Callable[[], date]) -> None:
    @app.get("/health", response_model=Health, tags=["service"])
    async def health() -> Health:
        return Health(status="ok", version=__version__, trials=len(registry.trials))

    @app.post("/screen", response_model=list[ScreenResult], tags=["screening"],
              responses={**ERRORS_POST, 404: {"description": "Unknown trial id", **P}})
    def screen_patient(body: ScreenRequest, request: Request) -> Response:
        """Screen one patient (native profile or FHIR Bundle) against the named trials (all
        loaded when left out): the same JSON as `elig screen --json`."""
        _, results = screen_request(registry, body, request, today)
        return Response(RESULTS.dump_json(results), media_type="application/json")

    @app.post("/explain", response_model=Explanation, tags=["screening"], responses=ERRORS_POST)
    def explain(body: ExplainRequest) -> Explanation:
        """How a criterion line is read: the predicate tree, its reading in words, its canonical form."""
        try:
            with ENGINE:
                crit = compile_criterion(body.text, body.section, strict=body.strict, hints=True)
        except CriterionError as exc:
            raise _Unprocessable(exc.render(), exc.column) from None
        return Explanation(
            text=crit.text, section=crit.section, evaluable=crit.evaluable, words=in_words(crit.tree),
            canonical=canonical(crit.tree), tree=crit.tree.model_dump(mode="json", exclude_none=True),
            problems=[ExplainProblem(severity=p.severity, message=p.message, column=p.column)
                      for p in crit.problems])

    @app.get("/trials", response_model=list[TrialSummary], tags=["rules"], responses=ERRORS_GET)
    async def trials() -> list[TrialSummary]:
        """The loaded trials with coverage (machine-evaluable criteria of all)."""
        return registry.summaries

    @app.get("/trials/{trial_id}", response_model=TrialDetail, tags=["rules"],
             responses={**ERRORS_GET, 404: {"description": "Unknown trial id", **P}})
    async def trial(trial_id: str) -> TrialDetail:
        """One loaded trial: every criterion, how it is read, whether the engine can evaluate it."""
        if trial_id not in registry.details:
            raise HTTPException(404, f"unknown trial id; loaded: {', '.join(registry.trials)}")
        return registry.details[trial_id]

    @app.get("/cds-services", response_model=cds.Discovery, response_model_exclude_none=True,
             tags=["CDS Hooks"], responses=ERRORS_GET)
    async def discovery() -> cds.Discovery:
        """CDS Hooks discovery: the patient-view service and its prefetch templates."""
        return registry.discovery

    @app.post(f"/cds-services/{cds.SERVICE_ID}", response_model=cds.CardsResponse,
              response_model_exclude_none=True, tags=["CDS Hooks"],
              responses={**ERRORS_POST, 400: {"description": "Malformed JSON, or a hook other than "
                                                             "patient-view", **P},
                         412: {"description": "Prefetch missing and no allowed FHIR server to fetch it "
                                              "from", **P}})
    async def trial_eligibility(body: cds.CdsRequest, request: Request) -> cds.CardsResponse:
        """CDS Hooks patient-view: one card per trial the patient is eligible for or may be."""
        try:
            patient = await cds.patient_for(body, registry.templates, settings.fhir_servers,
                                            settings.fhir_timeout, ENGINE)
        except cds.CdsError as exc:
            raise HTTPException(exc.status, exc.detail) from None
        request.state.patient_ref = patient_ref(patient.id)
        return await run_in_threadpool(_cards, registry, patient, today())


class _Unprocessable(HTTPException):
    def __init__(self, detail: str, column: Optional[int] = None,
                 errors: Optional[list[dict[str, Any]]] = None) -> None:
        super().__init__(422, detail)
        self.column = column
        self.errors = errors


def screen_request(registry: Registry, body: ScreenRequest, request: Request,
                   today: Callable[[], date]) -> tuple[Patient, list[ScreenResult]]:
    """The patient of a screening request and its results: one way for ``POST /screen`` and
    the page's screening log, so the log says what the screen said."""
    trials = registry.pick(body.trials)
    check_cohort(trials, body.cohort)
    check_decisions(trials, body.decisions)
    with ENGINE:
        patient = declared_complete(_patient(body.patient), body.complete)
        request.state.patient_ref = patient_ref(patient.id)
        when = body.as_of or today()
        return patient, [screen(t, patient, when, body.cohort, for_trial(body.decisions, t.id)) for t in trials]


def check_cohort(trials: list[Trial], cohort: Optional[str]) -> None:
    """A ``cohort`` some trial does not declare: 422 naming the field and the declared cohorts."""
    try:
        for trial in trials:
            declared_cohort(trial.id, trial.declared_cohorts, cohort)
    except CohortError as exc:
        raise _Unprocessable(f"body.cohort: {exc}", errors=[
            {"loc": ["body", "cohort"], "msg": str(exc), "type": "value_error",
             "ctx": {"trial": exc.trial_id, "cohorts": list(exc.declared)}}]) from None


def check_decisions(trials: list[Trial], decisions: list[Decision]) -> None:
    """Each decision must settle a criterion left to a person in a trial being screened, once:
    else a 422 naming the decision's place, its trial and criterion (never a note)."""
    screened = {trial.id: trial for trial in trials}
    seen: set[tuple[str, str]] = set()
    for index, decision in enumerate(decisions):
        trial = screened.get(decision.trial)
        try:
            if trial is None:
                raise DecisionError(f"decision for trial {decision.trial}: not among the trials screened "
                                    f"({', '.join(screened)})")
            decisions_for(trial, [decision])
            if (decision.trial, decision.criterion) in seen:
                raise DecisionError(f"two decisions for trial {decision.trial}, criterion {decision.criterion}: "
                                    f"keep one")
        except DecisionError as exc:
            raise _Unprocessable(f"body.decisions.{index}: {exc}", errors=[
                {"loc": ["body", "decisions", index], "msg": str(exc), "type": "value_error"}]) from None
        seen.add((decision.trial, decision.criterion))


def _patient(data: dict[str, Any]) -> Patient:
    try:
        return patient_from_body(data)
    except EngineError as exc:
        raise HTTPException(422, f"patient: {exc}") from None


# ------------------------------------------------------------------ CDS Hooks
def _cards(registry: Registry, patient: Patient, as_of: date) -> cds.CardsResponse:
    trials = list(registry.trials.values())
    with ENGINE:
        results = [screen(t, patient, as_of) for t in trials]
        orders = next_orders(patient, trials, results)
    return cds.cards(results, registry.trials, orders)


def _openapi(app: FastAPI, settings: ServiceSettings) -> dict:
    """FastAPI's document, with every error response as problem+json and the API key
    scheme declared when one is set."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["ProblemDetail"] = ProblemDetail.model_json_schema()
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if path not in OPEN_PATHS and settings.api_key:
                operation["security"] = [{"ApiKey": []}]
            for code, response in list(responses.items()):
                if code.isdigit() and int(code) >= 400:
                    response["content"] = P["content"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    if settings.api_key:
        doc["components"]["securitySchemes"] = {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
    app.openapi_schema = doc
    return doc


# -------------------------------------------------------------------- running
class ServeError(EngineError):
    """`elig serve` cannot start: a bad rules folder, a port in use, a bad option."""


def app_from_env() -> FastAPI:
    """uvicorn factory for ``--workers N``: each worker process loads the rules itself."""
    configure_logging()
    return create_app(ServiceSettings.from_env())


def configure_logging(level: str = "info") -> None:
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(level.upper())


def bind(host: str, port: int):
    """The listening socket, bound before the rules load so a port in use fails at once
    (connections made while the rules load wait in the backlog)."""
    import socket
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)   # now: a second server on the same port fails here, not after loading
    except OSError as exc:
        sock.close()
        why = "the port is in use" if exc.errno in (98, 48) else exc.strerror
        raise ServeError(f"cannot listen on {host}:{port}: {why}") from None
    sock.set_inheritable(True)
    return sock


def run_server(settings: ServiceSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
               log_level: str = "info", say=print) -> None:
    """Bind, load the rules once, serve until interrupted. Raises ServeError (or an
    EngineError naming the rules file) before serving when it cannot start."""
    import uvicorn
    if not settings.rules.exists():
        raise ServeError(f"rules folder not found: {settings.rules}")
    if settings.samples is not None and not settings.samples.is_dir():
        raise ServeError(f"samples folder not found: {settings.samples}")
    sock = bind(host, port)
    try:
        started = time.perf_counter()
        trials = load_rules(settings.rules)
        shown_host = f"[{host}]" if ":" in host else host
        url = f"http://{shown_host}:{sock.getsockname()[1]}"
        say(f"elig serve: {len(trials)} trial(s) from {settings.rules} loaded in "
            f"{time.perf_counter() - started:.1f}s; listening on {url} (OpenAPI at {url}/docs, "
            f"CDS Hooks at {url}/cds-services){'; API key required' if settings.api_key else ''}")
        configure_logging(log_level)
        options = dict(log_level=log_level, access_log=False, server_header=False, proxy_headers=False)
        if workers > 1:
            _worker_env(settings)
            from uvicorn.supervisors import Multiprocess
            config = uvicorn.Config("engine.service:app_from_env", factory=True, workers=workers, **options)
            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(uvicorn.Config(create_app(settings, trials), **options)).run(sockets=[sock])
    except KeyboardInterrupt:   # uvicorn re-raises Ctrl-C after a graceful shutdown
        say("elig serve: stopped")
    finally:
        sock.close()


def _worker_env(settings: ServiceSettings) -> None:
    """Worker processes read their settings from the environment (never the command line)."""
    os.environ.update({"ELIG_RULES": str(settings.rules), "ELIG_MAX_BODY": str(settings.max_body_bytes),
                       "ELIG_CORS_ORIGINS": ",".join(settings.cors_origins),
                       "ELIG_FHIR_SERVERS": ",".join(settings.fhir_servers)})
    if settings.api_key:
        os.environ["ELIG_API_KEY"] = settings.api_key
    if settings.samples is not None:
        os.environ["ELIG_SAMPLES"] = str(settings.samples)
