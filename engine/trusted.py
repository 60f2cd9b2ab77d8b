"""Pydantic models built from values the engine has already checked, without validating.

On the hot paths (an Outcome per criterion; a lab result, its range and its index entry
per bulk record) validation would check again what the engine itself made or a fast path
has just checked field by field (patients.lab_result).
"""
from __future__ import annotations

from collections import deque
from itertools import repeat

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


def replaced(instance: BaseModel, changes: dict):
    """A copy of a trusted instance with some fields changed to values known to be valid:
    what model_copy(update=...) gives, without its generic copying of extra, private and
    fields-set state, for the compiler, which rebuilds every node of a tree once it has
    resolved its names and units."""
    return trusted(type(instance), {**instance.__dict__, **changes})


def trusted_many(model: type[BaseModel], values: list[dict]) -> list:
    """``[trusted(model, v) for v in values]``, made a list at a time: the instances are
    created and their slots set by ``map`` in C, without a Python call per instance (a
    bulk load builds two models a lab result, and that call was a third of their cost)."""
    count = len(values)
    instances = list(map(object.__new__, repeat(model, count)))
    fields = _EVERY_FIELD.get(model)
    if fields is None:
        fields = _EVERY_FIELD[model] = set(model.model_fields)
    for setter, given in ((_set_dict, values), (_set_fields_set, repeat(fields, count)),
                          (_set_extra, repeat(None, count)), (_set_private, repeat(None, count))):
        deque(map(setter, instances, given), 0)     # run the setters; keep nothing
    return instances
