"""YAML and JSON files: a size limit read within its bound, and libyaml's parser."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from starlette.exceptions import HTTPException

from engine import InputError, load_patient, load_trial
from engine.documents import YAML_LOADER, read_document
from engine import webpage
from engine.webpage import parse_document

from .conftest import ROOT

ENGINE = ROOT / "engine"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_yaml_is_parsed_by_libyaml_where_it_is_installed():
    assert YAML_LOADER is yaml.CSafeLoader


def test_every_yaml_the_engine_loads_goes_through_the_one_loader():
    # The page's loader refuses aliases; it is the same parser, extended.
    assert issubclass(webpage._PlainLoader, YAML_LOADER)
    parsed_here = {"documents.py", "webpage.py"}
    for path in ENGINE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        calls = re.findall(r"yaml\.(?:safe_load|load|compose|full_load|unsafe_load)\(|yaml\.SafeLoader\b", source)
        assert path.name in parsed_here or not calls, f"{path.relative_to(ROOT)}: {calls}"


@pytest.mark.parametrize("read", [read_document, load_patient, load_trial])
def test_a_device_without_end_is_refused_after_the_limit(read):
    with pytest.raises(InputError, match="larger than the input size limit of 0.0625 MB"):
        read(Path("/dev/zero"), max_bytes=64 * 1024)


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    text = "id: P1\nsex: female\n"
    path.write_text(text, encoding="utf-8")
    assert load_patient(path, max_bytes=len(text)).id == "P1"
    with pytest.raises(InputError, match="p.yaml: larger than the input size limit"):
        load_patient(path, max_bytes=len(text) - 1)


@pytest.mark.parametrize("text,place", [
    ("id: [broken", "1:12"),          # libyaml would say 2:1, a line the text does not have
    ("id: [broken\n", "2:1"),
    ("labs:\n  - x\n - y\n", "3:2"),
])
def test_a_yaml_error_names_the_line_and_column(tmp_path, text, place):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"p.yaml:{place}: invalid YAML"):
        read_document(path)


@pytest.mark.parametrize("text", [
    "id: P1\nconditions: &c [a, b]\nmedications: *c\n",
    "id: P1\nlabs: &l [*l]\n",
    "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nid: P1\n",
])
def test_the_page_still_refuses_yaml_aliases(text):
    with pytest.raises(HTTPException) as refused:
        parse_document(text, "p.yaml")
    assert refused.value.status_code == 422
    assert "anchors and aliases (*name) are not accepted here" in refused.value.detail
