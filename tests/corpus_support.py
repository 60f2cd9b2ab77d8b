"""The real criteria corpora, read where they are: ../shared/corpus beside the checkout.

The project holds no copy of that text. The annotated corpus (criteria.jsonl) carries its
own readings; the Chia sample's readings are tables here (tests/data/chia/<split>.yaml:
ids and readings only) joined with Chia's text at run time. Tests that need the text skip
with a one-line reason where ../shared is absent (a user's own clone); in CI (CI=true)
they never skip: a missing corpus is a failure.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLES = Path(__file__).parent / "data" / "chia"
SPLITS = ("growth", "measure")


def corpus_dir() -> Optional[Path]:
    """../shared/corpus (or $ELIG_SHARED_CORPUS), None where it is absent."""
    folder = Path(os.environ.get("ELIG_SHARED_CORPUS") or ROOT.parent / "shared" / "corpus")
    return folder if (folder / "criteria.jsonl").is_file() else None


def missing_reason() -> Optional[str]:
    """Why corpus tests cannot run here, or None when they can."""
    if corpus_dir() is not None:
        return None
    return "../shared/corpus is not beside this checkout (set ELIG_SHARED_CORPUS to its folder)"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def annotated() -> list[dict]:
    """The 286 annotated lines of ../shared/corpus/criteria.jsonl."""
    return _jsonl(_required() / "criteria.jsonl")


@lru_cache(maxsize=1)
def chia() -> list[dict]:
    """Every Chia line (../shared/corpus/chia/criteria.jsonl)."""
    return _jsonl(_required() / "chia" / "criteria.jsonl")


@lru_cache(maxsize=2)
def chia_split(split: str) -> list[dict]:
    """The hand readings of a Chia split, each joined with its line's text and section."""
    lines = {row["id"]: row for row in chia()}
    readings = yaml.safe_load((TABLES / f"{split}.yaml").read_text("utf-8"))
    return [{**lines[r["id"]], **r} for r in readings]


def corpus_texts() -> list[str]:
    """The annotated corpus's lines (needs ../shared: call require_corpus() first)."""
    return [row["text"] for row in annotated()]


def require_corpus() -> None:
    """Skip a test that needs ../shared/corpus where it is absent, with the reason; in CI
    (CI=true) fail instead: there the corpus is always beside the clone."""
    import pytest
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must have ../shared beside the clone")
    pytest.skip(reason)


def chia_split_ids(split: str) -> set[str]:
    """The ids of a split's table (no text needed)."""
    return {r["id"] for r in yaml.safe_load((TABLES / f"{split}.yaml").read_text("utf-8"))}


def _required() -> Path:
    folder = corpus_dir()
    if folder is None:
        raise FileNotFoundError(missing_reason())
    return folder


def statement_table(split: str) -> Path:
    """tests/data/chia/statements-<split>.yaml: the hand readings of a split's statement
    lines (issue 17); the measure split's is written apart, blind to the engine."""
    return TABLES / f"statements-{split}.yaml"


@lru_cache(maxsize=2)
def statement_split(split: str) -> list[dict]:
    """The statement readings of a split, each joined with its line's text and section."""
    lines = {row["id"]: row for row in chia()}
    readings = yaml.safe_load(statement_table(split).read_text("utf-8"))
    return [{**lines[r["id"]], **r} for r in readings]
