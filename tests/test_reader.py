"""The island reader: thresholds read wherever they stand, every word accounted for.

Table rows (tests/data/reader.yaml) give a line's reading and how named parts of it must
be accounted for. The properties: no word of any line of any corpus, nor of arbitrary
text, is dropped unseen (each is in a reading, a harmless qualifier, or a part left for a
person, and such a part is in the tree); a reading with a part left for a person can
never pass a patient that its own words would not.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import compile_criterion
from engine.criteria import Criterion
from engine.explain import compact
from engine.nodes import _depth_first, contains_manual
from engine.parse import blanked
from engine.read.lexicon import MANUAL, words_of

from .conftest import case_ids, table
from .corpus_support import annotated, chia, require_corpus

CASES = table("reader.yaml")


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES, "text"))
def test_reading(case):
    criterion = compile_criterion(case["text"], case.get("section", "inclusion"))
    assert compact(criterion.tree) == case["tree"]
    for words, expected in case.get("words", {}).items():
        start = case["text"].index(words)
        covering = [a for a in criterion.accounting if a.start <= start and start + len(words) <= a.end]
        found = [f"{a.role}: {a.category}" if a.category else a.role for a in covering]
        assert found == [expected], (words, found)
    if "accounts" in case:
        assert _every_account(case["text"], criterion.accounting) == [tuple(pair) for pair in case["accounts"]]
    reasons = " ".join(node.reason for node in _depth_first(criterion.tree, ("manual",)))
    for fragment in case.get("reason_contains", []):
        assert fragment in reasons, reasons


def _every_account(text: str, accounts) -> list[tuple[str, str]]:
    """Each account of the line, in order, as its words and role[: category]."""
    return [(text[a.start:a.end], f"{a.role}: {a.category}" if a.category else a.role) for a in sorted(accounts)]


def _unaccounted(text: str, section: str = "inclusion") -> list[str]:
    """Words of the line no account covers, or covered as left for a person while the
    tree has no part for a person (both would be a silent drop)."""
    criterion = compile_criterion(text, section)
    manual_in_tree = contains_manual(criterion.tree)
    problems = []
    for word, owners in words_of(text, criterion.accounting):
        if not owners:
            problems.append(f"{word!r} unaccounted")
        elif any(owner.role == MANUAL for owner in owners) and not manual_in_tree:
            problems.append(f"{word!r} left for a person, but the reading has no such part")
    return problems


def _section(row: dict) -> str:
    return "exclusion" if row["section"] == "exclusion" else "inclusion"


@pytest.mark.parametrize("corpus", ["annotated", "chia"])
def test_no_word_of_any_corpus_line_is_dropped(corpus):
    require_corpus()
    rows = annotated() if corpus == "annotated" else chia()
    dropped = {row["id"]: found for row in rows if (found := _unaccounted(row["text"], _section(row)))}
    assert dropped == {}


@pytest.mark.parametrize("corpus", ["annotated", "chia"])
def test_no_rewritten_word_of_any_corpus_line_is_in_fragments(corpus):
    """Each span a rewrite replaced ("under the age of 18", "molar equivalent/L", "h-1") is
    in one account, whole: none of its letters in another, no account ending inside it.
    A failure names the line and the span's columns, never its text (the measure split's
    lines are not read while the reader grows)."""
    require_corpus()
    rows = annotated() if corpus == "annotated" else chia()
    fragmented = {row["id"]: found for row in rows if (found := _fragments(row["text"], _section(row)))}
    assert fragmented == {}


def _fragments(text: str, section: str) -> list[tuple[int, int]]:
    """The spans a rewrite replaced whose letters are in more than one account, or that an
    account starts or ends inside."""
    spans = blanked(text)[1]
    if not spans:
        return []
    accounts = compile_criterion(text, section).accounting
    return [(start, end) for start, end in spans
            if any(start < edge < end for a in accounts for edge in (a.start, a.end)) or
            len({a for a in accounts for i in range(start, end) if text[i].isalnum() and a.start <= i < a.end}) > 1]


_CONDITIONS = st.sampled_from(["renal disease", "anaemia", "heart failure", "diabetes", "liver disease",
                               "thrombocytopenia", "hypertension", "renal insufficiency", "coagulopathy"])
_THRESHOLDS = st.sampled_from(["(Hb < 10 g/dL)", "(platelets < 50,000/µL)", "(creatinine > 2 mg/dL)",
                               "(HbA1c > 8%)", "(LVEF < 40%)", "(INR > 1.5)"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CONDITIONS, _CONDITIONS, st.sampled_from([" or ", " and/or ", ", "]), _THRESHOLDS)
def test_a_list_of_conditions_before_one_threshold_never_excludes_on_the_threshold_alone(first, second, joiner,
                                                                                          threshold):
    """In an exclusion, the first of two conditions joined as alternatives excludes on its
    own: the threshold after the list, which defines the last, cannot stand for both."""
    text = f"{first.capitalize()}{joiner}{second} {threshold}"
    criterion = compile_criterion(text, "exclusion")
    assert first == second or not criterion.evaluable, compact(criterion.tree)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CONDITIONS, _CONDITIONS, st.sampled_from([" and ", " with ", ", "]), _THRESHOLDS)
def test_a_list_of_conditions_before_one_threshold_never_includes_on_the_threshold_alone(first, second, joiner,
                                                                                          threshold):
    """In an inclusion, the first of two conditions joined as a conjunction must hold as
    well: the threshold after the list cannot pass a patient alone."""
    text = f"{first.capitalize()}{joiner}{second} {threshold}"
    criterion = compile_criterion(text, "inclusion")
    assert first == second or not criterion.evaluable, compact(criterion.tree)


_WORDS = st.sampled_from([
    "ANC", "platelets", "creatinine", "AST", "ALT", "hemoglobin", "age", "QTc", "with", "without", "or",
    "and", "unless", "if", "liver", "metastases", "≥", "<", ">", "≤", "1.5", "100,000", "x", "ULN", "mg/dL",
    "/µL", "(", ")", ":", ";", ",", "Hematology", "adequate", "renal", "function", "defined", "as", "by",
    "MUGA", "at", "screening", "within", "14", "days", "no", "history", "of", "normal", "patients",
    "allowed", "provided", "the", "greater", "than", "years", "old", "\\>=", "＜", "9,5", "D.", "5.2.3"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=18).map(" ".join), st.sampled_from(["inclusion", "exclusion"]))
def test_no_word_of_any_text_is_dropped(text, section):
    assert _unaccounted(text, section) == []


# Spellings normalise.py (and parse.py) rewrite, each kept whole as one word of the text.
_REWRITTEN = st.sampled_from([
    "under the age of", "up to age", "over age", "molar equivalent/L", "h-1", "min⁻¹", "per liter",
    "per minute", "10 to the ninth/L", "/mm(3)", "15, 000", "1,00,000", "100'000", "100.000/µL",
    "International units", "Creat.", "y.o.", "<U+2265>", "&#8805;", "and#61549 mol/L", "37&#8451;", "(=<)",
    "percent (%)", "Eighteen (18)", "per cent", "µmol.L-1", "mL min-1", "≥/=", "=≥", "⩽", "10^6 IU/mL",
    "3 log IU/mL", "kg/m^2", "24/30", "1.73 sq m", "kg/m 2", "less than <", "at least ≥", "at least >", "°F", "F", "120.000 cels/mm3"])


def _accounted_twice_or_cut(text: str, section: str) -> list[str]:
    """Letters and digits of the line in no account or in more than one, and words cut
    between accounts other than where the reader split them: at the edge of a span a
    rewrite replaced ("37|&#8451;": the number read, the sign it names not)."""
    accounts = compile_criterion(text, section).accounting
    edges = {edge for span in blanked(text)[1] for edge in span}
    problems = []
    for column, char in enumerate(text):
        times = sum(a.start <= column < a.end for a in accounts)
        if char.isalnum() and times != 1:
            problems.append(f"{char!r} at column {column + 1} accounted for {times} times")
    for word, owners in words_of(text, accounts):
        if any(owner.start not in edges for owner in owners[1:]):
            problems.append(f"{word!r} cut between {owners}")
    return problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, _REWRITTEN), min_size=1, max_size=18).map(" ".join),
       st.sampled_from(["inclusion", "exclusion"]))
def test_every_word_is_accounted_for_once_and_whole(text, section):
    """A rewrite keeps its width, not its letters' places: its span is accounted for by
    what read it, whole, never as fragments of moved words or padding."""
    assert _accounted_twice_or_cut(text, section) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=18).map(" ".join))
def test_a_part_left_for_a_person_never_passes_an_exclusion_alone(text):
    """An exclusion with an unread part can be 'not met' only through a cue that narrows
    it (an exception or a condition: 'unless ...') or a conjunct ('with ...'): never
    through a part with no cue, which must be joined so that it can only exclude."""
    criterion = compile_criterion(text, "exclusion")
    unread = [a for a in criterion.accounting if a.role == MANUAL]
    if unread and all(a.category in ("unclassified", "label") for a in unread):
        assert criterion.tree.kind in ("any", "manual"), compact(criterion.tree)


_NAMED_THRESHOLDS = st.sampled_from([
    ("Hemoglobin", "9", "g/dL"), ("Platelets", "100", "x 10^9/L"), ("Total cholesterol", "240", "mg/dL"),
    ("Serum creatinine", "1.5", "mg/dL"), ("ALT", "3", "x ULN"), ("Serum albumin", "3.0", "g/dL"),
    ("Serum transaminases", "2.5", "x ULN"), ("LVEF", "50", "%"), ("Absolute neutrophil count", "1,500", "/µL"),
    ("Potassium", "5.5", "mmol/L"), ("eGFR", "30", "mL/min/1.73 m2"), ("HbA1c", "7", "%")])
_COMPARATORS = st.sampled_from(["<", ">", "≤", "≥", ">=", "at least", "less than", "greater than", "above",
                                "below", "up to", "at most"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NAMED_THRESHOLDS, _COMPARATORS, st.sampled_from(["inclusion", "exclusion"]))
def test_a_threshold_in_parentheses_after_its_name_reads_as_without_them(named, comparator, section):
    """'Total cholesterol (> 240 mg/dL)' says what 'Total cholesterol > 240 mg/dL' says."""
    name, value, unit = named
    plain = compile_criterion(f"{name} {comparator} {value} {unit}", section)
    parenthesised = compile_criterion(f"{name} ({comparator} {value} {unit})", section)
    assert compact(parenthesised.tree) == compact(plain.tree) != "manual"


_IN_UNITS = st.sampled_from([
    ("Hemoglobin", "9", "g/dL"), ("Total cholesterol", "240", "mg/dL"), ("Serum creatinine", "1.5", "mg/dL"),
    ("Absolute neutrophil count", "1,500", "/µL"), ("C-reactive protein", "10", "mg/L"), ("Ferritin", "500", "ng/mL"),
    ("Total bilirubin", "2", "mg/dL")])
_AGAINST_NORMAL = st.sampled_from(["three fold higher than the upper limit of normal", "2 x ULN", "1.5 times ULN",
                                   "twice the upper limit of normal", "< 2 x ULN", "2-fold the upper limit of normal"])


def _joined_so_it_can_only_hurt(threshold: str, line: str, section: str) -> Criterion:
    """The line reads as the threshold alone does, joined to a part for a person as the
    section joins what can only hurt the patient: "and" in an inclusion, "or" in an exclusion."""
    plain = compile_criterion(threshold, section)
    longer = compile_criterion(line, section)
    joiner = "and" if section == "inclusion" else "or"
    assert compact(longer.tree) == f"({compact(plain.tree)} {joiner} manual)"
    return longer


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_IN_UNITS, _COMPARATORS, _AGAINST_NORMAL, st.sampled_from(["inclusion", "exclusion"]))
def test_a_restatement_against_normal_never_loses_the_threshold_nor_is_read(named, comparator, restated, section):
    """'CRP > 10 mg/L (twice the upper limit of normal)': the threshold is read as without the
    parenthesis, and the restatement is a part for a person, joined so it can only hurt."""
    name, value, unit = named
    threshold = f"{name} {comparator} {value} {unit}"
    _joined_so_it_can_only_hurt(threshold, f"{threshold} ({restated})", section)


_ONE_ANALYTE = st.sampled_from([
    ("Hemoglobin", "9", "g/dL"), ("Platelets", "100", "x 10^9/L"), ("Serum creatinine", "1.5", "mg/dL"),
    ("Serum albumin", "3.0", "g/dL"), ("LVEF", "50", "%"), ("Potassium", "5.5", "mmol/L"), ("HbA1c", "7", "%"),
    ("Body weight", "50", "kg")])
_OTHER_NAMES = st.sampled_from(["BMI", "Total bilirubin", "Ferritin", "Heart rate", "Systolic blood pressure"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ONE_ANALYTE, _COMPARATORS, _OTHER_NAMES, st.sampled_from(["or", "and/or"]), st.booleans(),
       st.sampled_from(["inclusion", "exclusion"]))
def test_another_analytes_threshold_offered_instead_never_changes_the_reading(named, comparator, other, joiner,
                                                                             first, section):
    """'Hemoglobin ≥ 9 g/dL or BMI = 30': another analyte's threshold the reader cannot read,
    offered instead of the only reading, before or after it, keeps the reading as it is
    alone and joins it by "or": either meets the line, and the line is never evaluable."""
    name, value, unit = named
    plain = compile_criterion(f"{name} {comparator} {value} {unit}", section)
    alternative = f"{other} = 30"
    text = f"{alternative} {joiner} {name} {comparator} {value} {unit}" if first else \
        f"{name} {comparator} {value} {unit} {joiner} {alternative}"
    offered = compile_criterion(text, section)
    assert compact(offered.tree) == f"({compact(plain.tree)} or manual)"
    assert not offered.evaluable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ONE_ANALYTE, _COMPARATORS, _OTHER_NAMES, st.sampled_from(["inclusion", "exclusion"]))
def test_a_requirement_of_its_own_after_and_never_changes_the_reading(named, comparator, other, section):
    """'Hemoglobin ≥ 9 g/dL and BMI =30': another analyte's threshold after "and", which the
    reader cannot read, keeps the only reading as it is alone. In an inclusion it is joined
    by "and" (it can only narrow whom the reading lets through); in an exclusion the bare
    "and" may join a second reason to exclude, so the reading may exclude alone ("or") and
    never clears the patient."""
    name, value, unit = named
    threshold = f"{name} {comparator} {value} {unit}"
    assert not _joined_so_it_can_only_hurt(threshold, f"{threshold} and {other} =30", section).evaluable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ONE_ANALYTE, _COMPARATORS, _OTHER_NAMES, st.sampled_from([",", ";"]), st.booleans(),
       st.sampled_from(["inclusion", "exclusion"]))
def test_an_item_of_its_own_in_the_list_never_changes_the_reading(named, comparator, other, mark, first, section):
    """'Hemoglobin ≥ 9 g/dL, BMI =30': another analyte's item of the list, set apart by a
    comma or a semicolon, which the reader cannot read, keeps the reading as it is alone
    and is joined as the section joins a list: it can only hurt the patient."""
    name, value, unit = named
    threshold, item = f"{name} {comparator} {value} {unit}", f"{other} =30"
    line = f"{item}{mark} {threshold}" if first else f"{threshold}{mark} {item}"
    assert not _joined_so_it_can_only_hurt(threshold, line, section).evaluable


# Items a reader cannot read, each another analyte's than _ONE_ANALYTE's: a sign lost, a value
# whose unit it does not tell, a unit that cannot express it.
_UNREADABLE_ITEMS = st.sampled_from(["BMI =30", "Heart rate =100", "Hematocrit < 30 g/dL",
                                     "Total bilirubin > 17 mmol/L"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ONE_ANALYTE, min_size=2, max_size=2, unique_by=lambda named: named[0]), _COMPARATORS,
       _UNREADABLE_ITEMS, st.sampled_from([",", ";"]), st.sampled_from(["inclusion", "exclusion"]))
def test_an_unreadable_item_between_two_readings_of_a_list_never_changes_them(named, comparator, item, mark,
                                                                            section):
    """'Hemoglobin ≥ 9 g/dL, Hematocrit < 30 g/dL, Platelets ≥ 100 x 10^9/L': an item of the list
    between two readings, another analyte's, which the reader cannot read, keeps the readings
    as they are without it and is joined as the section joins the list: it can only hurt."""
    first, second = (f"{name} {comparator} {value} {unit}" for name, value, unit in named)
    plain = compile_criterion(f"{first}{mark} {second}", section)
    longer = compile_criterion(f"{first}{mark} {item}{mark} {second}", section)
    joiner = "and" if section == "inclusion" else "or"
    assert compact(longer.tree) == f"{compact(plain.tree)[:-1]} {joiner} manual)"


# One measurement's two bounds, a unit the bare first value may not tell on its own.
_TWO_BOUNDS = st.sampled_from([("Body weight", "45", "130", "kg"), ("Hemoglobin", "8", "17", "g/dL"),
                               ("Potassium", "3", "5.5", "mmol/L"), ("Platelets", "50", "600", "x 10^9/L"),
                               ("Heart rate", "50", "120", "bpm")])
_BELOW = st.sampled_from(["<", "≤", "below", "less than"])
_ABOVE = st.sampled_from([">", "≥", "above", "greater than"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TWO_BOUNDS, _BELOW, _ABOVE, st.booleans(), st.sampled_from(["inclusion", "exclusion"]))
def test_the_unit_after_two_bounds_is_the_first_bounds_too(bounds, below, above, inside, section):
    """'Body weight < 45 or > 130 kg', 'Weight > 45 and < 130 kg': the two bounds of one
    measurement, the unit written once after the second, read as with the unit written
    after both, where they make an interval ("and") or its outside ("or")."""
    name, low, high, unit = bounds
    first, second = (f"{above} {low}", f"{below} {high}") if inside else (f"{below} {low}", f"{above} {high}")
    joiner = "and" if inside else "or"
    once = compile_criterion(f"{name} {first} {joiner} {second} {unit}", section)
    twice = compile_criterion(f"{name} {first} {unit} {joiner} {second} {unit}", section)
    assert compact(once.tree) == compact(twice.tree) != "manual"


_HARMLESS_AFTER = st.sampled_from([
    "at the time of initiation of study treatment", "at the time of the first dose", "at screening",
    "on pre-operative laboratory testing", "(Smith et al., 2015)", "[Smith and Jones, 2010]",
    "according to the KDIGO guideline", "(by local laboratory)", "before randomisation", "measured locally",
    "in order to tolerate the procedure", "because of the increased risk of toxicity",
    "so as to limit toxicity", "at the time of the screening visit", "at the start of the study"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ONE_ANALYTE, _COMPARATORS, _HARMLESS_AFTER, st.sampled_from(["inclusion", "exclusion"]))
def test_a_harmless_phrase_after_a_threshold_never_changes_its_reading(named, comparator, phrase, section):
    """'Hemoglobin ≥ 9 g/dL at the time of initiation of study treatment', '... (Smith et al.,
    2015)': when or where from a value is taken, in the lexicon's harmless words, says what
    the threshold alone says."""
    name, value, unit = named
    plain = compile_criterion(f"{name} {comparator} {value} {unit}", section)
    qualified = compile_criterion(f"{name} {comparator} {value} {unit} {phrase}", section)
    assert (compact(qualified.tree), qualified.evaluable) == (compact(plain.tree), plain.evaluable)


_MEASURED_AT_REST = st.sampled_from([
    ("Systolic blood pressure", "140", "mmHg"), ("Diastolic BP", "90", "mmHg"), ("Heart rate", "100", "/min"),
    ("Mean arterial pressure", "65", "mmHg")])
_STATES = st.sampled_from([("Resting ", ""), ("Sitting ", ""), ("Seated ", ""), ("", " at rest"),
                           ("", " in the sitting position"), ("", " while seated"), ("", " (at rest)")])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MEASURED_AT_REST, _ONE_ANALYTE, _COMPARATORS, _STATES, st.sampled_from(["inclusion", "exclusion"]))
def test_a_state_is_harmless_only_beside_a_measurement_taken_in_it(usual, other, comparator, state, section):
    """A blood pressure or a heart rate 'at rest' or 'sitting' is the value a record holds:
    read as without the words. Beside any other measurement ('LVEF at rest', 'Sitting
    hemoglobin') the state says something the value does not show: never evaluable."""
    before, after = state
    for (name, value, unit), usual_state in ((usual, True), (other, False)):
        plain = compile_criterion(f"{name} {comparator} {value} {unit}", section)
        stated = compile_criterion(f"{before}{name.lower() if before else name} {comparator} {value} {unit}{after}",
                                   section)
        if usual_state:
            assert (compact(stated.tree), stated.evaluable) == (compact(plain.tree), True)
        else:
            assert not stated.evaluable, compact(stated.tree)


_ANOTHER_MOMENT = st.sampled_from([
    "on day 8", "on Day 15", "by day 29", "at study day 22", "3 months after surgery", "at the time of delivery",
    "at initiation of erythropoietin therapy", "on admission", "post-dose", "2 hours postprandial",
    "post-bronchodilator", "on the day of hCG trigger", "at the triggering day",
    "during exercise", "during sleep"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_ONE_ANALYTE, _MEASURED_AT_REST), _COMPARATORS, _ANOTHER_MOMENT,
       st.sampled_from(["inclusion", "exclusion"]))
def test_a_value_of_another_moment_leaves_the_line_to_a_person(named, comparator, phrase, section):
    """A value on a later study day or after an event is not the value a record holds at
    screening: read as today's, it would turn patients away (or let them through) on a
    value the line does not ask about. The whole line is left to a person."""
    name, value, unit = named
    criterion = compile_criterion(f"{name} {comparator} {value} {unit} {phrase}", section)
    assert compact(criterion.tree) == "manual"


_SATURATIONS = st.sampled_from([("SpO2", "92", "%"), ("Oxygen saturation", "90", "%"), ("PaO2", "60", "mmHg")])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(_SATURATIONS, ["on room air", "while on room air", "breathing room air"]),
                        (_ONE_ANALYTE, ["without transfusion", "(without growth factor support)",
                                        "without G-CSF or transfusion", "transfusion independent"])]),
       st.data(), _COMPARATORS, st.sampled_from(["inclusion", "exclusion"]))
def test_a_value_without_support_is_joined_so_that_it_can_only_hurt_the_patient(kind, data, comparator, section):
    """A saturation on oxygen is higher than on room air, a blood count with transfusion or
    growth factors higher than without, and a record's value rarely says which it was: the
    reading can prove a low value without support, never a high one. It never makes the
    line evaluable, and is joined as a part with no cue is."""
    names, phrases = kind
    named, phrase = data.draw(names), data.draw(st.sampled_from(phrases))
    name, value, unit = named
    threshold = f"{name} {comparator} {value} {unit}"
    assert not _joined_so_it_can_only_hurt(threshold, f"{threshold} {phrase}", section).evaluable
