"""Kleene three-valued logic, exhaustively, in the evaluator and in Truth itself."""
from __future__ import annotations

import itertools

import pytest

from engine import Truth
from engine.logic import all_of, any_of

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
AND = {(T, T): T, (T, F): F, (T, U): U, (F, T): F, (F, F): F, (F, U): F, (U, T): U, (U, F): F, (U, U): U}
OR = {(T, T): T, (T, F): T, (T, U): T, (F, T): T, (F, F): F, (F, U): U, (U, T): T, (U, F): U, (U, U): U}


@pytest.mark.parametrize("a,b", list(itertools.product((T, F, U), repeat=2)))
def test_and_or_tables(a, b):
    assert a & b is AND[(a, b)]
    assert a | b is OR[(a, b)]
    assert all_of([a, b]) is AND[(a, b)]
    assert any_of([a, b]) is OR[(a, b)]


def test_not():
    assert (~T, ~F, ~U) == (F, T, U)


def test_empty_combinations_are_identities():
    assert all_of([]) is T and any_of([]) is F
