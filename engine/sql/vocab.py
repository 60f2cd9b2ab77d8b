"""The OMOP vocabulary (omop.yaml) both back ends read: concepts, units, operators, sexes.

One table, two readers: the SQL compiler turns it into VALUES lists joined in the
query, and the OMOP loader (engine.sql.loader) uses it to build Patient objects, so
a registry row means the same thing to the Python evaluator and to the database.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..analytes import catalogue
from ..documents import load_yaml
from ..errors import EngineError
from ..units import to_ucum

# A unit_concept_id of NULL or 0 ("no unit") is joined through this key.
NO_UNIT = -1


@dataclass(frozen=True)
class Vocabulary:
    concepts: dict[int, str]       # measurement/observation concept id -> analyte id
    loinc: dict[str, str]          # LOINC code (source value) -> analyte id
    units: dict[int, str]          # unit concept id -> UCUM code
    operators: dict[int, str]      # operator concept id -> comparator
    genders: dict[int, str]        # gender concept id -> sex

    def analyte(self, concept_id: Optional[int], source_value: Optional[str]) -> Optional[str]:
        """The analyte a registry row measures: by concept id, else by LOINC source value."""
        found = self.concepts.get(concept_id) if concept_id is not None else None
        if found is None and source_value is not None:
            found = self.loinc.get(source_value)
        return found

    def comparator(self, operator_concept_id: Optional[int]) -> Optional[str]:
        op = self.operators.get(operator_concept_id) if operator_concept_id is not None else None
        return None if op in (None, "=") else op

    def sex(self, gender_concept_id: Optional[int]) -> str:
        return self.genders.get(gender_concept_id, "unknown") if gender_concept_id is not None \
            else "unknown"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    text = resources.files("engine.sql").joinpath("omop.yaml").read_text("utf-8")
    data = load_yaml(text)
    cat = catalogue()
    concepts: dict[int, str] = {}
    for analyte, ids in data["measurements"].items():
        if analyte not in cat.by_id:
            raise EngineError(f"omop.yaml: unknown analyte '{analyte}'")
        for concept_id in ids:
            if concepts.setdefault(int(concept_id), analyte) != analyte:
                raise EngineError(f"omop.yaml: concept {concept_id} maps to two analytes")
    units = {int(k): str(v) for k, v in data["units"].items()}
    for concept_id, code in units.items():
        if to_ucum(code) != code:
            raise EngineError(f"omop.yaml: unit {concept_id} '{code}' is not a UCUM code the engine knows")
    loinc = {code: a.id for a in cat.by_id.values() for code in a.loinc}
    return Vocabulary(concepts=concepts, loinc=loinc, units=units,
                      operators={int(k): str(v) for k, v in data["operators"].items()},
                      genders={int(k): str(v) for k, v in data["genders"].items()})


def unit_concept(code: str) -> Optional[int]:
    """The first unit concept id whose UCUM code is ``code`` (for writers of registries)."""
    for concept_id, ucum in vocabulary().units.items():
        if ucum == code:
            return concept_id
    return None
