"""A synthetic OMOP registry, generated inside DuckDB (benchmarks/make_registry.py).

Deterministic for a seed: every random draw is a hash of (row, purpose, seed), so the
same registry comes out on any number of threads, and 10 million patients take
minutes, not hours. What it holds:

* person: ~48% women, ~48% men, the rest other/unknown; ages 10-95 (a few minors);
  1% with only a birth year (no usable birth date).
* measurement: the labs the seed trials ask about, with realistic distributions
  (log-normal for enzymes, creatinine, triglycerides), in conventional or SI units
  (platelets in 10*3/uL, 10*9/L or /uL; creatinine in mg/dL or umol/L; glucose and
  lipids in mg/dL or mmol/L ...) with the factor from ``units.factor``; reference ranges
  from the lab for ~70% of patients, the upper limit only for ~10%, none for ~20%;
  censored bilirubin ("< 0.2"); a few results with no unit or an unmapped unit;
  ~2% named only by LOINC in measurement_source_value (concept 0); missing labs
  (~8% per analyte), stale ones (older than 28 days), older history, and a few
  results dated after the screening date.
* observation: ECOG (most), Karnofsky only (some), both (a few).
* condition_occurrence, drug_exposure, procedure_occurrence: metastases, diabetes,
  heart failure, hepatitis, pregnancy; chemotherapy and other drugs; radiotherapy,
  surgery and coronary interventions, with dates inside and outside the trials' windows.
  Most rows carry the concept id of their code's standard concept, some none (0: an
  unmapped row, named only by its source value), and a few are named so that only their
  code says what they are (a docetaxel brand, a stent insertion).
* concept, concept_relationship, concept_ancestor: a small SYNTHETIC OMOP vocabulary for
  those codes (synthetic_vocab.py: local concept ids, Athena's structure), for
  ``--vocabulary``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from ..analytes import catalogue
from ..units import factor
from . import synthetic_vocab
from .schema import TABLES, ddl
from .synthetic_vocab import standard_id
from .vocab import unit_concept, vocabulary

AS_OF = date(2026, 11, 1)


@dataclass(frozen=True)
class Lab:
    analyte: str
    mean: float                      # in the first unit
    sd: float
    low: float                       # clamp
    high: float
    log: bool                        # log-normal (mean/sd are of the value, approximately)
    units: tuple[tuple[str, float, int], ...]   # (UCUM code, weight, decimals)
    present: float = 0.92
    censor: Optional[float] = None   # "< value" (first unit) for some results


LABS = (
    Lab("platelets", 250, 90, 5, 900, False, (("10*3/uL", .55, 0), ("10*9/L", .35, 0), ("/uL", .10, -3))),
    Lab("absolute neutrophil count", 4.0, 2.0, 0.05, 30, True, (("10*3/uL", .55, 2), ("10*9/L", .35, 1),
                                                                   ("/uL", .10, -1))),
    Lab("white blood cell count", 7.0, 2.6, 0.5, 60, True, (("10*3/uL", .6, 1), ("10*9/L", .4, 1))),
    Lab("hemoglobin", 12.4, 1.9, 4, 19.5, False, (("g/dL", .7, 1), ("g/L", .3, 0))),
    Lab("creatinine", 0.95, 0.35, 0.25, 9, True, (("mg/dL", .65, 2), ("umol/L", .35, 0))),
    Lab("total bilirubin", 0.7, 0.45, 0.1, 12, True, (("mg/dL", .65, 1), ("umol/L", .35, 0)), censor=0.2),
    Lab("ast", 30, 22, 6, 900, True, (("U/L", .8, 0), ("[IU]/L", .2, 0))),
    Lab("alt", 32, 26, 5, 900, True, (("U/L", .8, 0), ("[IU]/L", .2, 0))),
    Lab("albumin", 3.9, 0.55, 1.5, 5.5, False, (("g/dL", .7, 1), ("g/L", .3, 0))),
    Lab("fasting glucose", 102, 22, 50, 400, True, (("mg/dL", .7, 0), ("mmol/L", .3, 1)), present=0.8),
    Lab("total cholesterol", 195, 42, 90, 450, False, (("mg/dL", .7, 0), ("mmol/L", .3, 2)), present=0.85),
    Lab("triglycerides", 150, 85, 30, 1500, True, (("mg/dL", .7, 0), ("mmol/L", .3, 2)), present=0.85),
    Lab("weight", 76, 17, 35, 200, False, (("kg", 1.0, 1),), present=0.9),
    Lab("height", 168, 10, 140, 205, False, (("cm", 1.0, 0),), present=0.75),
)
# (analyte, conventional range, ranges by sex for the lab's own report)
RANGES = {"platelets": (150, 400), "absolute neutrophil count": (1.5, 8.0), "white blood cell count": (4.0, 11.0),
          "hemoglobin": (12.0, 17.0), "creatinine": (0.6, 1.2), "total bilirubin": (0.2, 1.2), "ast": (10, 40),
          "alt": (7, 45), "albumin": (3.5, 5.0), "fasting glucose": (70, 99), "total cholesterol": (None, 199),
          "triglycerides": (None, 149)}
CONDITIONS = (  # (source value, probability, women only, code: a term of synthetic_vocab, None: unmapped)
    ("Liver metastases", .06, False, "C78.7"), ("Hepatic mets", .03, False, None),
    ("Secondary malignant neoplasm of liver", .03, False, "liver mets"), ("Brain metastases", .04, False, "C79.31"),
    ("Type 2 diabetes mellitus", .10, False, "E11.9"), ("Congestive heart failure", .03, False, "I50.9"),
    ("Unstable angina", .01, False, "I20.0"), ("Chronic hepatitis B", .01, False, "B18.1"),
    ("Hepatitis C infection", .01, False, "B18.2"), ("Pregnant", .01, True, "Z33.1"),
    ("Breastfeeding", .005, True, None), ("Malignant neoplasm of breast", .5, True, "breast cancer"),
)
DRUGS = (  # (source value, probability, days of a course, code)
    ("paclitaxel 80 mg/m2 IV", .25, 10, "paclitaxel product"), ("carboplatin AUC 5", .10, 1, None),
    ("letrozole 2.5 mg", .15, 120, None), ("prednisone 5 mg", .08, 60, None),
    ("temsirolimus 25 mg IV", .01, 1, None), ("investigational agent ABC-123", .01, 30, None),
    ("Taxotere 75 mg/m2", .05, 1, "docetaxel product"), ("Coumadin 5 mg", .04, 90, "warfarin product"),
)
PROCEDURES = (("External beam radiotherapy", .15, None), ("Major surgery: mastectomy", .20, None),
              ("Percutaneous coronary intervention", .01, "pci"), ("DES insertion, LAD", .01, "stent"))
GENDER = ((8532, .485), (8507, .97), (8521, .985), (0, 1.0))   # cumulative


def _u(key: str, salt: int) -> str:
    """A uniform draw in [0, 1) from a hash of the row key, a purpose and the seed."""
    return f"((hash({key}, {salt}, getvariable('seed')) >> 11)::DOUBLE / 9007199254740992.0)"


def _z(key: str, salt: int) -> str:
    return f"(sqrt(-2 * ln(greatest({_u(key, salt)}, 1e-12))) * cos(2 * pi() * {_u(key, salt + 1)}))"


def _lab_rows(labs: tuple[Lab, ...]) -> str:
    """VALUES: one row per (lab, unit) with its concept ids, factor and distribution."""
    vocab, cat = vocabulary(), catalogue()
    concepts = {a: cid for cid, a in sorted(vocab.concepts.items(), reverse=True)}
    rows = []
    for index, lab in enumerate(labs):
        analyte = cat[lab.analyte]
        base = lab.units[0][0]
        low, high = RANGES.get(lab.analyte, (None, None))
        cumulative = 0.0
        for code, weight, decimals in lab.units:
            f = factor(base, code, analyte.molar_mass, analyte.valence)
            previous, cumulative = cumulative, cumulative + weight
            rows.append("(" + ", ".join(str(v) for v in (
                index, concepts[lab.analyte], f"'{analyte.loinc[0]}'", unit_concept(code), f"'{code}'", repr(f),
                previous, cumulative, decimals, lab.mean, lab.sd, lab.low, lab.high, str(lab.log).upper(),
                lab.present, "NULL" if lab.censor is None else lab.censor,
                "NULL" if low is None else low, "NULL" if high is None else high)) + ")")
    return ",\n".join(rows)


def generate(path: str, patients: int, seed: int = 7, as_of: date = AS_OF,
             parquet: Optional[Path] = None, threads: Optional[int] = None) -> dict[str, int]:
    """Write a registry of ``patients`` persons to a DuckDB file; returns row counts."""
    import duckdb
    Path(path).unlink(missing_ok=True)
    con = duckdb.connect(path)
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET VARIABLE seed = {int(seed)}")
    con.execute(f"SET VARIABLE as_of = DATE '{as_of.isoformat()}'")
    for statement in ddl("duckdb"):
        con.execute(statement)
    _persons(con, patients)
    _measurements(con)
    _observations(con)
    _history(con)
    synthetic_vocab.write(con)
    tables = (*TABLES, *synthetic_vocab.VOCABULARY_TABLES)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    if parquet is not None:
        parquet.mkdir(parents=True, exist_ok=True)
        for table in tables:
            target = str((parquet / f"{table}.parquet").resolve()).replace("'", "''")
            con.execute(f"COPY {table} TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    con.close()
    return counts


def _persons(con, patients: int) -> None:
    sex = "CASE " + " ".join(f"WHEN {_u('i', 1)} < {p} THEN {g}" for g, p in GENDER) + " END"
    age_days = f"CAST(floor((CASE WHEN {_u('i', 2)} < 0.02 THEN 10 + 8 * {_u('i', 3)} " \
               f"ELSE 18 + 77 * pow({_u('i', 3)}, 0.8) END) * 365.25) AS INTEGER)"
    con.execute(f"""
        INSERT INTO person
        SELECT i, sex, year(b), CASE WHEN partial THEN NULL ELSE month(b) END,
               CASE WHEN partial THEN NULL ELSE day(b) END, NULL, 0, 0, 'P' || i, NULL
        FROM (SELECT i, {sex} AS sex, getvariable('as_of') - {age_days} AS b,
                     {_u('i', 4)} < 0.01 AS partial
              FROM range(1, {int(patients) + 1}) r(i))""")


def _measurements(con) -> None:
    labs = _lab_rows(LABS)
    k = "(p.person_id * 64 + s.lab * 3 + n.k)"
    pk = "(p.person_id * 64 + s.lab)"
    value = (f"CASE WHEN s.log THEN s.mean * exp(({_z(k, 20)}) * (s.sd / s.mean) - 0.5 * pow(s.sd / s.mean, 2)) "
             f"ELSE s.mean + s.sd * {_z(k, 20)} END")
    offset = (f"CASE WHEN n.k > 0 THEN 29 + CAST(floor(300 * {_u(k, 30)}) AS INTEGER) "
              f"WHEN {_u(pk, 31)} < 0.80 THEN CAST(floor(29 * {_u(pk, 32)}) AS INTEGER) "
              f"WHEN {_u(pk, 31)} < 0.98 THEN 29 + CAST(floor(150 * {_u(pk, 32)}) AS INTEGER) "
              f"ELSE -1 - CAST(floor(5 * {_u(pk, 32)}) AS INTEGER) END")
    site = f"{_u('p.person_id', 40)}"   # the patient's lab: full range, ULN only, or none
    con.execute(f"""
        CREATE TEMP TABLE spec AS SELECT lab, concept, loinc, unit_concept, unit, f::DOUBLE AS f,
            p_from::DOUBLE AS p_from, p_to::DOUBLE AS p_to, decimals::INTEGER AS decimals, mean::DOUBLE AS mean,
            sd::DOUBLE AS sd, lo::DOUBLE AS lo, hi::DOUBLE AS hi, log, present::DOUBLE AS present,
            censor::DOUBLE AS censor, rlo::DOUBLE AS rlo, rhi::DOUBLE AS rhi
        FROM (VALUES {labs}) AS v(lab, concept, loinc, unit_concept, unit,
            f, p_from, p_to, decimals, mean, sd, lo, hi, log, present, censor, rlo, rhi)""")
    con.execute(f"""
        INSERT INTO measurement
        SELECT {k} AS measurement_id, p.person_id,
               CASE WHEN {_u(k, 50)} < 0.02 THEN 0 ELSE s.concept END,
               getvariable('as_of') - {offset}, NULL, 32817,
               CASE WHEN censored THEN 4171756 WHEN {_u(k, 51)} < 0.3 THEN 4172703 END,
               CASE WHEN censored THEN round(s.censor * s.f, greatest(s.decimals, 1))
                    ELSE round(least(greatest(raw, s.lo), s.hi) * s.f, s.decimals) END,
               NULL,
               CASE WHEN {_u(k, 52)} < 0.003 THEN 0 WHEN {_u(k, 52)} < 0.005 THEN 9999999
                    ELSE s.unit_concept END,
               CASE WHEN {site} < 0.7 THEN round(s.rlo * s.f, greatest(s.decimals, 1)) END,
               CASE WHEN {site} < 0.8 THEN round(s.rhi * s.f, greatest(s.decimals, 1)) END,
               s.loinc, s.unit, NULL
        FROM person p
        CROSS JOIN (SELECT DISTINCT lab, present FROM spec) l
        CROSS JOIN (VALUES (0), (1), (2)) n(k)
        JOIN spec s ON s.lab = l.lab
             AND {_u(pk, 60)} >= s.p_from AND {_u(pk, 60)} < s.p_to
        CROSS JOIN LATERAL (SELECT {value} AS raw,
                                   s.censor IS NOT NULL AND {_u(k, 53)} < 0.05 AS censored)
        WHERE {_u(pk, 61)} < l.present AND (n.k = 0 OR {_u(k, 62)} < 0.6 / n.k)""")


def _observations(con) -> None:
    ecog = "CASE WHEN u < 0.35 THEN 0 WHEN u < 0.75 THEN 1 WHEN u < 0.90 THEN 2 WHEN u < 0.97 THEN 3 ELSE 4 END"
    kps = "100 - 10 * CAST(floor(u * 7) AS INTEGER)"
    con.execute(f"""
        INSERT INTO observation
        SELECT p.person_id * 4 + j, p.person_id,
               CASE WHEN j = 0 THEN 36305384 ELSE 36303287 END,
               getvariable('as_of') - CAST(floor(45 * {_u('p.person_id * 4 + j', 70)}) AS INTEGER), NULL, 32817,
               CASE WHEN j = 0 THEN {ecog} ELSE {kps} END, NULL, NULL, NULL,
               CASE WHEN j = 0 THEN '89247-1' ELSE '89243-0' END, NULL
        FROM person p CROSS JOIN (VALUES (0), (1)) v(j)
        CROSS JOIN LATERAL (SELECT {_u('p.person_id * 4 + j', 71)} AS u, {_u('p.person_id', 72)} AS which)
        WHERE (j = 0 AND which < 0.80) OR (j = 1 AND (which >= 0.80 AND which < 0.95 OR which < 0.05))""")


def _history(con) -> None:
    for j, (name, p, women, code) in enumerate(CONDITIONS):
        key = f"p.person_id * 16 + {j}"
        con.execute(f"""
            INSERT INTO condition_occurrence
            SELECT {key}, p.person_id, {standard_id(code)},
                   getvariable('as_of') - CAST(floor(2000 * {_u(key, 80)}) AS INTEGER) + 3,
                   CASE WHEN {_u(key, 81)} < 0.2 THEN getvariable('as_of') - CAST(floor(60 * {_u(key, 82)}) AS INTEGER)
                   END, 32817, NULL, '{name}'
            FROM person p WHERE {_u(key, 83)} < {p} {"AND p.gender_concept_id = 8532" if women else ""}""")
    for j, (name, p, length, code) in enumerate(DRUGS):
        key = f"p.person_id * 16 + {j}"
        con.execute(f"""
            INSERT INTO drug_exposure
            SELECT {key}, p.person_id, {standard_id(code)}, start,
                   start + CAST(floor({length} * {_u(key, 91)}) AS INTEGER), 32817,
                   '{name}'
            FROM (SELECT p.person_id, getvariable('as_of') - CAST(floor(400 * {_u(key, 90)}) AS INTEGER) AS start
                  FROM person p WHERE {_u(key, 92)} < {p}) p""")
    for j, (name, p, code) in enumerate(PROCEDURES):
        key = f"p.person_id * 16 + {j}"
        con.execute(f"""
            INSERT INTO procedure_occurrence
            SELECT {key}, p.person_id, {standard_id(code)},
                   getvariable('as_of') - CAST(floor(400 * {_u(key, 100)}) AS INTEGER), 32817, '{name}'
            FROM person p WHERE {_u(key, 101)} < {p}""")
