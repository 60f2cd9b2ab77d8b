"""Default limits of normal as spans (engine/data/limit_spans.yaml).

A result without a reference range of its own is judged at both ends of the span of limits
laboratories report: the answer stands only if it is the answer at every limit in the span.
The property tests check that claim against the evaluator itself, by giving the same result
each limit inside the span as the lab's own range.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Patient, compile_criterion, evaluate
from engine.analytes import catalogue, limit_spans

AS_OF = date(2026, 11, 1)
SPANNED = sorted(limit_spans())


def _lab(analyte_id: str, value: float, high=None, low=None) -> dict:
    analyte = catalogue().by_id[analyte_id]
    lab = {"test": analyte_id, "value": value, "unit": analyte.unit, "date": "2026-10-28"}
    if high is not None or low is not None:
        lab["reference_range"] = {k: v for k, v in (("low", low), ("high", high)) if v is not None}
    return lab


def _status(text: str, sex: str, lab: dict) -> str:
    patient = Patient.model_validate({"id": "S-1", "sex": sex, "labs": [lab]})
    return evaluate(compile_criterion(text, "inclusion", strict=True), patient, AS_OF).status


def test_every_span_is_sourced_in_its_analytes_canonical_unit():
    spans = limit_spans()
    assert len(spans) >= 20
    for analyte_id, span in spans.items():
        assert span.unit == catalogue().by_id[analyte_id].unit
        assert span.uln or span.lln, analyte_id
        assert all(source.url.startswith("http") and source.figures for source in span.sources), analyte_id
        for side in ("ULN", "LLN"):
            for low, high in (span.of(side) or {}).values():
                assert 0 <= low <= high, (analyte_id, side)


def _uln_cases():
    return [(a, sex) for a in SPANNED if limit_spans()[a].uln
            for sex in ("female", "male") if catalogue().by_id[a].default_limits("ULN", sex)]


@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from(_uln_cases()), multiple=st.sampled_from([1, 1.5, 2.5, 3, 5]),
       op=st.sampled_from(["≤", "<"]), fraction=st.floats(0, 1), position=st.floats(0.2, 8))
def test_a_default_uln_answer_holds_for_every_lab_in_the_span(case, multiple, op, fraction, position):
    analyte_id, sex = case
    analyte = catalogue().by_id[analyte_id]
    low, high = analyte.default_limits("ULN", sex).span
    value = round(position * multiple * low, 3)
    text = f"{analyte_id} {op} {multiple} x ULN"
    default = _status(text, sex, _lab(analyte_id, value))
    at_lab = _status(text, sex, _lab(analyte_id, value, high=round(low + fraction * (high - low), 4)))
    assert default in ("unknown", at_lab), (value, default, at_lab)


@pytest.mark.parametrize("analyte_id", [a for a in SPANNED if limit_spans()[a].uln])
def test_between_the_ends_is_unknown_and_asks_for_the_labs_range(analyte_id):
    """Just above the lowest ULN of women (or everyone) and below the highest: unknown."""
    analyte = catalogue().by_id[analyte_id]
    low, high = analyte.default_limits("ULN", "female").span
    patient = Patient.model_validate({"id": "S-2", "sex": "female", "labs": [_lab(analyte_id, (low + high) / 2)]})
    out = evaluate(compile_criterion(f"{analyte_id} ≤ ULN", "inclusion", strict=True), patient, AS_OF)
    assert out.status == "unknown"
    assert any("the reporting lab's reference range" in need for need in out.missing)


@pytest.mark.parametrize("analyte_id", [a for a in SPANNED if limit_spans()[a].lln])
def test_below_the_lowest_lln_fails_and_above_the_highest_passes(analyte_id):
    analyte = catalogue().by_id[analyte_id]
    low, high = analyte.default_limits("LLN", "male").span
    text = f"{analyte_id} ≥ LLN"
    assert _status(text, "male", _lab(analyte_id, low * 0.9)) == "fail"
    assert _status(text, "male", _lab(analyte_id, high * 1.1)) == "pass"


def test_an_analyte_without_a_span_keeps_one_limit_and_says_so():
    assert "qtc" not in limit_spans()
    patient = Patient.model_validate({"id": "S-3", "sex": "female", "labs": [_lab("qtc", 440)]})
    out = evaluate(compile_criterion("QTc ≤ ULN", "inclusion", strict=True), patient, AS_OF)
    assert out.status == "pass"
    assert "one conventional limit, no sourced span on file" in out.reason


def test_the_labs_own_range_wins_over_the_span():
    """AST 100 U/L, 2.5 x ULN: unknown across the span 30-50, decided by the lab's 45."""
    text = "AST ≤ 2.5 x ULN"
    assert _status(text, "female", _lab("ast", 100)) == "unknown"
    assert _status(text, "female", _lab("ast", 100, high=45)) == "pass"
    assert _status(text, "female", _lab("ast", 100, high=35)) == "fail"
