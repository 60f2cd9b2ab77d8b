"""CDS Hooks 2.0 for the ``patient-view`` hook: discovery, prefetch, cards.

The models are small pydantic classes written from the specification (there is no
maintained Python library). Field names are the specification's (camelCase), so the
models serialise to the wire format as they are.

One card per trial where the patient is eligible or may be: ``info`` when every
machine-checkable criterion is met (only a person's review remains), ``warning`` when
data is missing (the detail lists what to obtain, and the card suggests the lab orders
that would settle the most open trials: a ``create`` action of a LOINC-coded
ServiceRequest, engine/next_order.py). A trial the patient fails gets no card.
"""
from __future__ import annotations

import posixpath
import re
import uuid
from contextlib import nullcontext
from typing import Any, ContextManager, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from starlette.concurrency import run_in_threadpool

from .adapters.fhir import patient_from_resources
from .analytes import DERIVED_INPUTS, catalogue
from .errors import EngineError, values_withheld
from .next_order import Order
from .nodes import leaves
from .patients import Patient
from .rules import Trial
from .screen import ScreenResult

SERVICE_ID = "trial-eligibility"
HOOK = "patient-view"
SUMMARY_MAX = 139                     # the specification: "<140 characters"
DETAIL_ITEMS = 25                     # list items per section of a card's detail
SUGGESTIONS = 3                       # lab orders suggested on a card, best first
SOURCE_LABEL = "Trial eligibility screening (elig-engine)"
# Prefetch keys the service needs; a key the client could not fill (absent) must be
# fetched from the FHIR server, or the call is answered 412. ``procedures`` is used
# when given (surgery and radiotherapy washouts) but is not required.
REQUIRED_KEYS = ("patient", "observations", "conditions", "medications")
OPTIONAL_KEYS = ("procedures",)
# A FHIR logical id (R4 `id` datatype): what may be put into a query.
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
NCT_ID = re.compile(r"NCT\d{8}")


# ----------------------------------------------------------------------- models
class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class PatientViewContext(_Strict):
    userId: str = Field(min_length=1, max_length=256)
    patientId: str = Field(min_length=1, max_length=64)
    encounterId: Optional[str] = Field(default=None, max_length=256)


class FhirAuthorization(_Strict):
    access_token: str = Field(min_length=1, max_length=8192)
    token_type: str = Field(max_length=32)
    expires_in: int
    scope: str = Field(max_length=4096)
    subject: str = Field(max_length=256)


EXAMPLE_CALL = {
    "hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "context": {"userId": "Practitioner/example", "patientId": "example"},
    "prefetch": {
        "patient": {"resourceType": "Patient", "id": "example", "gender": "female", "birthDate": "1961-05-02"},
        "observations": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
            "resourceType": "Observation", "id": "plt", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
            "subject": {"reference": "Patient/example"}, "effectiveDateTime": "2026-10-28",
            "valueQuantity": {"value": 150, "unit": "10*3/uL", "system": "http://unitsofmeasure.org",
                              "code": "10*3/uL"}}}]},
        "conditions": None, "medications": None}}


class CdsRequest(_Strict):
    """A hook call. Extra members (``extension`` ...) are ignored, as the spec allows."""
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_CALL]})
    hook: str = Field(max_length=128)
    hookInstance: str = Field(min_length=1, max_length=128)
    context: PatientViewContext
    fhirServer: Optional[str] = Field(default=None, max_length=2048)
    fhirAuthorization: Optional[FhirAuthorization] = None
    prefetch: Optional[dict[str, Optional[dict[str, Any]]]] = None


class Source(BaseModel):
    label: str
    url: Optional[str] = None
    topic: Optional[dict[str, str]] = None


class Link(BaseModel):
    label: str
    url: str
    type: Literal["absolute", "smart"] = "absolute"


class Action(BaseModel):
    type: Literal["create", "update", "delete"]
    description: str
    resource: Optional[dict[str, Any]] = None


class Suggestion(BaseModel):
    label: str
    uuid: str
    actions: list[Action] = []


class Card(BaseModel):
    uuid: str
    summary: str = Field(max_length=SUMMARY_MAX)
    indicator: Literal["info", "warning", "critical"]
    source: Source
    detail: Optional[str] = None
    suggestions: list[Suggestion] = []
    # The specification requires it when there are suggestions: each order is independent.
    selectionBehavior: Optional[Literal["at-most-one", "any"]] = None
    links: list[Link] = []


class CardsResponse(BaseModel):
    cards: list[Card]


class ServiceDescription(BaseModel):
    hook: str
    id: str
    title: str
    description: str
    prefetch: dict[str, str]
    usageRequirements: Optional[str] = None


class Discovery(BaseModel):
    services: list[ServiceDescription]


# ------------------------------------------------------------------ discovery
def needed_loinc(trials: Iterable[Trial]) -> list[str]:
    """LOINC codes of every analyte the trials' criteria name (and the inputs of the
    derived ones), from the analyte catalogue; age comes from Patient.birthDate."""
    cat = catalogue()
    wanted: list[str] = []
    for trial in trials:
        for criterion in trial.criteria:
            for leaf in leaves(criterion.tree):
                analyte = getattr(leaf, "analyte", "")
                if analyte in cat.by_id:
                    wanted += [analyte, *DERIVED_INPUTS.get(analyte, ())]
    codes: list[str] = []
    for analyte in dict.fromkeys(wanted):
        if analyte == "age":
            continue
        codes += cat[analyte].loinc
    return list(dict.fromkeys(codes))


def prefetch_templates(trials: Iterable[Trial]) -> dict[str, str]:
    codes = ",".join(f"http://loinc.org|{code}" for code in needed_loinc(trials))
    patient = "{{context.patientId}}"
    return {"patient": f"Patient/{patient}",
            "observations": f"Observation?patient={patient}&code={codes}",
            "conditions": f"Condition?patient={patient}",
            "medications": f"MedicationRequest?patient={patient}",
            "procedures": f"Procedure?patient={patient}"}


def discovery(trials: list[Trial]) -> Discovery:
    names = ", ".join(t.id for t in trials)
    return Discovery(services=[ServiceDescription(
        hook=HOOK, id=SERVICE_ID, title="Clinical-trial eligibility",
        description=("Screens the patient against the loaded trials' eligibility criteria "
                     f"({names}) and shows a card for each trial the patient is eligible for "
                     "or may be, with what to obtain."),
        prefetch=prefetch_templates(trials),
        usageRequirements="Prefetch keys patient, observations, conditions and medications are required "
                          "(or a FHIR server the service is allowed to query); procedures is optional.")])


def missing_keys(request: CdsRequest) -> list[str]:
    """Required prefetch keys the client did not fill (absent; null means 'no data')."""
    given = request.prefetch or {}
    return [key for key in REQUIRED_KEYS if key not in given]


def query_for(template: str, patient_id: str) -> str:
    if not FHIR_ID.fullmatch(patient_id):
        raise ValueError("context.patientId is not a FHIR id")
    return template.replace("{{context.patientId}}", patient_id)


# ------------------------------------------------------------------- patient
class CdsError(EngineError):
    """A call the service cannot answer: the HTTP status and what to tell the client."""

    def __init__(self, status: int, detail: str) -> None:
        self.status = status
        self.detail = detail
        super().__init__(detail)


async def patient_for(request: CdsRequest, templates: dict[str, str], fhir_servers: Iterable[str] = (),
                      timeout: float = 10.0, lock: ContextManager = nullcontext()) -> Patient:
    """The patient from the prefetch; absent required keys are fetched from the client's
    FHIR server when it is one this service may query, else 412 as the spec says. The
    FHIR parse runs in the thread pool, under ``lock``."""
    if request.hook != HOOK:
        raise CdsError(400, f"this service answers the {HOOK} hook, not {request.hook!r}")
    if not FHIR_ID.fullmatch(request.context.patientId):
        raise CdsError(422, "context.patientId is not a FHIR id")
    prefetch = dict(request.prefetch or {})
    missing = missing_keys(request)
    if missing:
        prefetch.update(await fetch(request, missing, templates, fhir_servers, timeout))
    person = prefetch.get("patient")
    if person is None:
        raise CdsError(412, "prefetch 'patient' is empty: no Patient resource to screen")
    if person.get("resourceType") != "Patient" or person.get("id") != request.context.patientId:
        raise CdsError(422, "prefetch 'patient' is not the Patient named by context.patientId")
    resources = [prefetch[k] for k in (*REQUIRED_KEYS, *OPTIONAL_KEYS) if prefetch.get(k) is not None]
    try:
        return await run_in_threadpool(_parse, resources, lock)
    except EngineError as exc:
        raise CdsError(422, str(exc)) from None


def _parse(resources: list[dict], lock: ContextManager) -> Patient:
    with lock, values_withheld():    # the answer names the field, never the value given
        return patient_from_resources(resources, "prefetch")


async def fetch(request: CdsRequest, missing: list[str], templates: dict[str, str],
                fhir_servers: Iterable[str], timeout: float) -> dict[str, Optional[dict]]:
    base = (request.fhirServer or "").rstrip("/")
    if not base or base not in {s.rstrip("/") for s in fhir_servers}:
        why = "no fhirServer given" if not base else "fhirServer is not one this service may query"
        raise CdsError(412, f"prefetch missing ({', '.join(missing)}) and {why}")
    import httpx
    headers = {"Accept": "application/fhir+json"}
    if request.fhirAuthorization:
        headers["Authorization"] = f"Bearer {request.fhirAuthorization.access_token}"
    fetched: dict[str, Optional[dict]] = {}
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        for key in missing:
            url = f"{base}/{query_for(templates[key], request.context.patientId)}"
            fetched[key] = await _fhir_get(client, url, base, headers, key)
    return fetched


async def _fhir_get(client, url: str, base: str, headers: dict, key: str, pages: int = 20) -> Optional[dict]:
    """One read, or one search with its next pages (on the same server only)."""
    import httpx
    entries: list = []
    first: Optional[dict] = None
    for _ in range(pages):
        try:
            reply = await client.get(url, headers=headers)
            data = reply.json() if reply.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            data = None
        if not isinstance(data, dict):
            raise CdsError(412, f"could not fetch prefetch '{key}' from the FHIR server")
        if data.get("resourceType") != "Bundle":
            return data
        first = first or data
        entries += data.get("entry") or []
        following = [link.get("url", "") for link in data.get("link") or []
                     if isinstance(link, dict) and link.get("relation") == "next"]
        if not following:
            break
        if not within(following[0], base):     # never send the token elsewhere; never screen part
            raise CdsError(412, f"could not fetch prefetch '{key}': a next page link leaves the FHIR server")
        url = following[0]
    return {**first, "entry": entries}


def within(link: object, base: str) -> bool:
    """Whether a link stays under the FHIR server's base URL however a server reads it:
    percent-escapes decoded (``%2e%2e``, ``..%2f``) and then dot segments resolved, so
    ``<base>/../admin`` in any spelling is outside. A path still holding ``%`` (a double
    escape) or a backslash is outside too."""
    import httpx
    try:
        url, root = httpx.URL(str(link)), httpx.URL(base + "/")
    except httpx.InvalidURL:
        return False
    path = posixpath.normpath(url.path)       # httpx.URL.path is the decoded path
    return ((url.scheme, url.host, url.port) == (root.scheme, root.host, root.port)
            and not any(c in path for c in "%\\") and (path + "/").startswith(root.path))


# ---------------------------------------------------------------------- cards
def cards(results: list[ScreenResult], trials: dict[str, Trial], orders: Iterable[Order] = ()) -> CardsResponse:
    """A card per trial the patient may be eligible for; ``orders`` (``next_orders``, best
    first) are suggested on the cards of the trials they would settle criteria of."""
    orders = tuple(orders)
    return CardsResponse(cards=[c for c in (card(r, trials[r.trial_id], orders) for r in results) if c])


def card(result: ScreenResult, trial: Trial, orders: Iterable[Order] = ()) -> Optional[Card]:
    """The card for one trial, or None when the patient fails a criterion. Its summary is
    the result's headline, the words the CLI and the page show."""
    if result.verdict == "not eligible":
        return None
    indicator = "warning" if result.verdict == "needs data" else "info"
    helping = [o for o in orders if trial.id in o.advances_trials][:SUGGESTIONS]
    suggestions = [suggestion(o, result.patient_id) for o in helping]
    return Card(uuid=str(uuid.uuid4()), summary=_clip(result.headline), indicator=indicator,
                source=Source(label=SOURCE_LABEL), detail=detail(result, trial), suggestions=suggestions,
                selectionBehavior="any" if suggestions else None, links=_links(trial))


def suggestion(order: Order, patient_id: str) -> Suggestion:
    """Order one lab: a draft, proposed ServiceRequest coded with the order's LOINC code."""
    settles = ", ".join(order.settles_criteria[:DETAIL_ITEMS])
    return Suggestion(label=order.label, uuid=str(uuid.uuid4()), actions=[Action(
        type="create", description=f"{order.label} (decides {settles} whatever the result)",
        resource=service_request(order, patient_id))])


def service_request(order: Order, patient_id: str) -> dict[str, Any]:
    """The FHIR R4 ServiceRequest of an order, checked by the fhir.resources R4B model
    (ServiceRequest is the same in R4 and R4B)."""
    from fhir.resources.R4B.servicerequest import ServiceRequest
    resource = {
        "resourceType": "ServiceRequest", "status": "draft", "intent": "proposal",
        "category": [{"coding": [{"system": "http://snomed.info/sct", "code": "108252007",
                                  "display": "Laboratory procedure"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": order.loinc, "display": order.name}],
                 "text": order.name},
        "subject": {"reference": f"Patient/{patient_id}"},
        "reasonCode": [{"text": f"Clinical-trial eligibility screening: {order.label}"}]}
    return ServiceRequest.model_validate(resource).model_dump(mode="json", exclude_none=True)


def _clip(text: str) -> str:
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1].rstrip() + "…"


def detail(result: ScreenResult, trial: Trial) -> str:
    """Markdown: the trial, the counts, what to obtain, the unknown criteria, what needs a person."""
    evaluable, total = result.coverage
    met = sum(1 for o in result.outcomes if o.evaluable and o.status == "pass")
    lines = [f"**{_md(trial.id)}**: {_md(trial.title)}" if trial.title else f"**{_md(trial.id)}**", "",
             f"Screened {result.as_of.isoformat()}: {met} of {evaluable} machine-checkable criteria met, "
             f"{len(result.unknown)} unknown, none failed; {len(result.manual)} of {total} criteria "
             "need a person to review."]
    if result.to_resolve:
        lines += ["", "**To obtain:**"] + _items(_md(item) for item in result.to_resolve)
    unknown = [o for o in result.outcomes if o.evaluable and o.status == "unknown"]
    if unknown:
        lines += ["", "**Unknown (data missing):**"] + _items(
            f"{_md(o.criterion_id)}: {_md(o.text)} ({_md(o.reason)})" for o in unknown)
    if result.manual:
        lines += ["", f"**Needs manual review:** {_md(', '.join(result.manual))}"]
    return "\n".join(lines)


def _items(texts: Iterable[str]) -> list[str]:
    texts = list(texts)
    shown = [f"- {t}" for t in texts[:DETAIL_ITEMS]]
    if len(texts) > DETAIL_ITEMS:
        shown.append(f"- … and {len(texts) - DETAIL_ITEMS} more")
    return shown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text shown literally in markdown (criteria text has * and [ ], reasons have <)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _links(trial: Trial) -> list[Link]:
    if trial.source.startswith(("https://", "http://")):
        url = trial.source
    elif NCT_ID.fullmatch(trial.id):
        url = f"https://clinicaltrials.gov/study/{trial.id}"
    else:
        return []
    return [Link(label=f"{trial.id} on ClinicalTrials.gov" if "clinicaltrials.gov" in url
                 else f"{trial.id}: the trial record", url=url)]
