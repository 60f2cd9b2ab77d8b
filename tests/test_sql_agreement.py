"""Same answers everywhere: random trees x random registry patients, Python vs SQL on DuckDB.

Hypothesis builds predicate trees from every node kind and OMOP rows that probe the
edges: missing, stale, undated and future results; units the engine cannot convert or
does not know; no reference range, or only half of one; values exactly on a threshold
after unit conversion (and exactly on k x ULN); censored values; the inputs of derived
values (Cockcroft-Gault, CKD-EPI eGFR, ANC from WBC x neutrophils %, corrected calcium),
often from one draw and often without the measured value; impossible values (negative,
1e12, just beyond and exactly on the analyte's plausible bounds); clearances per 1.73 m²
against absolute thresholds and the reverse, with and without height and weight;
criteria naming another GFR formula; ECOG/Karnofsky mapping; conditions, treatments and
procedures around their windows, undated, and states around the span a record of them
stays current and the records that end them; record lists declared complete or not.
The registry rows go to DuckDB (the compiled query) and through the OMOP loader to the
Python evaluator; every patient x criterion status must be the same.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analytes import catalogue
from engine.concepts import concepts
from engine.criteria import Criterion
from engine.nodes import (AllOf, AnyOf, Between, Compare, Conditional, Manual, Normal, Not, OneOf,
                          NODE_KINDS)
from engine.patients import COMPLETE_LISTS, declared_complete
from engine.rules import Trial
from engine.sql.loader import load_patients
from engine.sql import synthetic_vocab
from engine.sql.codes import resolve
from engine.sql.registry import create_duckdb
from engine.sql.vocab import unit_concept, vocabulary
from engine.units import UnitError, absolute

from .sql_support import (disagreements, postgres_statuses, python_statuses, python_verdicts, sql_statuses,
                          sql_verdicts)

AS_OF = date(2026, 11, 1)
CAT = catalogue()
VOCAB = vocabulary()
NAMED_BY_CONCEPT = set(VOCAB.concepts.values())
# Analytes the OMOP vocabulary can name, with the units rows and thresholds may use.
LABS = ["platelets", "hemoglobin", "absolute neutrophil count", "creatinine", "total bilirubin", "ast",
        "albumin", "fasting glucose", "total cholesterol", "hba1c"]
UNITS = sorted(set(VOCAB.units.values()))
SCORES = ["ecog", "karnofsky"]
OPS = [">=", ">", "<=", "<", "=="]
# The kinds of diabetes with their broader concept: a record of a sibling or of diabetes alone.
CONDITIONS = ["liver metastases", "brain metastases", "pregnancy", "diabetes mellitus", "type 1 diabetes mellitus",
              "type 2 diabetes mellitus", "heart failure", "active infection", "stroke", "malignancy"]
TREATMENTS = ["chemotherapy", "radiotherapy", "major surgery", "systemic anticancer therapy", "minor surgery",
              "immunotherapy"]
# Condition names that end a pregnancy (and one that does not).
ENDERS = ["Miscarriage", "delivery", "threatened miscarriage"]
# A record's concept id: none (0, NULL), a standard concept of the synthetic vocabulary (a
# condition, a drug product, a procedure: any may land on any record), or one it lacks.
CONCEPT_IDS = [0, 0, 0, None] + sorted({synthetic_vocab.standard_id(t.key) for t in synthetic_vocab.TERMS}) + [123]


def _resolution():
    """The synthetic vocabulary's resolution of the coded concepts (engine.sql.codes)."""
    import duckdb
    con = duckdb.connect()
    synthetic_vocab.write(con)
    return resolve(con)


RESOLVED = _resolution()


def _units_for(analyte: str) -> list[str]:
    """The units a result may be in: a clearance per 1.73 m² of body surface or absolute
    (they convert through the body surface area); HbA1c in mmol/mol (by an equation)."""
    a = CAT[analyte]
    found = []
    for unit in UNITS:
        try:
            a.conversion(absolute(unit), absolute(a.unit))
            found.append(unit)
        except UnitError:
            pass
    return found


# Derived values and what they are computed from; inputs of one draw share a date.
# A clearance's own result, per 1.73 m² or absolute, converts through height and weight.
DERIVED_INPUTS = {"creatinine clearance": ["creatinine", "weight", "height"], "bmi": ["weight", "height"],
                  "egfr": ["creatinine", "weight", "height"],
                  "absolute neutrophil count": ["white blood cell count", "neutrophil percentage",
                                                "segmented neutrophil percentage", "band neutrophil percentage"],
                  "corrected calcium": ["calcium", "albumin"]}
SAME_DRAW = set(DERIVED_INPUTS["absolute neutrophil count"] + DERIVED_INPUTS["corrected calcium"])
CONVERTIBLE = {a: _units_for(a) for a in LABS + ["weight", "height", "egfr", "corrected calcium"] + sorted(SAME_DRAW)}
THRESHOLDS = {"platelets": [75, 100, 150.5], "hemoglobin": [8.5, 9, 10.25], "absolute neutrophil count": [1.5, 1, 0.75],
              "creatinine": [1.5, 2, 1.25], "total bilirubin": [1.5, 2, 0.3], "ast": [100, 120, 40],
              "albumin": [3.4, 3, 2.5], "fasting glucose": [120, 126, 7], "total cholesterol": [350, 300, 9],
              "white blood cell count": [3, 5, 1.5], "neutrophil percentage": [30, 50, 75],
              "segmented neutrophil percentage": [25, 45], "band neutrophil percentage": [5, 10],
              "calcium": [8.5, 9, 10.5], "corrected calcium": [8.5, 10.5, 12], "egfr": [60, 30, 90],
              "hba1c": [6.5, 7, 53]}
# (threshold, unit) of criteria on derived lab values.
DERIVED_THRESHOLDS = {"egfr": [(60.0, "mL/min/{1.73_m2}"), (30.0, "mL/min/{1.73_m2}"), (90.0, "mL/min")],
                      "absolute neutrophil count": [(1.5, "10*9/L"), (1000.0, "/uL"), (0.5, "10*3/uL")],
                      "corrected calcium": [(12.0, "mg/dL"), (10.5, "mg/dL"), (2.5, "mmol/L")]}
WINDOW = st.one_of(st.none(), st.sampled_from([0, 7, 14, 28, 60]))


def _window(draw) -> dict:
    return {"within_days": draw(WINDOW)} if "within_days" in Compare.model_fields else {}


# ------------------------------------------------------------------ trees
@st.composite
def compare_leaf(draw):
    analyte = draw(st.sampled_from(LABS))
    if draw(st.booleans()):
        side = draw(st.sampled_from(["ULN", "LLN"]))
        op = draw(st.sampled_from(["<=", "<", ">=", ">"]))
        return Compare(analyte=analyte, name=analyte, op=op, value=draw(st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 5.0])),
                       relative_to=side, **_window(draw))
    unit = draw(st.sampled_from(CONVERTIBLE[analyte]))
    value = draw(st.sampled_from(THRESHOLDS[analyte]))
    return Compare(analyte=analyte, name=analyte, op=draw(st.sampled_from(OPS)), value=value, unit=unit,
                   **_window(draw))


DERIVED_CHOICES = ("crcl", "age", "age_months", "age_hours", "ecog", "karnofsky", "ecog_between", "bmi", *DERIVED_THRESHOLDS)


@st.composite
def derived_leaf(draw, choices=DERIVED_CHOICES):
    choice = draw(st.sampled_from(choices))
    op = draw(st.sampled_from(OPS))
    if choice in DERIVED_THRESHOLDS:
        value, unit = draw(st.sampled_from(DERIVED_THRESHOLDS[choice]))
        return Compare(analyte=choice, name=choice, op=op, value=value, unit=unit, **_window(draw))
    if choice == "crcl":
        return Compare(analyte="creatinine clearance", name="CrCl", op=op,
                       value=draw(st.sampled_from([60.0, 50.0, 30.0])), unit="mL/min", **_window(draw))
    if choice == "age":
        return Compare(analyte="age", name="age", op=op, value=draw(st.sampled_from([18.0, 65.0, 75.0])), unit="a")
    if choice == "age_months":
        return Compare(analyte="age", name="age", op=op, value=draw(st.sampled_from([216.0, 780.0])), unit="mo")
    if choice == "age_hours":
        return Compare(analyte="age", name="age", op=op, value=draw(st.sampled_from([12.0, 36.0, 72.0])), unit="h")
    if choice == "bmi":
        return Compare(analyte="bmi", name="BMI", op=op, value=draw(st.sampled_from([18.5, 30.0])), unit="kg/m2")
    if choice == "ecog_between":
        return Between(analyte="ecog", name="ECOG", low=0, high=draw(st.sampled_from([1.0, 2.0])), **_window(draw))
    analyte = choice
    values = (0.0, 1.0, 2.0) if analyte == "ecog" else (70.0, 80.0, 90.0, 100.0)
    if draw(st.booleans()):
        picked = tuple(sorted(set(draw(st.lists(st.sampled_from(values), min_size=1, max_size=3)))))
        return OneOf(analyte=analyte, name=analyte, values=picked, **_window(draw))
    return Compare(analyte=analyte, name=analyte, op=op, value=draw(st.sampled_from(values)), **_window(draw))


@st.composite
def other_leaf(draw):
    kind = draw(st.sampled_from(["between", "normal", "manual"] + [k for k in ("sex", "has", "since")
                                                                   if k in NODE_KINDS]))
    if kind == "between":
        analyte = draw(st.sampled_from(LABS))
        low, high = sorted(draw(st.lists(st.sampled_from(THRESHOLDS[analyte]), min_size=2, max_size=2)))
        return Between(analyte=analyte, name=analyte, low=low, high=high,
                       unit=draw(st.sampled_from(CONVERTIBLE[analyte])), **_window(draw))
    if kind == "normal":
        return Normal(analyte=draw(st.sampled_from(LABS)), name="x", **_window(draw))
    if kind == "manual":
        return Manual(reason="needs manual review")
    from engine import nodes
    if kind == "sex":
        return nodes.Sex(allowed=tuple(draw(st.sampled_from([("female",), ("male",), ("female", "male")]))))
    if kind == "has":
        concept = draw(st.sampled_from(CONDITIONS + TREATMENTS))
        timing = draw(st.sampled_from(["current", "ever", "window"]))
        return nodes.Has(concept=concept, text=concept, timing=timing,
                         within_days=draw(st.sampled_from([None, 14, 28])) if timing == "window" else None)
    concept = draw(st.sampled_from(TREATMENTS))
    exceptions = ()
    if concept in ("chemotherapy", "systemic anticancer therapy") and draw(st.booleans()):
        exceptions = (nodes.Washout(text="nitrosoureas", concept="nitrosoureas", days=42),)
    return nodes.Since(concept=concept, text=concept, op=draw(st.sampled_from([">=", ">", "<=", "<"])),
                       days=draw(st.sampled_from([14, 21, 28])), exceptions=exceptions)


LEAF = st.one_of(compare_leaf(), derived_leaf(), other_leaf())
DERIVED_LAB_LEAF = derived_leaf(("crcl", "bmi", *DERIVED_THRESHOLDS))


def trees(depth: int = 2, leaf=LEAF):
    if depth == 0:
        return leaf
    sub = trees(depth - 1, leaf)
    return st.one_of(
        leaf,
        st.lists(sub, min_size=2, max_size=3).map(lambda c: AllOf(children=tuple(c))),
        st.lists(sub, min_size=2, max_size=3).map(lambda c: AnyOf(children=tuple(c))),
        sub.map(lambda c: Not(child=c)),
        st.tuples(st.sampled_from(CONDITIONS + ["chemotherapy", ""]), sub, sub).map(
            lambda t: Conditional(condition=t[0], condition_text=t[0] or "unreadable", when_true=t[1],
                                  when_false=t[2])))


@st.composite
def trials(draw, tree=trees()):
    criteria = []
    for i in range(draw(st.integers(1, 4))):
        extra = {}
        if "applies_if" in Criterion.model_fields and draw(st.integers(0, 5)) == 0:
            extra["applies_if"] = draw(st.sampled_from(CONDITIONS))
        text = draw(st.sampled_from(["generated", "generated", "eGFR (MDRD)"]))  # MDRD: no CKD-EPI
        criteria.append(Criterion(id=f"c{i}", section=draw(st.sampled_from(["inclusion", "exclusion"])),
                                  text=text, tree=draw(tree), **extra))
    return Trial(id="T-PROP", criteria=tuple(criteria), recency_days=draw(st.sampled_from([7, 28, 30])))


# --------------------------------------------------------------- patients
# Days before AS_OF of a history record: DAY, and the edges of the states' spans
# (concepts.yaml current.lasts_days: 183, 300, 1095), and those spans plus a window (14, 28).
HISTORY_DAY = st.one_of(st.none(), st.sampled_from([-3, 0, 7, 14, 15, 28, 29, 182, 183, 184, 197, 198, 299, 300,
                                                     301, 314, 315, 328, 329, 1094, 1095, 1096, 3167]))
DAY = st.one_of(st.none(), st.sampled_from([-3, -1, 0, 1, 6, 7, 8, 13, 14, 15, 27, 28, 29, 30, 31, 59, 60, 61, 200]))
RECENT = st.sampled_from([0, 1, 2, 5, 6, 7, 8, 13, 14, 28])
OPERATORS = [None, None, None, 4172703, 4171756, 4171754, 4172704, 4171755, 123]


def _boundary(draw, analyte: str, unit: str) -> float:
    """A threshold of the analyte, in another unit, exactly (as float arithmetic gives it)."""
    a = CAT[analyte]
    threshold_unit = draw(st.sampled_from(CONVERTIBLE.get(analyte) or [a.unit]))
    value = draw(st.sampled_from(THRESHOLDS.get(analyte, [1.0])))
    try:
        return a.converted(value, threshold_unit, unit)
    except UnitError:
        return value


def _plausible_edge(draw, analyte: str, unit: str) -> float:
    """One of the analyte's plausible bounds in another unit, exactly or just beyond."""
    a = CAT[analyte]
    bounds = [b for b in (a.plausible.low, a.plausible.high) if b is not None] if a.plausible else []
    try:
        f, offset = a.conversion(absolute(a.unit), absolute(unit))
    except UnitError:
        f, offset = 1.0, 0.0
    return (draw(st.sampled_from(bounds or [1.0])) * f + offset) * draw(st.sampled_from([1.0, 1.0, 0.999, 1.001]))


@st.composite
def lab_row(draw, analyte: str, draw_day=None):
    """One result; ``draw_day``: the day of the patient's blood draw, which it mostly shares."""
    a = CAT[analyte]
    unit = draw(st.sampled_from((CONVERTIBLE.get(analyte) or [a.unit]) + ["mg/dL", "%", None, "unmapped"]
                                + (["[lb_av]"] if analyte == "weight" else [])))
    unit_id = {None: draw(st.sampled_from([None, 0])), "unmapped": 999_999}.get(unit) or unit_concept(unit)
    kind = draw(st.sampled_from(["boundary", "boundary", "random", "zero", "impossible", "plausible_edge"]))
    if kind == "boundary" and unit not in (None, "unmapped"):
        value = _boundary(draw, analyte, unit)
    elif kind == "plausible_edge" and unit not in (None, "unmapped"):
        value = _plausible_edge(draw, analyte, unit)
    elif kind == "impossible":
        value = draw(st.sampled_from([-3.0, -0.01, 1e12]))
    elif kind == "zero":
        value = 0.0
    else:
        value = float(draw(st.decimals(min_value="0.01", max_value="500", places=2)))
    op = draw(st.sampled_from(OPERATORS))
    if analyte in ("weight", "height") and draw(st.booleans()):  # mostly kg / cm, sometimes lb or worse
        unit_id = unit_concept("kg" if analyte == "weight" else "cm")
    low = high = None
    ranges = draw(st.sampled_from(["none", "both", "high", "low", "at_value"]))
    if ranges in ("both", "high"):
        high = float(draw(st.sampled_from([40, 1.2, 400, 45.5, 5])))
    if ranges in ("both", "low"):
        low = float(draw(st.sampled_from([0.2, 10, 150, 3.5])))
    if ranges == "at_value":  # value exactly k x ULN
        high = value / draw(st.sampled_from([1.0, 1.5, 2.5, 3.0]))
    day = draw(DAY) if draw_day is None else draw(st.sampled_from([draw_day] * 3 + [draw(DAY)]))
    # Analytes without an OMOP concept are found by their LOINC code (if at all).
    naming = ["concept", "concept", "loinc", "none"] if analyte in NAMED_BY_CONCEPT else ["loinc"] * 3 + ["none"]
    return dict(concept=draw(st.sampled_from(naming)), value=value,
                unit=unit_id, day=day, op=op, low=low, high=high)


@st.composite
def patient(draw, analytes: list[str], derive: bool = False):
    """``derive``: a birth date, and every input of a derived value has a result, mostly
    from one recent draw."""
    # Newborns too, days either side of AS_OF (2026-11-01), for ages in hours.
    born = st.tuples(st.integers(1925, 2020), st.integers(1, 13), st.integers(1, 31)) | \
        st.tuples(st.just(2026), st.just(10), st.integers(26, 31)) | st.tuples(st.just(2026), st.just(11), st.integers(1, 3))
    birth = draw(born if derive else st.one_of(st.none(), born))
    draw_day = draw(RECENT if derive else DAY)

    def present(analyte: str) -> bool:
        """A derived value's own result is often missing, so that it is derived."""
        if analyte in DERIVED_INPUTS:
            return draw(st.integers(0, 4)) > 2
        return derive or draw(st.integers(0, 4)) > 0

    rows = {a: draw(st.lists(lab_row(a, draw_day if derive or a in SAME_DRAW else None), min_size=int(derive),
                             max_size=3)) for a in analytes if present(a)}
    scores = {a: draw(st.lists(st.fixed_dictionaries({
        "value": st.sampled_from([0.0, 1.0, 2.0, 3.0, 60.0, 70.0, 75.0, 80.0, 90.0, 100.0]),
        "day": DAY, "table": st.sampled_from(["measurement", "observation"])}), max_size=2))
        for a in SCORES if draw(st.booleans())}
    names = [s for c in CONDITIONS + TREATMENTS + ["nitrosoureas"] for s in
             (concepts()[c].synonyms[:2] + concepts()[c].members[:2])] + ["breast cancer", "lomustine 100 mg"] + \
        ENDERS
    history = draw(st.lists(st.tuples(st.sampled_from(names), HISTORY_DAY, st.one_of(st.none(), HISTORY_DAY),
                                      st.sampled_from(CONCEPT_IDS)), max_size=4))
    return dict(sex=draw(st.sampled_from([8532, 8507, 8521, 0, None])), birth=birth, rows=rows, scores=scores,
                history=history)


def _registry(people: list[dict]) -> dict[str, list[tuple]]:
    tables = {t: [] for t in ("person", "measurement", "observation", "condition_occurrence", "drug_exposure",
                              "procedure_occurrence")}
    concept_of = {a: cid for cid, a in sorted(VOCAB.concepts.items(), reverse=True)}
    serial = 0
    when = lambda offset: None if offset is None else AS_OF - timedelta(days=offset)  # noqa: E731
    for pid, p in enumerate(people, start=1):
        y, m, d = p["birth"] or (None, None, None)
        tables["person"].append((pid, p["sex"], y, m, d, None, 0, 0, str(pid), None))
        for analyte, rows in p["rows"].items():
            for r in rows:
                serial += 1
                concept = {"concept": concept_of.get(analyte, 0), "loinc": 0, "none": 0}[r["concept"]]
                source = CAT[analyte].loinc[0] if r["concept"] == "loinc" else "local code"
                tables["measurement"].append((serial, pid, concept, when(r["day"]), None, 0, r["op"], r["value"],
                                              None, r["unit"], r["low"], r["high"], source, None, None))
        for analyte, rows in p["scores"].items():
            for r in rows:
                serial += 1
                if r["table"] == "measurement":
                    tables["measurement"].append((serial, pid, concept_of[analyte], when(r["day"]), None, 0, None,
                                                  r["value"], None, None, None, None, "", None, None))
                else:
                    tables["observation"].append((serial, pid, concept_of[analyte], when(r["day"]), None, 0,
                                                  r["value"], None, None, None, "", None))
        for name, start, end, code in p["history"]:
            serial += 1
            kind = concepts()[concepts().find(name) or "liver metastases"].kind
            if kind == "condition":
                tables["condition_occurrence"].append((serial, pid, code, when(start), when(end), 0, None, name))
            elif kind == "medication":
                tables["drug_exposure"].append((serial, pid, code, when(start), when(end), 0, name))
            else:
                tables["procedure_occurrence"].append((serial, pid, code, when(start), 0, name))
    return tables


def _analytes(trial: Trial) -> list[str]:
    from engine.nodes import leaves
    named = {leaf.analyte for c in trial.criteria for leaf in leaves(c.tree)}
    inputs = {i for a in named for i in DERIVED_INPUTS.get(a, ())}
    return sorted((named | inputs) - {"age", "ecog", "karnofsky", "bmi"})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_python_and_duckdb_agree_on_statuses_and_verdicts_of_random_trees_and_patients(data):
    trial = data.draw(trials())
    analytes = [a for a in _analytes(trial) if a in CAT.by_id]
    people = data.draw(st.lists(patient(analytes), min_size=1, max_size=8))
    complete = sorted(data.draw(st.sets(st.sampled_from(COMPLETE_LISTS))))
    concept_ids = data.draw(st.sampled_from([RESOLVED, None]))   # with the vocabulary, or without one
    con = create_duckdb(":memory:", _registry(people))
    patients = [declared_complete(p, complete) for p in load_patients(con, concept_ids=concept_ids)]
    expected = python_statuses(trial, patients, AS_OF)
    got = sql_statuses(con.cursor(), trial, AS_OF, complete=complete, concept_ids=concept_ids)
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])
    verdicts = python_verdicts(trial, patients, AS_OF)
    assert sql_verdicts(con.cursor(), trial, AS_OF, complete=complete, concept_ids=concept_ids) == verdicts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_python_and_duckdb_agree_on_derived_values(data):
    """Trees of derived lab values only, for patients with every input: the derivations
    themselves (intervals, sexes, same-draw dates, unit conversions) are exercised."""
    trial = data.draw(trials(trees(1, DERIVED_LAB_LEAF)))
    analytes = [a for a in _analytes(trial) if a in CAT.by_id]
    people = data.draw(st.lists(patient(analytes, derive=True), min_size=1, max_size=8))
    con = create_duckdb(":memory:", _registry(people))
    patients = load_patients(con)
    expected = python_statuses(trial, patients, AS_OF)
    got = sql_statuses(con.cursor(), trial, AS_OF)
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])


def test_every_node_kind_has_a_sql_method():
    from engine.sql.compiler import Compiler
    for kind in NODE_KINDS:
        assert callable(getattr(Compiler, f"{kind}_sql", None)), f"no {kind}_sql"


def test_an_unknown_node_kind_is_a_compile_error():
    from engine.sql.compiler import Compiler, SQLCompileError

    class Strange:
        kind = "telepathy"

    compiler = Compiler(Trial(id="T", criteria=(Criterion(text="x", tree=Manual(reason="r")),)))
    with pytest.raises(SQLCompileError, match="cannot express node kind 'telepathy'"):
        compiler.node(Strange())


def test_python_and_duckdb_agree_on_ages_in_hours():
    """Every comparator and threshold against newborns born days either side of AS_OF:
    hours from a birth date are an interval a day wide each side, in both back ends."""
    limits = [(op, hours) for op in OPS for hours in (0.0, 12.0, 24.0, 36.0, 48.0, 72.0)]
    criteria = [Criterion(id=f"h{i}", text=f"age {op} {hours:g} hours",
                          tree=Compare(analyte="age", name="age", op=op, value=hours, unit="h"))
                for i, (op, hours) in enumerate(limits)]
    trial = Trial(id="hours", criteria=criteria)
    people = [dict(sex=8532, birth=(2026, 10, day), rows={}, scores={}, history=[]) for day in range(26, 32)] + \
        [dict(sex=8532, birth=(2026, 11, day), rows={}, scores={}, history=[]) for day in (1, 2)]
    con = create_duckdb(":memory:", _registry(people))
    expected = python_statuses(trial, load_patients(con), AS_OF)
    got = sql_statuses(con.cursor(), trial, AS_OF)
    assert set(expected.values()) == {"pass", "fail", "unknown"}
    assert not disagreements(expected, got), "\n".join(disagreements(expected, got)[:10])


# ------------------------------------- evaluation.yaml rows marked ``sql``, in both back ends
def _sql_rows() -> tuple[Trial, list[dict]]:
    """The evaluation table's rows marked ``sql: true`` (impossible values, results dated
    after the screening date, clearances per 1.73 m² or absolute): one criterion and one
    patient each, person i screened against criterion c<i>."""
    from engine import Patient, compile_criterion

    from .conftest import table
    cases = [c for c in table("evaluation.yaml") if c.get("sql")]
    criteria = tuple(compile_criterion(c["criterion"], c.get("section", "inclusion")).model_copy(
        update={"id": f"c{i}"}) for i, c in enumerate(cases, start=1))
    profiles = [Patient.model_validate({**c.get("patient", {}), "id": f"P{i}"}) for i, c in enumerate(cases, start=1)]
    return Trial(id="ROWS", criteria=criteria), [{"case": c, "profile": p} for c, p in zip(cases, profiles)]


def _wrong_rows(got: dict, rows: list[dict]) -> list[str]:
    return [f"{r['case']['name']}: sql={got[(str(i), f'c{i}')]}, table={r['case']['status']}"
            for i, r in enumerate(rows, start=1) if got[(str(i), f"c{i}")] != r["case"]["status"]]


def test_the_table_rows_marked_sql_hold_on_duckdb():
    from .sql_support import rows_from_patients
    trial, rows = _sql_rows()
    assert len(rows) >= 10
    con = create_duckdb(":memory:", rows_from_patients([r["profile"] for r in rows], AS_OF))
    assert not _wrong_rows(sql_statuses(con.cursor(), trial, AS_OF), rows)


def test_the_table_rows_marked_sql_hold_on_postgres(tmp_path):



    from .sql_support import required_postgres_url, rows_from_patients
    url = required_postgres_url()
    trial, rows = _sql_rows()
    path = str(tmp_path / "rows.duckdb")
    create_duckdb(path, rows_from_patients([r["profile"] for r in rows], AS_OF)).close()
    got = postgres_statuses(path, url, trial, AS_OF)
    assert not _wrong_rows(got, rows)
