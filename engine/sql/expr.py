"""Small sqlglot expression builders shared by the compiler: literals, Kleene helpers,
the 12-significant-digit rounding of ``units.comparable`` and ``compare_interval``.

Truth values are SQL booleans with NULL as unknown: SQL's AND / OR / NOT on NULL are
exactly the evaluator's Kleene logic. An interval's missing upper end (a "> 5" result,
Cockcroft-Gault with a censored creatinine) is NULL too, and every comparison below is
written so that NULL there behaves as +infinity.
"""
from __future__ import annotations

import math
import struct
from functools import lru_cache
from typing import Optional, Union

from sqlglot import exp

from ..units import COMPARE_DIGITS, comparable

Expr = exp.Expression
DOUBLE = exp.DataType.build("double")


def col(name: str, table: Optional[str] = None) -> exp.Column:
    return exp.column(name, table=table, quoted=True)


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def num(value: Union[int, float]) -> Expr:
    """A number literal that every engine reads back as the identical double.

    Floats go through a string cast: engines type ``0.0113`` as DECIMAL and some
    convert wide decimals to double inexactly, while every engine parses a
    shortest-repr string to the nearest double.
    """
    if isinstance(value, bool):
        raise TypeError("num() takes numbers, not booleans")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) < 2 ** 53 and not _is_neg_zero(value)):
        as_int = int(value)
        number = exp.Literal.number(abs(as_int))
        literal = exp.Neg(this=number) if as_int < 0 else number
        return exp.cast(literal, DOUBLE) if isinstance(value, float) else literal
    if not math.isfinite(value):
        raise ValueError(f"no SQL literal for {value!r}")
    return exp.cast(text(repr(float(value))), DOUBLE)


def _is_neg_zero(value: float) -> bool:
    return value == 0 and math.copysign(1.0, value) < 0


def _operand(value: Expr) -> Expr:
    """sqlglot prints hand-built trees as they are: nested arithmetic needs explicit parens."""
    return exp.paren(value, copy=False) if isinstance(value, (exp.Binary, exp.Neg)) else value


def add(a: Expr, b: Expr) -> Expr:
    return exp.Add(this=_operand(a.copy()), expression=_operand(b.copy()))


def sub(a: Expr, b: Expr) -> Expr:
    return exp.Sub(this=_operand(a.copy()), expression=_operand(b.copy()))


def mul(a: Expr, b: Expr) -> Expr:
    return exp.Mul(this=_operand(a.copy()), expression=_operand(b.copy()))


def div(a: Expr, b: Expr) -> Expr:
    return exp.Div(this=_operand(a.copy()), expression=_operand(b.copy()))


def null() -> Expr:
    return exp.Null()


def unknown() -> Expr:
    """A typed unknown truth value."""
    return exp.cast(exp.Null(), exp.DataType.build("boolean"))


def true() -> Expr:
    return exp.true()


def false() -> Expr:
    return exp.false()


def case(whens: list[tuple[Expr, Expr]], default: Optional[Expr] = None) -> Expr:
    if not whens:
        return default if default is not None else null()
    node = exp.Case()
    for condition, value in whens:
        node = node.when(condition, value, copy=False)
    if default is not None:
        node = node.else_(default, copy=False)
    return node


def all_of(items: list[Expr]) -> Expr:
    return exp.and_(*items) if len(items) > 1 else items[0]


def any_of(items: list[Expr]) -> Expr:
    return exp.or_(*items) if len(items) > 1 else items[0]


def not_(item: Expr) -> Expr:
    return exp.Not(this=exp.paren(item, copy=False))


def is_null(item: Expr) -> Expr:
    return exp.Is(this=item, expression=exp.Null())


def not_null(item: Expr) -> Expr:
    return exp.Not(this=is_null(item))


def in_(item: Expr, values: list[Expr]) -> Expr:
    return exp.In(this=item, expressions=values) if values else false()


def agree(a: Expr, b: Expr) -> Expr:
    """Two readings of the same question: their answer if they agree, else unknown."""
    return case([(exp.EQ(this=a, expression=b.copy()), a.copy())], unknown())


def agree_all(readings: list[Expr]) -> Expr:
    """Readings of the same question: their answer if all agree, else unknown (NULL)."""
    first, *rest = readings
    if not rest:
        return first
    same = all_of([exp.EQ(this=first.copy(), expression=other) for other in rest])
    return case([(same, first.copy())], unknown())


def _log10(value: Expr, dialect: str) -> Expr:
    if dialect == "snowflake":
        return exp.Log(this=num(10), expression=value)
    return exp.Anonymous(this="LOG10", expressions=[value])


def _pow10(power: Expr) -> Expr:
    return exp.Pow(this=exp.cast(num(10), DOUBLE), expression=power)


def round12(value: Expr, dialect: str) -> Expr:
    """``units.comparable``: round to COMPARE_DIGITS significant digits (0 and NULL kept).

    DuckDB's ROUND(x, n) computes round(x * 10^n) / 10^n; other engines either want a
    constant n (Spark) or numeric arguments (PostgreSQL), so they get that formula
    spelled out.
    """
    magnitude = exp.Floor(this=_log10(exp.Abs(this=value.copy()), dialect))
    digits = exp.cast(sub(num(COMPARE_DIGITS - 1), magnitude), exp.DataType.build("int"))
    if dialect == "duckdb":
        rounded: Expr = exp.Round(this=value.copy(), decimals=digits)
    else:
        scale = _pow10(digits.copy())
        up = div(exp.Round(this=mul(value, scale)), scale)
        down_scale = _pow10(exp.Neg(this=exp.paren(digits.copy())))
        down = mul(exp.Round(this=div(value, down_scale)), down_scale)
        rounded = case([(exp.GTE(this=digits.copy(), expression=num(0)), up)], down)
    return case([(exp.EQ(this=value.copy(), expression=num(0)), value.copy())], rounded)


def compare_interval(lo: Expr, hi: Expr, lo_open: Expr, hi_open: Expr, point: Expr,
                     op: str, t: Expr) -> Expr:
    """readings.compare_interval in SQL; lo/hi/t already rounded, hi NULL = +infinity.

    A missing reading has lo NULL: every WHEN is then NULL, and the answer unknown.
    """
    ge, gt = (lambda a, b: exp.GTE(this=a.copy(), expression=b.copy())), \
        (lambda a, b: exp.GT(this=a.copy(), expression=b.copy()))
    le, lt = (lambda a, b: exp.LTE(this=a.copy(), expression=b.copy())), \
        (lambda a, b: exp.LT(this=a.copy(), expression=b.copy()))
    eq = lambda a, b: exp.EQ(this=a.copy(), expression=b.copy())  # noqa: E731
    if op == ">=":
        yes, no = ge(lo, t), any_of([lt(hi, t), exp.paren(all_of([eq(hi, t), hi_open.copy()]))])
    elif op == ">":
        yes, no = any_of([gt(lo, t), exp.paren(all_of([eq(lo, t), lo_open.copy()]))]), le(hi, t)
    elif op == "<=":
        yes, no = le(hi, t), any_of([gt(lo, t), exp.paren(all_of([eq(lo, t), lo_open.copy()]))])
    elif op == "<":
        yes, no = any_of([lt(hi, t), exp.paren(all_of([eq(hi, t), hi_open.copy()]))]), ge(lo, t)
    elif op == "==":
        yes = all_of([eq(lo, t), eq(hi, t), point.copy()])
        no = any_of([lt(t, lo), gt(t, hi)])
    else:
        raise ValueError(f"unknown comparison operator {op!r}")
    return case([(yes, true()), (no, false())], unknown())


# ------------------------------------------------- constant thresholds, exactly
def _ordinal(x: float) -> int:
    """Doubles in order as integers (-0.0 and 0.0 both 0)."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def _from_ordinal(n: int) -> float:
    bits = n if n >= 0 else (-n) | -0x8000000000000000
    return struct.unpack("<d", struct.pack("<q", bits))[0]


def _first(low: int, high: int, test) -> int:
    """The smallest ordinal in [low, high] where the monotone ``test`` holds (it holds at high)."""
    while low < high:
        middle = (low + high) // 2
        if test(_from_ordinal(middle)):
            high = middle
        else:
            low = middle + 1
    return low


@lru_cache(maxsize=4096)
def bounds(t: float) -> tuple[float, float]:
    """(L, U): comparable(x) >= t  <=>  x >= L, and comparable(x) <= t  <=>  x <= U.

    units.comparable (rounding to 12 significant digits) never decreases as x grows, so
    each side of a comparison with a constant threshold is one plain comparison of the
    unrounded value with a double found here, with comparable itself as the oracle:
    no rounding at run time, and exactly Python's rounding.
    """
    t = comparable(t)
    if t == 0:
        return 0.0, 0.0
    span = abs(t) * 1e-10
    here = _ordinal(t)
    low = _from_ordinal(_first(_ordinal(t - span), here, lambda x: comparable(x) >= t))
    high = _from_ordinal(_first(here, _ordinal(t + span), lambda x: comparable(x) > t) - 1)
    return low, high


def compare_constant(lo: Expr, hi: Expr, lo_open: Expr, hi_open: Expr, point: Expr, op: str,
                     threshold: float) -> Expr:
    """compare_interval with a constant threshold, on unrounded ends (hi NULL = +infinity).

    With (L, U) = bounds(t): rounded x >= t is x >= L; rounded x <= t is x <= U; rounded
    x == t is L <= x <= U.
    """
    low, high = bounds(threshold)
    L, U = num(low), num(high)
    ge = lambda a, b: exp.GTE(this=a.copy(), expression=b.copy())  # noqa: E731
    gt = lambda a, b: exp.GT(this=a.copy(), expression=b.copy())  # noqa: E731
    le = lambda a, b: exp.LTE(this=a.copy(), expression=b.copy())  # noqa: E731
    lt = lambda a, b: exp.LT(this=a.copy(), expression=b.copy())  # noqa: E731
    at = lambda a: exp.paren(all_of([ge(a, L), le(a, U)]))  # noqa: E731
    if op == ">=":
        yes, no = ge(lo, L), any_of([lt(hi, L), exp.paren(all_of([at(hi), hi_open.copy()]))])
    elif op == ">":
        yes, no = any_of([gt(lo, U), exp.paren(all_of([at(lo), lo_open.copy()]))]), le(hi, U)
    elif op == "<=":
        yes, no = le(hi, U), any_of([gt(lo, U), exp.paren(all_of([at(lo), lo_open.copy()]))])
    elif op == "<":
        yes, no = any_of([lt(hi, L), exp.paren(all_of([at(hi), hi_open.copy()]))]), ge(lo, L)
    elif op == "==":
        yes, no = all_of([at(lo), at(hi), point.copy()]), any_of([gt(lo, U), lt(hi, L)])
    else:
        raise ValueError(f"unknown comparison operator {op!r}")
    return case([(yes, true()), (no, false())], unknown())
