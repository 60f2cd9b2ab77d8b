"""made(model, **values): the model validation would give (the same fields, values and
types) or validation's own error, whatever the values: unvalidated only where validation
would keep each value as given."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token
from pydantic import ValidationError

from engine.criteria import Criterion
from engine.nodes import AllOf, AnyOf, Between, Compare, Conditional, Has, Manual, Normal, Not, OneOf, Quantity, Sex, \
    Since, Washout
from engine.rules import Trial
from engine.trusted import made

LEAF = st.builds(lambda text: Has(text=text), st.text(max_size=5)) | st.just(Manual(reason="r"))
VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, width=32),
    st.sampled_from(["", "x", "current", "ever", "window", "female", "male", ">=", "<", "ULN", "compare", "has",
                     "inclusion", "exclusion"]),
    st.text(max_size=4).map(lambda text: Token("WORD", text)),
    st.tuples(st.integers(0, 9), st.integers(0, 9)), st.tuples(st.floats(0, 9, width=32), st.integers(0, 9)),
    st.lists(st.sampled_from(["female", "male"]), max_size=2).map(tuple),
    st.lists(st.floats(0, 9, width=32) | st.integers(0, 9), max_size=2).map(tuple),
    LEAF, st.lists(LEAF, max_size=2).map(tuple), st.lists(LEAF, max_size=2),
    st.just(Quantity(value=1.0)), st.just((Washout(text="x", days=3),)),
    st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2))
# A value each field keeps, most of the time: the calls the compiler makes.
STR = st.sampled_from(["", "x", "platelets"])
FLOAT = st.floats(-9, 9, width=32)
KEPT = {"span": st.none() | st.tuples(st.integers(0, 9), st.integers(0, 9)), "analyte": STR, "name": STR,
        "op": st.sampled_from([">=", ">", "<=", "<", "=="]), "value": FLOAT, "low": FLOAT, "high": FLOAT,
        "unit_text": st.none() | STR, "unit": st.none() | STR, "relative_to": st.sampled_from([None, "ULN", "LLN"]),
        "restated": st.none() | st.just(Quantity(value=2.0)), "within_days": st.none() | st.integers(0, 30),
        "values": st.lists(FLOAT, max_size=3).map(tuple), "allowed": st.sampled_from([("female",), ("male",)]),
        "concept": STR, "text": STR, "timing": st.sampled_from(["current", "ever", "window"]),
        "days": st.integers(0, 30), "exceptions": st.just((Washout(text="x", days=3),)),
        "children": st.lists(LEAF, max_size=2).map(tuple), "child": LEAF, "condition": STR,
        "condition_text": STR, "when_true": LEAF, "when_false": LEAF, "reason": STR}
MODELS = [Compare, Between, OneOf, Normal, Sex, Has, Since, AllOf, AnyOf, Not, Conditional, Manual, Quantity, Washout]


def _answer(call):
    try:
        built = call()
    except ValidationError as exc:
        return "refused", [(error["loc"], error["type"]) for error in exc.errors()]
    return repr(built), {name: type(value) for name, value in built.__dict__.items()}, built.model_fields_set


@settings(max_examples=600, deadline=None)
@given(model=st.sampled_from(MODELS), values=st.data())
def test_made_is_what_validation_gives(model, values):
    names = list(model.model_fields) + ["unknown"]
    given_values = values.draw(st.fixed_dictionaries({}, optional={name: KEPT[name] for name in model.model_fields
                                                                   if name != "kind"}))
    given_values.update(values.draw(st.dictionaries(st.sampled_from(names), VALUE, max_size=2)))
    assert _answer(lambda: made(model, **given_values)) == _answer(lambda: model(**given_values))


def test_made_criterion_and_trial_are_what_validation_gives():
    tree = Not(child=Has(text="hepatitis B"), span=(0, 11))
    criterion = dict(id="c1", section="exclusion", text="No hepatitis B", tree=tree, problems=(), accounting=())
    for fields in (criterion, {**criterion, "section": "other"}, {**criterion, "id": Token("WORD", "c1")}):
        assert _answer(lambda: made(Criterion, **fields)) == _answer(lambda: Criterion(**fields))
    compiled = Criterion(**criterion)
    for lines in ({"c1": 3}, {"c1": 3.0}, {1: 3}):
        fields = dict(id="NCT1", criteria=(compiled,), lines=lines, cohorts=("a",))
        assert _answer(lambda: made(Trial, **fields)) == _answer(lambda: Trial(**fields))
