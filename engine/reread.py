"""Second readings of a line the grammar cannot read whole.

Real criteria wrap a readable threshold in prose: a clinical label defined by a
parenthetical ("Renal insufficiency (serum creatinine > 1.5 mg/dL)"), a label and
"defined as", a trailing sentence of commentary. Each re-reading blanks the prose
(columns stay true) and says what it left unread. None of them applies where the
prose could change the meaning: a negated label ("No diabetes (...)"), or words of
exception and scope ("unless", "except", "only", "may", "eligible" ...).

Two criteria copied onto one line without a joiner ("WBC > 3000/mm3 Platelets >
100,000/mm3") are read as a list: a semicolon takes the place of the space between them.
"""
from __future__ import annotations

import re
from typing import Iterator

# A label that negates or scopes what its parenthetical defines is not dropped.
_NEGATED = re.compile(r"^\W*(no|not|none|without|absence|absent|free|never|negative)\b", re.I)
# A label is dropped only when it names a lab-defined condition that its parenthetical
# or "defined as" spells out ("Renal insufficiency (creatinine > 1.5 mg/dL)"); a label
# with other content ("Adult renal transplant patients (>= 21 years)") is a
# requirement of its own.
_LABEL_WORDS = frozenset("""
a an the of with and or in by as for to patients patient subjects subject evidence documented
adequate normal abnormal significant severe mild moderate chronic acute active uncontrolled
controlled inadequately poorly impaired impairment insufficiency sufficiency dysfunction
function functions failure disease renal kidney hepatic liver marrow bone organ cardiac
hematologic hematological haematological parameters values value reserve laboratory lab
anemia anaemia verified hyponatremia hypernatremia hypokalemia hyperkalemia hypocalcemia
hypercalcemia hypomagnesemia hyperglycemia hypoglycemia diabetes diabetic obesity obese non
morbid overweight underweight hypertension hypotension tachycardia bradycardia coagulopathy
neutropenia thrombocytopenia leukopenia cytopenia elevated low high baseline base line
screening had has have defined mellitus confirmed diagnosis prediabetes prediabetic t1d t2d
t1dm t2dm type pain intensity sleepiness somnolence daytime excessive
""".split())
# "(defined as HbA1c > 7%)", "(i.e., BMI > 30)": the definition's own lead-in. Never "(e.g.
# ...)": an example of the label, which may hold without it.
_LEAD_IN = re.compile(r"\(\s*(defined\s+as|i\.?\s?e\.?,?)\s*", re.I)
# Each starts with a test of one character (a lookahead, or the full stop before the
# lookbehind), which the regex engine makes at every position far faster than the
# alternatives themselves.
_DEFINED = re.compile(r"(?=[ad:])(\bas\s+defined\s+by\b|\bdefined\s+(as|by)\b|:)", re.I)
_SENTENCE_END = re.compile(r"\.(?<=[A-Za-z%)\d]\.)\s*(?=[A-Z])|;\s+(?=[a-zA-Z])")


# Compiled here, not looked up in re's cache at each call: every line read a second
# time asks.
_WORD = re.compile(r"[a-z][a-z\d]*")
_NUMBER_ALONE = re.compile(r"(?<![a-z])\d", re.I)
_JOINER = re.compile(r"\s*(,|;|and/or|and|or)?\s*", re.I)
_DEFINITION_TAIL = re.compile(r"\s*(as\s+defined\s+by[^()]*)?[\s.;,*]*", re.I)
_TEST_WORD = re.compile(r"[\w-]+")


def _plain_label(label: str) -> bool:
    """Only label words, no number ("T2D" is a word), no parenthesis, no negation."""
    from .read.joins import lists_labels
    words = _WORD.findall(label.lower())
    return bool(words) and all(w in _LABEL_WORDS for w in words) and "(" not in label \
        and not _NUMBER_ALONE.search(label) and not _NEGATED.match(label) and not lists_labels(label)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def rereadings(text: str) -> Iterator[tuple[str, str, str]]:
    """(text with prose blanked, what was left unread, "whole" | "partial").

    A "whole" re-reading captures the line; a "partial" one leaves text that may be
    a requirement of its own, so the caller must keep that part for a person.
    """
    yield from _labelled_parentheticals(text)
    yield from _defined_as(text)
    yield from _test_showing(text)
    yield from _trailing_prose(text)


def _trailing_prose(text: str) -> Iterator[tuple[str, str, str]]:
    match = _SENTENCE_END.search(text)
    if match and match.start() > 0:
        rest = text[match.end():].strip()
        if rest and _supportive_care(rest, text[:match.start()]):
            yield _blank(text, match.start(), len(text)), \
                f"the sentence '{rest}' is advice on supportive care, not a requirement", "whole"
        elif rest:
            yield _blank(text, match.start(), len(text)), rest, "partial"


# "Transfusion may be used to reach hemoglobin >= 9 g/dL", "Hydroxyurea should be used to
# keep the blast count <= 200/uL": how to meet the threshold, not a requirement of its own.
_SUPPORT_VERB = re.compile(r"\b(should|may|can)\s+(be\s+)?(used|utili[sz]ed|given|administered|"
                           r"receive|received)\b", re.I)
_SUPPORT_MEASURE = re.compile(r"\b(transfusions?|erythropoietin|epoetin|darbepoetin|growth\s+factors?|"
                              r"g-csf|filgrastim|hydroxyurea|iron|supportive)\b", re.I)
_LIMITING = re.compile(r"\b(not|no|never|without|unless|except|only|exclude[sd]?|ineligible)\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _supportive_care(sentence: str, read: str) -> bool:
    """Advice on supportive care that adds no threshold of its own (every number in it
    restates one of the part read) and limits no one."""
    return bool(_SUPPORT_VERB.search(sentence) and _SUPPORT_MEASURE.search(sentence)) \
        and not _LIMITING.search(sentence) \
        and set(_NUMBER.findall(sentence)) <= set(_NUMBER.findall(read))


def run_on(text: str, column: int | None) -> str | None:
    """The line with a semicolon before the name the parser stopped at, when that name
    starts with a capital, as a criterion of its own does, after a space that follows a
    threshold ("... / mm3 Platelet count > ...")."""
    if column is None or not 0 < column < len(text) or not text[column].isupper() \
            or not text[column - 1].isspace():
        return None
    before = text[:column].rstrip()
    if not before or not (before[-1].isalnum() or before[-1] in "%)³²"):
        return None
    return text[:column - 1] + ";" + text[column:]


_PAREN = re.compile(r"[()]")
# A parenthesis that opens on its threshold, not on the name of what it measures.
_UNNAMED = re.compile(r"\s*[^\w\s(]|\s*\d")
_DIGIT = re.compile(r"\d")


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Top-level (...) groups as (open, close) indexes; [] when unbalanced."""
    groups, depth, start = [], 0, 0
    for paren in _PAREN.finditer(text):  # the parentheses only, not every character
        i = paren.start()
        if paren.group() == "(":
            if depth == 0:
                start = i
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return []
            if depth == 0:
                groups.append((start, i))
    return groups if depth == 0 else []


def _labelled_parentheticals(text: str) -> Iterator[tuple[str, str]]:
    """'Label (criterion) and Label (criterion)' -> the criteria, joined as written."""
    groups = [g for g in _paren_groups(text) if _DIGIT.search(text, g[0], g[1])]
    if not groups:
        return
    blanked, labels, previous = text, [], 0
    for open_, close in groups:
        label_text = text[previous:open_]
        joiner = _JOINER.match(label_text)
        label_start = previous + (joiner.end() if joiner and previous else 0)
        label = text[label_start:open_]
        if label.strip() and not _plain_label(label):
            return
        lead_in = _LEAD_IN.match(text, open_)
        if labels and label.strip() and _UNNAMED.match(text, lead_in.end() if lead_in else open_ + 1):
            # "Neutropenia (ANC < 1500/µL) or thrombocytopenia (< 100,000/µL)": the label is
            # the only name of that threshold; blanked, it would take the ANC's.
            return
        labels.append(label.strip())
        blanked = _blank(blanked, label_start, lead_in.end() if lead_in else open_ + 1)
        blanked = _blank(blanked, close, close + 1)
        previous = close + 1
    tail = text[previous:]
    if tail.strip(" .;,*") and not _DEFINITION_TAIL.fullmatch(tail):
        return
    yield _blank(blanked, previous, len(text)), \
        "read the parenthetical definition of " + "; ".join(f"'{l}'" for l in labels if l), "whole"


# "Baseline MUGA or echocardiogram scans with LVEF of > 50%", "ECG with QTc < 470 ms": the
# test that measures the value, then what it must show.
_TEST_WORDS = frozenset("""
a an the or and baseline screening pretreatment muga multigated acquisition radionuclide
ventriculography echocardiogram echocardiograms echocardiography echo echos cardiac ecg ecgs ekg
ekgs electrocardiogram electrocardiograms 12-lead lead resting scan scans study studies
spirometry pulmonary function test tests pft pfts
""".split())
_TEST_WITH = re.compile(r"^(?P<test>[^()\d]+?)\s+(with|showing|demonstrating)\s+", re.I)


def _test_showing(text: str) -> Iterator[tuple[str, str, str]]:
    match = _TEST_WITH.match(text)
    if not match:
        return
    words = _TEST_WORD.findall(match.group("test").lower())
    if words and all(w in _TEST_WORDS for w in words):
        yield _blank(text, 0, match.end()), f"read what '{match.group('test').strip()}' must show", "whole"


def _defined_as(text: str) -> Iterator[tuple[str, str]]:
    match = _DEFINED.search(text)
    if not match:
        return
    label = text[:match.start()]
    if not _plain_label(label):
        return
    yield _blank(text, 0, match.end()), f"read what defines '{label.strip()}'", "whole"
