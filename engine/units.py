"""Clinical unit spellings -> UCUM codes -> conversion factors.

Text goes through the alias table (data/units.txt) to a UCUM code; only UCUM codes
reach pint (through ucumvert), and only once per (from, to, analyte): every factor is
cached, so screening a patient does dictionary look-ups and one multiplication.

Conversions that need the analyte:
* mass <-> substance (mg/dL <-> µmol/L) through its molar mass;
* mEq <-> mmol through its valence;
* [IU] <-> U for enzymes, where labs use the two as the same number.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import math
import os
import re
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from . import show
from .cache import cache_folder, prepared
from .errors import EngineError

_MICRO = re.compile(r"[µμ]|mc(?=[a-z])", re.I)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_ANNOTATION = re.compile(r"\{[^}]*\}")
# Significant digits kept when comparing converted values: factor noise such as
# 1500.0000000000002 must not flip a threshold, and no real lab reports 12 digits.
COMPARE_DIGITS = 12


class UnitError(EngineError):
    """A unit that cannot be read, or two units that cannot be converted."""


class BodySurfaceError(UnitError):
    """A clearance per 1.73 m² of body surface and an absolute one: the same dimension,
    but not the same quantity. Only the patient's body surface area converts them."""


# UCUM's annotation for a clearance normalised to 1.73 m² of body surface ("mL/min/1.73 m²").
PER_BODY_SURFACE = "/{1.73_m2}"


def per_body_surface(code: str) -> bool:
    return PER_BODY_SURFACE in code


def absolute(code: str) -> str:
    """The unit without its normalisation to body surface: mL/min/{1.73_m2} -> mL/min."""
    return code.replace(PER_BODY_SURFACE, "")


_POWER = re.compile(r"^(?:[x×*]\s*)?10\s*(?:\^|\*\*?|e)\s*\(?(\d{1,2})\)?|^[x×*]\s*10\s*\(?(\d{1,2})\)?",
                    re.I)
_SUPERSCRIPT_POWER = re.compile(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def fold(spelling: str) -> str:
    """The lookup key of a unit spelling (see data/units.txt).

    Powers of ten become UCUM's 10*N first ("×10⁹/L", "10^9/L", "x10(9)/L"), so
    that dropping "^" and superscripts afterwards cannot turn 10^9 into 109.
    """
    key = _SUPERSCRIPT_POWER.sub(lambda m: "10*" + m.group(1).translate(_SUPERSCRIPT), spelling.strip())
    key = _POWER.sub(lambda m: f"10*{m.group(1) or m.group(2)}", key)
    key = key.translate(_SUPERSCRIPT)
    key = _MICRO.sub("u", key)
    key = _LITRE.sub(lambda m: _LITRE_PREFIX[(m.group(1) or "").lower()] + "L", key)
    key = _INTERNATIONAL_UNIT.sub("IU", key)
    key = _UNITE_INTERNATIONALE.sub("IU", key)
    key = _SPELLED.sub(lambda m: _SPELLED_PREFIX[(m.group(1) or "").lower()] + _SPELLED_BASE[m.group(2).lower()], key)
    key = _SQUARE_METRE.sub("m2", _CUBIC_MILLIMETRE.sub("mm3", key))
    key = _BODY_SURFACE.sub("", key)
    key = re.sub(r"\s+|\^", "", key)
    return key.lower()


# "umol per liter", "International unit per liter", "mg/deciliter": the litre spelled out.
_LITRE = re.compile(r"\b(micro|milli|deci|centi|nano|pico)?lit(?:er|re)s?\b", re.I)
_INTERNATIONAL_UNIT = re.compile(r"\binternational\s+units?\b", re.I)
# "UI/mL", "mUI/mL": the international unit as French, Spanish and Portuguese write it.
_UNITE_INTERNATIONALE = re.compile(r"(?<=^[kmuµμ])UI(?=/)|^UI(?=/)")
_LITRE_PREFIX = {"": "", "micro": "u", "milli": "m", "deci": "d", "centi": "c", "nano": "n", "pico": "p"}
# "nanograms per deciliter", "micromoles/L", "milliequivalents": mass, substance and
# equivalents spelled out, with their prefix, as their symbols.
_SPELLED = re.compile(r"\b(kilo|milli|micro|nano|pico)?(gram|mole|equivalent)s?\b", re.I)
_SPELLED_PREFIX = {"": "", "kilo": "k", "milli": "m", "micro": "u", "nano": "n", "pico": "p"}
_SPELLED_BASE = {"gram": "g", "mole": "mol", "equivalent": "eq"}
# "per square meter", "per meter square(d)", "/sq m": m²; "per cubic millimeter": mm³.
_SQUARE_METRE = re.compile(r"\b(?:square|sq\.?)\s*m(?:et(?:er|re)s?)?\b|\bmet(?:er|re)s?\s*squared?\b", re.I)
# "mL/min/1.73 m² body surface area", "... 1.73 m2 BSA": what the 1.73 m² is, said after it.
_BODY_SURFACE = re.compile(r"(?<=m2)\s*(?:of\s+)?(?:body\s+surface(?:\s+area)?|bsa)\s*$", re.I)
_CUBIC_MILLIMETRE = re.compile(r"\bcubic\s*millimet(?:er|re)s?\b", re.I)


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Folded spelling -> UCUM code, kept ready in the cache folder (rebuilt when units.txt
    or this module, whose fold() makes the keys, changes): folding its 500 lines cost
    explaining a line more than reading the line."""
    data = resources.files("engine").joinpath("data").joinpath("units.txt").read_bytes()
    return prepared("unit-aliases", (data, Path(__file__).read_bytes()), lambda: _alias_table(data.decode("utf-8")))


def _alias_table(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("%") else line.strip()
        if not line or "=" not in line:
            continue
        spelling, code = (part.strip() for part in line.rsplit("=", 1))
        table[fold(spelling)] = code
        table[fold(code)] = code
    return table


@lru_cache(maxsize=4096)
def to_ucum(spelling: str) -> Optional[str]:
    """UCUM code of a spelling, or None when the alias table does not know it."""
    molar = _MOLAR.match(spelling)
    if molar:
        return f"{_MOLAR_PREFIX[molar.group(1)]}mol/L"
    key = fold(spelling)
    return alias_table().get(key) or _power_of(key)


# "2 x 10^4 IU/mL", "1.5 × 10⁵ copies/mL": a power of ten before a unit the table knows.
_POWER_PREFIX = re.compile(r"^10\*(\d{1,2})(?=\D)(.+)$")


def _power_of(key: str) -> Optional[str]:
    """The UCUM code of a folded spelling that is a power of ten times a known unit, or None.
    A code that begins with "/" or an annotation takes the power as it stands (10*3/uL,
    10*3{copies}/mL: the annotation carries no magnitude); any other is multiplied by it."""
    power = _POWER_PREFIX.match(key)
    code = alias_table().get(power.group(2)) if power else None
    if code is None:
        return None
    return f"10*{power.group(1)}{'' if code[0] in '/{' else '.'}{code}"


# Molar concentrations, "7.0 mM", "50 µM": read before folding, which would make them the
# lengths mm and um. A capital M after a lower-case prefix is molar in SI spelling (the
# metre is always a lower-case m).
_MOLAR = re.compile(r"^\s*([mµμunp])M\s*$")
_MOLAR_PREFIX = {"m": "m", "µ": "u", "μ": "u", "u": "u", "n": "n", "p": "p"}


def suggest(spelling: str) -> list[str]:
    """Known spellings close to an unknown one, for "did you mean"."""
    import difflib
    codes = sorted(set(alias_table().values()))
    return difflib.get_close_matches(spelling, codes, n=3, cutoff=0.5)


@lru_cache(maxsize=1)
def _registry():
    from ucumvert import PintUcumRegistry
    return PintUcumRegistry()


@lru_cache(maxsize=512)
def _quantity(code: str):
    """UCUM code -> pint quantity. Annotations ({cells}, {1.73_m2}) carry no magnitude."""
    bare = _ANNOTATION.sub(lambda m: "" if m.start() and code[m.start() - 1] not in "/." else "1",
                           code).strip() or "1"
    if bare in ("1", "%"):
        one = _registry().from_ucum("m/m")
        return one if bare == "1" else one / 100
    try:
        return _registry().from_ucum(bare)
    except Exception as exc:  # ucumvert raises several types for unreadable codes
        raise UnitError(f"cannot read UCUM unit '{code}'") from exc


def _as_moles(code: str) -> str:
    """[IU] -> U (same number for enzymes); eq -> mol (the valence is applied apart)."""
    return re.sub(r"eq\b", "mol", code.replace("[IU]", "U"))


def _is_equivalents(code: str) -> bool:
    return re.search(r"eq\b", code) is not None


# Viral copies, counted: never cells or any other count.
_COPIES = "{copies}"
# Two ratio units pint would convert by a factor of 10, but which the only analyte measured in
# both (HbA1c) relates by an offset: analytes.Analyte.conversion holds its equation.
_OFFSET_SCALES = {"mmol/mol", "%"}


def _is_score(code: str) -> bool:
    return code in ("{score}", "{ratio}", "1")


@lru_cache(maxsize=4096)
def factor(source: str, target: str, molar_mass: Optional[float] = None,
           valence: Optional[int] = None) -> float:
    """Multiply a value in ``source`` by this to express it in ``target``.

    Raises UnitError when the two units measure different things, or when the
    conversion needs a molar mass or valence the analyte does not have. Loading pint and
    the UCUM registry takes over a second, paid by every command that converts a unit:
    pint's answers are kept in the user's cache (FactorCache) and pint loads only for a
    pair of units no earlier run has converted.
    """
    if source == target:
        return 1.0
    return _FACTORS.get((source, target, molar_mass, valence), _pint_factor)


def _pint_factor(source: str, target: str, molar_mass: Optional[float], valence: Optional[int]) -> float:
    if _is_score(source) or _is_score(target):
        raise UnitError(f"'{source}' and '{target}' measure different things")
    if (_COPIES in source) != (_COPIES in target):
        # The annotation carries no magnitude: pint alone would read 200 copies/mL as 0.2 cells/µL.
        raise UnitError(f"{show.unit(source)} and {show.unit(target)} count different things")
    if {source, target} == _OFFSET_SCALES:
        raise UnitError(f"{show.unit(source)} and {show.unit(target)} differ by an offset, not a factor "
                        "(HbA1c: IFCC and NGSP scales)")
    if per_body_surface(source) != per_body_surface(target):
        # The annotation carries no magnitude, so pint alone would call them equal. Only
        # clearances that convert once the annotation is set aside need a body surface:
        # a result in % is no clearance at all (UnitError from here).
        factor(absolute(source), absolute(target), molar_mass, valence)
        raise BodySurfaceError(f"{show.unit(source)} and {show.unit(target)} are not the same quantity: "
                               "one is per 1.73 m² of body surface, the other absolute")
    from pint.errors import OffsetUnitCalculusError  # pint loads only when a factor is needed
    scale = _valence_scale(source, target, valence)
    try:
        ratio = (_quantity(_as_moles(source)) / _quantity(_as_moles(target))).to_base_units()
    except OffsetUnitCalculusError:
        # °F -> °C is not a multiplication (the scales' zeros differ): no factor exists.
        raise UnitError(f"{source} and {target} are temperature scales with different zeros: "
                        "no conversion factor") from None
    if ratio.dimensionless:
        return _clean(float(ratio.magnitude) * scale)
    return _clean(_through_molar_mass(ratio, source, target, molar_mass) * scale)


class FactorCache:
    """Conversion factors (or the error a conversion raises) from earlier runs, in a JSON
    file of the cache folder named by a hash of what they depend on: this module's code,
    and the pint and ucumvert versions. New answers are added to the file at exit."""

    _ERRORS = {"UnitError": UnitError, "BodySurfaceError": BodySurfaceError}

    def __init__(self):
        self._known: Optional[dict[str, list]] = None
        self._added: dict[str, list] = {}

    def get(self, key: tuple, compute) -> float:
        known = self._load()
        name = json.dumps(key)
        found = known.get(name)
        if found is None:
            try:
                found = ["ok", compute(*key)]
            except UnitError as exc:
                found = [type(exc).__name__, str(exc)]
            known[name] = self._added[name] = found
            if len(self._added) == 1:
                atexit.register(self._save)
        if found[0] == "ok":
            return found[1]
        raise self._ERRORS[found[0]](found[1])

    def _path(self) -> Optional[Path]:
        folder = cache_folder()
        if folder is None:
            return None
        code = Path(__file__).read_bytes()
        key = hashlib.sha256(code + f"\0{_installed('pint')}\0{_installed('ucumvert')}".encode()).hexdigest()
        return folder / f"unit-factors-{key[:16]}.json"

    def _load(self) -> dict[str, list]:
        if self._known is None:
            path = self._path()
            try:
                self._known = json.loads(path.read_text("utf-8")) if path else {}
            except (OSError, ValueError):
                self._known = {}   # none yet, or unreadable: rebuilt as conversions happen
        return self._known

    def _save(self) -> None:
        """Merge this run's answers into the file (another run may have added its own),
        written whole to a temporary file and renamed, so no reader sees half a file."""
        path = self._path()
        if path is None or not self._added:
            return
        try:
            merged = json.loads(path.read_text("utf-8")) if path.exists() else {}
        except (OSError, ValueError):
            merged = {}
        merged.update(self._added)
        try:
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp",
                                             encoding="utf-8") as out:
                json.dump(merged, out)
            os.replace(out.name, path)
        except OSError:
            pass   # a cache that cannot be written only costs time


def _installed(package: str) -> str:
    """The package's installed version: the name of its .dist-info folder beside it, which
    says it ("pint-0.25.3.dist-info"); else importlib.metadata's answer. Importing
    importlib.metadata cost more than reading every factor from the cache."""
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent.parent
        prefix = f"{package}-".lower()
        found = sorted(name for name in os.listdir(folder)
                       if name.lower().startswith(prefix) and name.endswith(".dist-info"))
        if len(found) == 1:
            return found[0]
    from importlib.metadata import version
    return version(package)


_FACTORS = FactorCache()


def _valence_scale(source: str, target: str, valence: Optional[int]) -> float:
    if _is_equivalents(source) == _is_equivalents(target):
        return 1.0
    if not valence:
        raise UnitError(f"converting {source} to {target} needs the analyte's valence")
    return 1.0 / valence if _is_equivalents(source) else float(valence)


def _through_molar_mass(ratio, source: str, target: str, molar_mass: Optional[float]) -> float:
    """mass/volume <-> substance/volume: the ratio carries g/mol or mol/g."""
    ureg = ratio._REGISTRY  # ucumvert's quantities live in pint's application registry
    grams_per_mole = ureg.Quantity(1, "g/mol").dimensionality
    if ratio.dimensionality not in (grams_per_mole, 1 / grams_per_mole):
        raise UnitError(f"cannot convert {source} to {target}: they measure different things")
    if not molar_mass:
        raise UnitError(f"converting {source} to {target} needs the analyte's molar mass")
    mm = ureg.Quantity(molar_mass, "g/mol")
    converted = ratio / mm if ratio.dimensionality == grams_per_mole else ratio * mm
    return float(converted.to_base_units().magnitude)


def _clean(value: float) -> float:
    """Round a factor to 15 significant digits so 1000.0000000000001 reads 1000."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.15g}")


def comparable(value: float) -> float:
    """A converted value rounded to COMPARE_DIGITS significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{COMPARE_DIGITS}g}")
