"""Binds a raw tree's names and units: analytes, UCUM codes, condition concepts.

Everything that depends on the analyte table, the unit table or the concept table is
checked here, once, at compile time: an unknown analyte or unit is a ResolveError
with "did you mean"; a threshold in a unit the analyte cannot be expressed in is an
error; a restated threshold that disagrees with the first, or a threshold outside
what is physiologically possible, is a warning the rules check prints.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from . import show
from .analytes import Analyte, Catalogue, catalogue
from .concepts import concepts
from .errors import ResolveError, UnknownAnalyteError, WordAfterScoreError
from .nodes import NODE_KINDS, Between, Compare, Conditional, Has, Node, Normal, OneOf, Quantity
from .trusted import made, replaced
from .units import UnitError, absolute, alias_table, factor, fold, suggest, to_ucum

# Things criteria measure that are judgements, not recorded values.
NOT_RECORDED = {
    "life expectancy": "life expectancy is a clinician's estimate, not a recorded value",
}
# Relative disagreement tolerated between a threshold and its restatement in another
# unit: published conversion factors differ by about this much.
RESTATEMENT_TOLERANCE = 0.025
# 101..109: "10" and an exponent whose superscript was lost (see Analyte.powers_of_ten).
_LOST_SUPERSCRIPTS = frozenset(float(100 + n) for n in range(1, 10))
# Enzyme activities, whose unit a criterion may leave out ("AST < 100").
_ENZYME_UNITS = frozenset({"U/L", "[IU]/L"})


class Problem(NamedTuple):
    severity: str  # "error" | "warning"
    message: str
    column: Optional[int] = None


class Resolver:
    def __init__(self, text: str, cat: Optional[Catalogue] = None) -> None:
        self.text = text
        self.cat = cat or catalogue()
        self.problems: list[Problem] = []

    def fail(self, message: str, node: Node, hint: str = "") -> ResolveError:
        column = node.span[0] if node.span else None
        return ResolveError(message, self.text, column, hint)

    def warn(self, message: str, node: Node) -> None:
        self.problems.append(Problem("warning", message, node.span[0] if node.span else None))

    # ----------------------------------------------------------- structure
    def resolve(self, node: Node) -> Node:
        return _RESOLVE_KIND[node.kind](self, node)

    def resolve_all(self, node):
        return replaced(node, {"children": tuple(self.resolve(c) for c in node.children)})

    resolve_any = resolve_all

    def resolve_not(self, node):
        return replaced(node, {"child": self.resolve(node.child)})

    def resolve_manual(self, node):
        return node

    resolve_sex = resolve_manual

    def _concept(self, node) -> str:
        phrase = re.sub(r"^\s*((the|any|a|an|known|prior|previous|history of|other|concurrent|"
                        r"treatment with|therapy with|use of|exposure to|receipt of)\s+)+", "",
                        node.text, flags=re.I)
        concept = concepts().exact(node.text) or concepts().exact(phrase)
        if concept is None:
            raise self.fail(f"'{node.text}' is not a condition or treatment the concept table "
                            "knows", node)
        return concept

    def resolve_has(self, node):
        return replaced(node, {"concept": self._concept(node)})

    def resolve_since(self, node):
        concept = self._concept(node)
        if concepts()[concept].kind == "condition":
            raise self.fail(f"time since '{node.text}' needs a treatment or procedure", node)
        if node.op == "<=":  # the latest course that recent (engine/transform.py since): a window
            return made(Has, concept=concept, text=node.text, timing="window", within_days=node.days,
                        span=node.span)
        exceptions = []
        for washout in node.exceptions:
            # "(6 weeks for nitrosoureas or mitomycin C)": a washout for each, every one known
            named = conditions_named(washout.text)
            if not named or concept in named:  # "mitomycin C" found only as chemotherapy itself
                raise self.fail(f"'{washout.text}' is not a treatment the concept table knows apart", node)
            exceptions.extend(replaced(washout, {"concept": found}) for found in named)
        return replaced(node, {"concept": concept, "exceptions": tuple(exceptions)})

    def resolve_conditional(self, node: Conditional):
        """One concept, or several ("liver or bone metastases"): any of them applies the
        alternative threshold, built as nested conditionals of one concept each."""
        when_true, when_false = self.resolve(node.when_true), self.resolve(node.when_false)
        text = node.condition_text
        negated = _NEGATED_CONDITION.match(text)
        if negated:  # "(≤ 2.5 × ULN if no liver metastases)": the other threshold is the one with them
            when_true, when_false, text = when_false, when_true, text[negated.end():]
        if _NEGATION.search(text):  # "if liver metastases are not present": left to a person
            raise self.fail(f"the condition '{node.condition_text}' holds a negation the engine does not place",
                            node)
        named = conditions_named(text)
        if not named:
            self.warn(f"condition '{node.condition_text}' is not a known concept: "
                      "it will always be unknown", node)
            named = [""]
        tree = when_false
        for concept in reversed(named):
            tree = replaced(node, {"condition": concept, "condition_text": text, "when_true": when_true,
                                   "when_false": tree})
        return tree

    # --------------------------------------------------------------- leaves
    def analyte(self, node) -> Analyte:
        analyte = self.cat.lookup_whole(node.name)
        if analyte:
            return analyte
        lowered = node.name.lower()
        column = node.span[0] if node.span else None
        for phrase, why in NOT_RECORDED.items():
            if phrase in lowered:  # no analyte either: the island reader leaves it for a person
                raise UnknownAnalyteError(f"'{node.name}': {why}", self.text, column, name=node.name)
        raise UnknownAnalyteError(f"unknown analyte '{node.name}'", self.text, column,
                                  lambda: _did_you_mean(self.cat.suggest(node.name)), node.name)

    def unit(self, node, analyte: Analyte, unit_text: Optional[str]) -> str:
        if unit_text is None:
            # "Hematocrit < 0.30": an analyte also reported in another unit is read in the one
            # the value fits, even where its own unit need not be written.
            if analyte.unit_optional and not analyte.also_reported_in:
                self._not_a_bare_multiple(node, analyte)
                return analyte.unit
            return self._inferred_unit(node, analyte)
        code = analyte.unit_spellings.get(unit_text.strip()) or to_ucum(unit_text) or \
            self._cut_short(node, analyte, unit_text)
        if code is None:
            if analyte.is_score and unit_text.strip().isalpha():
                raise WordAfterScoreError(f"'{unit_text}' after a {analyte.display} value is no unit of the scale",
                                          self.text, node.span[0] if node.span else None, unit_text.strip())
            options = suggest(unit_text)
            hint = f"did you mean {' or '.join(options)}?" if options else ""
            raise self.fail(f"unknown unit '{unit_text}'", node, hint)
        if analyte.is_score and code == "%":
            return analyte.unit  # "Karnofsky 80-100%": the scale is written in percent
        if "predicted" in unit_text.lower() and not analyte.percent_of_predicted:
            raise self.fail(f"'{unit_text}': {analyte.display} is not recorded in percent of a "
                            "predicted value", node)
        try:
            # Per 1.73 m² of body surface or absolute: either is the analyte's quantity,
            # converted through the patient's body surface area when screened.
            analyte.conversion(absolute(code), absolute(analyte.unit))
        except UnitError as exc:
            counted = alias_table().get(fold(unit_text) + "_count")
            if counted and _expresses(analyte, counted):  # "Platelets < 100 G/L": giga, not grams
                self.problems.append(Problem("info", f"unit '{unit_text}' read as {show.unit(counted)}: "
                                             f"{analyte.display} is a count", node.span[0] if node.span else None))
                return counted
            raise self.fail(f"unit '{unit_text}' cannot express {analyte.display} "
                            f"(measured in {analyte.unit}): {exc}", node) from None
        return code

    def _not_a_bare_multiple(self, node, analyte: Analyte) -> None:
        """An enzyme's threshold without its unit below the low end of its reference range
        ("AST ≤ 2.5", "ALT < 3") is no value in U/L anyone sets but a multiple of the upper
        limit of normal written without "x ULN": which one is for a person (read in U/L it
        would turn away nearly everyone)."""
        lows = [r.low for r in [analyte.reference_range, *(analyte.sex_ranges or {}).values()]
                if r is not None and r.low is not None]
        value = node.high if node.kind == "between" else node.value
        if analyte.unit in _ENZYME_UNITS and lows and value < min(lows):
            raise self.fail(f"no unit written for the {analyte.display} threshold {show.number(value)}, "
                            f"below the low end of its reference range in {show.unit(analyte.unit)}: a "
                            "multiple of the upper limit of normal written without 'x ULN'?", node)

    def _cut_short(self, node, analyte: Analyte, unit_text: str) -> Optional[str]:
        """A unit cut short after its slash: read as the shortest known spelling it begins
        that expresses the analyte, only when every such unit gives the threshold the same
        value and is as normalised to body surface as the others. A unit that cannot express
        the analyte is not what was meant ("g/d": g/dL for hemoglobin, g/day for proteinuria)."""
        key = fold(unit_text)
        if not re.fullmatch(r"[^/]+/\w+", key):
            return None
        completions, factors = [], set()
        for spelling, code in sorted(alias_table().items()):
            if not spelling.startswith(key):
                continue
            try:
                factors.add(round(factor(absolute(code), absolute(analyte.unit), analyte.molar_mass,
                                         analyte.valence), 12))
            except UnitError:
                continue
            completions.append((spelling, code))
        # Cut before or after "/1.73 m²" ("ml/m."): an absolute and a body-surface-normalised
        # clearance are not the same quantity, and the text no longer says which it was.
        if len(factors) != 1 or len({code != absolute(code) for _, code in completions}) > 1:
            return None
        spelling, code = min(completions, key=lambda c: len(c[0]))
        self.problems.append(Problem("info", f"unit '{unit_text}' read as {show.unit(code)}: it is "
                                     f"'{spelling}' cut short", node.span[0] if node.span else None))
        return code

    def _inferred_unit(self, node, analyte: Analyte) -> str:
        """A threshold written without its unit ("creatinine > 2") is read in the one
        common unit that puts it near the analyte's reference range; if none or several
        do, the line needs a person."""
        value = getattr(node, "high", None) or node.value
        band = analyte.usual_band()
        fits: dict[float, str] = {}
        for unit in analyte.common_units() if band else ():
            try:
                f = factor(unit, analyte.unit, analyte.molar_mass, analyte.valence)
            except UnitError:
                continue
            if band[0] <= value * f <= band[1]:
                fits.setdefault(f, unit)
        if len(fits) != 1:
            raise self.fail(f"no unit written for the {analyte.display} threshold "
                            f"{show.number(value)}, and it cannot be told from the value", node)
        unit = next(iter(fits.values()))
        self.problems.append(Problem("info", f"no unit written for {analyte.display} "
                                     f"{show.number(value)}: read as {show.unit(unit)}, the only "
                                     "common unit that makes it a usual threshold",
                                     node.span[0] if node.span else None))
        return unit

    def resolve_compare(self, node: Compare):
        node = self._unlogged(node, node, "value")
        analyte = self._in_its_unit(self.analyte(node), node.unit_text)
        if node.relative_to:
            return self._relative(node, analyte)
        if node.op == "==" and not analyte.is_score:
            raise self.fail(f"no comparator before the {analyte.display} threshold "
                            "(a ≥ or ≤ sign may have been lost in copying)", node)
        if analyte.powers_of_ten and node.value in _LOST_SUPERSCRIPTS:
            raise self.fail(f"{analyte.display} > {node.value:g}: may be 10^{int(node.value) - 100} with "
                            "its superscript lost in copying (write 10^N or the number in full)", node)
        unit = self.unit(node, analyte, node.unit_text)
        restated = self._restated(node, analyte, unit)
        self._plausible(node, analyte, node.value, unit)
        return replaced(node, {"analyte": analyte.id, "unit": unit, "restated": restated})

    def _in_its_unit(self, analyte: Analyte, unit_text: Optional[str]) -> Analyte:
        """The one analyte among those its name also means (analytes.yaml by_unit_also)
        whose unit the threshold is written in, when that unit cannot express the analyte
        named; otherwise the analyte named."""
        code = to_ucum(unit_text) if unit_text and analyte.by_unit_also else None
        if code is None or _expresses(analyte, code):
            return analyte
        fits = [other for other in map(self.cat.__getitem__, analyte.by_unit_also) if _expresses(other, code)]
        return fits[0] if len(fits) == 1 else analyte

    def _relative(self, node: Compare, analyte: Analyte):
        if analyte.is_score or analyte.source == "patient":
            raise self.fail(f"{analyte.display} has no limits of normal", node)
        if analyte.normal_means == "lower" and node.relative_to == "ULN":
            # Normal is "at or above the lower limit" (LVEF, eGFR, HDL): a multiple of an upper
            # limit is no threshold anyone sets, most likely a slip for LLN ("LVEF < 1 x UNL").
            raise self.fail(f"{analyte.display} is judged against its lower limit of normal: "
                            "a threshold on its upper limit is likely a slip", node,
                            "check whether the lower limit (LLN) is meant")
        return replaced(node, {"analyte": analyte.id})

    def _restated(self, node: Compare, analyte: Analyte, unit: str) -> Optional[Quantity]:
        if node.restated is None:
            return None
        restated = self._unlogged(node, node.restated, "value")
        code = self.unit(node, analyte, restated.unit_text)
        restated = replaced(restated, {"unit": code})
        converted = analyte.converted(restated.value, absolute(code), absolute(unit))
        if node.value and abs(converted - node.value) / abs(node.value) > RESTATEMENT_TOLERANCE:
            # Two thresholds, not one said twice ("≥ 126 mg/dL or 6.1 mmol/L"): which one
            # holds is for a person to decide.
            raise self.fail(f"the restated threshold {node.restated.value:g} {node.restated.unit_text} "
                            f"(= {converted:.4g} {unit}) disagrees with {node.value:g} {unit}", node)
        return restated

    def _unlogged(self, node, values, *fields: str):
        """``values`` (the node or its restatement) with its values written in log10 as the
        values themselves, in the unit after "log": 3 log IU/mL is 1,000 IU/mL. Only whole
        powers: "1.7 log" is 50 copies/mL rounded, and read as 10^1.7 (50.1) it would pass a
        result of 50 that the writer meant to fail; which one is meant is for a person."""
        log = _LOG10.match(values.unit_text) if values.unit_text else None
        if log is None:
            return values
        powers = {field: getattr(values, field) for field in fields}
        written = f"{' to '.join(f'{p:g}' for p in powers.values())} {values.unit_text}"
        if any(power != int(power) for power in powers.values()):
            raise self.fail(f"{written}: a log10 value that is not whole stands for a rounded number, "
                            "whose boundary is unsure", node)
        if any(not 0 <= power <= _MOST_LOG10 for power in powers.values()):
            raise self.fail(f"{written}: no viral load is that power of ten", node, "check the value as written")
        return replaced(values, {**{field: 10.0 ** int(power) for field, power in powers.items()},
                                 "unit_text": values.unit_text[log.end():]})

    def _plausible(self, node, analyte: Analyte, value: float, unit: str) -> None:
        bounds = analyte.plausible
        if bounds is None:
            return
        if analyte.is_score:
            self._on_the_scale(node, analyte, (value,))
            return
        canonical = analyte.converted(value, absolute(unit), absolute(analyte.unit))
        low = bounds.low if bounds.low is not None else float("-inf")
        high = bounds.high if bounds.high is not None else float("inf")
        if not low < canonical < high:
            # Read literally it would pass or fail everyone: the text is wrong, not the patient.
            # A threshold at the very edge does too ("Hemoglobin < 10 g/l" is < 1 g/dL, which
            # no possible value is below): the writer meant another unit.
            raise self.fail(f"{analyte.display} threshold {value:g} {show.unit(unit)} (= "
                            f"{canonical:.4g} {show.unit(analyte.unit)}) is {'at the edge of' if low <= canonical <= high else 'outside'} what is "
                            f"physiologically possible ({bounds.low:g}-{bounds.high:g} "
                            f"{show.unit(analyte.unit)})", node, "check the unit as written")

    def _on_the_scale(self, node, analyte: Analyte, values) -> None:
        """A score beyond the ends of its scale ("MMSE ≥ 35", "VAS ≥ 40" on a 0-10 scale) is
        no threshold anyone can meet or miss: the text or the scale is not what it seems."""
        bounds = analyte.plausible
        if bounds is None:
            return
        low = bounds.low if bounds.low is not None else float("-inf")
        high = bounds.high if bounds.high is not None else float("inf")
        for value in values:
            if not low <= value <= high:
                raise self.fail(f"{analyte.display} {show.number(value)} is outside its scale "
                                f"({show.number(low)} to {show.number(high)})", node,
                                "check which scale, and in what unit, the score is written")

    def resolve_between(self, node: Between):
        node = self._unlogged(node, node, "low", "high")
        analyte = self._in_its_unit(self.analyte(node), node.unit_text)
        unit = self.unit(node, analyte, node.unit_text)
        if node.low > node.high:
            raise self.fail(f"range {node.low:g}-{node.high:g} runs backwards", node)
        if analyte.is_score and unit == analyte.unit:
            self._on_the_scale(node, analyte, (node.low, node.high))
        return replaced(node, {"analyte": analyte.id, "unit": unit})

    def resolve_one_of(self, node: OneOf):
        analyte = self.analyte(node)
        if not analyte.is_score:
            raise self.fail(f"a list of values fits scores, not {analyte.display}", node)
        self._on_the_scale(node, analyte, node.values)
        return replaced(node, {"analyte": analyte.id})

    def resolve_normal(self, node: Normal):
        analyte = self.analyte(node)
        if analyte.is_score or analyte.source == "patient":
            raise self.fail(f"{analyte.display} has no normal range", node)
        return replaced(node, {"analyte": analyte.id})


# "< 3 log IU/mL", "≥ 1.7 log10 copies/mL": a viral load written as the log10 of its value,
# only before copies or international units per mL (the grammar's spelling; never "logMAR").
_LOG10 = re.compile(r"log\s*(?:10|₁₀)?\s*(?=(?:copies|cp|iu|ui)\s*/\s*ml$)", re.I)
# Beyond every viral load: a larger power is a slip in the text, not a threshold.
_MOST_LOG10 = 12


# Each node kind's method, looked up once rather than by name at every node.
_RESOLVE_KIND = {kind: getattr(Resolver, f"resolve_{kind}") for kind in NODE_KINDS}


def _did_you_mean(options: list[str]) -> str:
    return f"did you mean {' or '.join(options)}?" if options else ""


# A condition that names what is absent ("if no liver metastases"); the concept table finds
# the concept anywhere in a phrase, so the negation is read here or the branches swap.
_NEGATED_CONDITION = re.compile(r"\s*(?:no|not|without|absence\s+of|free\s+of)\s+", re.I)
_NEGATION = re.compile(r"\b(?:no|not|without|absen(?:t|ce)|never|none|neither|nor|excluding|except)\b", re.I)


def conditions_named(text: str) -> list[str]:
    """The concepts a condition phrase names: 'liver or bone metastases' -> both (a lone
    head like 'liver' borrows the words after it); [] if any part is unknown."""
    parts = [p for p in re.split(r"\s*(?:,|\bor\b|\band/or\b|\band\b)\s*", text.strip()) if p]
    tail = parts[-1].split()[1:] if parts else []
    found = []
    for part in parts:
        concept = concepts().find(part) or (concepts().find(" ".join([part, *tail])) if tail else None)
        if concept is None:
            return []
        found.append(concept)
    return list(dict.fromkeys(found))


def resolve(node: Node, text: str) -> tuple[Node, list[Problem]]:
    resolver = Resolver(text)
    return resolver.resolve(node), resolver.problems


def _expresses(analyte: Analyte, code: str) -> bool:
    try:
        analyte.conversion(absolute(code), absolute(analyte.unit))
    except UnitError:
        return False
    return True
