"""value + unit -> value in another unit, from tests/data/units.yaml (factors exact; an
analyte's affine conversion where it has one)."""
from __future__ import annotations

import pytest

from engine.analytes import catalogue
from engine.units import UnitError, comparable, factor, to_ucum

from .conftest import case_ids, table

CASES = table("units.yaml")


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_conversion(case):
    analyte = catalogue()[case["analyte"]] if case.get("analyte") else None
    source, target = to_ucum(case["from"]), to_ucum(case["to"])
    assert source is not None and target is not None
    if "refused" in case:
        with pytest.raises(UnitError, match=case["refused"]):
            factor(source, target)
        return
    # Through the analyte: a factor, or its affine conversion (HbA1c mmol/mol <-> %).
    f, offset = analyte.conversion(source, target) if analyte else (factor(source, target), 0.0)
    got = comparable(case["value"] * f + offset)
    assert got == pytest.approx(case["expect"], rel=case.get("rel", 1e-12)), got


def test_table_is_large_enough():
    assert len(CASES) >= 40
