"""Long tables read a chunk of rows a column at a time (``tables._Table._plain_chunk``)
when every row of it is plain, and row by row otherwise. Random tables, mostly plain
rows and some not, in chunks small enough to mix both ways, read exactly as cell by cell.
"""
from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.adapters import load_tables
from engine.adapters import tables
from engine.adapters.tables import _Table

from .test_bulk_load import CELL, SLOW, counts, everything

PLAIN_ROW = st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from(["platelets", "777-3", "ALT"]),
                      st.sampled_from(["150", "1e2", "0.5", "-3", " 7 "]),
                      st.sampled_from(["10*9/L", "U/L"]), st.sampled_from(["2026-10-28", "2026-10-01", ""]),
                      st.sampled_from(["", "0", "-0", "150"]), st.sampled_from(["", "400"]))
ODD_ROW = st.tuples(st.sampled_from(["P1", " P2", ""]), st.sampled_from(["platelets", "ecog", "zzz", ""]), CELL,
                    st.sampled_from(["10*9/L", "", "mg/dL"]), st.sampled_from(["2026-10-28", "28/10/2026"]),
                    CELL, CELL)


def read_both(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(tables, "_CHUNK", 3)
        fast = load_tables([path])
    with monkeypatch.context() as m:
        m.setattr(_Table, "_cleanly_read", lambda self, *cells: ())
        general = load_tables([path])
    return fast, general


@SLOW
@given(st.lists(PLAIN_ROW | ODD_ROW, min_size=1, max_size=14))
def test_chunks_read_as_cell_by_cell(tmp_path_factory, monkeypatch, rows):
    path = tmp_path_factory.mktemp("tb") / "labs.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("patient_id", "test", "value", "unit", "date", "low", "high"), *rows])
    (fast, fast_report), (general, general_report) = read_both(path, monkeypatch)
    assert [everything(p) for p in fast] == [everything(p) for p in general]
    assert counts(fast_report) == counts(general_report)
    assert fast_report.examples == general_report.examples


def test_plain_chunks_take_the_column_path(tmp_path, monkeypatch):
    path = tmp_path / "labs.csv"
    path.write_text("patient_id,test,value,unit,date,low,high\n" + "P1,platelets,150,10*9/L,2026-10-28,,\n" * 5
                    + "P2,platelets,oops,10*9/L,2026-10-28,,\n", encoding="utf-8")
    taken = []
    real = _Table._plain_chunk
    monkeypatch.setattr(tables, "_CHUNK", 3)
    monkeypatch.setattr(_Table, "_plain_chunk", lambda self, *a: taken.append(real(self, *a)) or taken[-1])
    patients, report = load_tables([path])
    assert taken == [True, False]       # the last chunk holds a value that is not a number
    assert [len(p.labs) for p in patients] == [5, 0] and sum(report.skipped.values()) == 1


@pytest.mark.parametrize("values", [("1", "inf"), ("1", "1_0"), ("1", "nan"), ("1", "< 2"), ("1e308", "1e308")])
def test_a_column_with_any_cell_not_plain_is_read_cell_by_cell(values):
    assert tables._plain_numbers(values) is None


def test_plain_columns_keep_typed_cells():
    assert tables._plain_numbers((1, 2.5)) == [1, 2.5] and tables._plain_numbers((" 1", "2e1")) == [1.0, 20.0]
    assert tables._plain_numbers((True, 1)) is None
