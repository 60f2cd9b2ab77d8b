"""Pydantic models built from values the engine has already checked, without validating.

On the hot paths (an Outcome per criterion; a lab result, its range and its index entry
per bulk record) validation would check again what the engine itself made or a fast path
has just checked field by field (patients.lab_result).
"""
from __future__ import annotations

from pydantic import BaseModel

# BaseModel's slots, set through their descriptors: half the cost of object.__setattr__
# by name, which a bulk load pays three times a result.
_set_dict, _set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[slot].__set__
    for slot in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))
# Every field is given, so the instances of a model share one fields-set: pydantic copies
# it before any change (model_copy), and otherwise only adds names it already holds.
_EVERY_FIELD: dict[type, set[str]] = {}


def trusted(model: type[BaseModel], values: dict):
    """An instance of ``model`` from values known to pass its validation, every field
    given: what model_construct does, without its per-call default handling (which made
    it slower than validating). object.__new__, because reading ``model.__new__`` goes
    through pydantic's metaclass __getattr__."""
    instance = object.__new__(model)
    _set_dict(instance, values)
    fields = _EVERY_FIELD.get(model)
    if fields is None:
        fields = _EVERY_FIELD[model] = set(model.model_fields)
    _set_fields_set(instance, fields)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
