"""The unit factor table joined in SQL, built with the Python path's own ``units.factor``.

One row per (analyte, unit concept) the registry may carry, one column per unit the
compiled trial compares that analyte in. Both back ends therefore multiply by the
identical float; a conversion the unit code refuses (different dimensions, no molar
mass) is a NULL factor, which the query reads as "cannot be compared": unknown. An
analyte with an affine unit (HbA1c in mmol/mol) has an offset column per target as well.
"""
from __future__ import annotations

from typing import Optional

from ..analytes import Analyte, catalogue
from ..readings import plausible_bounds
from ..units import UnitError, absolute
from .vocab import NO_UNIT, Vocabulary


def source_units(analyte: Analyte, vocab: Vocabulary) -> dict[int, str]:
    """Unit concept -> UCUM code a row of this analyte may have (NO_UNIT: none given)."""
    units = dict(vocab.units)
    if analyte.unit_optional:
        units[NO_UNIT] = analyte.unit
    return units


# A target unit so marked is reached up to normalisation to body surface: mL/min for
# "~mL/min/{1.73_m2}" as well. Times the body surface area, it converts a clearance
# across (readings.across_body_surface).
EITHER_SURFACE = "~"
# Targets that are no unit: the column holds the analyte's plausible bound in the row's
# unit (readings.plausible_bounds), which the row's number is compared with as written.
PLAUSIBLE_LOW, PLAUSIBLE_HIGH = "plausible low", "plausible high"


def linear(source: str, target: str, analyte: Analyte) -> tuple[Optional[float], Optional[float]]:
    """(factor, offset) of ``Analyte.conversion`` (offset 0 but for an affine unit such as
    HbA1c's mmol/mol), (None, None) when the units cannot be converted for this analyte;
    for PLAUSIBLE_LOW / PLAUSIBLE_HIGH, (that bound in ``source``, 0)."""
    if target in (PLAUSIBLE_LOW, PLAUSIBLE_HIGH):
        return plausible_bounds(analyte, source)[target == PLAUSIBLE_HIGH], 0.0
    if target.startswith(EITHER_SURFACE):
        source, target = absolute(source), absolute(target[len(EITHER_SURFACE):])
    try:
        return analyte.conversion(source, target)
    except UnitError:
        return None, None


def conversion(source: str, target: str, analyte: Analyte) -> Optional[float]:
    """``units.factor`` or None when the units cannot be converted for this analyte by a
    factor alone (an affine unit needs its offset too: ``linear``)."""
    f, offset = linear(source, target, analyte)
    return f if not offset else None


def factor_rows(targets: dict[str, list[str]], vocab: Vocabulary
                ) -> list[tuple[str, int, list[Optional[float]], list[Optional[float]]]]:
    """(analyte, unit concept key, [factor to each target], [offset to each target]) for
    the analytes in ``targets``."""
    cat = catalogue()
    rows = []
    for analyte_id, units in sorted(targets.items()):
        analyte = cat[analyte_id]
        for key, code in sorted(source_units(analyte, vocab).items()):
            pairs = [linear(code, t, analyte) for t in units]
            rows.append((analyte_id, key, [f for f, _ in pairs], [o for _, o in pairs]))
    return rows
