"""The code sets of engine/data/concepts.yaml (issue 17): every code is real in its
system, and the committed Synthea bundles are matched by them: a coded record stands for
a concept with codes in its system only by its code. A drug class's RxNorm ingredients
bring their products to it through an OMOP vocabulary."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import warnings

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import verhoeff

from engine import compile_criterion, evaluate
from engine.adapters import LoadReport, patient_from_bundle
from engine.concepts import OMOP, Concept, concepts, key, split_code
from engine.nodes import statements
from engine.sql.codes import load_vocabulary

from .conftest import ROOT, case_ids, table

with warnings.catch_warnings():  # its data loads through importlib.resources calls since deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    import simple_icd_10_cm as icd10cm

CODE_SETS = [(c.id, s) for c in concepts().by_id.values() for s in c.codes]
SETS_IDS = [f"{cid} {s.system}" for cid, s in CODE_SETS]
BUNDLES = sorted((ROOT / "patients" / "synthea").glob("*.json"))


def _codes(system: str) -> list[tuple[str, str, str]]:
    return [(cid, code, display) for cid, s in CODE_SETS if s.system == system
            for code, display in s.codes.items()]


@pytest.mark.parametrize("concept_id, code, display", _codes("ICD-10-CM"))
def test_every_icd10cm_code_exists_with_its_display(concept_id, code, display):
    assert icd10cm.is_valid_item(code), f"{concept_id}: {code} is no ICD-10-CM code"
    assert icd10cm.get_description(code) == display


@pytest.mark.parametrize("concept_id, code, display", _codes("SNOMED"))
def test_every_snomed_code_is_a_concept_id(concept_id, code, display):
    # An SCTID ends in a partition (00 or 10: a concept) and a Verhoeff check digit.
    assert verhoeff.is_valid(code) and code[-3:-1] in ("00", "10"), f"{concept_id}: {code}"


@pytest.mark.parametrize("concept_id, code_set", CODE_SETS, ids=SETS_IDS)
def test_every_code_set_names_its_source(concept_id, code_set):
    assert code_set.source.strip() and code_set.codes


def test_a_concept_has_codes_or_says_why_not():
    with pytest.raises(pydantic.ValidationError, match="give either codes or name_only"):
        Concept.model_validate({"id": "x", "kind": "condition", "synonyms": ["x"]})


def _records(path: Path):
    patient = patient_from_bundle(json.loads(path.read_text(encoding="utf-8")), str(path), LoadReport())
    return patient, {"condition": patient.conditions, "medication": patient.medications,
                     "procedure": patient.procedures}


def test_synthea_records_match_coded_concepts_by_code_only():
    table = concepts()
    by_code, by_name = set(), set()
    for path in BUNDLES:
        for kind, records in _records(path)[1].items():
            for record in records:
                for concept in (c for c in table.by_id.values() if c.kind == kind):
                    if not table.matches(concept.id, record.name, record.code):
                        continue
                    coded = table.code_matches(concept.id, record.code)  # None: no codes in its system
                    (by_code if coded else by_name).add((concept.id, split_code(record.code)[1]))
    assert {("pregnancy", "72892002"), ("diabetes mellitus", "44054006"), ("hepatitis c", "128302006"),
            ("myocardial infarction", "22298006")} <= by_code
    # Procedures by their SNOMED CT codes: a chemoradiotherapy is radiotherapy, and an off-pump
    # bypass, which no synonym names, a coronary artery bypass graft.
    assert {("radiotherapy", "703423002"), ("dialysis", "265764009"), ("blood transfusion", "180207008"),
            ("blood transfusion", "71493000"), ("coronary artery bypass graft", "418824004")} <= by_code
    assert not {cid for cid, code in by_code | by_name if code == "161744009"}  # past history of miscarriage
    # Matched by name: the concepts kept to names (among them those added for criteria put in
    # time, whose codes are to come: a colon cancer is a malignancy, a PCI a PCI), and those
    # that list ICD-10-CM codes but no SNOMED CT ones (peripheral neuropathy: "Neuropathy due
    # to type 2 diabetes mellitus"), never one with a SNOMED CT set that FHIR records are
    # matched by (a set read only through an OMOP vocabulary, via_vocabulary, is not one).
    named = {cid for cid, _ in by_name}
    assert {"chemotherapy", "corticosteroids", "anticoagulation", "peripheral neuropathy",
            "malignancy", "percutaneous coronary intervention", "statins", "chronic kidney disease"} <= named
    assert not [cid for cid in named if any(s.system == "SNOMED" and not s.via_vocabulary for s in table[cid].codes)]
    # A contraceptive's ethinyl estradiol is no hormone replacement therapy.
    assert "hormone replacement therapy" not in named


def test_a_synthea_history_of_miscarriage_is_not_read_as_a_pregnancy():
    # synthea-05: a first-trimester miscarriage on 2018-04-06, then "Past pregnancy history
    # of miscarriage" (SNOMED 161744009) on 2018-05-02; screened a month later.
    patient, _ = _records(ROOT / "patients" / "synthea" / "synthea-05.json")
    criterion = compile_criterion("Not pregnant or nursing", "inclusion", strict=True)
    out = evaluate(criterion, patient, date(2018, 6, 1))
    assert out.status == "unknown" and "history of miscarriage" not in out.reason, out.reason


ICD10CM_CONCEPTS = sorted({cid for cid, s in CODE_SETS if s.system == "ICD-10-CM"})
ANY_ICD10CM_CODE = st.sampled_from(sorted(c for c in icd10cm.get_all_codes(with_dots=True)
                                          if icd10cm.is_category_or_subcategory(c)))


def _listed(concept_id: str) -> dict[str, str]:
    return next(s.codes for s in concepts()[concept_id].codes if s.system == "ICD-10-CM")


@lru_cache(maxsize=None)
def _code_of(concept_id: str):
    """Any ICD-10-CM code, or one under the concept's listed codes (half the draws each)."""
    under = sorted(d for c in _listed(concept_id) for d in (c, *icd10cm.get_descendants(c))
                   if icd10cm.is_category_or_subcategory(d))
    return ANY_ICD10CM_CODE | st.sampled_from(under)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), concept_id=st.sampled_from(ICD10CM_CONCEPTS), dotted=st.booleans())
def test_an_icd10cm_record_matches_exactly_when_it_descends_from_a_listed_code(data, concept_id, dotted):
    code = data.draw(_code_of(concept_id))
    expected = any(code == c or icd10cm.is_descendant(code, c) for c in _listed(concept_id))
    written = code if dotted else icd10cm.remove_dot(code)
    assert concepts().code_matches(concept_id, f"http://hl7.org/fhir/sid/icd-10-cm|{written}") is expected


def test_the_table_covers_the_breadth_of_real_criteria():
    """Issue 17, item 4: at least 150 concepts, each condition coded (ICD-10-CM) or saying
    why not, and a synonym naming one concept only (the exact reading would take either)."""
    table = concepts().by_id.values()
    assert len(table) >= 150
    owners: dict[str, set[str]] = {}
    for concept in table:
        for name in {key(s) for s in (concept.id, *concept.synonyms)}:
            owners.setdefault(name, set()).add(concept.id)
    assert not {name: ids for name, ids in owners.items() if len(ids) > 1}


@pytest.mark.parametrize("line, concept", [
    ("History of sarcoidosis", "sarcoidosis"),
    ("Known chronic obstructive pulmonary disease", "chronic obstructive pulmonary disease"),
    ("Prior kidney transplant", "kidney transplant"), ("Current use of statins", "statins"),
    ("History of epilepsy", "epilepsy"), ("Schizophrenia or bipolar disorder", "schizophrenia"),
])
def test_frequent_chia_concepts_are_read(line, concept):
    """The concepts growth-trial Chia lines name most (scripts/chia_concepts.py) are read."""
    criterion = compile_criterion(line, "exclusion")
    assert criterion.evaluable and concept in {leaf.concept for leaf in statements(criterion.tree)}


INGREDIENT_READS = table("rxnorm_ingredients.yaml")
VOCABULARY_COLUMNS = {
    "CONCEPT": "concept_id concept_name domain_id vocabulary_id concept_class_id standard_concept concept_code "
               "valid_start_date valid_end_date invalid_reason",
    "CONCEPT_RELATIONSHIP": "concept_id_1 concept_id_2 relationship_id valid_start_date valid_end_date invalid_reason",
    "CONCEPT_ANCESTOR": "ancestor_concept_id descendant_concept_id min_levels_of_separation max_levels_of_separation",
}


@pytest.fixture(scope="module")
def ingredient_vocabulary(tmp_path_factory):
    """A folder of Athena files: each ingredient of the table as the standard RxNorm concept
    of its code, and one product below it whose name names no drug. Returns the resolution
    of concepts.yaml against it and each ingredient's product id."""
    folder = tmp_path_factory.mktemp("rxnorm-vocabulary")
    rows = {name: [] for name in VOCABULARY_COLUMNS}
    products = {}
    for i, read in enumerate(INGREDIENT_READS):
        ingredient, product = 2_100_000_000 + 2 * i, 2_100_000_001 + 2 * i
        products[read["rxcui"]] = product
        drug, valid = ["Drug", "RxNorm"], ["1970-01-01", "2099-12-31", ""]
        rows["CONCEPT"] += [[ingredient, read["ingredient"], *drug, "Ingredient", "S", read["rxcui"], *valid],
                            [product, f"Product {i}", *drug, "Clinical Drug", "S", f"TEST-{i}", *valid]]
        rows["CONCEPT_ANCESTOR"] += [[ingredient, ingredient, 0, 0], [product, product, 0, 0],
                                     [ingredient, product, 1, 1]]
    for name, columns in VOCABULARY_COLUMNS.items():
        lines = ["\t".join(columns.split())] + ["\t".join(map(str, row)) for row in rows[name]]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_vocabulary(str(folder)), products


@pytest.mark.parametrize("read", INGREDIENT_READS, ids=case_ids(INGREDIENT_READS, "ingredient"))
def test_a_registry_product_is_read_as_the_classes_of_its_ingredient(read, ingredient_vocabulary):
    """The row's code alone says what it is: its name ("Product") names no drug."""
    omop, products = ingredient_vocabulary
    code, name = f"{OMOP}|{products[read['rxcui']]}", "Product"
    matched = {c for c in (*read["read_as"], *read["not"]) if concepts().matches(c, name, code, omop)}
    assert matched == set(read["read_as"])
