"""The hand audits of the island reader (tests/data/chia/audit.yaml, audit-2.yaml ... audit-5.yaml).

Each holds 100 readings of real Chia lines that carry a threshold, drawn by
scripts/sample_audit.py (a seeded shuffle of the growth split's trials, fixed before the
engine was asked) and judged by hand, each by two auditors: a reading read whole is right when
it is the line's whole meaning; a reading with a part left for a person is right when what it
read is right and its join can never pass a patient the line would not. The second audit,
of the reader as it had grown since, was drawn with another seed besides the first audit's
lines, the third, of the reader as grown later, besides both, the fourth besides all three, and the fifth besides all four. An audit holds while the engine reads those lines as audited: a changed reading must be
audited again.
"""
from __future__ import annotations

import pytest
import yaml

from engine import compile_criterion
from engine.explain import compact

from .conftest import DATA
from .corpus_support import chia, require_corpus

# table -> (seed of its draw, the earlier tables whose lines it leaves out)
AUDITS = {"audit.yaml": (20261207, ()), "audit-2.yaml": (20261208, ("audit.yaml",)),
          "audit-3.yaml": (20261210, ("audit.yaml", "audit-2.yaml")),
          "audit-4.yaml": (20261211, ("audit.yaml", "audit-2.yaml", "audit-3.yaml")),
          "audit-5.yaml": (20261212, ("audit.yaml", "audit-2.yaml", "audit-3.yaml", "audit-4.yaml"))}
RIGHT_SHARE = 0.99


def _audit(name: str) -> list[dict]:
    return yaml.safe_load((DATA / "chia" / name).read_text("utf-8"))


@pytest.mark.parametrize("name", AUDITS)
def test_the_audited_readings_are_the_engine_s_readings(name):
    require_corpus()
    lines = {row["id"]: row for row in chia()}
    changed = []
    for entry in _audit(name):
        row = lines[entry["id"]]
        criterion = compile_criterion(row["text"], "exclusion" if row["section"] == "exclusion" else "inclusion")
        if compact(criterion.tree) != entry["reading"]:
            changed.append(entry["id"])
    assert changed == [], "readings changed since the audit: audit them again"


@pytest.mark.parametrize("name", AUDITS)
def test_the_audit_is_whole_and_drawn_in_the_seeded_order(name):
    """100 distinct lines, taken in the order of the seeded shuffle (none picked by hand),
    none audited before; the script drew them as the first the engine read
    (scripts/sample_audit.py)."""
    from scripts.sample_audit import shuffled_pool
    require_corpus()
    seed, earlier = AUDITS[name]
    audit = _audit(name)
    assert len(audit) == 100 and len({e["id"] for e in audit}) == 100
    assert not {e["id"] for e in audit} & {e["id"] for table in earlier for e in _audit(table)}
    order = {row["id"]: i for i, row in enumerate(shuffled_pool(seed))}
    positions = [order[e["id"]] for e in audit]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", AUDITS)
def test_at_least_99_percent_of_audited_readings_are_right(name):
    audit = _audit(name)
    verdicts = [entry["verdict"] for entry in audit]
    assert set(verdicts) <= {"right", "wrong"}
    assert all(e["note"].strip() for e in audit)  # every verdict says why
    assert verdicts.count("right") / len(verdicts) >= RIGHT_SHARE, \
        [e["id"] for e in audit if e["verdict"] == "wrong"]
