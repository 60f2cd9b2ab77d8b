"""Named conditions (data/concepts.yaml) and the synonyms that name them."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Optional

import yaml


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w']+", " ", text.lower().replace("’", "'")).split())


class Concepts:
    def __init__(self, entries: list[dict]) -> None:
        # Longest synonym first, so "liver metastases" wins over a shorter overlap.
        pairs = [(_key(s), e["id"]) for e in entries for s in (e["id"], *e["synonyms"])]
        self._synonyms = sorted(pairs, key=lambda p: -len(p[0]))
        self.ids = frozenset(e["id"] for e in entries)

    def find(self, text: str) -> Optional[str]:
        """The concept a phrase names ("LFT elevations due to liver metastases")."""
        padded = f" {_key(text)} "
        for synonym, concept in self._synonyms:
            if f" {synonym} " in padded:
                return concept
        return None


@lru_cache(maxsize=1)
def concepts() -> Concepts:
    text = resources.files("engine").joinpath("data").joinpath("concepts.yaml").read_text("utf-8")
    return Concepts(yaml.safe_load(text))
