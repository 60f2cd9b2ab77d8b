"""A real uvicorn server on loopback for the service tests, and CDS Hooks requests
built from the Synthea bundles in patients/synthea/.

Servers run in a thread on a socket bound to 127.0.0.1 port 0 (a free port). The rules
are loaded once per test process and shared by every server configuration.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import uvicorn

from engine.service import ServiceSettings, create_app, load_rules

ROOT = Path(__file__).parent.parent
RULES = ROOT / "rules"
SYNTHEA = sorted((ROOT / "patients" / "synthea").glob("*.json"))
AS_OF = "2026-11-01"
# The date a request that names none is screened on: the samples' date, never the clock.
SCREENING_DATE = date.fromisoformat(AS_OF)


@lru_cache(maxsize=1)
def trials():
    return tuple(load_rules(RULES))


class Server:
    """uvicorn serving an ASGI app in a daemon thread on a free loopback port."""

    def __init__(self, app) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


_SERVERS: dict[tuple, Server] = {}


def server(**settings: Any) -> Server:
    """The service with these settings (one per distinct settings, kept for the session)."""
    key = tuple(sorted(settings.items()))
    if key not in _SERVERS:
        app = create_app(ServiceSettings(rules=RULES, **settings), list(trials()), today=lambda: SCREENING_DATE)
        _SERVERS[key] = Server(app)
    return _SERVERS[key]


def bundle(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def resources(data: dict, kind: Optional[str] = None) -> list[dict]:
    found = [e["resource"] for e in data.get("entry", [])]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def searchset(items: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "searchset", "total": len(items),
            "entry": [{"fullUrl": f"urn:uuid:{r.get('id')}", "resource": r, "search": {"mode": "match"}}
                      for r in items]}


def loinc_codes(template: str) -> set[str]:
    """The codes in an Observation prefetch template's ``code=`` list."""
    codes = template.split("code=", 1)[1].split("&")[0]
    return {item.split("|", 1)[1] for item in codes.split(",")}


def matches_codes(observation: dict, codes: set[str]) -> bool:
    return any(c.get("system") == "http://loinc.org" and c.get("code") in codes
               for c in (observation.get("code") or {}).get("coding", []))


def prefetch(data: dict, templates: dict[str, str]) -> dict[str, Any]:
    """What an EHR would prefetch for the discovery templates, from one patient's bundle:
    the Patient, the Observations with the listed LOINC codes, Conditions, MedicationRequests."""
    codes = loinc_codes(templates["observations"])
    return {"patient": resources(data, "Patient")[0],
            "observations": searchset([o for o in resources(data, "Observation") if matches_codes(o, codes)]),
            "conditions": searchset(resources(data, "Condition")),
            "medications": searchset(resources(data, "MedicationRequest"))}


def hook_request(data: dict, templates: dict[str, str], **extra: Any) -> dict[str, Any]:
    patient_id = resources(data, "Patient")[0]["id"]
    return {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/example", "patientId": patient_id},
            "prefetch": prefetch(data, templates), **extra}
