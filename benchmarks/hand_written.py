"""A hand-written DuckDB query for NCT00699491: the floor for the compiled SQL.

Written the way a DuckDB user who knows the registry would write it: QUALIFY for the
latest result, one join per analyte to pivot, one factor per analyte to the unit the trial
compares in, word-boundary regexes on record names, and DuckDB's own ROUND. Record names
are matched once per distinct name. It gives the trial's status per criterion and the verdict (no reason codes: that makes the floor
lower, not higher). batch_bench.py checks that it agrees with the compiled query.

The engine's semantics it follows (README, Semantics): a limit of normal from a result
without its own range is judged at both ends of the span laboratories report
(limit_spans.yaml, per sex where it differs), an answer only where both ends give it; a
record coded by a concept id stands for a coded concept by that id among the ids the
registry's vocabulary resolves (``concept_ids``, engine.sql.codes), else by its name, and
one no vocabulary resolves leaves the answer open; a state (pregnancy, breastfeeding)
recorded without an end date is current only within its usual span and until a record
that ends it; a treatment recorded without a date is neither within nor outside a window.
It leaves out what the generated registry holds no rows for (an ANC derived from WBC x
neutrophil %, a measured creatinine clearance in a unit other than mL/min): on a registry
with such rows it would differ from the engine, and batch_bench.py would say where.
"""
from __future__ import annotations

from datetime import date, timedelta

from engine.analytes import catalogue
from engine.concepts import concepts, key
from engine.sql.expr import bounds
from engine.sql.vocab import vocabulary
from engine.units import UnitError, comparable, factor

# analyte -> (short name, unit the trial compares it in)
ANALYTES = {"absolute neutrophil count": ("anc", "/uL"), "hemoglobin": ("hgb", "g/dL"),
            "platelets": ("plt", "/uL"), "total bilirubin": ("bili", "mg/dL"), "ast": ("ast", "U/L"),
            "alt": ("alt", "U/L"), "creatinine": ("crea", "mg/dL"), "total cholesterol": ("chol", "mg/dL"),
            "triglycerides": ("tg", "mg/dL"), "albumin": ("alb", "g/dL"), "fasting glucose": ("glu", "mg/dL"),
            "weight": ("wt", "kg"), "creatinine clearance": ("crcl", "mL/min"), "ecog": ("ecog", "{score}"),
            "karnofsky": ("kps", "{score}")}
MANUAL = ("inc-01", "inc-01a", "inc-02", "inc-03", "inc-04", "inc-04a", "inc-06", "inc-09", "inc-20", "inc-21",
          "inc-21a", "inc-22", "inc-23", "inc-24", "inc-25", "inc-26", "inc-26a", "inc-26d", "inc-26e", "inc-29",
          "inc-30", "inc-31", "inc-32", "inc-33", "inc-34", "inc-35")
ORDER = ("age", "inc-01", "inc-01a", "inc-02", "inc-03", "inc-04", "inc-04a", "inc-05", "inc-06", "inc-07",
         "inc-08", "inc-09", "inc-10", "inc-11", "inc-12", "inc-13", "inc-14", "inc-15", "inc-16", "inc-17",
         "inc-18", "inc-19", "inc-20", "inc-21", "inc-21a", "inc-22", "inc-23", "inc-24", "inc-25", "inc-26",
         "inc-26a", "inc-26b", "inc-26c", "inc-26d", "inc-26e", "inc-27", "inc-28", "inc-29", "inc-30", "inc-31",
         "inc-32", "inc-33", "inc-34", "inc-35", "inc-36")


def _d(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def _ge(x: str, hi: str, hi_open: str, t: float) -> str:
    low, high = bounds(t)
    return (f"CASE WHEN {x}_lo >= {low!r} THEN true WHEN {hi} < {low!r} OR ({hi} BETWEEN {low!r} AND {high!r} "
            f"AND {hi_open}) THEN false END")


def _le(x: str, lo_open: str, t: float) -> str:
    low, high = bounds(t)
    return (f"CASE WHEN {x}_hi <= {high!r} THEN true WHEN {x}_lo > {high!r} OR ({x}_lo BETWEEN {low!r} AND "
            f"{high!r} AND {lo_open}) THEN false END")


def _lt(x: str, t: float) -> str:
    low, high = bounds(t)
    return (f"CASE WHEN {x}_hi < {low!r} OR ({x}_hi BETWEEN {low!r} AND {high!r} AND {x}_ho) THEN true "
            f"WHEN {x}_lo >= {low!r} THEN false END")


def _uln(x: str, k: float, analyte: str) -> str:
    """x <= k x ULN: against the row's own ULN (rounded at run time), else the default span."""
    bound = f"r12({k!r} * {x}_rhi)"
    own = (f"CASE WHEN r12({x}_rhi_v) <= {bound} THEN true WHEN r12({x}_rlo) > {bound} "
           f"OR (r12({x}_rlo) = {bound} AND {x}_lop) THEN false END")
    return f"CASE WHEN {x}_lo IS NULL THEN NULL WHEN {x}_rhi IS NOT NULL THEN ({own}) ELSE ({_span(x, k, analyte)}) END"


def _span(x: str, k: float, analyte: str) -> str:
    """x <= k x ULN at both ends of the span of limits laboratories report (per sex where
    it differs): true where the lowest limit gives it, false where the highest does not."""
    def under(sex: str) -> str:
        ends = catalogue()[analyte].default_limits("ULN", sex).values
        return (f"CASE WHEN ({_le(x, f'{x}_lop', comparable(k * min(ends)))}) THEN true "
                f"WHEN NOT ({_le(x, f'{x}_lop', comparable(k * max(ends)))}) THEN false END")
    female, male, other = (under(sex) for sex in ("female", "male", "unknown"))
    if female == male == other:
        return other
    return f"CASE WHEN female THEN ({female}) WHEN male THEN ({male}) ELSE ({other}) END"


def _names(concept_id: str) -> str:
    """A word-boundary regex for the concept's names (synonyms and member drugs)."""
    c = concepts()[concept_id]
    separator = "[^a-z0-9_'']+"
    words = sorted({key(s) for s in (c.id, *c.synonyms, *c.members)}, key=len, reverse=True)
    alternatives = "|".join(separator.join(w.replace("'", "''").split(" ")) for w in words)
    return f"regexp_matches(lower(name), '(^|[^a-z0-9_''])({alternatives})([^a-z0-9_'']|$)')"


def _coded(column: str) -> str:
    """A row coded by a concept id (OMOP's 0 is none)."""
    return f"coalesce({column}, 0) <> 0"


def _ends(concept_id: str) -> str:
    """Is the record's name exactly one that ends the state (concepts.yaml ended_by)?"""
    names = ", ".join("'" + key(n).replace("'", "''") + "'" for n in concepts()[concept_id].current.ended_by)
    return f"trim(regexp_replace(lower(name), '[^a-z0-9_'']+', ' ', 'g')) IN ({names})"


def query(as_of: date, concept_ids: dict[str, frozenset[int]]) -> str:
    """The trial's query; ``concept_ids``: the registry vocabulary's ids of the coded concepts."""
    vocab, cat = vocabulary(), catalogue()
    keys = [(str(k), ANALYTES[a][0]) for k, a in vocab.concepts.items() if a in ANALYTES]
    keys += [(code, ANALYTES[a][0]) for code, a in vocab.loinc.items() if a in ANALYTES]
    mapped = ", ".join(str(k) for k in vocab.concepts)
    facs = []
    for analyte, (short, unit) in ANALYTES.items():
        a = cat[analyte]
        units = dict(vocab.units)
        if a.unit_optional:
            units[-1] = a.unit
        for concept, code in units.items():
            try:
                facs.append(f"('{short}', {concept}, {factor(code, unit, a.molar_mass, a.valence)!r})")
            except UnitError:
                pass
    lt = "4171756, 4171754"
    gt_ge = "4172704, 4171755"
    since = lambda days: _d(as_of - timedelta(days=days))  # noqa: E731
    started = f"(s IS NULL OR s <= {_d(as_of)})"

    def stands(concept_id: str, column: str, by_name: str) -> str:
        """A coded row by its id among the vocabulary's, else by name (a concept without
        codes of its own: by name, or by an id the vocabulary gives it)."""
        ids = sorted(concept_ids.get(concept_id, ()))
        listed = f"{column} IN ({', '.join(map(str, ids))})" if ids else "false"
        if not concepts()[concept_id].coded:
            return f"(coalesce({by_name}, false) OR ({_coded(column)} AND {listed}))" if ids else \
                f"coalesce({by_name}, false)"
        return f"CASE WHEN {_coded(column)} THEN {listed} ELSE coalesce({by_name}, false) END"

    def unread(concept_id: str, column: str) -> str:
        """A coded row, for a coded concept the vocabulary does not resolve: it leaves the answer open."""
        return _coded(column) if concepts()[concept_id].coded and concept_id not in concept_ids else "false"

    def current(flag: str, concept_id: str) -> str:
        """Started, not ended before the screening date; a state with no end date only
        within its usual span and after the newest record that ends it."""
        found = f"({flag} AND {started} AND (e IS NULL OR e >= {_d(as_of)})"
        rule = concepts()[concept_id].current
        if rule:
            found += (f" AND (e IS NOT NULL OR s IS NULL OR s >= {since(rule.lasts_days)})"
                      f" AND ({flag}_xe IS NULL OR s IS NULL OR {flag}_xe < s)")
        return found + ")"
    cg = ("CASE WHEN crea_lo IS NOT NULL AND wt_lo IS NOT NULL AND age IS NOT NULL AND coalesce(crea_hi <> 0, true) THEN "
          "coalesce(((140 - age) * wt_lo) / (72 * crea_hi), 0) * CASE WHEN male THEN 1.0 ELSE 0.85 END END")
    cg_hi = ("CASE WHEN crea_lo > 0 THEN ((140 - age) * wt_lo) / (72 * crea_lo) * CASE WHEN female THEN 0.85 ELSE 1.0 END END")
    low60, high60 = bounds(60.0)
    crcl = (f"CASE WHEN crcl_lo IS NOT NULL THEN ({_ge('crcl', 'crcl_hi', 'crcl_ho', 60.0)}) "
            f"WHEN cg_lo IS NULL THEN NULL WHEN cg_lo >= {low60!r} THEN true "
            f"WHEN cg_hi < {low60!r} OR (cg_hi BETWEEN {low60!r} AND {high60!r} AND false) THEN false END")
    statuses = {
        "age": "CASE WHEN age >= 18 THEN 'pass' WHEN age < 18 THEN 'fail' ELSE 'unknown' END",
        "inc-05": ("(ecog_lo >= 0 AND ecog_hi <= 1) OR (kps_lo >= 80 AND kps_hi <= 100)", None),
        "inc-07": ("NOT preg AND NOT nurse", None), "inc-08": ("NOT preg", None),
        "inc-10": (_ge("anc", "anc_hi", "anc_ho", 1500.0), None), "inc-11": (_ge("hgb", "hgb_hi", "hgb_ho", 8.5), None),
        "inc-12": (_ge("plt", "plt_hi", "plt_ho", 100000.0), None),
        "inc-13": (_uln("bili", 1.5, "total bilirubin"), None),
        "inc-14": ("CASE WHEN lmets THEN (({a5}) AND ({l5})) ELSE CASE WHEN (({a5}) AND ({l5})) = (({a3}) AND ({l3})) "
                   "THEN (({a3}) AND ({l3})) END END".format(
                       a5=_uln("ast", 5.0, "ast"), l5=_uln("alt", 5.0, "alt"),
                       a3=_uln("ast", 3.0, "ast"), l3=_uln("alt", 3.0, "alt")), None),
        "inc-15": (f"({_uln('crea', 1.5, 'creatinine')}) OR ({crcl})", None),
        "inc-16": (_le("chol", "chol_lop", 350.0), None), "inc-17": (_le("tg", "tg_lop", 400.0), None),
        "inc-18": (_ge("alb", "alb_hi", "alb_ho", 3.4), None), "inc-19": (_lt("glu", 120.0), None),
        "inc-26b": ("hf", "exclusion"), "inc-26c": ("angina", "exclusion"),
        "inc-27": ("NOT sact", None), "inc-28": ("NOT rt14", None), "inc-36": ("NOT chemo AND NOT rt", None),
    }
    columns = []
    for cid in ORDER:
        value = statuses.get(cid)
        if cid in MANUAL:
            columns.append(f"'unknown' AS \"{cid}\"")
        elif isinstance(value, str):
            columns.append(f"{value} AS \"{cid}\"")
        else:
            expr, section = value
            met, unmet = ("fail", "pass") if section == "exclusion" else ("pass", "fail")
            columns.append(f"CASE WHEN ({expr}) THEN '{met}' WHEN NOT ({expr}) THEN '{unmet}' ELSE 'unknown' END "
                           f"AS \"{cid}\"")
    failed = " OR ".join(f"\"{c}\" = 'fail'" for c in ORDER)
    unknown = " OR ".join(f"\"{c}\" = 'unknown'" for c in ORDER if c not in MANUAL)
    code = {short: i for i, (short, _) in enumerate(ANALYTES.values())}
    by_concept = {}
    for k, a in vocab.concepts.items():
        if a in ANALYTES:
            by_concept.setdefault(code[ANALYTES[a][0]], []).append(str(k))
    by_loinc = {}
    for k, a in vocab.loinc.items():
        if a in ANALYTES:
            by_loinc.setdefault(code[ANALYTES[a][0]], []).append(f"'{k}'")

    def analyte(concept: str, source: str) -> str:
        whens = [f"WHEN {concept} IN ({', '.join(ids)}) THEN {i}" for i, ids in by_concept.items()]
        whens.append(f"WHEN {concept} IN ({mapped}) THEN NULL")
        whens += [f"WHEN {source} IN ({', '.join(ids)}) THEN {i}" for i, ids in by_loinc.items()]
        return "CASE " + " ".join(whens) + " END"

    facs = [f.replace("('" + short + "'", f"({code[short]}") for f in facs for short in [f.split("'")[1]]]
    joins = " ".join(f"LEFT JOIN conv AS j{i} ON j{i}.person_id = p.person_id AND j{i}.a = {i}"
                     for i in code.values())
    picked = ", ".join(f"j{i}.{field} AS {short}_{name}" for short, i in code.items()
                       for field, name in (("lo", "lo"), ("hi", "hi"), ("ho", "ho"), ("lop", "lop"), ("rhi", "rhi"),
                                           ("rlo_v", "rlo"), ("rhi_v", "rhi_v")))
    return f"""
WITH fac(a, u, f) AS (VALUES {", ".join(facs)}),
rows AS (
  SELECT * FROM (
    SELECT m.person_id, {analyte("m.measurement_concept_id", "m.measurement_source_value")} AS a,
           m.measurement_date AS d, m.value_as_number AS v, m.operator_concept_id AS op,
           coalesce(nullif(m.unit_concept_id, 0), -1) AS u, m.range_low AS rlo, m.range_high AS rhi, 0 AS src,
           m.measurement_id AS id
    FROM measurement m
    WHERE m.measurement_date BETWEEN {since(28)} AND {_d(as_of)} AND m.value_as_number IS NOT NULL
    UNION ALL
    SELECT o.person_id, {analyte("o.observation_concept_id", "o.observation_source_value")}, o.observation_date,
           o.value_as_number, NULL, coalesce(nullif(o.unit_concept_id, 0), -1), NULL, NULL, 1, o.observation_id
    FROM observation o
    WHERE o.observation_date BETWEEN {since(28)} AND {_d(as_of)} AND o.value_as_number IS NOT NULL)
  WHERE a IS NOT NULL),
latest AS (SELECT * FROM rows QUALIFY row_number() OVER (PARTITION BY person_id, a ORDER BY d DESC, src, id) = 1),
conv AS MATERIALIZED (
  SELECT l.person_id, l.a, (CASE WHEN op IN ({lt}) THEN 0 ELSE v END) * f AS lo,
         (CASE WHEN op IN ({gt_ge}) THEN NULL ELSE v END) * f AS hi,
         coalesce(op = 4171756, false) AS ho, coalesce(op = 4172704, false) AS lop, rhi,
         CASE WHEN op IN ({lt}) THEN 0 ELSE v END AS rlo_v, CASE WHEN op IN ({gt_ge}) THEN NULL ELSE v END AS rhi_v
  FROM latest l JOIN fac ON fac.a = l.a AND fac.u = l.u),
cn AS MATERIALIZED (SELECT name, {_names('pregnancy')} AS preg, {_names('breastfeeding')} AS nurse,
    {_names('heart failure')} AS hf, {_names('unstable angina')} AS angina, {_names('liver metastases')} AS lmets,
    {_ends('pregnancy')} AS preg_end, {_ends('breastfeeding')} AS nurse_end
  FROM (SELECT DISTINCT condition_source_value AS name FROM condition_occurrence)),
dn AS MATERIALIZED (SELECT name, {_names('systemic anticancer therapy')} AS sact, {_names('chemotherapy')} AS chemo
  FROM (SELECT DISTINCT drug_source_value AS name FROM drug_exposure)),
pn AS MATERIALIZED (SELECT name, {_names('radiotherapy')} AS rt, {_ends('pregnancy')} AS preg_end,
    {_ends('breastfeeding')} AS nurse_end
  FROM (SELECT DISTINCT procedure_source_value AS name FROM procedure_occurrence)),
crow AS (
  SELECT * FROM (
    SELECT c.person_id, c.condition_start_date AS s, c.condition_end_date AS e,
      {stands('pregnancy', 'c.condition_concept_id', 'cn.preg')} AS preg,
      {stands('breastfeeding', 'c.condition_concept_id', 'cn.nurse')} AS nurse,
      {stands('heart failure', 'c.condition_concept_id', 'cn.hf')} AS hf,
      {stands('unstable angina', 'c.condition_concept_id', 'cn.angina')} AS angina,
      {stands('liver metastases', 'c.condition_concept_id', 'cn.lmets')} AS lmets,
      coalesce(cn.preg_end, false) AS preg_end, coalesce(cn.nurse_end, false) AS nurse_end
    FROM condition_occurrence c LEFT JOIN cn ON cn.name = c.condition_source_value)
  WHERE preg OR nurse OR hf OR angina OR lmets OR preg_end OR nurse_end
  UNION ALL
  SELECT p.person_id, p.procedure_date, p.procedure_date, false, false, false, false, false, pn.preg_end, pn.nurse_end
  FROM procedure_occurrence p JOIN pn ON pn.name = p.procedure_source_value WHERE pn.preg_end OR pn.nurse_end),
cx AS (
  SELECT *, max(CASE WHEN preg_end AND s <= {_d(as_of)} THEN s END) OVER (PARTITION BY person_id) AS preg_xe,
    max(CASE WHEN nurse_end AND s <= {_d(as_of)} THEN s END) OVER (PARTITION BY person_id) AS nurse_xe
  FROM crow),
cond AS (
  SELECT person_id, bool_or({current('preg', 'pregnancy')}) AS preg,
    bool_or({current('nurse', 'breastfeeding')}) AS nurse, bool_or({current('hf', 'heart failure')}) AS hf,
    bool_or({current('angina', 'unstable angina')}) AS angina, bool_or(lmets AND {started}) AS lmets
  FROM cx GROUP BY person_id),
drow AS (
  SELECT * FROM (
    SELECT d.person_id, d.drug_exposure_start_date AS s,
      coalesce(d.drug_exposure_end_date, d.drug_exposure_start_date) AS e,
      {stands('systemic anticancer therapy', 'd.drug_concept_id', 'dn.sact')} AS sact,
      {stands('chemotherapy', 'd.drug_concept_id', 'dn.chemo')} AS chemo
    FROM drug_exposure d LEFT JOIN dn ON dn.name = d.drug_source_value)
  WHERE sact OR chemo),
drug AS (
  SELECT person_id, bool_or(sact AND {started} AND e >= {since(21)}) AS sact,
    bool_or(sact AND e IS NULL) AS sact_undated, bool_or(sact AND e <= {_d(as_of)}) AS sact_past,
    bool_or({current('chemo', 'chemotherapy')}) AS chemo
  FROM drow GROUP BY person_id),
prow AS (
  SELECT * FROM (
    SELECT p.person_id, p.procedure_date AS s, p.procedure_date AS e,
      {stands('radiotherapy', 'p.procedure_concept_id', 'pn.rt')} AS rt,
      {unread('radiotherapy', 'p.procedure_concept_id')} AS rt_unread
    FROM procedure_occurrence p LEFT JOIN pn ON pn.name = p.procedure_source_value)
  WHERE rt OR rt_unread),
proc AS (
  SELECT person_id, bool_or(rt AND {started} AND s >= {since(14)}) AS rt14, bool_or(rt_unread) AS rt_unread,
    bool_or(rt AND s IS NULL) AS rt_undated, bool_or(rt AND s <= {_d(as_of)}) AS rt_past,
    bool_or({current('rt', 'radiotherapy')}) AS rt
  FROM prow GROUP BY person_id),
base AS (
  SELECT p.person_id, p.gender_concept_id = 8532 AS female, p.gender_concept_id = 8507 AS male,
    CASE WHEN p.month_of_birth IS NOT NULL AND p.day_of_birth IS NOT NULL THEN
      floor(((({as_of.year} - p.year_of_birth) * 12 + ({as_of.month} - p.month_of_birth)
      - CASE WHEN {as_of.day} < p.day_of_birth THEN 1 ELSE 0 END)) / 12) END AS age,
    {picked},
    CASE WHEN c.preg THEN true WHEN p.gender_concept_id = 8507 THEN false END AS preg,
    CASE WHEN c.nurse THEN true WHEN p.gender_concept_id = 8507 THEN false END AS nurse,
    CASE WHEN c.hf THEN true END AS hf, CASE WHEN c.angina THEN true END AS angina,
    CASE WHEN c.lmets THEN true END AS lmets,
    CASE WHEN g.sact THEN true WHEN g.sact_undated THEN NULL WHEN g.sact_past THEN false END AS sact,
    CASE WHEN g.chemo THEN true END AS chemo,
    CASE WHEN r.rt14 THEN true WHEN r.rt_unread OR r.rt_undated THEN NULL WHEN r.rt_past THEN false END AS rt14,
    CASE WHEN r.rt THEN true END AS rt
  FROM person p {joins} LEFT JOIN cond c ON c.person_id = p.person_id
  LEFT JOIN drug g ON g.person_id = p.person_id LEFT JOIN proc r ON r.person_id = p.person_id),
cgv AS (SELECT *, {cg} AS cg_lo, {cg_hi} AS cg_hi FROM base),
st AS (SELECT person_id, {", ".join(columns)} FROM cgv)
SELECT person_id, 'NCT00699491' AS trial_id,
  CASE WHEN {failed} THEN 'not eligible' WHEN {unknown} THEN 'needs data' ELSE 'eligible pending review' END
    AS verdict, * EXCLUDE (person_id)
FROM st"""


MACROS = """CREATE OR REPLACE TEMP MACRO r12(x) AS
  CASE WHEN x = 0 THEN x ELSE round(x, CAST(11 - floor(log10(abs(x))) AS INTEGER)) END"""
