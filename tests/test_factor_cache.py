"""Unit factors kept between runs (engine/units.py FactorCache): a later run converts
without loading pint, gives the same factor or the same error, and survives a damaged
cache file. Each run is its own process, as each command is."""
from __future__ import annotations

import json
import os
import subprocess
import sys

CONVERT = """
import json, sys
from engine.units import UnitError, factor
try:
    out = ["ok", factor(sys.argv[1], sys.argv[2], float(sys.argv[3]) if sys.argv[3] != "-" else None)]
except UnitError as exc:
    out = [type(exc).__name__, str(exc)]
print(json.dumps([out, "pint" in sys.modules]))
"""


def _run(cache, source: str, target: str, molar_mass: str = "-"):
    env = {**os.environ, "ELIG_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", CONVERT, source, target, molar_mass], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_later_run_converts_from_the_cache_without_pint(tmp_path):
    first, loaded_first = _run(tmp_path, "mg/dL", "umol/L", "113.12")
    later, loaded_later = _run(tmp_path, "mg/dL", "umol/L", "113.12")
    assert first[0] == "ok" and abs(first[1] - 88.4016973125884) < 1e-9
    assert later == first
    assert loaded_first and not loaded_later


def test_a_conversion_error_is_kept_and_raised_again(tmp_path):
    first, _ = _run(tmp_path, "mg/dL", "cm")
    later, loaded_later = _run(tmp_path, "mg/dL", "cm")
    assert first[0] == "UnitError" and "measure different things" in first[1]
    assert later == first and not loaded_later


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    _run(tmp_path, "/uL", "10*9/L")
    (cache_file,) = tmp_path.glob("unit-factors-*.json")
    cache_file.write_text('{"not json', encoding="utf-8")
    again, loaded = _run(tmp_path, "/uL", "10*9/L")
    assert again == ["ok", 0.001] and loaded
    assert json.loads(cache_file.read_text(encoding="utf-8"))   # written whole again


def test_no_cache_folder_only_costs_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")          # a file where the folder would be
    result, loaded = _run(blocked / "cache", "g/dL", "g/L")
    assert result == ["ok", 10.0] and loaded
