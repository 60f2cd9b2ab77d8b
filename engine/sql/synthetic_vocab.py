"""The small OMOP vocabulary of the synthetic registry (synthetic.py), for the codes it uses.

Shaped like Athena's tables (concept, concept_relationship, concept_ancestor) so the
registry can be screened with ``--vocabulary``, but SYNTHETIC: real OMOP concept ids are
Athena-licensed and none is copied here. Every concept id is in the range OMOP leaves to
local concepts (above 2,000,000,000); the codes are the real ones of their vocabularies
where a public source or concepts.yaml gives them (SNOMED CT, ICD-10-CM checked with
simple-icd-10-cm, RxNorm ingredients, ATC classes), and clearly made-up codes of a
vocabulary named ``Synthetic`` where none is verified (drug products, a stent insertion).

The structure is Athena's: a source ICD-10-CM concept 'Maps to' a standard SNOMED CT one
(a standard concept maps to itself); a type 2 diabetes lies under diabetes mellitus, a
product under its ingredient, an ingredient under its ATC class (concept_ancestor, with
every concept its own ancestor at level 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

LOCAL = 2_000_000_000   # OMOP concept ids above this are local (site-defined) concepts


@dataclass(frozen=True)
class Term:
    key: str
    vocabulary: str           # concept.vocabulary_id
    code: str                 # concept.concept_code
    name: str
    domain: str               # Condition, Drug, Procedure
    standard: Optional[str]   # 'S' standard, 'C' classification, None: a source concept
    maps_to: Optional[str] = None    # a source concept's standard concept (key)
    parent: Optional[str] = None     # its parent in the hierarchy (key)


TERMS = (
    # conditions: standard SNOMED CT concepts (codes as concepts.yaml lists them; 254837009 from
    # the HL7 mCODE examples) and the ICD-10-CM source codes that map to them
    Term("liver mets", "SNOMED", "94381002", "Secondary malignant neoplasm of liver", "Condition", "S"),
    Term("brain mets", "SNOMED", "94225005", "Secondary malignant neoplasm of brain", "Condition", "S"),
    Term("diabetes", "SNOMED", "73211009", "Diabetes mellitus", "Condition", "S"),
    Term("t2dm", "SNOMED", "44054006", "Diabetes mellitus type 2", "Condition", "S", parent="diabetes"),
    Term("heart failure", "SNOMED", "84114007", "Heart failure", "Condition", "S"),
    Term("chf", "SNOMED", "42343007", "Congestive heart failure", "Condition", "S", parent="heart failure"),
    Term("unstable angina", "SNOMED", "4557003", "Preinfarction syndrome", "Condition", "S"),
    Term("hepatitis b", "SNOMED", "66071002", "Viral hepatitis type B", "Condition", "S"),
    Term("hepatitis c", "SNOMED", "50711007", "Viral hepatitis type C", "Condition", "S"),
    Term("chronic hepatitis c", "SNOMED", "128302006", "Chronic hepatitis C", "Condition", "S",
         parent="hepatitis c"),
    Term("pregnant", "SNOMED", "77386006", "Pregnant", "Condition", "S"),
    Term("breast cancer", "SNOMED", "254837009", "Malignant neoplasm of breast", "Condition", "S"),
    Term("C78.7", "ICD10CM", "C78.7", "Secondary malignant neoplasm of liver and intrahepatic bile duct",
         "Condition", None, maps_to="liver mets"),
    Term("C79.31", "ICD10CM", "C79.31", "Secondary malignant neoplasm of brain", "Condition", None,
         maps_to="brain mets"),
    Term("E11.9", "ICD10CM", "E11.9", "Type 2 diabetes mellitus without complications", "Condition", None,
         maps_to="t2dm"),
    Term("I50.9", "ICD10CM", "I50.9", "Heart failure, unspecified", "Condition", None, maps_to="chf"),
    Term("I20.0", "ICD10CM", "I20.0", "Unstable angina", "Condition", None, maps_to="unstable angina"),
    Term("B18.1", "ICD10CM", "B18.1", "Chronic viral hepatitis B without delta-agent", "Condition", None,
         maps_to="hepatitis b"),
    Term("B18.2", "ICD10CM", "B18.2", "Chronic viral hepatitis C", "Condition", None,
         maps_to="chronic hepatitis c"),
    Term("Z33.1", "ICD10CM", "Z33.1", "Pregnant state, incidental", "Condition", None, maps_to="pregnant"),
    # drugs: ATC class > RxNorm ingredient (concepts.yaml) > a synthetic product
    Term("taxanes", "ATC", "L01CD", "Taxanes", "Drug", "C"),
    Term("paclitaxel", "RxNorm", "56946", "paclitaxel", "Drug", "S", parent="taxanes"),
    Term("docetaxel", "RxNorm", "72962", "docetaxel", "Drug", "S", parent="taxanes"),
    Term("paclitaxel product", "Synthetic", "SYN-D1", "paclitaxel 6 MG/ML Injectable Solution (synthetic)",
         "Drug", "S", parent="paclitaxel"),
    Term("docetaxel product", "Synthetic", "SYN-D2", "docetaxel 20 MG/ML Injectable Solution (synthetic)",
         "Drug", "S", parent="docetaxel"),
    Term("warfarin", "RxNorm", "11289", "warfarin", "Drug", "S"),
    Term("warfarin product", "Synthetic", "SYN-D3", "warfarin sodium 5 MG Oral Tablet (synthetic)", "Drug", "S",
         parent="warfarin"),
    # procedures: PCI (SNOMED CT, Synthea) and a synthetic kind of it
    Term("pci", "SNOMED", "415070008", "Percutaneous coronary intervention", "Procedure", "S"),
    Term("stent", "Synthetic", "SYN-P1", "Insertion of drug-eluting coronary artery stent (synthetic)",
         "Procedure", "S", parent="pci"),
    # type 1 diabetes, a sibling of type 2 under diabetes mellitus (last, so the ids above stay)
    Term("t1dm", "SNOMED", "46635009", "Diabetes mellitus type 1", "Condition", "S", parent="diabetes"),
    Term("E10.9", "ICD10CM", "E10.9", "Type 1 diabetes mellitus without complications", "Condition", None,
         maps_to="t1dm"),
)
IDS = {t.key: LOCAL + i for i, t in enumerate(TERMS, start=1)}
BY_KEY = {t.key: t for t in TERMS}


def standard_id(key: Optional[str]) -> int:
    """The concept id a registry row records for a term: its standard concept's (0: none)."""
    if key is None:
        return 0
    term = BY_KEY[key]
    return IDS[term.maps_to or term.key]


DDL = (
    "CREATE TABLE concept (concept_id BIGINT, concept_name VARCHAR, domain_id VARCHAR, vocabulary_id VARCHAR, "
    "concept_class_id VARCHAR, standard_concept VARCHAR, concept_code VARCHAR, valid_start_date DATE, "
    "valid_end_date DATE, invalid_reason VARCHAR)",
    "CREATE TABLE concept_relationship (concept_id_1 BIGINT, concept_id_2 BIGINT, relationship_id VARCHAR, "
    "valid_start_date DATE, valid_end_date DATE, invalid_reason VARCHAR)",
    "CREATE TABLE concept_ancestor (ancestor_concept_id BIGINT, descendant_concept_id BIGINT, "
    "min_levels_of_separation INT, max_levels_of_separation INT)",
)
VOCABULARY_TABLES = ("concept", "concept_relationship", "concept_ancestor")
_CLASS = {"SNOMED": "Clinical Finding", "ICD10CM": "ICD10 code", "RxNorm": "Ingredient", "ATC": "ATC 4th",
          "Synthetic": "Synthetic"}
_VALID = ("1970-01-01", "2099-12-31")


def rows() -> dict[str, list[tuple]]:
    """The three tables' rows."""
    concept = [(IDS[t.key], t.name, t.domain, t.vocabulary, _CLASS[t.vocabulary], t.standard, t.code, *_VALID, None)
               for t in TERMS]
    relationship = []
    for t in TERMS:
        target = t.maps_to or (t.key if t.standard == "S" else None)
        if target:
            relationship.append((IDS[t.key], IDS[target], "Maps to", *_VALID, None))
            relationship.append((IDS[target], IDS[t.key], "Mapped from", *_VALID, None))
    ancestor = []
    for t in TERMS:
        if t.standard is None:
            continue
        level, node = 0, t
        while node is not None:   # every ancestor up the single-parent chain, itself first
            ancestor.append((IDS[node.key], IDS[t.key], level, level))
            node, level = (BY_KEY[node.parent] if node.parent else None), level + 1
    return {"concept": concept, "concept_relationship": sorted(set(relationship)), "concept_ancestor": ancestor}


def write(con) -> None:
    """Create and fill the vocabulary tables on a DuckDB connection."""
    for statement in DDL:
        con.execute(statement)
    for table, found in rows().items():
        marks = ", ".join("?" * len(found[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", found)
