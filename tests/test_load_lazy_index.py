"""A profile's per-analyte index is made when first asked (``patients._LabIndex``). It
must be what an eager build gives whatever is asked first, and threads sharing a profile
must each see a whole index."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from hypothesis import given
from hypothesis import strategies as st

from engine.analytes import catalogue
from engine.patients import Measurement, Patient
from engine.units import to_ucum

from .test_bulk_load import SLOW

LAB = st.fixed_dictionaries(
    {"test": st.sampled_from(["platelets", "777-3", "ALT", "ecog", "creatinine", "zzz"]),
     "value": st.integers(0, 500) | st.floats(0, 500),
     "date": st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 5))},
    optional={"unit": st.sampled_from(["10*9/L", "U/L", "mg/dL"]),
              "reference_range": st.fixed_dictionaries({}, optional={"low": st.integers(0, 9), "high": st.floats(10, 20)}),
              "comparator": st.sampled_from(["<", ">="]), "status": st.sampled_from(["final", "preliminary"])})
OBSERVATIONS = st.dictionaries(st.sampled_from(["ecog", "weight", "nonsense"]), st.integers(0, 4), max_size=2)


def eager(patient: Patient, analyte: str) -> list[dict]:
    """The analyte's entries as the index must give them: newest first, undated last,
    same-day results in profile order, each validated as a Measurement."""
    cat, entries = catalogue(), []
    for lab in patient.labs:
        found = cat.lookup(lab.test)
        if found is None or found.id != analyte:
            continue
        rng = lab.reference_range
        entries.append((lab.date, Measurement.model_validate({
            "analyte": analyte, "value": lab.value, "unit_text": lab.unit, "date": lab.date,
            "unit": to_ucum(lab.unit) if lab.unit else found.unit if found.unit_optional else None,
            "comparator": lab.comparator, "status": lab.status,
            "low": rng.low if rng else None, "high": rng.high if rng else None})))
    for name, value in patient.observations.items():
        found = cat.lookup(name)
        if found is not None and found.id == analyte:
            entries.append((None, Measurement(analyte=analyte, value=value, unit_text=None, unit=found.unit,
                                              date=None, origin="observation")))
    dated = sorted((e for e in entries if e[0] is not None), key=lambda e: e[0], reverse=True)
    return [m.model_dump() for _, m in dated + [e for e in entries if e[0] is None]]


@SLOW
@given(st.lists(LAB, max_size=8), OBSERVATIONS, st.permutations(sorted(catalogue().by_id)[:40]))
def test_the_index_is_an_eager_build_whatever_is_asked_first(labs, observations, asked):
    patient = Patient(id="p", labs=labs, observations=observations)
    for analyte in asked:
        got = [m.model_dump() for m in patient.measurements(analyte)]
        assert got == eager(patient, analyte)
        assert patient.measurements(analyte) is patient.measurements(analyte) or got == []
    assert patient.unmapped_tests == [lab["test"] for lab in labs if lab["test"] == "zzz"] + \
        [name for name in observations if name == "nonsense"]


def test_threads_sharing_a_profile_see_the_same_index():
    labs = [{"test": "platelets", "value": float(i), "unit": "10*9/L", "date": dt.date(2026, 1, 1 + i % 28)}
            for i in range(2000)]
    patient = Patient(id="p", labs=labs)
    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(lambda _: [m.value for m in patient.measurements("platelets")], range(32)))
    assert all(values == seen[0] for values in seen) and len(seen[0]) == 2000
