"""The analyte catalogue (engine/data/analytes.yaml): names and codes from
tests/data/analyte_names.yaml, and the rules every entry must keep."""
from __future__ import annotations

import pytest

from engine.analytes import Analyte, Catalogue, catalogue
from engine.errors import EngineError
from engine.units import factor, to_ucum

from .conftest import case_ids, table

NAMES = table("analyte_names.yaml")
ANALYTES = sorted(catalogue().by_id.values(), key=lambda a: a.id)


@pytest.mark.parametrize("case", NAMES, ids=case_ids(NAMES))
def test_name_or_code_finds_its_analyte(case):
    found = catalogue().lookup(case["name"])
    assert (found.id if found else None) == case["analyte"], case.get("why", "")


def _loinc_check_digit_holds(code: str) -> bool:
    """LOINC's mod-10 check digit (the Luhn scheme): a mistyped digit fails it."""
    digits = [int(d) for d in code.replace("-", "")]
    total = sum(d if i % 2 == 0 else (2 * d if d < 5 else 2 * d - 9)
                for i, d in enumerate(reversed(digits)))
    return total % 10 == 0


@pytest.mark.parametrize("analyte", ANALYTES, ids=lambda a: a.id)
def test_loinc_codes_are_well_formed(analyte):
    for code in analyte.loinc:
        assert _loinc_check_digit_holds(code), f"{analyte.id}: LOINC {code} fails its check digit"


def test_no_loinc_code_names_two_analytes():
    owners: dict[str, str] = {}
    for analyte in ANALYTES:
        for code in analyte.loinc:
            assert owners.setdefault(code, analyte.id) == analyte.id, \
                f"LOINC {code} is listed by {owners[code]} and {analyte.id}"


@pytest.mark.parametrize("analyte", ANALYTES, ids=lambda a: a.id)
def test_canonical_and_common_units_are_read_and_convert(analyte):
    """A lab result in the analyte's own unit must be readable (the unit table knows its
    code), and every unit a unitless threshold may be read in must convert to it."""
    assert to_ucum(analyte.unit) == analyte.unit
    for unit in analyte.common_units():
        factor(unit, analyte.unit, analyte.molar_mass, analyte.valence)


@pytest.mark.parametrize("analyte", ANALYTES, ids=lambda a: a.id)
def test_aliases_are_lowercase_and_ranges_are_plausible(analyte):
    assert all(alias == alias.lower() for alias in analyte.aliases)
    bounds = analyte.plausible
    ranges = [analyte.reference_range, *(analyte.sex_ranges or {}).values()]
    for limit in (v for r in ranges if r for v in (r.low, r.high) if v is not None):
        assert bounds and bounds.low <= limit <= bounds.high, f"{analyte.id}: {limit} outside {bounds}"


@pytest.mark.parametrize("analyte", [a for a in ANALYTES if a.by_unit_also], ids=lambda a: a.id)
def test_a_name_shared_by_unit_leads_to_analytes_of_other_units(analyte):
    """by_unit_also picks by the threshold's unit: each analyte it names is measured in a
    unit the named one cannot express, and no two of them share a unit."""
    def expresses(a, unit):
        try:
            factor(unit, a.unit, a.molar_mass, a.valence)
        except Exception:
            return False
        return True
    others = [catalogue()[other] for other in analyte.by_unit_also]
    assert not any(expresses(analyte, other.unit) for other in others)
    assert all(not expresses(a, b.unit) for a in others for b in others if a is not b)


def test_by_unit_also_must_name_an_analyte():
    named = Analyte(id="dipstick x", display="X", unit="{score}", category="urine", by_unit_also=("no such",))
    with pytest.raises(EngineError, match="by_unit_also names no analyte 'no such'"):
        Catalogue([named])


@pytest.mark.parametrize("analyte", [a for a in ANALYTES if a.unit_spellings], ids=lambda a: a.id)
def test_an_analyte_own_unit_spellings_express_it(analyte):
    for spelling, code in analyte.unit_spellings.items():
        # By a factor, or by the analyte's equation ("F" of a body temperature: °F)
        assert analyte.conversion(code, analyte.unit)[0], spelling

