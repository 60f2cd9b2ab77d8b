"""Shared helpers: test tables are YAML files in tests/data/."""
from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def sample_profiles() -> list[Path]:
    """The shipped sample patients' profiles (patients/*.yaml), not the review decisions
    files kept beside some of them (*.decisions.yaml)."""
    from engine.review import is_decisions_file
    return sorted(p for p in (ROOT / "patients").glob("*.yaml") if not is_decisions_file(p))


def table(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def case_ids(rows: list[dict], key: str = "name") -> list[str]:
    return [str(row.get(key) or row.get("text"))[:60] for row in rows]
