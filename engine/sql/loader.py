"""OMOP registry rows -> engine.Patient, for the Python side of the agreement tests.

The mapping is the SQL back end's, from the same vocabulary (omop.yaml):

* measurement and observation rows -> ``labs``, analyte by concept id, else by the
  LOINC code in the source value; rows with no value_as_number are skipped. Labs are
  listed measurement rows first, then observation rows, each by id: the order that
  breaks ties between results of the same date, in Python and in SQL alike.
* the unit is the UCUM code of unit_concept_id; no unit (NULL or 0) is left out (the
  analyte's canonical unit where it may be omitted, unknown otherwise); an unlisted
  unit concept is kept as text the engine cannot read (unknown).
* operator_concept_id -> ``comparator``; range_low / range_high -> ``reference_range``.
* person: sex from gender_concept_id, birth date from year/month/day of birth (a
  partial or impossible date is no birth date); a row without a person_id is no patient,
  and the rows of one person_id are one patient with the fields they agree on (as the
  SQL staging's ``persons``);
* condition_occurrence -> ``conditions`` (recorded present, with start and end dates),
  drug_exposure -> ``medications`` (start, end, status unknown), procedure_occurrence
  -> ``procedures``, each named by its source value, coded by its concept id (0 or NULL: no
  code, the name decides; see concepts.py ``matches``), and listed by id. ``concept_ids``
  (engine.sql.codes) is the registry vocabulary's resolution of the coded concepts, the
  one the SQL back end compiles in: without it, a coded row is unreadable for them.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, Optional

from ..concepts import OMOP, ConceptIds
from ..patients import Patient
from .vocab import Vocabulary, vocabulary

PERSON = ("person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth")
MEASUREMENT = ("person_id", "measurement_id", "measurement_concept_id", "measurement_source_value",
               "measurement_date", "value_as_number", "unit_concept_id", "operator_concept_id",
               "range_low", "range_high")
OBSERVATION = ("person_id", "observation_id", "observation_concept_id", "observation_source_value",
               "observation_date", "value_as_number", "unit_concept_id")
CONDITION = ("person_id", "condition_occurrence_id", "condition_concept_id", "condition_source_value",
             "condition_start_date", "condition_end_date")
DRUG = ("person_id", "drug_exposure_id", "drug_concept_id", "drug_source_value", "drug_exposure_start_date",
        "drug_exposure_end_date")
PROCEDURE = ("person_id", "procedure_occurrence_id", "procedure_concept_id", "procedure_source_value",
             "procedure_date")


def birth_date(year: Optional[int], month: Optional[int], day: Optional[int]) -> Optional[date]:
    if year is None or month is None or day is None:
        return None
    try:
        return date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return None


def _unit(unit_concept_id: Optional[int], vocab: Vocabulary) -> Optional[str]:
    if unit_concept_id is None or unit_concept_id == 0:
        return None
    return vocab.units.get(unit_concept_id, f"unit concept {unit_concept_id}")


def _lab(row: dict, concept: str, source: str, day: str, vocab: Vocabulary) -> Optional[dict]:
    analyte = vocab.analyte(row[concept], row[source])
    if analyte is None or row["value_as_number"] is None:
        return None
    lab = {"test": analyte, "value": float(row["value_as_number"]), "unit": _unit(row["unit_concept_id"], vocab),
           "date": row[day], "comparator": vocab.comparator(row.get("operator_concept_id"))}
    low, high = row.get("range_low"), row.get("range_high")
    if low is not None or high is not None:
        lab["reference_range"] = {"low": None if low is None else float(low),
                                  "high": None if high is None else float(high)}
    return lab


def _code(concept_id: Optional[int]) -> Optional[str]:
    """A row's concept id as a record's code; 0 or NULL (no standard concept) is no code."""
    return None if not concept_id else f"{OMOP}|{int(concept_id)}"


def patients_from_rows(persons: Iterable[dict], measurements: Iterable[dict], observations: Iterable[dict],
                       conditions: Iterable[dict], vocab: Optional[Vocabulary] = None,
                       drugs: Iterable[dict] = (), procedures: Iterable[dict] = (),
                       concept_ids: Optional[ConceptIds] = None) -> list[Patient]:
    """One Patient per person row; the other rows attach by person_id (any order)."""
    vocab = vocab or vocabulary()
    labs: dict[int, list[tuple]] = defaultdict(list)
    for row in measurements:
        lab = _lab(row, "measurement_concept_id", "measurement_source_value", "measurement_date", vocab)
        if lab:
            labs[row["person_id"]].append((0, row["measurement_id"], lab))
    for row in observations:
        lab = _lab(row, "observation_concept_id", "observation_source_value", "observation_date", vocab)
        if lab:
            labs[row["person_id"]].append((1, row["observation_id"], lab))
    history = {
        "conditions": _history(conditions, "condition_occurrence_id", lambda r: {
            "name": r["condition_source_value"] or "", "code": _code(r.get("condition_concept_id")),
            "date": r["condition_start_date"], "end": r["condition_end_date"]}),
        "medications": _history(drugs, "drug_exposure_id", lambda r: {
            "name": r["drug_source_value"] or "", "code": _code(r.get("drug_concept_id")),
            "start": r["drug_exposure_start_date"], "end": r["drug_exposure_end_date"]}),
        "procedures": _history(procedures, "procedure_occurrence_id", lambda r: {
            "name": r["procedure_source_value"] or "", "code": _code(r.get("procedure_concept_id")),
            "date": r["procedure_date"]}),
    }
    patients = []
    for person in _one_row_per_person(persons):
        pid = person["person_id"]
        patient = Patient.model_validate({
            "id": str(pid), "sex": vocab.sex(person["gender_concept_id"]),
            "birth_date": birth_date(person["year_of_birth"], person["month_of_birth"], person["day_of_birth"]),
            "labs": [lab for _, _, lab in sorted(labs.get(pid, []), key=lambda t: (t[0], t[1]))],
            **{field: entries.get(pid, []) for field, entries in history.items()},
        })
        patient._omop_concepts = concept_ids
        patients.append(patient)
    return patients


def _one_row_per_person(persons: Iterable[dict]) -> list[dict]:
    """Per person_id (rows without one left out), in order of first appearance: each field
    the rows agree on, None (unknown) where they differ."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for person in persons:
        if person["person_id"] is not None:
            rows[person["person_id"]].append(person)
    return [{k: v if all(r[k] == v for r in same) else None for k, v in same[0].items()} for same in rows.values()]


def _history(rows: Iterable[dict], id_column: str, entry) -> dict[int, list[dict]]:
    found: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        found[row["person_id"]].append((row[id_column], entry(row)))
    return {pid: [e for _, e in sorted(items, key=lambda t: t[0])] for pid, items in found.items()}


def _dicts(cursor, query: str, names: tuple[str, ...]) -> list[dict]:
    cursor.execute(query)
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def load_patients(connection, schema: Optional[str] = None, where: str = "",
                  vocab: Optional[Vocabulary] = None, concept_ids: Optional[ConceptIds] = None) -> list[Patient]:
    """Every person of an OMOP registry as a Patient (DB-API connection: DuckDB or psycopg).

    ``where`` filters persons, e.g. ``"person_id < 1000"`` (applied to every table);
    ``concept_ids``: the vocabulary's resolution of the coded concepts (engine.sql.codes).
    """
    prefix = f"{schema}." if schema else ""
    clause = f" WHERE {where}" if where else ""
    cursor = connection.cursor()

    def rows(table: str, names: tuple[str, ...], order: str) -> list[dict]:
        return _dicts(cursor, f"SELECT {', '.join(names)} FROM {prefix}{table}{clause} ORDER BY {order}", names)

    tables = _tables(connection, schema)
    return patients_from_rows(rows("person", PERSON, "person_id"),
                              rows("measurement", MEASUREMENT, "measurement_id"),
                              rows("observation", OBSERVATION, "observation_id"),
                              rows("condition_occurrence", CONDITION, "condition_occurrence_id"), vocab,
                              rows("drug_exposure", DRUG, "drug_exposure_id") if "drug_exposure" in tables else [],
                              rows("procedure_occurrence", PROCEDURE, "procedure_occurrence_id")
                              if "procedure_occurrence" in tables else [], concept_ids)


def _tables(connection, schema: Optional[str]) -> set[str]:
    cursor = connection.cursor()
    where = f" WHERE table_schema = '{schema}'" if schema else ""
    cursor.execute(f"SELECT table_name FROM information_schema.tables{where}")
    return {row[0].lower() for row in cursor.fetchall()}
