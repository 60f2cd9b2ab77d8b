"""Pydantic models built from values the engine has already checked, without validating.

On the hot paths (an Outcome per criterion; a lab result, its range and its index entry
per bulk record) validation would check again what the engine itself made or a fast path
has just checked field by field (patients.lab_result).
"""
from __future__ import annotations

import sys
from collections import deque
from functools import lru_cache
from itertools import repeat
from typing import Annotated, ForwardRef, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

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


def made(model: type[BaseModel], **given):
    """``model(**given)``, unvalidated where validation would keep every value as given (each
    of its field's exact type, as _kept says) and fill the rest with their defaults; any
    other call is validated as usual (a value converted, or refused). Validating one node
    builds the validators of every node kind, the model of a compiled criterion and of a
    trial: a sixth of `elig import`'s start-up, for values the compiler has just made."""
    fields = _fields(model)
    if not given.keys() <= fields.keys() or \
            not all(_kept(fields[name][0], value, model) for name, value in given.items()):
        return model(**given)
    values = {}
    for name, (_, default) in fields.items():
        if name in given:
            values[name] = given[name]
        elif default is PydanticUndefined:
            return model(**given)     # validation says what is missing
        else:
            values[name] = default
    instance = trusted(model, values)
    _set_fields_set(instance, set(given))     # as validation says: the fields given
    return instance


_FIELDS: dict[type, dict[str, tuple[object, object]]] = {}


def _fields(model: type[BaseModel]) -> dict[str, tuple[object, object]]:
    """Each field's type and default, in the model's order (the order validation fills them)."""
    fields = _FIELDS.get(model)
    if fields is None:
        fields = _FIELDS[model] = {name: (info.annotation, info.default) for name, info in model.model_fields.items()}
    return fields


def _kept(kind, value, model: type) -> bool:
    """Would validation keep value, as it is, for a field of this type? Only for the types the
    engine's models use: str, int, float, None, Literal, Optional and Union, tuples, dicts,
    named tuples and models (an instance of the very class); anything else says no."""
    if isinstance(kind, (str, ForwardRef)):   # a name the model's module defines: "Node", "'Node'"
        return _kept(_named(kind if isinstance(kind, str) else kind.__forward_arg__, model.__module__), value, model)
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated:
        return _kept(args[0], value, model)
    if origin is Union:
        return any(_kept(arg, value, model) for arg in args)
    if origin is Literal:
        return any(type(value) is type(arg) and value == arg for arg in args)
    if origin is tuple:
        if type(value) is not tuple:
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_kept(args[0], item, model) for item in value)
        return len(args) == len(value) and all(_kept(arg, item, model) for arg, item in zip(args, value))
    if origin is dict:
        return type(value) is dict and all(_kept(args[0], key, model) and _kept(args[1], item, model)
                                           for key, item in value.items())
    if kind is type(None):
        return value is None
    if kind in (str, int, float) or (isinstance(kind, type) and (issubclass(kind, BaseModel) or _is_named_tuple(kind))):
        return type(value) is kind
    return False


@lru_cache(maxsize=None)
def _named(name: str, module: str) -> object:
    """The type a forward reference of a model names, in the model's module."""
    return eval(name, vars(sys.modules[module]))


def _is_named_tuple(kind: type) -> bool:
    return issubclass(kind, tuple) and hasattr(kind, "_fields")
