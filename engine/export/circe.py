"""A trial as an OHDSI Circe cohort expression (CIRCE-BE JSON, as ATLAS and Circepy read it).

The index date is the screening date: the primary criterion is an observation period
holding that day (Circe's user-defined period), so every window counts back from it, as
the engine's recency windows do. Each criterion the cohort language can state becomes an
inclusion rule; a lab threshold becomes a Measurement (or Observation) criterion per unit
concept the registry may hold, with the threshold converted by the engine's own factors
(``units.factor`` through engine/sql/factors.py); a multiple of ULN / LLN becomes
RangeHighRatio / RangeLowRatio. What it cannot state is listed, never dropped silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Callable, Optional

from ..analytes import Analyte, catalogue
from ..criteria import Criterion
from ..nodes import Node, leaves
from ..readings import DERIVABLE
from ..rules import Trial
from ..sql.factors import conversion, source_units
from ..sql.vocab import NO_UNIT, vocabulary
from ..units import comparable
from . import ExportOptions, exporter
from .omop_concepts import Concepts, read_concepts

CLOSED_WORLD = ("Circe has no 'unknown': a value that is missing, stale or in a unit the engine cannot "
                "convert excludes the patient, where the engine leaves the criterion unknown.")
# Where the cohort language and the engine's reading part, besides the closed world.
CIRCE_PLACES = Decimal("0.0001")
AT_LEAST_ONCE = {"Type": 2, "Count": 1}
NO_UNIT_CONCEPT = 0
# RangeHigh >= -HUGE: "the result has an upper limit" (Circe has no IS NOT NULL filter).
HUGE = 1e9
APPROXIMATIONS = (
    "A window holding several results: Circe accepts any one that meets the threshold; the engine uses "
    "the most recent.",
    "A multiple of ULN / LLN uses the result's own reference range, else the analyte's default limits "
    "(the strictest where the engine needs several to agree); a site table given to the engine is not used.",
    "Age is Circe's calendar-year difference (year of index - year of birth); the engine counts "
    "completed years from the birth date.",
    "Circe writes thresholds with four decimals: one converted to a unit where it needs more is rounded "
    "inward, so a value within 0.0001 of it may be excluded where the engine admits it; at exactly k x a "
    "limit, Circe's division may fall either side where the engine's rounded product does not.",
    "A result with no unit is matched through unit concept 0; one whose unit_concept_id is NULL is not "
    "seen where the criterion names units.",
    "Rows are found by measurement / observation concept id only; a row named only by its LOINC "
    "source value (concept 0) is not seen.",
)
_OPS = {">=": "gte", ">": "gt", "<=": "lte", "<": "lt"}
_NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">="}
_CIRCE_DOMAINS = ("Measurement", "Observation")


class NotExpressible(Exception):
    """A part of a criterion the cohort language cannot state; the message says which."""


@dataclass
class Export:
    """The cohort expression being built, and what it left out."""

    concepts: Concepts
    concept_sets: dict[str, dict] = field(default_factory=dict)
    left_out: list[dict] = field(default_factory=list)


def to_cohort_expression(trial: Trial, concepts: Concepts, as_of: date) -> dict:
    """The Circe cohort expression of ``trial`` screened on ``as_of``, with a description
    that states the closed world first and lists the criteria left out."""
    export = Export(concepts)
    rules = []
    for criterion in trial.criteria:
        sets_before = dict(export.concept_sets)
        try:
            rules.append(_inclusion_rule(criterion, trial.recency_days, export))
        except NotExpressible as exc:
            export.concept_sets = sets_before   # a part built before the failing one goes too
            export.left_out.append({"id": criterion.id, "text": criterion.text, "why": str(exc)})
    return {
        "Title": f"{trial.id}: {trial.title}".strip(": "),
        "description": description(trial, as_of, export.left_out),
        "notExpressed": export.left_out,
        "cdmVersionRange": ">=5.0.0",
        "PrimaryCriteria": {
            "CriteriaList": [{"ObservationPeriod": {"UserDefinedPeriod": {
                "StartDate": as_of.isoformat(), "EndDate": as_of.isoformat()}}}],
            "ObservationWindow": {"PriorDays": 0, "PostDays": 0},
            "PrimaryCriteriaLimit": {"Type": "First"}},
        "ConceptSets": list(export.concept_sets.values()),
        "QualifiedLimit": {"Type": "First"},
        "ExpressionLimit": {"Type": "First"},
        "InclusionRules": rules,
        "CensoringCriteria": [],
        "CollapseSettings": {"CollapseType": "ERA", "EraPad": 0},
        "CensorWindow": {},
    }


def description(trial: Trial, as_of: date, left_out: list[dict]) -> str:
    lines = [f"Eligibility of {trial.id} on {as_of.isoformat()}, exported by the eligibility engine.",
             "SEMANTIC DIFFERENCE: " + CLOSED_WORLD, *APPROXIMATIONS]
    if left_out:
        lines.append(f"Not expressed ({len(left_out)} criteria, not in the cohort: review them by hand):")
        lines += [f"- {c['id']}: {c['why']}" for c in left_out]
    return "\n".join(lines)


# ---------------------------------------------------------------- rules and trees
def _inclusion_rule(criterion: Criterion, recency_days: int, export: Export) -> dict:
    if criterion.section not in ("inclusion", "exclusion"):
        raise NotExpressible("its section (inclusion or exclusion) is not settled")
    context = _Context(export, recency_days, frozenset(criterion.not_derived))
    expression = context.node(criterion.tree, negate=criterion.section == "exclusion")
    return {"name": criterion.id, "description": f"{criterion.section}: {criterion.text}",
            "expression": _as_group(expression)}


def _group(kind: str, criteria=(), demographics=(), groups=()) -> dict:
    return {"Type": kind, "CriteriaList": list(criteria), "DemographicCriteriaList": list(demographics),
            "Groups": list(groups)}


def _as_group(part: dict) -> dict:
    return part if "Type" in part else _group("ALL", demographics=[part])


@dataclass(frozen=True)
class _Context:
    export: Export
    recency_days: int
    not_derived: frozenset

    def node(self, node: Node, negate: bool = False) -> dict:
        """A group (or one demographic criterion) true where ``node`` passes (fails: ``negate``)."""
        handler: Optional[Callable] = getattr(self, f"_{node.kind}", None)
        if handler is None:
            raise NotExpressible(_UNSTATED.get(node.kind, f"'{node.kind}' has no Circe form"))
        return handler(node, negate)

    def _all(self, node, negate: bool) -> dict:
        return self._join("ANY" if negate else "ALL", [self.node(c, negate) for c in node.children])

    def _any(self, node, negate: bool) -> dict:
        return self._join("ALL" if negate else "ANY", [self.node(c, negate) for c in node.children])

    def _not(self, node, negate: bool) -> dict:
        return self.node(node.child, not negate)

    @staticmethod
    def _join(kind: str, parts: list[dict]) -> dict:
        demographics = [p for p in parts if "Type" not in p]
        return _group(kind, demographics=demographics, groups=[p for p in parts if "Type" in p])

    def _sex(self, node, negate: bool) -> dict:
        allowed = set(node.allowed)
        if negate:
            allowed = {"female", "male"} - allowed
        if not allowed:
            raise NotExpressible("no sex is allowed, and Circe reads an empty gender list as any")
        return {"Gender": [self._concept(cid) for cid, sex in sorted(vocabulary().genders.items())
                           if sex in allowed]}

    def _compare(self, node, negate: bool) -> dict:
        if node.op == "==":
            raise NotExpressible(f"'{node.name}' compares for equality")
        op = _NEGATED[node.op] if negate else node.op
        if node.analyte == "age":
            return self._age({"Op": _OPS[op], "Value": node.value}, node.unit)
        if node.relative_to:
            return self._limit(node, node.relative_to, op, node.value)
        analyte = catalogue()[node.analyte]
        return self._lab(node, lambda unit: _value_range(op, node.value, node.unit, unit, analyte))

    def _between(self, node, negate: bool) -> dict:
        if node.analyte == "age":
            return self._age({"Op": "!bt" if negate else "bt", "Value": node.low, "Extent": node.high},
                             node.unit)

        analyte = catalogue()[node.analyte]

        def in_range(unit: str) -> Optional[dict]:
            low = _value_range(">=", node.low, node.unit, unit, analyte)
            high = _value_range("<=", node.high, node.unit, unit, analyte)
            if low is None or high is None:
                return None
            span = {"Op": "!bt" if negate else "bt", "Value": low["ValueAsNumber"]["Value"],
                    "Extent": high["ValueAsNumber"]["Value"]}
            return {"ValueAsNumber": span}
        return self._lab(node, in_range)

    def _normal(self, node, negate: bool) -> dict:
        if negate:
            raise NotExpressible(f"'outside normal limits' of {node.name} needs two ratios in one result")
        sides = {"range": ("LLN", "ULN"), "upper": ("ULN",), "lower": ("LLN",)}[
            catalogue()[node.analyte].normal_means]
        return _group("ALL", groups=[self._limit(node, side, "<=" if side == "ULN" else ">=", 1.0)
                                     for side in sides])

    def _limit(self, node, side: str, op: str, multiple: float) -> dict:
        """``value op multiple x limit``: the result's own limit (a ratio), or, where the
        window holds no result with one, the analyte's default limit as the engine takes it."""
        ratio = "RangeHighRatio" if side == "ULN" else "RangeLowRatio"
        own = self._lab(node, lambda unit: {ratio: _ratio(op, multiple)}, unitless=True)
        return _group("ANY", groups=[own, *self._default_limit(node, side, op, multiple)])

    def _default_limit(self, node, side: str, op: str, multiple: float) -> list[dict]:
        """Groups for a patient whose results in the window give no limit on ``side``: the
        value against the default limit for their sex (analyte.default_limits), taking the
        strictest where the engine must agree across several (a span, or either sex)."""
        analyte = catalogue()[node.analyte]
        strictest = max if op in (">=", ">") else min
        limits = {sex: analyte.default_limits(side, sex) for sex in ("female", "male", None)}
        if limits[None] is None:
            return []
        limit_of = {sex: strictest(found.values) for sex, found in limits.items() if found is not None}
        has_own = "RangeHigh" if side == "ULN" else "RangeLow"
        no_own_limit = self._lab(node, lambda unit: {has_own: {"Op": "gte", "Value": -HUGE}}, unitless=True,
                                 occurrence={"Type": 0, "Count": 0})

        def against(limit: float) -> dict:
            values = self._lab(node, lambda unit: _value_range(op, multiple * limit, analyte.unit, unit, analyte))
            return _group("ALL", groups=[values, no_own_limit])
        branches = [against(limit_of[None])]
        for sex in ("female", "male"):
            if limit_of.get(sex, limit_of[None]) != limit_of[None]:
                branches.append(_group("ALL", demographics=[self._sex_is(sex)], groups=[against(limit_of[sex])]))
        return branches

    def _sex_is(self, sex: str) -> dict:
        return {"Gender": [self._concept(cid) for cid, s in sorted(vocabulary().genders.items()) if s == sex]}

    def _age(self, age_range: dict, unit: Optional[str]) -> dict:
        if unit not in (None, "a"):
            raise NotExpressible(f"age in {unit}: Circe counts age in years")
        return {"Age": age_range}

    def _lab(self, node, filters: Callable[[Optional[str]], Optional[dict]], unitless: bool = False,
             occurrence: Optional[dict] = None) -> dict:
        """ANY of one criterion per (domain, unit concept): the analyte's recorded value in
        that unit, within the recency window, meets ``filters(unit)`` (at least once, or
        as ``occurrence`` says: then ALL, for "exactly 0" holds in every domain)."""
        analyte = catalogue()[node.analyte]
        if analyte.id in DERIVABLE and analyte.id not in self.not_derived:
            raise NotExpressible(f"{analyte.display} may be derived by the engine ({_DERIVED[analyte.id]}); "
                                 "Circe reads only a recorded value")
        codeset = self._concept_set(analyte)
        window = node.within_days if node.within_days is not None else self.recency_days
        per_unit = [(None, filters(None))] if unitless else self._per_unit(analyte, filters)
        criteria = []
        for domain in self._domains(analyte):
            for unit_id, found in per_unit:
                body = {"CodesetId": codeset["id"], **found}
                if unit_id is not None:
                    body["Unit"] = [self._concept(unit_id)]
                criteria.append({"Criteria": {domain: body}, "StartWindow": {
                    "Start": {"Days": window, "Coeff": -1}, "End": {"Days": 0, "Coeff": 1},
                    "UseIndexEnd": False, "UseEventEnd": False},
                    "RestrictVisit": False, "IgnoreObservationPeriod": True,
                    "Occurrence": {"IsDistinct": False, **(occurrence or AT_LEAST_ONCE)}})
        return _group("ALL" if occurrence else "ANY", criteria=criteria)

    def _per_unit(self, analyte: Analyte, filters) -> list[tuple[Optional[int], dict]]:
        """(unit concept id, filter) for each unit the threshold converts to. A result with
        no unit, which a unit-optional analyte reads in its own unit, is unit concept 0;
        an analyte with no convertible unit at all (a score) is matched whatever its unit (None)."""
        found = [(key, filters(code)) for key, code in sorted(source_units(analyte, vocabulary()).items())]
        found = [(key, f) for key, f in found if f is not None]
        if any(key != NO_UNIT for key, _ in found):
            return [(NO_UNIT_CONCEPT if key == NO_UNIT else key, f) for key, f in found]
        if found:
            return [(None, found[0][1])]
        raise NotExpressible(f"no unit concept the registry may hold converts to {analyte.unit}")

    def _concept_set(self, analyte: Analyte) -> dict:
        sets = self.export.concept_sets
        if analyte.id not in sets:
            items = self._analyte_concepts(analyte)
            sets[analyte.id] = {"id": len(sets), "name": f"{analyte.display} (LOINC {', '.join(analyte.loinc)})",
                                "expression": {"items": [
                                    {"concept": _concept_json(row), "isExcluded": False,
                                     "includeDescendants": False, "includeMapped": False} for row in items]}}
        return sets[analyte.id]

    def _analyte_concepts(self, analyte: Analyte) -> list[dict]:
        """The analyte's LOINC codes as found in the user's vocabulary, and the concept ids
        the engine itself reads as this analyte (omop.yaml) where the vocabulary has them."""
        known = self.export.concepts
        rows = [known.by_loinc[code] for code in analyte.loinc if code in known.by_loinc]
        rows += [known.by_id[cid] for cid, a in sorted(vocabulary().concepts.items())
                 if a == analyte.id and cid in known.by_id]
        unique = list({row["concept_id"]: row for row in rows}.values())
        if not unique:
            raise NotExpressible(f"no concept of {analyte.display} (LOINC {', '.join(analyte.loinc) or 'none'}) "
                                 "in the vocabulary")
        return unique

    def _domains(self, analyte: Analyte) -> list[str]:
        items = self._concept_set(analyte)["expression"]["items"]
        found = sorted({i["concept"]["DOMAIN_ID"] for i in items} & set(_CIRCE_DOMAINS))
        return found or ["Measurement"]

    def _concept(self, concept_id: int) -> dict:
        row = self.export.concepts.by_id.get(concept_id)
        return _concept_json(row) if row else {"CONCEPT_ID": concept_id}


_UNSTATED = {
    "manual": "needs manual review",
    "has": "conditions, treatments and procedures are matched by name, which Circe cannot do",
    "since": "conditions, treatments and procedures are matched by name, which Circe cannot do",
    "conditional": "a threshold that depends on a condition matched by name",
    "one_of": "a list of allowed scores",
}
_DERIVED = {"creatinine clearance": "Cockcroft-Gault", "egfr": "CKD-EPI 2021",
            "absolute neutrophil count": "WBC x neutrophils %", "corrected calcium": "Payne",
            "ecog": "mapped from Karnofsky", "karnofsky": "mapped from ECOG", "bmi": "weight / height²"}


def _ratio(op: str, multiple: float) -> dict:
    """value / the result's own limit (Circe divides; the engine multiplies the limit)."""
    return {"Op": _OPS[op], "Value": multiple}


def _value_range(op: str, threshold: float, target: Optional[str], unit: str, analyte: Analyte) -> Optional[dict]:
    """ValueAsNumber in the registry's ``unit`` for ``op threshold`` (in ``target``),
    converted with the engine's factor; None: the units do not convert for this analyte.

    Circe writes a number with four decimals: a converted threshold that needs more is
    rounded inward (up for >=, down for <=), so rounding never admits a patient the
    engine's threshold would exclude.
    """
    if target is None:
        raise NotExpressible("a threshold without a unit")
    to_target = conversion(unit, target, analyte)
    if to_target is None or to_target <= 0:
        return None
    inward = ROUND_CEILING if op in (">=", ">") else ROUND_FLOOR
    value = Decimal(repr(comparable(threshold / to_target))).quantize(CIRCE_PLACES, rounding=inward)
    return {"ValueAsNumber": {"Op": _OPS[op], "Value": float(value)}}


@exporter("ohdsi-cohort", notes=lambda cohort: [
    f"note: {CLOSED_WORLD}",
    *(f"not expressed: {left['id']}: {left['why']}" for left in cohort["notExpressed"]),
    f"{len(cohort['InclusionRules'])} inclusion rules, {len(cohort['notExpressed'])} criteria not expressed"],
    needs={"vocabulary": "--vocabulary: ohdsi-cohort needs the OMOP vocabulary to look the LOINC codes up in "
                         "(a DuckDB file, a CSV of the concept table or a postgresql:// URL)",
           "as_of": "--as-of: ohdsi-cohort needs the screening date (the cohort's index date)"})
def ohdsi_cohort_document(trial: Trial, options: ExportOptions) -> dict:
    return export_ohdsi_cohort(trial, options.vocabulary, options.as_of)


def export_ohdsi_cohort(trial: Trial, vocabulary_source: str, as_of: date) -> dict:
    """The cohort expression of ``trial``, its concepts looked up in ``vocabulary_source``."""
    cat = catalogue()
    omop = vocabulary()
    codes = [code for c in trial.criteria for leaf in _analytes(c.tree) for code in cat[leaf].loinc]
    ids = [*omop.concepts, *omop.units, *omop.genders]
    return to_cohort_expression(trial, read_concepts(vocabulary_source, codes, ids), as_of)


def _analytes(node: Node) -> set[str]:
    return {leaf.analyte for leaf in leaves(node) if leaf.analyte}


def _concept_json(row: dict) -> dict:
    """A vocabulary row in Circe's concept form (its column names, upper case)."""
    standard = row.get("standard_concept") or None
    invalid = row.get("invalid_reason") or None
    return {"CONCEPT_ID": row["concept_id"], "CONCEPT_NAME": row["concept_name"],
            "STANDARD_CONCEPT": standard,
            "STANDARD_CONCEPT_CAPTION": {"S": "Standard", "C": "Classification"}.get(standard, "Non-Standard"),
            "INVALID_REASON": invalid or "V",
            "INVALID_REASON_CAPTION": "Valid" if invalid is None else "Invalid",
            "CONCEPT_CODE": row["concept_code"], "DOMAIN_ID": row["domain_id"],
            "VOCABULARY_ID": row["vocabulary_id"], "CONCEPT_CLASS_ID": row["concept_class_id"]}
