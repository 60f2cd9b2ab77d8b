"""Shared helpers: test tables are YAML files in tests/data/."""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import settings

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent

# In CI the property tests draw the same examples on every run (derandomize): a submission
# lands or not on its own change, never on the luck of the draw. Run anywhere else, each run
# draws afresh, and what it finds becomes a table row or a fix.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):  # as tests/sql_support.in_ci
    settings.load_profile("ci")


def sample_profiles() -> list[Path]:
    """The shipped sample patients' profiles (patients/*.yaml), not the review decisions
    files kept beside some of them (*.decisions.yaml)."""
    from engine.review import is_decisions_file
    return sorted(p for p in (ROOT / "patients").glob("*.yaml") if not is_decisions_file(p))


def table(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def case_ids(rows: list[dict], key: str = "name") -> list[str]:
    return [str(row.get(key) or row.get("text"))[:60] for row in rows]
