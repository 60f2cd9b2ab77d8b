"""criterion + patient data -> status and reason, from tests/data/evaluation.yaml."""
from __future__ import annotations

from datetime import date

import pytest

from engine import Patient, compile_criterion, evaluate

from .conftest import case_ids, table

CASES = table("evaluation.yaml")
DEFAULT_AS_OF = date(2026, 11, 1)


def _patient(spec: dict) -> Patient:
    return Patient.model_validate({"id": "T-1", **spec})


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_evaluation(case):
    criterion = compile_criterion(case["criterion"], case.get("section", "inclusion"), strict=True)
    out = evaluate(criterion, _patient(case.get("patient", {})), case.get("as_of", DEFAULT_AS_OF),
                   recency_days=case.get("recency_days", 28))
    assert out.status == case["status"], out.reason
    for fragment in case.get("reason_contains", []):
        assert fragment in out.reason, f"{fragment!r} not in {out.reason!r}"
    for fragment in case.get("missing_contains", []):
        assert any(fragment in m for m in out.missing), f"{fragment!r} not in {out.missing!r}"


def test_table_is_large_enough():
    assert len(CASES) >= 60
