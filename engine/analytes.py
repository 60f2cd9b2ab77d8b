"""The analyte table (data/analytes.yaml): names, aliases, LOINC, units, ranges.

Names are matched on a *key*: lower case, punctuation to spaces, filler words
("serum", "level", "count" ...) dropped and plurals folded, so "Platelet count",
"platelets" and "PLT" meet on one entry without the table listing every variant.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, NamedTuple, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .cache import prepared
from .documents import load_yaml
from .errors import EngineError

# "reading": what a measurement gives ("bone age reading", "blood pressure reading"), as "value".
FILLER = frozenset(
    "serum plasma blood level levels value values concentration concentrations result results "
    "count counts the of a an patients patient subjects subject participants must have has be "
    "with baseline screening current test reading readings".split())
# Words describing the patient or the finding before an analyte's name ("Severe
# coagulopathy platelets", "Base line serum creatinine"): dropped from the front of a
# name only when nothing else matches. Population words that make a condition of
# their own ("diabetic subjects") are deliberately absent.
PREFIX_WORDS = frozenset(
    "severe significant verified chronic active acute base line baseline screening pre "
    "enrollment elevated low high impaired adequate documented evidence of with an a the renal "
    "hepatic kidney liver function dysfunction insufficiency impairment failure anemia anaemia "
    "coagulopathy healthy volunteers had has have having defined as resting clinical".split())
# Dropped only when the name is not found with them: "Fasting serum cholesterol" is
# cholesterol, but "fasting glucose" is its own analyte.
QUALIFIERS = ("fasting", "calculated", "estimated", "measured", "total", "morning")
SCORE_UNITS = frozenset({"{score}", "{ratio}", "1"})
# Canonical units with one conventional spelling: a threshold may leave them out.
UNIT_OPTIONAL = SCORE_UNITS | {"%", "a", "kg/m2", "mm[Hg]", "/min", "ms", "mL/min",
                               "mL/min/{1.73_m2}", "U/L", "[IU]/L",
                               # "AHI ≥ 15", "pH < 7.3", "PEEP ≥ 5", "liver stiffness
                               # > 12.5", "6MWD ≥ 150", "Qmax < 15". Not mm/h: "DAS28/ESR
                               # ≥ 3.2" would become an ESR threshold of 3.2 mm/h.
                               "/h", "[pH]", "cm[H2O]", "kPa", "m", "mL/s"}
# Units a threshold is commonly written in: the candidates when a criterion leaves
# its unit out (see Analyte.common_units).
_COUNT = ("10*9/L", "/uL")
_SUBSTANCE = ("mmol/L", "umol/L")


# Derived values the engine computes from other observations (engine/readings.py), by the
# analytes they are derived from (the CDS prefetch asks for these; "order next" orders them).
DERIVED_INPUTS = {"creatinine clearance": ("creatinine", "weight"), "bmi": ("weight", "height"),
                  "egfr": ("creatinine",), "corrected calcium": ("calcium", "albumin"),
                  "absolute neutrophil count": ("white blood cell count", "segmented neutrophil percentage",
                                                "band neutrophil percentage", "neutrophil percentage"),
                  "ecog": ("karnofsky",), "karnofsky": ("ecog",)}


class Range(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)
    low: Optional[float] = None
    high: Optional[float] = None


class Affine(BaseModel):
    """A unit of the analyte whose scale is not a multiple of the canonical one: a value
    in ``unit`` is ``slope`` x value + ``intercept`` in the canonical unit (HbA1c: IFCC
    mmol/mol to NGSP %). ``equation`` names it in reasons; ``source`` says where it is from."""
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    unit: str
    slope: float = Field(gt=0)
    intercept: float
    equation: str
    source: str


Side = Literal["ULN", "LLN"]
Sex = Literal["female", "male"]


Span = dict[Literal["all", "female", "male"], tuple[float, float]]


class LimitSource(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    cite: str
    url: str
    figures: str


class LimitSpan(BaseModel):
    """An entry of limit_spans.yaml: the lowest and highest limit of normal laboratories
    report for an analyte (canonical unit), for everyone (``all``) or per sex, with sources."""
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid", populate_by_name=True)
    analyte: str
    unit: str
    uln: Optional[Span] = Field(None, alias="ULN")
    lln: Optional[Span] = Field(None, alias="LLN")
    sources: tuple[LimitSource, ...] = Field(min_length=1)
    note: str = ""

    def of(self, side: Side) -> Optional[Span]:
        return self.uln if side == "ULN" else self.lln


class DefaultLimits(NamedTuple):
    """What an analyte's defaults say of a limit of normal when the result has no range of
    its own: the candidate values (an answer counts only if it holds at each), what they
    are (each one's label), and why there is more than one ("span", "sex" or None)."""
    values: tuple[float, ...]
    labels: tuple[str, ...]
    spread: Optional[Literal["span", "sex"]]
    span: Optional[tuple[float, float]] = None


class Analyte(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")
    id: str
    display: str
    aliases: tuple[str, ...] = ()
    loinc: tuple[str, ...] = ()
    unit: str
    category: str
    molar_mass: Optional[float] = None
    valence: Optional[int] = None
    reference_range: Optional[Range] = None
    sex_ranges: Optional[dict[Literal["female", "male"], Range]] = None
    normal_means: Literal["range", "upper", "lower"] = "range"
    plausible: Optional[Range] = None
    derived: bool = False
    source: Literal["lab", "patient", "observation"] = "lab"
    # Recorded in percent of the predicted value (FEV1, DLCO): "% of predicted" is its
    # percent; for any other analyte in % (FEV1/FVC) it is another quantity.
    percent_of_predicted: bool = False
    # Names of a group this analyte belongs to, which criteria give one threshold for
    # ("transaminases" = AST and ALT): each member must be acceptable.
    groups: tuple[str, ...] = ()
    # Thresholds commonly written as powers of ten (viral loads: 10^3 IU/mL): a value of
    # 101 to 109 is then likely 10^1..10^9 with its superscript lost in copying.
    powers_of_ten: bool = False
    affine: Optional[Affine] = None
    # Units labs also report it in, beyond those common_units derives (hematocrit as a
    # fraction, L/L): candidates for a threshold written without its unit.
    also_reported_in: tuple[str, ...] = ()
    # Analytes its names also mean when a threshold is written in their unit and not in one
    # of this analyte's ("proteinuria > 1 g/24 h" is the 24-hour urine protein, not a grade).
    by_unit_also: tuple[str, ...] = ()
    # Unit spellings, as written (case kept), that mean another unit for this analyte than
    # they do elsewhere: "Myopia > 6 D" is dioptres, where "D" is otherwise days.
    unit_spellings: dict[str, str] = {}
    # The classes of an ordinal scale as people write them, each with its number on the scale
    # ("III" of the NYHA class is 3) or the range of the scale's points it stands for (Child-Pugh
    # "B" is 7 to 9 points): read after the scale's name (engine/read/normalise.py), and in a
    # record that gives a class of one number as written.
    classes: dict[str, Union[int, tuple[int, int]]] = {}

    def conversion(self, source: str, target: str) -> tuple[float, float]:
        """(slope, intercept): a value in ``source`` times slope plus intercept is the value
        in ``target``. A factor of units.factor (intercept 0), or through the canonical unit
        when one side is the analyte's affine unit. Raises UnitError."""
        from .units import factor
        affine = self.affine
        if affine is None or (source == affine.unit) == (target == affine.unit):
            return factor(source, target, self.molar_mass, self.valence), 0.0
        if source == affine.unit:
            f = factor(self.unit, target, self.molar_mass, self.valence)
            return affine.slope * f, affine.intercept * f
        f = factor(source, self.unit, self.molar_mass, self.valence)
        return f / affine.slope, -affine.intercept / affine.slope

    def converted(self, value: float, source: str, target: str) -> float:
        slope, intercept = self.conversion(source, target)
        return value * slope + intercept

    def by_equation(self, source: str, target: str) -> Optional[str]:
        """The equation a conversion between these units goes through, if it is not a factor."""
        affine = self.affine
        if affine is not None and (source == affine.unit) != (target == affine.unit):
            return affine.equation
        return None

    @property
    def is_score(self) -> bool:
        """An ordinal scale (ECOG, Karnofsky): listed values, no limits of normal."""
        return self.unit == "{score}"

    @property
    def unit_optional(self) -> bool:
        return self.unit in UNIT_OPTIONAL

    def common_units(self) -> tuple[str, ...]:
        """The conventional and SI units labs report this analyte in."""
        return self._derived_units() + self.also_reported_in

    def _derived_units(self) -> tuple[str, ...]:
        if self.unit in _COUNT or self.unit in ("10*3/uL", "/mm3"):
            return _COUNT
        molar = (self._si_unit(),) if self.molar_mass else ()
        if self.unit == "g/dL":
            return ("g/dL", "g/L") + molar
        if self.unit == "mg/dL":
            return ("mg/dL",) + (molar or ("mg/L",))
        if self.unit in _SUBSTANCE or self.unit == "meq/L":
            return (self.unit,) + (("mg/dL",) if self.molar_mass else ())
        return (self.unit,)

    def _si_unit(self) -> str:
        """mmol/L or µmol/L: the one in which the upper reference limit reads 1 to 1000."""
        from .units import factor
        high = (self.usual_band() or (0, 1.0))[1] / 10
        in_mmol = high * factor(self.unit, "mmol/L", self.molar_mass, self.valence)
        return "mmol/L" if in_mmol >= 1 else "umol/L"

    def limit_span(self, side: Side) -> Optional[Span]:
        """The span of this limit laboratories use (limit_spans.yaml), if it has one."""
        entry = limit_spans().get(self.id)
        return entry.of(side) if entry else None

    def default_limits(self, side: Side, sex: Optional[str]) -> Optional[DefaultLimits]:
        """The limit a result without a reference range is judged against.

        From a sourced span, its two ends: a comparison with a multiple of the limit is
        monotone in the limit, so an answer that holds at both ends holds for every
        laboratory in between. Where the span (or the single default) differs by sex and
        the sex is not female or male, both sexes' values count. None: no default at all.
        """
        span = self.limit_span(side)
        if span:
            found = [span[s] for s in ((sex,) if sex in span else ("female", "male")) if s in span] \
                if "all" not in span else [span["all"]]
            if found:
                low, high = min(f[0] for f in found), max(f[1] for f in found)
                whose = f" ({sex})" if sex in span else ""
                return DefaultLimits((low, high), (f"lowest {side} laboratories report{whose}, limit_spans.yaml",
                                                   f"highest {side} laboratories report{whose}, limit_spans.yaml"),
                                     "span", (low, high))
        single = ": one conventional limit, no sourced span on file"
        if self.sex_ranges:
            sexes = [sex] if sex in self.sex_ranges else sorted(self.sex_ranges)
            values = [_bound(self.sex_ranges[s], side) for s in sexes]
            if any(v is None for v in values):
                return None
            return DefaultLimits(tuple(values), tuple(f"default adult {s} range, analyte table{single}"
                                                      for s in sexes), "sex" if len(sexes) > 1 else None)
        value = _bound(self.reference_range, side) if self.reference_range else None
        if value is None:
            return None
        return DefaultLimits((value,), (f"default adult range, analyte table{single}",), None)

    def usual_band(self) -> Optional[tuple[float, float]]:
        """Where a threshold for this analyte usually lies (canonical unit): a tenth of
        the reference range's low end to ten times its high end."""
        ranges = [self.reference_range] if self.reference_range else []
        ranges += list((self.sex_ranges or {}).values())
        lows = [r.low for r in ranges if r.low is not None]
        highs = [r.high for r in ranges if r.high is not None]
        if not highs:
            return None
        return ((min(lows) if lows else min(highs) / 10) / 10, max(highs) * 10)


def _bound(rng: Range, side: Side) -> Optional[float]:
    return rng.high if side == "ULN" else rng.low


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Compiled here, not looked up in re's cache at each call: the island reader asks the
# catalogue of many words of prose that it has not met before.
_NOT_NAME_CHARS = re.compile(r"[^\w%]+")
_PARENTHESISED = re.compile(r"\(([^)]*)\)")
_ALTERNATIVES = re.compile(r"\s+or\s+|/")
_IN_PARENTHESES = re.compile(r"\([^)]*\)")
_ABBREVIATED = re.compile(r"(.*\w)\s*-\s*([A-Z][A-Z0-9]{1,6})")


# The island reader asks for the key of many runs of words twice a line or more (each run's
# analyte, then its group): the answers are kept, bounded as the catalogue's lookups are.
@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    words = _NOT_NAME_CHARS.sub(" ", name.lower().replace("haem", "hem")).split()
    return " ".join(_singular(w) for w in words if w not in FILLER)


class Catalogue:
    """Every analyte, by id, by name key and by LOINC code."""

    def __init__(self, analytes: list[Analyte]) -> None:
        self.by_id = {a.id: a for a in analytes}
        self._looked_up: dict[str, Optional[Analyte]] = {}
        self._looked_up_whole: dict[str, Optional[Analyte]] = {}
        self._known: dict[str, bool] = {}
        self.by_key: dict[str, str] = {}
        self.by_bag: dict[str, str] = {}
        self.by_loinc: dict[str, str] = {}
        self.groups: dict[str, tuple[str, ...]] = {}
        for analyte in analytes:
            for name in (analyte.id, *analyte.aliases):
                self._add_key(name_key(name), analyte.id)
            for group in analyte.groups:
                self.groups[name_key(group)] = (*self.groups.get(name_key(group), ()), analyte.id)
            for code in analyte.loinc:
                self.by_loinc[code] = analyte.id
        for analyte in analytes:
            for other in analyte.by_unit_also:
                if other not in self.by_id:
                    raise EngineError(f"analytes.yaml: {analyte.id}: by_unit_also names no analyte '{other}'")
        # Every word a name's key may have and still be found (a qualifier is dropped).
        self._vocabulary = frozenset(QUALIFIERS).union(*(key.split() for key in (*self.by_key, *self.groups)))
        for key, analyte_id in self.by_key.items():
            # Word order varies in lab reports ("Glucose, fasting"); a bag of words
            # that two analytes share is not used, so order never picks between them.
            bag = _bag(key)
            if self.by_bag.setdefault(bag, analyte_id) != analyte_id:
                self.by_bag[bag] = ""

    def _add_key(self, key: str, analyte_id: str) -> None:
        owner = self.by_key.setdefault(key, analyte_id)
        if owner != analyte_id:
            raise EngineError(f"analytes.yaml: name '{key}' belongs to both {owner} and {analyte_id}")

    def __getitem__(self, analyte_id: str) -> Analyte:
        return self.by_id[analyte_id]

    def lookup(self, name: str) -> Optional[Analyte]:
        """The analyte a name (as written in a criterion or a lab report) means."""
        if name not in self._looked_up:  # names repeat across lines, labs and patients
            if len(self._looked_up) > 100_000:  # bounded: registries carry free-text names
                self._looked_up.clear()
            self._looked_up[name] = self._lookup(name)
        return self._looked_up[name]

    def _lookup(self, name: str) -> Optional[Analyte]:
        return self.lookup_whole(name) or self._after_prefix(name)

    def lookup_whole(self, name: str) -> Optional[Analyte]:
        """lookup() without dropping descriptive words from the front of the name: the
        criterion reader accounts for such words itself (engine/read/), so that none is
        dropped unseen ("Congestive heart failure with LVEF" is not LVEF alone)."""
        if name not in self._looked_up_whole:  # the island reader asks of every word of prose
            if len(self._looked_up_whole) > 100_000:
                self._looked_up_whole.clear()
            self._looked_up_whole[name] = self._lookup_whole(name)
        return self._looked_up_whole[name]

    def _lookup_whole(self, name: str) -> Optional[Analyte]:
        if name in self.by_loinc:
            return self.by_id[self.by_loinc[name]]
        candidates = _candidates(name)
        for i, candidate in enumerate(candidates):
            found = self._by_key_relaxed(name_key(candidate))
            if found and (candidate == name or _measured_in_named(name, found.id)):
                if i >= 2 and not self._words_of(found, candidates[1]):
                    return None  # "Basal follicle-stimulating hormone (FSH)": not any FSH
                return found
        return None

    def _words_of(self, analyte: "Analyte", outside: str) -> bool:
        """The words outside the parentheses are all words of the analyte's own names: the
        abbreviation inside then names what the outside spells out, and no word of the
        outside ("basal", "urine", "free") makes it another measurement. Filler and the
        descriptive words dropped from the front of any name ("resting", "baseline") are
        allowed, as they are where no parentheses stand."""
        own = {w for n in (analyte.id, analyte.display, *analyte.aliases) for w in name_key(n).split()}
        return set(name_key(outside).split()) <= own | FILLER | PREFIX_WORDS

    def _after_prefix(self, name: str) -> Optional[Analyte]:
        """'Severe coagulopathy platelets' -> platelets: descriptive words dropped from the front
        ("Pre-enrollment ICP": hyphenated ones too)."""
        words = re.split(r"[\s-]+", re.sub(r"\([^)]*\)", " ", name).strip())
        while len(words) > 1 and re.sub(r"[^\w]", "", words[0].lower()) in PREFIX_WORDS | FILLER:
            words = words[1:]
            found = self._by_key_relaxed(name_key(" ".join(words)))
            if found:
                return found
        return None

    def _by_key_relaxed(self, key: str) -> Optional[Analyte]:
        if key in self.by_key:
            return self.by_id[self.by_key[key]]
        if self.by_bag.get(_bag(key)):
            return self.by_id[self.by_bag[_bag(key)]]
        words = key.split()
        for qualifier in QUALIFIERS:
            if qualifier in words:
                words = [w for w in words if w != qualifier]
                if " ".join(words) in self.by_key:
                    return self.by_id[self.by_key[" ".join(words)]]
        return self._scored(key)

    def _scored(self, key: str) -> Optional[Analyte]:
        """'ECOG PS score', 'Karnofsky performance status score': a scale's name with "score"
        (or "total score") after it is the scale's score; never another analyte's name so."""
        for suffix in SCORE_SUFFIXES:
            if key.endswith(suffix) and key[:-len(suffix)] in self.by_key:
                found = self.by_id[self.by_key[key[:-len(suffix)]]]
                return found if found.is_score else None
        return None

    def is_known_name(self, name: str) -> bool:
        """The words are an analyte's name (lookup_whole) or a group's. The island reader
        asks it of the first few words at every word of prose, many words several times a
        line: each answer is kept (bounded, like lookup's)."""
        if name not in self._known:
            if len(self._known) > 100_000:
                self._known.clear()
            self._known[name] = self._may_be_known(name) and bool(self.lookup_whole(name) or self.group(name))
        return self._known[name]

    def _may_be_known(self, name: str) -> bool:
        """False only where lookup_whole and group cannot find the name: it is no LOINC code,
        it has no parentheses or hyphen (from which they try other candidates), and its key
        has a word that no name or group key has and no qualifier is. Most runs of prose
        are so, and cost one key instead of a lookup."""
        return name in self.by_loinc or "(" in name or "-" in name or \
            self._vocabulary.issuperset(name_key(name).split())

    def group(self, name: str) -> tuple[str, ...]:
        """The analytes a group name stands for ("serum transaminases" -> ast, alt), or ()."""
        return self.groups.get(name_key(name), ())

    def suggest(self, name: str) -> list[str]:
        """Close analyte names, for "did you mean". A name of more than SUGGEST_WORDS words
        is prose the grammar took for a name ("Subjects who weigh more"), not a misspelt
        name: it gets none, and costs no search."""
        key = name_key(name)
        return _suggest(self, key) if key.count(" ") < SUGGEST_WORDS else []


# What may follow a scale's name and still name its score (Catalogue._scored), longest first.
SCORE_SUFFIXES = (" total score", " score")
SUGGEST_CUTOFF = 0.75
SUGGEST_WORDS = 4


@lru_cache(maxsize=2048)
def _suggest(cat: "Catalogue", key: str) -> list[str]:
    # A ratio of 0.75 needs lengths within a factor of 5/3: skip the rest unscored,
    # so a long prose subject costs nothing.
    low, high = len(key) * 0.6, len(key) / 0.6
    keys = [k for k in cat.by_key if low <= len(k) <= high]
    matches = difflib.get_close_matches(key, keys, n=3, cutoff=SUGGEST_CUTOFF)
    return list(dict.fromkeys(cat.by_key[m] for m in matches))


def _bag(key: str) -> str:
    return " ".join(sorted(key.split()))


def _measured_in_named(name: str, analyte: str) -> bool:
    """The analyte is measured in every specimen the name's parentheses name: "Glucose
    (CSF)" is no blood glucose, "Creatinine (urine)" no serum creatinine."""
    from .read.lexicon import lexicon
    inside = " ".join(re.findall(r"\(([^)]*)\)", name))
    return not inside or lexicon().measured_in_named(inside, analyte)


def _candidates(name: str) -> list[str]:
    """'AST (SGOT)' -> ['AST (SGOT)', 'AST', 'SGOT']: the whole, the outside, each inside."""
    if "(" in name:
        inside = [part for group in _PARENTHESISED.findall(name) for part in _ALTERNATIVES.split(group)]
        outside = _IN_PARENTHESES.sub(" ", name)
    else:  # most names: nothing inside, and the outside is the name
        inside, outside = [], name
    candidates = [name, outside, *inside] if inside else [name]
    # "White Blood cells-WBC": a name and its abbreviation joined by a hyphen.
    abbreviation = _ABBREVIATED.fullmatch(outside.strip()) if "-" in outside else None
    if abbreviation:
        candidates += [abbreviation.group(1), abbreviation.group(2)]
    return candidates


@lru_cache(maxsize=1)
def limit_spans() -> dict[str, LimitSpan]:
    """limit_spans.yaml by analyte id, read when a default limit is first needed (most runs
    judge results that carry their own range and never read it)."""
    text = resources.files("engine").joinpath("data").joinpath("limit_spans.yaml").read_text("utf-8")
    spans = [LimitSpan.model_validate(entry) for entry in load_yaml(text)]
    by_id = catalogue().by_id
    for span in spans:
        analyte = by_id.get(span.analyte)
        if analyte is None or analyte.unit != span.unit:
            raise EngineError(f"limit_spans.yaml: {span.analyte!r} in {span.unit} is not an analyte of "
                              "analytes.yaml in its canonical unit")
        for side in ("ULN", "LLN"):
            for sex, (low, high) in (span.of(side) or {}).items():
                if low > high:
                    raise EngineError(f"limit_spans.yaml: {span.analyte} {side} {sex}: {low} > {high}")
    return {span.analyte: span for span in spans}


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """analytes.yaml as a Catalogue, kept ready in the cache folder (rebuilt when the file
    or this module changes): every command that reads a criterion or a lab needs it."""
    data = resources.files("engine").joinpath("data").joinpath("analytes.yaml").read_bytes()
    return prepared("analytes", (data, Path(__file__).read_bytes()),
                    lambda: Catalogue([Analyte.model_validate(entry) for entry in load_yaml(data.decode("utf-8"))]))
