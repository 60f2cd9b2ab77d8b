"""``POST /ui/screening-log``: the page's "Print screening log" asks the service for the
log of the patient it screened, the same document as ``elig screen --format html``.

A page helper (under /ui/, out of the OpenAPI document): the body is the ``POST /screen``
request, screened again here so the log is the engine's answer, not the page's copy.
The stylesheet is linked (``/ui/static/screening-log.css``), not written in: the page's
Content-Security-Policy refuses inline styles, and the page prints the log in a frame.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from ..service import Registry, ScreenRequest, screen_request
from ..webpage import CSP
from .screening_log import SERVED_STYLESHEET, PatientIdentity, screening_log_html


def mount_screening_log(app: FastAPI, registry: Registry, today: Callable[[], date]) -> None:
    @app.post("/ui/screening-log", include_in_schema=False)
    def screening_log(body: ScreenRequest, request: Request) -> HTMLResponse:
        patient, results = screen_request(registry, body, request, today)
        html = screening_log_html(PatientIdentity.of(patient), results, registry.trials,
                                  stylesheet_href=SERVED_STYLESHEET)
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})
